// The warm analysis process for the benches (bench/run.mjs, bench/ab-process.mjs): AnalysisHost
// (src/sandbox/host.ts) bundled for a script, and the CPU time of every thread of its children.
import { build } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cache = path.join(here, '.cache');
const require = createRequire(import.meta.url);

/** AnalysisHost (src/sandbox/host.ts), bundled into bench/.cache; it runs the children from the dist/ it is given. */
export async function loadHost() {
  fs.mkdirSync(cache, { recursive: true });
  const out = path.join(cache, 'host.cjs');
  await build({ entryPoints: [path.join(root, 'src/sandbox/host.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
  return require(out).AnalysisHost;
}

/** CPU time (ns) every thread of the processes `pids` has run so far; NaN where /proc is not there. */
export function processCpuNs(pids) {
  let total = 0;
  for (const pid of pids) {
    let tasks;
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      return NaN;
    }
    for (const t of tasks) {
      try {
        total += Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* the thread ended */
      }
    }
  }
  return total;
}
