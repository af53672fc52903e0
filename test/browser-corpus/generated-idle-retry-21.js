// Generated (test/fuzz/browser-differential.mjs): idle callbacks wait for a gap of 1 ms without timers.
const t = () => Date.now() - 1700000000000;
const log = (s) => console.log(s, t());
const ch = new MessageChannel(); ch.port1.onmessage = (e) => log('m:' + e.data);
addEventListener('message', (e) => log('wm:' + e.data));
const box = document.createElement('div'); document.body.append(box);
new MutationObserver((rs) => log('mo:' + rs.length)).observe(box, { attributes: true });
box.addEventListener('e', () => { log('listener'); queueMicrotask(() => log('lq')); });
Promise.resolve().then(() => { log('pr1'); box.setAttribute('a2', '1'); });
setTimeout(() => { log('t3');  }, 34);
postMessage('w4', '*');
box.dispatchEvent(new Event('e')); log('d5');
postMessage('w6', '*');
Promise.resolve().then(() => { log('pr7'); postMessage('w8', '*'); });
ch.port2.postMessage('p9');
requestAnimationFrame(() => { log('r10'); requestIdleCallback(() => { log('idle11'); requestAnimationFrame(() => { log('r12'); Promise.resolve().then(() => { log('pr13');  }); }); }); });
postMessage('w14', '*');
{ let c = 0; const h = setInterval(() => { c++; log('i15.' + c); (function f16(i) { log('n16.' + i); if (i < 4) setTimeout(() => f16(i + 1), 1); })(0); if (c >= 4) clearInterval(h); }, 7); }
{ const h = requestAnimationFrame(() => log('never17')); cancelAnimationFrame(h); }
(function f18(i) { log('n18.' + i); if (i < 5) setTimeout(() => f18(i + 1), 2); })(0);
