// browser-truth: --click #go@50 --fetch-latency 25
// A user click at a frame boundary: its rAF joins that frame, its timeout runs after it, its fetch on the clock.
const t = () => Date.now() - 1700000000000;
const go = document.createElement('button'); go.id = 'go'; document.body.append(go);
let clicks = 0;
go.addEventListener('click', async () => {
  clicks++;
  const n = clicks;
  console.log('click', n, 'at', t());
  requestAnimationFrame(() => console.log('raf from click', n, 'at', t()));
  setTimeout(() => console.log('timeout from click', n, 'at', t()), 0);
  const r = await fetch('/click/' + n);
  const j = await r.json();
  console.log('fetched', j.path, 'at', t());
});
let frames = 0;
requestAnimationFrame(function loop() { frames++; if (frames <= 6) { console.log('frame', frames, 'at', t()); requestAnimationFrame(loop); } });
setTimeout(() => console.log('timeout 50 at', t()), 50);
setTimeout(() => console.log('timeout 75 at', t()), 75);
