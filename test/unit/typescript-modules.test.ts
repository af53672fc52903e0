// TypeScript files that import their neighbours (.ts/.mts/.cts): the host's graph walk reads their
// specifiers from the erased text, a .ts file's kind is detected on it (Node 24), and each module
// runs its erased text. Expected output recorded from Node 24 (expected.node24.json), checked live
// too when the e2e kit's Node 24 is installed.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { analyze } from '../../src/engine';
import { collectSources, typeScriptSpecifiers } from '../../src/engine/modules/graph';
import { diskReader } from '../../src/sources/disk';
import { repoRoot } from '../helpers';

const dir = path.join(repoRoot, 'test', 'fixtures', 'typescript-project');
const expected: Record<string, string> = JSON.parse(fs.readFileSync(path.join(dir, 'expected.node24.json'), 'utf8'));

function node24(): string | null {
  try {
    const paths = JSON.parse(fs.readFileSync(path.join(process.env.VSCODE_E2E_HOME ?? path.join(os.homedir(), '.cache', 'vscode-e2e'), 'paths.json'), 'utf8'));
    return paths.node && fs.existsSync(paths.node) ? paths.node : null;
  } catch {
    return null;
  }
}

describe('TypeScript modules: files that import their neighbours', function () {
  this.timeout(60000);
  for (const [file, stdout] of Object.entries(expected)) {
    it(file, async () => {
      const fileName = path.join(dir, file);
      const source = fs.readFileSync(fileName, 'utf8');
      const modules = await collectSources(fileName, source, diskReader);
      const a = analyze(source, { fileName, modules, detectForeignObjects: true });
      const out = a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + '\n').join('');
      assert.equal(out, stdout, JSON.stringify(a.diagnostics.slice(0, 3)));
      assert.equal(a.exitCode, 0);
      assert.deepEqual(a.foreignObjects ?? [], []);
      const live = node24();
      if (live) assert.equal(spawnSync(live, [fileName], { encoding: 'utf8', cwd: dir }).stdout, stdout, 'Node 24 itself');
    });
  }
});

describe('TypeScript modules: the host finds specifiers without the TypeScript parser', () => {
  it('every import form, type-only ones too (over-collecting is harmless)', () => {
    const text = [
      "import type { A } from './types.ts';",
      "import { b, type C } from \"./b.ts\";",
      "export * from './all.mts';",
      "export { d } from './d.ts';",
      "import './side-effect.ts';",
      "import fs = require('./legacy.cts');",
      "const m = await import('./lazy.ts');",
      "const r = require(`./tpl.cjs`);",
      "const x: Array<string> = [];",
    ].join('\n');
    assert.deepEqual(
      typeScriptSpecifiers(text).map((s) => `${s.kind}:${s.spec}`).sort(),
      ['import:./all.mts', 'import:./b.ts', 'import:./d.ts', 'import:./lazy.ts', 'import:./side-effect.ts', 'import:./types.ts', 'require:./legacy.cts', 'require:./tpl.cjs'],
    );
  });
});

describe('TypeScript modules: package.json "type" decides a .ts file (Node 24), no detection then', function () {
  this.timeout(60000);
  const run = async (type: string, source: string) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-ts-type-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type }));
    const fileName = path.join(root, 'main.ts');
    fs.writeFileSync(fileName, source);
    const modules = await collectSources(fileName, source, diskReader);
    const a = analyze(source, { fileName, modules });
    return { out: a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + '\n').join(''), a, live: node24() ? spawnSync(node24()!, [fileName], { encoding: 'utf8' }) : null };
  };
  it('"type": "module": an ES module even without import/export (Node 24 prints "undefined undefined true 1")', async () => {
    const { out, a, live } = await run('module', 'const n: number = 1;\nconsole.log(typeof require, typeof module, this === undefined, n);\n');
    assert.equal(out, 'undefined undefined true 1\n');
    assert.equal(a.moduleKind, 'module');
    if (live) assert.equal(live.stdout, out);
  });
  it('"type": "commonjs": top-level await is a SyntaxError, not a reason to run it as a module', async () => {
    const { a, live } = await run('commonjs', 'const n: number = 1;\nconsole.log(n);\nawait 0;\n');
    assert.equal(a.moduleKind, 'commonjs');
    assert.equal(a.exitCode, 1);
    assert.ok(a.diagnostics.some((d) => d.code === 'syntax-error' && d.line === 3), JSON.stringify(a.diagnostics));
    if (live) assert.equal(live.status, 1);
  });
});
