// Functions and arguments (issue 9): sloppy-mode mapped `arguments` (linked to the parameters both
// ways, `callee`), unmapped in strict code and with non-simple parameters, `arguments` in parameter
// defaults, the separate scope of parameter expressions, assigning to a named function expression's
// own name, `.name` inference; and Node's syntax detection of a `.js` file that is an ES module.
// Each program is checked against real Node: stdout and exit code must be equal.
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

const show = `const show = (f) => { try { console.log(f()) } catch (e) { console.log(e.constructor.name + ': ' + e.message) } };`;

const argumentsCases: Record<string, string> = {
  'mapped arguments are linked both ways': `
    function f(a, b) { arguments[0] = 'A'; b = 'B'; return [a, arguments[1], arguments.length]; }
    console.log(f(1, 2), f(1));`,
  'arguments.callee': `
    function f() { return arguments.callee === f; }
    const g = function () { return arguments.callee; };
    console.log(f(), g() === g, Object.getOwnPropertyDescriptor((function () { return arguments })(), 'callee').enumerable);`,
  'strict arguments are unmapped and callee throws': `
    ${show}
    function g(a) { 'use strict'; arguments[0] = 9; return [a, arguments[0]]; }
    function sloppy(a) { arguments[0] = 9; return [a, arguments[0]]; }
    console.log(g(1), sloppy(1));
    show(function () { 'use strict'; return arguments.callee; });
    console.log(typeof Object.getOwnPropertyDescriptor((function () { 'use strict'; return arguments })(), 'callee').get);`,
  'non-simple parameters get unmapped arguments': `
    ${show}
    function h(a = 1) { arguments[0] = 9; return [a, arguments.length]; }
    function r(a, ...rest) { a = 'changed'; return arguments[0]; }
    function d({ x }) { return arguments[0].x; }
    function simple(a) { arguments[0] = 9; return a; }
    console.log(h(5), r(1, 2), d({ x: 3 }), simple(5));
    show(function (a = 0) { return arguments.callee; });`,
  'delete and defineProperty unmap': `
    function d(a) { delete arguments[0]; arguments[0] = 'x'; return [a, arguments[0]]; }
    function df(a) { Object.defineProperty(arguments, '0', { value: 'def' }); const r1 = a; a = 'after'; return [r1, arguments[0]]; }
    function nw(a) { Object.defineProperty(arguments, '0', { writable: false }); a = 2; return [a, arguments[0]]; }
    console.log(d(1), df(1), nw(1));`,
  'parameters past the actual arguments are not mapped': `
    function f(a, b) { b = 2; arguments[1] = 3; arguments[0] = 'mapped'; return [a, b, arguments[1], arguments.length]; }
    console.log(f(1));`,
  'duplicate parameters map the last one': `
    function dup(a, a) { arguments[1] = 'second'; return a; }
    console.log(dup(1, 2));`,
  'a function declaration replaces the parameter': `
    function fa(a) { function a() {} return [typeof a, typeof arguments[0]]; }
    function va(a) { var a; return [a, arguments[0]]; }
    console.log(fa(1), va(7));`,
  'closures and arrows share the mapping': `
    function cl(a) { const r = () => a; arguments[0] = 'changed'; const w = () => { a = 'arrow'; }; const before = r(); w(); return [before, arguments[0]]; }
    function arrowArgs() { return (() => arguments[0])(); }
    console.log(cl('orig'), arrowArgs('outer'));`,
  'arguments printing and iteration': `
    (function f(x) { console.log(arguments, [...arguments], Object.prototype.toString.call(arguments), Array.isArray(arguments), arguments.callee === f); })(1, 'two');
    (function () { 'use strict'; console.log(arguments, arguments.length); })(3);`,
  'arguments in parameter defaults': `
    function k(a, b = arguments[0] * 2) { return b; }
    function len(a = arguments.length) { return a; }
    const arrow = (x = typeof arguments) => x;
    console.log(k(21), len(undefined, 1, 2), (function () { return arrow(); })());`,
  'arguments in generators and async functions': `
    function* g(a) { arguments[0] = 'g'; yield a; }
    async function af(a) { a = 'af'; return arguments[0]; }
    console.log([...g(1)]);
    af(1).then(console.log);`,
};

const scopeCases: Record<string, string> = {
  'closures in defaults do not see body vars': `
    var x = 'outer';
    function f(a = () => x) { var x = 'inner'; return [a(), x]; }
    console.log(f());`,
  'a body var named like a parameter starts with its value': `
    function g(a, b = () => a) { var a; return [a, b()]; }
    function h(a, b = () => a) { var a = 2; return [a, b()]; }
    console.log(g(1), h(1));`,
  'defaults read outer names, not body vars': `
    var y = 1;
    function k(a = y) { var y = 2; return [a, y]; }
    function fd(a = () => typeof fn) { function fn() {} return [a(), typeof fn]; }
    console.log(k(), fd());`,
  'parameter TDZ': `
    ${show}
    show(() => (function (a = b, b) { return a })());
    show(() => (function (a, b = a) { return b })(3));
    show(() => (function (a = () => typeof v) { var v = 1; return a() })());`,
  'constructors, methods and generators with parameter scopes': `
    ${show}
    class A { constructor(v = () => typeof y) { var y = 'body'; this.v = v; } }
    class B extends A { constructor(q = 1) { super(); var w = q; this.w = w; } }
    function Ctor(p = () => typeof z) { var z = 1; this.r = p(); }
    console.log(new A().v(), new B(4).w, new Ctor().r);
    function* gf(a = () => typeof inner) { var inner; yield a(); }
    async function af(a = () => typeof body) { var body = 1; return a(); }
    console.log([...gf()]); af().then(console.log);`,
  'eval in parameter defaults': `
    var e = 'outer';
    function f(a = eval('e')) { var e = 'inner'; return a; }
    console.log(f());`,
};

const nameCases: Record<string, string> = {
  'assigning a named function expression its own name': `
    const f = function g() { g = 1; return typeof g; };
    const n = function m() { m++; return typeof m; };
    const h = function k() { 'use strict'; try { k = 1; } catch (e) { console.log(e.constructor.name, e.message); } return typeof k; };
    const z = function q() { var q = 1; return q; };
    console.log(f(), n(), h(), z());`,
  'name inference edge cases': `
    const s = Symbol('desc'), e = Symbol();
    const o = { [s]: function () {}, [e]: () => {}, get x() { return 1; }, set x(v) {}, m() {}, 'str key': function () {}, 5: () => {}, [\`c\${1}\`]: class {} };
    const d = Object.getOwnPropertyDescriptor(o, 'x');
    console.log(o[s].name, JSON.stringify(o[e].name), d.get.name, d.set.name, o.m.name, o['str key'].name, o[5].name, o.c1.name);
    function foo() {}
    console.log(foo.bind(null).name, foo.bind().bind().name, (() => {}).bind().name);
    class C { field = function () {}; static sf = () => {}; #p = function () {}; getP() { return this.#p.name; } [s] = () => {}; static [Symbol.iterator] = function () {}; static { this.blk = function () {}; } }
    const c = new C();
    console.log(c.field.name, C.sf.name, c.getP(), c[s].name, C[Symbol.iterator].name, JSON.stringify(C.blk.name));
    let a; a ||= function () {}; let b = null; b ??= () => {}; let dd = 1; dd &&= class {};
    const { p = function () {} } = {}; const [q = () => {}] = []; let r; ({ r = function () {} } = {}); let t; [t = class {}] = [];
    function params(f = function () {}, { g = () => {} } = {}) { return [f.name, g.name]; }
    console.log(a.name, b.name, dd.name, p.name, q.name, r.name, t.name, params());
    const anon = (function () { return function () {}; })();
    let w = (0, function () {}); const x2 = (function () {}); const arr = [function () {}]; o.assigned = function () {};
    console.log(JSON.stringify(anon.name), JSON.stringify(w.name), x2.name, JSON.stringify(arr[0].name), JSON.stringify(o.assigned.name), JSON.stringify((class {}).name));
    var pf; (pf) = function () {}; console.log(JSON.stringify(pf.name));`,
};

const detectionCases: Record<string, string> = {
  'a .js file with export runs as an ES module': `
    export {};
    console.log(typeof require, typeof module, this);`,
  'a .js file with top-level await runs as an ES module': `
    await null;
    console.log(typeof exports);`,
  'redeclaring a wrapper name makes the file an ES module (Node 20.19+)': `
    console.log(typeof require);
    const module = 1;
    console.log(module);`,
  'let require, class exports, destructured __filename': `
    let require = 2; class exports {} const { __filename = 'f' } = {};
    console.log(require, typeof exports, __filename, this);`,
  'var and function redeclarations stay CommonJS': `
    var exports = 5; function require() { return 'mine'; }
    { let module = 1; console.log(module); }
    console.log(exports, require(), typeof module, typeof globalThis.require);`,
};

describeAgainstNode('arguments (issue 9)', argumentsCases);
describeAgainstNode('parameter scopes (issue 9)', scopeCases);
describeAgainstNode('function names (issue 9)', nameCases);
describeAgainstNode('CommonJS or ES module: syntax detection (issue 9)', detectionCases);

describe('functions and arguments: no foreign objects in any program of this file', () => {
  it('the detector finds none', function () {
    this.timeout(120000);
    const found: string[] = [];
    for (const [name, src] of Object.entries({ ...argumentsCases, ...scopeCases, ...nameCases })) {
      for (const f of simulate(src, { detectForeignObjects: true }).analysis.foreignObjects ?? ['detector off']) found.push(`${name}: ${JSON.stringify(f)}`);
    }
    assert.deepEqual(found, []);
  });
});
