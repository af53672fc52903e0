const Promise = require('bluebird');
Promise.resolve(1).then((v) => console.log('then', v));
Promise.delay(60).then(() => console.log('delay'));
Promise.map([1, 2, 3], (x) => Promise.delay(x * 5).then(() => x * 2), { concurrency: 2 }).then((r) => console.log('map', r));
Promise.all([Promise.resolve('a'), 'b']).spread((a, b) => console.log('spread', a, b));
setTimeout(() => console.log('timeout'), 50); // well clear of setImmediate: loading the package takes real Node several ms
process.nextTick(() => console.log('tick'));
console.log('sync');
