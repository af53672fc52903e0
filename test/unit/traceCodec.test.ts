// The packed step trace (src/engine/traceCodec.ts): what the engine records packed reads back as
// the same events it records as objects, on every corpus, teaching, browser and panel program; and a
// hostile packed trace (truncated, mutated, wrong types, huge counts) is rejected by the check with a
// reason, never a throw, and a trace that passes the check never makes the reader throw.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { checkPackedTrace, packTrace, traceOf, TraceReader, type CheckedTrace, type PackedTrace } from '../../src/engine/traceCodec';
import { TraceReplay } from '../../src/engine/replay';
import type { AnalyzeOptions, TraceEvent } from '../../src/engine/types';

const root = path.join(__dirname, '../..');
const corpus = path.join(root, '../shared/corpus/programs');
const programs: [string, string, AnalyzeOptions][] = [];
for (const f of fs.readdirSync(corpus).filter((f) => /\.[cm]?js$/.test(f)).sort()) programs.push([f, fs.readFileSync(path.join(corpus, f), 'utf8'), { fileName: f }]);
for (const f of ['contexts.js', 'closures.js', 'promises.js', 'predict.js']) programs.push([f, fs.readFileSync(path.join(root, 'test/fixtures/teach', f), 'utf8'), { fileName: f }]);
for (const f of fs.readdirSync(path.join(root, 'examples')).filter((f) => /\.(js|ts)$/.test(f))) {
  programs.push([f, fs.readFileSync(path.join(root, 'examples', f), 'utf8'), { fileName: f, runtime: f.startsWith('browser') ? 'browser' : 'node' }]);
}
programs.push(['long.js', fs.readFileSync(path.join(root, 'test-fixtures/panel/long.js'), 'utf8'), { fileName: 'long.js', maxSteps: 50_000 }]);

/** Events as JSON sees them (an `undefined` field and an absent one are the same to every reader). */
const plain = (events: readonly unknown[]) => JSON.parse(JSON.stringify(events));

function checked(p: PackedTrace): CheckedTrace {
  const c = checkPackedTrace(p);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

describe('packed step trace', function () {
  this.timeout(120_000);

  it('every program: the packed recording reads back as the object recording', () => {
    let total = 0;
    for (const [name, source, options] of programs) {
      const objects = analyze(source, { ...options, trace: true });
      const packed = analyze(source, { ...options, trace: true, packTrace: true });
      assert.equal(packed.trace, undefined, name);
      assert.ok(packed.packedTrace, name);
      assert.equal(packed.console.map((c) => c.text).join('\n'), objects.console.map((c) => c.text).join('\n'), `${name}: same output`);
      // The same run's events, packed and read back (ids of a second run may differ: counters are per process).
      assert.equal(new TraceReader(checked(packed.packedTrace!)).length, objects.trace!.length, name);
      const reader = new TraceReader(checked(packTrace(objects.trace!)));
      assert.deepEqual(plain(reader.toArray()), plain(objects.trace!), name);
      total += reader.length;
    }
    assert.ok(total > 10_000, `${total} events checked`);
  });

  it('random access, backwards and forwards, gives the same events as a sequential read', () => {
    const [, source, options] = programs.find((p) => p[0] === 'long.js')!;
    const a = analyze(source, { ...options, trace: true });
    const r = traceOf({ packedTrace: packTrace(a.trace!) })!;
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 2000; k++) {
      const i = Math.floor(rand() * a.trace!.length);
      assert.deepEqual(plain([r.at(i)!]), plain([a.trace![i]]), `event ${i}`);
    }
    for (let i = a.trace!.length - 1; i > a.trace!.length - 300; i--) assert.deepEqual(plain([r.at(i)!]), plain([a.trace![i]]));
    assert.equal(r.at(-1), undefined);
    assert.equal(r.at(a.trace!.length), undefined);
  });

  it('the replay over the packed trace shows the same states as over the objects', () => {
    for (const name of ['long.js', 'promises.js', 'contexts.js', '003-tutorial-1-4-3-2.js', 'browser-event-loop.js']) {
      const [, source, options] = programs.find((p) => p[0] === name)!;
      const a = analyze(source, { ...options, trace: true });
      const p = { ...a, trace: undefined, packedTrace: packTrace(a.trace!) };
      const ra = new TraceReplay(a);
      const rp = new TraceReplay(p);
      assert.equal(rp.stopCount, ra.stopCount, name);
      assert.deepEqual(rp.timeline(), ra.timeline(), name);
      const stops = [0, 1, 2, Math.floor(ra.stopCount / 3), Math.floor(ra.stopCount / 2), ra.lastStop - 1, ra.lastStop];
      for (let k = 0; k < ra.stopCount && k < 400; k++) stops.push(k);
      for (const k of stops) assert.deepEqual(plain([rp.stateAtStop(k)]), plain([ra.stateAtStop(k)]), `${name} stop ${k}`);
    }
  });

  describe('a hostile packed trace', () => {
    const [, source, options] = programs.find((p) => p[0] === 'promises.js')!;
    const good = analyze(source, { ...options, trace: true, packTrace: true }).packedTrace!;

    it('wrong shapes are rejected with a reason', () => {
      const cases: unknown[] = [
        null, 1, 'x', [], { ...good, count: -1 }, { ...good, count: 1.5 }, { ...good, count: 1e12 }, { ...good, bytes: Array.from(good.bytes) },
        { ...good, bytes: new Uint16Array(4) }, { ...good, strings: 7 }, { ...good, stringEnds: Array.from(good.stringEnds) },
        { ...good, stringEnds: Uint32Array.from([5, 2]) }, { ...good, stringEnds: Uint32Array.from([1e9]) },
        { ...good, count: good.count + 1 }, { ...good, count: good.count - 1 }, { ...good, stringEnds: good.stringEnds.slice(0, 2) },
        Object.assign(Object.create({ polluted: true }), good),
      ];
      for (const c of cases) {
        const r = checkPackedTrace(c);
        assert.equal(typeof r, 'string', JSON.stringify(c)?.slice(0, 80));
      }
    });

    it('truncated and mutated bytes: the check rejects or the reader reads every event without a throw', () => {
      let seed = 11;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      let rejected = 0;
      for (let n = 0; n < 400; n++) {
        const bytes = good.bytes.slice(0, n % 5 === 0 ? Math.floor(rand() * good.bytes.length) : good.bytes.length);
        for (let k = 0; k < 1 + (n % 7); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        const c = checkPackedTrace({ ...good, bytes });
        if (typeof c === 'string') { rejected++; continue; }
        const r = new TraceReader(c);
        for (let i = 0; i < r.length; i++) assert.ok(r.at(i));
        // The replay over it builds and answers (it reads only what the check let through).
        const replay = new TraceReplay({ ...analyze('1', {}), packedTrace: c, trace: undefined });
        replay.stateAtStop(replay.lastStop);
      }
      assert.ok(rejected > 100, `${rejected} of 400 rejected`);
    });
  });
});

describe('protocol: the packed trace from the analysis process', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { validateChildMessage } = require('../../src/sandbox/protocol') as typeof import('../../src/sandbox/protocol');
  const [, source, options] = programs.find((p) => p[0] === 'promises.js')!;
  const real = analyze(source, { ...options, trace: true, packTrace: true });

  it('a real traced analysis is accepted, with its trace checked and readable', () => {
    const v = validateChildMessage({ type: 'result', id: 1, value: real }, 'analyze');
    assert.ok(v.ok, !v.ok ? v.reason : '');
    const a = (v as { message: { value: { packedTrace: PackedTrace; console: unknown[] } } }).message.value;
    const r = traceOf(a as never)!;
    assert.equal(r.length, real.packedTrace!.count);
    assert.ok('blockPos' in a.packedTrace, 'the host-side block index came from the check');
  });

  it('rejected: a malformed packed trace, a trace as objects, a packed trace on a hover answer', () => {
    const bad = (value: unknown, expect: 'analyze' | 'hover' = 'analyze') => {
      const v = validateChildMessage({ type: 'result', id: 1, value }, expect);
      assert.equal(v.ok, false, JSON.stringify(value)?.slice(0, 100));
    };
    bad({ ...real, packedTrace: { ...real.packedTrace!, bytes: real.packedTrace!.bytes.slice(0, 10) } });
    bad({ ...real, packedTrace: { ...real.packedTrace!, count: real.packedTrace!.count + 5 } });
    bad({ ...real, packedTrace: { ...real.packedTrace!, stringEnds: [1, 2, 3] } });
    bad({ ...real, packedTrace: 'x' });
    bad({ ...real, packedTrace: undefined, trace: [{ t: 'step', step: 1 }] });
    bad({ ...real }, 'hover');
  });

  describe("a large trace's event bytes, deflated by the child", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { deflateTraceOf, DEFLATE_TRACE_ABOVE } = require('../../src/sandbox/protocol') as typeof import('../../src/sandbox/protocol');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const zlib = require('zlib') as typeof import('zlib');
    const long = analyze('let s = 0; for (let i = 0; i < 40000; i++) { s += i; } Promise.resolve(s).then(console.log);', { fileName: 'long.js', trace: true, packTrace: true, maxSteps: 1e6 });
    const accepted = (value: unknown) => {
      const v = validateChildMessage({ type: 'result', id: 1, value }, 'analyze');
      assert.ok(v.ok, !v.ok ? v.reason : '');
      return (v as { message: { value: { packedTrace: CheckedTrace } } }).message.value.packedTrace;
    };
    const deflated = (bytes: Uint8Array, bytesLength = bytes.byteLength) => {
      const { bytes: _b, ...rest } = real.packedTrace!;
      return { ...real, packedTrace: { ...rest, deflatedBytes: new Uint8Array(zlib.deflateRawSync(bytes)), bytesLength } };
    };

    it('the child deflates them above the threshold; the host inflates them to the same bytes and checks the trace', () => {
      assert.ok(long.packedTrace!.bytes.byteLength > DEFLATE_TRACE_ABOVE, `a long trace (${long.packedTrace!.bytes.byteLength} bytes)`);
      const wire = deflateTraceOf(long) as { packedTrace: Record<string, unknown> };
      assert.ok(!('bytes' in wire.packedTrace) && wire.packedTrace.deflatedBytes instanceof Uint8Array);
      assert.ok((wire.packedTrace.deflatedBytes as Uint8Array).byteLength < long.packedTrace!.bytes.byteLength / 3, 'smaller on the wire');
      const got = accepted(wire);
      assert.deepEqual(Buffer.from(got.bytes), Buffer.from(long.packedTrace!.bytes));
      assert.equal(got.bytes.buffer.byteLength - got.bytes.byteLength <= 1, true, 'one buffer of the declared size');
      assert.equal(new TraceReplay({ ...long, packedTrace: got }).totalSteps, new TraceReplay(long).totalSteps);
      // Below the threshold the result goes as it is.
      assert.equal(deflateTraceOf(real), real);
      assert.deepEqual(Buffer.from(accepted(deflated(real.packedTrace!.bytes)).bytes), Buffer.from(real.packedTrace!.bytes));
    });

    it('rejected: bytes that inflate to more or less than declared, that do not inflate, both forms, a bad length', () => {
      const bad = (value: unknown, why: RegExp) => {
        const v = validateChildMessage({ type: 'result', id: 1, value }, 'analyze');
        assert.equal(v.ok, false);
        assert.match((v as { reason: string }).reason, why);
      };
      const b = real.packedTrace!.bytes;
      bad(deflated(b, b.byteLength - 1), /do not inflate/);
      bad(deflated(b, b.byteLength + 1), /another length/);
      const junk = deflated(b) as { packedTrace: Record<string, unknown> };
      bad({ ...junk, packedTrace: { ...junk.packedTrace, deflatedBytes: new Uint8Array([1, 2, 3, 4, 5]) } }, /do not inflate/);
      bad({ ...junk, packedTrace: { ...junk.packedTrace, bytes: b } }, /both deflated and plain/);
      bad(deflated(b, 2 ** 40), /bad bytesLength/);
      bad(deflated(b, -1), /bad bytesLength/);
      bad({ ...junk, packedTrace: { ...junk.packedTrace, deflatedBytes: [1, 2] } }, /bad deflated bytes/);
      // A bomb: a small input declaring the cap inflates to more than its declared length — refused, not allocated without end.
      bad(deflated(new Uint8Array(4 << 20), 1 << 20), /do not inflate/);
    });
  });
});
