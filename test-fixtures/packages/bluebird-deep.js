// bluebird the way real code uses it: map/each/mapSeries/props/reduce, promisify/promisifyAll of
// callback APIs, coroutine, timeout, catch with a predicate, finally, and its scheduler (setImmediate
// in Node) against native microtasks and nextTick.
const Promise = require('bluebird');
const fakeFs = {
  readFile(name, cb) {
    setTimeout(() => (name === 'missing' ? cb(Object.assign(new Error('ENOENT: ' + name), { code: 'ENOENT' })) : cb(null, 'content of ' + name)), 30);
  },
};
const readFile = Promise.promisify(fakeFs.readFile);
const fs = Promise.promisifyAll({ ...fakeFs });

class NotFound extends Error {}
Promise.resolve('bb').then((v) => console.log('bluebird then', v));
globalThis.Promise.resolve('native').then((v) => console.log('native then', v));
process.nextTick(() => console.log('nextTick'));
setImmediate(() => console.log('setImmediate'));

const main = Promise.coroutine(function* () {
  const a = yield readFile('a.txt');
  console.log(a);
  const both = yield Promise.props({ b: fs.readFileAsync('b.txt'), n: Promise.delay(10).return(42) });
  console.log(both);
  const mapped = yield Promise.map([3, 1, 2], (x) => Promise.delay(x * 20).then(() => (console.log('mapped', x), x * x)), { concurrency: 2 });
  console.log('map result', mapped);
  yield Promise.each(['x', 'y'], (v, i) => Promise.delay(5).then(() => console.log('each', i, v)));
  const series = yield Promise.mapSeries([1, 2, 3], (x) => Promise.delay(5).then(() => x + 1));
  console.log('mapSeries', series);
  const sum = yield Promise.reduce([1, 2, 3, 4], (acc, x) => Promise.delay(1).then(() => acc + x), 0);
  console.log('reduce', sum);
  try {
    yield Promise.delay(200).timeout(30, 'too slow');
  } catch (e) {
    console.log(e instanceof Promise.TimeoutError, e.message);
  }
  yield readFile('missing')
    .catch(NotFound, () => console.log('never'))
    .catch((e) => e.code === 'ENOENT', (e) => console.log('predicate caught', e.message))
    .finally(() => console.log('finally'));
  return 'coroutine done';
});
main().then(console.log);
Promise.all([1, Promise.delay(450).then(() => 2)]).spread((x, y) => console.log('spread', x, y));
Promise.some([Promise.delay(400).return('slow'), Promise.delay(300).return('fast'), Promise.delay(350).return('mid')], 2).then((r) => console.log('some', r));
Promise.any([Promise.reject(new Error('no')), Promise.delay(250).return('any')]).then((r) => console.log('any', r));
console.log('sync end', typeof Promise.config, Promise.version);
