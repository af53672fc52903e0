// A rAF loop that counts frames, with timers between the frames and microtasks inside them.
const t = () => Date.now() - 1700000000000;
let frames = 0;
function step() {
  frames++;
  console.log('frame', frames, 'at', t());
  Promise.resolve().then(() => console.log('  microtask after frame', frames));
  if (frames < 5) requestAnimationFrame(step);
  else console.log('done after', frames, 'frames');
}
requestAnimationFrame(step);
setTimeout(() => console.log('timeout 20 at', t()), 20);
setTimeout(() => console.log('timeout 50 at', t()), 50);
setTimeout(() => console.log('timeout 67 at', t()), 67);
