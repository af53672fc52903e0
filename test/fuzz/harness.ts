// Differential machinery shared by test/unit/differential.test.ts and test/fuzz/run.mjs:
// generate a program, run it in real Node (twice, to discard timing-dependent programs), run it in
// the simulator, compare stdout and exit code, and describe a mismatch (seed, program, diff).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Analysis, AnalyzeOptions } from '../../src/engine/types';
import { generateProgram, GenOptions, GeneratedProgram } from './generator';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
  ms: number;
  /** Simulator only: an exception thrown by the simulator itself. */
  crash?: string;
}

/** Runs `argv` (no shell) and collects its output. */
export function runProcess(argv: string[], timeoutMs = 10000, cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, timedOut, ms: Date.now() - t0 });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout: '', stderr: String(e), code: null, timedOut: false, ms: Date.now() - t0, crash: String(e) });
    });
  });
}

/** Runs the program in real Node. */
export function runNode(file: string, timeoutMs = 10000): Promise<RunResult> {
  return runProcess([process.execPath, file], timeoutMs);
}

export type Simulator = (file: string, source: string) => Promise<RunResult>;

/** A simulator given as a command template, e.g. `node dist/cli.js run {file}` or `node {file}`. */
export function commandSimulator(template: string, timeoutMs = 20000): Simulator {
  return (file) => {
    const words = template.trim().split(/\s+/).map((w) => w.replace('{file}', file));
    if (!template.includes('{file}')) words.push(file);
    if (words[0] === 'node') words[0] = process.execPath;
    return runProcess(words, timeoutMs);
  };
}

export type AnalyzeFn = (source: string, options?: AnalyzeOptions) => Analysis;

/** stdout as `node FILE` would print it, from an Analysis. */
export function analysisStdout(a: Analysis): string {
  return a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + '\n').join('');
}
export function analysisStderr(a: Analysis): string {
  return a.console.filter((e) => e.stream === 'stderr').map((e) => e.text + '\n').join('');
}

/** The simulator called in-process. */
export function engineSimulator(analyze: AnalyzeFn, options: AnalyzeOptions = {}): Simulator {
  return async (file, source) => {
    const t0 = Date.now();
    try {
      const a = analyze(source, { fileName: path.basename(file), ...options });
      const diag = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('\n');
      return { stdout: analysisStdout(a), stderr: analysisStderr(a) + (diag ? `[diagnostics]\n${diag}\n` : '') + (a.stoppedBy ? `[stoppedBy] ${a.stoppedBy}\n` : ''), code: a.exitCode, timedOut: false, ms: Date.now() - t0 };
    } catch (e) {
      const msg = e instanceof Error ? e.stack || e.message : String(e);
      return { stdout: '', stderr: msg, code: null, timedOut: false, ms: Date.now() - t0, crash: msg };
    }
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

// ---- diff ------------------------------------------------------------------------------------

/** A small line diff (LCS): lines only in `a` get "-", only in `b` get "+", shared lines " ". */
export function lineDiff(a: string, b: string, context = 3): string {
  const A = a.split('\n');
  const B = b.split('\n');
  const n = A.length;
  const m = B.length;
  if (n * m > 4e6) return `(outputs too long to diff: ${n} vs ${m} lines)`;
  const L: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const ops: [string, string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) { ops.push([' ', A[i]]); i++; j++; }
    else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) { ops.push(['+', B[j]]); j++; }
    else { ops.push(['-', A[i]]); i++; }
  }
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - context), k + context + 1).some(([o]) => o !== ' '));
  const out: string[] = [];
  let skipped = false;
  ops.forEach(([o, l], k) => {
    if (keep[k]) { out.push(`${o} ${l}`); skipped = false; }
    else if (!skipped) { out.push('  ...'); skipped = true; }
  });
  return out.join('\n');
}

// ---- one differential case -------------------------------------------------------------------

export type Verdict = 'pass' | 'fail' | 'nondeterministic' | 'suspect' | 'node-timeout';

export interface CaseResult {
  seed: number;
  verdict: Verdict;
  file: string;
  program: GeneratedProgram;
  node?: RunResult;
  sim?: RunResult;
  /** Human-readable report for a failure. */
  report?: string;
}

export interface NodeRun {
  stdout: string;
  code: number | null;
  stderr: string;
  /** Set when repeated runs disagreed; `other` is the differing run's stdout. */
  nondeterministic?: boolean;
  other?: string;
  timedOut?: boolean;
  ms: number;
}

/** Runs a file in Node `runs` times; flags it when the runs differ. */
export async function nodeTruth(file: string, runs = 2, timeoutMs = 10000): Promise<NodeRun> {
  let first: RunResult | undefined;
  let ms = 0;
  for (let r = 0; r < runs; r++) {
    const res = await runNode(file, timeoutMs);
    ms += res.ms;
    if (res.timedOut) return { stdout: res.stdout, code: res.code, stderr: res.stderr, timedOut: true, ms };
    if (!first) first = res;
    else if (res.stdout !== first.stdout || res.code !== first.code) {
      return { stdout: first.stdout, code: first.code, stderr: first.stderr, nondeterministic: true, ms, other: res.stdout };
    }
  }
  return { stdout: first!.stdout, code: first!.code, stderr: first!.stderr, ms };
}

export function compare(node: { stdout: string; code: number | null }, sim: RunResult): boolean {
  return !sim.crash && !sim.timedOut && node.stdout === sim.stdout && node.code === sim.code;
}

export function failureReport(seed: number, file: string, source: string, node: NodeRun, sim: RunResult): string {
  const lines = [
    `=== MISMATCH seed=${seed} file=${file}`,
    `--- program`,
    source.trimEnd(),
    `--- node: exit ${node.code}; simulator: exit ${sim.code}${sim.crash ? ' (simulator threw)' : ''}${sim.timedOut ? ' (simulator timed out)' : ''}`,
    `--- stdout diff (- node, + simulator)`,
    lineDiff(node.stdout, sim.stdout),
  ];
  if (sim.stderr.trim()) lines.push('--- simulator stderr', sim.stderr.trimEnd().split('\n').slice(0, 15).join('\n'));
  return lines.join('\n');
}

export interface DiffOptions {
  dir: string;
  simulator: Simulator;
  gen?: GenOptions;
  /** Node runs per program before comparing (default 2; they must agree). */
  nodeRuns?: number;
  /** Extra Node runs that must agree before a mismatch is reported (default 3). */
  confirmRuns?: number;
  timeoutMs?: number;
}

export async function runCase(seed: number, opts: DiffOptions): Promise<CaseResult> {
  const program = generateProgram(seed, opts.gen);
  const file = path.join(opts.dir, `gen-${seed}${program.ext}`);
  fs.writeFileSync(file, program.source);
  const node = await nodeTruth(file, opts.nodeRuns ?? 2, opts.timeoutMs ?? 10000);
  if (node.timedOut) return { seed, verdict: 'node-timeout', file, program };
  if (node.nondeterministic) {
    return { seed, verdict: 'nondeterministic', file, program, report: `=== NONDETERMINISTIC IN NODE seed=${seed}\n${lineDiff(node.stdout, node.other ?? '')}` };
  }
  const sim = await opts.simulator(file, program.source);
  const ok = compare(node, sim);
  if (!ok && !sim.crash && (opts.confirmRuns ?? 3) > 0) {
    // Real timers can lag on a loaded machine, so a mismatch is only reported when Node keeps printing
    // the same thing: if a further run differs from the first, or prints what the simulator printed,
    // the program is timing-dependent here and is discarded as nondeterministic.
    let varied: RunResult | null = null;
    let simSeen = false;
    for (let r = 0; r < (opts.confirmRuns ?? 3); r++) {
      const again = await runNode(file, opts.timeoutMs ?? 10000);
      if (again.stdout !== node.stdout || again.code !== node.code) varied = again;
      if (again.stdout === sim.stdout && again.code === sim.code) simSeen = true;
    }
    if (varied) {
      // Node itself varies here. If no Node run printed what the simulator printed, keep it as a
      // "suspect" (reported, not failed): the simulator may be wrong in a timing-dependent program.
      const verdict: Verdict = simSeen ? 'nondeterministic' : 'suspect';
      return {
        seed, verdict, file, program, node: { stdout: node.stdout, stderr: node.stderr, code: node.code, timedOut: false, ms: node.ms }, sim,
        report: `=== ${simSeen ? 'NONDETERMINISTIC IN NODE (a Node run matched the simulator)' : 'SUSPECT: Node varies and no run matched the simulator'} seed=${seed}\n` +
          `--- node run 1 vs a later run\n${lineDiff(node.stdout, varied.stdout)}\n--- node run 1 vs simulator\n${lineDiff(node.stdout, sim.stdout)}\n--- program\n${program.source}`,
      };
    }
  }
  const nodeRes: RunResult = { stdout: node.stdout, stderr: node.stderr, code: node.code, timedOut: false, ms: node.ms };
  return { seed, verdict: ok ? 'pass' : 'fail', file, program, node: nodeRes, sim, report: ok ? undefined : failureReport(seed, file, program.source, node, sim) };
}

// ---- reducer: shrink a failing program to a minimal reproducer ------------------------------

/**
 * Greedy statement-level reduction: repeatedly tries deleting one statement (largest first) or one
 * `.then/.catch/.finally` link, keeping a change while Node is deterministic and still disagrees
 * with the simulator. `parse` is acorn's parse (passed in to keep this file dependency-light).
 */
export async function reduce(
  source: string,
  dir: string,
  simulator: Simulator,
  parse: (src: string) => any,
  budgetMs = 60000,
  ext = '.js',
): Promise<{ source: string; node: NodeRun; sim: RunResult } | null> {
  const t0 = Date.now();
  let counter = 0;
  const check = async (src: string): Promise<{ node: NodeRun; sim: RunResult } | null> => {
    try { parse(src); } catch { return null; }
    const file = path.join(dir, `reduce-${process.pid}-${counter++}${ext}`);
    fs.writeFileSync(file, src);
    try {
      const node = await nodeTruth(file, 2, 5000);
      if (node.timedOut || node.nondeterministic) return null;
      const sim = await simulator(file, src);
      if (compare(node, sim)) return null;
      // Keep the failure "interesting": crashes stay crashes, mismatches stay mismatches.
      return { node, sim };
    } finally {
      fs.rmSync(file, { force: true });
    }
  };
  let best = await check(source);
  if (!best) return null;
  const wantCode = best.node.code;
  const base = check;
  const checkSame = async (src: string) => {
    const r = await base(src);
    // Deleting a declaration can turn the program into a ReferenceError; keep Node's exit code.
    return r && r.node.code === wantCode ? r : null;
  };
  let cur = source;
  let progress = true;
  while (progress && Date.now() - t0 < budgetMs) {
    progress = false;
    const cands = candidates(cur, parse);
    for (const [start, end, repl] of cands) {
      if (Date.now() - t0 > budgetMs) break;
      const next = cur.slice(0, start) + repl + cur.slice(end);
      const r = await checkSame(next);
      if (r) { cur = next; best = r; progress = true; break; }
    }
  }
  return { source: cur.replace(/^[ \t]*\n/gm, ''), node: best.node, sim: best.sim };
}

/** Edits to try: [start, end, replacement], biggest first. */
function candidates(src: string, parse: (s: string) => any): [number, number, string][] {
  let ast: any;
  try { ast = parse(src); } catch { return []; }
  const out: [number, number, string][] = [];
  const visit = (node: any, parentIsList: boolean) => {
    if (!node || typeof node.type !== 'string') return;
    if (parentIsList && /Statement|Declaration$/.test(node.type)) out.push([node.start, node.end, '']);
    // x.then(...) / x.catch(...) / x.finally(...)  ->  x
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed &&
      ['then', 'catch', 'finally'].includes(node.callee.property.name)) {
      out.push([node.start, node.end, src.slice(node.callee.object.start, node.callee.object.end)]);
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const v = node[key];
      if (Array.isArray(v)) v.forEach((c) => visit(c, key === 'body' || key === 'consequent'));
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v, false);
    }
  };
  visit(ast, false);
  // Comments are dropped too.
  const re = /^\/\/.*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) out.push([m.index, m.index + m[0].length, '']);
  return out.sort((a, b) => (b[1] - b[0]) - (a[1] - a[0]));
}
