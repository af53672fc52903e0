// The packed trace's scanner (src/engine/traceCodec.ts, issue 13): what the replay's index passes
// read from the bytes — kind by kind fast paths and the schema's generic path — is every event the
// reader decodes, on the teaching, browser, module-free corpus and example programs; seek() lands
// on any event; a trace the check let through (truncated, mutated) scans to its end without a throw;
// the check's kind bytes are the events' kinds.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { checkPackedTrace, eventOfSlots, KIND, TraceReader, TraceScanner, type CheckedTrace } from '../../src/engine/traceCodec';
import type { AnalyzeOptions } from '../../src/engine/types';
import { repoRoot } from '../helpers';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

function packedOf(source: string, options: AnalyzeOptions): CheckedTrace {
  const a = analyze(source, { ...options, trace: true, packTrace: true });
  const c = checkPackedTrace(a.packedTrace);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

const programs: [string, AnalyzeOptions][] = [
  ...['contexts.js', 'closures.js', 'promises.js', 'predict.js'].map((f) => [path.join('test/fixtures/teach', f), {}] as [string, AnalyzeOptions]),
  ...fs.readdirSync(path.join(repoRoot, 'examples')).filter((f) => /\.(js|ts)$/.test(f)).map((f) => [path.join('examples', f), { runtime: f.startsWith('browser') ? 'browser' : 'node' }] as [string, AnalyzeOptions]),
  ['test-fixtures/panel/long.js', { maxSteps: 20_000 }],
];

describe('packed trace scanner (issue 13)', () => {
  it('reads every event as the reader decodes it, and the check\'s kinds are the events\' kinds', () => {
    const kindNames = Object.keys(KIND);
    const seen = new Set<string>();
    for (const [rel, extra] of programs) {
      const c = packedOf(fs.readFileSync(path.join(repoRoot, rel), 'utf8'), { fileName: path.basename(rel), ...extra });
      const reader = new TraceReader(c);
      const sc = new TraceScanner(c, (id) => reader.string(id));
      sc.seek(0);
      for (let i = 0; i < c.count; i++) {
        assert.ok(sc.next(), `${rel}: event ${i}`);
        assert.equal(sc.index, i);
        const e = reader.at(i)!;
        seen.add(e.t);
        assert.equal(kindNames[c.kinds[i]], e.t, `${rel}: kind of event ${i}`);
        assert.deepEqual(plain(eventOfSlots(sc)), plain(e), `${rel}: event ${i}`);
      }
      assert.equal(sc.next(), false, `${rel}: nothing after the last event`);
      // Stepping over the fields of some kinds (the replay's opening pass): the others read the same, every step is right.
      for (const skipped of [[KIND.bind, KIND.step], [KIND.scope, KIND.ctx, KIND['p-react'], KIND.phase], Object.values(KIND)]) {
        const only = new Uint8Array(256).fill(1);
        for (const k of skipped) only[k] = 0;
        sc.seek(0);
        for (let i = 0; i < c.count; i++) {
          assert.ok(sc.next(only));
          const e = reader.at(i)!;
          assert.equal(sc.step, e.step, `${rel}: step of event ${i}`);
          if (only[sc.kind]) assert.deepEqual(plain(eventOfSlots(sc)), plain(e), `${rel}: event ${i} after skipped ones`);
        }
      }
      // seek() stands before any event, from anywhere.
      for (const i of [c.count - 1, 0, Math.floor(c.count / 2), 63, 64, 65, c.count - 64]) {
        if (i < 0 || i >= c.count) continue;
        sc.seek(i);
        assert.ok(sc.next());
        assert.equal(sc.index, i);
        assert.deepEqual(plain(eventOfSlots(sc)), plain(reader.at(i)), `${rel}: seek to ${i}`);
      }
    }
    // The fast paths (step, push, pop, bind, scope, ctx) and the schema's path were all exercised.
    for (const t of ['step', 'push', 'pop', 'bind', 'scope', 'ctx', 'fn', 'enqueue', 'dequeue', 'phase', 'console', 'p-new', 'p-react', 'p-settle', 'p-job', 'webapi-add', 'webapi-remove']) assert.ok(seen.has(t), `some program records ${t}`);
  });

  it('a mutated trace that passes the check scans to its end without a throw', () => {
    const good = analyze(fs.readFileSync(path.join(repoRoot, 'test/fixtures/teach/promises.js'), 'utf8'), { fileName: 'promises.js', trace: true, packTrace: true }).packedTrace!;
    let seed = 5, passed = 0;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 300; n++) {
      const bytes = good.bytes.slice();
      for (let k = 0; k < 1 + (n % 5); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const c = checkPackedTrace({ ...good, bytes });
      if (typeof c === 'string') continue;
      passed++;
      const reader = new TraceReader(c);
      const sc = new TraceScanner(c, (id) => reader.string(id));
      sc.seek(0);
      let count = 0;
      while (sc.next()) {
        assert.deepEqual(plain(eventOfSlots(sc)), plain(reader.at(sc.index)));
        count++;
      }
      assert.equal(count, c.count);
    }
    assert.ok(passed > 20, `${passed} mutated traces passed the check`);
  });
});
