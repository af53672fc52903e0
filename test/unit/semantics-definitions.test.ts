// Definitions as V8 records them: the source text a method's toString shows, and the module-scope
// bindings of exported function declarations. Each case is compared with real Node.
import { strict as assert } from 'assert';
import { describeAgainstNode, runNode, simulate } from '../helpers';
import { analyze } from '../../src/engine';

describeAgainstNode('Function#toString of methods shows the whole definition', {
  'class methods, static, accessors, computed, private': `
    class C { m(v) {} static s() {} static /* c */ async *t() {} get g() { return 1; } set g(v) {} [Symbol.iterator]() {} #p() {} q() { return this.#p.toString(); } }
    console.log(C.prototype.m.toString(), '|', C.s.toString(), '|', C.t.toString(), '|', new C().q());
    const d = Object.getOwnPropertyDescriptor(C.prototype, 'g');
    console.log(d.get.toString(), '|', d.set.toString(), '|', C.prototype[Symbol.iterator].toString());`,
  'object literal methods and accessors': `
    const o = { m() {}, get x() { return 1; }, async f() {}, *g() {}, ['k' + 1]() {}, h: function () {}, a: () => 1 };
    console.log(o.m.toString(), '|', Object.getOwnPropertyDescriptor(o, 'x').get.toString(), '|', o.f.toString(), '|', o.g.toString());
    console.log(o.k1.toString(), '|', o.h.toString(), '|', o.a.toString(), '|', String(class A { x() {} }));`,
});

describeAgainstNode(
  'exported declarations bind their names in the module scope',
  {
    'export function / export default function': `
      console.log(typeof f, typeof g, f(), g());
      export default function f() { return 1; }
      export function g() { return 2; }
      export async function h() {}
      export function* k() {}
      console.log(typeof h, typeof k, f.name, g.name);`,
    'export class / const and an anonymous default': `
      export class A { static n = 1; }
      export const c = A.n + 1;
      export default function () { return 3; }
      console.log(A.n, c);`,
  },
  { moduleKind: 'module' },
);

describe('a file that stays CommonJS cannot redeclare a wrapper parameter', () => {
  for (const [name, src] of Object.entries({
    'const module': 'console.log(1);\nconst module = 1;\n',
    'let { require } (a pattern)': 'let { require } = {};\n',
    'class exports': 'class exports {}\n',
  })) {
    it(`${name} in a .cjs file is Node's SyntaxError at load`, () => {
      const expected = runNode(src, '.cjs');
      const actual = simulate(src, { fileName: '/tmp/prog.cjs' });
      assert.equal(actual.exitCode, expected.exitCode);
      assert.equal(actual.stdout, expected.stdout);
      const message = /SyntaxError: .*/.exec(expected.stderr)![0];
      assert.ok(actual.analysis.diagnostics.some((d) => d.code === 'syntax-error' && d.message === message), JSON.stringify(actual.analysis.diagnostics));
    });
  }
});

// Node 20's V8 has no explicit resource management: `using` in a .js file is a SyntaxError at the
// declared name, before anything runs (acorn reads it; Node 24's TypeScript runs it, see using.ts).
describeAgainstNode('`using` declarations are a SyntaxError in JavaScript, as in Node 20', {
  'block using': "console.log('never');\n{\n  using x = { [Symbol.dispose]() {} };\n}\n",
  'await using in an async function': "console.log('never');\nasync function f() {\n  await using x = null;\n}\nf();\n",
  'for (using … of …)': "console.log('never');\nfor (using x of []) {}\n",
  'using as a plain name still works': 'const using = 1;\nlet u = using + 1;\nconsole.log(u, typeof using);\n',
});

describe('`using` SyntaxError: the words and place V8 gives', () => {
  it('names the first declared identifier, at its column', () => {
    const a = analyze("let a = 1;\n{ using res = null; }\n", { fileName: 'u.js' });
    const d = a.diagnostics.find((x) => x.code === 'syntax-error')!;
    assert.equal(d.message, "SyntaxError: Unexpected identifier 'res'");
    assert.deepEqual([d.line, d.column], [2, 8]);
  });
});
