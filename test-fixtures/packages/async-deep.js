// async (caolan) with timers: waterfall, series/parallel objects, parallelLimit, queue with
// concurrency and drain, retry with an interval, auto with dependencies, whilst/doUntil, and the
// promise forms.
const async = require('async');
const wait = (ms, v) => (cb) => setTimeout(() => cb(null, v), ms);

async.waterfall(
  [(cb) => setTimeout(() => cb(null, 1), 400), (n, cb) => cb(null, n + 1, 'x'), (n, s, cb) => setImmediate(() => cb(null, `${s}${n}`))],
  (err, r) => console.log('waterfall', err, r),
);
async.parallel({ slow: wait(290, 'S'), fast: wait(270, 'F') }, (err, r) => console.log('parallel object', r, Object.keys(r)));
async.parallelLimit([wait(180, 1), wait(130, 2), wait(30, 3)], 2, (err, r) => console.log('parallelLimit', r));

const q = async.queue((task, cb) => {
  console.log('worker', task.name);
  setTimeout(() => cb(task.name === 'bad' ? new Error('bad task') : null), task.ms);
}, 2);
q.drain(() => console.log('queue drained'));
q.push({ name: 'q1', ms: 70 });
q.push([{ name: 'q2', ms: 20 }, { name: 'bad', ms: 30 }], (err) => err && console.log('task error:', err.message));
q.push({ name: 'q3', ms: 15 });
console.log('queue length', q.length(), 'running', q.running());

let tries = 0;
async.retry({ times: 4, interval: 100 }, (cb) => {
  tries++;
  console.log('retry try', tries);
  cb(tries < 3 ? new Error('fail ' + tries) : null, 'ok@' + tries);
}, (err, r) => console.log('retry', err, r));

async.auto(
  {
    config: (cb) => setTimeout(() => cb(null, { db: 'pg' }), 230),
    db: ['config', (results, cb) => setTimeout(() => cb(null, 'conn:' + results.config.db), 20)],
    cache: (cb) => cb(null, 'redis'),
    server: ['db', 'cache', (results, cb) => cb(null, `server(${results.db},${results.cache})`)],
  },
  (err, r) => console.log('auto', r.server),
);

let count = 0;
async.whilst(
  (cb) => cb(null, count < 3),
  (cb) => setTimeout(() => cb(null, ++count), 3),
  (err, n) => console.log('whilst', n),
);
(async () => {
  const r = await async.mapSeries([1, 2, 3], async (x) => x * 3);
  console.log('mapSeries promise', r);
  const e = await async.eachOf({ a: 1 }, async () => {}).then(() => 'eachOf done');
  console.log(e);
  async.timeout((cb) => setTimeout(cb, 500), 115)((err) => console.log('timeout', err.code, err.message));
})();
console.log('sync end');
