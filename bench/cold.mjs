// Cold figures (issue 13): `event-loop-lens run FILE` as a user runs it — a fresh CLI process that
// starts the locked-down analysis process (dist/analysis-process.js + its worker) and prints what
// `node FILE` would print — against native `node FILE`, interleaved in one run.
//
//   workload(runner, FILE) = median over the rounds of (wall ms of the whole process `runner FILE`
//                            − wall ms of the same runner on an empty file, run just before it)
//   cold ratio             = workload(Lens run, FILE) / workload(node, FILE)
//
// Every round runs each program once under each runner, each right after that runner's start-up
// program (the empty file): a load spike on this shared machine hits both sides, and a start-up
// run inflated by load is subtracted only from the run next to it. (With one start-up run per
// round, a slow one made native fib's 8 ms workload read as 1 ms: a 100x "ratio".) The figures are
// medians over the rounds (default 5).
// With python3 present, each run goes through bench/tree-cpu.py, which also gives the CPU time
// (user + system) of the whole process tree (the CLI, its analysis process and worker threads): the
// same ratio in CPU time, much steadier than wall time when other work shares the machine.
// Usable alone: `node bench/cold.mjs [--runs N] [--only NAME] [--json FILE]` (after `npm run build`).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** The issue's rows: bench program, label, Lens's target, and the peers' cold ratios quoted from issue 13. */
export const COLD_ROWS = [
  { file: 'fib.js', label: 'fib(25)', target: 23, quickjs: 23, sval: 104, issue13: 26.5 },
  { file: 'loop.js', label: '1e6-iteration loop', target: 20, quickjs: 41, sval: 140, issue13: 14 },
  { file: 'sort.js', label: 'sort 1e5, comparator', target: 5, quickjs: 5, sval: 23, issue13: 6.8 },
  { file: 'promise-chain.js', label: 'promise chain 1e5', target: 9, quickjs: 9, sval: 14, issue13: 16.1 },
  { file: 'timers.js', label: '1e4 timers', target: 7, quickjs: 7, sval: 5, issue13: 5.6 },
  { file: 'await-loop.js', label: 'await loop 1e5', target: 17, quickjs: 17, sval: 18, issue13: 36.2 },
];
/** No cold row above this (the issue's ceiling, whatever the peers do). */
export const COLD_CEILING = 20;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const TREE_CPU = path.join(here, 'tree-cpu.py');
const hasPython = spawnSync('python3', ['-c', 'import ctypes, resource'], { stdio: 'ignore' }).status === 0;

function wall(cmd, args) {
  if (hasPython) {
    const r = spawnSync('python3', [TREE_CPU, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const [ms, cpuMs, code] = String(r.output[3] ?? '').trim().split(' ').map(Number);
    return { ms, cpuMs, stdout: r.stdout, stderr: r.stderr, code };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, cpuMs: NaN, stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/**
 * Runs the cold comparison. `cli` is the CLI bundle (dist/cli.js). Returns the rows with medians and
 * prints a table. `log` prints a line.
 */
export function runCold({ runs = 5, only = null, cli = path.join(root, 'dist/cli.js'), log = console.log, extraArgs = [] } = {}) {
  const empty = path.join(os.tmpdir(), `ell-cold-empty-${process.pid}.js`);
  fs.writeFileSync(empty, '');
  const rows = COLD_ROWS.filter((r) => !only || r.file.includes(only) || r.label.includes(only)).map((r) => ({ ...r, path: path.join(here, 'programs', r.file), lens: [], node: [], lensCpu: [], nodeCpu: [], out: null }));
  const lensRun = (f) => wall(process.execPath, [cli, 'run', f, ...extraArgs]);
  const nodeRun = (f) => wall(process.execPath, [f]);
  const emptyLens = [];
  const emptyNode = [];
  const emptyLensCpu = [];
  const emptyNodeCpu = [];
  const loads = [];
  // One untimed round first: the page cache holds node, the bundles and the programs.
  lensRun(empty);
  nodeRun(empty);
  for (let round = 0; round < runs; round++) {
    loads.push(os.loadavg()[0]);
    for (const row of rows) {
      // Each runner's start-up program right before its run of the program: the pair's difference is the workload.
      const el = lensRun(empty);
      const l = lensRun(row.path);
      const en = nodeRun(empty);
      const n = nodeRun(row.path);
      emptyLens.push(el.ms);
      emptyNode.push(en.ms);
      emptyLensCpu.push(el.cpuMs);
      emptyNodeCpu.push(en.cpuMs);
      row.lens.push(l.ms - el.ms);
      row.node.push(n.ms - en.ms);
      row.lensCpu.push(l.cpuMs - el.cpuMs);
      row.nodeCpu.push(n.cpuMs - en.cpuMs);
      row.out ??= l.stdout === n.stdout && l.code === n.code ? 'match' : `MISMATCH (exit lens ${l.code}, node ${n.code}; ${String(l.stderr).split('\n')[0].slice(0, 120)})`;
    }
  }
  fs.rmSync(empty, { force: true });
  const lensStart = median(emptyLens);
  const nodeStart = median(emptyNode);
  const lensStartCpu = median(emptyLensCpu);
  const nodeStartCpu = median(emptyNodeCpu);
  const pad = (s, n, right = false) => (right ? String(s).padEnd(n) : String(s).padStart(n));
  log(`\nCOLD — \`event-loop-lens run FILE\` (fresh CLI + analysis process) vs \`node FILE\`, ${runs} interleaved rounds, medians; load average ${loads.map((l) => l.toFixed(2)).join(' ')} (1-min, each round)`);
  log(`start-up programs (empty file, medians): lens run ${lensStart.toFixed(0)} ms, node ${nodeStart.toFixed(0)} ms wall (CPU ${lensStartCpu.toFixed(0)} / ${nodeStartCpu.toFixed(0)} ms); workload = process − the start-up run just before it (median of the pairs); ratio = lens workload / node workload`);
  log(`peers' cold ratios quoted from issue 13 (measured there, not here): QuickJS (wasm), sval; "issue 13" = Lens's own cold ratio in that table (before this work)`);
  const header = `${pad('program', 22, true)} ${pad('node ms', 8)} ${pad('lens ms', 8)} ${pad('ratio', 7)} ${pad('cpu:node', 8)} ${pad('lens', 6)} ${pad('ratio', 7)} ${pad('target', 7)}  ${pad('QuickJS', 7)} ${pad('sval', 6)} ${pad('issue13', 7)}  wall     cpu      output`;
  log(header);
  log('-'.repeat(header.length + 6));
  for (const row of rows) {
    row.nodeMs = Math.max(0.5, median(row.node));
    row.lensMs = median(row.lens);
    row.ratio = row.lensMs / row.nodeMs;
    row.nodeCpuMs = Math.max(0.5, median(row.nodeCpu));
    row.lensCpuMs = median(row.lensCpu);
    row.cpuRatio = row.lensCpuMs / row.nodeCpuMs;
    row.met = row.ratio <= row.target && row.ratio <= COLD_CEILING;
    row.cpuMet = row.cpuRatio <= row.target && row.cpuRatio <= COLD_CEILING;
    const f = (v) => (isNaN(v) ? '-' : v.toFixed(0));
    const x = (v) => (isNaN(v) ? '-' : v.toFixed(1) + 'x');
    const verdict = (ok, v) => (isNaN(v) ? '-      ' : ok ? 'MET    ' : 'NOT MET');
    log(`${pad(row.label, 22, true)} ${pad(f(row.nodeMs), 8)} ${pad(f(row.lensMs), 8)} ${pad(x(row.ratio), 7)} ${pad(f(row.nodeCpuMs), 8)} ${pad(f(row.lensCpuMs), 6)} ${pad(x(row.cpuRatio), 7)} ${pad('≤' + row.target + 'x', 7)}  ${pad(row.quickjs + 'x', 7)} ${pad(row.sval + 'x', 6)} ${pad(row.issue13 + 'x', 7)}  ${verdict(row.met, row.ratio)}  ${verdict(row.cpuMet, row.cpuRatio)}  ${row.out}`);
  }
  const worst = [...rows].sort((a, b) => b.ratio - a.ratio)[0];
  if (worst) log(`cold (wall): slowest ${worst.ratio.toFixed(1)}x (${worst.label}) — ceiling ${COLD_CEILING}x: ${worst.ratio <= COLD_CEILING ? 'MET' : 'NOT MET'}; rows at or under target: ${rows.filter((r) => r.met).length}/${rows.length}`);
  const busy = Math.max(...loads) > os.cpus().length;
  if (busy) log(`note: the load average (${Math.max(...loads).toFixed(1)}) is above the ${os.cpus().length} CPU(s): wall figures measure the machine's queue more than the work; read the CPU columns`);
  const worstCpu = [...rows].sort((a, b) => b.cpuRatio - a.cpuRatio)[0];
  if (worstCpu && !isNaN(worstCpu.cpuRatio)) log(`cold (CPU): slowest ${worstCpu.cpuRatio.toFixed(1)}x (${worstCpu.label}) — ceiling ${COLD_CEILING}x: ${worstCpu.cpuRatio <= COLD_CEILING ? 'MET' : 'NOT MET'}; rows at or under target: ${rows.filter((r) => r.cpuMet).length}/${rows.length}`);
  return { lensStartMs: lensStart, nodeStartMs: nodeStart, lensStartCpuMs: lensStartCpu, nodeStartCpuMs: nodeStartCpu, loads, rows: rows.map(({ path: _p, ...r }) => r) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const arg = (name, def) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
  };
  const res = runCold({ runs: Number(arg('runs', 5)), only: arg('only', null) });
  const json = arg('json', null);
  if (json) fs.writeFileSync(json, JSON.stringify(res, null, 2));
}
