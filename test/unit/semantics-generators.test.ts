// Generators and iteration corners (issue 9): a replaced Array.prototype[Symbol.iterator] is seen by
// guest spreads but never breaks the simulation's own argument handling; return/throw on a
// suspended-start generator; async yield* over rejected values. Compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('semantics: generators and iteration (against real Node)', {
  "the generators' prototypes list constructor first, as V8 does": `
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(function* () {}).prototype));
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(async function* () {}).prototype));
console.log(Object.getPrototypeOf(function* () {}).prototype.constructor === Object.getPrototypeOf(function* () {}));
`,
  'an incompatible receiver is named as V8 names it: #<Map>, [object Array], [object Object] without a prototype': `
const g = (function* () {})();
for (const r of [[1], Object.create(null), new Map(), 1, 'str']) {
  try { g.next.call(r); } catch (e) { console.log(e.message); }
}
`,
  'a replaced Array.prototype[Symbol.iterator] does not break generators or built-ins': `
const out = [];
const orig = Array.prototype[Symbol.iterator];
Array.prototype[Symbol.iterator] = function* () { yield 'patched'; };
function* h(...args) { yield* [1, 2]; yield args; }
out.push(h().next(), [...h(1, 2)]);
function f(...a) { return a; }
out.push(f(...[9, 8]), [...[1]], new Set([1, 2]).size);
const p = Promise.resolve(1).then((v) => v + 1);
const t = new Promise((resolve) => process.nextTick((a, b) => resolve(a + b), 'x', 'y'));
const any = Promise.any(new Set([Promise.reject('a'), Promise.reject('b')]));
const all = Promise.all(new Set([Promise.resolve('c')]));
Array.prototype[Symbol.iterator] = orig;
console.log(out);
p.then((v) => console.log('then', v)); t.then((v) => console.log('tick', v));
any.then((v) => console.log('any', v)); all.then((v) => console.log('all', v));
`,
  'return/throw on a suspended-start generator; async yield* over a rejected value': `
function* s() { console.log('never'); yield 1; }
const i1 = s(); console.log(i1.return(5), i1.next());
const i2 = s(); try { i2.throw(new Error('boom')); } catch (e) { console.log('caught', e.message); } console.log(i2.next());
async function* ag() { try { yield* [Promise.reject(new Error('rej'))]; } catch (e) { console.log('ag caught', e.message); } }
ag().next().then((r) => console.log(r));
async function* ag2() { yield* [1, Promise.reject(new Error('second'))]; }
const it = ag2(); it.next().then((r) => console.log('first', r)); it.next().then(null, (e) => console.log('rejected', e.message));
`,
  'yield* in an async generator: values of sync and async inner iterators, tick by tick': `
const log = (...a) => console.log(...a);
async function* inner() { yield 1; yield Promise.resolve(2); }
async function* outer() { yield* inner(); yield* [3, Promise.resolve(4)]; }
(async () => { for await (const v of outer()) log('v', v); })();
Promise.resolve().then(() => log('t1')).then(() => log('t2')).then(() => log('t3')).then(() => log('t4')).then(() => log('t5')).then(() => log('t6')).then(() => log('t7')).then(() => log('t8')).then(() => log('t9')).then(() => log('t10'));
`,
  'yield and await inside destructuring patterns and computed keys, in source order': `
function* g() { const [a = yield 'x', b] = [undefined, 2]; console.log(a, b); const o = { [yield 'k']: 1 }; console.log(o); }
const it = g(); console.log(it.next()); console.log(it.next('A')); console.log(it.next('key'));
function* h() { let p, q, r; ({ p = yield 'p', [yield 'key']: q, ...r } = { k2: 'Q', z: 1 }); console.log(p, q, r); const t = {}; [t[yield 'tk']] = [5]; console.log(t); }
const i2 = h(); console.log(i2.next(), i2.next('P'), i2.next('k2'), i2.next('TK'), i2.next());
async function f() { const { a = await 'AW', b: [c = await Promise.resolve('C')] } = { b: [] }; console.log(a, c); }
f();
const log2 = (x) => { console.log2('eval', x); return x; };
function* g2() { const o = { a: log2(1), [log2('k')]: yield 'v1', [yield 'k2']: log2(2), ...(yield 's'), z: 3 }; console.log2(o); }
const it3 = g2(); console.log2(it3.next()); console.log2(it3.next('V')); console.log2(it3.next('K2')); console.log2(it3.next({ sp: 1 }));
async function f2() { const o = { [await 'ak']: await 'av', b: 1 }; console.log2(o); }
f2();
`,
  'yield inside for-of / for-await-of / for-in head patterns; for-in in a generator skips deleted keys': `
async function* g() { for await (const [a = yield 'x'] of [[undefined], [2]]) console.log('a', a); for (const { [yield 'k']: v } of [{ K: 1 }]) console.log('v', v); const o = { p: 1, q: 2 }; for (const k in o) { delete o.q; console.log(k, yield k); } }
(async () => { const it = g(); console.log(await it.next()); console.log(await it.next('X')); console.log(await it.next('K')); console.log(await it.next()); console.log(await it.next()); })();
`,
  'generator.return() at a yield inside a pattern or a for-of body closes the iterator, and its TypeError wins': `
const it = (ret, log) => ({ [Symbol.iterator]() { return { next() { return { done: false, value: undefined }; }, return() { log.push('return'); return ret; } }; } });
function* g(src) { let x; [x = yield 'in pattern'] = [undefined]; [{} = yield 'p2'] = src; }
const log = [];
const a = g(it(null, log)); a.next(); a.next();
try { a.return(5); } catch (e) { console.log(e.constructor.name, e.message, log); }
function* f(src) { for (const v of src) yield v; }
const b = f(it(1, log)); b.next(); try { b.return(); } catch (e) { console.log('for-of', e.constructor.name, e.message, log); }
const c = f(it({}, log)); c.next(); console.log(c.return(9), log);
`,
  'async yield*: a throwing value getter ends the yield*; return() without an inner return awaits its value': `
const inner = { [Symbol.asyncIterator]() { return { next() { return { done: false, get value() { throw new Error('value getter'); } }; }, throw() { console.log('never thrown into'); return {}; } }; } };
async function* g() { try { yield* inner; } catch (e) { console.log('caught', e.message); } }
g().next().then((r) => console.log('first', r));
const noReturn = { [Symbol.asyncIterator]() { return { next() { return { done: false, value: 1 }; } }; } };
async function* h() { yield* noReturn; }
const it = h();
it.next().then(() => it.return(Promise.resolve(3))).then((r) => console.log('return', r));
`,
});
