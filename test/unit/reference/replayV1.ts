// TEST-ONLY REFERENCE (issue 13): the replay index as it was before the one-pass scanner index (commit 228a89b),
// kept verbatim but for its imports so test/unit/replay-differential.test.ts can compare the two. Not shipped.
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
// Measured (issue 13): any stop of a 97,000-step, 290,000-event trace in microseconds on the host; the
// panel's jump → rendered time is the webview's (test/integration/bench-panel.test.ts).
//
// Adding per-step state for a new trace record (a panel section: contexts, closures, promises...):
//  - Small state, bounded by what is live at one moment (a stack, a queue, a set of pending things):
//    a field of Snapshot, copied in cloneSnapshot (copy what apply() mutates in place), reset in
//    emptySnapshot, updated by a `case` in apply(), and read in stateAtStop(). Checkpoints then carry it
//    and any stop stays O(CHECKPOINT_EVERY) — apply() must stay O(1) per event (no scan of history).
//  - State that grows with the run (every value a binding held, every promise ever made): NOT in the
//    snapshot (each checkpoint would copy it: memory and time grow with the square of the run). Keep a
//    history per item, as scopes do (src/engine/scopeStore.ts: columns of event indexes, the values
//    decoded from the trace's own events), built in the constructor's one pass, and resolve it at
//    the stop's last event index.
//  - Navigation targets (next/previous stop where X happened): an ascending list of stop indexes
//    filled in the constructor's pass (dequeueStops, consoleStops), searched by nextIn / prevIn.

import type { Analysis, LoopPhase, QueueName, StepState, TraceEvent, BindingKind } from '../../../src/engine/types';
import { TeachIndex, explainCreation, hasTeachEvents } from './teachV1';
import { lastAtOrBefore } from '../../../src/engine/search';
import { TraceReader, traceOf, type TraceSeq } from './traceCodecV1';
import { ScopeStore } from './scopeStoreV1';

// 256: a packed trace decodes the events it applies, so a stop costs at most 256 decodes (issue 13).
export const CHECKPOINT_EVERY = 256;
const QUEUES: QueueName[] = ['nextTick', 'microtask', 'macrotask', 'immediate', 'animationFrame'];

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
  callStack: Frame[];
  /** The scope that was current when each frame was pushed (restored when it pops). */
  scopeStack: number[];
  webApis: Map<number, WebApi>;
  queues: Record<QueueName, QItem[]>;
}

function emptySnapshot(): Snapshot {
  return {
    index: -1, step: 0, line: 0, column: 0, endLine: 0, endColumn: 0, scope: -1,
    phase: 'script', time: 0, note: undefined, consoleCount: 0,
    callStack: [], scopeStack: [], webApis: new Map(),
    queues: { microtask: [], macrotask: [], nextTick: [], immediate: [], animationFrame: [] },
  };
}

function cloneSnapshot(s: Snapshot): Snapshot {
  return {
    ...s,
    callStack: s.callStack.slice(),
    scopeStack: s.scopeStack.slice(),
    webApis: new Map(s.webApis),
    queues: { microtask: s.queues.microtask.slice(), macrotask: s.queues.macrotask.slice(), nextTick: s.queues.nextTick.slice(), immediate: s.queues.immediate.slice(), animationFrame: s.queues.animationFrame.slice() },
  };
}

/** A `push` whose function records its execution context (teaching traces): the creation phase is a stop of its own. */
function contextFollows(ev: TraceSeq, i: number): boolean {
  for (let k = i + 1; k < ev.length && k < i + 64; k++) {
    const t = ev.at(k)!.t;
    if (t === 'ctx') return true;
    if (t !== 'scope' && t !== 'bind' && t !== 'fn' && t !== 'p-new' && t !== 'p-origin') return false;
  }
  return false;
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
  private readonly stopSteps: Float64Array;
  private readonly checkpoints: Snapshot[] = [];
  private readonly scopes: ScopeStore;
  /** Stops where a callback left a queue; where console output happened. */
  private readonly dequeueStops: number[] = [];
  private readonly macroDequeueStops: number[] = [];
  private readonly consoleStops: number[] = [];
  /** console index → stop. */
  private readonly consoleStopByIndex = new Map<number, number>();
  /** queue-item id → what it was when enqueued. */
  private readonly queued = new Map<number, QItem & { queue: QueueName }>();
  private readonly webApiInfo = new Map<number, WebApi>();
  private timelineCache: TimelineBar[] | undefined;
  /** Scope of the main script's first statement: what the Scope box shows when the stack is empty. */
  private scriptScope: number | undefined;
  private readonly framesTraced: boolean;
  private readonly explainCache = new Map<number, string>();

  constructor(analysis: Analysis) {
    this.analysis = analysis;
    // The trace as objects or packed (src/engine/traceCodec.ts: decoded event by event, on demand).
    const raw: TraceSeq = traceOf(analysis) ?? [];
    // The simulator writes events in step order; keep it robust against a stray out-of-order event.
    let sorted = true;
    let framesTraced = false;
    // A packed trace's check already knows both (no decode pass for them).
    if (raw instanceof TraceReader) {
      sorted = raw.ascending;
      framesTraced = raw.hasPush;
    } else for (let i = 0, prev = -Infinity; i < raw.length; i++) {
      const e = raw.at(i)!;
      if (e.step < prev) { sorted = false; break; }
      prev = e.step;
      if (e.t === 'push') framesTraced = true;
    }
    if (!sorted) {
      const all: TraceEvent[] = [];
      for (let i = 0; i < raw.length; i++) all.push(raw.at(i)!);
      this.events = all.map((e, i) => [e, i] as const).sort((a, b) => a[0].step - b[0].step || a[1] - b[1]).map((p) => p[0]);
    } else this.events = raw;
    const ev = this.events;
    const n = ev.length;
    this.scopes = new ScopeStore(n + 1024);
    const firsts: number[] = [];
    // Frames are traced: a `step` outside any frame is the loop's own bookkeeping (e.g. the job
    // about to run), merged into the stop before it and not shown as a location.
    if (!sorted) for (let i = 0; i < n && !framesTraced; i++) framesTraced = ev.at(i)!.t === 'push';
    this.framesTraced = framesTraced;
    let depth = 0;
    let visible = false; // does the stop being built show anything yet?
    for (let i = 0; i < n; i++) {
      const e = ev.at(i)!;
      const boundary = e.t === 'dequeue' || e.t === 'phase' || e.t === 'pop' || (e.t === 'step' && (depth > 0 || !this.framesTraced)) || (e.t === 'push' && i > 0 && ev.at(i - 1)!.t !== 'dequeue' && contextFollows(ev, i));
      // A stop that holds only bookkeeping (scopes, bindings) joins the next one.
      if (i === 0 || (boundary && visible)) { firsts.push(i); visible = false; }
      if (e.t === 'push') depth++;
      else if (e.t === 'pop') depth = Math.max(0, depth - 1);
      if (e.t !== 'scope' && e.t !== 'bind' && !(e.t === 'step' && this.framesTraced && depth === 0)) visible = true;
    }
    this.stopFirstEvent = Int32Array.from(firsts);
    this.stopCount = firsts.length;
    this.stopSteps = new Float64Array(firsts.length);
    for (let k = 0; k < firsts.length; k++) this.stopSteps[k] = ev.at(firsts[k])!.step;
    const lastStep = n ? ev.at(n - 1)!.step : 0;
    this.totalSteps = Math.max(analysis.steps || 0, lastStep);

    // The trace may record every binding as `var`; the static model knows the declaration kind.
    const kindByName = new Map<string, string | null>();
    for (const b of analysis.bindings ?? []) {
      const k = kindByName.get(b.name);
      kindByName.set(b.name, k === undefined || k === b.kind ? b.kind : null);
    }
    const kindOf = (name: string, kind: string) => (kind === 'var' ? kindByName.get(name) ?? kind : kind);

    // One pass: checkpoints, scope histories, indexes for navigation.
    const cur = emptySnapshot();
    this.checkpoints.push(cloneSnapshot(cur));
    let stopIdx = -1;
    for (let i = 0; i < n; i++) {
      const e = ev.at(i)!;
      if (stopIdx + 1 < firsts.length && i === firsts[stopIdx + 1]) stopIdx++;
      this.apply(cur, e, i);
      switch (e.t) {
        case 'scope': {
          const wrapper = e.bindings.some((b) => b.name === '__dirname') && e.bindings.some((b) => b.name === 'require');
          const sh = this.scopes.addScope(e.id, e.parent, wrapper ? 'module scope' : e.label, i);
          e.bindings.forEach((b, slot) => {
            if (isInternalName(b.name) || (wrapper && MODULE_WRAPPER_NAMES.has(b.name))) return;
            this.scopes.addBinding(sh, b.name, kindOf(b.name, b.kind), i, b.state, slot);
          });
          break;
        }
        case 'bind': {
          if (isInternalName(e.name)) break;
          let sh = this.scopes.find(e.scope);
          if (sh < 0) sh = this.scopes.addScope(e.scope, -1, `scope ${e.scope}`, i);
          let bh = this.scopes.bindingIn(sh, e.name);
          if (bh < 0) {
            if (this.scopes.label(sh) === 'module scope' && MODULE_WRAPPER_NAMES.has(e.name)) break;
            bh = this.scopes.addBinding(sh, e.name, 'global', i, 'value', -1);
          }
          this.scopes.write(bh, i);
          break;
        }
        case 'enqueue':
          this.queued.set(e.id, { id: e.id, label: e.label, line: e.line, queue: e.queue });
          break;
        case 'dequeue':
          if (this.dequeueStops[this.dequeueStops.length - 1] !== stopIdx) this.dequeueStops.push(stopIdx);
          if ((e.queue === 'macrotask' || e.queue === 'immediate' || e.queue === 'animationFrame') && this.macroDequeueStops[this.macroDequeueStops.length - 1] !== stopIdx) this.macroDequeueStops.push(stopIdx);
          break;
        case 'webapi-add':
          this.webApiInfo.set(e.id, { id: e.id, api: e.api, label: e.label, delay: e.delay, due: e.due, line: e.line });
          break;
        case 'console':
          if (this.consoleStops[this.consoleStops.length - 1] !== stopIdx) this.consoleStops.push(stopIdx);
          if (!this.consoleStopByIndex.has(e.index)) this.consoleStopByIndex.set(e.index, stopIdx);
          break;
      }
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.push(cloneSnapshot(cur));
    }
    this.scopes.trim();
  }

  private apply(s: Snapshot, e: TraceEvent, index: number): void {
    s.index = index;
    s.step = e.step;
    switch (e.t) {
      case 'step':
        if (this.framesTraced && s.callStack.length === 0) break;
        s.line = e.line; s.column = e.column; s.endLine = e.endLine; s.endColumn = e.endColumn; s.scope = e.scope; s.file = e.file;
        if (this.scriptScope === undefined) this.scriptScope = e.scope;
        break;
      case 'push':
        s.callStack.push(e.file === undefined ? { name: e.name, line: e.line, column: e.column } : { name: e.name, line: e.line, column: e.column, file: e.file });
        s.scopeStack.push(s.scope);
        // Until its first statement runs, the current location is the function being entered.
        if (e.line > 0) { s.line = e.line; s.column = e.column; s.endLine = e.line; s.endColumn = e.column; s.file = e.file; }
        break;
      case 'pop': {
        s.callStack.pop();
        const saved = s.scopeStack.pop();
        if (s.callStack.length === 0 && this.scriptScope !== undefined) s.scope = this.scriptScope;
        else if (saved !== undefined) s.scope = saved;
        break;
      }
      case 'enqueue':
        s.queues[e.queue].push({ id: e.id, label: e.label, line: e.line });
        break;
      case 'dequeue': {
        const q = s.queues[e.queue];
        const k = q.length && q[0].id === e.id ? 0 : q.findIndex((x) => x.id === e.id);
        if (k >= 0) q.splice(k, 1);
        break;
      }
      case 'webapi-add':
        s.webApis.set(e.id, { id: e.id, api: e.api, label: e.label, delay: e.delay, due: e.due, line: e.line });
        break;
      case 'webapi-remove':
        s.webApis.delete(e.id);
        break;
      case 'console':
        s.consoleCount = Math.max(s.consoleCount, e.index + 1);
        break;
      case 'phase':
        s.phase = e.phase; s.time = e.time; s.note = e.note;
        break;
      case 'scope':
        // The scope of a function being entered is current until its first `step` says otherwise.
        s.scope = e.id;
        break;
      case 'bind':
        break;
    }
  }

  /** Execution contexts, closures and promises (src/engine/teach), built on first use. */
  private teachIndex: TeachIndex | null | undefined;
  get teach(): TeachIndex | null {
    if (this.teachIndex === undefined) this.teachIndex = hasTeachEvents(this.events) ? new TeachIndex(this) : null;
    return this.teachIndex;
  }

  /** Index of the first / last event of stop `i` (for src/engine/teach). */
  firstEventIndex(i: number): number { return this.stopCount ? this.stopFirstEvent[this.clampStop(i)] : -1; }
  lastEventIndex(i: number): number { return this.stopCount ? this.lastEventOf(this.clampStop(i)) : -1; }

  /** Scope `id` as it stood after event `index` (undefined when it did not exist yet). */
  scopeAt(id: number, index: number): StepState['scopes'][number] | undefined {
    const sh = this.scopes.find(id);
    if (sh < 0 || this.scopes.sinceOf(sh) > index) return undefined;
    return this.scopesAt(id, index)[0];
  }

  /** The scope chain from `id` outwards, as it stood after event `index`. */
  scopeChainAt(id: number, index: number): StepState['scopes'] {
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
    const cp = this.checkpoints[Math.floor((last + 1) / CHECKPOINT_EVERY)];
    const s = cloneSnapshot(cp);
    for (let i = cp.index + 1; i <= last; i++) this.apply(s, this.events.at(i)!, i);
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
      callStack: s.callStack.map((f) => ({ ...f })),
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
      return s.callStack.length === 0 ? 'The call stack is empty again.' : `Returns to \`${s.callStack[s.callStack.length - 1].name}\`.`;
    }
    if (binds.length) {
      const b = binds[binds.length - 1];
      return `\`${b.name}\` is now ${short(b.preview, 40)}${stepEv && stepEv.line ? ` (line ${stepEv.line})` : ''}.`;
    }
    if (phase) return `Event loop: ${PHASE_WORDS[phase.phase] ?? phase.phase} (virtual clock ${phase.time} ms).`;
    if (stepEv) {
      const where = s.callStack.length ? ` in \`${s.callStack[s.callStack.length - 1].name}\`` : '';
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
    if (this.timelineCache) return this.timelineCache;
    const bars: TimelineBar[] = [];
    const ev = this.events;
    let time = 0;
    let cur: TimelineBar | undefined;
    let stopIdx = -1;
    let stackDepth = 0;
    const open = (kind: TimelineBarKind, label: string, step: number, stop: number) => {
      if (cur) bars.push(cur);
      cur = { kind, label, startStep: step, endStep: step, startStop: stop, endStop: stop, startTime: time, endTime: time, count: 0 };
    };
    for (let i = 0; i < ev.length; i++) {
      const e = ev.at(i)!;
      if (stopIdx + 1 < this.stopCount && i === this.stopFirstEvent[stopIdx + 1]) stopIdx++;
      if (e.t === 'phase' && e.time > time) {
        const gapStart = time;
        time = e.time;
        if (cur) { bars.push(cur); cur = undefined; }
        bars.push({ kind: 'idle', label: `idle ${time - gapStart} ms`, startStep: e.step, endStep: e.step, startStop: stopIdx, endStop: stopIdx, startTime: gapStart, endTime: time, count: 0 });
      }
      if (!cur) open(this.events.length && i === 0 && e.t !== 'dequeue' ? 'script' : 'phase', i === 0 ? 'script' : 'event loop', e.step, stopIdx);
      if (e.t === 'push') stackDepth++;
      if (e.t === 'pop') stackDepth = Math.max(0, stackDepth - 1);
      if (e.t === 'dequeue') {
        const q = this.queued.get(e.id);
        if (e.queue === 'microtask' || e.queue === 'nextTick') {
          const kind: TimelineBarKind = e.queue === 'microtask' ? 'microtasks' : 'nextTicks';
          if (cur!.kind !== kind) {
            if (cur!.kind === 'phase' && cur!.count === 0) { cur!.kind = kind; }
            else open(kind, '', e.step, stopIdx);
          }
          cur!.count++;
          const word = kind === 'microtasks' ? 'microtask' : 'nextTick';
          cur!.label = `${cur!.count} ${word}${cur!.count === 1 ? '' : 's'}`;
        } else {
          const kind: TimelineBarKind = e.queue === 'immediate' ? 'immediate' : e.queue === 'animationFrame' ? 'frame' : 'task';
          const label = q ? `${q.label}${q.line > 0 && !/\bline \d/.test(q.label) ? ` (line ${q.line})` : ''}` : 'task';
          if (cur!.kind === 'phase' && cur!.count === 0) { cur!.kind = kind; cur!.label = label; }
          else open(kind, label, e.step, stopIdx);
          cur!.count = 1;
        }
      } else if (e.t === 'phase' && cur) {
        // A phase change with an empty stack after the script opens a neutral bar (e.g. timers),
        // which the next dequeue turns into a task / drain bar.
        if (cur.kind === 'script' && e.phase !== 'script' && stackDepth === 0 && e.step > cur.startStep) open('phase', PHASE_WORDS[e.phase] ?? e.phase, e.step, stopIdx);
        // Browser: the rendering step of a frame is a bar of its own (frames on the timeline).
        if (e.phase === 'render') {
          open('render', e.note ?? 'update the rendering', e.step, stopIdx);
          cur!.count = 1;
        }
      }
      if (cur) { cur.endStep = e.step; cur.endStop = stopIdx; cur.endTime = time; }
    }
    if (cur) bars.push(cur);
    // Drop neutral bars that only hold bookkeeping (a phase switch with no code), but keep at least one bar.
    const kept = bars.filter((b) => !(b.kind === 'phase' && b.count === 0 && b.endStop - b.startStop < 1 && bars.length > 1));
    this.timelineCache = kept;
    return kept;
  }
}

/** Convenience: replay of an analysis (throws nothing; an analysis without a trace has no stops). */
export function createReplay(analysis: Analysis): TraceReplay {
  return new TraceReplay(analysis);
}

export type { BindingKind };
