// lodash on the virtual clock: debounce with leading/maxWait, throttle trailing, delay/defer, plus
// the data helpers real code leans on: chain, cloneDeep, groupBy, keyBy, merge, get/set, memoize,
// template, once, partition, orderBy.
const _ = require('lodash');
const t0 = Date.now();
const at = () => ((Date.now() - t0) >= 0 ? 'later' : 'before');

const save = _.debounce((v) => console.log('debounced save', v, '@', at()), 200, { maxWait: 500 });
for (let i = 0; i < 6; i++) setTimeout(() => save(i), i * 20);
const lead = _.debounce(() => console.log('leading @', at()), 40, { leading: true, trailing: false });
lead();
lead();
const scroll = _.throttle((y) => console.log('throttled', y, '@', at()), 250);
[0, 30, 60, 500, 530].forEach((ms, i) => setTimeout(() => scroll(i), ms));
_.delay((x) => console.log('delay', x, '@', at()), 70, 'arg');
_.defer(() => console.log('defer @', at()));

const users = [
  { id: 1, name: 'ada', team: 'core', age: 36, tags: ['a'] },
  { id: 2, name: 'linus', team: 'kernel', age: 28, tags: ['b'] },
  { id: 3, name: 'grace', team: 'core', age: 45, tags: [] },
];
console.log(_.chain(users).filter((u) => u.age > 30).map('name').sortBy().value());
console.log(_(users).groupBy('team').mapValues((g) => g.length).value());
console.log(_.keyBy(users, 'id')[2].name, _.orderBy(users, ['team', 'age'], ['asc', 'desc']).map((u) => u.id));
const copy = _.cloneDeep(users);
copy[0].tags.push('z');
console.log(users[0].tags, copy[0].tags, _.isEqual(users[1], copy[1]));
const cfg = _.merge({ db: { host: 'x', opts: { a: 1 } } }, { db: { opts: { b: 2 } } });
console.log(cfg, _.get(cfg, 'db.opts.b'), _.get(cfg, ['db', 'nope'], 'dflt'));
_.set(cfg, 'cache.ttl', 60);
console.log(cfg.cache);
const fib = _.memoize((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
console.log(fib(40), fib.cache.size);
const init = _.once(() => console.log('init once') || 'v');
console.log(init(), init());
console.log(_.template('Hello <%= user %>!')({ user: 'fred' }), _.partition([1, 2, 3, 4], (n) => n % 2));
console.log(_.range(0, 10, 3), _.zip(['a', 'b'], [1, 2]), _.debounce.name, typeof _.now());
