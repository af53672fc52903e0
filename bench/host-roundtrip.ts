// `npx tsx bench/host-roundtrip.ts` (after `npm run build`): the editor's round trip through the
// analysis process — a small analysis sent to a warm child and its validated Analysis back — and the
// cost of an edit that cancels a running analysis (the child is killed, the warm spare answers).
import * as fs from 'fs';
import * as path from 'path';
import { AnalysisHost } from '../src/sandbox/host';

const root = path.resolve(__dirname, '..');
const source = fs.readFileSync(path.join(root, 'examples', 'event-loop.js'), 'utf8');
const options = { fileName: 'event-loop.js', maxMillis: 2_000, maxSteps: 20_000_000 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const host = AnalysisHost.forDist(path.join(root, 'dist'));
  const t0 = performance.now();
  const check = await host.selfCheck();
  console.log(`first child ready (self-check) in ${(performance.now() - t0).toFixed(0)} ms; notes: ${JSON.stringify(check?.notes)}`);
  const warm: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const o = await host.run('doc', { type: 'analyze', source, options }, 4_000);
    warm.push(performance.now() - t);
    if (o.status !== 'ok') throw new Error(o.status);
  }
  console.log(`warm round trip, examples/event-loop.js: median ${median(warm).toFixed(2)} ms, min ${Math.min(...warm).toFixed(2)} ms (50 runs)`);
  const afterCancel: number[] = [];
  for (let i = 0; i < 10; i++) {
    const slow = host.run('doc', { type: 'analyze', source: 'for (;;) {}', options: { ...options, maxSteps: 1e12 } }, 4_000);
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    await host.run('doc', { type: 'analyze', source, options }, 4_000);
    afterCancel.push(performance.now() - t);
    await slow;
    await new Promise((r) => setTimeout(r, 400)); // the spare is started again
  }
  console.log(`edit that cancels a running analysis → next result: median ${median(afterCancel).toFixed(1)} ms (10 runs)`);
  host.dispose();
})();
