// setInterval(0) and setInterval(2): ticks get the 4 ms floor after the 5th.
const t = () => Date.now() - 1700000000000;
let a = 0, b = 0;
const ia = setInterval(() => { a++; console.log('interval 0 tick', a, 'at', t()); if (a === 9) clearInterval(ia); }, 0);
const ib = setInterval(() => { b++; console.log('interval 2 tick', b, 'at', t()); if (b === 8) clearInterval(ib); }, 2);
setTimeout(() => console.log('timeout 10 at', t()), 10);
