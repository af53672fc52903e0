// The garbage fuzzer in CI: a few thousand inputs with a fixed seed (the 100,000-input run is
// `npm run fuzz`). analyze() must return an Analysis for every one: no exception escaping it, no
// hang (a worker that does not answer in 5 s), no process abort (a V8 fatal error kills the
// fuzzing process: run as a child, a signal exit), no engine safety net tripped.
// Found and fixed with it: `(function f() { try { f(); } catch { f(); } })();` aborted the process
// (seed 3, input #340: V8's "RegExpCompiler Allocation failed" — the first use of a regex in
// Interpreter.toGuest, with the host stack nearly full).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { loadCorpus, makeInputFactory } from '../fuzz/garbage';

const root = path.resolve(__dirname, '../..');
const corpusDir = path.resolve(root, '../shared/corpus');
const COUNT = Number(process.env.GARBAGE_COUNT ?? 3000);
const SEED = Number(process.env.GARBAGE_SEED ?? 20261201);

describe('garbage fuzzer', function () {
  this.timeout(180_000);

  it('generates every kind of input, deterministically', () => {
    const corpus = loadCorpus(corpusDir);
    assert.ok(corpus.length > 10, 'the corpus programs are there');
    const make = makeInputFactory(corpus);
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) kinds.add(make(SEED, i).kind);
    assert.deepEqual([...kinds].sort(), ['bytes', 'hostile', 'nesting', 'splice', 'tokens', 'truncation']);
    assert.deepEqual(make(SEED, 17), makeInputFactory(corpus)(SEED, 17));
  });

  it(`${COUNT} inputs: 0 exceptions escaping analyze(), 0 hangs, 0 process aborts`, () => {
    const out = path.join(root, 'test/fuzz/.cache/garbage.cjs');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    buildSync({ entryPoints: [path.join(root, 'test/fuzz/garbage.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
    const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'garbage-'));
    const started = Date.now();
    const r = spawnSync(process.execPath, [out, '--count', String(COUNT), '--seed', String(SEED), '--jobs', '2', '--json', '--keep-failures', keep], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const inflight = fs.readdirSync(keep).filter((f) => f.startsWith('inflight-')).map((f) => fs.readFileSync(path.join(keep, f), 'utf8').slice(0, 400));
    assert.equal(r.signal, null, `the fuzzing process was killed by ${r.signal} (a process abort); inputs in flight:\n${inflight.join('\n---\n')}\n${(r.stderr ?? '').slice(0, 2000)}`);
    const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    const report = JSON.parse(line);
    console.log(`      ${report.count} inputs (${report.ran} simulated) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(report.byKind)}`);
    const failures = report.failures.map((f: any) => `#${f.index} ${f.kind} ${f.what}: ${f.detail.split('\n')[0]} (input in ${keep})`).join('\n');
    assert.equal(report.count, COUNT);
    assert.deepEqual(
      { escaped: report.escaped, hangs: report.hangs, aborts: report.aborts, malformed: report.malformed, internal: report.internal },
      { escaped: 0, hangs: 0, aborts: 0, malformed: 0, internal: 0 },
      failures,
    );
    assert.equal(r.status, 0);
    fs.rmSync(keep, { recursive: true, force: true });
  });
});
