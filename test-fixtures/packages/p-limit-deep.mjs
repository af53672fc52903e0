// p-limit: a crawler-like fan-out with limited concurrency, rejections, clearQueue, and changing
// concurrency while running.
import pLimit from 'p-limit';
const limit = pLimit(2);
const fetchPage = (id) => new Promise((resolve, reject) => setTimeout(() => (id === 3 ? reject(new Error('page 3 failed')) : resolve('page' + id)), 40 + id * 25));
const jobs = [1, 2, 3, 4, 5].map((id) => limit(async () => {
  console.log('start', id, 'active', limit.activeCount, 'pending', limit.pendingCount);
  return fetchPage(id);
}));
const settled = await Promise.allSettled(jobs);
console.log(settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason.message)));
const limit2 = pLimit(1);
const order = [];
const a = limit2(() => new Promise((r) => setTimeout(() => r(order.push('a')), 30)));
limit2(() => order.push('b'));
limit2(() => order.push('c'));
console.log('pending before clear', limit2.pendingCount);
limit2.clearQueue();
await a;
console.log(order, limit2.pendingCount, limit2.concurrency);
limit2.concurrency = 3;
console.log(limit2.concurrency);
try {
  pLimit(0);
} catch (e) {
  console.log(e.name, e.message);
}
