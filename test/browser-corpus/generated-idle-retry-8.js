// Generated (test/fuzz/browser-differential.mjs): idle callbacks wait for a gap of 1 ms without timers.
const t = () => Date.now() - 1700000000000;
const log = (s) => console.log(s, t());
const ch = new MessageChannel(); ch.port1.onmessage = (e) => log('m:' + e.data);
addEventListener('message', (e) => log('wm:' + e.data));
const box = document.createElement('div'); document.body.append(box);
new MutationObserver((rs) => log('mo:' + rs.length)).observe(box, { attributes: true });
box.addEventListener('e', () => { log('listener'); queueMicrotask(() => log('lq')); });
(async () => { await null; log('aw1'); await new Promise((r) => setTimeout(r, 1.5)); log('aw1b'); { let c = 0; const h = setInterval(() => { c++; log('i2.' + c);  if (c >= 2) clearInterval(h); }, 16); } })();
(function f3(i) { log('n3.' + i); if (i < 8) setTimeout(() => f3(i + 1), 0); })(0);
requestAnimationFrame(() => { log('r4');  });
requestAnimationFrame(() => { log('r5'); setTimeout(() => { log('t6'); (function f7(i) { log('n7.' + i); if (i < 2) setTimeout(() => f7(i + 1), 1); })(0); }, 16); });
requestIdleCallback(() => { log('idle8'); box.setAttribute('a9', '1'); });
postMessage('w10', '*');
