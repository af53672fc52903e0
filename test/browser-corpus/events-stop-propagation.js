// stopPropagation stops at the current node (its other listeners still run); stopImmediatePropagation stops all.
const a = document.createElement('div');
const b = document.createElement('div');
a.append(b);
document.body.append(a);
a.addEventListener('e', () => console.log('a capture'), true);
b.addEventListener('e', (ev) => { console.log('b 1 stops propagation'); ev.stopPropagation(); });
b.addEventListener('e', () => console.log('b 2 still runs'));
a.addEventListener('e', () => console.log('a bubble (never)'));
b.dispatchEvent(new Event('e', { bubbles: true }));
const c = document.createElement('div');
c.addEventListener('f', (ev) => { console.log('c 1 stops immediate'); ev.stopImmediatePropagation(); });
c.addEventListener('f', () => console.log('c 2 (never)'));
c.dispatchEvent(new CustomEvent('f', { detail: { n: 1 } }));
a.addEventListener('g', (ev) => { console.log('a capture stops'); ev.stopPropagation(); }, { capture: true });
b.addEventListener('g', () => console.log('b (never)'));
b.dispatchEvent(new Event('g', { bubbles: true }));
const ev = new CustomEvent('h', { detail: 'payload', bubbles: true, cancelable: true });
console.log(ev.type, ev.detail, ev.bubbles, ev.cancelable, ev.isTrusted, ev.eventPhase, ev.target, ev instanceof Event);
