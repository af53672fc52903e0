// browser-truth: --click #cb@20
// A checkbox toggles before the click listeners (input, change after); el.click() and a user click;
// an interval re-queues itself as its tick starts; a MutationObserver that mutates in its callback.
const cb = document.createElement('input'); cb.type = 'checkbox'; cb.id = 'cb';
document.body.append(cb);
cb.addEventListener('click', (e) => { console.log('click, checked =', cb.checked); Promise.resolve().then(() => console.log('micro after click listener')); });
cb.addEventListener('input', () => console.log('input, checked =', cb.checked));
cb.addEventListener('change', (e) => console.log('change, checked =', cb.checked, e.bubbles));
cb.click();
console.log('after click(), checked =', cb.checked);
const cb2 = document.createElement('input'); cb2.type = 'checkbox'; document.body.append(cb2);
cb2.addEventListener('click', (e) => e.preventDefault());
cb2.addEventListener('change', () => console.log('cb2 change (never)'));
cb2.click();
console.log('cb2 checked after prevented click', cb2.checked);
let n = 0;
const mo = new MutationObserver((rs) => { n++; console.log('mo call', n, rs.length); if (n < 3) document.body.setAttribute('data-n', String(n)); });
mo.observe(document.body, { attributes: true });
document.body.setAttribute('data-n', '0');
Promise.resolve().then(() => console.log('promise between'));
let k = 0;
const iv = setInterval(() => { k++; setTimeout(() => console.log('timeout from tick', k, 'at', Date.now() - 1700000000000), 0); if (k === 8) clearInterval(iv); }, 1);
