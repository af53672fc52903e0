// TypeScript written the way real code and tutorials write it (test/fixtures/typescript/rw-*.ts, each
// compared with Node 24 by typescript.test.ts): here the positions of what the simulation reports
// on them, the membrane on them, and `export =` across two files.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { collectSources } from '../../src/engine/modules/graph';
import { diskReader } from '../../src/sources/disk';
import { repoRoot, node24 } from '../helpers';

const dir = path.join(repoRoot, 'test', 'fixtures', 'typescript');
const realWorld = fs.readdirSync(dir).filter((f) => /^rw-.*\.[mc]?ts$/.test(f)).sort();


const run = (f: string, extra = {}) => {
  const file = path.join(dir, f);
  return analyze(fs.readFileSync(file, 'utf8'), { fileName: file, ...extra });
};

describe('TypeScript as real code writes it: positions and the membrane', function () {
  this.timeout(60000);

  it('there are at least 30 such programs, each with its Node 24 golden', () => {
    assert.ok(realWorld.length >= 30, String(realWorld.length));
    for (const f of realWorld) assert.ok(fs.existsSync(path.join(dir, f.replace(/\.[mc]?ts$/, '') + '.node24.json')), f);
  });

  for (const f of realWorld) {
    it(`${f}: every console hint is on its console call, at the TypeScript column; no foreign object`, () => {
      const src = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
      const a = run(f, { detectForeignObjects: true });
      assert.deepEqual(a.foreignObjects ?? [], [], f);
      for (const ev of a.console) {
        if (ev.stream === 'stderr' && ev.method === 'error' && !/console\.error/.test(src[ev.line - 1])) continue; // the uncaught error's report
        assert.ok(src[ev.line - 1].slice(ev.column).startsWith('console.'), `${f}:${ev.line}:${ev.column} is "${src[ev.line - 1].slice(ev.column, ev.column + 24)}"`);
      }
    });
  }

  it('a diagnostic after types and a parameter property is on the TypeScript column (rw-abstract-shapes.ts: the RangeError is caught, its throw site named by the stack)', () => {
    const a = run('rw-abstract-shapes.ts');
    const src = fs.readFileSync(path.join(dir, 'rw-abstract-shapes.ts'), 'utf8').split('\n');
    // The first console call of the program, after a class full of types, at its own column.
    const last = a.console.find((e) => e.text.startsWith('RangeError'))!;
    assert.ok(last);
    assert.equal(src[last.line - 1].slice(last.column, last.column + 11), 'console.log');
  });

  it('the uncaught ReferenceError of a merged namespace is where Node 24 says (rw-namespaces.ts 15:59)', () => {
    const a = run('rw-namespaces.ts');
    const d = a.diagnostics.find((x) => x.code === 'unhandled-rejection' || x.code === 'uncaught-error')!;
    assert.ok(d, JSON.stringify(a.diagnostics));
    assert.equal(d.line, 15);
    assert.ok(d.column <= 58 && 58 < (d.endLine === 15 ? d.endColumn : Infinity), JSON.stringify(d));
  });

  it('decorators, JSX and `accessor`: the error on the node Node 24 names', () => {
    const at = (f: string) => {
      const d = run(f).diagnostics.find((x) => x.code === 'syntax-error')!;
      assert.ok(d, f);
      return [d.line, d.column];
    };
    assert.deepEqual(at('rw-decorators.ts'), [4, 2]);
    assert.equal(at('rw-jsx.ts')[0], 3);
    assert.equal(at('rw-accessor.ts')[0], 3);
  });
});

describe('TypeScript: `export =` across files (Node 24 --experimental-transform-types)', () => {
  const fx = path.join(repoRoot, 'test', 'fixtures', 'typescript-export-assign');
  it('main.cts requires greeter.cts, whose `export =` is assigned at the end of its body', async () => {
    const fileName = path.join(fx, 'main.cts');
    const source = fs.readFileSync(fileName, 'utf8');
    const modules = await collectSources(fileName, source, diskReader);
    const a = analyze(source, { fileName, modules, detectForeignObjects: true });
    const out = a.console.map((e) => e.text + '\n').join('');
    const expected = fs.readFileSync(path.join(fx, 'expected.node24.txt'), 'utf8');
    assert.equal(out, expected, JSON.stringify(a.diagnostics));
    assert.deepEqual(a.foreignObjects ?? [], []);
    const live = node24();
    if (live) assert.equal(spawnSync(live, ['--experimental-transform-types', '--no-warnings', fileName], { encoding: 'utf8', cwd: fx }).stdout, expected, 'Node 24 itself');
  });
});
