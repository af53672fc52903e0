// The analysis worker (bundled to dist/analysis-worker.js): the one worker thread of the analysis
// process, where the engine runs guest programs. It loads the engine, then locks itself down
// (src/sandbox/lockdown.ts) BEFORE it reads any program, checks that the lockdown and the engine
// work, and says 'ready'. The thread's heap and stack are capped by the child (resourceLimits).
// Messages in:  { id, request: JobRequest }     (from the child's main thread, which got it from the host)
//               { type: 'ping' }            (after each job: answered with 'pong' once the event loop is free)
// Messages out: { type: 'ready', notes, engine } | { type: 'pong' } | { id, ok: true, value } | { id, ok: false, error }
//               (an analysis `value` carries its trace, task records, console events and bindings packed, their
//               buffers transferred: see withPackedRecords in src/engine/recordCodec.ts, and protocol.ts)
//               { type: 'console', id, events }   the kept console events of job `id` so far, in batches
//                                                  while it runs (so they survive a stop; see child.ts);
//                                                  small batches at built-in calls are staged in the
//                                                  console tail instead (shared memory, consoleTail.ts)
// `progress` (a SharedArrayBuffer from the child) is written by the interpreter: host side only.
import { parentPort, workerData } from 'worker_threads';
import { parseSource } from '../engine/simulator';
import { analyze } from '../engine';
import { buildScopeModel, hoverAt } from '../engine/hoisting';
import type { Analysis, AnalyzeOptions } from '../engine/types';
import type { PackedTrace } from '../engine/traceCodec';
import { transferablesOf, withPackedRecords, type PackedFields } from '../engine/recordCodec';
import { hoverDataOf, type JobRequest } from './protocol';
import { lockDown, lockdownHolds } from './lockdown';
import { ConsoleTailWriter } from './consoleTail';
import { newContextsHaveGc, takeV8Gc } from './v8Gc';
import { getHeapStatistics } from 'v8';

const port = parentPort!;
const data = (workerData ?? {}) as { progress?: SharedArrayBuffer; consoleTail?: SharedArrayBuffer; testOnlyHostLeak?: boolean };
const progress = data.progress instanceof SharedArrayBuffer ? new Int32Array(data.progress) : undefined;
const consoleTail = data.consoleTail instanceof SharedArrayBuffer ? new ConsoleTailWriter(data.consoleTail) : undefined;

// TEST ONLY (the child passes it when the host was built with the test hook, see host.ts): this
// thread's real process and require, and fs/child_process loaded before the lockdown, handed to the
// guest as `__hostLeak` — a stand-in for a full layer-1 escape.
const hostLeak: object | undefined = data.testOnlyHostLeak === true
  ? { process, require, fs: require('fs'), child_process: require('child_process') }
  : undefined;

// ---- a full GC between jobs, after a large one -------------------------------------------------
// A job that leaves a large heap (a 1e5-link promise chain promotes ~60 MB of links) would have the
// NEXT job pay for collecting it: a full GC mid-run marks that job's own live data too, and was
// 50-100 ms of every fourth warm chain analysis. Collecting right after the result is posted, while
// the heap is nearly all garbage, costs ~9 ms, and the editor's next job comes later still. No
// guest realm gets V8's `gc` (v8Gc.ts): the self-check says so.
const collectGarbage = takeV8Gc();
const heapUsed = () => getHeapStatistics().used_heap_size;
/** Collect between jobs once the heap grew this much since the last collection (a small job never pays). */
const COLLECT_AFTER_BYTES = 192 * 1024 * 1024;
let heapAfterCollect = heapUsed();
function collectIfLarge(): void {
  if (collectGarbage === undefined || heapUsed() - heapAfterCollect < COLLECT_AFTER_BYTES) return;
  collectGarbage();
  heapAfterCollect = heapUsed();
}

// The engine loads `util` lazily in two places; everything else it needs is loaded by now.
const lockdownFailures = lockDown({ util: require('util') });

function moduleKindOf(options: AnalyzeOptions): 'module' | 'commonjs' {
  if (options.moduleKind) return options.moduleKind;
  return /\.m[jt]s$/i.test(options.fileName ?? '') ? 'module' : 'commonjs';
}

// Hovers come in bursts over the same text: keep the last scope model.
let cached: { source: string; moduleKind: string; model: ReturnType<typeof buildScopeModel> } | undefined;

function scopeModel(source: string, options: AnalyzeOptions) {
  const moduleKind = moduleKindOf(options);
  if (cached && cached.source === source && cached.moduleKind === moduleKind) return cached.model;
  // The engine's own parser: linear redeclaration checks, the same options as the simulation.
  const parsed = parseSource(source, moduleKind, Infinity, options.fileName, !!options.moduleKind, undefined, options.runtime === 'browser' ? 'browser' : false);
  if (!parsed.program) throw new Error('does not parse');
  const program = parsed.program;
  // TypeScript: the model of the erased text (same offsets), as the simulation saw it.
  const model = buildScopeModel(program, parsed.js ?? source);
  cached = { source, moduleKind, model };
  return model;
}

/** Engine options from the request: only host-side fields are set here, never from the message. */
function optionsOf(raw: unknown, jobId?: number): AnalyzeOptions {
  const options = { ...(typeof raw === 'object' && raw !== null ? raw : {}) } as AnalyzeOptions;
  delete options.testOnlyHostLeak;
  delete options.progress;
  delete options.onConsoleBatch;
  if (progress) options.progress = progress;
  // The trace crosses to the host packed (src/engine/traceCodec.ts): bytes, not a million objects.
  delete options.packTrace;
  if (options.trace) options.packTrace = true;
  if (jobId !== undefined) {
    consoleTail?.reset(jobId);
    options.onConsoleBatch = (events, atBuiltinCall) => {
      if (atBuiltinCall && consoleTail?.stage(events)) return;
      const staged = consoleTail ? consoleTail.take() : [];
      port.postMessage({ type: 'console', id: jobId, events: staged.length ? staged.concat(events) : events });
    };
  }
  if (hostLeak) options.testOnlyHostLeak = hostLeak;
  return options;
}

function handle(id: number, request: JobRequest): unknown {
  if (request.type === 'analyze') return analyze(String(request.source ?? ''), optionsOf(request.options, id));
  if (request.type === 'hover') {
    let model;
    try {
      model = scopeModel(String(request.source ?? ''), optionsOf(request.options));
    } catch {
      return null; // does not parse: no hover
    }
    return hoverAt(model, hoverDataOf(request.data), Number(request.line), Number(request.column)) ?? null;
  }
  throw new Error(`unknown request ${(request as { type?: string }).type}`);
}

function engineWorks(): boolean {
  try {
    const a = analyze("Promise.resolve(1).then((v) => console.log(v + 1)); setTimeout(() => {}, 1);", { fileName: 'self-check.js', maxMillis: 1000 });
    return a.console.length === 1 && a.console[0].text === '2';
  } catch {
    return false;
  }
}

const notes = [...lockdownFailures.map((k) => `could not remove ${k}`), ...lockdownHolds(), ...(newContextsHaveGc() ? ['a new context has the gc global'] : [])];
port.postMessage({ type: 'ready', notes, engine: engineWorks() });

port.on('message', (msg: { id: number; request: JobRequest } | { type: 'ping' }) => {
  // The child asks whether this thread's event loop is free again after a job.
  if ((msg as { type?: string })?.type === 'ping') return port.postMessage({ type: 'pong' });
  if (!('request' in msg)) return;
  const id = msg.id;
  try {
    let value = handle(id, msg.request);
    if (progress) progress[1] = 0;
    if (msg.request.type === 'analyze') value = withPackedRecords(value as Analysis);
    // The packed buffers move to the child's main thread (zero-copy; the worker keeps none).
    const v = value as ({ packedTrace?: PackedTrace } & PackedFields) | null;
    const transfer = v ? [v.packedTrace, v.packedTasks, v.packedConsole, v.packedBindings].flatMap(transferablesOf) : [];
    port.postMessage({ id, ok: true, value }, transfer);
  } catch (err) {
    const e = err as Error;
    port.postMessage({ id, ok: false, error: String(e && e.message ? e.message : err).split('\n')[0].slice(0, 500) });
  }
  // The result is on its way: the heap it leaves is garbage now (the child's ping waits for this).
  collectIfLarge();
});
