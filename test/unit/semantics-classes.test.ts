// Classes to the last corner (issue 9): private accessors and methods, brand checks with V8's
// messages, class element evaluation order, static blocks, `delete super.x`, super in object
// literals and static methods. Every program is compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('semantics: classes (against real Node)', {
  'private accessor pairs, static ones, private methods shared by instances': `
class A {
  #v = 1;
  get #x() { return this.#v; }
  set #x(v) { this.#v = v * 10; }
  static get #s() { return 'S'; }
  static set #s(v) { A.log = v; }
  #m() { return 'm'; }
  static #sm() { return 'sm'; }
  test() { this.#x = 2; console.log(this.#x, this.#m(), A.#s, A.#sm()); A.#s = 5; console.log(A.log); }
  static has(o) { return #m in o; }
  same(o) { return this.#m === o.#m; }
}
const a = new A(); a.test();
console.log(A.has(a), A.has({}), a.same(new A()));
console.log(Object.getOwnPropertyNames(a), Object.getOwnPropertyNames(A.prototype));
`,
  'brand checks and writes throw V8 TypeErrors': `
const t = (f) => { try { console.log(f()); } catch (e) { console.log(e.constructor.name + ': ' + e.message); } };
class A { #f = 1; #m() {} get #a() { return 1; } static #sm() {} static get #sa() { return 2; } static #sf = 3;
  static run(o) {
    t(() => o.#f); t(() => { o.#f = 1; }); t(() => o.#m); t(() => o.#m()); t(() => { o.#m = 1; }); t(() => o.#a); t(() => { o.#a = 1; });
    t(() => o.#sm); t(() => o.#sa); t(() => o.#sf); t(() => { o.#sf = 1; }); t(() => { o.#sa = 1; }); t(() => { A.#sa = 1; }); t(() => { A.#sm = 1; });
    t(() => #f in 1); t(() => { this.#m = 2; }); t(() => { const x = new A(); x.#m = 1; });
  } }
A.run({});
const B = class { #m() {} static r(o) { t(() => o.#m); } }; B.r({});
class D { set #w(v) {} static r(o) { t(() => o.#w); t(() => { o.#w = 1; }); t(() => new D().#w); t(() => { new D().#w++; }); } } D.r({});
class Base { constructor(o) { return o; } }
class F extends Base { #f = 1; constructor(o) { super(o); } }
class M extends Base { #m() {} constructor(o) { super(o); } static has(o) { return #m in o; } }
const o = {}; new F(o); t(() => new F(o)); new M(o); console.log(M.has(o)); t(() => new M(o));
`,
  'class element keys are evaluated in source order, static blocks after them': `
const log = [];
const k = (n) => { log.push(n); return n; };
class C {
  [k('a')] = 1;
  [k('b')]() {}
  static [k('c')] = log.push('init c');
  [k('d')] = 3;
  static { log.push('static block ' + this.c); }
  static [k('e')]() {}
  static #p = log.push('init #p');
  static { log.push('second block ' + C.#p); }
}
console.log(log.join(','));
console.log(Object.keys(new C()), Object.getOwnPropertyNames(C));
`,
  'delete super.x throws ReferenceError after evaluating the key; super in object literals and static methods': `
class P { static x() { return 'px'; } y() { return 'py'; } }
class Q extends P {
  static x() { return super.x() + 'q'; }
  d() { try { delete super.y; } catch (e) { console.log(e.constructor.name, e.message); } }
  e() { try { delete super[(console.log('key'), 'y')]; } catch (e) { console.log(e.constructor.name, e.message); } }
}
console.log(Q.x()); new Q().d(); new Q().e(); console.log(typeof P.prototype.y);
const base = { greet() { return 'hi'; } };
const obj = { __proto__: base, greet() { return super.greet() + '!'; } };
console.log(obj.greet());
`,
  'each evaluation of a class makes new private names; super[key] reads this first': `
const make = () => class { #x = 1; #m() { return 'm'; } get #a() { return 'a'; } static read(o) { try { return o.#x + o.#m() + o.#a; } catch (e) { return e.constructor.name + ': ' + e.message; } } static has(o) { return #m in o; } };
const A = make(); const B = make();
console.log(A.read(new A()), A.read(new B()), A.has(new B()), B.has(new B()));
class Base { constructor() { throw new Error('base constructor called'); } }
class Derived extends Base { constructor() { delete super[(super(), 0)]; } }
try { new Derived(); } catch (e) { console.log(e.constructor.name, e.message); }
class D2 extends Object { constructor() { super[(console.log('key'), 'x')]; } }
try { new D2(); } catch (e) { console.log(e.constructor.name, e.message); }
`,
});
