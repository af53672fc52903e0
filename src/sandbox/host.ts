// The host side of the analysis process (used by the CLI and by the extension): starts locked-down
// child processes (dist/analysis-process.js), hands each one job at a time, keeps a warm spare.
// INVARIANTS
// - Everything a child sends is untrusted: every message goes through validateChildMessage
//   (src/sandbox/protocol.ts); an invalid one ends the job with an error outcome and the child is killed.
// - The wall-clock deadline is enforced from outside: at `hardTimeoutMs` the child is SIGKILLed, so
//   regexes and native loops end too. A child that was stopped for any reason (deadline, memory,
//   cancel, invalid message) is never reused: it is killed and a fresh spare takes its place.
// - A crash (signal, V8 fatal error, out of memory) becomes an outcome located with the child's last
//   progress report; nothing the child prints on stderr is shown (it is size-capped and only classified).
// - The console events a job streamed (child 'console' messages, the tail of a 'limit' reply) are kept
//   per job, in order, capped (CONSOLE_CAP), and go into every timeout / memory / crash outcome: what
//   the program printed before any stop survives, even when the host had to kill the child.
// - run() never throws and never rejects.
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Analysis, AnalyzeOptions, ConsoleEvent, Diagnostic } from '../engine/types';
import { HostMessage, JobRequest, locate, SelfCheck, toWire, validateChildMessage } from './protocol';

export type { JobRequest, SelfCheck } from './protocol';

export const PROCESS_FILE = 'analysis-process.js';
export const WORKER_FILE = 'analysis-worker.js';

/** Where the interpreter was when the job ended (a source offset, and whether a built-in call was running). */
export interface Where {
  offset: number;
  inNative: boolean;
}

/** The console events a job printed before it was stopped, in order (what the host kept of them). */
export interface Printed {
  events: ConsoleEvent[];
  /** Events past the host's cap (CONSOLE_CAP): counted, not kept. */
  cutLines: number;
  cutChars: number;
}

export type JobOutcome<T> =
  | { status: 'ok'; value: T }
  | { status: 'cancelled' }
  /** The deadline: `by: 'child'` the child stopped its worker, `by: 'kill'` the host killed the child. */
  | { status: 'timeout'; millis: number; where?: Where; by: 'child' | 'kill'; printed?: Printed }
  /** The heap ran out: the analysis worker's budget (`fatal: false`) or the whole process (`fatal: true`). */
  | { status: 'memory'; millis: number; where?: Where; limitMb: number; fatal: boolean; printed?: Printed }
  /** The child died another way (a signal, a V8 fatal error). */
  | { status: 'crashed'; millis: number; where?: Where; reason: string; printed?: Printed }
  | { status: 'error'; message: string };

export interface AnalysisHostOptions {
  /** Directory holding analysis-process.js and analysis-worker.js (the only one the child may read). */
  distDir: string;
  /** Warm children kept ready (default 1). */
  spare?: number;
  /** Heap budget of the analysis worker in MB (default 1024). */
  workerHeapMb?: number;
  /**
   * TEST ONLY: the analysis worker hands guest programs its real `process` and `require` (and fs /
   * child_process loaded before its lockdown) as `__hostLeak`, to prove layer 2 without layer 1.
   * Only this constructor option turns it on (it becomes an argv flag of the child); no request,
   * setting or guest program can.
   */
  testOnlyHostLeak?: boolean;
}

const STDERR_CAP = 64 * 1024;
const STARTUP_TIMEOUT_MS = 15_000;
/** Children running jobs at once (many open documents must not mean many processes). */
const MAX_PARALLEL = 4;
/**
 * Streamed console output kept per job: the engine's own cap (the request's maxConsoleBytes, default
 * 16 MiB) bounds an honest child; these bound any child. Past them, lines are counted, not kept.
 */
const CONSOLE_CAP = { events: 1_000_000, maxChars: 256 * 1024 * 1024, defaultChars: 16 * 1024 * 1024 };

interface Child {
  proc: childProcess.ChildProcess;
  ready: Promise<boolean>;
  check?: SelfCheck;
  stderr: string;
  job?: Job;
  dead: boolean;
  /** Started without the permission flags (the runtime refused them). */
  lowered: boolean;
}

interface Job {
  id: number;
  key: string;
  request: JobRequest;
  /** Undefined while the job waits for a free slot. */
  child?: Child;
  started: number;
  where?: Where;
  /** The console events the child streamed for this job so far. */
  printed: Printed;
  /** Text the job may still keep in `printed` (CONSOLE_CAP). */
  printedCharsLeft: number;
  settle: (o: JobOutcome<unknown>) => void;
  timer?: NodeJS.Timeout;
}

function consoleCharsFor(request: JobRequest): number {
  const max = Number(request.options?.maxConsoleBytes);
  return Number.isFinite(max) && max >= 0 ? Math.min(max, CONSOLE_CAP.maxChars) : CONSOLE_CAP.defaultChars;
}

/** Keeps streamed events of `job` (validated by protocol.ts), up to the caps. */
function keepPrinted(job: Job, events: ConsoleEvent[]): void {
  const p = job.printed;
  for (const e of events) {
    if (p.events.length >= CONSOLE_CAP.events || e.text.length > job.printedCharsLeft) {
      p.cutLines++;
      p.cutChars += e.text.length;
      job.printedCharsLeft = 0; // a cut is for good: the lines after it must not look contiguous
      continue;
    }
    job.printedCharsLeft -= e.text.length;
    p.events.push(e);
  }
}

/** The runtime's permission flag: `--permission` (Node 22.13+/23.5+), `--experimental-permission` (20–22), or none. */
export function permissionFlag(): string | null {
  const flags = process.allowedNodeEnvironmentFlags;
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  return null;
}

export class AnalysisHost {
  private nextId = 1;
  private idle: Child[] = [];
  private starting = new Set<Child>();
  private readonly running = new Map<string, Job>();
  /** Jobs waiting for a slot (MAX_PARALLEL), in order. */
  private queue: (() => void)[] = [];
  private active = 0;
  private disposed = false;
  private lowered = false;
  /** Children in a row that died before 'ready': warm-up stops at 3 (no crash loop). */
  private startFailures = 0;
  private firstCheck: Promise<SelfCheck | undefined>;
  private resolveFirstCheck!: (c: SelfCheck | undefined) => void;
  private readonly spare: number;

  constructor(private readonly options: AnalysisHostOptions) {
    this.spare = options.spare ?? 1;
    this.firstCheck = new Promise((r) => (this.resolveFirstCheck = r));
  }

  /** The host for a dist directory that holds the bundles (the CLI's, the extension's). */
  static forDist(distDir: string, options: Omit<AnalysisHostOptions, 'distDir'> = {}): AnalysisHost {
    return new AnalysisHost({ ...options, distDir });
  }

  /** The command line of a child: node flags for the layers this runtime supports. */
  childArgs(): string[] {
    // The real path: the permission model checks the files Node actually opens (symlinks resolved).
    let distDir = path.resolve(this.options.distDir);
    try {
      distDir = fs.realpathSync(distDir);
    } catch {
      /* missing: spawn() reports it */
    }
    const allowed = process.allowedNodeEnvironmentFlags;
    const args = ['--disallow-code-generation-from-strings'];
    const perm = this.lowered ? null : permissionFlag();
    if (perm) {
      // Reads only of our own bundles; no fs writes, no child processes, no addons. --allow-worker:
      // the child runs the engine in ONE worker thread so that it can cap that thread's heap and
      // stack (resourceLimits) and stop it at the deadline while its own main thread stays free.
      args.push(perm, `--allow-fs-read=${distDir}`, '--allow-worker');
    }
    if (allowed.has('--no-addons')) args.push('--no-addons');
    if (allowed.has('--no-warnings')) args.push('--no-warnings');
    // V8: a regex that backtracks too much falls back to the linear engine (covers /(a+)+$/, not
    // backreferences: those are stopped by the deadline).
    args.push('--enable-experimental-regexp-engine-on-excessive-backtracks', '--regexp-backtracks-before-fallback=10000');
    // The main thread only relays (one result at a time): half the worker's budget, at least 256 MB.
    args.push(`--max-old-space-size=${Math.max(256, Math.floor(this.workerHeapMb() / 2))}`);
    args.push(path.join(distDir, PROCESS_FILE), `--worker-heap-mb=${this.workerHeapMb()}`);
    if (this.options.testOnlyHostLeak === true) args.push('--test-only-host-leak');
    return args;
  }

  private workerHeapMb(): number {
    const mb = Number(this.options.workerHeapMb);
    return Number.isFinite(mb) && mb >= 64 ? Math.floor(mb) : 1024;
  }

  /** The self-check of the first child that started (undefined if none could start). */
  selfCheck(): Promise<SelfCheck | undefined> {
    this.warmUp();
    return this.firstCheck;
  }

  /** Start children ahead of time so a job does not pay for the start-up. */
  warmUp(): void {
    if (this.disposed || this.startFailures >= 3) return;
    while (this.idle.length + this.starting.size < this.spare) if (!this.startOne()) return;
  }

  /** Start one child now if none is ready or starting, whatever `spare` says (the CLI: boot while it reads the file). */
  prestart(): void {
    if (!this.disposed && this.idle.length + this.starting.size === 0) this.startOne();
  }

  private startOne(): boolean {
    const c = this.spawn();
    if (!c) return false;
    this.starting.add(c);
    void c.ready.then((ok) => {
      this.starting.delete(c);
      if (ok && !c.dead && !c.job && !this.disposed) {
        this.idle.push(c);
        this.setRef(c, false);
      } else if (!c.job) this.kill(c);
    });
    return true;
  }

  /**
   * Runs `request` for `key`; cancels the job already running for that key. At most MAX_PARALLEL
   * jobs run at once (one child each); the others wait their turn. Never rejects.
   */
  run<T>(key: string, request: JobRequest, hardTimeoutMs: number): Promise<JobOutcome<T>> {
    this.cancel(key);
    if (this.disposed) return Promise.resolve({ status: 'cancelled' });
    const id = this.nextId++;
    return new Promise<JobOutcome<T>>((resolve) => {
      let done = false;
      let begun = false;
      let startup: NodeJS.Timeout | undefined;
      const job: Job = {
        id,
        key,
        request,
        started: Date.now(),
        printed: { events: [], cutLines: 0, cutChars: 0 },
        printedCharsLeft: consoleCharsFor(request),
        settle: (o) => {
          if (done) return;
          done = true;
          if (job.timer) clearTimeout(job.timer);
          if (startup) clearTimeout(startup);
          if (job.child && job.child.job === job) job.child.job = undefined;
          if (this.running.get(key) === job) this.running.delete(key);
          if (begun) {
            this.active--;
            this.pump();
          } else this.queue = this.queue.filter((q) => q !== begin);
          resolve(o as JobOutcome<T>);
        },
      };
      const attach = (child: Child, retried: boolean): void => {
        job.child = child;
        child.job = job;
        this.setRef(child, true);
        void child.ready.then((ok) => {
          if (child.job !== job) return; // cancelled while it started
          if (!ok || child.dead) {
            this.kill(child);
            child.job = undefined;
            // The runtime refused the permission flags: once more without them (the self-check says so).
            const again = !retried && this.lowered ? this.spawn() : undefined;
            if (again) return attach(again, true);
            job.settle({ status: 'error', message: 'the analysis process did not start' });
            return;
          }
          send(child);
        });
      };
      const send = (child: Child): void => {
        if (startup) clearTimeout(startup);
        job.started = Date.now();
        job.timer = setTimeout(() => {
          job.settle({ status: 'timeout', millis: Date.now() - job.started, where: job.where, by: 'kill', printed: job.printed });
          this.kill(child);
        }, Math.max(1, hardTimeoutMs));
        const failed = () => {
          job.settle({ status: 'error', message: 'the request could not be sent to the analysis process' });
          this.kill(child);
        };
        try {
          child.proc.send(toWire({ id, ...request } as HostMessage), (err) => err && failed());
        } catch {
          failed();
        }
      };
      const begin = (): void => {
        begun = true;
        this.active++;
        // A warm child, else one already starting, else a new one.
        const starting = this.starting.values().next();
        const child = this.idle.pop() ?? (starting.done ? this.spawn() : starting.value);
        if (!child) {
          job.settle({ status: 'error', message: 'could not start the analysis process' });
          return;
        }
        this.starting.delete(child);
        startup = setTimeout(() => {
          job.settle({ status: 'error', message: 'the analysis process did not start' });
          if (job.child) this.kill(job.child);
        }, STARTUP_TIMEOUT_MS);
        attach(child, false);
        // No spare is started while a job runs: the child comes back warm (its engine compiled and
        // JIT-optimised) and takes the next job; a spare is made when a child is killed instead.
      };
      this.running.set(key, job);
      if (this.active < MAX_PARALLEL) begin();
      else this.queue.push(begin);
    });
  }

  /** Cancels the job running (or waiting) for `key` (its child is killed; the spare takes over). */
  cancel(key: string): void {
    const job = this.running.get(key);
    if (!job) return;
    this.running.delete(key);
    job.settle({ status: 'cancelled' });
    if (job.child) this.kill(job.child);
    this.warmUp();
  }

  private pump(): void {
    while (!this.disposed && this.active < MAX_PARALLEL && this.queue.length) this.queue.shift()!();
  }

  /** Process ids of the children (tests, diagnostics). */
  pids(): number[] {
    const all = [...this.idle, ...this.starting, ...[...this.running.values()].map((j) => j.child)];
    return all.filter((c): c is Child => !!c && !c.dead && c.proc.pid !== undefined).map((c) => c.proc.pid!);
  }

  /** The process id of the child running `key`'s job (tests). */
  pidOf(key: string): number | undefined {
    return this.running.get(key)?.child?.proc.pid;
  }

  /** How many console events the job `key` has streamed so far (tests wait on it instead of sleeping). */
  printedBy(key: string): number {
    return this.running.get(key)?.printed.events.length ?? 0;
  }

  isBusy(key: string): boolean {
    return this.running.has(key);
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    for (const key of [...this.running.keys()]) this.cancel(key);
    for (const c of [...this.idle, ...this.starting]) this.kill(c);
    this.idle = [];
    this.starting.clear();
    this.resolveFirstCheck(undefined);
  }

  // ---- children ------------------------------------------------------------------------------------

  private spawn(): Child | undefined {
    const file = path.join(this.options.distDir, PROCESS_FILE);
    if (!fs.existsSync(file) || !fs.existsSync(path.join(this.options.distDir, WORKER_FILE))) {
      this.resolveFirstCheck(undefined);
      return undefined;
    }
    let proc: childProcess.ChildProcess;
    try {
      proc = childProcess.spawn(process.execPath, this.childArgs(), {
        // Empty but for the switch that makes VS Code's Electron binary a plain Node (as VS Code runs
        // language servers); the child deletes it first thing. Harmless under plain node.
        env: { ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
        windowsHide: true,
      });
    } catch {
      return undefined;
    }
    let markReady!: (ok: boolean) => void;
    const child: Child = { proc, ready: new Promise((r) => (markReady = r)), stderr: '', dead: false, lowered: this.lowered };
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      if (child.stderr.length < STDERR_CAP) child.stderr += chunk.slice(0, STDERR_CAP - child.stderr.length);
    });
    proc.on('error', () => {
      child.dead = true;
      markReady(false);
      this.onExit(child, null, null);
    });
    proc.on('message', (raw) => this.onMessage(child, raw, markReady));
    proc.on('exit', (code, signal) => {
      const early = !child.check;
      const killedByUs = child.dead;
      child.dead = true;
      markReady(false);
      // The runtime refused a flag (exit 9, "bad option"): start again without the permission model;
      // the self-check then reports it missing (never silently).
      if (early && code === 9 && !child.lowered && permissionFlag()) this.lowered = true;
      else if (early && !killedByUs) this.resolveFirstCheck(undefined);
      if (early && !killedByUs) this.startFailures++;
      this.onExit(child, code, signal);
    });
    return child;
  }

  private onMessage(child: Child, raw: unknown, markReady: (ok: boolean) => void): void {
    const job = child.job;
    const v = validateChildMessage(raw, job?.request.type);
    if (!v.ok) {
      if (job) job.settle({ status: 'error', message: `the analysis process sent an invalid message (${v.reason})` });
      this.kill(child);
      return;
    }
    const m = v.message;
    if (m.type === 'ready') {
      if (child.check) return;
      child.check = m.check;
      this.startFailures = 0;
      this.resolveFirstCheck(m.check);
      markReady(true);
      return;
    }
    if (!job || m.id !== job.id) return; // a late message of a job that ended
    switch (m.type) {
      case 'progress':
        job.where = { offset: m.offset, inNative: m.inNative };
        return;
      case 'console':
        keepPrinted(job, m.events);
        return;
      case 'result':
        job.settle({ status: 'ok', value: m.value });
        this.release(child);
        return;
      case 'error':
        job.settle({ status: 'error', message: m.message });
        this.release(child);
        return;
      case 'limit': {
        const where = { offset: m.offset, inNative: m.inNative };
        const millis = Date.now() - job.started;
        keepPrinted(job, m.console);
        const printed = job.printed;
        if (m.kind === 'time') job.settle({ status: 'timeout', millis, where, by: 'child', printed });
        else job.settle({ status: 'memory', millis, where, limitMb: m.limitMb, fatal: false, printed });
        this.kill(child); // recycle: a stopped child is never reused
        this.warmUp();
        return;
      }
    }
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    this.idle = this.idle.filter((c) => c !== child);
    this.starting.delete(child);
    const job = child.job;
    // Before 'ready' the job is not sent yet: run() sees the failed start (and may retry).
    if (job && child.check) {
      const millis = Date.now() - job.started;
      const err = child.stderr;
      if (/heap out of memory|Reached heap limit|Allocation failed|invalid table size|invalid array length|Fatal JavaScript invalid size|out of memory/i.test(err)) {
        job.settle({ status: 'memory', millis, where: job.where, limitMb: this.workerHeapMb(), fatal: true, printed: job.printed });
      } else if (/FATAL ERROR|Fatal error|Fatal JavaScript|# Fatal/i.test(err) || signal === 'SIGABRT' || signal === 'SIGTRAP' || code === 134) {
        job.settle({ status: 'crashed', millis, where: job.where, reason: 'V8 fatal error', printed: job.printed });
      } else {
        job.settle({ status: 'crashed', millis, where: job.where, reason: signal ? `killed by ${signal}` : `exit code ${code}`, printed: job.printed });
      }
    }
    if (!this.disposed) this.warmUp();
  }

  /** A child whose job ended normally: it is warm, so it goes last in `idle` (pop() takes it next). */
  private release(child: Child): void {
    if (this.disposed || child.dead) return this.kill(child);
    this.idle.push(child);
    this.setRef(child, false);
    // Over capacity (several documents ran at once): let the cold ones go first.
    while (this.idle.length > Math.max(1, this.spare)) this.kill(this.idle[0]);
  }

  private kill(child: Child): void {
    if (child.dead) return;
    child.dead = true;
    this.idle = this.idle.filter((c) => c !== child);
    this.starting.delete(child);
    try {
      child.proc.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  /** An idle child must not keep the host's event loop alive (the CLI exits, tests end). */
  private setRef(child: Child, ref: boolean): void {
    const p = child.proc as childProcess.ChildProcess & { channel?: { ref(): void; unref(): void } };
    try {
      if (ref) {
        p.ref();
        p.channel?.ref();
      } else {
        p.unref();
        p.channel?.unref();
      }
    } catch {
      /* not supported: harmless */
    }
  }
}

/** The layers the self-check found missing, as short sentences (empty when all hold). */
export function missingLayers(check: SelfCheck | undefined): string[] {
  if (!check) return ['the analysis process could not start'];
  return check.notes.length ? check.notes : [
    !check.codeGeneration && 'code generation from strings is allowed',
    !check.permission && 'the permission model is not active',
    !check.emptyEnv && 'the environment is not empty',
    !check.lockdown && 'the process lockdown did not take effect',
    !check.workerLockdown && 'the analysis worker lockdown did not take effect',
    !check.engine && 'the engine did not answer its self-check',
  ].filter((x): x is string => !!x);
}

// ---- outcomes as Analyses ---------------------------------------------------------------------------

function moduleKindFor(fileName: string, options: AnalyzeOptions): Analysis['moduleKind'] {
  return options.moduleKind ?? (/\.mjs$/i.test(fileName) ? 'module' : 'commonjs');
}

/** An Analysis standing for a run that did not produce one: ONE diagnostic, located when known. */
export function failureAnalysis(
  fileName: string,
  options: AnalyzeOptions,
  code: 'time-budget' | 'memory-budget' | 'unsupported',
  message: string,
  millis = 0,
  at: { line: number; column: number } = { line: 1, column: 0 },
): Analysis {
  const diagnostic: Diagnostic = {
    code,
    severity: code === 'unsupported' ? 'error' : 'warning',
    message,
    line: at.line,
    column: at.column,
    endLine: at.line,
    endColumn: at.column + 1,
  };
  return {
    fileName,
    runtime: options.runtime ?? 'node',
    moduleKind: moduleKindFor(fileName, options),
    console: [],
    tasks: [],
    diagnostics: [diagnostic],
    steps: 0,
    virtualTime: 0,
    exitCode: code === 'unsupported' ? 2 : 3,
    stoppedBy: code === 'unsupported' ? undefined : code,
    millis,
  };
}

/** The Analysis of an analyze job: the child's, or one located diagnostic saying why there is none. */
export function analysisOf(outcome: JobOutcome<Analysis>, source: string, options: AnalyzeOptions): Analysis {
  const fileName = options.fileName ?? 'untitled.js';
  const budget = options.maxMillis;
  const budgetText = budget ? ` (${budget} ms)` : '';
  if (outcome.status === 'ok') return outcome.value;
  if (outcome.status === 'cancelled') return failureAnalysis(fileName, options, 'unsupported', 'Analysis cancelled by a newer request.');
  if (outcome.status === 'error') return failureAnalysis(fileName, options, 'unsupported', `Event Loop Lens could not analyse this file: ${outcome.message.split('\n')[0].slice(0, 300)}`);
  const at = outcome.where ? locate(source, outcome.where.offset) : { line: 1, column: 0 };
  return withPrinted(stoppedAnalysis(outcome, fileName, options, budgetText, at), outcome.printed);
}

/** What the program printed before it was stopped goes first (the CLI prints it, then the diagnostic). */
function withPrinted(analysis: Analysis, printed: Printed | undefined): Analysis {
  if (!printed) return analysis;
  analysis.console = printed.events.slice();
  if (printed.cutLines) analysis.cut = { consoleLines: printed.cutLines, consoleBytes: printed.cutChars };
  return analysis;
}

function stoppedAnalysis(
  outcome: Extract<JobOutcome<Analysis>, { status: 'timeout' | 'memory' | 'crashed' }>,
  fileName: string,
  options: AnalyzeOptions,
  budgetText: string,
  at: { line: number; column: number },
): Analysis {
  switch (outcome.status) {
    case 'timeout':
      return failureAnalysis(fileName, options, 'time-budget', outcome.where?.inNative
        ? `A built-in call at line ${at.line} did not return within the time budget${budgetText} — catastrophic regex backtracking? The analysis was stopped.`
        : `The simulation did not finish within the time budget${budgetText} at line ${at.line}; the analysis was stopped.`, outcome.millis, at);
    case 'memory':
      return failureAnalysis(fileName, options, 'memory-budget', outcome.fatal
        ? `The analysis process ran out of memory at line ${at.line}; it was stopped.`
        : `The memory budget (${outcome.limitMb} MB) ran out at line ${at.line}; the analysis was stopped.`, outcome.millis, at);
    case 'crashed':
    default:
      return failureAnalysis(fileName, options, 'unsupported', `The analysis process stopped (${(outcome as { reason: string }).reason}) at line ${at.line}.`, (outcome as { millis: number }).millis, at);
  }
}
