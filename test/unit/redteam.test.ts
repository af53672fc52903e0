// The red-team probes of test/redteam/: hostile programs that print LEAK / ESCAPED / CAUGHT /
// FINALLY when they observe a host object or survive a host control-flow signal. Each runs in-process
// (layer 1 on its own: the membrane and the interpreter) and through the CLI (every layer).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { simulate, repoRoot } from '../helpers';

const dir = path.join(repoRoot, 'test', 'redteam');
const probes = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
const BAD = /\b(LEAK|ESCAPED|CAUGHT|FINALLY)\b.*/g;

function badLines(text: string): string[] {
  return [...new Set(text.match(BAD) ?? [])];
}

describe('red-team probes', () => {
  it('there are probes', () => assert.ok(probes.length >= 25, `only ${probes.length} probes`));

  describe('in-process (layer 1 alone)', () => {
    for (const file of probes) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      if (source.includes('@redteam cli-only')) continue;
      it(file, () => {
        const r = simulate(source, { fileName: path.join(dir, file), maxMillis: 3000 });
        assert.deepEqual(badLines(r.stdout + r.stderr), [], 'the probe saw the host');
      });
    }
  });

  // The same probes as an ES module and in the browser profile (whose `process` does not exist, so
  // the process.exit probes are left out there: a ReferenceError is rightly catchable; an ES module
  // has no `require`, so the probes that need it are left out there).
  for (const [label, variant] of [
    ['in-process, as an ES module', (file: string) => ({ fileName: path.join(dir, file.replace(/\.js$/, '.mjs')) })],
    ['in-process, browser profile', (file: string) => ({ fileName: path.join(dir, file), runtime: 'browser' as const })],
  ] as const) {
    describe(label, () => {
      for (const file of probes) {
        const source = fs.readFileSync(path.join(dir, file), 'utf8');
        if (source.includes('@redteam cli-only') || (label.includes('browser') && /process\.exit/.test(source))) continue;
        // An ES module has no `require`, as in Node: the probes built on require() are CommonJS-only.
        if (label.includes('ES module') && /\brequire\(/.test(source)) continue;
        it(file, () => {
          const r = simulate(source, { ...variant(file), maxMillis: 3000 });
          assert.deepEqual(badLines(r.stdout + r.stderr), [], 'the probe saw the host');
        });
      }
    });
  }

  describe('through the CLI (every layer)', () => {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    for (const file of probes) {
      it(file, function () {
        if (!fs.existsSync(cli)) this.skip();
        const started = Date.now();
        const r = spawnSync(process.execPath, [cli, 'run', '--max-ms', '3000', path.join(dir, file)], { encoding: 'utf8', timeout: 20000 });
        const millis = Date.now() - started;
        assert.notEqual(r.signal, 'SIGTERM', `did not end within 20 s`);
        assert.ok(millis < 20000, `took ${millis} ms`);
        assert.deepEqual(badLines(r.stdout + r.stderr), [], 'the probe saw the host');
        // (Node's own unhandled-rejection report names node:internal frames; the simulation prints it too.)
        assert.doesNotMatch(r.stderr, /dist\/|src\/engine|FATAL|Fatal/, 'no host frames or V8 fatal in the output');
      });
    }
  });
});
