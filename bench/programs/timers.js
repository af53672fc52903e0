// 1e4 timers with delays 0..9 ms (the native run really waits ~10 ms for them).
let count = 0;
let sum = 0;
for (let i = 0; i < 10000; i++) {
  setTimeout(() => {
    count++;
    sum += i;
    if (count === 10000) console.log('timers done', sum);
  }, i % 10);
}
console.log('timers armed');
