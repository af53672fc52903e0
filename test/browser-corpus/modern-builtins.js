// Chromium's newer built-ins (Node 20 lacks them): Promise.withResolvers, Promise.try (Chromium
// answers a callback's promise of the same constructor as itself, no thenable job),
// Array.fromAsync, Object.groupBy / Map.groupBy, Error.isError, RegExp.escape — and where their jobs fall.
const log = (...a) => console.log(...a);
const tick = (n) => { let p = Promise.resolve(); for (let i = 1; i <= n; i++) { const k = i; p = p.then(() => log('tick', k)); } };
tick(6);
const { promise, resolve } = Promise.withResolvers();
promise.then((v) => log('withResolvers', v));
setTimeout(() => resolve('late'), 1);
const w = Promise.withResolvers();
w.promise.then((v) => log('resolved with a promise', v));
w.resolve(Promise.resolve(7));
Promise.try(() => 'plain').then((v) => log('try', v));
const native = Promise.resolve('native');
log('try gives the same promise back:', Promise.try(() => native) === native);
Promise.try(() => native).then((v) => log('try', v));
Promise.try((a, b) => { throw new RangeError(`bad ${a + b}`); }, 1, 2).catch((e) => log('try threw', e.name, e.message));
Promise.try(async () => { log('async body'); await null; return 'async'; }).then((v) => log('try', v));
async function* pages() { yield 1; await null; yield 2; }
Array.fromAsync(pages()).then((a) => log('fromAsync generator', a.join()));
Array.fromAsync([Promise.resolve('x'), 'y'], (s) => s.toUpperCase()).then((a) => log('fromAsync mapped', a.join()));
Array.fromAsync({ length: 2, 0: 'a', 1: Promise.resolve('b') }).then((a) => log('fromAsync array-like', a.join()));
Array.fromAsync(null).catch((e) => log('fromAsync null:', e.message));
const groups = Object.groupBy([{ id: 1, s: 'open' }, { id: 2, s: 'paid' }, { id: 3, s: 'open' }], (o) => o.s);
log(Object.getPrototypeOf(groups) === null, Object.keys(groups).join(), groups.open.map((o) => o.id).join());
const byParity = Map.groupBy([1, -0, 2, 0], (n) => n % 2);
log([...byParity.keys()].join(), Object.is(byParity.get(0)[0], -0));
log(Error.isError(new TypeError('t')), Error.isError({ name: 'Error', message: 'fake' }));
log('sync end');
for (const s of ['foo.bar', '1abc', 'a-b,c', ' x\ty\n', '\u2028\u00a0\u3000\ufeff', '\ud800x', '😀$', '(a)[b]{c}|/^$\\*+?', "',-=<>#&!%:;@~`\"", 'é']) log(JSON.stringify(RegExp.escape(s)));
try { RegExp.escape(1); } catch (e) { log(e.message); }
log(new RegExp(`^${RegExp.escape('1+1=2?')}$`).test('1+1=2?'));
for (const callback of [new Map(), [1, 2], Object.create(null)]) {
  try { Object.groupBy([1], callback); } catch (e) { log(e.message); }
}
