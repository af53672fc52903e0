// A 1e5-long promise chain: 1e5 reactions, each a microtask.
let p = Promise.resolve(0);
for (let i = 0; i < 100000; i++) {
  p = p.then((v) => v + 1);
}
p.then((v) => console.log('chain done', v));
console.log('chain built');
