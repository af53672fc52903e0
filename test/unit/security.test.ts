// The product never executes the user's file: no host object is reachable from simulated code,
// code generation is off, and require/fs/child_process are "not available" errors.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { simulate as simulateUnchecked, repoRoot, type RunResult } from '../helpers';
import type { AnalyzeOptions } from '../../src/engine/types';

/** Every program here runs with the foreign-object detector (src/engine/membrane.ts), which must find nothing. */
function simulate(source: string, options: AnalyzeOptions = {}): RunResult {
  const r = simulateUnchecked(source, { ...options, detectForeignObjects: true });
  assert.deepEqual(r.analysis.foreignObjects, [], 'no host object reached guest code');
  return r;
}

describe('never executes the user file', () => {
  it('require(fs).writeFileSync and child_process.execSync leave no trace and get a clear error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-sec-'));
    const marker = path.join(dir, 'pwned.txt');
    const marker2 = path.join(dir, 'pwned2.txt');
    const src = `
      try { require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); console.log('WROTE'); } catch (e) { console.log(e.message); }
      try { require('child_process').execSync('touch ${marker2}'); console.log('RAN'); } catch (e) { console.log(e.message); }
      require('fs').writeFileSync(${JSON.stringify(marker)}, 'uncaught');`;
    const r = simulate(src);
    assert.ok(!fs.existsSync(marker), 'the file must not be written');
    assert.ok(!fs.existsSync(marker2), 'the command must not run');
    assert.match(r.stdout, /require\('fs'\) is not available in the simulation/);
    assert.match(r.stdout, /require\('child_process'\) is not available in the simulation/);
    assert.equal(r.exitCode, 1, 'an uncaught "not available" error ends the simulated process like Node would');
    const codes = r.analysis.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('not-available'));
    assert.ok(codes.includes('uncaught-error'));
  });

  it('the CLI run of a hostile file touches nothing either', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-sec-'));
    const marker = path.join(dir, 'cli-pwned.txt');
    const file = path.join(dir, 'hostile.js');
    fs.writeFileSync(file, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');`);
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) return; // built by `npm test` before mocha runs
    const r = spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.ok(!fs.existsSync(marker));
    assert.match(r.stderr, /not available in the simulation/);
  });

  const escapes: Record<string, string> = {
    'constructor.constructor': `[].constructor.constructor('return process')()`,
    'Function': `Function('return globalThis.process')()`,
    'eval': `eval('process')`,
    'indirect eval': `(0, eval)('1')`,
    'async function constructor': `(async () => {}).constructor('return process')`,
    'generator function constructor': `(function* () {}).constructor('yield process')`,
    'built-in function constructor': `console.log.constructor('return process')()`,
    'string method constructor': `''.toUpperCase.constructor('return process')()`,
    'timer handle': `setTimeout(() => {}, 1).constructor.constructor('return process')()`,
    'promise resolver': `new Promise((res) => res.constructor.constructor('return process')())`,
    'import()': `import('fs')`,
    'globalThis.process.binding': `globalThis.process.binding('fs')`,
    'process.mainModule': `process.mainModule.require('fs')`,
    'module.require': `module.require('fs')`,
  };
  for (const [name, expr] of Object.entries(escapes)) {
    it(`no escape through ${name}`, () => {
      const src = `
        let leaked = 'blocked';
        try {
          const v = ${expr};
          if (v && typeof v === 'object' && typeof v.then === 'function') v.then(() => {}, () => {});
          if (v && typeof v === 'object' && typeof v.pid === 'number' && typeof v.exit === 'function' && typeof v.binding === 'function') leaked = 'LEAKED';
        } catch (e) { leaked = 'blocked: ' + e.name; }
        console.log(leaked);`;
      const r = simulate(src);
      assert.doesNotMatch(r.stdout, /LEAKED/);
      assert.match(r.stdout, /blocked/);
    });
  }

  it('Error.prepareStackTrace cannot hand out host call sites', () => {
    const r = simulate(`
      try { Error.prepareStackTrace = (e, sites) => sites.map((s) => s.getFunction()); } catch (e) { console.log('locked'); }
      const s = new Error('x').stack;
      console.log(typeof s === 'string' ? 'string stack' : 'LEAKED');`);
    assert.doesNotMatch(r.stdout, /LEAKED/);
  });

  it('getters and callbacks invoked by built-ins receive only guest values', () => {
    const r = simulate(`
      const seen = [];
      const probe = (v) => { if (v && (typeof v === 'object' || typeof v === 'function')) { try { const F = v.constructor && v.constructor.constructor; seen.push(F === Function ? 'guest' : 'LEAKED'); } catch (e) { seen.push(e.name); } } };
      [3, 1, 2].sort((a, b) => { probe(a); return a - b; });
      ({ get x() { probe(this); return 1; } }).x;
      JSON.stringify({ toJSON(k) { probe(this); return 1; } });
      Promise.resolve().then(function () { probe(this); probe(arguments); });
      setTimeout(function () { probe(this); probe(arguments); console.log(seen.includes('LEAKED') ? 'LEAKED' : 'clean'); }, 0);`);
    assert.equal(r.stdout.trim(), 'clean');
  });

  it('guest changes to built-ins stay inside the analysis', () => {
    simulate(`Array.prototype.map = () => 'hijacked'; Object.prototype.polluted = 1;`);
    const r = simulate(`console.log([1, 2].map((x) => x * 2), ({}).polluted);`);
    assert.equal(r.stdout, '[ 2, 4 ] undefined\n');
    assert.equal(({} as any).polluted, undefined);
  });
});
