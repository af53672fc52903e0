// Execution contexts, closures and promises at any step, derived from the teaching events of the
// trace (src/engine/interp/teachTrace.ts) — never from stored snapshots. One pass indexes them;
// `at(stop)` answers from the index: the call stack's contexts from a checkpoint (every
// CHECKPOINT_EVERY events, like the replay), closures and promises by binary search over their
// creation index, binding values through the replay's per-binding histories. What one step shows is
// capped (MAX_CLOSURES, MAX_PROMISES), so a 100,000-step trace costs the same per step as a short one.
// Pure TypeScript, no `vscode`, no guest objects.
import type { StepState, ThisKind, TraceEvent } from '../types';
import { ENUMS, KIND, type TraceScanner, type TraceSeq } from '../traceCodec';
import { ContextTable, IdMap } from '../scopeStore';
import { CallbackTable, ClosureTable, PromiseTable } from './tables';
import type { TraceReplay } from '../replay';
import { lastAtOrBefore } from '../search';
import type { BindingView, ClosureView, ContextView, PromiseView, QueuedScopeView, TeachState } from './types';

export type { TeachState, ContextView, ClosureView, PromiseView } from './types';

const CHECKPOINT_EVERY = 256;
const K_BIND = KIND.bind, K_PUSH = KIND.push, K_CTX = KIND.ctx, K_STEP = KIND.step, K_POP = KIND.pop, K_DEQUEUE = KIND.dequeue, K_SCOPE = KIND.scope, K_FN = KIND.fn, K_CB = KIND.cb;
const K_WEBAPI_REMOVE = KIND['webapi-remove'], K_ENQUEUE = KIND.enqueue, K_P_NEW = KIND['p-new'], K_P_ORIGIN = KIND['p-origin'], K_P_SETTLE = KIND['p-settle'];
const K_P_REACT = KIND['p-react'], K_P_JOB = KIND['p-job'], K_P_ADOPT = KIND['p-adopt'];
export const MAX_CLOSURES = 12;
export const MAX_PROMISES = 40;
const MAX_KEPT_BY = 6;
const MAX_QUEUED = 200;

type Ev<T extends TraceEvent['t']> = Extract<TraceEvent, { t: T }>;


const LEXICAL = new Set(['let', 'const', 'class']);

/** Does `events` record teaching events (a trace made by this engine version)? */
export function hasTeachEvents(events: TraceSeq | Uint8Array): boolean {
  // The packed trace's kind bytes (CheckedTrace.kinds), or the events themselves.
  if (events instanceof Uint8Array) {
    for (let i = 0; i < events.length && i < 200; i++) if (events[i] === K_CTX) return true;
    return false;
  }
  for (let i = 0; i < events.length && i < 200; i++) if (events.at(i)!.t === 'ctx') return true;
  return false;
}

export function thisWhy(kind: ThisKind, via?: string, strict?: boolean): string {
  const plainThis = strict ? '`this` is undefined (strict mode)' : '`this` is globalThis (sloppy mode turns undefined into the global object)';
  switch (kind) {
    case 'call': return `plain call${via ? ` \`${via}()\`` : ''}: ${plainThis}`;
    case 'method': return `method call${via ? ` \`${via}()\`` : ''}: \`this\` is the object before the dot`;
    case 'new': return '`new`: `this` is the freshly created object';
    case 'arrow': return 'arrow function: no `this` of its own — it uses the `this` of the outer environment';
    case 'bound': return `bound function${via ? ` \`${via}\`` : ''}: \`this\` was fixed by bind()`;
    case 'explicit': return `\`${via ?? 'call/apply'}\`: \`this\` is the first argument`;
    case 'builtin': return `called back by a built-in${via ? ` (\`${via}\`)` : ''}: ${plainThis}`;
    case 'loop': return `called by the event loop (a queued callback): ${plainThis}`;
    case 'script': return 'the main script: in a CommonJS module `this` is module.exports';
  }
}

export class TeachIndex {
  private readonly events: TraceSeq;
  /** Contexts entered (their `ctx` events are decoded from the trace when shown: a long run enters 100,000). */
  private readonly ctxs = new ContextTable();
  private readonly ctxByEnv: IdMap;
  /** Checkpoints of the context stack: entries are ctx indexes, -1 unknown, <= -2 resumed (-(idx + 2)). */
  private readonly stackCheckpoints: { index: number; stack: number[] }[] = [];
  private readonly scopeParent: IdMap;
  /** Environments functions were created in; the ones a returned frame left behind, by when. */
  private readonly envFns: ClosureTable;
  private closureRows: number[] = [];
  private closureFrom = new Int32Array(0);
  private readonly callbacks: CallbackTable;
  private readonly promises: PromiseTable;
  private readonly jobEnqueued: IdMap;
  private readonly jobRan: IdMap;

  constructor(private readonly replay: TraceReplay) {
    this.events = replay.events;
    const ids = this.events.length + 1024;
    this.ctxByEnv = new IdMap(ids);
    this.scopeParent = new IdMap(ids);
    this.envFns = new ClosureTable(ids);
    this.callbacks = new CallbackTable(ids);
    this.promises = new PromiseTable(ids);
    this.jobEnqueued = new IdMap(ids);
    this.jobRan = new IdMap(ids);
  }

  /** Sizes the tables from the trace's count of each event kind (`counts[kind]`) before the pass fills them. */
  reserve(counts: Uint32Array): void {
    this.ctxs.reserve(counts[K_CTX]);
    this.envFns.reserve(counts[K_FN]);
    this.callbacks.reserve(counts[K_CB] + counts[K_P_JOB]);
    this.promises.reserve(counts[K_P_NEW], counts[K_P_SETTLE], counts[K_P_REACT]);
  }

  // The index pass's state between events (feed).
  private readonly stack: number[] = [];
  private pendingPush = -1; // stack slot of the frame pushed and not yet given a ctx
  private pushNameId = 0; // the last push (the frame a resumption re-enters): its name's string id
  private nextCheckpoint = 0;
  private pushLine = 0;
  private lastRemovedTimer = -1;
  private lastRemovedStep = -1;

  /**
   * The index pass, one event at a time: the replay's own pass over the packed events calls it for
   * every event in order (one decode for both indexes), then finish().
   */
  feed(sc: TraceScanner): void {
    const kind = sc.kind;
    // Most of a long run: bindings written, statements with no frame waiting for its context.
    if (kind === K_BIND || (kind === K_STEP && this.pendingPush < 0)) return;
    const f = sc.f, i = sc.index, stack = this.stack;
    // A checkpoint at every CHECKPOINT_EVERY-th event (the events skipped above leave the stack as it is).
    while (this.nextCheckpoint <= i) {
      this.stackCheckpoints.push({ index: this.nextCheckpoint - 1, stack: stack.slice() });
      this.nextCheckpoint += CHECKPOINT_EVERY;
    }
    switch (kind) {
      case K_PUSH:
        stack.push(-1);
        this.pendingPush = stack.length - 1;
        this.pushNameId = f[0]; this.pushLine = f[1];
        break;
      case K_CTX: {
        const k = this.ctxs.push(i, sc.string(f[3]), f[4]);
        this.ctxByEnv.set(f[0], k);
        if (stack.length) stack[stack.length - 1] = k;
        this.pendingPush = -1;
        break;
      }
      case K_STEP:
      case K_POP:
      case K_DEQUEUE:
        if (this.pendingPush >= 0 && this.pendingPush === stack.length - 1 && stack[this.pendingPush] === -1) stack[this.pendingPush] = this.resumedCtx(sc.string(this.pushNameId), this.pushLine, stack);
        this.pendingPush = -1;
        if (kind === K_POP) {
          const top = stack.pop();
          if (top !== undefined && top >= 0 && this.ctxs.popIndex(top) === Infinity) this.ctxs.setPopIndex(top, i);
        } else if (kind === K_DEQUEUE) this.jobRan.set(f[1], i);
        break;
      case K_SCOPE:
        this.scopeParent.set(f[0], f[1]);
        break;
      case K_FN:
        this.envFns.add(this.scopeParent.has(f[0]) || f[1] === 0 ? f[0] : f[1], sc.string(f[2]), f[3], i);
        break;
      case K_CB:
        this.callbacks.set(f[0], this.scopeParent.has(f[1]) || f[2] === 0 ? f[1] : f[2], i);
        break;
      case K_WEBAPI_REMOVE:
        this.lastRemovedTimer = f[0]; this.lastRemovedStep = sc.step;
        break;
      case K_ENQUEUE: {
        const id = f[1];
        this.jobEnqueued.set(id, i);
        // A timer that fires becomes a task: it runs with the timer's callback scope.
        if (ENUMS.QUEUE[f[0]] === 'macrotask' && this.lastRemovedStep === sc.step && this.callbacks.has(this.lastRemovedTimer) && !this.callbacks.has(id)) this.callbacks.alias(id, this.lastRemovedTimer);
        break;
      }
      case K_P_NEW:
        this.promises.add(f[0], i, f[1], f[2], f[3] < 0 || sc.string(f[3]) === 'promise');
        break;
      case K_P_ORIGIN: {
        const row = this.promises.row(f[0]);
        if (row !== undefined) this.promises.setOrigin(row, i, sc.string(f[1]) === 'promise', f[2]);
        break;
      }
      case K_P_SETTLE: {
        const row = this.promises.row(f[0]);
        if (row !== undefined) this.promises.addSettle(row, i);
        break;
      }
      case K_P_REACT: {
        const row = this.promises.row(f[0]);
        if (row !== undefined) this.promises.addReaction(row, i);
        // A promise then() derived is named after it (originOf decodes the name from this event).
        const d = this.promises.row(f[4]);
        if (d !== undefined && this.promises.isPlainOrigin(d)) this.promises.setOrigin(d, i, false);
        break;
      }
      case K_P_JOB: {
        // Optional fields: NaN when absent (env, env2, line), -1 (name); callbackOf decodes the name.
        if (!Number.isNaN(f[4])) this.callbacks.set(f[1], this.scopeParent.has(f[4]) || !f[5] ? f[4] : f[5], i);
        const row = this.promises.row(f[0]);
        if (row !== undefined) this.promises.assignJob(row, f[1]);
        break;
      }
      case K_P_ADOPT: {
        const row = this.promises.row(f[0]);
        if (row !== undefined) this.promises.adoptEvent.a[row] = i;
        break;
      }
    }
  }

  /** After the last event: which closures each environment's frame left behind. */
  finish(): void {
    // The checkpoints past the last event fed (stackAt clamps to the last one).
    while (this.nextCheckpoint < this.events.length) {
      this.stackCheckpoints.push({ index: this.nextCheckpoint - 1, stack: this.stack.slice() });
      this.nextCheckpoint += CHECKPOINT_EVERY;
    }
    // Closures: an environment is shown once a function was created in it and its frame returned.
    const fns = this.envFns;
    const visibleFrom = new Float64Array(fns.length).fill(Infinity);
    for (let row = 0; row < fns.length; row++) {
      const owner = this.ownerOf(fns.env.a[row]);
      fns.owner.a[row] = owner;
      if (owner < 0) continue; // the global environment never outlives anything
      visibleFrom[row] = Math.max(fns.firstIndex.a[row], this.ctxs.popIndex(owner));
    }
    const rows: number[] = [];
    for (let row = 0; row < fns.length; row++) if (visibleFrom[row] !== Infinity) rows.push(row);
    rows.sort((a, b) => visibleFrom[a] - visibleFrom[b] || a - b);
    this.closureRows = rows;
    this.closureFrom = Int32Array.from(rows, (row) => visibleFrom[row]);
    fns.trim();
    this.callbacks.trim();
    this.promises.trim();
    for (const m of [this.ctxByEnv, this.scopeParent, this.jobEnqueued, this.jobRan]) m.trim();
  }

  /** The function, name and line a waiting callback runs (from its `cb` or `p-job` event). */
  private callbackOf(id: number): { env: number; name: string; line: number } | undefined {
    const row = this.callbacks.row(id);
    if (row === undefined) return undefined;
    const e = this.events.at(this.callbacks.event.a[row])!;
    if (e.t === 'cb') return { env: this.callbacks.env.a[row], name: e.name, line: e.line };
    const j = e as Ev<'p-job'>;
    return { env: this.callbacks.env.a[row], name: j.name ?? 'callback', line: j.line ?? 0 };
  }

  /** What a promise's origin says: from its `p-new`, a `p-origin`, or the `p-react` that derived it. */
  private originOf(row: number): string {
    const e = this.events.at(this.promises.originEvent.a[row])!;
    if (e.t === 'p-new') return e.origin ?? 'promise';
    if (e.t === 'p-origin') return e.origin;
    const kind = (e as Ev<'p-react'>).kind;
    return `.${kind === 'then' || kind === 'catch' || kind === 'finally' ? kind : 'then'}()`;
  }

  /** Index of the `push` that the pending frame came from (the last push before `i`). */
  private pushIndexOf(i: number): number {
    for (let k = i - 1; k >= 0; k--) if (this.events.at(k)!.t === 'push') return k;
    return 0;
  }

  /** A frame pushed again after await / yield (function `name` at `line`): the latest context of that function not on the stack. */
  private resumedCtx(name: string | undefined, line: number, stack: number[]): number {
    if (name === undefined) return -1;
    for (let k = this.ctxs.length - 1; k >= 0 && k >= this.ctxs.length - 5000; k--) {
      if (this.ctxs.name(k) === name && this.ctxs.line(k) === line && !stack.includes(k)) return -(k + 2);
    }
    return -1;
  }

  /** The context whose environment is `env` or encloses it (block scopes of a function). */
  private ownerOf(env: number): number {
    let id = env;
    for (let guard = 0; guard < 10000 && id; guard++) {
      const k = this.ctxByEnv.get(id);
      if (k !== undefined) return k;
      const p = this.scopeParent.get(id);
      if (p === undefined) return -1;
      id = p;
    }
    return -1;
  }

  private stackAt(index: number): number[] {
    const cp = this.stackCheckpoints[Math.min(this.stackCheckpoints.length - 1, Math.floor((index + 1) / CHECKPOINT_EVERY))];
    if (!cp) return [];
    // Replaying from the checkpoint needs the resumption rule of build(): apply the same events.
    const stack = cp.stack.slice();
    let pendingPush = -1;
    for (let i = cp.index + 1; i <= index; i++) {
      const e = this.events.at(i)!;
      if (e.t === 'push') { stack.push(-1); pendingPush = stack.length - 1; }
      else if (e.t === 'ctx') { if (stack.length) stack[stack.length - 1] = this.ctxByEnvAt(e.env, i); pendingPush = -1; }
      else if (e.t === 'step' || e.t === 'pop' || e.t === 'dequeue') {
        if (pendingPush >= 0 && pendingPush === stack.length - 1 && stack[pendingPush] === -1) {
          const push = this.events.at(this.pushIndexOf(i)) as Ev<'push'> | undefined;
          stack[pendingPush] = this.resumedCtx(push?.name, push?.line ?? 0, stack);
        }
        pendingPush = -1;
        if (e.t === 'pop') stack.pop();
      }
    }
    return stack;
  }

  private ctxByEnvAt(env: number, _i: number): number {
    return this.ctxByEnv.get(env) ?? -1;
  }

  private bindingsOf(env: number, index: number): BindingView[] {
    const sc = this.replay.scopeAt(env, index);
    return sc ? sc.bindings : [];
  }

  private labelOf(env: number, index: number): string {
    const sc = this.replay.scopeAt(env, index);
    if (sc) return sc.label;
    const k = this.ctxByEnv.get(env);
    return k !== undefined ? `${this.ctxs.name(k)} scope` : env === 1 ? 'global' : `scope ${env}`;
  }

  private contextView(k: number, resumed: boolean, index: number, first: number, isTop: boolean, state: StepState): ContextView {
    const ctxIndex = this.ctxs.index(k);
    const e = this.events.at(ctxIndex) as Ev<'ctx'>;
    const own = this.bindingsOf(e.env, index);
    const variableEnv = own.filter((b) => !LEXICAL.has(b.kind));
    const lexicalEnv: ContextView['lexicalEnv'] = [];
    if (isTop) {
      // The running context: its block scopes (innermost first) down to the function scope.
      for (const sc of state.scopes) {
        if (sc.id === e.env) break;
        if (this.ownerOf(sc.id) !== k) break;
        lexicalEnv.push({ label: sc.label, bindings: sc.bindings });
      }
    }
    lexicalEnv.push({ label: 'function scope', bindings: own.filter((b) => LEXICAL.has(b.kind)) });
    const outerId = this.replay.scopeAt(e.outer, index) ? e.outer : e.outer2;
    return {
      env: e.env,
      name: e.name === '(main script)' ? 'Global execution context' : e.name,
      line: e.line,
      fnKind: e.fnKind,
      variableEnv,
      lexicalEnv,
      thisKind: e.this,
      thisValue: e.this === 'arrow' ? undefined : e.thisPreview,
      thisWhy: thisWhy(e.this, e.via, e.strict),
      outer: outerId ? { id: outerId, label: this.labelOf(outerId, index) } : null,
      creation: ctxIndex >= first && ctxIndex <= index && !resumed,
      resumed: resumed || undefined,
    };
  }

  /** What the panel shows at stop `stop` (`state` = the replay's state there). */
  at(stop: number, state: StepState): TeachState {
    const r = this.replay;
    const index = r.lastEventIndex(stop);
    const first = r.firstEventIndex(stop);
    const stack = this.stackAt(index);
    const frames = state.callStack.map((_f, i) => {
      const v = stack[i];
      if (v === undefined || v === -1) return null;
      const resumed = v <= -2;
      return this.contextView(resumed ? -(v + 2) : v, resumed, index, first, i === state.callStack.length - 1, state);
    });

    // Closures alive at this step, newest first.
    const n = lastAtOrBefore(this.closureFrom, this.closureFrom.length, index) + 1;
    const closures: ClosureView[] = [];
    // Waiting callbacks (queues can hold thousands: the first MAX_QUEUED of each are looked at).
    const queuedIds: number[] = [];
    for (const q of [state.queues.macrotask, state.queues.microtask, state.queues.nextTick, state.queues.immediate, state.webApis]) {
      for (let i = 0; i < q.length && i < MAX_QUEUED; i++) queuedIds.push(q[i].id);
    }
    const queuedByEnv = new Map<number, number[]>();
    for (const id of queuedIds) {
      const row = this.callbacks.row(id);
      if (row === undefined) continue;
      const env = this.callbacks.env.a[row];
      const list = queuedByEnv.get(env);
      if (list) list.push(id);
      else queuedByEnv.set(env, [id]);
    }
    const fns = this.envFns;
    for (let i = n - 1; i >= 0 && closures.length < MAX_CLOSURES; i--) {
      const row = this.closureRows[i];
      const env = fns.env.a[row];
      const owner = fns.owner.a[row];
      closures.push({
        env,
        label: this.labelOf(env, index),
        frameDone: this.ctxs.popIndex(owner) <= index,
        owner: this.ctxs.name(owner) === '(main script)' ? 'the main script' : this.ctxs.name(owner),
        bindings: this.bindingsOf(env, index),
        keptBy: fns.keptBy(row, index, MAX_KEPT_BY),
        queued: queuedByEnv.get(env) ?? [],
      });
    }

    // Callbacks waiting (queues, Web APIs) and the scope they will run with.
    const queued: QueuedScopeView[] = [];
    for (const id of queuedIds) {
      if (queued.length >= 20) break;
      const cb = this.callbackOf(id);
      if (!cb) continue;
      const chain = r.scopeChainAt(cb.env, index).filter((sc) => sc.bindings.length > 0).slice(0, 2);
      queued.push({ id, name: cb.name, line: cb.line, scope: chain });
    }

    // Promises created so far (the latest MAX_PROMISES).
    const pn = lastAtOrBefore(this.promises.created.a, this.promises.length, index) + 1;
    const promises: PromiseView[] = [];
    for (let i = Math.max(0, pn - MAX_PROMISES); i < pn; i++) promises.push(this.promiseView(i, index, first));

    return { frames, closures, closureCount: n, promises, promiseCount: pn, queued, tickNotes: this.tickNotes(first, index) };
  }

  /** A promise's number in the panel (its creation order, from 1; 0: not one the trace created). */
  private ordOf(pid: number): number {
    const row = this.promises.row(pid);
    return row === undefined ? 0 : row + 1;
  }

  private promiseView(row: number, index: number, first: number): PromiseView {
    const P = this.promises;
    const settles = P.settles(row);
    const history = settles.filter((s) => s <= index).map((s) => {
      const e = this.events.at(s) as Ev<'p-settle'>;
      return { state: e.state, preview: e.preview, step: e.step };
    });
    const last = history[history.length - 1];
    const reactions = P.reactionsUpTo(row, index).map(({ event, job }) => {
      const x = this.events.at(event) as Ev<'p-react'>;
      const enq = job ? this.jobEnqueued.get(job) : undefined;
      const ran = job ? this.jobRan.get(job) : undefined;
      const queued = enq !== undefined && enq <= index;
      return {
        kind: x.kind, handler: x.handler, line: x.line, derived: this.ordOf(x.derived),
        job: queued ? job : 0,
        jobState: queued ? (ran !== undefined && ran <= index ? 'ran' as const : 'queued' as const) : undefined,
      };
    });
    const adoptAt = P.adoptEvent.a[row];
    const adopt = adoptAt >= 0 ? (this.events.at(adoptAt) as Ev<'p-adopt'>) : undefined;
    const adopting = adopt && adoptAt <= index && !last ? { target: this.ordOf(adopt.target), job: adopt.job, line: adopt.line } : undefined;
    const created = P.created.a[row];
    const changedNow = settles.some((s) => s >= first && s <= index) || (adopt !== undefined && adoptAt >= first && adoptAt <= index) || (created >= first && created <= index);
    return {
      id: row + 1, line: P.line.a[row], column: P.column.a[row], origin: this.originOf(row),
      state: last ? last.state : 'pending', value: last ? last.preview : undefined,
      history, reactions, waitingFor: adopting, changedNow,
    };
  }

  /** Why the microtask count is what it is, for the promise events of one stop. */
  tickNotes(first: number, last: number): string[] {
    const notes: string[] = [];
    for (let i = first; i <= last && notes.length < 3; i++) {
      const e = this.events.at(i)!;
      if (e.t === 'p-adopt') {
        const row = this.promises.row(e.id);
        const what = row !== undefined ? `Promise #${row + 1} (${this.originOf(row)}, line ${this.promises.line.a[row]})` : 'A promise';
        if (e.target) notes.push(`${what} is resolved with promise #${this.ordOf(e.target)}: adopting it costs two extra microtasks — a job that calls its then(), and the reaction that passes the value on (ECMA-262 NewPromiseResolveThenableJob).`);
        else notes.push(`${what} is resolved with a thenable (an object with a then method): one extra microtask calls its then(), and that then decides when it settles.`);
      } else if (e.t === 'p-origin' && e.origin === 'await (wrapped value)') {
        notes.push(`\`await\` of a value that is not a promise${e.line ? ` (line ${e.line})` : ''}: it is wrapped in an already-fulfilled promise, so the function resumes after one microtask.`);
      } else if (e.t === 'p-react' && e.kind === 'await') {
        const row = this.promises.row(e.id);
        if (row !== undefined && this.originOf(row) !== 'await (wrapped value)') notes.push(`\`await\` of promise #${row + 1}${e.line ? ` (line ${e.line})` : ''}: the function resumes one microtask after that promise settles.`);
      }
    }
    return notes;
  }

  /** The context entered at stop (first..last), for the explanation of a creation-phase stop. */
  contextEnteredIn(first: number, last: number): Ev<'ctx'> | undefined {
    for (let i = first; i <= last; i++) { const e = this.events.at(i)!; if (e.t === 'ctx') return e; }
    return undefined;
  }
}

/** One sentence for the creation phase of a context (bindings as the trace recorded them). */
export function explainCreation(e: Ev<'ctx'>, bindings: BindingView[]): string {
  const parts: string[] = [];
  const fns = bindings.filter((b) => b.kind === 'function').map((b) => b.name);
  const vars = bindings.filter((b) => b.kind === 'var').map((b) => b.name);
  const params = bindings.filter((b) => b.kind === 'param').map((b) => `${b.name} = ${b.preview}`);
  const tdz = bindings.filter((b) => b.state === 'uninitialized').map((b) => b.name);
  if (params.length) parts.push(`parameters ${list(params)}`);
  if (fns.length) parts.push(`function${fns.length > 1 ? 's' : ''} ${list(fns)} hoisted whole`);
  if (vars.length) parts.push(`var ${list(vars)} = undefined`);
  if (tdz.length) parts.push(`${list(tdz)} uninitialised (TDZ)`);
  const who = e.name === '(main script)' ? 'the global execution context' : `\`${e.name}\`'s execution context`;
  const body = parts.length ? parts.join('; ') : 'no bindings of its own';
  const thisPart = e.this === 'arrow' ? '; no `this` of its own (arrow)' : e.thisPreview !== undefined ? `; this = ${e.thisPreview.length > 30 ? e.thisPreview.slice(0, 29) + '…' : e.thisPreview}` : '';
  return `Creation phase of ${who}: ${body}${thisPart} — before its first statement runs.`;
}

function list(xs: string[]): string {
  const shown = xs.slice(0, 6).map((x) => `\`${x}\``);
  return shown.join(', ') + (xs.length > 6 ? ` and ${xs.length - 6} more` : '');
}
