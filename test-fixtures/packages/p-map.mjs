// p-map: concurrency, stopOnError false (AggregateError), pMapSkip, and mapping an async iterable.
import pMap, { pMapSkip } from 'p-map';
const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
const sites = ['a.com', 'bb.com', 'ccc.com', 'd.com'];
const lengths = await pMap(sites, async (s, i) => {
  console.log('visit', s, i);
  await sleep(s.length * 20);
  return s.length;
}, { concurrency: 2 });
console.log(lengths);
const filtered = await pMap([1, 2, 3, 4], async (n) => (n % 2 ? n * 10 : pMapSkip));
console.log(filtered);
try {
  await pMap([1, 2, 3], async (n) => {
    await sleep(n * 30);
    if (n !== 2) throw new Error('bad ' + n);
    return n;
  }, { stopOnError: false });
} catch (e) {
  console.log(e.name, e.errors.map((x) => x.message));
}
async function* gen() {
  for (let i = 0; i < 3; i++) {
    await sleep(20);
    yield i;
  }
}
console.log(await pMap(gen(), (x) => x * 2, { concurrency: 1 }));
