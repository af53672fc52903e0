// BroadcastChannel: the other instances with the same name get the message, the sender does not.
// (When it arrives relative to timers is up to Chromium's browser process: not compared here.)
const a = new BroadcastChannel('news');
const b = new BroadcastChannel('news');
const c = new BroadcastChannel('other');
b.onmessage = (e) => console.log('b got', e.data, e.origin === location.origin);
c.onmessage = (e) => console.log('c got (never)', e.data);
a.onmessage = (e) => console.log('a got', e.data);
a.postMessage({ text: 'hello' }.text);
console.log(a.name, c.name, 'sync end');
setTimeout(() => console.log('timeout 100'), 100);
