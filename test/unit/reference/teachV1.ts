// TEST-ONLY REFERENCE (issue 13): the replay index as it was before the one-pass scanner index (commit 228a89b),
// kept verbatim but for its imports so test/unit/replay-differential.test.ts can compare the two. Not shipped.
// Execution contexts, closures and promises at any step, derived from the teaching events of the
// trace (src/engine/interp/teachTrace.ts) — never from stored snapshots. One pass indexes them;
// `at(stop)` answers from the index: the call stack's contexts from a checkpoint (every
// CHECKPOINT_EVERY events, like the replay), closures and promises by binary search over their
// creation index, binding values through the replay's per-binding histories. What one step shows is
// capped (MAX_CLOSURES, MAX_PROMISES), so a 100,000-step trace costs the same per step as a short one.
// Pure TypeScript, no `vscode`, no guest objects.
import type { StepState, ThisKind, TraceEvent } from '../../../src/engine/types';
import type { TraceSeq } from './traceCodecV1';
import { ContextTable, IdMap } from './scopeStoreV1';
import type { TraceReplay } from './replayV1';
import { lastAtOrBefore } from '../../../src/engine/search';
import type { BindingView, ClosureView, ContextView, PromiseView, QueuedScopeView, TeachState } from '../../../src/engine/teach/types';

export type { TeachState, ContextView, ClosureView, PromiseView } from '../../../src/engine/teach/types';

const CHECKPOINT_EVERY = 256;
export const MAX_CLOSURES = 12;
export const MAX_PROMISES = 40;
const MAX_KEPT_BY = 6;
const MAX_QUEUED = 200;

type Ev<T extends TraceEvent['t']> = Extract<TraceEvent, { t: T }>;

interface FnRec { name: string; line: number; index: number }
interface EnvFns { env: number; fns: FnRec[]; firstIndex: number; visibleFrom: number; owner: number }
interface ReactionRec { index: number; kind: Ev<'p-react'>['kind']; handler: string; line: number; derived: number; job: number }
interface PromiseRec {
  pid: number;
  ord: number;
  index: number;
  line: number;
  column: number;
  origin: string;
  settles: { index: number; state: 'fulfilled' | 'rejected'; preview: string; step: number }[];
  reactions: ReactionRec[];
  adopt?: { index: number; target: number; job: number; line: number };
}

const LEXICAL = new Set(['let', 'const', 'class']);

/** Does `events` record teaching events (a trace made by this engine version)? */
export function hasTeachEvents(events: TraceSeq): boolean {
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
  private readonly envFns = new Map<number, EnvFns>();
  private closureList: EnvFns[] = [];
  private closureFrom = new Float64Array(0);
  private readonly callbacks = new Map<number, { env: number; name: string; line: number }>();
  private readonly promises = new Map<number, PromiseRec>();
  private readonly promiseOrder: PromiseRec[] = [];
  private readonly promiseIndexes: number[] = [];
  private readonly jobEnqueued = new Map<number, number>();
  private readonly jobRan = new Map<number, number>();

  constructor(private readonly replay: TraceReplay) {
    this.events = replay.events;
    this.ctxByEnv = new IdMap(this.events.length + 1024);
    this.scopeParent = new IdMap(this.events.length + 1024);
    this.build();
  }

  private build(): void {
    const ev = this.events;
    const stack: number[] = [];
    let pendingPush = -1; // stack slot of the frame pushed and not yet given a ctx
    let lastRemovedTimer = -1, lastRemovedStep = -1;
    for (let i = 0; i < ev.length; i++) {
      if (i % CHECKPOINT_EVERY === 0) this.stackCheckpoints.push({ index: i - 1, stack: stack.slice() });
      const e = ev.at(i)!;
      switch (e.t) {
        case 'push':
          stack.push(-1);
          pendingPush = stack.length - 1;
          break;
        case 'ctx': {
          const k = this.ctxs.push(i, e.name, e.line);
          this.ctxByEnv.set(e.env, k);
          if (stack.length) stack[stack.length - 1] = k;
          pendingPush = -1;
          break;
        }
        case 'step':
        case 'pop':
        case 'dequeue':
          if (pendingPush >= 0 && pendingPush === stack.length - 1 && stack[pendingPush] === -1) stack[pendingPush] = this.resumedCtx(ev.at(this.pushIndexOf(i))! as Ev<'push'>, stack);
          pendingPush = -1;
          if (e.t === 'pop') {
            const top = stack.pop();
            if (top !== undefined && top >= 0 && this.ctxs.popIndex(top) === Infinity) this.ctxs.setPopIndex(top, i);
          } else if (e.t === 'dequeue') this.jobRan.set(e.id, i);
          break;
        case 'scope':
          this.scopeParent.set(e.id, e.parent);
          break;
        case 'fn': {
          const env = this.scopeParent.has(e.env) || e.env2 === 0 ? e.env : e.env2;
          let rec = this.envFns.get(env);
          if (!rec) this.envFns.set(env, (rec = { env, fns: [], firstIndex: i, visibleFrom: Infinity, owner: -1 }));
          rec.fns.push({ name: e.name, line: e.line, index: i });
          break;
        }
        case 'cb':
          this.callbacks.set(e.id, { env: this.scopeParent.has(e.env) || e.env2 === 0 ? e.env : e.env2, name: e.name, line: e.line });
          break;
        case 'webapi-remove':
          lastRemovedTimer = e.id; lastRemovedStep = e.step;
          break;
        case 'enqueue': {
          this.jobEnqueued.set(e.id, i);
          // A timer that fires becomes a task: it runs with the timer's callback scope.
          if (e.queue === 'macrotask' && lastRemovedStep === e.step && this.callbacks.has(lastRemovedTimer) && !this.callbacks.has(e.id)) this.callbacks.set(e.id, this.callbacks.get(lastRemovedTimer)!);
          break;
        }
        case 'p-new': {
          const rec: PromiseRec = { pid: e.id, ord: this.promiseOrder.length + 1, index: i, line: e.line, column: e.column, origin: e.origin ?? 'promise', settles: [], reactions: [] };
          this.promises.set(e.id, rec);
          this.promiseOrder.push(rec);
          this.promiseIndexes.push(i);
          break;
        }
        case 'p-origin': {
          const rec = this.promises.get(e.id);
          if (rec) { rec.origin = e.origin; if (e.line) rec.line = e.line; }
          break;
        }
        case 'p-settle': {
          const rec = this.promises.get(e.id);
          if (rec) rec.settles.push({ index: i, state: e.state, preview: e.preview, step: e.step });
          break;
        }
        case 'p-react': {
          const rec = this.promises.get(e.id);
          if (rec) rec.reactions.push({ index: i, kind: e.kind, handler: e.handler, line: e.line, derived: e.derived, job: 0 });
          const d = this.promises.get(e.derived);
          if (d && d.origin === 'promise') d.origin = `.${e.kind === 'then' || e.kind === 'catch' || e.kind === 'finally' ? e.kind : 'then'}()`;
          break;
        }
        case 'p-job': {
          if (e.env !== undefined) this.callbacks.set(e.job, { env: this.scopeParent.has(e.env) || !e.env2 ? e.env : e.env2, name: e.name ?? 'callback', line: e.line ?? 0 });
          const rec = this.promises.get(e.id);
          const r = rec?.reactions.find((x) => x.job === 0);
          if (r) r.job = e.job;
          break;
        }
        case 'p-adopt': {
          const rec = this.promises.get(e.id);
          if (rec) rec.adopt = { index: i, target: e.target, job: e.job, line: e.line };
          break;
        }
      }
    }
    // Closures: an environment is shown once a function was created in it and its frame returned.
    for (const rec of this.envFns.values()) {
      rec.owner = this.ownerOf(rec.env);
      if (rec.owner < 0) continue; // the global environment never outlives anything
      rec.visibleFrom = Math.max(rec.firstIndex, this.ctxs.popIndex(rec.owner));
    }
    this.closureList = [...this.envFns.values()].filter((r) => r.visibleFrom !== Infinity).sort((a, b) => a.visibleFrom - b.visibleFrom);
    this.closureFrom = Float64Array.from(this.closureList.map((r) => r.visibleFrom));
  }

  /** Index of the `push` that the pending frame came from (the last push before `i`). */
  private pushIndexOf(i: number): number {
    for (let k = i - 1; k >= 0; k--) if (this.events.at(k)!.t === 'push') return k;
    return 0;
  }

  /** A frame pushed again after await / yield: the latest context of that function not on the stack. */
  private resumedCtx(push: Ev<'push'> | undefined, stack: number[]): number {
    if (!push) return -1;
    for (let k = this.ctxs.length - 1; k >= 0 && k >= this.ctxs.length - 5000; k--) {
      if (this.ctxs.name(k) === push.name && this.ctxs.line(k) === push.line && !stack.includes(k)) return -(k + 2);
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
        if (pendingPush >= 0 && pendingPush === stack.length - 1 && stack[pendingPush] === -1) stack[pendingPush] = this.resumedCtx(this.events.at(this.pushIndexOf(i))! as Ev<'push'>, stack);
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
      const cb = this.callbacks.get(id);
      if (!cb) continue;
      const list = queuedByEnv.get(cb.env);
      if (list) list.push(id);
      else queuedByEnv.set(cb.env, [id]);
    }
    for (let i = n - 1; i >= 0 && closures.length < MAX_CLOSURES; i--) {
      const rec = this.closureList[i];
      const byName = new Map<string, { name: string; line: number; count: number }>();
      for (const f of rec.fns) {
        if (f.index > index) break;
        const key = f.name + ':' + f.line;
        const x = byName.get(key);
        if (x) x.count++;
        else byName.set(key, { name: f.name, line: f.line, count: 1 });
      }
      const owner = rec.owner;
      closures.push({
        env: rec.env,
        label: this.labelOf(rec.env, index),
        frameDone: this.ctxs.popIndex(owner) <= index,
        owner: this.ctxs.name(owner) === '(main script)' ? 'the main script' : this.ctxs.name(owner),
        bindings: this.bindingsOf(rec.env, index),
        keptBy: [...byName.values()].slice(0, MAX_KEPT_BY),
        queued: queuedByEnv.get(rec.env) ?? [],
      });
    }

    // Callbacks waiting (queues, Web APIs) and the scope they will run with.
    const queued: QueuedScopeView[] = [];
    for (const id of queuedIds) {
      if (queued.length >= 20) break;
      const cb = this.callbacks.get(id);
      if (!cb) continue;
      const chain = r.scopeChainAt(cb.env, index).filter((sc) => sc.bindings.length > 0).slice(0, 2);
      queued.push({ id, name: cb.name, line: cb.line, scope: chain });
    }

    // Promises created so far (the latest MAX_PROMISES).
    const pn = lastAtOrBefore(this.promiseIndexes, this.promiseIndexes.length, index) + 1;
    const promises: PromiseView[] = [];
    for (let i = Math.max(0, pn - MAX_PROMISES); i < pn; i++) promises.push(this.promiseView(this.promiseOrder[i], index, first));

    return { frames, closures, closureCount: n, promises, promiseCount: pn, queued, tickNotes: this.tickNotes(first, index) };
  }

  private ordOf(pid: number): number {
    return this.promises.get(pid)?.ord ?? 0;
  }

  private promiseView(p: PromiseRec, index: number, first: number): PromiseView {
    const history = p.settles.filter((s) => s.index <= index).map((s) => ({ state: s.state, preview: s.preview, step: s.step }));
    const last = history[history.length - 1];
    const reactions = p.reactions.filter((x) => x.index <= index).map((x) => {
      const enq = x.job ? this.jobEnqueued.get(x.job) : undefined;
      const ran = x.job ? this.jobRan.get(x.job) : undefined;
      const queued = enq !== undefined && enq <= index;
      return {
        kind: x.kind, handler: x.handler, line: x.line, derived: this.ordOf(x.derived),
        job: queued ? x.job : 0,
        jobState: queued ? (ran !== undefined && ran <= index ? 'ran' as const : 'queued' as const) : undefined,
      };
    });
    const adopting = p.adopt && p.adopt.index <= index && !last ? { target: this.ordOf(p.adopt.target), job: p.adopt.job, line: p.adopt.line } : undefined;
    const changedNow = p.settles.some((s) => s.index >= first && s.index <= index) || (!!p.adopt && p.adopt.index >= first && p.adopt.index <= index) || (p.index >= first && p.index <= index);
    return {
      id: p.ord, line: p.line, column: p.column, origin: p.origin,
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
        const p = this.promises.get(e.id);
        const what = p ? `Promise #${p.ord} (${p.origin}, line ${p.line})` : 'A promise';
        if (e.target) notes.push(`${what} is resolved with promise #${this.ordOf(e.target)}: adopting it costs two extra microtasks — a job that calls its then(), and the reaction that passes the value on (ECMA-262 NewPromiseResolveThenableJob).`);
        else notes.push(`${what} is resolved with a thenable (an object with a then method): one extra microtask calls its then(), and that then decides when it settles.`);
      } else if (e.t === 'p-origin' && e.origin === 'await (wrapped value)') {
        notes.push(`\`await\` of a value that is not a promise${e.line ? ` (line ${e.line})` : ''}: it is wrapped in an already-fulfilled promise, so the function resumes after one microtask.`);
      } else if (e.t === 'p-react' && e.kind === 'await') {
        const p = this.promises.get(e.id);
        if (p && p.origin !== 'await (wrapped value)') notes.push(`\`await\` of promise #${p.ord}${e.line ? ` (line ${e.line})` : ''}: the function resumes one microtask after that promise settles.`);
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
