// The "await trap": sequential awaits add latencies, Promise.all overlaps them.
const t = () => Date.now() - 1700000000000;
const get = (u) => fetch(u).then((r) => r.json());
async function sequential() {
  const a = await get('/a');
  const b = await get('/b');
  console.log('sequential done at', t(), a.path, b.path);
}
async function parallel() {
  const [a, b] = await Promise.all([get('/c'), get('/d')]);
  console.log('parallel done at', t(), a.path, b.path);
}
sequential();
parallel();
