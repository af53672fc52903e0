// The replay's one-pass index over the packed bytes (issue 13: TraceScanner, the timeline and the
// teaching index built without an object per event) shows exactly what the index it replaced
// showed: the replaced implementation is kept verbatim in test/unit/reference/*V1.ts, and both
// replay the same real traces — the bench's ~1,000,000-step program cut at 300,000 steps (the
// step-through's cap), a promise-heavy program, an async/await program, a module program, the
// teaching fixtures and the examples — comparing every navigation answer, the timeline and the
// full state (teaching views included) at many stops: every stop of short traces, and first, last,
// consecutive runs, checkpoint edges and random far jumps (in a random order) on long ones.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { collectSources } from '../../src/engine/modules/graph';
import { diskReader } from '../../src/sources/disk';
import { TraceReplay } from '../../src/engine/replay';
import { TraceReplay as TraceReplayV1 } from './reference/replayV1';
import { checkPackedTrace } from '../../src/engine/traceCodec';
import type { Analysis, AnalyzeOptions } from '../../src/engine/types';
import { repoRoot } from '../helpers';
import { longProgram } from '../../bench/long-program';

const PROMISE_HEAVY = `
const log = [];
function chain(k) {
  let p = Promise.resolve(k);
  for (let j = 0; j < 30; j++) p = p.then((v) => v + 1).catch(() => 0).finally(() => {});
  return p;
}
async function worker(id) {
  let acc = 0;
  for (let r = 0; r < 40; r++) {
    acc += await chain(r);
    if (r % 10 === 0) await new Promise((res) => setTimeout(res, 1));
    await null;
  }
  log.push(id);
  return acc;
}
Promise.all([worker(1), worker(2), worker(3)]).then((xs) => console.log('all', xs, log));
Promise.race([new Promise((r) => setTimeout(() => r('slow'), 50)), Promise.resolve('fast')]).then((w) => console.log(w));
queueMicrotask(() => console.log('micro'));
process.nextTick(() => console.log('tick'));
setImmediate(() => console.log('immediate'));
`;

/** JSON's view (an absent field and an undefined one are the same to the panel). */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

/** The stops compared on a trace of `count` stops: all of a short one; edges, runs and far jumps of a long one. */
function stopsToCompare(count: number, seed: number): number[] {
  if (count <= 1500) return Array.from({ length: count }, (_, i) => i);
  const out = [0, 1, 2, count - 1, count - 2, Math.floor(count / 2)];
  for (let k = 0; k < 300; k++) out.push(k);
  for (let k = count - 200; k < count; k++) out.push(k);
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let k = 0; k < 400; k++) out.push(Math.floor(rand() * count));
  // Far jumps back and forth (the panel's slider).
  for (let k = 0; k < 50; k++) out.push(k % 2 ? Math.floor(rand() * 100) : count - 1 - Math.floor(rand() * 100));
  return out;
}

function compare(name: string, analysis: Analysis, seed = 7): void {
  const oldR = new TraceReplayV1(analysis);
  // Asked in the stops' order below (the states' index built on demand, forward and after far
  // jumps), and once more with the states' index built first in idle slices.
  compareWith(name, analysis, oldR, new TraceReplay(analysis), seed);
  const sliced = new TraceReplay(analysis);
  let slices = 0;
  while (!sliced.indexSome(0)) slices++;
  assert.ok(sliced.fullyIndexed && slices >= Math.floor(analysis.steps / 100_000), `${name}: indexed in ${slices} slices`);
  compareWith(`${name} (indexed in slices first)`, analysis, oldR, sliced, seed + 1);
}

function compareWith(name: string, analysis: Analysis, oldR: TraceReplayV1, newR: TraceReplay, seed: number): void {
  assert.ok(oldR.stopCount > 0, `${name}: has stops`);
  assert.equal(newR.stopCount, oldR.stopCount, `${name}: stop count`);
  assert.equal(newR.totalSteps, oldR.totalSteps, `${name}: total steps`);
  assert.deepEqual(plain(newR.timeline()), plain(oldR.timeline()), `${name}: timeline`);
  for (const k of stopsToCompare(oldR.stopCount, seed)) {
    assert.deepEqual(plain(newR.stateAtStop(k)), plain(oldR.stateAtStop(k)), `${name}: state at stop ${k}`);
    assert.equal(newR.stepOfStop(k), oldR.stepOfStop(k), `${name}: step of stop ${k}`);
    assert.equal(newR.nextTaskStop(k), oldR.nextTaskStop(k), `${name}: next task from ${k}`);
    assert.equal(newR.prevTaskStop(k, { macrotasksOnly: true }), oldR.prevTaskStop(k, { macrotasksOnly: true }), `${name}: previous macrotask from ${k}`);
    assert.equal(newR.nextConsoleStop(k), oldR.nextConsoleStop(k), `${name}: next console from ${k}`);
    assert.equal(newR.nearestStop(newR.stepOfStop(k) + 1), oldR.nearestStop(oldR.stepOfStop(k) + 1), `${name}: nearest stop to ${k}`);
  }
  for (let i = 0; i < analysis.console.length; i++) assert.equal(newR.consoleStop(i), oldR.consoleStop(i), `${name}: console line ${i}`);
}

/** The analysis with the trace packed and checked (as the extension host and the webview get it). */
function packed(source: string, options: AnalyzeOptions): Analysis {
  const a = analyze(source, { ...options, trace: true, packTrace: true });
  assert.ok(a.packedTrace, 'packed trace');
  const c = checkPackedTrace(a.packedTrace);
  if (typeof c === 'string') throw new Error(c);
  return { ...a, packedTrace: c };
}

describe('replay index: the same states as the index it replaced (differential)', function () {
  this.timeout(300_000);

  it('the ~1,000,000-step program cut at 300,000 steps (packed, as the host gets it)', () => {
    const a = packed(longProgram(1_000_000), { fileName: 'long-1e6.js', maxSteps: 300_000, maxTraceEvents: 1_200_000, maxMillis: 120_000 });
    assert.equal(a.stoppedBy, 'step-budget');
    compare('long-1e6 @ 300,000', a, 11);
  });

  it('a promise-heavy program: chains, async functions, all / race, every queue (packed and as objects)', () => {
    const options: AnalyzeOptions = { fileName: 'promises-heavy.js', maxSteps: 200_000 };
    compare('promise-heavy (packed)', packed(PROMISE_HEAVY, options), 3);
    compare('promise-heavy (objects)', analyze(PROMISE_HEAVY, { ...options, trace: true }), 5);
  });

  it('a module program (CommonJS and ES modules across files)', async () => {
    for (const dir of ['cjs', 'cjs-cycle', 'dynamic-import']) {
      const folder = path.join(repoRoot, 'test/fixtures/modules', dir);
      const main = fs.readdirSync(folder).find((f) => /^main\.(js|mjs|cjs)$/.test(f));
      if (!main) continue;
      const file = path.join(folder, main);
      const source = fs.readFileSync(file, 'utf8');
      const modules = await collectSources(file, source, diskReader);
      const options: AnalyzeOptions = { fileName: file, modules, maxMillis: 20_000 };
      compare(`modules/${dir} (packed)`, packed(source, options));
      compare(`modules/${dir} (objects)`, analyze(source, { ...options, trace: true }));
    }
  });

  it('the teaching fixtures, the examples and the panel fixtures (packed and as objects)', () => {
    const files: [string, AnalyzeOptions][] = [];
    for (const f of ['contexts.js', 'closures.js', 'promises.js', 'predict.js']) files.push([path.join('test/fixtures/teach', f), {}]);
    for (const f of fs.readdirSync(path.join(repoRoot, 'examples')).filter((x) => /\.(js|ts)$/.test(x))) files.push([path.join('examples', f), { runtime: f.startsWith('browser') ? 'browser' : 'node' }]);
    for (const f of fs.readdirSync(path.join(repoRoot, 'test-fixtures/panel')).filter((x) => /\.js$/.test(x))) files.push([path.join('test-fixtures/panel', f), { maxSteps: 60_000 }]);
    for (const [rel, extra] of files) {
      const source = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
      const options: AnalyzeOptions = { fileName: path.basename(rel), ...extra };
      compare(`${rel} (packed)`, packed(source, options));
      compare(`${rel} (objects)`, analyze(source, { ...options, trace: true }));
    }
  });
});
