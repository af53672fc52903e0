const async = require('async');
async.mapLimit([3, 1, 2], 2, (n, cb) => setTimeout(() => { console.log('item', n); cb(null, n * 10); }, n * 10), (err, res) => console.log('mapLimit', err, res));
async.series([
  (cb) => setTimeout(() => { console.log('one'); cb(null, 1); }, 50),
  (cb) => setImmediate(() => { console.log('two'); cb(null, 2); }),
], (err, res) => console.log('series', res));
async.waterfall([(cb) => cb(null, 'a'), (a, cb) => process.nextTick(() => cb(null, a + 'b'))], (err, r) => console.log('waterfall', r));
console.log('sync end');
