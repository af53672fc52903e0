// expect-exit: 1
// Errors thrown in a rAF callback, a listener and a message handler are reported; the rest goes on.
requestAnimationFrame(() => { console.log('raf 1'); throw new Error('in raf 1'); });
requestAnimationFrame(() => console.log('raf 2 still runs'));
const el = document.createElement('div');
el.addEventListener('x', () => { throw new TypeError('in listener'); });
el.addEventListener('x', () => console.log('second listener still runs'));
el.dispatchEvent(new Event('x'));
console.log('dispatch returned');
const ch = new MessageChannel();
ch.port1.onmessage = () => { console.log('message'); undefinedFunction(); };
ch.port2.postMessage(1);
setTimeout(() => console.log('timeout after the errors'), 0);
