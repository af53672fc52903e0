// Functions declared in blocks (issue 9): they close over their block's let/const/class (strict and
// sloppy), are hoisted to the top of their block, and in sloppy code Annex B (B.3.3) also assigns a
// function-scoped var when the declaration is evaluated — skipped, as in V8, where that var would
// conflict with an enclosing let/const/class, a parameter, or for async/generator functions.
// Each program is checked against real Node: stdout and exit code must be equal.
import { describeAgainstNode } from '../helpers';

const cases: Record<string, string> = {
  'block function sees the block let': `
    { let n = 1; function f() { return n } console.log(f()) }`,
  'block function sees const and class, strict': `
    'use strict';
    { const k = 'c'; class C { m() { return 'm' } } function f() { return k + new C().m() } console.log(f()) }
    try { f } catch (e) { console.log(e.constructor.name, e.message) }`,
  'call before the declaration in a block': `
    { console.log(g(2)); let base = 10; function g(x) { return x + base } console.log(g(3)) }`,
  'call before declaration hits the TDZ': `
    { try { g() } catch (e) { console.log(e.constructor.name, e.message) } let base = 1; function g() { return base } }`,
  'if body function sees the block': `
    if (true) { let a = 'A'; function h() { return a } console.log(h()) }
    console.log(typeof h, h())`,
  'typeof before block is undefined, after is function': `
    console.log(typeof f, f);
    { function f() { return 1 } }
    console.log(typeof f, f());
    if (false) { function never() {} }
    console.log(typeof never, never);`,
  'annex B assigns when the declaration is evaluated': `
    { console.log(typeof f); f = 5; console.log(f); function f() {} console.log(typeof f); f = 6; }
    console.log(typeof f, f);`,
  'switch case functions': `
    function run(x) {
      switch (x) {
        case 1: let v = 'one'; function sf() { return v } console.log(sf()); break;
        case 2: console.log(typeof sf); break;
      }
      return typeof sf;
    }
    console.log(run(1), run(2), run(3));`,
  'switch case function sees a let from another case': `
    switch (1) { case 0: let q = 'q0'; case 1: q = 'q1'; function sw() { return q } console.log(sw()) }
    console.log(typeof sw);`,
  'strict switch functions are block-scoped': `
    'use strict';
    switch (1) { case 1: function sw() { return 's' } console.log(sw()) }
    console.log(typeof sw);`,
  'loop body functions capture the iteration binding': `
    const fs = [];
    for (let i = 0; i < 3; i++) { function f() { return i } fs.push(f) }
    console.log(fs.map((f) => f()));
    const gs = [];
    for (const x of ['a', 'b']) { let y = x + x; function g() { return y } gs.push(g) }
    console.log(gs.map((g) => g()), typeof g, g());
    let k = 0; const ws = [];
    while (k < 2) { let j = k * 10; function w() { return j } ws.push(w); k++ }
    console.log(ws.map((w) => w()));`,
  'nested blocks': `
    { let a = 1; { let b = 2; function inner() { return a + b } console.log(inner()) } { function inner2() { return a } console.log(inner2()) } }
    console.log(typeof inner, inner(), typeof inner2);`,
  'nested functions in blocks inside functions': `
    function outer() {
      let r = [];
      { let z = 'z'; function mid() { { let w = 'w'; function deep() { return z + w } r.push(deep()) } return typeof deep } r.push(mid()) }
      return r.concat(typeof mid);
    }
    console.log(outer());`,
  'strict mode: block functions are not visible outside': `
    'use strict';
    { function f() { return 1 } console.log(f()) }
    try { f() } catch (e) { console.log(e.constructor.name, e.message) }
    function g() { if (true) { function h() {} } return typeof h }
    console.log(g());`,
  'strict function body': `
    function g() { 'use strict'; { function h() { return 'h' } console.log(h()) } return typeof h }
    console.log(g());`,
  'annex B skipped when a let of the same name encloses': `
    let f = 'outer';
    { function f() { return 'inner' } console.log(typeof f) }
    console.log(f);
    function t() { let g = 1; { function g() {} } return g }
    console.log(t());`,
  'annex B skipped for an intermediate block let': `
    function t() {
      { let f = 'L'; { function f() {} } console.log(f) }
      return typeof f;
    }
    console.log(t());`,
  'annex B with a parameter of the same name': `
    function t(f) { console.log(typeof f); { function f() { return 2 } } return typeof f }
    console.log(t(1));`,
  'annex B for a var of the same name': `
    var f = 1;
    { function f() { return 2 } }
    console.log(typeof f);
    function t() { var g = 'x'; console.log(g); if (true) { function g() {} } return typeof g }
    console.log(t());`,
  'block function redeclared twice in sloppy blocks': `
    { function f() { return 1 } }
    { function f() { return 2 } }
    console.log(f());`,
  'async and generator functions in blocks are block-scoped': `
    { function* gen() { yield 1 } async function af() { return 2 } console.log([...gen()]); af().then(console.log) }
    console.log(typeof gen, typeof af);`,
  'function in block referencing later let via closure': `
    { function f() { return later } let later = 'L'; console.log(f()) }`,
  'block function in async function': `
    async function main() { await null; { let v = 'av'; function f() { return v } console.log(f()) } await null; console.log(typeof f) }
    main();`,
  'labelled block function and if without braces': `
    lbl: { let q = 3; function f() { return q } console.log(f()); break lbl; }
    console.log(typeof f);
    if (true) function g() { return 'g' }
    console.log(typeof g);`,
  'block function shadows an outer function': `
    function f() { return 'outer' }
    { console.log(f()); function f() { return 'inner' } }
    console.log(f());`,
  'try and catch blocks': `
    try { let t = 'T'; function tf() { return t } console.log(tf()) } catch {} 
    try { throw 1 } catch (e) { let u = 'U'; function cf() { return u + e } console.log(cf()) }
    console.log(typeof tf, typeof cf);`,
  'catch parameter of the same name': `
    try { throw 'E' } catch (f) { { function f() {} } console.log(typeof f) }
    console.log(typeof f);`,
  'nested block functions of the same name': `
    { function f() { return 1 } { function f() { return 2 } } } console.log(f());
    function t() { { function g() { return 'a' } { function g() { return 'b' } } } return g() }
    console.log(t());`,
  'a block let between hides the annex B var': `
    function t() { { let f = 1; { function f() {} } } try { return f } catch (e) { return e.constructor.name } }
    console.log(t());
    function u() { { function* h() {} } try { return h } catch (e) { return e.constructor.name } }
    console.log(u());`,
  'if else functions': `
    function t(x) { if (x) function a() { return 'A' }; else function b() { return 'B' } return [typeof a, typeof b] }
    console.log(t(true), t(false));`,
  'switch functions in a function, sloppy': `
    function t(x) { switch (x) { case 1: function one() { return 1 } break; default: function other() { return 0 } } return [typeof one, typeof other] }
    console.log(t(1), t(2), t(3));`,
  'V8: nested same-name blocks, loop heads, catch parameters': `
    { function f(){return 1} { function f(){return 2} } console.log(f()) } console.log(f());
    function t() { { let g = 1; { function g() {} } console.log(g) } try { return g } catch (e) { return e.constructor.name } }
    console.log(t());
    function u() { for (let h of [1]) { { function h() {} } } try { return h } catch (e) { return e.constructor.name } }
    console.log(u());
    function w() { try { throw 0 } catch ({ k }) { { function k() {} } } try { return k } catch (e) { return e.constructor.name } }
    console.log(w());
    function z() { try { throw 0 } catch (k) { { function k() {} } console.log(k) } return typeof k }
    console.log(z());
    `,
  'blocks that suspend: await and yield inside': `
    async function m() { { let v = await 'x'; function f() { return v } console.log(f()) } switch (1) { case 1: let w = await 'y'; function g() { return w } console.log(g()) } return [typeof f, typeof g] }
    m().then(console.log);
    function* gen() { { let a = yield 1; function h() { return a } yield h() } return typeof h }
    const it = gen(); console.log(it.next().value, it.next('A').value, it.next().value);`,
  'labelled function declarations, duplicate switch cases, methods and arrows': `
    l1: function top() { return 't' }
    console.log(typeof top);
    { l2: function inner() { return 'i' } console.log(inner()) }
    console.log(typeof inner);
    switch (2) { case 1: function d() { return 1 } break; case 2: function d() { return 2 } }
    console.log(d());
    function k() { console.log(typeof q); { function q() {} } console.log(typeof q); q = 3; { function q() {} } return typeof q }
    console.log(k());
    var obj = { m() { { function z() { return this } } return typeof z } };
    console.log(obj.m());
    console.log((() => { { function y() {} } return typeof y })());
    `,
};

describeAgainstNode('functions declared in blocks match real Node', cases);
