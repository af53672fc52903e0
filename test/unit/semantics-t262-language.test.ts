// Language and built-in corners test262 found outside statements/expressions (issue 9), each with the
// test's own program compared with real Node.
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

describeAgainstNode('test262 corners: class elements (against node)', {
  'a computed accessor named like a data property of the prototype replaces it': `
class C { get ['constructor']() { return 'getter'; } }
console.log(Object.getOwnPropertyDescriptor(C.prototype, 'constructor'), new C().constructor);
class D { set ['constructor'](v) { D.seen = v; } }
D.prototype.constructor = 5;
console.log(D.seen, typeof Object.getOwnPropertyDescriptor(D.prototype, 'constructor').set);
class E { m() {} get m() { return 'now a getter'; } static s() {} static get ['s']() { return 'static getter'; } }
console.log(new E().m, E.s);
`,
});

describeAgainstNode('test262 corners: references and calls (against node)', {
  'assignment to a property of a primitive runs setters and proxies on its prototype chain': `
const log = [];
Object.defineProperty(Number.prototype, 'tick', { set(v) { log.push(['setter', typeof this, v]); }, configurable: true });
(5).tick = 1;
(function () { 'use strict'; (6).tick = 2; })();
(5).plain = 1;
try { (function () { 'use strict'; (5).plain = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'[0] = 'x'; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'.length = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'[5] = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; Symbol('q').x = 1; })(); } catch (e) { log.push(e.message); }
'abc'[0] = 'y';
const spy = new Proxy({}, { set(t, k, v, r) { log.push(['proxy', String(k), typeof r]); return true; } });
Object.setPrototypeOf(Boolean.prototype, spy);
true.flag = 1;
(function () { 'use strict'; false.flag = 2; })();
console.log(log);
`,
  'a callee with a string key is named as V8 names it': `
const o = {};
for (const f of [() => o["x"](), () => o['a b'](), () => o[1](), () => o["1"](), () => o[\`t\`](), () => new o["k"](), () => o[null]()]) {
  try { f(); } catch (e) { console.log(e.message); }
}
`,
});

describeAgainstNode('test262 corners: Promise and generator built-ins (against node)', {
  'the Promise constructor checks its executor before it reads newTarget.prototype': `
const log = [];
const nt = new Proxy(function () {}, { get(t, k) { log.push(String(k)); return t[k]; } });
try { Reflect.construct(Promise, [1], nt); } catch (e) { log.push(e.constructor.name + ': ' + e.message); }
Reflect.construct(Promise, [() => log.push('executor')], nt);
const bound = (function () {}).bind();
Object.defineProperty(bound, 'prototype', { get() { throw new RangeError('prototype getter'); } });
try { Reflect.construct(Promise, [], bound); } catch (e) { log.push(e.constructor.name + ': ' + e.message); }
try { Reflect.construct(Promise, [() => {}], bound); } catch (e) { log.push(e.constructor.name + ': ' + e.message); }
function F() {}
F.prototype = 1;
log.push(Object.getPrototypeOf(Reflect.construct(Promise, [() => {}], F)) === Promise.prototype);
try { Promise(() => {}); } catch (e) { log.push(e.message); }
console.log(log);
class MyP extends Promise {}
const m = new MyP((r) => r(1));
console.log(m instanceof MyP, m.then(() => {}) instanceof MyP, MyP.resolve(1) instanceof MyP, Object.getPrototypeOf(MyP) === Promise);
console.log(Promise, String(Promise), Promise.name, Promise.length, Promise.prototype.constructor === Promise, [Promise], { Promise });
`,
  'generator functions, literal or from the constructors, have prototypes inheriting from %GeneratorPrototype%': `
function* g() {}
async function* ag() {}
const GF = Object.getPrototypeOf(g).constructor;
const AGF = Object.getPrototypeOf(ag).constructor;
for (const f of [g, ag, GF('yield 1'), AGF('yield 1'), GF(), AGF()]) {
  console.log(Object.getPrototypeOf(f.prototype) === Object.getPrototypeOf(f).prototype, Object.getOwnPropertyDescriptor(f, 'prototype').writable);
}
const GP = Object.getPrototypeOf(g).prototype;
console.log(GP.constructor === Object.getPrototypeOf(g), Object.getOwnPropertyDescriptor(GP, 'constructor').writable, [...GF('yield 1; yield 2')()]);
console.log(Object.getPrototypeOf(ag).prototype.constructor === Object.getPrototypeOf(ag), g(), ag());
`,
  'AsyncGenerator.prototype methods reject (never throw) for a receiver that is not an async generator': `
async function* g() {}
const AGP = Object.getPrototypeOf(g).prototype;
for (const m of ['next', 'return', 'throw']) {
  for (const t of [undefined, 1, {}, null, Symbol(), (function* () {})()]) {
    try {
      AGP[m].call(t).then(() => console.log(m, 'fulfilled'), (e) => console.log(m, 'rejected', e.constructor === TypeError, e.message));
    } catch (e) {
      console.log(m, 'threw', e.message);
    }
  }
}
`,
});

describeAgainstNode('test262 corners: fn.caller of sloppy functions (against node)', {
  'a sloppy function reads its caller; strict callers are censored; strict functions, arrows, classes, methods and generators throw': `
function f() { return f.caller; }
function g() { return f(); }
console.log(g() === g, typeof f(), f.caller);
function s() { 'use strict'; return f(); }
console.log(s());
function test2() { return arguments.callee.caller; }
function test1() { return test2(); }
console.log(test1() === test1);
function rec(n) { return n ? rec(n - 1) : rec.caller; }
console.log(rec(2) === rec);
const o = { m() { return f(); } };
console.log(o.m());
for (const h of [() => 1, class K {}, o.m, function* gen() {}, async function a() {}, function () { 'use strict'; }, Function.prototype]) {
  try { h.caller; console.log('no throw'); } catch (e) { console.log(e.constructor.name, e.message); }
}
`,
});

describe('test262 corners: nothing of the host reaches the guest', function () {
  this.timeout(60000);
  const programs: Record<string, string> = {
    caller: 'function f() { return f.caller; } function g() { return [f(), f.caller]; } globalThis.keep = [g(), f()];',
    promise: 'const nt = new Proxy(function () {}, {}); globalThis.keep = [Reflect.construct(Promise, [(r) => r(1)], nt), Promise, Promise.prototype.constructor]; try { new Promise(1); } catch (e) { globalThis.e = e; }',
    generators: 'function* g() {} async function* ag() {} const GP = Object.getPrototypeOf(g).prototype; globalThis.keep = [GP, GP.constructor, Object.getPrototypeOf(ag).prototype.constructor, Object.getPrototypeOf(ag).prototype.next.call(1).catch((e) => e)];',
    primitives: "Object.defineProperty(Number.prototype, 'p', { set(v) { globalThis.seen = [this, v]; }, configurable: true }); (1).p = 2;",
  };
  for (const [name, src] of Object.entries(programs)) {
    it(name, () => {
      const r = simulate(src, { detectForeignObjects: true });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.deepEqual(r.analysis.foreignObjects ?? [], []);
    });
  }
});
