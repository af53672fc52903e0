// browser-truth: --click #buy@30 --click .item@60
// Trusted user clicks: microtasks run between listeners, tasks they queue run after the click.
const t = () => Date.now() - 1700000000000;
document.body.innerHTML = '<button id="buy">Buy</button><div class="item">item</div>';
const buy = document.getElementById('buy');
buy.addEventListener('mousedown', () => console.log('mousedown'));
buy.addEventListener('focus', () => console.log('focus, active is buy:', document.activeElement === buy));
buy.addEventListener('click', (e) => {
  console.log('click 1 at', t(), e.isTrusted, e.detail);
  Promise.resolve().then(() => console.log('  microtask from click 1'));
  setTimeout(() => console.log('  timeout 0 from click at', t()), 0);
});
buy.addEventListener('click', () => console.log('click 2'));
document.body.addEventListener('click', (e) => console.log('body saw click on', e.target.id || e.target.className));
document.querySelector('.item').addEventListener('click', () => { console.log('item click at', t()); requestAnimationFrame(() => console.log('raf from item click at', t())); });
buy.addEventListener('blur', () => console.log('buy blurred'));
setTimeout(() => console.log('timeout 30 at', t()), 30);
