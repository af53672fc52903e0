import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TraceReplay } from '../../src/engine/replay';
import type { StepState } from '../../src/engine/types';
import { classicAnalysis, longAnalysis } from './replayFixtures';

const names = (q: { label: string }[]) => q.map((x) => x.label);

describe('TraceReplay (hand-written classic trace)', () => {
  const r = new TraceReplay(classicAnalysis());

  it('groups events into stops (statement, dequeue, phase, return)', () => {
    assert.equal(r.stopCount, 19);
    assert.equal(r.totalSteps, 13);
    assert.equal(r.stepOfStop(0), 1);
    assert.equal(r.stopOfStep(6), 8);
    assert.equal(r.stepOfStop(7), 6);
  });

  it('step 1: script frame, first console line, TDZ binding', () => {
    const s = r.stateAt(1);
    assert.deepEqual(s.callStack.map((f) => f.name), ['(script)']);
    assert.equal(s.consoleCount, 1);
    assert.equal(s.line, 1);
    const g = s.scopes[0];
    assert.equal(g.label, 'global');
    assert.deepEqual(g.bindings.find((b) => b.name === 'later'), { name: 'later', kind: 'let', state: 'uninitialized', preview: '' });
    assert.deepEqual(g.bindings.find((b) => b.name === 'v'), { name: 'v', kind: 'var', state: 'value', preview: 'undefined' });
    assert.match(s.explanation, /Script Start/);
    assert.match(r.stateAtStop(0).explanation, /main script/);
  });

  it('step 3: timer in Web APIs, then callback in microtask queue, var assigned', () => {
    const s = r.stateAt(3);
    assert.deepEqual(s.webApis.map((w) => [w.api, w.delay, w.due]), [['setTimeout', 0, 1]]);
    assert.deepEqual(names(s.queues.microtask), ['then callback']);
    assert.deepEqual(s.queues.macrotask, []);
    assert.equal(s.scopes[0].bindings.find((b) => b.name === 'v')!.preview, '42');
    assert.equal(s.scopes[0].bindings.find((b) => b.name === 'later')!.state, 'uninitialized');
    assert.match(s.explanation, /then callback.*microtask queue/);
  });

  it('the script returns, the loop turns to microtasks, the callback starts: three stops', () => {
    const pop = r.stopOfStep(5) - 1;
    assert.deepEqual(r.stateAtStop(pop).callStack, []);
    assert.equal(r.stateAtStop(pop).explanation, 'The call stack is empty again.');
    assert.equal(r.stateAtStop(pop + 1).phase, 'microtasks');
    assert.match(r.stateAtStop(pop + 1).explanation, /draining the microtask queue/);
    const start = r.nextTaskStop(pop)!;
    assert.equal(start, pop + 2);
    const s = r.stateAtStop(start);
    assert.equal(s.explanation, 'Call stack empty → running microtasks: `then callback` from line 5.');
    assert.deepEqual(s.callStack.map((f) => f.name), ['then callback']);
    assert.deepEqual(s.queues.microtask, []);
    assert.equal(s.line, 5, 'the location is the function being entered');
  });

  it('step 6: microtask prints; scope chain is the callback then global', () => {
    const s = r.stateAt(6);
    assert.deepEqual(s.callStack.map((f) => f.name), ['then callback']);
    assert.equal(s.consoleCount, 2);
    assert.equal(s.phase, 'microtasks');
    assert.deepEqual(s.scopes.map((x) => x.label), ['function (line 5)', 'global']);
    assert.equal(s.scopes[1].bindings.find((b) => b.name === 'later')!.preview, "'set'");
  });

  it('step 11: timer moved to the task queue; step 12 runs it', () => {
    const s = r.stateAt(11);
    assert.deepEqual(s.webApis, []);
    assert.deepEqual(names(s.queues.macrotask), ['setTimeout callback']);
    assert.equal(s.time, 1);
    const t = r.stateAt(12);
    assert.deepEqual(t.queues.macrotask, []);
    assert.deepEqual(t.callStack.map((f) => f.name), ['setTimeout callback']);
    assert.equal(t.consoleCount, 4);
    assert.match(r.stateAtStop(r.nextTaskStop(r.stopOfStep(11), { macrotasksOnly: true })!).explanation, /next task: `setTimeout callback` from line 2/);
  });

  it('step back returns the same state as going forward', () => {
    const forward: StepState[] = [];
    for (let i = 0; i < r.stopCount; i = r.nextStop(i)) { forward.push(r.stateAtStop(i)); if (i === r.lastStop) break; }
    const back: StepState[] = [];
    for (let i = r.lastStop; ; i = r.prevStop(i)) { back.unshift(r.stateAtStop(i)); if (i === 0) break; }
    assert.equal(forward.length, r.stopCount);
    assert.deepEqual(back, forward);
  });

  it('navigation: next task / next console / console index → stop', () => {
    const step = (i: number | undefined) => (i === undefined ? undefined : r.stepOfStop(i));
    const s1 = r.stopOfStep(1);
    assert.equal(step(r.nextTaskStop(s1)), 6);
    assert.equal(step(r.nextTaskStop(r.nextTaskStop(s1)!)), 8);
    assert.equal(step(r.nextTaskStop(r.stopOfStep(8))), 12);
    assert.equal(r.nextTaskStop(r.stopOfStep(12)), undefined);
    assert.equal(step(r.nextTaskStop(s1, { macrotasksOnly: true })), 12);
    assert.equal(step(r.prevTaskStop(r.stopOfStep(12))), 12, 'the dequeue stop of step 12 is before its statement');
    assert.equal(step(r.nextConsoleStop(s1)), 6);
    assert.equal(step(r.nextConsoleStop(r.stopOfStep(8))), 12);
    assert.equal(r.nextConsoleStop(r.stopOfStep(12)), undefined);
    assert.equal(step(r.prevConsoleStop(r.stopOfStep(12))), 8);
    assert.equal(r.consoleStop(3), r.stopOfStep(12));
    assert.equal(r.stateAtStop(r.consoleStop(3)!).consoleCount, 4);
    assert.equal(r.nearestStop(100), r.lastStop);
    assert.equal(r.nearestStop(0), 0);
    assert.equal(r.stepOfStop(r.nearestStop(6)), 6);
    assert.equal(r.prevStop(0), 0);
    assert.equal(r.nextStop(r.lastStop), r.lastStop);
  });

  it('timeline: script, microtask drain, idle gap, task', () => {
    const tl = r.timeline();
    assert.deepEqual(tl.map((b) => b.kind), ['script', 'microtasks', 'idle', 'task']);
    assert.equal(tl[1].count, 2);
    assert.equal(tl[1].label, '2 microtasks');
    assert.equal(tl[2].startTime, 0); assert.equal(tl[2].endTime, 1);
    assert.equal(tl[3].label, 'setTimeout callback (line 2)');
    assert.equal(tl[0].startStop, 0);
    assert.equal(tl[3].endStop, r.lastStop);
  });

  it('an analysis without a trace has one empty state', () => {
    const e = new TraceReplay({ ...classicAnalysis(), trace: undefined });
    assert.equal(e.stopCount, 0);
    assert.deepEqual(e.stateAtStop(0).callStack, []);
    assert.match(e.stateAtStop(0).explanation, /no steps/);
  });
});

describe('TraceReplay (long run)', () => {
  // How fast: bench/trace-memory.mjs (the index's build time, the state at 200 stops), not a timed test.
  it('100,000 steps: any step, back equals forward', () => {
    const a = longAnalysis(100_000);
    const r = new TraceReplay(a);
    let x = 0;
    for (let i = 0; i < 2000; i++) x += r.stateAtStop(Math.floor(Math.random() * r.stopCount)).callStack.length;
    const s1 = r.stateAt(77_777);
    r.stateAt(99_999); r.stateAt(3);
    assert.deepEqual(r.stateAt(77_777), s1);
    assert.equal(s1.scopes.find((sc) => sc.label === 'global')!.bindings[0].preview, '77777');
    assert.equal(s1.consoleCount, 77);
    assert.equal(r.stepOfStop(r.nextConsoleStop(r.stopOfStep(77_777))!), 78_000);
    assert.ok(r.timeline().length >= 1);
    void x;
  });
});

// Real traces from the simulator, once it exists.
describe('TraceReplay (real simulator traces)', function () {
  const simPath = path.join(__dirname, '../../src/engine/simulator.ts');
  const example = ['test-fixtures/panel/classic.js', 'examples/event-loop.js'].map((p) => path.join(__dirname, '../..', p)).find((p) => fs.existsSync(p));
  before(function () { if (!fs.existsSync(simPath) || !example) this.skip(); });

  it('replays the classic example: console so far grows, back == forward', async function () {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { analyze } = require('../../src/engine/index');
    const src = fs.readFileSync(example!, 'utf8');
    const a = await analyze(src, { trace: true, fileName: path.basename(example!) });
    if (!a.trace || a.trace.length === 0) this.skip();
    const r = new TraceReplay(a);
    let prevCount = 0;
    const forward: StepState[] = [];
    for (let i = 0; i < r.stopCount; i++) {
      const st = r.stateAtStop(i);
      assert.ok(st.consoleCount >= prevCount);
      prevCount = st.consoleCount;
      forward.push(st);
    }
    assert.equal(prevCount, a.console.length);
    const back: StepState[] = [];
    for (let i = r.lastStop; i >= 0; i--) back.unshift(r.stateAtStop(i));
    assert.deepEqual(back, forward);
    for (let i = 0; i < a.console.length; i++) {
      const k = r.consoleStop(i)!;
      assert.equal(r.stepOfStop(k), a.console[i].step);
      assert.equal(r.stateAtStop(k).consoleCount, i + 1);
    }
    // After "Script End": the timer waits in the Web APIs, one then callback in the microtask queue.
    const end = r.stateAtStop(r.consoleStop(1)!);
    assert.equal(end.webApis.length, 1);
    assert.equal(end.queues.microtask.length, 1);
    // "Promise Resolved 1" runs from the microtask queue, not under the script's frame.
    const p1 = r.stateAtStop(r.consoleStop(2)!);
    assert.equal(p1.callStack.length, 1);
    assert.notDeepEqual(p1.callStack[0], end.callStack[0]);
    assert.equal(r.timeline()[0].kind, 'script');
    assert.ok(r.timeline().some((b) => b.kind === 'microtasks'));
    assert.ok(r.timeline().some((b) => b.kind === 'task'));
  });

  it('a real 100,000-step run: back == forward on samples', async function () {
    this.timeout(60_000);
    const { analyze } = require('../../src/engine/index');
    const src = 'let t = 0;\nfor (let i = 0; i < 51000; i++) {\n  t += i % 3;\n}\nsetTimeout(() => console.log(t), 5);\nPromise.resolve().then(() => console.log("micro"));\n';
    const a = await analyze(src, { trace: true, fileName: 'big.js', maxSteps: 1_000_000 });
    assert.ok(a.steps >= 100_000, `steps ${a.steps}`);
    const r = new TraceReplay(a);
    const picks = Array.from({ length: 500 }, () => Math.floor(Math.random() * r.stopCount));
    const states = picks.map((k) => r.stateAtStop(k));
    picks.slice().reverse().forEach((k, j) => assert.deepEqual(r.stateAtStop(k), states[picks.length - 1 - j]));
    const mid = Math.floor(r.stopCount / 2);
    assert.deepEqual(r.stateAtStop(r.prevStop(r.nextStop(mid))), r.stateAtStop(mid));
    assert.equal(r.stateAtStop(r.lastStop).consoleCount, 2);
  });
});
