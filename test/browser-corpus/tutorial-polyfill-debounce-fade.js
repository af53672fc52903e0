// A MessageChannel setImmediate polyfill, a debounced input handler, a rAF fade-in.
// setImmediate polyfill with MessageChannel vs setTimeout; debounce with input events.
const t = () => Date.now() - 1700000000000;
const queue = []; const ch = new MessageChannel();
ch.port1.onmessage = () => queue.shift()();
const setImmediateLike = (fn) => { queue.push(fn); ch.port2.postMessage(null); };
setTimeout(() => console.log('timeout'), 0);
setImmediateLike(() => console.log('immediate 1'));
setImmediateLike(() => console.log('immediate 2'));
function debounce(fn, ms) { let id; return (...a) => { clearTimeout(id); id = setTimeout(() => fn(...a), ms); }; }
const input = document.createElement('input'); document.body.append(input);
const onInput = debounce((v) => console.log('debounced', v, 'at', t()), 50);
input.addEventListener('input', () => onInput(input.value));
['a', 'ab', 'abc'].forEach((v, i) => setTimeout(() => { input.value = v; input.dispatchEvent(new Event('input')); }, i * 20));
let start;
function animate(ts) {
  if (start === undefined) start = t();
  const el = document.body;
  el.style.opacity = String(Math.min(1, (t() - start) / 50));
  if (t() - start < 50) requestAnimationFrame(animate); else console.log('faded in at', t(), 'opacity', el.style.opacity);
}
requestAnimationFrame(animate);
