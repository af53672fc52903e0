// Timer handles count 1, 2, 3 per page; a localStorage write costs Chromium's virtual clock 10 ms.
Promise.resolve().then(() => {});
queueMicrotask(() => {});
const a = setTimeout(() => {}, 10);
const b = setInterval(() => {}, 10);
Promise.resolve().then(() => console.log('ids in microtask', setTimeout(() => {}, 0)));
console.log('ids', a, b, setTimeout(() => {}, 0));
clearTimeout(b);
requestAnimationFrame((ts) => console.log('raf ts type', typeof ts, ts > 0));
const t = () => Date.now() - 1700000000000;
setTimeout(() => { localStorage.setItem('k', 'v'); console.log('set at', t(), localStorage.getItem('k'), localStorage.length); }, 2);
setTimeout(() => console.log('timeout 5 at', t()), 5);
setTimeout(() => console.log('timeout 20 at', t()), 20);
