// browser-truth: --frame-interval 33.333
// A 30 Hz frame schedule: frames at k × 33.333 ms.
const t = () => Date.now() - 1700000000000;
let n = 0;
requestAnimationFrame(function f() { n++; console.log('frame', n, 'at', t()); if (n < 3) requestAnimationFrame(f); });
setTimeout(() => console.log('timeout 20 at', t()), 20);
setTimeout(() => console.log('timeout 40 at', t()), 40);
