// Code from strings (issue 9): direct and indirect eval, the Function constructors, `with`. The text
// is parsed and interpreted by the simulation (src/engine/interp/fromStrings.ts, dynamic.ts), never
// compiled by V8. Each program is checked against real Node: stdout and exit code must be equal.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeAgainstNode, repoRoot, runNode, simulate } from '../helpers';

const show = `const show = (f) => { try { console.log(f()) } catch (e) { console.log(e.constructor.name + ': ' + e.message) } };`;

const evalCases: Record<string, string> = {
  'completion values': `
    console.log(eval('1 + 2'), eval(''), eval('var q = 5'), eval('"str"'), eval('1; var z = 2'), eval('1; {}'));
    console.log(eval('if (true) { "yes" } else { "no" }'), eval('1; if (false) 2'), eval('let i = 0; while (i < 3) i++'), eval('for (const k of [1,2]) k * 10'));
    console.log(eval('x: { 1; break x; 2 }'), eval('try { 7 } finally { 8 }'), eval('switch (2) { case 1: "a"; break; case 2: "b" }'), eval('function d() {}'));`,
  'non-string arguments are returned as is': `
    const o = {}; console.log(eval(o) === o, eval(42), eval(), eval(undefined), eval(new String('1+1')) instanceof String);`,
  'direct eval reads and writes the caller scope': `
    let a = 1; const b = 2;
    function f(p) { let local = 'L'; eval('a = a + p; local += "!"'); return local + a; }
    console.log(f(10), a, eval('a + b'));`,
  'sloppy var and function declarations leak into the function': `
    var x = 'outer';
    function f() {
      eval('var x = "inner"; function helper() { return x + "!" }');
      return [x, helper(), typeof helper];
    }
    console.log(f(), x, typeof helper);`,
  'eval var at the top of a CommonJS file is module scoped': `
    eval('var mv = 3; function mf() { return mv }');
    console.log(mv, mf(), typeof globalThis.mv);`,
  'closures see eval-declared vars': `
    function f() { eval('var n = 1'); return () => ++n; }
    const inc = f(); inc(); console.log(inc());`,
  'let and const stay inside the eval': `
    function f() { eval('let l = 1; const c = 2; class K {}'); return [typeof l, typeof c, typeof K]; }
    console.log(f(), eval('let t = 4; t * 2'), typeof t);`,
  'strict eval keeps its vars': `
    function f() { eval('"use strict"; var s = 1'); return typeof s; }
    function g() { 'use strict'; eval('var s2 = 1; function sf() {}'); return [typeof s2, typeof sf]; }
    console.log(f(), g());`,
  'strictness is inherited': `
    ${show}
    function strictCaller() { 'use strict'; return eval('(function () { return this })()'); }
    function sloppyCaller() { return eval('(function () { return this })()') === globalThis; }
    console.log(strictCaller(), sloppyCaller());
    show(() => { 'use strict'; return eval('undeclared = 1'); });
    show(() => { 'use strict'; return eval('with ({}) {}'); });`,
  'this, arguments and new.target of the caller': `
    function f() { return [eval('this.tag'), eval('arguments.length'), eval('arguments[1]'), eval('new.target === f')]; }
    console.log(f.call({ tag: 't' }, 'a', 'b'), new f()[3]);
    const o = { m() { return (() => eval('this === o'))(); } };
    console.log(o.m(), eval('this === module.exports'));`,
  'eval var conflicting with an enclosing let is a SyntaxError': `
    ${show}
    function f() { let x = 1; { show(() => eval('var x = 2')); } return x; }
    console.log(f());
    show(() => { let y; { eval('var y') } });
    try { throw 1 } catch (e) { eval('var e = 5'); console.log(e); }`,
  'indirect eval is global code': `
    var top = 'module';
    function f() { var local = 1; return [(0, eval)('typeof local'), (0, eval)('typeof top'), globalThis.eval('this === globalThis')]; }
    console.log(f());
    (0, eval)('var gv = 1; function gf() { return gv + 1 }');
    console.log(gv, gf(), Object.getOwnPropertyDescriptor(globalThis, 'gv'));
    const e = eval; console.log(e('typeof top'), [1].map(eval)[0]);`,
  'eval is direct only when it is the built-in': `
    function f() { var v = 'local'; const eval = (s) => 'shadowed ' + s; return eval('v'); }
    console.log(f());
    function g() { var w = 'local'; return (eval)('w'); }
    console.log(g());
    function h() { var u = 1; return eval?.('typeof u'); }
    console.log(h());`,
  'eval with spread arguments': `
    function f() { var z = 1; try { return eval(...['z']); } catch (e) { return e.message; } }
    function g() { var z = 2; return eval('z', ...[]); }
    function h() { var z = 3; return eval(...[], 'z'); }
    console.log(f(), g(), h());`,
  'delete of eval-declared vars': `
    function f() { eval('var d = 1'); const r = [delete d, typeof d]; var s = 1; r.push(delete s, typeof s); return r; }
    console.log(f());`,
  'SyntaxErrors are catchable with V8 messages': `
    ${show}
    show(() => eval('a b'));
    show(() => eval('let x = 1; let x = 2'));
    show(() => eval('return 1'));
    show(() => eval('1 +'));
    show(() => eval('"abc'));
    show(() => eval('}'));
    show(() => eval('var 1'));
    try { eval('{') } catch (e) { console.log(e instanceof SyntaxError, e.constructor === SyntaxError, Object.prototype.toString.call(e)); }`,
  'errors thrown inside eval': `
    try { eval('null.x') } catch (e) { console.log(e.constructor.name, e.message); }
    try { eval('throw new RangeError("r")') } catch (e) { console.log(e instanceof RangeError, e.message); }
    try { eval('missing') } catch (e) { console.log(e.message); }`,
  'functions from eval print their own text': `
    const f = eval('(function named(a) { return a * 2 })');
    console.log(f(4), f.name, String(f), eval('(x => x)').toString(), eval('(class K { m() {} })').toString());`,
  'functions declared in blocks of sloppy eval code (Annex B)': `
    function f() { eval('{ function g() { return 1 } }'); return typeof g; }
    function m() { let q = 1; { eval('{ function q() {} }'); } return typeof q; }
    function sw() { eval('switch (1) { case 1: function sf() { return "sf" } }'); return sf(); }
    function bl() { eval('console.log(typeof inner); { function inner() {} } console.log(typeof inner)'); }
    function strict() { 'use strict'; eval('{ function sg() {} }'); return typeof sg; }
    console.log(f(), m(), sw(), strict()); bl();
    (0, eval)('{ function ge() { return "ge" } }'); console.log(ge());`,
  'nested eval': `
    function f() { var a = 1; return eval('var b = 2; eval("var c = a + b; c * 10")') + c; }
    console.log(f());`,
  'eval in a loop and in callbacks': `
    let sum = 0; for (let i = 0; i < 5; i++) sum += eval('i * i');
    console.log(sum, [1, 2, 3].map((v) => eval('v + 1')));
    setTimeout(() => console.log(eval('sum')), 0);
    Promise.resolve(3).then((v) => console.log(eval('v * 2')));`,
  'eval inside generators and async functions': `
    function* g() { const k = 2; yield eval('k * 3'); var m = eval('var inner = 4; inner'); yield m + inner; }
    console.log([...g()]);
    (async () => { const z = await 5; console.log(eval('z + 1'), eval(await 'typeof z'), eval(...(await ['typeof z']))); })();`,
  'eval inside class methods and super': `
    class A { hi() { return 'A'; } }
    class B extends A { hi() { return eval('super.hi() + "B"'); } static s() { return eval('this.name'); } }
    console.log(new B().hi(), B.s());`,
  'eval with arrow functions in the string': `
    const make = eval('(n) => () => n * 2');
    console.log(make(21)());`,
};

const functionCases: Record<string, string> = {
  'new Function with parameters': `
    const add = new Function('a', 'b', 'return a + b');
    const add3 = Function('a, b', 'c', 'return a + b + c');
    console.log(add(1, 2), add3(1, 2, 3), add.length, add3.length, add.name, new Function().name);`,
  'source text as V8 prints it': `
    console.log(String(new Function('a,b', 'c', 'return a')));
    console.log(String(new Function()));
    console.log(String(Function('x', '')));
    console.log(new Function('return 1').toString());`,
  'global scope, sloppy this': `
    var notVisible = 1; const alsoNot = 2;
    console.log(Function('return typeof notVisible + typeof alsoNot')(), Function('return this')() === globalThis);
    console.log(Function('"use strict"; return this')(), Function('return typeof anonymous')());`,
  'default and rest parameters': `
    const f = new Function('a = 1', '...rest', 'return [a, rest]');
    console.log(f(), f(5, 6, 7), f.length);`,
  'constructors reachable from prototypes': `
    const GF = Object.getPrototypeOf(function* () {}).constructor;
    const AF = Object.getPrototypeOf(async function () {}).constructor;
    const AGF = Object.getPrototypeOf(async function* () {}).constructor;
    console.log(GF.name, AF.name, AGF.name, Object.getPrototypeOf(GF) === Function, (function () {}).constructor === Function);
    const g = new GF('a', 'yield a; yield a * 2');
    console.log([...g(3)], String(g), Object.prototype.toString.call(g));
    AF('x', 'return await x')(Promise.resolve(9)).then((v) => console.log('async', v));
    (async () => { const it = AGF('yield 1; yield 2')(); for await (const v of it) console.log('ag', v); })();
    console.log(String(AF('return 1')), String(AGF('')));`,
  'Function constructor errors': `
    ${show}
    show(() => new Function('a b', 'return 1'));
    show(() => new Function('return }'));
    show(() => new Function('}); (function () {'));
    show(() => new Function('/*', '*/){'));
    show(() => Function(Symbol('s'), ''));`,
  'Function as a constructor of classes, instanceof': `
    const f = new Function('this.v = 1');
    console.log(new f().v, f instanceof Function, Function.prototype.constructor === Function, typeof Function.prototype);
    class Sub extends Function {}
    const s = new Sub('return 7');
    console.log(s(), s instanceof Sub);`,
  'functions from strings see globals, not the module': `
    globalThis.gx = 'g';
    console.log(new Function('return gx + typeof module + typeof exports + typeof __filename')());`,
};

const withCases: Record<string, string> = {
  'with reads and writes the object': `
    const o = { a: 1, b: 2 };
    with (o) { a = a + b; var created = a; c = 3; }
    console.log(o, created, typeof c, globalThis.c);`,
  'with calls methods on the object': `
    const o = { v: 10, m() { return this === o ? this.v : 'wrong'; } };
    with (o) { console.log(m()); }
    function outer() { return typeof this; }
    with (o) { console.log(outer()); }`,
  'with and Symbol.unscopables': `
    const o = { hidden: 'o', shown: 'o', [Symbol.unscopables]: { hidden: true } };
    var hidden = 'outer', shown = 'outer';
    with (o) { console.log(hidden, shown); }
    with ([1, 2]) { console.log(typeof values, length, typeof includes); }`,
  'with over primitives and proxies': `
    with ('abc') { console.log(length, charAt(1)); }
    const log = [];
    const p = new Proxy({ x: 1 }, { has(t, k) { log.push(typeof k === 'string' ? k : 'sym'); return k in t; } });
    with (p) { x; }
    console.log(log);
    try { with (null) {} } catch (e) { console.log(e.constructor.name, e.message); }`,
  'closures created in with': `
    const o = { n: 1 };
    let f; with (o) { f = () => n++; }
    f(); f(); console.log(o.n);`,
  'with is a SyntaxError in strict code': `
    ${show}
    show(() => eval('"use strict"; with ({}) {}'));
    show(() => Function('"use strict"; with ({}) {}'));`,
  'with inside functions and loops': `
    function f(obj) { let total = 0; for (const k of ['a', 'b']) with (obj) { total += eval(k); } return total; }
    console.log(f({ a: 1, b: 2 }));
    const o = { i: 0 };
    with (o) { while (i < 3) i++; }
    console.log(o.i);`,
  'a binding deleted while the right-hand side runs (sloppy)': `
    const env = Object.create(new Int32Array(10));
    Object.defineProperty(env, 'NaN', { configurable: true, value: 100 });
    with (env) { NaN = (delete env.NaN, 0); }
    console.log(Object.getOwnPropertyDescriptor(env, 'NaN'), NaN);
    undefined = 1; Infinity = 2; console.log(undefined, Infinity);`,
  // V8 finds the binding again when it writes it (not as ECMA-262 says, before the right-hand side).
  'assignments look the name up again when they write': `
    const outer = { x: 0 };
    const inner = { get x() { delete this.x; return 2; } };
    with (outer) { with (inner) { x ^= 3; } }
    console.log(inner.x, outer.x);
    const o2 = { x: 0 }, i2 = { get x() { delete this.x; return 5; } };
    with (o2) { with (i2) { x--; } }
    console.log(i2.x, o2.x);
    const o3 = { y: 1 };
    with (o3) { y = (delete o3.y, 'again'); }
    console.log(o3);
    function f() { var x = 3; const inner = (function () { x *= (eval('var x = 2;'), 4); return x; })(); return [inner, x]; }
    console.log(f());`,
  'typeof and delete inside with': `
    const o = { p: 1 };
    with (o) { console.log(typeof p, typeof nothere, delete p, typeof p); }`,
};

describeAgainstNode('eval (issue 9)', evalCases);
describeAgainstNode('Function constructors (issue 9)', functionCases);
describeAgainstNode('with (issue 9)', withCases);

describe('code from strings: budgets and positions', () => {
  it('an endless loop inside eval ends with the step budget', () => {
    const r = simulate(`try { eval('for (;;) {}') } catch (e) { console.log('caught') }`, { maxSteps: 20000 });
    assert.equal(r.analysis.stoppedBy, 'step-budget');
    assert.doesNotMatch(r.stdout, /caught/);
  });
  it('eval-ed code is attributed to the eval call line', () => {
    const r = simulate(`const a = 1;\n\neval('console.log(1);\\n\\n\\nconsole.log(2)');\n`);
    assert.deepEqual(r.analysis.console.map((e) => e.line), [3, 3]);
  });
  it('a TDZ read inside eval is reported at the eval call', () => {
    const r = simulate(`try { eval('x') } catch (e) {}\nlet x = 1;\n`);
    const d = r.analysis.diagnostics.filter((x) => /temporal dead zone/.test(x.message));
    assert.ok(d.length > 0, 'the TDZ read is reported');
    for (const x of d) assert.equal(x.line, 1);
  });
  it('no foreign objects with code from strings', () => {
    const r = simulate(
      `const f = Function('a', 'return [a, this, arguments]'); f({});
       console.log(eval('({ o: [1], g: function* () { yield 1 } })').g().next());
       with ({ w: {} }) { w; }
       (0, eval)('new Error("e")');
       Object.getPrototypeOf(async function () {}).constructor('return 1')().then(console.log);`,
      { detectForeignObjects: true },
    );
    assert.equal(r.stdout, '{ value: 1, done: false }\n1\n');
    assert.deepEqual(r.analysis.foreignObjects, []);
  });
});

describe('code from strings in the browser profile (golden stdout recorded in Chromium)', () => {
  // Re-record with: bash test/fixtures/browser-truth/record.sh
  const dir = path.join(repoRoot, 'test', 'fixtures', 'browser-truth');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    it(file, () => {
      const r = simulate(fs.readFileSync(path.join(dir, file), 'utf8'), { runtime: 'browser' });
      assert.equal(r.stdout, fs.readFileSync(path.join(dir, file.replace(/\.js$/, '.chromium.txt')), 'utf8'));
    });
  }
  it('a string handler with a syntax error is reported when the timer fires; the loop goes on', () => {
    const r = simulate(`setTimeout('syntax error here', 0); setTimeout(() => console.log('next'), 1);`, { runtime: 'browser' });
    assert.match(r.stderr, /Uncaught SyntaxError: Unexpected identifier 'error'/);
    assert.equal(r.stdout, 'next\n');
  });
  it('Node rejects a string callback with ERR_INVALID_ARG_TYPE', () => {
    const src = `try { setTimeout('1', 0) } catch (e) { console.log(e.code, eval('e.message')) }`;
    assert.equal(simulate(src).stdout, runNode(src).stdout);
  });
});

describe('code from strings: no foreign objects in any program of this file', () => {
  it('the detector finds none', function () {
    this.timeout(120000);
    const found: string[] = [];
    for (const [name, src] of Object.entries({ ...evalCases, ...functionCases, ...withCases })) {
      for (const f of simulate(src, { detectForeignObjects: true }).analysis.foreignObjects ?? ['detector off']) found.push(`${name}: ${JSON.stringify(f)}`);
    }
    assert.deepEqual(found, []);
  });
});
