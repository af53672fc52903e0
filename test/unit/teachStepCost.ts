// `node -r tsx/cjs test/unit/teachStepCost.ts`: the CPU cost of one step-through stop with the teaching
// views on a 100,000-step trace, printed as JSON — teach.test.ts's cost check, run in a process of its own.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { TraceReplay } from '../../src/engine/replay';

const src = `let n = 0; const ps = []; function tick(i) { const local = i; ps.push(Promise.resolve(local).then((v) => v + 1)); return () => local; }
for (let i = 0; i < 12000; i++) { n += i; tick(i); }
setTimeout(() => console.log(n, ps.length), 0);`;
const a = analyze(src, { trace: true, maxSteps: 2_000_000, maxTraceEvents: 1_200_000 });
const r = new TraceReplay(a);
r.stateAtStop(0);
while (!r.indexSome(50)); // the whole index (the panel builds it in idle slices after the first view)
// CPU time of this process (wall time on the shared 2-core machine swings tenfold with the other work);
// the best of three rounds, as process CPU time counts the GC threads too.
const N = 100;
let perStep = Infinity;
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const s = r.stateAtStop(Math.floor(((round * N + i) * 7919) % r.stopCount));
    assert.ok(s.teach);
    assert.ok(s.teach.promises.length <= 40 && s.teach.closures.length <= 12);
  }
  const c = process.cpuUsage(c0);
  perStep = Math.min(perStep, (c.user + c.system) / 1000 / N);
}
console.log(JSON.stringify({ totalSteps: r.totalSteps, perStep }));
