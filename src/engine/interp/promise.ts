// Promises, job by job as ECMA-262 §27.2 specifies them. Guest promises are realm objects whose
// state lives in a hidden slot; every reaction becomes a job on the simulated microtask queue.
import { types as utilTypes } from 'util';
import { PromiseSlot } from './values';
import type { Closure, Interpreter } from './runtime';
import type { EventLoop } from './eventloop';
import type { ReactionKind } from '../types';
import { tracePromiseAdopt, tracePromiseJob, tracePromiseNew, tracePromiseReaction, tracePromiseSettle } from './teachTrace';

/**
 * A guest promise's internal slots (27.2.6 Properties of Promise Instances), kept in a hidden slot
 * of the promise object. A promise that `then()` derived with %Promise% is also the reaction pair
 * (27.2.5.4.1 PerformPromiseThen steps 3-6) that settles it: the handlers sit here, so a pending
 * chain keeps one host record per link, not a record and a Reaction.
 */
export class PromiseRecord {
  state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  value: any = undefined;
  /**
   * [[PromiseFulfillReactions]] and [[PromiseRejectReactions]] as one list of reaction pairs, kept
   * without an array for the common single `then` (null: none; one pair; or an array of pairs).
   */
  reactions: Reaction | PromiseRecord | Array<Reaction | PromiseRecord> | null = null;
  isHandled = false;
  /**
   * The native resolving functions of the display promise underneath, so util.inspect prints the
   * state (display only). Written by membrane.nativePromise, which takes the record as its `out`;
   * dropped once used.
   */
  resolve: ((v: any) => void) | undefined = undefined;
  reject: ((e: any) => void) | undefined = undefined;
  /** The promise object whose slots these are. */
  promise: any = null;
  /**
   * As the reaction pair of the then() that derived this promise: its guest handlers (undefined:
   * pass-through), dropped when its job runs. Only read while `derivedReaction` is true.
   */
  onFulfilled: any = undefined;
  onRejected: any = undefined;
  derivedReaction = false;
  /** While tracing, as a Reaction's: the promise the reaction is registered on, and its kind (teachTrace.ts). Set only then. */
  declare pid?: number;
  declare kind?: ReactionKind;
  /**
   * `id`: its number in this analysis (the trace's promise ids); `node`: where it was created (for
   * messages); for a derived promise, the then() call.
   */
  constructor(
    readonly id: number,
    readonly node: any,
  ) {}
}

/**
 * The two PromiseReaction records one PerformPromiseThen makes (Fulfill and Reject), as one object:
 * they share the capability, and a pending promise holds one allocation per `then`, not three.
 */
interface Reaction {
  /** Never a derived promise's record (PromiseRecord.derivedReaction): told apart by it. */
  derivedReaction: false;
  /** The derived promise's capability (null: none). then() with %Promise% folds its reaction into the derived promise's record instead. */
  capability: Capability | null;
  /** Guest callables, or undefined (pass-through). */
  onFulfilled: any;
  onRejected: any;
  /** Host continuations (await, internal closures): called directly, never visible to guest code. */
  hostFulfilled: ((v: any) => any) | null;
  hostRejected: ((e: any) => any) | null;
  source: 'promise' | 'await';
  node: any;
  closure: Closure | null;
  /** While tracing: the promise it is registered on, and what registered it (teachTrace.ts). */
  pid?: number;
  kind?: ReactionKind;
}

/** Is this entry of a reactions list a derived promise's own record (not a Reaction)? */
function isDerivedReaction(r: Reaction | PromiseRecord): r is PromiseRecord {
  return r.derivedReaction;
}

/** A Reaction of one fixed shape (tracing adds pid and kind). */
function reaction(capability: Capability | null, onFulfilled: any, onRejected: any, hostFulfilled: ((v: any) => any) | null, hostRejected: ((e: any) => any) | null, source: 'promise' | 'await', node: any, closure: Closure | null): Reaction {
  return { derivedReaction: false, capability, onFulfilled, onRejected, hostFulfilled, hostRejected, source, node, closure };
}

interface Capability {
  promise: any;
  resolve: any;
  reject: any;
  /** Our own promise: resolve/reject without going through guest functions. */
  own: PromiseRecord | null;
}

const lookupGetter = (Object.prototype as any).__lookupGetter__ as (key: PropertyKey) => any;
const hasOwn = Object.prototype.hasOwnProperty;

export class Promises {
  /** The guest-visible %Promise% and %Promise.prototype%. Set by globals.ts. */
  ctor: any = null;
  proto: any = null;
  /** While tracing: what the next then() registers for (catch, finally, a combinator), set by globals.ts. */
  reactionKind: ReactionKind | null = null;
  /** Promises made so far in this analysis. */
  private promiseIds = 0;

  constructor(
    private readonly rt: Interpreter,
    private readonly loop: EventLoop,
  ) {}

  /** The jobs of every promise reaction's Fulfill / Reject half, given the Reaction and the argument. */
  private readonly fulfillJob = (r: Reaction, argument: any): void => this.reactionJob(r, true, argument);
  private readonly rejectJob = (r: Reaction, argument: any): void => this.reactionJob(r, false, argument);
  private readonly fulfillDerivedJob = (d: PromiseRecord, argument: any): void => this.derivedReactionJob(d, true, argument);
  private readonly rejectDerivedJob = (d: PromiseRecord, argument: any): void => this.derivedReactionJob(d, false, argument);

  /** 27.2.2.1 NewPromiseReactionJob's Job Abstract Closure, for the reaction a derived promise holds. */
  private derivedReactionJob(d: PromiseRecord, fulfilled: boolean, argument: any): void {
    // Steps 1.a-1.d: the handler of the half that runs, or the pass-through.
    const handler = fulfilled ? d.onFulfilled : d.onRejected;
    d.onFulfilled = d.onRejected = undefined;
    if (handler === undefined) {
      if (fulfilled) this.resolvePromise(d.promise, argument);
      else this.rejectPromise(d.promise, argument);
      return;
    }
    let value: any;
    try {
      value = this.rt.call(handler, undefined, [argument]);
    } catch (e) {
      // Step 1.h: the derived promise's reject.
      this.rejectPromise(d.promise, this.rt.toGuest(e));
      return;
    }
    // Step 1.h: the derived promise's resolve (27.2.1.3.2).
    this.resolvePromise(d.promise, value);
  }

  /** 27.2.2.1 NewPromiseReactionJob's Job Abstract Closure. */
  private reactionJob(r: Reaction, fulfilled: boolean, argument: any): void {
    const rt = this.rt;
    // Steps 1.a-1.d: the handler (or the pass-through) of the half that runs.
    const handler = fulfilled ? r.onFulfilled : r.onRejected;
    const host = fulfilled ? r.hostFulfilled : r.hostRejected;
    let value: any;
    let ok = true;
    if (host) {
      if (r.capability === null) {
        host(argument);
        return;
      }
      value = host(argument);
    } else if (handler === undefined) {
      value = argument;
      ok = fulfilled;
    } else {
      try {
        value = rt.call(handler, undefined, [argument]);
      } catch (e) {
        value = rt.toGuest(e);
        ok = false;
      }
    }
    // Steps 1.f-1.h: resolve or reject the capability.
    if (r.capability !== null) this.settle(r.capability, ok, value);
  }

  record(p: any): PromiseRecord | undefined {
    const r = PromiseSlot.get<PromiseRecord>(p);
    return r;
  }

  isPromise(p: any): boolean {
    return this.record(p) !== undefined;
  }

  /** A new pending promise with %Promise.prototype% (or `proto`). */
  newPromise(proto: any = this.proto): any {
    // A native realm promise underneath: util.inspect shows `Promise { 1 }` / `<pending>` /
    // `<rejected>` wherever it is nested. Its own jobs never matter: nothing ever reacts to it.
    return this.newPromiseRecord(proto).promise;
  }

  /** newPromise(), answering the new promise's record. */
  private newPromiseRecord(proto: any): PromiseRecord {
    const rec = new PromiseRecord(++this.promiseIds, this.rt.currentNode);
    const p = this.rt.realm.membrane.nativePromise(proto, rec);
    rec.promise = p;
    PromiseSlot.set(p, rec);
    if (this.rt.trace) tracePromiseNew(this.rt, rec.id);
    return rec;
  }

  // 27.2.1.3 CreateResolvingFunctions: guest-visible resolve/reject sharing [[AlreadyResolved]].
  createResolvingFunctions(p: any): { resolve: any; reject: any } {
    const rt = this.rt;
    let alreadyResolved = false;
    const resolve = rt.native('', 1, (_t, args) => {
      if (alreadyResolved) return undefined;
      alreadyResolved = true;
      this.resolvePromise(p, args[0]);
      return undefined;
    });
    const reject = rt.native('', 1, (_t, args) => {
      if (alreadyResolved) return undefined;
      alreadyResolved = true;
      this.rejectPromise(p, args[0]);
      return undefined;
    });
    return { resolve, reject };
  }

  // 27.2.1.3.2 Promise Resolve Functions, steps 7-16.
  resolvePromise(p: any, resolution: any): void {
    const rec = this.record(p)!;
    if (rec.state !== 'pending') return;
    if (resolution === p) {
      this.rejectPromise(p, this.rt.makeError('TypeError', 'Chaining cycle detected for promise #<Promise>'));
      return;
    }
    if ((typeof resolution !== 'object' && typeof resolution !== 'function') || resolution === null) {
      this.fulfill(rec, resolution);
      return;
    }
    let then: any;
    try {
      then = resolution.then; // Get(resolution, "then") — may run a guest getter.
    } catch (e) {
      this.rejectPromise(p, this.rt.toGuest(e));
      return;
    }
    if (typeof then !== 'function') {
      this.fulfill(rec, resolution);
      return;
    }
    // Step 14: NewPromiseResolveThenableJob(promise, resolution, then).
    const rt = this.rt;
    const node = rt.currentNode;
    if (rt.trace) tracePromiseAdopt(rt, rec.id, this.record(resolution)?.id ?? 0, this.loop.lastJobId + 1);
    this.loop.enqueueMicrotask(
      () => {
        const { resolve, reject } = this.createResolvingFunctions(p);
        if (rt.trace) this.reactionKind = 'adopt';
        try {
          rt.call(then, resolution, [resolve, reject]);
        } catch (e) {
          this.reactionKind = null;
          rt.call(reject, undefined, [rt.toGuest(e)]);
        }
        this.reactionKind = null;
      },
      'promise',
      'resolve thenable',
      node,
    );
  }

  // 27.2.1.4 FulfillPromise
  private fulfill(rec: PromiseRecord, value: any): void {
    const reactions = rec.reactions;
    rec.state = 'fulfilled';
    rec.value = value;
    rec.reactions = null;
    if (this.rt.trace) tracePromiseSettle(this.rt, rec.id, 'fulfilled', value);
    if (isInertForNativeResolve(value)) rec.resolve!(value);
    rec.resolve = rec.reject = undefined;
    if (reactions === null) return;
    if (Array.isArray(reactions)) for (const r of reactions) this.enqueueReaction(r, true, value);
    else this.enqueueReaction(reactions, true, value);
  }

  // 27.2.1.7 RejectPromise
  rejectPromise(p: any, reason: any): void {
    const rec = this.record(p)!;
    if (rec.state !== 'pending') return;
    const reactions = rec.reactions;
    rec.state = 'rejected';
    rec.value = reason;
    rec.reactions = null;
    if (this.rt.trace) tracePromiseSettle(this.rt, rec.id, 'rejected', reason);
    // Marked handled first, consulting no guest state (membrane.ts).
    this.rt.realm.membrane.rejectDisplay(p, rec.reject!, reason);
    rec.resolve = rec.reject = undefined;
    // HostPromiseRejectionTracker(promise, "reject")
    if (!rec.isHandled) this.loop.trackRejection(p, rec);
    if (reactions === null) return;
    if (Array.isArray(reactions)) for (const r of reactions) this.enqueueReaction(r, false, reason);
    else this.enqueueReaction(reactions, false, reason);
  }

  // 27.2.2.1 NewPromiseReactionJob(reaction, argument); `fulfilled` picks the pair's Fulfill or Reject half.
  private enqueueReaction(r: Reaction | PromiseRecord, fulfilled: boolean, argument: any): void {
    const rt = this.rt;
    if (isDerivedReaction(r)) {
      const handler = fulfilled ? r.onFulfilled : r.onRejected;
      const closure = handler === undefined ? undefined : rt.closureOf(handler);
      const label = this.loop.keepsLabels() ? thenLabel(fulfilled, handler, closure) : '';
      this.loop.enqueueMicrotask(fulfilled ? this.fulfillDerivedJob : this.rejectDerivedJob, 'promise', label, r.node, closure ? closure.template.line : undefined, null, closure ? closure.template.node : undefined, r, argument);
      if (rt.trace && r.pid !== undefined) tracePromiseJob(rt, r.pid, this.loop.lastJobId, r.kind ?? 'then', fulfilled ? 'fulfilled' : 'rejected', handler);
      return;
    }
    const handler = fulfilled ? r.onFulfilled : r.onRejected;
    // The label is only built when a task record or the trace keeps it (a long chain keeps neither).
    const closure = handler === undefined ? undefined : rt.closureOf(handler);
    const label = this.loop.keepsLabels() ? reactionLabel(r, fulfilled, handler, closure) : '';
    this.loop.enqueueMicrotask(fulfilled ? this.fulfillJob : this.rejectJob, r.source, label, r.node, closure ? closure.template.line : undefined, r.closure, closure ? closure.template.node : undefined, r, argument);
    if (rt.trace && r.pid !== undefined) tracePromiseJob(rt, r.pid, this.loop.lastJobId, r.kind ?? 'then', fulfilled ? 'fulfilled' : 'rejected', handler);
  }

  // 27.2.5.4.1 PerformPromiseThen
  performThen(p: any, onFulfilled: any, onRejected: any, capability: Capability | null): void {
    const rec = this.record(p)!;
    const node = this.rt.currentNode;
    const onF = typeof onFulfilled === 'function' ? onFulfilled : undefined;
    const onR = typeof onRejected === 'function' ? onRejected : undefined;
    this.addReactions(rec, p, reaction(capability, onF, onR, null, null, 'promise', node, null));
  }

  /** PerformPromiseThen with host continuations (Await): no derived promise. */
  performThenHost(p: any, onFulfilled: (v: any) => void, onRejected: (e: any) => void, source: 'await', node: any, closure: Closure | null): void {
    const rec = this.record(p)!;
    this.addReactions(rec, p, reaction(null, undefined, undefined, onFulfilled, onRejected, source, node, closure));
  }

  /**
   * Await(v) of a v that is not an object (27.7.5.3 steps 2 and 9): the promise PromiseResolve would
   * make is fulfilled with v and never seen by any code, so its reaction job is queued directly.
   */
  awaitNonObject(value: any, onFulfilled: (v: any) => void, _onRejected: (e: any) => void, node: any, closure: Closure | null): void {
    // NewPromiseReactionJob of the Fulfill reaction, as enqueueReaction would queue it (no record needed).
    const label = this.loop.keepsLabels() ? awaitLabel(closure) : '';
    this.loop.enqueueMicrotask(onFulfilled, 'await', label, node, undefined, closure, undefined, value);
  }

  /**
   * PerformPromiseThen(p, host onFulfilled, pass-through onRejected, capability of `result`):
   * for the spec's internal closures (e.g. AsyncFromSyncIteratorContinuation's unwrap).
   */
  performThenInternal(p: any, onFulfilled: (v: any) => any, result: any): void {
    const rec = this.record(p)!;
    const capability: Capability = { promise: result, resolve: null, reject: null, own: this.record(result)! };
    const node = this.rt.currentNode;
    this.addReactions(rec, p, reaction(capability, undefined, undefined, onFulfilled, null, 'promise', node, null));
  }

  // PerformPromiseThen steps 9-12: append the reaction pair, or queue its job at once if settled.
  private addReactions(rec: PromiseRecord, p: any, r: Reaction | PromiseRecord): void {
    if (this.rt.trace) {
      // catch is then(undefined, h); finally and the combinators say so through reactionKind.
      const derived = isDerivedReaction(r);
      const host = !derived && (r.source === 'await' || r.hostFulfilled !== null || r.hostRejected !== null);
      const kind: ReactionKind = host ? (r.source === 'await' ? 'await' : 'internal') : this.reactionKind ?? (r.onFulfilled === undefined && r.onRejected !== undefined ? 'catch' : 'then');
      this.reactionKind = null;
      r.pid = rec.id;
      r.kind = kind;
      // The promise it settles: a derived promise is its own record; a Reaction's, its capability's (if ours).
      const settles = derived ? r.id : r.capability?.own ? r.capability.own.id : 0;
      tracePromiseReaction(this.rt, rec.id, kind, r.onFulfilled ?? r.onRejected, r.node, settles, derived ? null : r.closure);
    }
    if (rec.state === 'pending') {
      const list = rec.reactions;
      if (list === null) rec.reactions = r;
      else if (Array.isArray(list)) list.push(r);
      else rec.reactions = [list, r];
    } else if (rec.state === 'fulfilled') {
      this.enqueueReaction(r, true, rec.value);
    } else {
      // HostPromiseRejectionTracker(promise, "handle")
      if (!rec.isHandled) this.loop.untrackRejection(p);
      this.enqueueReaction(r, false, rec.value);
    }
    rec.isHandled = true;
  }

  // 27.2.1.5 NewPromiseCapability(C)
  newCapability(C: any): Capability {
    const rt = this.rt;
    if (C === this.ctor || C === undefined) {
      const promise = this.newPromise();
      return { promise, resolve: null, reject: null, own: this.record(promise)! };
    }
    if (typeof C !== 'function') rt.throwError('TypeError', `${rt.describe(C)} is not a constructor`);
    let resolve: any = undefined;
    let reject: any = undefined;
    const executor = rt.native('', 2, (_t, args) => {
      if (resolve !== undefined || reject !== undefined) rt.throwError('TypeError', 'Promise executor has already been invoked with non-undefined arguments');
      resolve = args[0];
      reject = args[1];
      return undefined;
    });
    const promise = rt.construct(C, [executor], C);
    if (typeof resolve !== 'function') rt.throwError('TypeError', 'Promise resolve or reject function is not callable');
    if (typeof reject !== 'function') rt.throwError('TypeError', 'Promise resolve or reject function is not callable');
    return { promise, resolve, reject, own: null };
  }

  /** Resolves or rejects a capability from host code. */
  settle(cap: Capability, ok: boolean, value: any): void {
    if (cap.own) {
      if (ok) this.resolvePromise(cap.promise, value);
      else this.rejectPromise(cap.promise, value);
    } else this.rt.call(ok ? cap.resolve : cap.reject, undefined, [value]);
  }

  // 27.2.4.7.1 PromiseResolve(C, x)
  promiseResolve(x: any, C: any = this.ctor): any {
    if (this.isPromise(x)) {
      const xc = x.constructor;
      if (xc === C) return x;
    }
    const cap = this.newCapability(C);
    this.settle(cap, true, x);
    return cap.promise;
  }

  /** Promise.prototype.then(onFulfilled, onRejected) — 27.2.5.4. */
  then(p: any, onFulfilled: any, onRejected: any): any {
    const rt = this.rt;
    const rec = this.record(p);
    if (rec === undefined) rt.throwError('TypeError', `Method Promise.prototype.then called on incompatible receiver ${rt.describe(p)}`);
    const C = this.speciesConstructor(p);
    if (C === this.ctor) {
      // NewPromiseCapability(%Promise%) (27.2.1.5) runs no guest code: our own promise, no capability record.
      const d = this.newPromiseRecord(this.proto);
      const onF = typeof onFulfilled === 'function' ? onFulfilled : undefined;
      const onR = typeof onRejected === 'function' ? onRejected : undefined;
      // PerformPromiseThen steps 3-6, the reaction pair folded into the derived promise's record.
      d.onFulfilled = onF;
      d.onRejected = onR;
      d.derivedReaction = true;
      this.addReactions(rec!, p, d);
      return d.promise;
    }
    const cap = this.newCapability(C);
    this.performThen(p, onFulfilled, onRejected, cap);
    return cap.promise;
  }

  /** %Promise%'s own `get [Symbol.species]` (globals.ts): while it is in place, Get(%Promise%, @@species) is %Promise%. */
  speciesGetter: any = null;
  /**
   * A protector: true while %Promise%'s own @@species is still our getter. Cleared for good by the
   * defineProperty / deleteProperty traps of %Promise% (globals.ts) when @@species is the key.
   */
  speciesIntact = true;

  // 7.3.22 SpeciesConstructor(p, %Promise%)
  speciesConstructor(p: any): any {
    const C = p.constructor;
    if (C === undefined) return this.ctor;
    // Our getter returns its receiver: no need to call it.
    if (C === this.ctor && this.speciesIntact) return C;
    // %Promise%'s own property is looked at, no guest code runs (an own property is found before any prototype).
    if (C === this.ctor && hasOwn.call(C, Symbol.species) && lookupGetter.call(C, Symbol.species) === this.speciesGetter) return C;
    if ((typeof C !== 'object' && typeof C !== 'function') || C === null) this.rt.throwError('TypeError', 'The .constructor property is not an object');
    const S = C[Symbol.species];
    if (S === undefined || S === null) return this.ctor;
    return S;
  }
}

/**
 * Can the native display promise be resolved with `v` without running guest code? Only when
 * reading `v.then` cannot call a getter or a proxy trap (it is known not to be callable).
 */
function isInertForNativeResolve(v: any): boolean {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return true;
  if (utilTypes.isProxy(v)) return false;
  for (let o = v; o !== null; o = Object.getPrototypeOf(o)) {
    if (utilTypes.isProxy(o)) return false;
    const d = Object.getOwnPropertyDescriptor(o, 'then');
    if (d) return !('get' in d) && typeof d.value !== 'function';
  }
  return true;
}

/** A function's job labels, made once per function template (a long chain would build the same strings again and again). */
interface TemplateLabels {
  then: string;
  catch: string;
  await: string;
}
const templateLabels = new WeakMap<object, TemplateLabels>();
function labelsOf(t: Closure['template']): TemplateLabels {
  let l = templateLabels.get(t);
  if (l === undefined) {
    const name = t.name ? ` ${t.name}` : ` (line ${t.line})`;
    l = { then: `then callback${name}`, catch: `catch callback${name}`, await: `await continuation in ${t.frameName}` };
    templateLabels.set(t, l);
  }
  return l;
}

/** `await continuation in f` (or without a function). */
export function awaitLabel(closure: Closure | null): string {
  return closure ? labelsOf(closure.template).await : 'await continuation';
}

/** What the task record calls the job of a derived promise's reaction. */
function thenLabel(fulfilled: boolean, handler: any, c: Closure | undefined): string {
  if (!handler) return fulfilled ? 'then pass-through' : 'catch pass-through';
  if (!c) return fulfilled ? 'then callback' : 'catch callback';
  const l = labelsOf(c.template);
  return fulfilled ? l.then : l.catch;
}

/** What the task record and the trace call a reaction job. */
function reactionLabel(r: Reaction, fulfilled: boolean, handler: any, c: Closure | undefined): string {
  return r.source === 'await' ? awaitLabel(r.closure) : thenLabel(fulfilled, handler, c);
}

/**
 * AsyncFunctionStart (27.7.5.1) for a built-in's async abstract closure written as a host
 * generator: each `yield v` is Await(v) (27.7.5.3: PromiseResolve(%Promise%, v), then
 * PerformPromiseThen with the resumption), its return resolves the promise, its throw rejects it.
 */
export function startHostAsync(rt: Interpreter, P: Promises, promise: any, body: Generator<any, any, any>): void {
  const step = (mode: 'next' | 'throw', value: any): void => {
    let r: IteratorResult<any, any>;
    try {
      r = mode === 'next' ? body.next(value) : body.throw(value);
    } catch (e) {
      P.rejectPromise(promise, rt.toGuest(e));
      return;
    }
    if (r.done) {
      P.resolvePromise(promise, r.value);
      return;
    }
    let p: any;
    try {
      p = P.promiseResolve(r.value);
    } catch (e) {
      step('throw', rt.toGuest(e));
      return;
    }
    P.performThenHost(p, (v) => step('next', v), (e) => step('throw', e), 'await', rt.currentNode, null);
  };
  step('next', undefined);
}
