// How V8 names a frame in error.stack (runtime.ts frameLabel): the function's own "name" when it is
// a string data property (GetDebugName: a computed key's `[Symbol.iterator]`, a getter's `get x`, a
// renamed function), the receiver's type before an identifier only, and `[as key]` from the key
// holding the function (as a value, getter or setter). Checked against real Node.
import { describeAgainstNode } from '../helpers';

const label = "const label = (tag) => console.log(tag, new Error().stack.split('\\n')[2].trim().replace(/ \\(.*\\)$/, ''));\n";

describeAgainstNode('semantics: stack frame names (against real Node)', {
  'symbol-keyed and computed methods': label + `
    const o = { [Symbol.iterator]() { label('iterator'); return [][Symbol.iterator](); } };
    [...o];
    class K { [Symbol.iterator]() { label('class iterator'); return [][Symbol.iterator](); } static [Symbol.for('x')]() { label('static symbol'); } }
    [...new K()];
    K[Symbol.for('x')]();
    const p = { ['comp' + 'uted']() { label('computed identifier'); }, ['[abc]']() { label('bracketed'); }, ['a b']() { label('spaced'); }, ['Object.x']() { label('dotted'); }, ['ñu']() { label('unicode'); } };
    p.computed(); p['[abc]'](); p['a b'](); p['Object.x'](); p['ñu']();
    const s = Symbol();
    const q = { [s]() { label('no description'); } };
    q[s]();
  `,
  'getters and setters': label + `
    const a = { get foo() { label('getter'); return 1; }, set foo(v) { label('setter'); }, get [Symbol.toStringTag]() { label('symbol getter'); return 'x'; } };
    a.foo; a.foo = 1; String(a);
    class Q { get bar() { label('class getter'); return 1; } static get sbar() { label('static getter'); return 1; } }
    new Q().bar; Q.sbar;
  `,
  'renamed functions': label + `
    function foo() { label('renamed declaration'); }
    Object.defineProperty(foo, 'name', { value: 'bar' }); foo();
    const o = { m() { label('renamed method'); } };
    Object.defineProperty(o.m, 'name', { value: 'renamed' }); o.m();
    const p = { q() { label('accessor name'); } };
    Object.defineProperty(p.q, 'name', { get() { return 'acc'; } }); p.q();
    const r = { s() { label('deleted name'); } };
    delete r.s.name; r.s();
    class Foo { FooBar() { label('starts with the type'); } }
    new Foo().FooBar();
  `,
});
