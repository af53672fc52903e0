// Promise combinators to the letter of ECMA-262 (issue 9): lazy iteration with IteratorClose on an
// abrupt resolve/then, synchronous TypeErrors for a non-object `this`, the order of checks,
// non-writable Promise.prototype, no Promise.withResolvers (Node 20), IteratorClose's TypeError for
// a non-object return() result. Every program is compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('semantics: promise combinators (against real Node)', {
  'a non-object this throws synchronously; Promise.prototype is not writable; no withResolvers': `
for (const m of ['all', 'allSettled', 'race', 'any', 'reject', 'resolve']) for (const t of [1, undefined, null, 'str']) {
  try { Promise[m].call(t, []); console.log(m, 'ok'); } catch (e) { console.log(m, e.constructor.name, e.message); }
}
console.log(Object.getOwnPropertyDescriptor(Promise, 'prototype'));
Promise.prototype = 1; console.log(typeof Promise.prototype.then, typeof Promise.withResolvers);
`,
  'iteration is lazy and the iterator is closed when resolve or then throws': `
for (const kind of ['all', 'allSettled', 'race', 'any']) {
  const log = [];
  const it = { [Symbol.iterator]() { let i = 0; return { next() { log.push('next ' + i); return { done: i++ > 3, value: i }; }, return() { log.push('return'); return {}; } }; } };
  const C = function (ex) { return new Promise(ex); };
  let calls = 0;
  C.resolve = (v) => { log.push('resolve ' + v); if (++calls === 2) throw new Error('r'); return Promise.resolve(v); };
  Promise[kind].call(C, it).then(null, (e) => console.log(kind, 'rejected', e.message, log.join(',')));
  const it2 = { [Symbol.iterator]() { return { next() { return { done: false, value: 1 }; }, return() { console.log(kind, 'closed after then threw'); return {}; } }; } };
  const C2 = function (ex) { return new Promise(ex); };
  C2.resolve = () => ({ get then() { throw new Error('then'); } });
  Promise[kind].call(C2, it2).catch((e) => console.log(kind, 'then rejected', e.message));
  const it3 = { [Symbol.iterator]() { return { next() { throw new Error('next'); }, return() { console.log('never closed'); } }; } };
  Promise[kind](it3).catch((e) => console.log(kind, 'next rejected', e.message));
}
`,
  'results, subclass construction counts, resolve looked up before iterating': `
let count = 0;
class Sub extends Promise { constructor(ex) { count++; super(ex); } }
Sub.reject(1).catch(() => {}); console.log('count after reject', count);
Sub.all([1, Promise.reject(2)]).catch((e) => console.log('all rejected', e, 'count', count));
Promise.allSettled([1, Promise.reject(2)]).then((r) => console.log(r));
Promise.any([Promise.reject(1), Promise.reject(2)]).catch((e) => console.log(e.constructor.name, e.errors, Object.getOwnPropertyDescriptor(e, 'errors').enumerable));
const order = [];
const C = function (ex) { return new Promise(ex); };
Object.defineProperty(C, 'resolve', { get() { order.push('get resolve'); return Promise.resolve.bind(Promise); } });
Promise.all.call(C, { get [Symbol.iterator]() { order.push('get iterator'); return [][Symbol.iterator].bind([]); } });
console.log(order);
try { new Promise(1); } catch (e) { console.log(e.message); }
try { Promise(() => {}); } catch (e) { console.log(e.message); }
Promise.any.call(undefined, []).catch(() => console.log('not reached'));
`,
  'IteratorClose: a non-object return() result is a TypeError in for-of and destructuring': `
const iter = (ret) => ({ [Symbol.iterator]() { return { next() { return { done: false, value: 1 }; }, return() { return ret; } }; } });
try { for (const x of iter(1)) break; } catch (e) { console.log(e.constructor.name, e.message); }
try { const [a] = iter(null); } catch (e) { console.log(e.constructor.name, e.message); }
try { for (const x of iter(1)) throw new Error('body'); } catch (e) { console.log(e.constructor.name, e.message); }
for (const x of iter({})) break; console.log('object result is fine');
(async () => { try { for await (const x of iter(2)) break; } catch (e) { console.log('async', e.constructor.name, e.message); } })();
function* g() { for (const x of iter(3)) { yield x; break; } }
try { [...g()]; } catch (e) { console.log('gen', e.constructor.name, e.message); }
`,
});
