import pLimit from 'p-limit';
const limit = pLimit(2);
const delay = (ms, v) => new Promise((r) => setTimeout(() => { console.log('done', v); r(v); }, ms));
const tasks = [30, 10, 20, 5].map((ms, i) => limit(() => { console.log('start', i, limit.activeCount, limit.pendingCount); return delay(ms, i); }));
console.log('queued', limit.activeCount, limit.pendingCount);
const results = await Promise.all(tasks);
console.log(results);
