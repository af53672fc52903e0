// MessageChannel messages, window.postMessage and timers: all tasks, in posting order; a port
// delivers its queued messages one task at a time.
const ch = new MessageChannel();
ch.port1.onmessage = (e) => {
  console.log('port1 got', e.data);
  if (e.data === 'a') { setTimeout(() => console.log('timeout from a'), 0); ch.port2.postMessage('c'); }
};
ch.port2.postMessage('a');
ch.port2.postMessage('b');
setTimeout(() => console.log('timeout 0'), 0);
addEventListener('message', (e) => console.log('window got', e.data, e.origin === location.origin, e.source === window));
postMessage('w', '*');
Promise.resolve().then(() => console.log('microtask'));
console.log('sync end');
