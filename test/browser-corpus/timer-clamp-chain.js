// The nesting clamp with setTimeout(1) and setTimeout(2): past level 5, at least 4 ms.
const t = () => Date.now() - 1700000000000;
let n = 0;
function tick() {
  n++;
  console.log('timeout(1) level', n, 'at', t());
  if (n < 9) setTimeout(tick, 1);
}
setTimeout(tick, 1);
let m = 0;
function tock() {
  m++;
  console.log('timeout(5) level', m, 'at', t());
  if (m < 8) setTimeout(tock, 5);
}
setTimeout(tock, 5);
