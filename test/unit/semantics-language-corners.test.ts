// Language corners found by test262's statements/ and expressions/ folders (issue 9): `yield`/`await`
// in class heritage and computed keys and in member assignment targets, private fields as
// destructuring targets, ToPropertyKey through Symbol.toPrimitive, accessor names, the generator
// prototypes' chain, for-of's IteratorValue outside the body. Every program is compared with real Node.
import * as assert from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

const cases: Record<string, string> = {
  'yield in class heritage and computed keys, in source order, with the binding name': `
function* g() {
  class C extends (yield 'heritage') {
    static get [yield 'getter']() { return 'got'; }
    [yield 'method']() { return 'called'; }
    static [yield 'field'] = 5;
    #p = 'private';
    p() { return this.#p; }
  }
  const D = class { [yield 'anon']() {} };
  let E;
  E = class { static [yield 'assigned'] = 1; };
  return [C, D, E];
}
const it = g();
const seen = [it.next().value];
for (const v of [Object, 'a', 'b', 'c', 'd', 'e']) { const r = it.next(v); if (!r.done) seen.push(r.value); else {
  const [C, D, E] = r.value;
  console.log(seen.join(), C.name, C.a, new C().b(), C.c, new C().p(), D.name, E.name, Object.keys(E), new C() instanceof Object);
} }
`,
  'await in class computed keys and heritage inside async functions': `
async function make(base) {
  class K extends (await base) { [await Promise.resolve('m' + 1)]() { return super.toString === Object.prototype.toString; } }
  const L = class { static [await 'n'] = 'static'; };
  return [new K().m1(), L.n, L.name];
}
make(Promise.resolve(Object)).then((r) => console.log(r));
make(Promise.resolve(42)).catch((e) => console.log(e.constructor.name));
`,
  'yield and await in member assignment targets (plain, compound, logical)': `
function* g() {
  const o = { n: 1 };
  o[yield 'key'] = yield 'value';
  o[yield 'key2'] += 10;
  (yield 'object').z ??= 3;
  return o;
}
const it = g();
console.log(it.next().value, it.next('x').value, it.next(5).value, it.next('n').value);
const target = {};
console.log(it.next(target), target);
async function f() { const o = {}; o[await 'p'] = await 2; (await o).q = 3; console.log(o); }
f();
`,
  'private fields as destructuring targets: brand checked when the value is put': `
class Base { constructor(o) { return o; } }
class C extends Base {
  #f;
  static stamp(o) { new C(o); }
  read() { return this.#f; }
  viaGetter() {
    const self = this;
    ({ a: this.#f } = { get a() { C.stamp(self); return 'late'; } });
    return this.#f;
  }
  static tryArray(o) { try { [o.#f] = [1]; } catch (e) { return e.constructor.name; } return 'no error'; }
  static tryRest(o) { try { [...o.#f] = []; } catch (e) { return e.constructor.name; } return 'no error'; }
  static tryObject(o) { try { ({ x: o.#f } = { x: 1 }); } catch (e) { return e.constructor.name; } return 'no error'; }
  static ok(o) { [o.#f] = ['set']; return o.#f; }
}
console.log(C.prototype.viaGetter.call({}));
console.log(C.tryArray({}), C.tryRest({}), C.tryObject({}), C.ok(new C({})));
class S { get x() { return 'proto'; } set x(v) { console.log('super setter', v, this === s); } }
class T extends S { m() { [super.x] = [7]; ({ y: super.x } = { y: 8 }); } }
const s = new T(); s.m();
`,
  'computed keys converted with Symbol.toPrimitive (a symbol key)': `
const sym = Symbol('s');
const key = { [Symbol.toPrimitive]() { return sym; } };
const strKey = { toString() { return 'str'; } };
class C { [key]() { return 'method'; } static [strKey] = 1; }
const o = { [key]: 'literal', get [strKey]() { return 'getter'; } };
console.log(new C()[sym](), C.str, o[sym], o.str, Object.getOwnPropertyNames(C.prototype));
`,
  'accessor and method names: symbols without description, static accessors over length/name': `
const anon = Symbol();
const named = Symbol('n');
const o = { get [anon]() {}, set [anon](v) {}, get [named]() {} };
const d = (k) => Object.getOwnPropertyDescriptor(o, k);
console.log(JSON.stringify([d(anon).get.name, d(anon).set.name, d(named).get.name]));
let ready = false;
class A { static get length() { if (!ready) throw new Error('ran early'); return 'length getter'; } static set name(v) {} }
ready = true;
console.log(A.length, A.name, typeof Object.getOwnPropertyDescriptor(A, 'name').set);
class B { static length() {} static *name() {} }
console.log(typeof B.length, typeof B.name);
`,
  'class extends a non-constructor proxy: TypeError before any trap runs': `
const trapped = [];
const p = new Proxy(() => {}, { get(t, k) { trapped.push(String(k)); return t[k]; } });
try { class X extends p {} } catch (e) { console.log(e.constructor.name); }
const arrow = () => {};
Object.defineProperty(arrow, 'prototype', { get() { trapped.push('prototype'); } });
try { class Y extends arrow {} } catch (e) { console.log(e.constructor.name); }
console.log(trapped);
`,
  'generator functions and methods: prototype chain through %GeneratorFunction.prototype%': `
const GP = Object.getPrototypeOf(function* () {}).prototype;
const AGP = Object.getPrototypeOf(async function* () {}).prototype;
const o = { *m() {}, async *am() {} };
function* decl() {}
class K { static *s() {} }
console.log([o.m, decl, K.s].map((f) => Object.getPrototypeOf(f.prototype) === GP));
console.log(Object.getPrototypeOf(o.am.prototype) === AGP, Object.getPrototypeOf(Object.getPrototypeOf(decl())) === GP);
console.log(GP.constructor === Object.getPrototypeOf(decl), Object.getOwnPropertyDescriptor(GP, 'constructor').writable);
`,
  'for-of: a throwing value getter is not the body (the iterator is not closed)': `
let closed = 0;
const iterable = { [Symbol.iterator]() { return { next() { return { done: false, get value() { throw new Error('value'); } }; }, return() { closed++; return {}; } }; } };
try { for (const x of iterable) console.log('body'); } catch (e) { console.log(e.message, closed); }
function* g() { try { for (const x of iterable) yield x; } catch (e) { return e.message + closed; } }
console.log(g().next());
const bodyThrows = { [Symbol.iterator]() { return { next() { return { done: false, value: 1 }; }, return() { closed++; return {}; } }; } };
try { for (const x of bodyThrows) throw new Error('body'); } catch (e) { console.log(e.message, closed); }
`,
  'super(): its value is the this value; super.x on a null prototype and failing strict super sets throw': `
const custom = { tag: 'custom' };
function Parent() { return custom; }
class Child extends Parent { constructor() { const v = super(); console.log(v === custom, v === this); } }
new Child();
class N extends null { m() { for (const f of [() => super.x, () => { super.y = 1; }, () => super[Symbol.iterator]]) { try { f(); } catch (e) { console.log(e.constructor.name, e.message); } } } }
N.prototype.m();
const bare = { m() { try { return super.z; } catch (e) { return e.constructor.name; } } };
Object.setPrototypeOf(bare, null);
console.log(bare.m());
class F { m() { super.a = 1; Object.freeze(F.prototype); try { super.b = 2; } catch (e) { console.log(e.constructor.name, e.message); } console.log(F.prototype.a, F.prototype.b); } }
F.prototype.m();
const loose = { m() { super.c = 3; return this.c; } };
Object.preventExtensions(loose);
console.log(loose.m());
`,
  'await on the right of #x in, and in (await o).#x': `
class C {
  #f = 'field';
  static async has(v) { return #f in await v; }
  static async read(v) { return (await v).#f; }
}
(async () => {
  console.log(await C.has(new C()), await C.has(Promise.resolve({})), await C.read(Promise.resolve(new C())));
  try { await C.read({}); } catch (e) { console.log(e.constructor.name); }
})();
`,
  'null[key]: the base is checked before the key is converted': `
const key = { toString() { console.log('key converted'); return 'k'; } };
for (const base of [null, undefined]) { try { base[key]; } catch (e) { console.log(e.constructor.name); } }
function* g() { try { (yield null)[key]; } catch (e) { console.log('gen', e.constructor.name); } }
const it = g(); it.next(); it.next(null);
const ok = { k: 'read' };
console.log(ok[key]);
`,
  'tagged templates: invalid escapes cook to undefined; each eval has its own template objects': `
const cooked = (s) => [s[0], s.raw[0]];
console.log(cooked\`\\01\`, cooked\`\\u{\`, cooked\`\\xg\`, cooked\`ok\\n\`);
const seen = [];
const tag = (t) => seen.push(t);
for (let i = 0; i < 2; i++) eval('for (let j = 0; j < 2; j++) tag\`x\${j}\`;');
console.log(seen[0] === seen[1], seen[1] === seen[2], seen[2] === seen[3]);
`,
  'async yield*: a return request awaits its value before the inner return is looked up': `
const log = [];
const inner = { [Symbol.asyncIterator]() { return this; }, next() { return { done: false }; }, get return() { log.push('get return'); } };
async function* f() { log.push('start'); yield* inner; log.push('unreachable'); }
Promise.resolve().then(() => log.push('tick 1')).then(() => log.push('tick 2')).then(() => log.push('tick 3')).then(() => console.log(log.join(', ')));
const it = f();
it.next();
it.return({ get then() { log.push('get then'); } });
`,
  'direct eval in a class sees its private names; undeclared ones are SyntaxErrors': `
class C {
  #f = 'field';
  #m() { return 'method'; }
  get #g() { return 'getter'; }
  static #s = 'static';
  v = eval('this.#m() + " in initializer"');
  read(code) { return eval(code); }
  static sread() { return eval('C.#s'); }
}
const c = new C();
console.log(c.v, c.read('this.#f'), c.read('this.#g'), c.read('#f in this'), C.sread());
try { c.read.call({}, 'this.#f'); } catch (e) { console.log(e.constructor.name); }
try { c.read('this.#nope'); } catch (e) { console.log(e.constructor.name, e.message); }
class Outer { #o = 'outer'; m() { class Inner { #i = 1; n(x) { return eval('x.#o'); } } return new Inner().n(this); } }
console.log(new Outer().m());
try { eval('({}).#x'); } catch (e) { console.log(e.constructor.name); }
`,
  'direct eval in a field initializer or static block may not contain arguments': `
let ran = false;
class A { x = eval('ran = true; arguments'); }
try { new A(); } catch (e) { console.log(e.constructor.name, e.message, ran); }
class B { y = (() => eval('arguments.length'))(); }
try { new B(); } catch (e) { console.log(e.constructor.name); }
class D { static { try { eval('arguments'); } catch (e) { console.log('static block', e.constructor.name); } } }
class E { z = eval('(function () { return arguments.length; })(1, 2) + ({ arguments: 1 }).arguments'); }
console.log(new E().z);
function f() { class F { m() { return eval('arguments.length'); } } return new F().m(1, 2, 3); }
console.log(f());
`,
  'await and yield in tagged template substitutions and in for-in heads': `
const tag = function (s, ...v) { return s.raw.join('|') + ':' + v.join(',') + ':' + (this && this.n); };
const o = { n: 'obj', tag };
async function f() {
  console.log(tag\`a\${await 1}b\${2}c\${await Promise.resolve(3)}\`);
  console.log(o.tag\`x\${await 'y'}\`);
  const seen = [];
  for (let i = 0; i < 2; i++) seen.push(((s) => s)\`k\${await i}\`);
  console.log(seen[0] === seen[1]);
  for (const k in await Promise.resolve({ p: 1, q: 2 })) console.log('key', k);
  for (const k in await null) console.log('never');
}
f();
function* g() { for (var k in yield 'obj') console.log('gkey', k); console.log(String.raw\`r\${yield 'sub'}\`); }
const it = g(); it.next(); it.next({ z: 1 }); it.next('S');
`,
  'eval completion values: a finally that breaks or continues gives its own value': `
console.log(eval('1; try { 2 } finally { 3 }'));
console.log(eval('L: try { 5 } finally { break L; }'));
console.log(eval('L: try { 5 } finally { 6; break L; }'));
console.log(eval('for (var i = 0; i < 2; i++) { try { i } finally { if (i == 0) continue; 7 } }'));
console.log(eval('do { try { 1 } finally { try { 2 } finally { 3; break; } } } while (false)'));
console.log(eval('x: { try { throw 1 } catch (e) { "c" } finally { "f" } }'));
console.log(eval('99; do { -99; try { [].x.x } catch (e) { -1 } finally { 42; continue; -3 }; -77 } while (false);'));
`,
  'a private method called on an awaited object keeps it as this': `
class C {
  #v = 'v';
  #m() { return this.#v; }
  static async run(p) { return (await p).#m(); }
  static async opt(p) { return (await p)?.#m(); }
}
C.run(Promise.resolve(new C())).then(console.log);
C.opt(Promise.resolve(null)).then(console.log);
C.run(Promise.resolve({})).catch((e) => console.log(e.constructor.name));
`,
};

describeAgainstNode('semantics: language corners from test262 statements/expressions (against real Node)', cases);

describe('semantics: language corners keep the membrane sealed', () => {
  it('no host object reaches the guest in any of these programs', function () {
    this.timeout(120000);
    const found: string[] = [];
    for (const [name, src] of Object.entries(cases)) {
      for (const f of simulate(src, { detectForeignObjects: true }).analysis.foreignObjects ?? ['detector off']) found.push(`${name}: ${JSON.stringify(f)}`);
    }
    assert.deepEqual(found, []);
  });
});
