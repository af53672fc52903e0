// Port messages are delivered one task at a time; window.postMessage and BroadcastChannel.
const log = (...a) => console.log(...a);
const ch = new MessageChannel(); ch.port1.onmessage = e => log('m', e.data);
ch.port2.postMessage(1); ch.port2.postMessage(2); setTimeout(() => log('t'), 0); ch.port2.postMessage(3);
postMessage('w1', '*'); postMessage('w2', '*'); setTimeout(() => log('t b'), 0);
addEventListener('message', e => log('window', e.data));
setTimeout(() => {
  log('in timeout 5');
  Promise.resolve().then(() => log('micro in 5'));
}, 5);
setTimeout(() => {
  log('in timeout 10');
  for (let i = 0; i < 3; i++) setTimeout(() => log('t10', i), 0);
}, 10);
