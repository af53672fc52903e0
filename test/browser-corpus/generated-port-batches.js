// Generated (test/fuzz/browser-differential.mjs): a port delivers its first message alone, then every waiting message in one task.
// browser-differential seed 4025
// browser-truth: --click #b@5
const t = () => Date.now() - 1700000000000;
const log = (s) => console.log(s, t());
const ch = new MessageChannel(); ch.port1.onmessage = (e) => log('m:' + e.data);
addEventListener('message', (e) => log('wm:' + e.data));
const box = document.createElement('div'); document.body.append(box);
new MutationObserver((rs) => log('mo:' + rs.length)).observe(box, { attributes: true, childList: true });
box.addEventListener('e', () => { log('listener'); queueMicrotask(() => log('lq')); });
const btn = document.createElement('button'); btn.id = 'b'; document.body.append(btn);
btn.addEventListener('click', (e) => { log('btn:' + e.isTrusted); queueMicrotask(() => log('bq')); setTimeout(() => log('bt'), 0); });
btn.addEventListener('click', () => log('btn2'));
(function f1(i) { log('n1.' + i); if (i < 4) setTimeout(() => f1(i + 1), 0); })(0);
ch.port2.postMessage('p2');
ch.port2.postMessage('p3');
box.dispatchEvent(new Event('e')); log('d4');
requestAnimationFrame(() => { log('r5');  });
ch.port2.postMessage('p6');
postMessage('w7', '*');
requestIdleCallback(() => { log('idle8'); requestAnimationFrame(() => { log('r9'); setTimeout(() => { log('t10');  }, 16); }); });
(async () => { log('y11'); await scheduler.yield(); log('y11b'); })();
