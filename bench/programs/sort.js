// Sorting 1e5 pseudo-random numbers with a comparator (and a second sort of objects by key).
let seed = 12345;
function rand() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed;
}
const a = [];
for (let i = 0; i < 100000; i++) a.push(rand() % 100000);
a.sort((x, y) => x - y);
let ok = true;
for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) ok = false;
const objs = [];
for (let i = 0; i < 10000; i++) objs.push({ id: i, key: rand() % 1000 });
objs.sort((p, q) => p.key - q.key || p.id - q.id);
console.log('sorted', ok, a[0], a[a.length - 1], objs[0].key, objs[objs.length - 1].key);
