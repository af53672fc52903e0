// The editor's WorkerHost (now the locked-down analysis process, src/sandbox/host.ts): analysis off
// the extension host, a warm child reused, a newer job cancels the older, a runaway is killed from
// outside without blocking this thread. Runs the real bundles in dist/.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Analysis } from '../../src/engine/types';
import { AnalysisHost, failureAnalysis } from '../../src/sandbox/host';
import { repoRoot } from '../helpers';

const req = (source: string, maxMillis = 2_000) => ({ type: 'analyze' as const, source, options: { fileName: 'doc.js', maxMillis, maxSteps: 1e12 } });
const text = (o: { status: string; value?: unknown }) => (o.status === 'ok' ? (o.value as Analysis).console.map((e) => e.text).join('|') : o.status);

describe('extension WorkerHost (analysis process)', function () {
  this.timeout(30_000);
  let host: AnalysisHost;
  before(function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'analysis-process.js'))) throw new Error('dist/analysis-process.js is missing: `npm run build` first');
  });
  beforeEach(() => {
    host = AnalysisHost.forDist(path.join(repoRoot, 'dist'));
    host.warmUp();
  });
  afterEach(() => host.dispose());

  it('runs a job in the analysis process and reuses the warm child', async () => {
    const pid = "console.log(typeof process.pid)";
    const a = await host.run<Analysis>('doc', req(pid), 5_000);
    assert.equal(text(a), 'number');
    const t0 = performance.now();
    const b = await host.run<Analysis>('doc', req("console.log('two')"), 5_000);
    const warm = performance.now() - t0;
    assert.equal(text(b), 'two');
    assert.ok(warm < 500, `a warm child answers quickly (${warm.toFixed(0)} ms)`);
  });

  it('kills a runaway job at its deadline without blocking this thread', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    const out = await host.run('doc', req('for (;;) {}', 60_000), 400);
    clearInterval(timer);
    assert.equal(out.status, 'timeout');
    assert.ok(Date.now() - t0 < 2_000);
    assert.ok(ticks >= 15, `this thread kept running (${ticks} ticks)`);
    // The host still works afterwards (a fresh child).
    assert.equal(text(await host.run<Analysis>('doc', req("console.log('after')"), 5_000)), 'after');
  });

  it('a newer job for the same key cancels the older one; other keys run in parallel', async () => {
    const older = host.run('doc', req('for (;;) {}', 10_000), 10_000);
    const other = host.run<Analysis>('other', req("let s = 0; for (let i = 0; i < 1e5; i++) s += i; console.log(s)"), 10_000);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const newer = host.run<Analysis>('doc', req("console.log('new')"), 10_000);
    assert.equal((await older).status, 'cancelled');
    assert.equal(text(await newer), 'new');
    assert.ok(Date.now() - t0 < 2_000, 'did not wait for the cancelled job');
    assert.equal(text(await other), '4999950000');
  });

  it('a hover request answers markdown or null', async () => {
    const src = 'console.log(x);\nvar x = 1;\n';
    const h = await host.run<string | null>('hover', { type: 'hover', source: src, line: 2, column: 4, options: { fileName: 'doc.js' }, data: null }, 5_000);
    assert.equal(h.status, 'ok');
    assert.match(String((h as { value: unknown }).value), /var/);
    const none = await host.run<string | null>('hover', { type: 'hover', source: 'let = ;', line: 1, column: 0, options: {}, data: null }, 5_000);
    assert.deepEqual(none, { status: 'ok', value: null });
  });

  it('a missing extension directory is an error outcome, never a throw', async () => {
    const broken = AnalysisHost.forDist(path.join(__dirname, 'does-not-exist', 'dist'));
    const b = await broken.run('doc', req('1'), 5_000);
    broken.dispose();
    assert.equal(b.status, 'error');
  });

  it('failureAnalysis carries one located diagnostic', () => {
    const a = failureAnalysis('a.mjs', {}, 'time-budget', 'too long', 3, { line: 4, column: 2 });
    assert.equal(a.moduleKind, 'module');
    assert.equal(a.stoppedBy, 'time-budget');
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.line, d.column]), [['time-budget', 4, 2]]);
  });
});
