// The browser profile against a real Chromium: every program of test/browser-corpus (ours) and of
// the ground-truth tool's examples (../shared/tools/browser-truth/examples) must print exactly what
// Chromium printed, recorded next to it (NAME.expected.txt; `npm run record:browser-corpus`
// re-records ours). No Chromium is needed here. Each program names the tool's flags on a
// `// browser-truth: ...` line, which the simulator reads as well; `// expect-exit: N` the exit code
// (the tool's: 1 when an error stayed uncaught, the page going on; 124 for a page that never gives
// the event loop back, a step budget here). Every run also looks for host objects reaching
// the guest (the membrane's detector): there must be none.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine/simulator';

const dirs = [path.join(__dirname, '..', 'browser-corpus'), path.join(__dirname, '..', '..', '..', 'shared', 'tools', 'browser-truth', 'examples')];

for (const dir of dirs) {
  if (!fs.existsSync(dir)) continue;
  describe(`browser profile vs Chromium: ${path.relative(path.join(__dirname, '..', '..'), dir)}`, () => {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.js')).sort()) {
      const expectedFile = path.join(dir, f.replace(/\.js$/, '.expected.txt'));
      if (!fs.existsSync(expectedFile)) continue;
      it(f, () => {
        const source = fs.readFileSync(path.join(dir, f), 'utf8');
        const expected = fs.readFileSync(expectedFile, 'utf8');
        const expectExit = Number(/^\s*\/\/\s*expect-exit:\s*(\d+)/m.exec(source)?.[1] ?? 0);
        // 18-microtask-infinite never ends (the tool's real-time limit): a short step budget here.
        const a = analyze(source, { runtime: 'browser', fileName: f, detectForeignObjects: true, maxSteps: expectExit === 124 ? 200_000 : undefined });
        const stdout = a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + (e.method === 'write' ? '' : '\n')).join('');
        assert.equal(stdout, expected);
        // (A script that does not compile runs nothing: no detector ran.)
        assert.deepEqual(a.foreignObjects ?? (a.stoppedBy === 'syntax-error' ? [] : undefined), []);
        const codes = a.diagnostics.map((d) => d.code);
        if (expectExit !== 124) assert.equal(a.exitCode, expectExit, 'the exit code, as the tool gives it');
        if (expectExit === 1) assert.ok(codes.includes('uncaught-error') || codes.includes('unhandled-rejection') || codes.includes('syntax-error'), 'an uncaught error is reported');
        else if (expectExit === 124) assert.ok(codes.includes('step-budget'), 'the endless microtask chain hits the budget');
        else assert.ok(!codes.includes('uncaught-error') && !codes.includes('unsupported') && !codes.includes('not-available'), codes.join(','));
      });
    }
  });
}
