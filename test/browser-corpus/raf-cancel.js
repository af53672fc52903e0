// cancelAnimationFrame before the frame, from a timer, and from another callback of the same frame.
const a = requestAnimationFrame(() => console.log('a (cancelled at once) should not run'));
cancelAnimationFrame(a);
const b = requestAnimationFrame(() => console.log('b runs'));
let d;
const c = requestAnimationFrame(() => { console.log('c runs and cancels d'); cancelAnimationFrame(d); });
d = requestAnimationFrame(() => console.log('d should not run'));
const e = requestAnimationFrame(() => console.log('e should not run either'));
setTimeout(() => { console.log('timeout 5 cancels e'); cancelAnimationFrame(e); }, 5);
console.log('ids', a, b, c, d, e);
cancelAnimationFrame(12345);
