import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 2 });
queue.on('active', () => console.log('active; size', queue.size, 'pending', queue.pending));
queue.on('idle', () => console.log('idle'));
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
for (const [name, ms] of [['a', 120], ['b', 10], ['c', 50], ['d', 5]]) {
  queue.add(async () => { await wait(ms); console.log('finished', name); return name; }).then((v) => console.log('result', v));
}
await queue.onIdle();
console.log('all done');
