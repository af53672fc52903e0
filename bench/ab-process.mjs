// `node bench/ab-process.mjs FILE ROUNDS GAP_MS DIST_DIR...`: the warm analysis process (AnalysisHost →
// child → worker) of each build (a copy of dist/ per build), jobs interleaved so a load spike hits
// all of them; GAP_MS between jobs (0: back to back, as `npm run bench`; ~150: an editor's pauses).
// Prints wall p25/p50/p90 per build, and the CPU of the child's threads (the gap included). For
// deciding whether a change to the analysis process (heap flags, the worker) is faster; bench/ab.cjs
// does the same for the engine bundle in one process.
import * as fs from 'fs';
import { loadHost, processCpuNs } from './analysis-process.mjs';

const AnalysisHost = await loadHost();
const [file, rounds, gap, ...dirs] = process.argv.slice(2);
if (!file || !dirs.length) {
  console.error('usage: node bench/ab-process.mjs FILE ROUNDS GAP_MS DIST_DIR...');
  process.exit(2);
}
const src = fs.readFileSync(file, 'utf8');
const BIG = { maxSteps: 1e10, maxMillis: 600000, maxCallDepth: 10000, fileName: 'a.js' };
const hosts = dirs.map((d) => ({ d, h: AnalysisHost.forDist(d, { spare: 0 }), t: [], c: [] }));
const cpu = (h) => processCpuNs(h.pids()) / 1e6;
for (const x of hosts) for (let i = 0; i < 3; i++) await x.h.run('w', { type: 'analyze', source: src, options: BIG }, 60000);
for (let r = 0; r < Number(rounds); r++) {
  for (const x of r % 2 ? hosts : [...hosts].reverse()) {
    const c0 = cpu(x.h); const t0 = performance.now();
    await x.h.run('w', { type: 'analyze', source: src, options: BIG }, 60000);
    x.t.push(performance.now() - t0);
    if (Number(gap)) await new Promise((res) => setTimeout(res, Number(gap)));
    x.c.push(cpu(x.h) - c0);
  }
}
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.floor(a.length * p)].toFixed(0);
for (const x of hosts) console.log(x.d, 'wall p25/p50/p90', q(x.t, .25), q(x.t, .5), q(x.t, .9), ' cpu(incl. gap) p25/p50/p90', q(x.c, .25), q(x.c, .5), q(x.c, .9));
process.exit(0);
