// `node --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024 bench/host-garbage.mjs [--root DIR]`
//
// Issue 13, the extension host's memory right after a long traced run: what each stage of the
// panel's path allocates in the host, garbage included. The extension host rarely collects in the
// seconds after a run (nothing else allocates), so its garbage counts in what it holds then
// (test/integration/bench-panel.test.ts measures that 2 s after the run, in the real VS Code).
// With a 1 GB young generation (the flags above) no scavenge runs between the stages, and each
// stage's growth is what it allocated; the full GC at the end shows how much of it was garbage.
// Stages: the run received from the real analysis process (src/sandbox/host.ts), the replay opened
// (src/extension/panel/controller.ts bind), the trace file's parts (src/shared/traceFileLayout.ts),
// the states' index in idle slices. --root: another checkout (built) to compare.
import { build } from 'esbuild';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const rootAt = argv.indexOf('--root');
const root = path.resolve(rootAt >= 0 ? argv[rootAt + 1] : path.join(here, '..'));
if (!global.gc) {
  console.error('run with --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024');
  process.exit(2);
}

const cache = path.join(here, '.cache');
fs.mkdirSync(cache, { recursive: true });
const entry = path.join(cache, `host-garbage-entry-${path.basename(root)}.ts`);
const out = path.join(cache, `host-garbage-${path.basename(root)}.cjs`);
const layout = path.join(root, 'src/shared/traceFileLayout.ts');
fs.writeFileSync(entry, [
  `export { AnalysisHost, analysisOf } from ${JSON.stringify(path.join(root, 'src/sandbox/host'))};`,
  `export { TraceReplay } from ${JSON.stringify(path.join(root, 'src/engine/replay'))};`,
  `export { longProgram } from ${JSON.stringify(path.join(here, 'long-program'))};`,
  fs.existsSync(layout) ? `export { traceFileParts } from ${JSON.stringify(layout)};` : 'export const traceFileParts = undefined;',
].join('\n'));
await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
const { AnalysisHost, analysisOf, TraceReplay, longProgram, traceFileParts } = createRequire(import.meta.url)(out);

// src/extension/panel/controller.ts's TRACE_STEP_CAP and its trace options.
const CAP = 300_000;
const options = { fileName: 'long-1e6.js', trace: true, maxSteps: CAP, maxTraceEvents: 4 * CAP, maxMillis: 120_000 };
const source = longProgram(1_000_000);
const host = new AnalysisHost({ distDir: path.join(root, 'dist'), spare: 0 });
await host.run('warm', { type: 'analyze', source: '1', options: { fileName: 'w.js' } }, 60_000);

const mem = () => { const u = process.memoryUsage(); return { heap: u.heapUsed / 1048576, buffers: u.arrayBuffers / 1048576 }; };
global.gc();
const start = mem();
let last = start;
const rows = [];
const stage = (name) => {
  const now = mem();
  rows.push([name, now.heap - last.heap, now.buffers - last.buffers]);
  last = now;
};
const outcome = await host.run('long', { type: 'analyze', source, options }, 180_000);
const analysis = analysisOf(outcome, source, options);
stage('run received (IPC, inflate, check)');
const replay = new TraceReplay(analysis);
replay.timeline();
replay.stateAtStop(0);
stage('replay opened, first stop');
const parts = traceFileParts ? traceFileParts(analysis.packedTrace) : [];
stage('trace file parts');
for (let done = false; !done;) {
  await new Promise((r) => setImmediate(r));
  done = replay.indexSome(8);
}
stage("states' index (idle slices)");
const beforeGc = mem();
global.gc();
global.gc();
const held = mem();
host.dispose();

const f = (v) => v.toFixed(1).padStart(7);
console.log(`host garbage, ${path.relative(process.cwd(), root) || '.'}: ${replay.stopCount.toLocaleString('en-US')} stops, ${replay.events.length.toLocaleString('en-US')} events (${parts.length} file parts)`);
console.log(`${'stage'.padEnd(36)}   heap MB  buffers MB  (allocated, garbage included)`);
for (const [name, h, b] of rows) console.log(`${name.padEnd(36)} ${f(h)} ${f(b)}`);
console.log(`${'all, before a GC'.padEnd(36)} ${f(beforeGc.heap - start.heap)} ${f(beforeGc.buffers - start.buffers)}   = ${(beforeGc.heap - start.heap + beforeGc.buffers - start.buffers).toFixed(1)} MB`);
console.log(`${'held after a full GC'.padEnd(36)} ${f(held.heap - start.heap)} ${f(held.buffers - start.buffers)}   = ${(held.heap - start.heap + held.buffers - start.buffers).toFixed(1)} MB`);
if (!replay.stopCount) console.log('(no stops)');
