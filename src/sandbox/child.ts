// The analysis process's main thread (bundled to dist/analysis-process.js), started by
// src/sandbox/host.ts with the permission model, no code generation from strings and an empty env.
// INVARIANT: this thread never runs guest code and never reads a program before it has locked itself
// down and checked every layer; it only relays between the host (IPC) and ONE analysis worker thread,
// watches that worker (progress, deadline, heap) and replaces it after it was stopped.
// The worker streams the job's console events here while it runs (messages, and the console tail in
// shared memory, src/sandbox/consoleTail.ts); they are relayed to the host every RELAY_MS and with a
// 'limit' reply, so that the output before any stop survives.
// Everything it sends is treated by the host as untrusted (src/sandbox/protocol.ts).
import { Worker } from 'worker_threads';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import * as childProcess from 'child_process';
import * as v8 from 'v8';
import type { ChildMessage, HostMessage, SelfCheck } from './protocol';
import { LIMITS, deflateTraceOf } from './protocol';
import type { ConsoleEvent } from '../engine/types';
import { lockDown, lockdownHolds } from './lockdown';
import { CONSOLE_TAIL_BYTES, readConsoleTail } from './consoleTail';

// ---- what this thread needs, captured before the lockdown ---------------------------------------
const send = process.send ? process.send.bind(process) : undefined;
// process.kill() calls process._kill, which the lockdown removes: keep the binding itself.
const rawKill = (process as unknown as { _kill: (pid: number, signal: number) => number })._kill.bind(process);
const SIGKILL = os.constants.signals.SIGKILL;
const killSelf = () => rawKill(process.pid, SIGKILL);
const onProcess = process.on.bind(process);
const argv = process.argv.slice(2);
// The worker boots through workerBoot.ts (the bundle from V8's code cache when there is one).
const WORKER_FILE = path.join(__dirname, 'analysis-worker-boot.js');
/** Set only by the host's test-only constructor option (never by a request, a setting or a guest). */
const TEST_ONLY_HOST_LEAK = argv.includes('--test-only-host-leak');
const HEAP_MB = Math.max(64, Math.min(16_384, Number(argv.find((a) => a.startsWith('--worker-heap-mb='))?.slice(17)) || 1024));
/**
 * The worker's young generation (3 × its semi-space), 96 MB with the default heap. A worker's default
 * (~24 MB for a 1 GB old space) promotes every link of a long pending promise chain and every queued
 * job to the old space, to be copied twice and marked later: the promise-chain bench spent half its
 * time in GC. Semi-spaces grow only when survivors need them: a small analysis uses no more memory.
 * Not more: a traced 1e5-link chain peaks at 232 MB resident with 24, 265 with 96, 335 with 192
 * (bench/trace-memory.mjs's target for the analysis process is 300).
 */
const YOUNG_MB = Math.max(16, Math.floor((HEAP_MB * 3) / 32));
/**
 * V8's heap sizing for the worker, set before it starts (flags are read when an isolate is made):
 * - the semi-spaces start at their full size (YOUNG_MB / 3), not at 1 MB: a long pending chain
 *   otherwise pays for scavenges of a young space that is still growing, in every job;
 * - the old space grows by 4× its live size between full GCs, as it does for a main thread with
 *   a heap of 2 GB or more. V8 picks a smaller factor for a smaller heap limit (1.6 for the
 *   worker's 1 GB), and a warm 1e5-link chain then ran a full GC in most jobs, marking the whole
 *   live chain each time. The worker's heap limit still holds: the factor never grows past it.
 * Measured with `node bench/run.mjs --no-cold --only promise` (warm, through this process): the
 * chain 181 → 145 ms wall; a traced 1e6-step file peaks at 194 MB resident (158 before).
 */
v8.setFlagsFromString(`--min-semi-space-size=${Math.floor(YOUNG_MB / 3)}`);
v8.setFlagsFromString('--heap-growing-percent=300');
/** The child stops the worker this long after the engine's own time budget (the host kills later). */
const DEADLINE_GRACE_MS = 500;
const POLL_MS = 50;
/**
 * Console events go to the host this often (and all of them with a 'limit' reply): what the host has
 * when it must kill the child or loses it. Not every POLL_MS: that cost a console-heavy run ~15%
 * (`node dist/cli.js run` on 1e4 lines: 250 → 290 ms median); every 200 ms is within the noise.
 */
const RELAY_MS = 200;
/** A request without a time budget (a hover; the engine's own default is the same 5 s). */
const DEFAULT_BUDGET_MS = 5_000;
/** Console events per relayed message (the host rejects more: LIMITS.maxConsoleBatch). */
const CONSOLE_RELAY_EVENTS = LIMITS.maxConsoleBatch;

// VS Code runs us as `ELECTRON_RUN_AS_NODE=1 <electron>`: that is the only variable the host sets.
delete process.env.ELECTRON_RUN_AS_NODE;

function post(msg: ChildMessage): void {
  try {
    send?.(msg);
  } catch {
    /* the host is gone: the disconnect handler ends us */
  }
}

// ---- self-check: each layer took effect ----------------------------------------------------------
function throwsCode(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return String((e as { code?: string })?.code ?? (e as Error)?.name ?? 'thrown');
  }
}

function selfCheckBeforeLockdown(): Omit<SelfCheck, 'lockdown' | 'workerLockdown' | 'engine'> {
  const notes: string[] = [];
  const codeGeneration = throwsCode(() => new Function('return 1')) !== null && throwsCode(() => (0, eval)('1')) !== null;
  if (!codeGeneration) notes.push('code generation from strings is allowed (--disallow-code-generation-from-strings did not take effect)');
  const perm = (process as unknown as { permission?: { has(scope: string): boolean } }).permission;
  let permission = !!perm && typeof perm.has === 'function';
  if (!permission) notes.push('the Node.js permission model is not active in this runtime');
  else {
    const probe = path.join(os.tmpdir(), `event-loop-lens-probe-${process.pid}`);
    const write = throwsCode(() => fs.writeFileSync(probe, 'x'));
    const spawn = throwsCode(() => childProcess.spawnSync(process.execPath, ['--version']));
    if (write !== 'ERR_ACCESS_DENIED' || perm!.has('fs.write')) {
      permission = false;
      notes.push('file writes are not denied');
      if (write === null) throwsCode(() => fs.rmSync(probe, { force: true }));
    }
    if (spawn !== 'ERR_ACCESS_DENIED' || perm!.has('child')) {
      permission = false;
      notes.push('child processes are not denied');
    }
  }
  const emptyEnv = Object.keys(process.env).length === 0;
  if (!emptyEnv) notes.push('the environment is not empty');
  return { codeGeneration, permission, emptyEnv, notes };
}

const early = selfCheckBeforeLockdown();
const lockdownFailures = lockDown();
const mainNotes = [...lockdownFailures.map((k) => `could not remove ${k}`), ...lockdownHolds()];

// ---- the analysis worker ----------------------------------------------------------------------------
const progressBuffer = new SharedArrayBuffer(8);
const progress = new Int32Array(progressBuffer);
/** The current worker's console tail (a new one per worker: a stopped worker may leave half a record). */
let consoleTailBuffer!: SharedArrayBuffer;

interface Running {
  id: number;
  kind: HostMessage['type'];
  request: Omit<HostMessage, 'id'>;
  /** Sent to the worker (it waits while the worker is not idle yet). */
  dispatched: boolean;
  started: number;
  deadline: number;
  poll: NodeJS.Timeout;
  lastOffset: number;
  lastNative: number;
  /** Console events the worker streamed that are not relayed to the host yet, in order. */
  console: ConsoleEvent[];
  /** `order` of the last console event taken (the tail and the messages may both hold an event). */
  lastOrder: number;
  /** Date.now() from which the next relay of console events is due. */
  relayAt: number;
}

/** Takes streamed console events of `job`: those newer than what it has, in order. */
function takeConsole(job: Running, events: readonly ConsoleEvent[]): void {
  for (const e of events) {
    if (!e || typeof e.order !== 'number' || e.order <= job.lastOrder) continue;
    job.lastOrder = e.order;
    job.console.push(e);
  }
}

let worker: Worker | null = null;
/**
 * The worker answered 'ready' or 'pong' since its last job: its event loop is free. After every job
 * the worker is pinged before it gets the next one, so guest code that kept running after analyze()
 * returned (a job V8 queued) can never delay or see the next program: no pong in time → a fresh worker.
 */
let workerIdle = false;
let running: Running | null = null;
const IDLE_CHECK_MS = 250;
let readySent = false;
/** Workers in a row that died before saying 'ready': at 3 we stop (no crash loop) and say so. */
let startFailures = 0;

function sendReady(workerNotes: string[], engine: boolean): void {
  if (readySent) return;
  readySent = true;
  const check: SelfCheck = {
    ...early,
    lockdown: mainNotes.length === 0,
    workerLockdown: workerNotes.length === 0,
    engine,
    notes: [...early.notes, ...mainNotes, ...workerNotes.map((n) => `analysis worker: ${n}`), ...(engine ? [] : ['the engine did not answer its self-check'])],
  };
  post({ type: 'ready', check });
}

/** A result as the host gets it: a large trace's event bytes deflated (protocol.ts, DEFLATE_TRACE_ABOVE); as it is if that fails. */
function relayedResult(value: unknown): unknown {
  try {
    return deflateTraceOf(value);
  } catch {
    return value;
  }
}

/** A worker ended: start a fresh one, unless workers keep dying before they are ready. */
function restartWorker(wasReady: boolean): void {
  startFailures = wasReady ? 0 : startFailures + 1;
  if (startFailures < 3) return startWorker();
  sendReady(['the analysis worker could not start'], false);
}

function startWorker(): void {
  progress[0] = 0;
  progress[1] = 0;
  const w = new Worker(WORKER_FILE, {
    workerData: { progress: progressBuffer, consoleTail: (consoleTailBuffer = new SharedArrayBuffer(CONSOLE_TAIL_BYTES)), testOnlyHostLeak: TEST_ONLY_HOST_LEAK },
    resourceLimits: { stackSizeMb: 64, maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: YOUNG_MB },
    env: {},
  });
  worker = w;
  workerIdle = false;
  let ready = false;
  /** Pings sent to / pongs from this worker (the idle check after a job waits for ITS pong). */
  let pings = 0;
  let pongs = 0;
  w.on('message', (msg: any) => {
    if (w !== worker) return;
    if (msg && (msg.type === 'ready' || msg.type === 'pong')) {
      if (msg.type === 'ready') {
        ready = true;
        startFailures = 0;
        sendReady(Array.isArray(msg.notes) ? msg.notes.map(String) : ['the analysis worker did not report its lockdown'], msg.engine === true);
      }
      if (msg.type === 'pong') pongs++;
      workerIdle = true;
      if (running && !running.dispatched) dispatch();
      return;
    }
    if (!running || !running.dispatched || !msg || msg.id !== running.id) return;
    if (msg.type === 'console') {
      if (Array.isArray(msg.events)) takeConsole(running, msg.events);
      return;
    }
    const id = running.id;
    finish();
    if (msg.ok) post({ type: 'result', id, value: relayedResult(msg.value) });
    else post({ type: 'error', id, message: String(msg.error).slice(0, 1_000) });
    // Is the worker's event loop free again?
    w.postMessage({ type: 'ping' });
    const ping = ++pings;
    // Not `workerIdle`: the pong may have come and the next job been dispatched to it already.
    setTimeout(() => {
      if (w !== worker || pongs >= ping) return;
      worker = null;
      void w.terminate().then(startWorker, startWorker);
    }, IDLE_CHECK_MS);
  });
  w.on('error', (err: Error & { code?: string }) => {
    if (w !== worker) return;
    worker = null;
    const job = running && running.dispatched ? running : null;
    if (job) {
      finish();
      if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const tail = relayConsole(job, true);
        post({ type: 'limit', id: job.id, kind: 'memory', offset: progress[0], inNative: progress[1] === 1, millis: Date.now() - job.started, limitMb: HEAP_MB, console: tail });
      } else {
        post({ type: 'error', id: job.id, message: `the analysis worker failed: ${String(err?.message ?? err).split('\n')[0].slice(0, 300)}` });
      }
    }
    restartWorker(ready);
  });
  w.on('exit', () => {
    if (w !== worker) return;
    worker = null;
    const job = running && running.dispatched ? running : null;
    if (job) {
      finish();
      post({ type: 'error', id: job.id, message: 'the analysis worker stopped unexpectedly' });
    }
    restartWorker(ready);
  });
}

function finish(): void {
  if (running) clearInterval(running.poll);
  running = null;
}

/**
 * Relays the job's streamed console events to the host, in messages of at most CONSOLE_RELAY_EVENTS.
 * `keepLast`: the last chunk is returned instead of sent (it rides on the 'limit' reply).
 */
function relayConsole(job: Running, keepLast = false): ConsoleEvent[] {
  // At a stop, what the worker staged (it posts it with its next batch, which will not come).
  if (keepLast && job.dispatched) takeConsole(job, readConsoleTail(consoleTailBuffer, job.id, job.lastOrder));
  const events = job.console;
  job.console = [];
  let at = 0;
  for (; events.length - at > (keepLast ? CONSOLE_RELAY_EVENTS : 0); at += CONSOLE_RELAY_EVENTS) {
    post({ type: 'console', id: job.id, events: events.slice(at, at + CONSOLE_RELAY_EVENTS) });
  }
  return at === 0 ? events : events.slice(at);
}

function watch(): void {
  const job = running;
  if (!job) return;
  const now = Date.now();
  if (job.console.length && now >= job.relayAt) {
    job.relayAt = now + RELAY_MS;
    relayConsole(job);
  }
  const offset = progress[0];
  const native = progress[1];
  if (offset !== job.lastOffset || native !== job.lastNative) {
    job.lastOffset = offset;
    job.lastNative = native;
    post({ type: 'progress', id: job.id, offset, inNative: native === 1 });
  }
  if (Date.now() < job.deadline) return;
  // The deadline: stop the worker (the host kills this whole process a little later if even that
  // does not end it: a native loop does not check for termination).
  finish();
  const w = worker;
  worker = null;
  const tail = relayConsole(job, true);
  post({ type: 'limit', id: job.id, kind: 'time', offset, inNative: native === 1, millis: Date.now() - job.started, limitMb: HEAP_MB, console: tail });
  if (w) void w.terminate().then(startWorker, startWorker);
  else startWorker();
}

function onRequest(msg: HostMessage): void {
  if (!msg || typeof msg !== 'object' || typeof msg.id !== 'number') return;
  if (running || (!worker && startFailures >= 3)) {
    post({ type: 'error', id: msg.id, message: running ? 'the analysis process is busy' : 'the analysis worker could not start' });
    return;
  }
  const { id, ...request } = msg;
  const started = Date.now();
  const maxMillis = request.type === 'analyze' ? Number(request.options?.maxMillis) : NaN;
  const budget = Number.isFinite(maxMillis) && maxMillis > 0 ? maxMillis : DEFAULT_BUDGET_MS;
  progress[0] = 0;
  progress[1] = 0;
  // The deadline runs from now: waiting for the worker counts too.
  running = { id, kind: request.type, request, dispatched: false, started, deadline: started + budget + DEADLINE_GRACE_MS, poll: setInterval(watch, POLL_MS), lastOffset: 0, lastNative: 0, console: [], lastOrder: 0, relayAt: started + RELAY_MS };
  if (worker && workerIdle) dispatch();
}

function dispatch(): void {
  if (!running || running.dispatched || !worker) return;
  running.dispatched = true;
  workerIdle = false;
  progress[0] = 0;
  progress[1] = 0;
  worker.postMessage({ id: running.id, request: running.request });
}

onProcess('message', (msg: HostMessage) => onRequest(msg));
// The host went away (or closed the channel): nothing is left to do. SIGKILL, not exit(): exit()
// waits for the worker, which may be inside a native call that never checks for termination.
onProcess('disconnect', () => killSelf());
startWorker();
