// Timers set from inside an animation frame land relative to the next frames.
const t = () => Date.now() - 1700000000000;
requestAnimationFrame(() => {
  console.log('frame 1 at', t());
  setTimeout(() => console.log('timeout 0 from frame 1 at', t()), 0);
  setTimeout(() => console.log('timeout 10 from frame 1 at', t()), 10);
  setTimeout(() => console.log('timeout 17 from frame 1 at', t()), 17);
  requestAnimationFrame(() => {
    console.log('frame 2 at', t());
    queueMicrotask(() => console.log('microtask in frame 2'));
    setTimeout(() => console.log('timeout 0 from frame 2 at', t()), 0);
  });
});
