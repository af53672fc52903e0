// Objects to the last corner (issue 9): literals define (never run inherited setters), `__proto__`
// shorthand vs `__proto__: x`, object rest with numeric computed keys, null[k] compound assignment
// order, destructuring target evaluation order, for-in skipping deleted keys and its TDZ.
// Every program is compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('semantics: objects (against real Node)', {
  'object literals define properties; __proto__ shorthand is an own property': `
Object.defineProperty(Object.prototype, 'x', { set(v) { console.log('setter ran'); }, configurable: true });
Object.defineProperty(Object.prototype, 'ro', { value: 0, writable: false, configurable: true });
const o = { x: 1, ro: 2, m() { return 1; } };
console.log(Object.getOwnPropertyDescriptor(o, 'x'), o.ro);
const { ...copy } = { x: 3 }; console.log(Object.getOwnPropertyDescriptor(copy, 'x'));
delete Object.prototype.x; delete Object.prototype.ro;
const acc = { get a() { return 'getter'; }, a: 'data' }; console.log(acc.a, Object.getOwnPropertyDescriptor(acc, 'a'));
const __proto__ = { a: 1 };
const s = { __proto__ };
console.log(Object.getPrototypeOf(s) === Object.prototype, s.__proto__ === __proto__, Object.keys(s));
const t = { __proto__: __proto__, b: 2 };
console.log(Object.getPrototypeOf(t) === __proto__, Object.keys(t), t.a);
const u = { ['__proto__']: 5 }; console.log(Object.keys(u), Object.getPrototypeOf(u) === Object.prototype);
`,
  'object rest with numeric keys; null[k] compound assignment; destructuring target order': `
const { [1]: one, 2: two, ...rest } = { 1: 'a', 2: 'b', 3: 'c', x: 'd' };
console.log(one, two, rest);
const key = { toString() { console.log('toString'); return 'k'; } };
try { null[key] += 1; } catch (e) { console.log(e.constructor.name, e.message); }
try { undefined[key]++; } catch (e) { console.log(e.constructor.name, e.message); }
const order = [];
const tgt = { set p(v) { order.push('set ' + v); } };
const src = { get a() { order.push('get a'); return 1; }, get b() { order.push('get b'); return 2; } };
({ a: (order.push('target a'), tgt).p, b: (order.push('target b'), tgt).p } = src);
[(order.push('target 0'), tgt).p, (order.push('target 1'), tgt).p = 'dflt'] = { *[Symbol.iterator]() { order.push('next 0'); yield 'x'; order.push('next 1'); } };
console.log(order.join(', '));
const closing = { [Symbol.iterator]() { return { next: () => ({ done: false, value: 1 }), return() { console.log('closed'); return {}; } }; } };
try { [{}.x.y] = closing; } catch (e) { console.log(e.constructor.name); }
`,
  'for-in skips keys deleted during the loop; for (let x in x) is in the TDZ': `
const obj = { a: 1, b: 2, c: 3 };
for (const k in obj) { console.log(k); if (k === 'a') { delete obj.b; obj.d = 4; } }
const arr = [1, 2, 3]; for (const i in arr) { console.log('index', i); arr.length = 1; }
try { for (let x in x) {} } catch (e) { console.log(e.constructor.name, e.message); }
try { for (const y of [y]) {} } catch (e) { console.log(e.constructor.name, e.message); }
let z = { p: 1 }; for (let z2 in z) console.log(z2);
`,
});
