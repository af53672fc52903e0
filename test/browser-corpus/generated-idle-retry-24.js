// Generated (test/fuzz/browser-differential.mjs): idle callbacks wait for a gap of 1 ms without timers.
const t = () => Date.now() - 1700000000000;
const log = (s) => console.log(s, t());
const ch = new MessageChannel(); ch.port1.onmessage = (e) => log('m:' + e.data);
addEventListener('message', (e) => log('wm:' + e.data));
const box = document.createElement('div'); document.body.append(box);
new MutationObserver((rs) => log('mo:' + rs.length)).observe(box, { attributes: true });
box.addEventListener('e', () => { log('listener'); queueMicrotask(() => log('lq')); });
{ let c = 0; const h = setInterval(() => { c++; log('i1.' + c); { let c = 0; const h = setInterval(() => { c++; log('i2.' + c);  if (c >= 3) clearInterval(h); }, 7); } if (c >= 1) clearInterval(h); }, 10); }
(async () => { await null; log('aw3'); await new Promise((r) => setTimeout(r, 5)); log('aw3b'); requestAnimationFrame(() => { log('r4'); (function f5(i) { log('n5.' + i); if (i < 6) setTimeout(() => f5(i + 1), 2); })(0); }); })();
box.setAttribute('a6', '1');
box.dispatchEvent(new Event('e')); log('d7');
(function f8(i) { log('n8.' + i); if (i < 8) setTimeout(() => f8(i + 1), 0); })(0);
requestAnimationFrame(() => { log('r9'); queueMicrotask(() => { log('q10');  }); });
requestIdleCallback(() => { log('idle11');  });
postMessage('w12', '*');
