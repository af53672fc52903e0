// WorkerHost: analysis off the host thread, a newer job cancels the older, a runaway is terminated.
import { strict as assert } from 'assert';
import * as path from 'path';
import { failureAnalysis, WorkerHost } from '../../src/extension/workerHost';

const FAKE = path.join(__dirname, '..', '..', 'test-fixtures', 'workers', 'fake-engine.js');
const req = (source: string) => ({ type: 'analyze' as const, source, options: {} });

describe('extension WorkerHost', function () {
  this.timeout(20_000);
  let host: WorkerHost;
  beforeEach(() => {
    host = new WorkerHost(FAKE);
    host.warmUp();
  });
  afterEach(() => host.dispose());

  it('runs a job in a worker and reuses the warm worker', async () => {
    const a = await host.run<{ echo: string; threadId: number }>('doc', req('one'), 5_000);
    assert.equal(a.status, 'ok');
    const b = await host.run<{ echo: string; threadId: number }>('doc', req('two'), 5_000);
    assert.equal(b.status === 'ok' && b.value.echo, 'two');
    assert.equal(a.status === 'ok' && b.status === 'ok' && a.value.threadId === b.value.threadId, true, 'same warm worker');
  });

  it('terminates a runaway job at its deadline without blocking this thread', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = Date.now();
    const out = await host.run('doc', req('spin'), 300);
    clearInterval(timer);
    assert.equal(out.status, 'timeout');
    assert.ok(Date.now() - t0 < 2_000);
    assert.ok(ticks >= 15, `this thread kept running (${ticks} ticks)`);
    // The host still works afterwards.
    const next = await host.run<{ echo: string }>('doc', req('after'), 5_000);
    assert.equal(next.status === 'ok' && next.value.echo, 'after');
  });

  it('a newer job for the same key cancels the older one; other keys run in parallel', async () => {
    const older = host.run('doc', req('slow:2000'), 10_000);
    const other = host.run<{ echo: string }>('other', req('slow:100'), 10_000);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    const newer = host.run<{ echo: string }>('doc', req('new'), 10_000);
    assert.equal((await older).status, 'cancelled');
    const n = await newer;
    assert.equal(n.status === 'ok' && n.value.echo, 'new');
    assert.ok(Date.now() - t0 < 1_500, 'did not wait for the cancelled job');
    const o = await other;
    assert.equal(o.status === 'ok' && o.value.echo, 'slow:100');
  });

  it('reports engine errors and a missing worker file as errors, never throws', async () => {
    const e = await host.run('doc', req('throw'), 5_000);
    assert.equal(e.status, 'error');
    const broken = new WorkerHost(path.join(__dirname, 'does-not-exist.js'));
    const b = await broken.run('doc', req('x'), 5_000);
    broken.dispose();
    assert.equal(b.status, 'error');
  });

  it('failureAnalysis carries one diagnostic', () => {
    const a = failureAnalysis('a.mjs', {}, 'time-budget', 'too long', 3);
    assert.equal(a.moduleKind, 'module');
    assert.equal(a.stoppedBy, 'time-budget');
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['time-budget']);
  });
});
