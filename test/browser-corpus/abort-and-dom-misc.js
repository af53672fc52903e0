// AbortController with fetch, input events, insertAdjacentHTML, events on document and window, load's target.
const c = new AbortController();
c.signal.addEventListener('abort', (e) => console.log('abort event', e.type, c.signal.aborted, c.signal.reason && c.signal.reason.name));
c.signal.onabort = () => console.log('onabort');
fetch('/x', { signal: c.signal }).then(() => console.log('fetched'), (e) => console.log('fetch rejected', e.name, e.message));
setTimeout(() => { console.log('aborting'); c.abort(); console.log('aborted sync'); }, 5);
const input = document.createElement('input');
document.body.append(input);
input.addEventListener('input', (e) => console.log('input event', input.value, e.bubbles));
input.value = 'hey';
input.dispatchEvent(new Event('input', { bubbles: true }));
document.body.insertAdjacentHTML('beforeend', '<p id="q">para</p>');
console.log(document.getElementById('q') && document.getElementById('q').textContent, document.textContent);
document.addEventListener('custom', (e) => console.log('document got custom', e.target === document));
document.dispatchEvent(new Event('custom'));
window.addEventListener('wcustom', (e) => console.log('window got', e.target === window, e.currentTarget === window));
dispatchEvent(new Event('wcustom'));
window.addEventListener('load', (e) => console.log('load target is document', e.target === document, e.currentTarget === window));
console.log(document.querySelectorAll('p').length, typeof document.querySelectorAll('p').forEach, document.body.children instanceof HTMLCollection, document.querySelectorAll('p') instanceof NodeList);
