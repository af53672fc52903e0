import pLimit from 'p-limit';
const limit = pLimit(2);
const delay = (ms, v) => new Promise((r) => setTimeout(() => { console.log('done', v); r(v); }, ms));
const tasks = [40, 10, 80, 20] /* due times 20 ms apart: real timers drift on a loaded machine */.map((ms, i) => limit(() => { console.log('start', i, limit.activeCount, limit.pendingCount); return delay(ms, i); }));
console.log('queued', limit.activeCount, limit.pendingCount);
const results = await Promise.all(tasks);
console.log(results);
