// A long run for the slider: many steps, timers and microtasks.
let total = 0;
for (let i = 0; i < 20000; i++) {
  total += i % 7;
}
console.log('sum', total);
let n = 0;
function tick() {
  n++;
  if (n < 50) {
    Promise.resolve(n).then((v) => { total += v; });
    setTimeout(tick, 1);
  } else {
    console.log('done', n, total);
  }
}
tick();
