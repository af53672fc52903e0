// readyState, DOMContentLoaded and load, and what runs between them.
const t = () => Date.now() - 1700000000000;
console.log('script: readyState', document.readyState, 'currentScript', document.currentScript && document.currentScript.tagName);
document.addEventListener('readystatechange', () => console.log('readystatechange ->', document.readyState));
document.addEventListener('DOMContentLoaded', (e) => {
  console.log('DOMContentLoaded', e.isTrusted, e.bubbles, 'at', t(), 'currentScript', document.currentScript);
  queueMicrotask(() => console.log('  microtask from DOMContentLoaded'));
  setTimeout(() => console.log('  timeout 0 from DOMContentLoaded'), 0);
});
window.addEventListener('DOMContentLoaded', () => console.log('DOMContentLoaded reached window'));
window.onload = () => console.log('onload, readyState', document.readyState);
addEventListener('load', () => console.log('load listener'));
setTimeout(() => console.log('timeout 0 from the script'), 0);
requestAnimationFrame(() => console.log('first frame, readyState', document.readyState));
