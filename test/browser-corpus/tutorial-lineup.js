// The tutorial lineup: sync, microtasks, MutationObserver, el.click(), a task, a frame, an idle callback.
// Rendering and the event loop, tutorial style.
console.log('script start');
setTimeout(() => console.log('setTimeout'), 0);
requestAnimationFrame(() => console.log('requestAnimationFrame'));
Promise.resolve().then(() => console.log('promise'));
queueMicrotask(() => console.log('queueMicrotask'));
requestIdleCallback(() => console.log('requestIdleCallback'));
const mo = new MutationObserver(() => console.log('MutationObserver'));
const node = document.createTextNode('');
mo.observe(node, { characterData: true });
node.data = 'x';
const btn = document.createElement('button');
btn.addEventListener('click', () => { console.log('click listener'); Promise.resolve().then(() => console.log('click microtask')); });
btn.click();
console.log('script end');
