// A file Node cannot compile: `event-loop-lens run` prints what `node FILE` prints on stderr, byte for
// byte (the path or file URL, the line, carets under the token, V8's message, the loader's frames),
// and the diagnostic carries V8's message. Each program is run by real Node for the expected text.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { repoRoot } from '../helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-syntax-'));

const programs: Record<string, string> = {
  'await-in-plain-function.js': 'console.log(1);\nfunction f() { await x; }\n',
  'redeclared-let.js': 'let x = 1;\nlet x = 2;\n',
  'unexpected-token.js': 'var a = {;\n',
  'with-in-strict.js': '"use strict";\nwith (a) {}\n',
  'await-without-operand.js': 'async function f() { await }\n',
  'number-after-number.js': 'let a = 1 2;\n',
  'identifier-after-string.js': 'const s = "a" b;\n',
  'module-redeclared.mjs': 'let a = 1;\nlet a = 2;\nexport {};\n',
  // Private names: V8 puts "must be declared" at the token before the name, one column.
  'private-in-outside-class.js': 'class A { #x = 1; }\nconsole.log(new A(), #x in A);\n',
  'private-member-undeclared.js': 'class B {\n  m() { return this  .  #y; }\n}\n',
  'private-first-token.js': '#x in {};\n',
  'private-of-inner-class.js': 'class C { m(o) { class D { #q } return o?.#q; } }\n',
  'private-as-operand.js': 'class C { #y; m(o) { return #y + 1; } }\n',
  'private-in-not-leftmost.js': 'class C { #y; m(o) { return 1 + #y in o; } }\n',
  'private-as-argument.js': 'let t = `${1}`;\nclass C extends Object { #y; m() { f(`${#y}`); } }\n',
};

describe('CLI: syntax errors as Node prints them', function () {
  this.timeout(60000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: `npm test` builds it first');
  });
  for (const [name, src] of Object.entries(programs)) {
    it(name, () => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, src);
      const node = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000 });
      const sim = spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8', timeout: 60000 });
      assert.equal(sim.stderr, node.stderr);
      assert.equal(sim.status, node.status);
      const message = /^SyntaxError: .*$/m.exec(node.stderr)![0];
      const a = analyze(src, { fileName: file });
      assert.equal(a.diagnostics.find((d) => d.code === 'syntax-error')?.message, message);
    });
  }
});

describe('private names misused: the diagnostic, and code from strings', () => {
  it('puts the diagnostic where V8 does: the token before the name', () => {
    const a = analyze('const o = {};\nconsole.log(#secret in o);\n', { fileName: 'p.js' });
    const d = a.diagnostics.find((x) => x.code === 'syntax-error')!;
    assert.equal(d.message, "SyntaxError: Private field '#secret' must be declared in an enclosing class");
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [2, 11, 2, 12]);
  });
  it('code from strings inside a class body knows the class (differential)', () => {
    const src = [
      "try { eval('#x in {}'); } catch (e) { console.log(e.message); }",
      "class C { #y = 1; m() { try { return eval('f(#y)'); } catch (e) { return e.message; } } n() { try { return eval('#z in this'); } catch (e) { return e.message; } } }",
      'console.log(new C().m(), new C().n());',
      "try { new Function('return 1 + #z'); } catch (e) { console.log(e.message); }",
    ].join('\n');
    const file = path.join(tmp, 'private-eval.js');
    fs.writeFileSync(file, src);
    const node = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000 });
    assert.equal(node.status, 0, node.stderr);
    assert.equal(analyze(src, { fileName: file }).console.map((c) => c.text).join('\n') + '\n', node.stdout);
  });
});

