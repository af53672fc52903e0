// requestIdleCallback: after the frame boundary's frame; cancelIdleCallback; nested requests wait a boundary.
const t = () => Date.now() - 1700000000000;
const id1 = requestIdleCallback((d) => {
  console.log('idle A at', t(), 'didTimeout', d.didTimeout, typeof d.timeRemaining());
  requestIdleCallback(() => console.log('idle C (from A) at', t()));
  Promise.resolve().then(() => console.log('microtask from idle A'));
});
const id2 = requestIdleCallback(() => console.log('idle B at', t()), { timeout: 100 });
const id3 = requestIdleCallback(() => console.log('never'));
cancelIdleCallback(id3);
console.log('ids', id1, id2, id3);
requestAnimationFrame(() => { console.log('raf at', t()); requestIdleCallback(() => console.log('idle from raf at', t())); });
setTimeout(() => { console.log('timeout 25 at', t()); requestIdleCallback(() => console.log('idle from timeout 25 at', t())); }, 25);
