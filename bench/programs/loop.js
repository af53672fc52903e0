// Tight loops: 1e6 iterations of integer arithmetic, plus a nested loop.
let s = 0;
for (let i = 0; i < 1000000; i++) {
  s = (s + i * 7) % 1000003;
}
let t = 0;
for (let i = 0; i < 300; i++) {
  for (let j = 0; j < 300; j++) {
    t += (i ^ j) & 7;
  }
}
console.log('loop', s, t);
