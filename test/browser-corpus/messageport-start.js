// A port with addEventListener only starts when start() is called; onmessage starts it at once.
const ch = new MessageChannel();
ch.port1.addEventListener('message', (e) => console.log('listener got', e.data));
ch.port2.postMessage(1);
ch.port2.postMessage(2);
setTimeout(() => { console.log('start at 10'); ch.port1.start(); }, 10);
setTimeout(() => console.log('timeout 11'), 11);
const ch2 = new MessageChannel();
ch2.port2.postMessage({ x: [1, 2, 3] });
ch2.port1.onmessage = (e) => console.log('ch2 got x =', e.data.x.join('+'), 'ports', e.ports.length, 'origin', JSON.stringify(e.origin));
