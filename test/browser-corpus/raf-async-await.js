// await inside a rAF callback: the continuation is a microtask after that callback.
const t = () => Date.now() - 1700000000000;
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
async function animate() {
  for (let i = 1; i <= 3; i++) {
    await nextFrame();
    console.log('animate step', i, 'at', t());
  }
  return 'animation done';
}
animate().then((v) => console.log(v, 'at', t()));
requestAnimationFrame(() => console.log('plain rAF in frame 1'));
setTimeout(() => console.log('timeout 30 at', t()), 30);
