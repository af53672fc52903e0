// Rebuilds the simulation state at any step from the flat trace recorded by the simulator
// (Analysis.trace). Pure TypeScript: no `vscode` import, no guest objects — only previews.
//
// Positions. The trace is a list of events, each tagged with the interpreter step it happened at.
// Several moments can share one step number (the last statement of the script, the pop of its
// frame, the switch to the microtask phase and the first microtask all happen "at" step 4), so the
// UI navigates over "stops": groups of consecutive events, each starting at a `step` (a statement
// is about to run), a `dequeue` (a callback leaves a queue), a `phase` (the loop moves on) or a
// `pop` (a function returns). The state at stop i is the state after its last event.
// `stateAt(step)` is the state at the last stop whose step number is <= `step`.
//
// Cost. Small, bounded state (call stack, Web APIs, queues, phase, clock, line, console count) is
// checkpointed every CHECKPOINT_EVERY events; scopes never are — each binding keeps its own
// history of (event index, preview) and is looked up by binary search. So any step costs one
// checkpoint copy plus at most CHECKPOINT_EVERY event applications, whatever the trace length.
//
// Index (issue 13). Every trace is read as packed bytes (an object trace is packed first) by a
// TraceScanner: no object per event. The constructor's opening pass finds the stops (from the
// check's kind bytes), the navigation lists, the timeline and the teaching index — what the first
// view needs; the states' index (checkpoints, scope histories) is built forward only as far as a
// stop asks (indexThrough) and, after the first view, in idle slices (indexSome) that the panel
// controller and the webview schedule. A state is the same however far the index got (test/unit/
// replay-differential.test.ts replays real traces against the index this replaced). Measured by
// bench/trace-memory.mjs: the 1,000,000-event trace of a 300,000-step run opens in tens of
// milliseconds on the host and any stop takes well under a millisecond once indexed.
//
// Adding per-step state for a new trace record (a panel section: contexts, closures, promises...):
//  - Small state, bounded by what is live at one moment (a stack, a queue, a set of pending things):
//    a field of Snapshot, copied in cloneSnapshot (copy what apply() mutates in place), reset in
//    emptySnapshot, updated by a `case` in apply(), and read in stateAtStop(). Checkpoints then carry it
//    and any stop stays O(CHECKPOINT_EVERY) — apply() must stay O(1) per event (no scan of history).
//  - State that grows with the run (every value a binding held, every promise ever made): NOT in the
//    snapshot (each checkpoint would copy it: memory and time grow with the square of the run). Keep a
//    history per item, as scopes do (src/engine/scopeStore.ts: columns of event indexes, the values
//    decoded from the trace's own events), built in the states' pass (indexThrough: only from
//    events at or before the one it is at), and resolve it at the stop's last event index.
//  - Navigation targets (next/previous stop where X happened): an ascending list of stop indexes
//    filled in the constructor's opening pass (dequeueStops, consoleStops), searched by nextIn / prevIn.

import type { Analysis, LoopPhase, QueueName, StepState, TraceEvent, BindingKind } from './types';
import { TeachIndex, explainCreation, hasTeachEvents } from './teach';
import { lastAtOrBefore } from './search';
import { BINDING_KINDS, BINDING_STATES, ENUMS, KIND as K, TraceReader, TraceScanner, checkPackedTrace, packTrace, traceOf, type CheckedTrace, type TraceSeq } from './traceCodec';
import { Column, IdMap, ScopeStore } from './scopeStore';

// 1024 (a multiple of the packed trace's BLOCK): a stop replays at most 1024 events from its
// checkpoint, scanned without objects (well under a millisecond); fewer checkpoints to copy when indexing (issue 13).
export const CHECKPOINT_EVERY = 1024;
/** The kinds whose fields the states' index reads (apply(), scopes and bindings); the teaching ones are stepped over. */
const STATE_FIELDS = new Uint8Array(256);
for (const k of ['step', 'push', 'pop', 'scope', 'bind', 'enqueue', 'dequeue', 'webapi-add', 'webapi-remove', 'console', 'phase'] as const) STATE_FIELDS[K[k]] = 1;
/** Events the states' index takes per step of indexSome (a fraction of a millisecond). */
const SLICE = 1024;
// Kind bytes of the packed trace (src/engine/traceCodec.ts), as constants for the index pass's switch.
const K_STEP = K.step, K_PUSH = K.push, K_POP = K.pop, K_SCOPE = K.scope, K_BIND = K.bind, K_ENQUEUE = K.enqueue, K_DEQUEUE = K.dequeue, K_WEBAPI_ADD = K['webapi-add'], K_WEBAPI_REMOVE = K['webapi-remove'], K_CONSOLE = K.console, K_PHASE = K.phase, K_CTX = K.ctx, K_FN = K.fn, K_P_NEW = K['p-new'], K_P_ORIGIN = K['p-origin'];

export type TimelineBarKind = 'script' | 'microtasks' | 'nextTicks' | 'task' | 'immediate' | 'idle' | 'phase' | 'frame' | 'render';

/** One bar of the timeline picture: a stretch of steps (or, for `idle`, of virtual time). */
export interface TimelineBar {
  kind: TimelineBarKind;
  /** Short label: "script", "3 microtasks", "setTimeout callback (line 9)", "idle 100 ms". */
  label: string;
  /** First and last step of the bar (idle bars: startStep = endStep = the step the clock jumped at). */
  startStep: number;
  endStep: number;
  /** Index of the first / last stop in `TraceReplay.stops`. */
  startStop: number;
  endStop: number;
  /** Virtual clock at the start and the end of the bar (ms). */
  startTime: number;
  endTime: number;
  /** Number of callbacks (tasks / microtasks) run in the bar. */
  count: number;
}

interface Frame { name: string; line: number; column: number; file?: string }
interface WebApi { id: number; api: string; label: string; delay: number; due: number; line: number }
interface QItem { id: number; label: string; line: number }

interface Snapshot {
  /** Index of the last event applied (-1 = none). */
  index: number;
  step: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The file of the current location, when it is an imported module (absent: the main file). */
  file?: string;
  scope: number;
  phase: LoopPhase;
  time: number;
  note: string | undefined;
  consoleCount: number;
  /**
   * The frames, FRAME_FIELDS numbers each (bottom first): the push's name string id, line, column
   * and file string id (-1: the main file). Numbers, not a Frame object per push: the states' pass
   * pushes a frame per call (130,000 in a long run), and an object each was ~7 MB of garbage in the
   * extension host (issue 13). frameOf() makes the object a state shows.
   */
  frames: number[];
  /** The scope that was current when each frame was pushed (restored when it pops). */
  scopeStack: number[];
  webApis: Map<number, WebApi>;
  queues: Record<QueueName, QItem[]>;
}

function emptySnapshot(): Snapshot {
  return {
    index: -1, step: 0, line: 0, column: 0, endLine: 0, endColumn: 0, scope: -1,
    phase: 'script', time: 0, note: undefined, consoleCount: 0,
    frames: [], scopeStack: [], webApis: new Map(),
    queues: { microtask: [], macrotask: [], nextTick: [], immediate: [], animationFrame: [] },
  };
}

const FRAME_FIELDS = 4;

function cloneSnapshot(s: Snapshot): Snapshot {
  return {
    ...s,
    frames: s.frames.slice(),
    scopeStack: s.scopeStack.slice(),
    webApis: new Map(s.webApis),
    queues: { microtask: s.queues.microtask.slice(), macrotask: s.queues.macrotask.slice(), nextTick: s.queues.nextTick.slice(), immediate: s.queues.immediate.slice(), animationFrame: s.queues.animationFrame.slice() },
  };
}

/** A `push` whose function records its execution context (teaching traces): the creation phase is a stop of its own. */
function contextFollows(kinds: Uint8Array, i: number): boolean {
  for (let k = i + 1; k < kinds.length && k < i + 64; k++) {
    const t = kinds[k];
    if (t === K_CTX) return true;
    if (t !== K_SCOPE && t !== K_BIND && t !== K_FN && t !== K_P_NEW && t !== K_P_ORIGIN) return false;
  }
  return false;
}

/**
 * The first event of every stop, found from the events' kinds alone (no decoding): counted first,
 * then written into a column of exactly that length. The opening pass used to grow columns by
 * doubling (and narrow a Float64 step column to Int32), which left ~12 MB of ArrayBuffer garbage in
 * the extension host for a 500,000-stop trace (issue 13: the extension host stays under 50 MB).
 * A stop starts at event 0 and at every boundary (a dequeue, a phase, a pop, a statement inside a
 * frame — or anywhere when frames are not traced —, a push whose context follows) once the stop
 * being built shows something: a stop of bookkeeping only (scopes, bindings, the loop's own
 * statements outside frames) joins the next one.
 */
function stopStarts(kinds: Uint8Array, n: number, framesTraced: boolean): Int32Array {
  const walk = (out: Int32Array | null): number => {
    let count = 0;
    let depth = 0;
    let visible = false; // does the stop being built show anything yet?
    for (let i = 0; i < n; i++) {
      const kind = kinds[i];
      const boundary = kind === K_DEQUEUE || kind === K_PHASE || kind === K_POP || (kind === K_STEP && (depth > 0 || !framesTraced)) || (kind === K_PUSH && i > 0 && kinds[i - 1] !== K_DEQUEUE && contextFollows(kinds, i));
      if (i === 0 || (boundary && visible)) {
        if (out) out[count] = i;
        count++;
        visible = false;
      }
      if (kind === K_PUSH) depth++;
      else if (kind === K_POP) depth = Math.max(0, depth - 1);
      if (kind !== K_SCOPE && kind !== K_BIND && !(kind === K_STEP && framesTraced && depth === 0)) visible = true;
    }
    return count;
  };
  const out = new Int32Array(walk(null));
  walk(out);
  return out;
}

/** How many events of each kind the trace has (capacity hints for the index's columns). */
function kindCounts(kinds: Uint8Array, n: number): Uint32Array {
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[kinds[i]]++;
  return counts;
}

/** Engine-internal bindings that are not the user's (`%fn`, `new.target`, `this`). */
function isInternalName(name: string): boolean {
  return name.startsWith('%') || name === 'new.target' || name === 'this';
}

/** The CommonJS wrapper's parameters: shown only when the user assigns them. */
const MODULE_WRAPPER_NAMES = new Set(['exports', 'require', 'module', '__filename', '__dirname']);

function short(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

const QUEUE_WORDS: Record<QueueName, string> = {
  microtask: 'microtask queue',
  macrotask: 'task queue',
  nextTick: 'nextTick queue',
  immediate: 'immediate queue',
  animationFrame: 'animation-frame queue',
};

const PHASE_WORDS: Record<LoopPhase, string> = {
  script: 'running the main script',
  microtasks: 'draining the microtask queue',
  nextTicks: 'draining the nextTick queue',
  timers: 'timers phase',
  check: 'check phase (setImmediate)',
  task: 'running a task',
  idle: 'idle — waiting for the next timer',
  done: 'done — nothing left to run',
  animationFrames: 'rendering: running the animation-frame callbacks',
  render: 'rendering: update the rendering (style, layout, paint)',
  idleCallbacks: 'idle period: running the idle callbacks',
};

/**
 * What each queue item was when it was enqueued, in columns: a long run enqueues one per job
 * (40,000 in a traced promise chain's first 300,000 steps), and an object per item was ~4 MB of
 * the extension host's heap. The label stays a string id of the trace until it is asked for.
 */
class QueuedItems {
  private readonly rows = new IdMap(1 << 22);
  private readonly labels = new Column();
  private readonly lines = new Column();
  private readonly queues = new Column();
  private string: (id: number) => string = () => '';
  /** How a label's string id reads (set before the opening pass, which already asks for items). */
  readStrings(string: (id: number) => string): void {
    this.string = string;
  }
  set(id: number, label: number, line: number, queue: number): void {
    const row = this.labels.push(label);
    this.lines.push(line);
    this.queues.push(queue);
    this.rows.set(id, row);
  }
  /** The opening pass is done: the spare capacity is dropped. */
  complete(): void {
    this.labels.trim();
    this.lines.trim();
    this.queues.trim();
  }
  get(id: number): (QItem & { queue: QueueName }) | undefined {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    return { id, label: this.string(this.labels.a[row]), line: this.lines.a[row], queue: ENUMS.QUEUE[this.queues.a[row]] };
  }
}

export class TraceReplay {
  readonly analysis: Analysis;
  readonly events: TraceSeq;
  /** Number of stops (positions the UI can show). */
  readonly stopCount: number;
  /** Total number of interpreter steps of the run (Analysis.steps, or the last traced step). */
  readonly totalSteps: number;

  /** For each stop: index of its first event; its last event is the next stop's first - 1. */
  private readonly stopFirstEvent: Int32Array;
  /** Step number of each stop (of its first event), non-decreasing. */
  private readonly stopSteps: Float64Array | Int32Array;
  private readonly checkpoints: Snapshot[] = [];
  /** Reads the packed events forward without objects (the index pass, checkpoint replays). */
  private readonly scan: TraceScanner;
  private readonly scopes: ScopeStore;
  /** Stops where a callback left a queue; where console output happened. */
  private readonly dequeueStops: number[] = [];
  private readonly macroDequeueStops: number[] = [];
  private readonly consoleStops: number[] = [];
  /** console index → stop. */
  private readonly consoleStopByIndex = new Map<number, number>();
  /** queue-item id → what it was when enqueued. */
  private readonly queued = new QueuedItems();
  private readonly webApiInfo = new Map<number, WebApi>();
  private readonly timelineBars: TimelineBar[];
  /** Scope of the main script's first statement: what the Scope box shows when the stack is empty (found by the opening pass). */
  private scriptScope: number | undefined;
  private readonly framesTraced: boolean;
  private readonly explainCache = new Map<number, string>();

  constructor(analysis: Analysis) {
    this.analysis = analysis;
    // The trace as objects or packed (src/engine/traceCodec.ts: decoded event by event, on demand).
    const raw: TraceSeq = traceOf(analysis) ?? [];
    let packed: CheckedTrace | undefined = raw instanceof TraceReader && raw.ascending ? raw.t : undefined;
    let reader = packed ? (raw as TraceReader) : undefined;
    if (!packed) {
      // Objects (the CLI, tests, the exported page), or packed with a stray out-of-order step: in
      // step order (the simulator writes them so), then packed for the index pass — one index pass
      // and one checkpoint replay (TraceScanner), whichever form came in.
      const all: TraceEvent[] = [];
      let sorted = true;
      for (let i = 0, prev = -Infinity; i < raw.length; i++) {
        const e = raw.at(i)!;
        all.push(e);
        if (e.step < prev) sorted = false;
        prev = e.step;
      }
      const list = sorted ? all : all.map((e, i) => [e, i] as const).sort((x, y) => x[0].step - y[0].step || x[1] - y[1]).map((q) => q[0]);
      const checked = checkPackedTrace(packTrace(list));
      if (typeof checked === 'string') throw new Error(`trace: ${checked}`);
      packed = checked;
      reader = new TraceReader(checked);
      this.events = Array.isArray(raw) && sorted ? raw : list;
    } else this.events = raw;
    const strings = reader!;
    this.scan = new TraceScanner(packed, (id) => strings.string(id));
    this.queued.readStrings((id) => strings.string(id));
    const n = packed.count;
    const kinds = packed.kinds;
    this.scopes = new ScopeStore(n + 1024);
    // Frames are traced: a `step` outside any frame is the loop's own bookkeeping (e.g. the job
    // about to run), merged into the stop before it and not shown as a location.
    const framesTraced = packed.hasPush;
    this.framesTraced = framesTraced;

    // The trace may record every binding as `var`; the static model knows the declaration kind.
    const kindByName = new Map<string, string | null>();
    for (const b of analysis.bindings ?? []) {
      const k = kindByName.get(b.name);
      kindByName.set(b.name, k === undefined || k === b.kind ? b.kind : null);
    }
    const kindOf = (name: string, kind: string) => (kind === 'var' ? kindByName.get(name) ?? kind : kind);

    // The opening pass over the bytes: stops, navigation, the timeline, the teaching index (whole:
    // a promise's origin and a closure's visibility are only known later in the trace). The
    // states' index (checkpoints, scope histories) follows on demand and in slices (indexSome).
    const firsts = stopStarts(kinds, n, framesTraced);
    const counts = kindCounts(kinds, n);
    // The stops' steps: Int32 while every step fits (a trace is capped far below 2^31 steps), half the bytes of a Float64.
    let steps: Int32Array | Float64Array = new Int32Array(firsts.length);
    /** The user's bindings the trace's scope events list: the scope columns' capacity. */
    let scopeBindings = 0;
    /** Per string id: 0 not asked yet, 1 an engine-internal binding name, 2 a user's. */
    const nameClass = new Uint8Array(packed.stringEnds.length);
    const timeline = new TimelineBuilder(this.queued);
    const teach = (this.teachIndex = hasTeachEvents(kinds) ? new TeachIndex(this) : null);
    teach?.reserve(counts);
    const sc = this.scan;
    const f = sc.f;
    let stopIdx = -1;
    let depth = 0;
    // The opening pass reads the fields it uses; a long run's bindings and statements (after the
    // first, which gives the script's scope) are stepped over.
    const only = new Uint8Array(256).fill(1);
    only[K_BIND] = 0;
    sc.seek(0);
    for (let i = 0; i < n; i++) {
      sc.next(only);
      const kind = sc.kind;
      if (i === firsts[stopIdx + 1]) {
        stopIdx++;
        if (sc.step >= 2 ** 31 && steps instanceof Int32Array) steps = Float64Array.from(steps);
        steps[stopIdx] = sc.step;
      }
      if (kind === K_PUSH) depth++;
      else if (kind === K_POP) depth = Math.max(0, depth - 1);
      switch (kind) {
        case K_STEP:
          // The script's scope: the first statement's that runs in a frame (apply() shows it when the stack empties).
          if (this.scriptScope === undefined && (depth > 0 || !framesTraced)) { this.scriptScope = f[4]; only[K_STEP] = 0; }
          break;
        case K_SCOPE: {
          const bs = sc.bindings;
          for (let j = 0; j < sc.bindingCount; j++) {
            const id = bs[4 * j];
            if (nameClass[id] === 0) nameClass[id] = isInternalName(sc.string(id)) ? 1 : 2;
            if (nameClass[id] === 2) scopeBindings++;
          }
          break;
        }
        case K_ENQUEUE:
          this.queued.set(f[1], f[2], f[3], f[0]);
          break;
        case K_DEQUEUE: {
          if (this.dequeueStops[this.dequeueStops.length - 1] !== stopIdx) this.dequeueStops.push(stopIdx);
          const q = ENUMS.QUEUE[f[0]];
          if ((q === 'macrotask' || q === 'immediate' || q === 'animationFrame') && this.macroDequeueStops[this.macroDequeueStops.length - 1] !== stopIdx) this.macroDequeueStops.push(stopIdx);
          break;
        }
        case K_WEBAPI_ADD:
          this.webApiInfo.set(f[0], { id: f[0], api: ENUMS.API[f[1]], label: sc.string(f[2]), delay: f[3], due: f[4], line: f[5] });
          break;
        case K_CONSOLE:
          if (this.consoleStops[this.consoleStops.length - 1] !== stopIdx) this.consoleStops.push(stopIdx);
          if (!this.consoleStopByIndex.has(f[0])) this.consoleStopByIndex.set(f[0], stopIdx);
          break;
      }
      timeline.event(sc, stopIdx);
      if (teach) teach.feed(sc);
    }
    teach?.finish();
    this.stopFirstEvent = firsts;
    this.stopCount = firsts.length;
    this.stopSteps = steps;
    // The states' index fills the scope columns later, in slices: sized now from what the trace holds.
    this.scopes.reserve(counts[K_SCOPE], scopeBindings, counts[K_BIND]);
    this.queued.complete();
    this.totalSteps = Math.max(analysis.steps || 0, n ? sc.step : 0);
    this.timelineBars = timeline.finish();
    this.states = { sc: new TraceScanner(packed, (id) => strings.string(id)), cur: emptySnapshot(), names: [], kindOf };
    this.checkpoints.push(cloneSnapshot(this.states.cur));
    this.states.sc.seek(0);
    if (n === 0) { this.finishStates(); this.untrimmed = false; }
  }

  // ---- The states' index: checkpoints and scope histories, built forward as far as asked --------

  /** The pass that builds the states' index, where it stands (undefined: done). */
  private states: { sc: TraceScanner; cur: Snapshot; names: string[]; kindOf: (name: string, kind: string) => string } | undefined;
  /** Index of the last event the states' index covers. */
  private indexedThrough = -1;

  /** True once the states' index covers the whole trace and indexSome has nothing left to do. */
  get fullyIndexed(): boolean { return this.states === undefined && !this.untrimmed; }

  /**
   * Extends the states' index for about `budgetMs` (slices of SLICE events; a slice costs well under
   * a millisecond). Returns true once the whole trace is indexed (and its columns trimmed). The extension host and the webview
   * call it from idle callbacks after the first view, so opening a long run blocks neither.
   */
  indexSome(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    if (!this.states) {
      // The columns' spare capacity, dropped in a slice of its own once the pass is done.
      if (this.untrimmed) { this.untrimmed = false; this.scopes.trim(); }
      return true;
    }
    while (this.states) {
      this.indexThrough(this.indexedThrough + SLICE);
      if (performance.now() >= until) break;
    }
    return false;
  }

  /** The states' index through event `last` at least (what any state at or before it reads). */
  private indexThrough(last: number): void {
    const st = this.states;
    if (!st || last <= this.indexedThrough) return;
    const sc = st.sc, f = sc.f, cur = st.cur, scopes = this.scopes, n = this.events.length;
    const end = Math.min(n - 1, last);
    for (let i = this.indexedThrough + 1; i <= end; i++) {
      sc.next(STATE_FIELDS);
      this.apply(cur, sc);
      const kind = sc.kind;
      if (kind === K_SCOPE) {
        const count = sc.bindingCount, bs = sc.bindings;
        if (st.names.length < count) st.names = new Array(count);
        const names = st.names;
        let dirname = false, require = false;
        for (let j = 0; j < count; j++) {
          const name = (names[j] = sc.string(bs[4 * j]));
          if (name === '__dirname') dirname = true;
          else if (name === 'require') require = true;
        }
        const wrapper = dirname && require;
        const sh = scopes.addScope(f[0], f[1], wrapper ? 'module scope' : sc.string(f[2]), i);
        for (let j = 0; j < count; j++) {
          const name = names[j];
          if (isInternalName(name) || (wrapper && MODULE_WRAPPER_NAMES.has(name))) continue;
          scopes.addBinding(sh, name, st.kindOf(name, BINDING_KINDS[bs[4 * j + 1]]), i, BINDING_STATES[bs[4 * j + 2]], j);
        }
      } else if (kind === K_BIND) {
        const name = sc.string(f[1]);
        if (!isInternalName(name)) {
          let sh = scopes.find(f[0]);
          if (sh < 0) sh = scopes.addScope(f[0], -1, `scope ${f[0]}`, i);
          let bh = scopes.bindingIn(sh, name);
          if (bh < 0 && !(scopes.label(sh) === 'module scope' && MODULE_WRAPPER_NAMES.has(name))) bh = scopes.addBinding(sh, name, 'global', i, 'value', -1);
          if (bh >= 0) scopes.write(bh, i);
        }
      }
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.push(cloneSnapshot(cur));
    }
    this.indexedThrough = end;
    if (end >= n - 1) this.finishStates();
  }

  private finishStates(): void {
    this.states = undefined;
    this.indexedThrough = this.events.length - 1;
    this.untrimmed = true;
  }

  /** The states' index is done and its columns still have their spare capacity (indexSome drops it). */
  private untrimmed = false;

  private apply(s: Snapshot, sc: TraceScanner): void {
    s.index = sc.index;
    s.step = sc.step;
    const f = sc.f;
    switch (sc.kind) {
      case K_STEP:
        if (this.framesTraced && s.frames.length === 0) break;
        s.line = f[0]; s.column = f[1]; s.endLine = f[2]; s.endColumn = f[3]; s.scope = f[4]; s.file = f[5] >= 0 ? sc.string(f[5]) : undefined;
        break;
      case K_PUSH: {
        const line = f[1], column = f[2];
        s.frames.push(f[0], line, column, f[3]);
        s.scopeStack.push(s.scope);
        // Until its first statement runs, the current location is the function being entered.
        if (line > 0) { s.line = line; s.column = column; s.endLine = line; s.endColumn = column; s.file = f[3] >= 0 ? sc.string(f[3]) : undefined; }
        break;
      }
      case K_POP: {
        if (s.frames.length) s.frames.length -= FRAME_FIELDS;
        const saved = s.scopeStack.pop();
        if (s.frames.length === 0 && this.scriptScope !== undefined) s.scope = this.scriptScope;
        else if (saved !== undefined) s.scope = saved;
        break;
      }
      case K_ENQUEUE:
        s.queues[ENUMS.QUEUE[f[0]]].push({ id: f[1], label: sc.string(f[2]), line: f[3] });
        break;
      case K_DEQUEUE: {
        const q = s.queues[ENUMS.QUEUE[f[0]]];
        const id = f[1];
        const k = q.length && q[0].id === id ? 0 : q.findIndex((x) => x.id === id);
        if (k >= 0) q.splice(k, 1);
        break;
      }
      case K_WEBAPI_ADD:
        s.webApis.set(f[0], { id: f[0], api: ENUMS.API[f[1]], label: sc.string(f[2]), delay: f[3], due: f[4], line: f[5] });
        break;
      case K_WEBAPI_REMOVE:
        s.webApis.delete(f[0]);
        break;
      case K_CONSOLE:
        s.consoleCount = Math.max(s.consoleCount, f[0] + 1);
        break;
      case K_PHASE:
        s.phase = ENUMS.PHASE[f[0]]; s.time = f[1]; s.note = f[2] >= 0 ? sc.string(f[2]) : undefined;
        break;
      case K_SCOPE:
        // The scope of a function being entered is current until its first `step` says otherwise.
        s.scope = f[0];
        break;
    }
  }

  /** Execution contexts, closures and promises (src/engine/teach), indexed in the opening pass (null: a trace without teaching events). */
  private readonly teachIndex: TeachIndex | null;
  get teach(): TeachIndex | null {
    return this.teachIndex;
  }

  /** Index of the first / last event of stop `i` (for src/engine/teach). */
  firstEventIndex(i: number): number { return this.stopCount ? this.stopFirstEvent[this.clampStop(i)] : -1; }
  lastEventIndex(i: number): number { return this.stopCount ? this.lastEventOf(this.clampStop(i)) : -1; }

  /** Scope `id` as it stood after event `index` (undefined when it did not exist yet). */
  scopeAt(id: number, index: number): StepState['scopes'][number] | undefined {
    this.indexThrough(index);
    const sh = this.scopes.find(id);
    if (sh < 0 || this.scopes.sinceOf(sh) > index) return undefined;
    return this.scopesAt(id, index)[0];
  }

  /** The scope chain from `id` outwards, as it stood after event `index`. */
  scopeChainAt(id: number, index: number): StepState['scopes'] {
    this.indexThrough(index);
    return this.scopesAt(id, index);
  }

  /** The preview of the `bind` event at `index` (slot -1), or of binding `slot` of the `scope` event there. */
  private previewAt(index: number, slot: number): string {
    const e = this.events.at(index);
    if (e && e.t === 'bind' && slot < 0) return e.preview;
    if (e && e.t === 'scope' && slot >= 0 && slot < e.bindings.length) return e.bindings[slot].preview;
    return '';
  }

  /** Index of the last event of stop `i`. */
  private lastEventOf(i: number): number {
    return i + 1 < this.stopCount ? this.stopFirstEvent[i + 1] - 1 : this.events.length - 1;
  }

  /** Snapshot after event `last` (-1 = before everything). */
  private snapshotThrough(last: number): Snapshot {
    this.indexThrough(last);
    const cp = this.checkpoints[Math.floor((last + 1) / CHECKPOINT_EVERY)];
    const s = cloneSnapshot(cp);
    if (last <= cp.index) return s;
    // Checkpoints sit on block boundaries (CHECKPOINT_EVERY is a multiple of BLOCK): no decode to get there.
    const sc = this.scan;
    sc.seek(cp.index + 1);
    while (sc.index < last && sc.next()) this.apply(s, sc);
    return s;
  }

  /** The scope chain (innermost first) as it stood after event `index`. */
  private scopesAt(scopeId: number, index: number): StepState['scopes'] {
    const out: StepState['scopes'] = [];
    const seen = new Set<number>();
    let id = scopeId;
    while (id !== -1 && id !== undefined && !seen.has(id)) {
      seen.add(id);
      const sh = this.scopes.find(id);
      if (sh < 0 || this.scopes.sinceOf(sh) > index) break;
      const bindings: StepState['scopes'][number]['bindings'] = [];
      // Previews are the trace's own (the `bind` event of the last write, or the `scope` event).
      for (const b of this.scopes.bindingsAt(sh, index)) {
        if (b.writeAt >= 0) bindings.push({ name: b.name, kind: b.kind, state: 'value', preview: this.previewAt(b.writeAt, -1) });
        else bindings.push({ name: b.name, kind: b.kind, state: b.initialState, preview: b.initialState === 'uninitialized' ? '' : this.previewAt(b.since, b.slot) });
      }
      out.push({ id: this.scopes.idOf(sh), label: this.scopes.label(sh), bindings });
      id = this.scopes.parentOf(sh);
    }
    return out;
  }

  /** The full state at stop `i` (clamped to [0, stopCount - 1]). */
  stateAtStop(i: number): StepState {
    if (this.stopCount === 0) return this.emptyState();
    const k = this.clampStop(i);
    const s = this.snapshotThrough(this.lastEventOf(k));
    const webApis = [...s.webApis.values()].sort((a, b) => a.due - b.due || a.id - b.id);
    const state: StepState = {
      step: this.stopSteps[k],
      totalSteps: this.totalSteps,
      line: s.line,
      column: s.column,
      endLine: s.endLine,
      endColumn: s.endColumn,
      ...(s.file !== undefined ? { file: s.file } : {}),
      phase: s.phase,
      time: s.time,
      callStack: this.callStackOf(s),
      webApis,
      queues: {
        microtask: s.queues.microtask.slice(),
        macrotask: s.queues.macrotask.slice(),
        nextTick: s.queues.nextTick.slice(),
        immediate: s.queues.immediate.slice(),
        animationFrame: s.queues.animationFrame.slice(),
      },
      consoleCount: s.consoleCount,
      scopes: this.scopesAt(s.scope, s.index),
      explanation: this.explainStop(k, s),
    };
    const teach = this.teach;
    if (teach) state.teach = teach.at(k, state);
    return state;
  }

  /** The frames of `s`, bottom first, as a state shows them. */
  private callStackOf(s: Snapshot): Frame[] {
    const out: Frame[] = [];
    for (let k = 0; k < s.frames.length; k += FRAME_FIELDS) out.push(this.frameOf(s, k / FRAME_FIELDS));
    return out;
  }

  private frameOf(s: Snapshot, k: number): Frame {
    const fr = s.frames, at = k * FRAME_FIELDS;
    const frame: Frame = { name: this.scan.string(fr[at]), line: fr[at + 1], column: fr[at + 2] };
    if (fr[at + 3] >= 0) frame.file = this.scan.string(fr[at + 3]);
    return frame;
  }

  /** The state at interpreter step `step`: the last stop whose step number is <= `step`. */
  stateAt(step: number): StepState {
    return this.stateAtStop(Math.max(0, this.stopOfStep(step)));
  }

  private emptyState(): StepState {
    return {
      step: 0, totalSteps: this.totalSteps, line: 0, column: 0, endLine: 0, endColumn: 0, phase: 'done', time: 0,
      callStack: [], webApis: [], queues: { microtask: [], macrotask: [], nextTick: [], immediate: [], animationFrame: [] },
      consoleCount: 0, scopes: [], explanation: 'Nothing to step through: the simulation recorded no steps.',
    };
  }

  // ---- Navigation (all in stop indexes) --------------------------------------------------

  clampStop(i: number): number {
    if (this.stopCount === 0) return 0;
    return Math.max(0, Math.min(this.stopCount - 1, Math.floor(i)));
  }

  /** Interpreter step number of stop `i`. */
  stepOfStop(i: number): number {
    return this.stopCount ? this.stopSteps[this.clampStop(i)] : 0;
  }

  /** The last stop whose step number is <= `step` (-1 before the first). */
  stopOfStep(step: number): number {
    return lastAtOrBefore(this.stopSteps, this.stopCount, step);
  }

  /** The stop nearest to interpreter step `step` (keeps the position after a re-analysis). */
  nearestStop(step: number): number {
    if (this.stopCount === 0) return 0;
    const i = this.stopOfStep(step);
    if (i < 0) return 0;
    if (step > this.stopSteps[this.stopCount - 1]) return this.stopCount - 1;
    // Among stops sharing the step number, the first one (the statement itself).
    let k = i;
    while (k > 0 && this.stopSteps[k - 1] === this.stopSteps[i]) k--;
    if (this.stopSteps[i] !== step && i + 1 < this.stopCount && this.stopSteps[i + 1] - step < step - this.stopSteps[i]) return i + 1;
    return k;
  }

  get lastStop(): number { return Math.max(0, this.stopCount - 1); }

  nextStop(i: number): number { return this.clampStop(i + 1); }
  prevStop(i: number): number { return this.clampStop(i - 1); }

  private nextIn(list: number[], i: number): number | undefined {
    let lo = 0, hi = list.length - 1, ans = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (list[mid] > i) { ans = mid; hi = mid - 1; } else lo = mid + 1; }
    return ans >= 0 ? list[ans] : undefined;
  }

  private prevIn(list: number[], i: number): number | undefined {
    const k = lastAtOrBefore(list, list.length, i - 1);
    return k >= 0 ? list[k] : undefined;
  }

  /** Next stop after `i` where a callback leaves a queue (a task or microtask starts). */
  nextTaskStop(i: number, opts: { macrotasksOnly?: boolean } = {}): number | undefined {
    return this.nextIn(opts.macrotasksOnly ? this.macroDequeueStops : this.dequeueStops, i);
  }

  prevTaskStop(i: number, opts: { macrotasksOnly?: boolean } = {}): number | undefined {
    return this.prevIn(opts.macrotasksOnly ? this.macroDequeueStops : this.dequeueStops, i);
  }

  /** Next stop after `i` that printed to the console. */
  nextConsoleStop(i: number): number | undefined {
    return this.nextIn(this.consoleStops, i);
  }

  prevConsoleStop(i: number): number | undefined {
    return this.prevIn(this.consoleStops, i);
  }

  /** The stop that printed console line `index` (0-based into Analysis.console). */
  consoleStop(index: number): number | undefined {
    const s = this.consoleStopByIndex.get(index);
    if (s !== undefined) return s;
    const c = this.analysis.console[index];
    if (!c) return undefined;
    const k = this.stopOfStep(c.step);
    return k >= 0 ? k : undefined;
  }

  // ---- Explanation -----------------------------------------------------------------------

  /** One sentence explaining what happened at stop `i` (`s` = the state after it). */
  private explainStop(i: number, s: Snapshot): string {
    const cached = this.explainCache.get(i);
    if (cached !== undefined) return cached;
    let text = this.composeExplanation(i, s);
    const teach = this.teach;
    if (teach) {
      // A context entered here: its creation phase; promise events here: why the tick count is what it is.
      const from = this.stopFirstEvent[i], to = this.lastEventOf(i);
      const ctx = teach.contextEnteredIn(from, to);
      if (ctx) {
        const creation = explainCreation(ctx, this.scopeAt(ctx.env, to)?.bindings ?? []);
        // A callback leaving its queue enters its context in the same stop: both are said.
        if (this.events.at(from)!.t === 'dequeue') {
          text = `${text.replace(/\.$/, '')} — ${creation[0].toLowerCase()}${creation.slice(1)}`;
          // An expression-bodied callback prints in the same stop.
          for (let k = from; k <= to; k++) {
            const e = this.events.at(k)!;
            if (e.t !== 'console') continue;
            const c = this.analysis.console[e.index];
            if (c) text += ` It prints “${short(c.text)}” (output #${c.order}).`;
            break;
          }
        }
        else text = creation + (text.startsWith('Prints') ? ' Then it ' + text[0].toLowerCase() + text.slice(1) : '');
      }
      const notes = teach.tickNotes(from, to);
      if (notes.length) text += ' ' + notes[0][0].toUpperCase() + notes[0].slice(1);
    }
    this.explainCache.set(i, text);
    return text;
  }

  private composeExplanation(i: number, s: Snapshot): string {
    const from = this.stopFirstEvent[i], to = this.lastEventOf(i);
    let dequeue: Extract<TraceEvent, { t: 'dequeue' }> | undefined;
    let push: Extract<TraceEvent, { t: 'push' }> | undefined;
    let pops = 0;
    let phase: Extract<TraceEvent, { t: 'phase' }> | undefined;
    let consoleIdx: number | undefined;
    const enqueues: Extract<TraceEvent, { t: 'enqueue' }>[] = [];
    const adds: Extract<TraceEvent, { t: 'webapi-add' }>[] = [];
    const removes: number[] = [];
    const binds: Extract<TraceEvent, { t: 'bind' }>[] = [];
    let stepEv: Extract<TraceEvent, { t: 'step' }> | undefined;
    for (let k = from; k <= to; k++) {
      const e = this.events.at(k)!;
      switch (e.t) {
        case 'dequeue': dequeue ??= e; break;
        case 'push': push = e; break;
        case 'pop': pops++; break;
        case 'phase': phase = e; break;
        case 'console': consoleIdx ??= e.index; break;
        case 'enqueue': enqueues.push(e); break;
        case 'webapi-add': adds.push(e); break;
        case 'webapi-remove': removes.push(e.id); break;
        case 'bind': binds.push(e); break;
        case 'step': stepEv = e; break;
      }
    }
    const lineOf = (l: number) => (l > 0 ? ` from line ${l}` : '');
    if (dequeue) {
      const q = this.queued.get(dequeue.id);
      const label = q ? q.label : 'callback';
      const line = q && !/\bline \d/.test(q.label) ? lineOf(q.line) : '';
      if (dequeue.queue === 'microtask') return `Call stack empty → running microtasks: \`${label}\`${line}.`;
      if (dequeue.queue === 'nextTick') return `Call stack empty → running process.nextTick callbacks: \`${label}\`${line}.`;
      if (dequeue.queue === 'immediate') return `Check phase → running setImmediate callback \`${label}\`${line}.`;
      return `Microtask queue empty → event loop takes the next task: \`${label}\`${line}${s.time ? ` (virtual clock ${s.time} ms)` : ''}.`;
    }
    if (phase && (phase.note || !stepEv)) {
      const words = PHASE_WORDS[phase.phase] ?? phase.phase;
      if (phase.note) return `${phase.note[0].toUpperCase()}${phase.note.slice(1)}${/[.!?]$/.test(phase.note) ? '' : '.'}`;
      return `Event loop: ${words} (virtual clock ${phase.time} ms).`;
    }
    if (removes.length && !push) {
      const w = this.webApiInfo.get(removes[0]);
      if (w) {
        const q = enqueues.find((e) => e.queue === 'macrotask');
        return q ? `Timer done at ${w.due} ms → \`${q.label}\` moves from Web APIs to the task queue.` : `\`${w.label}\` leaves the Web APIs.`;
      }
    }
    if (consoleIdx !== undefined) {
      const c = this.analysis.console[consoleIdx];
      if (c) return `Prints “${short(c.text)}” to the console (output #${c.order}).`;
      return `Prints to the console.`;
    }
    if (adds.length) {
      const a = adds[0];
      if (a.api === 'fetch') return `\`fetch\` handed to the Web APIs: the response arrives at ${a.due} ms on the virtual clock.`;
      if (a.api === 'user') return `The file declares ${a.label} (a \`// @lens click\` directive): the user's click will be a task then.`;
      if (a.api === 'requestIdleCallback') return `\`requestIdleCallback\` waits for the browser's next idle period, after the frame at ${a.due} ms.`;
      return `\`${a.api}\` hands its callback to the Web APIs: it is due at ${a.due} ms (delay ${a.delay} ms).`;
    }
    if (enqueues.length) {
      const e = enqueues[0];
      const more = enqueues.length > 1 ? ` (+${enqueues.length - 1} more)` : '';
      return `\`${e.label}\` is queued on the ${QUEUE_WORDS[e.queue]}${more}.`;
    }
    if (push) return `Calls \`${push.name}\`${push.line > 0 ? ` (line ${push.line})` : ''}: a new frame on the call stack.`;
    if (pops && !stepEv) {
      return s.frames.length === 0 ? 'The call stack is empty again.' : `Returns to \`${this.frameOf(s, s.frames.length / FRAME_FIELDS - 1).name}\`.`;
    }
    if (binds.length) {
      const b = binds[binds.length - 1];
      return `\`${b.name}\` is now ${short(b.preview, 40)}${stepEv && stepEv.line ? ` (line ${stepEv.line})` : ''}.`;
    }
    if (phase) return `Event loop: ${PHASE_WORDS[phase.phase] ?? phase.phase} (virtual clock ${phase.time} ms).`;
    if (stepEv) {
      const where = s.frames.length ? ` in \`${this.frameOf(s, s.frames.length / FRAME_FIELDS - 1).name}\`` : '';
      return `Runs line ${stepEv.line}${where}.`;
    }
    return 'Step.';
  }

  // ---- Timeline --------------------------------------------------------------------------

  /**
   * Bars over the run: the sync script, each microtask drain, each task (macrotask / immediate),
   * and idle gaps where the virtual clock jumps forward with nothing to run.
   */
  timeline(): TimelineBar[] {
    return this.timelineBars;
  }
}

/** The timeline's bars, built event by event in the index pass. */
class TimelineBuilder {
  private readonly bars: TimelineBar[] = [];
  private time = 0;
  private cur: TimelineBar | undefined;
  private stackDepth = 0;
  constructor(private readonly queued: QueuedItems) {}

  private open(kind: TimelineBarKind, label: string, step: number, stop: number): void {
    if (this.cur) this.bars.push(this.cur);
    this.cur = { kind, label, startStep: step, endStep: step, startStop: stop, endStop: stop, startTime: this.time, endTime: this.time, count: 0 };
  }

  event(sc: TraceScanner, stopIdx: number): void {
    const kind = sc.kind, step = sc.step, f = sc.f, i = sc.index;
    if (kind === K_PHASE && f[1] > this.time) {
      const gapStart = this.time;
      this.time = f[1];
      if (this.cur) { this.bars.push(this.cur); this.cur = undefined; }
      this.bars.push({ kind: 'idle', label: `idle ${this.time - gapStart} ms`, startStep: step, endStep: step, startStop: stopIdx, endStop: stopIdx, startTime: gapStart, endTime: this.time, count: 0 });
    }
    if (!this.cur) this.open(i === 0 && kind !== K_DEQUEUE ? 'script' : 'phase', i === 0 ? 'script' : 'event loop', step, stopIdx);
    if (kind === K_PUSH) this.stackDepth++;
    if (kind === K_POP) this.stackDepth = Math.max(0, this.stackDepth - 1);
    if (kind === K_DEQUEUE) {
      const queue = ENUMS.QUEUE[f[0]];
      const q = this.queued.get(f[1]);
      if (queue === 'microtask' || queue === 'nextTick') {
        const bar: TimelineBarKind = queue === 'microtask' ? 'microtasks' : 'nextTicks';
        if (this.cur!.kind !== bar) {
          if (this.cur!.kind === 'phase' && this.cur!.count === 0) { this.cur!.kind = bar; }
          else this.open(bar, '', step, stopIdx);
        }
        const cur = this.cur!;
        cur.count++;
        const word = bar === 'microtasks' ? 'microtask' : 'nextTick';
        cur.label = `${cur.count} ${word}${cur.count === 1 ? '' : 's'}`;
      } else {
        const bar: TimelineBarKind = queue === 'immediate' ? 'immediate' : queue === 'animationFrame' ? 'frame' : 'task';
        const label = q ? `${q.label}${q.line > 0 && !/\bline \d/.test(q.label) ? ` (line ${q.line})` : ''}` : 'task';
        if (this.cur!.kind === 'phase' && this.cur!.count === 0) { this.cur!.kind = bar; this.cur!.label = label; }
        else this.open(bar, label, step, stopIdx);
        this.cur!.count = 1;
      }
    } else if (kind === K_PHASE && this.cur) {
      const phase = ENUMS.PHASE[f[0]];
      // A phase change with an empty stack after the script opens a neutral bar (e.g. timers),
      // which the next dequeue turns into a task / drain bar.
      if (this.cur.kind === 'script' && phase !== 'script' && this.stackDepth === 0 && step > this.cur.startStep) this.open('phase', PHASE_WORDS[phase] ?? phase, step, stopIdx);
      // Browser: the rendering step of a frame is a bar of its own (frames on the timeline).
      if (phase === 'render') {
        this.open('render', f[2] >= 0 ? sc.string(f[2]) : 'update the rendering', step, stopIdx);
        this.cur!.count = 1;
      }
    }
    if (this.cur) { this.cur.endStep = step; this.cur.endStop = stopIdx; this.cur.endTime = this.time; }
  }

  finish(): TimelineBar[] {
    const bars = this.bars;
    if (this.cur) bars.push(this.cur);
    // Drop neutral bars that only hold bookkeeping (a phase switch with no code), but keep at least one bar.
    return bars.filter((b) => !(b.kind === 'phase' && b.count === 0 && b.endStop - b.startStop < 1 && bars.length > 1));
  }
}

/** The longest one slice of background indexing holds its thread (a frame is ~16 ms). */
const INDEX_SLICE_MS = 8;

/**
 * The rest of a replay's states index in slices of INDEX_SLICE_MS between the thread's other work
 * (the extension host's, the webview's), so opening a long run blocks neither; a move before it is
 * done indexes what it needs itself. Stops once `wanted()` is false (a newer run replaced this one).
 */
export function indexInBackground(replay: TraceReplay, wanted: () => boolean): void {
  const slice = () => {
    if (wanted() && !replay.indexSome(INDEX_SLICE_MS)) setTimeout(slice, 0);
  };
  if (!replay.fullyIndexed) setTimeout(slice, 0);
}

/** Convenience: replay of an analysis (throws nothing; an analysis without a trace has no stops). */
export function createReplay(analysis: Analysis): TraceReplay {
  return new TraceReplay(analysis);
}

export type { BindingKind };
