// An interval re-queues itself when it runs; one-shot timers at the same time keep their order.
const t = () => Date.now() - 1700000000000;
let n = 0;
const id = setInterval(() => {
  n++;
  console.log('tick', n, 'at', t());
  setTimeout(() => console.log('  timeout 0 from tick', n, 'at', t()), 0);
  if (n === 3) clearInterval(id);
}, 7);
setTimeout(() => console.log('timeout 7 at', t()), 7);
setTimeout(() => console.log('timeout 14 at', t()), 14);
setTimeout(() => { console.log('timeout 15 clears nothing'); clearTimeout(999); }, 15);
