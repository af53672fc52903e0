// Timer nesting through promise callbacks; DOMContentLoaded's tasks after load; a message ping-pong.
const log = (...a) => console.log(...a);
let depth = 0;
setTimeout(function f() {
  depth++;
  log('depth', depth, Date.now() - 1700000000000);
  if (depth < 9) Promise.resolve().then(() => setTimeout(f, 0));
}, 0);
const ch = new MessageChannel(); let n = 0;
ch.port1.onmessage = () => { n++; if (n < 8) setTimeout(() => { log('from msg', n, Date.now() - 1700000000000); ch.port2.postMessage(0); }, 0); };
setTimeout(() => ch.port2.postMessage(0), 30);
document.addEventListener('DOMContentLoaded', () => { setTimeout(() => log('timeout from DCL'), 0); postMessage('from DCL', '*'); Promise.resolve().then(() => log('micro DCL')); });
addEventListener('load', () => log('load'));
addEventListener('message', (e) => log('message', e.data));
