// Suspension: async functions, generators and async generators. Their bodies are compiled to host
// generator closures that `yield` requests (await / yield) to the drivers below; the drivers resume
// them from promise jobs (await) or from `next`/`throw`/`return` calls (generators).
import { types as utilTypes } from 'util';
import { AsyncGeneratorSlot, Env, GeneratorReturn, GeneratorSlot, HostSignal, Signal, SignalKind } from './values';
import type { Closure, Interpreter } from './runtime';
import { tracePromiseOrigin } from './teachTrace';

export class AwaitRequest {
  constructor(
    public readonly value: any,
    public readonly node: any,
  ) {}
}
export class YieldRequest {
  constructor(
    public readonly value: any,
    /** yield* of a sync iterator: the inner result object is passed through as-is. */
    public readonly raw: boolean,
    /** yield* in an async generator: AsyncGeneratorYield without the Await of a plain `yield`. */
    public readonly delegated = false,
  ) {}
}
/** Sent into a suspended generator to perform `generator.return(value)` at the yield point. */
export class ReturnRequest {
  constructor(public readonly value: any) {}
}

export const AWAIT = (v: any, node: any) => new AwaitRequest(v, node);
export function* YIELD(v: any): Generator<any, any, any> {
  const sent = yield new YieldRequest(v, false);
  if (sent instanceof ReturnRequest) throw new GeneratorReturn(sent.value);
  return sent;
}

/** `yield` in an async generator: a return() request awaits its value at the yield point (§27.6.3.8). */
export function* YIELD_ASYNC(v: any, node: any): Generator<any, any, any> {
  const sent = yield new YieldRequest(v, false);
  if (sent instanceof ReturnRequest) {
    const awaited = yield new AwaitRequest(sent.value, node);
    throw new GeneratorReturn(awaited);
  }
  return sent;
}

type HostGen = Generator<any, any, any>;

function completionValue(r: any): any {
  return r instanceof Signal ? (r.kind === SignalKind.Return ? r.value : undefined) : r;
}

/** Runs `fn` with the suspended function's frame back on the call stack. */
function inFrame<T>(rt: Interpreter, closure: Closure, fn: () => T): T {
  const t = closure.template;
  rt.pushFrame(closure, null);
  rt.depth++;
  if (rt.trace) rt.trace.push({ t: 'push', step: rt.steps, name: t.frameName, line: t.line, column: t.column });
  try {
    return fn();
  } finally {
    rt.depth--;
    rt.stack.pop();
    if (rt.trace) rt.trace.push({ t: 'pop', step: rt.steps });
  }
}

/** Resumes a suspended body (`step`) from a promise job, with its frame back on the call stack. */
function resumeInFrame(rt: Interpreter, closure: Closure, step: (mode: 'next' | 'throw', v: any) => void, mode: 'next' | 'throw', value: any): void {
  const t = closure.template;
  rt.pushFrame(closure, null);
  rt.depth++;
  if (rt.trace) rt.trace.push({ t: 'push', step: rt.steps, name: t.frameName, line: t.line, column: t.column });
  try {
    step(mode, value);
  } finally {
    rt.depth--;
    rt.stack.pop();
    if (rt.trace) rt.trace.push({ t: 'pop', step: rt.steps });
  }
}

/** The await continuations of one suspended body: made once per activation, not once per await. */
interface Resume {
  onFulfilled: (v: any) => void;
  onRejected: (e: any) => void;
}

function resumeOf(rt: Interpreter, closure: Closure, step: (mode: 'next' | 'throw', v: any) => void): Resume {
  return {
    onFulfilled: (v) => resumeInFrame(rt, closure, step, 'next', v),
    onRejected: (e) => resumeInFrame(rt, closure, step, 'throw', e),
  };
}

// ---- async functions -----------------------------------------------------------------------

/** ECMA-262 AsyncFunctionStart / AsyncBlockStart, with Await as in 27.7.5.3. */
export function startAsyncFunction(rt: Interpreter, closure: Closure, exprBody: boolean, body: (env: Env) => HostGen, enter: () => Env): any {
  const P = rt.promises;
  const promise = P.newPromise();
  if (rt.trace) tracePromiseOrigin(rt, P.record(promise)!.id, `async ${closure.template.frameName}()`);
  const it: HostGen = (function* () {
    const env = enter();
    return completionValue(yield* body(env));
  })();
  const step = (mode: 'next' | 'throw', value: any): void => {
    let r: IteratorResult<any, any>;
    try {
      r = mode === 'next' ? it.next(value) : it.throw(value);
    } catch (e) {
      // AsyncBlockStart step: abrupt completion → Call(promiseCapability.[[Reject]], value).
      P.rejectPromise(promise, rt.toGuest(e));
      return;
    }
    if (r.done) {
      // Normal completion → Call(promiseCapability.[[Resolve]], value): a thenable costs extra jobs.
      P.resolvePromise(promise, r.value);
      return;
    }
    awaitValue(rt, closure, r.value as AwaitRequest, step, resume);
  };
  const resume = resumeOf(rt, closure, step);
  step('next', undefined);
  return promise;
}

/** Await(value) (27.7.5.3): PromiseResolve(%Promise%, value), then PerformPromiseThen with resume steps. */
function awaitValue(rt: Interpreter, closure: Closure, req: AwaitRequest, step: (mode: 'next' | 'throw', v: any) => void, resume = resumeOf(rt, closure, step)): void {
  const P = rt.promises;
  const value = req.value;
  // Step 2 for a value that is not an object: PromiseResolve makes a promise no code can see, already
  // fulfilled with it, so step 9 (PerformPromiseThen) queues the reaction job at once: queue that job.
  // (A traced run takes the general path: the promise inspector shows that promise.)
  if (!rt.trace && ((typeof value !== 'object' && typeof value !== 'function') || value === null)) {
    P.awaitNonObject(value, resume.onFulfilled, resume.onRejected, req.node, closure);
    return;
  }
  let p: any;
  try {
    p = P.promiseResolve(value);
  } catch (e) {
    step('throw', rt.toGuest(e));
    return;
  }
  if (rt.trace && p !== req.value) tracePromiseOrigin(rt, P.record(p)!.id, 'await (wrapped value)', req.node);
  P.performThenHost(p, resume.onFulfilled, resume.onRejected, 'await', req.node, closure);
}

// ---- generators ----------------------------------------------------------------------------

interface GeneratorRecord {
  state: 'suspendedStart' | 'suspendedYield' | 'executing' | 'completed';
  it: HostGen;
  closure: Closure;
}

export function makeGenerator(rt: Interpreter, closure: Closure, body: (env: Env) => HostGen, env: Env): any {
  let proto = closure.wrapper ? (closure.wrapper as any).prototype : null;
  if (typeof proto !== 'object' || proto === null) proto = rt.generatorPrototype;
  const obj = Object.create(proto);
  const rec: GeneratorRecord = {
    state: 'suspendedStart',
    closure,
    it: (function* () {
      return completionValue(yield* body(env));
    })(),
  };
  GeneratorSlot.set(obj, rec);
  return obj;
}

/** %GeneratorPrototype%.next / return / throw. */
export function generatorResume(rt: Interpreter, obj: any, mode: 'next' | 'throw' | 'return', value: any): any {
  const rec = GeneratorSlot.get<GeneratorRecord>(obj);
  if (!rec) rt.throwError('TypeError', `Method [Generator].prototype.${mode} called on incompatible receiver ${receiverText(obj)}`);
  if (rec.state === 'executing') rt.throwError('TypeError', 'Generator is already running');
  if (rec.state === 'completed' || (rec.state === 'suspendedStart' && mode !== 'next')) {
    rec.state = 'completed';
    if (mode === 'throw') throw value;
    return iterResult(rt, mode === 'return' ? value : undefined, true);
  }
  rec.state = 'executing';
  return inFrame(rt, rec.closure, () => {
    let r: IteratorResult<any, any>;
    try {
      if (mode === 'next') r = rec.it.next(value);
      else if (mode === 'throw') r = rec.it.throw(value);
      else r = rec.it.next(new ReturnRequest(value));
    } catch (e) {
      rec.state = 'completed';
      if (e instanceof GeneratorReturn) return iterResult(rt, e.value, true);
      throw e;
    }
    if (r.done) {
      rec.state = 'completed';
      return iterResult(rt, r.value, true);
    }
    rec.state = 'suspendedYield';
    const y = r.value;
    if (y instanceof AwaitRequest) rt.throwError('SyntaxError', 'await is only valid in async functions');
    return (y as YieldRequest).raw ? y.value : iterResult(rt, y.value, false);
  });
}

/**
 * V8's side-effect-free rendering of a value in its messages ("incompatible receiver", "x is not a
 * function"): `#<Map>`, `[object Array]`, `[object Object]` (no prototype), `1`. Runs no guest code.
 */
export function receiverText(v: any): string {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return typeof v === 'string' ? v : String(v);
  if (!utilTypes.isProxy(v)) {
    if (Array.isArray(v)) return '[object Array]';
    if (Object.getPrototypeOf(v) === null) return '[object Object]';
  }
  // V8 names its generator objects by their built-in tag.
  if (GeneratorSlot.get(v) !== undefined) return '[object Generator]';
  if (AsyncGeneratorSlot.get(v) !== undefined) return '[object AsyncGenerator]';
  for (let o = v, i = 0; o !== null && i < 1000 && !utilTypes.isProxy(o); o = Object.getPrototypeOf(o), i++) {
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    const name = d && typeof d.value === 'function' ? Object.getOwnPropertyDescriptor(d.value, 'name')?.value : undefined;
    if (typeof name === 'string' && name) return `#<${name}>`;
  }
  return '#<Object>';
}

/**
 * CreateAsyncFromSyncIterator (27.1.6), one step: the promise an async-from-sync next() returns —
 * settled by AsyncFromSyncIteratorContinuation with the awaited value, or rejected when awaiting it
 * throws (yield* over a sync iterator in an async generator, for await over a sync iterable).
 */
export function asyncFromSyncResult(rt: Interpreter, r: { done?: any; value?: any }): any {
  const done = !!r.done;
  const P = rt.promises;
  const result = P.newPromise();
  try {
    const wrapper = P.promiseResolve(r.value);
    P.performThenInternal(wrapper, (v) => iterResult(rt, v, done), result);
  } catch (e) {
    P.rejectPromise(result, rt.toGuest(e));
  }
  return result;
}

export function iterResult(rt: Interpreter, value: any, done: boolean): any {
  return rt.realm.membrane.iterResult(value, done);
}

/** yield* : delegate to an inner iterator, forwarding next/throw/return. */
export function* yieldDelegate(rt: Interpreter, iterable: any, node: any, isAsync: boolean): Generator<any, any, any> {
  let rec: { iterator: any; next: any };
  let innerAsync = false;
  if (isAsync) {
    const m = iterable === null || iterable === undefined ? undefined : rt.get(iterable, Symbol.asyncIterator);
    if (m !== undefined && m !== null) {
      const iterator = rt.call(m, iterable, []);
      rec = { iterator, next: rt.get(iterator, 'next') };
      innerAsync = true;
    } else rec = rt.getIterator(iterable, node);
  } else rec = rt.getIterator(iterable, node);
  let mode: 'next' | 'throw' | 'return' = 'next';
  let received: any = undefined;
  for (;;) {
    let r: any;
    if (mode === 'next') r = rt.call(rec.next, rec.iterator, [received]);
    else if (mode === 'throw') {
      const th = rt.get(rec.iterator, 'throw');
      if (th === undefined || th === null) {
        rt.iterClose(rec);
        rt.throwError('TypeError', "The iterator does not provide a 'throw' method");
      }
      r = rt.call(th, rec.iterator, [received]);
    } else {
      const rf = rt.get(rec.iterator, 'return');
      if (rf === undefined || rf === null) {
        // 14.4.14 yield* step 7.c.iii: in an async generator, Await(received.[[Value]]) first.
        if (isAsync) received = yield new AwaitRequest(received, node);
        throw new GeneratorReturn(received);
      }
      r = rt.call(rf, rec.iterator, [received]);
    }
    if (innerAsync) r = yield new AwaitRequest(r, node);
    if (typeof r !== 'object' || r === null) rt.throwError('TypeError', `Iterator result ${rt.describe(r)} is not an object`);
    if (isAsync && !innerAsync) {
      // CreateAsyncFromSyncIterator (27.1.6): the wrapper's result promise is settled by
      // AsyncFromSyncIteratorContinuation (the value awaited), and yield* awaits it: a rejected
      // value throws here, out of the yield*, never into the inner iterator.
      r = yield new AwaitRequest(asyncFromSyncResult(rt, r), node);
    }
    if (r.done) {
      if (mode === 'return') throw new GeneratorReturn(r.value);
      return r.value;
    }
    // IteratorValue(innerResult) before the yield: a throwing `value` getter ends the yield*, it is
    // not thrown into the inner iterator.
    const innerValue = isAsync ? r.value : undefined;
    try {
      const sent = isAsync ? yield new YieldRequest(innerValue, false, true) : yield new YieldRequest(r, true);
      if (sent instanceof ReturnRequest) {
        mode = 'return';
        // AsyncGeneratorUnwrapYieldResumption (27.6.3.7): a return at the yield awaits its value first
        // (a rejection is thrown into the inner iterator, by the catch below).
        received = isAsync ? yield new AwaitRequest(sent.value, node) : sent.value;
      } else {
        mode = 'next';
        received = sent;
      }
    } catch (e) {
      if (e instanceof HostSignal || e instanceof GeneratorReturn) throw e;
      mode = 'throw';
      received = e;
    }
  }
}

// ---- async generators (ECMA-262 27.6) -----------------------------------------------------

interface AsyncGenRequest {
  mode: 'next' | 'throw' | 'return';
  value: any;
  promise: any;
}
interface AsyncGeneratorRecord {
  state: 'suspendedStart' | 'suspendedYield' | 'executing' | 'awaiting-return' | 'completed';
  it: HostGen;
  closure: Closure;
  queue: AsyncGenRequest[];
}

export function makeAsyncGenerator(rt: Interpreter, closure: Closure, body: (env: Env) => HostGen, env: Env): any {
  let proto = closure.wrapper ? (closure.wrapper as any).prototype : null;
  if (typeof proto !== 'object' || proto === null) proto = rt.asyncGeneratorPrototype;
  const obj = Object.create(proto);
  const rec: AsyncGeneratorRecord = {
    state: 'suspendedStart',
    closure,
    queue: [],
    it: (function* () {
      return completionValue(yield* body(env));
    })(),
  };
  AsyncGeneratorSlot.set(obj, rec);
  return obj;
}

/** AsyncGenerator.prototype.next/return/throw → AsyncGeneratorEnqueue. */
export function asyncGeneratorEnqueue(rt: Interpreter, obj: any, mode: 'next' | 'throw' | 'return', value: any): any {
  const P = rt.promises;
  const promise = P.newPromise();
  const rec = AsyncGeneratorSlot.get<AsyncGeneratorRecord>(obj);
  if (!rec) {
    P.rejectPromise(promise, rt.makeError('TypeError', `Method [AsyncGenerator].prototype.${mode} called on incompatible receiver ${receiverText(obj)}`));
    return promise;
  }
  rec.queue.push({ mode, value, promise });
  if (rec.state !== 'executing' && rec.state !== 'awaiting-return') asyncGeneratorResumeNext(rt, rec);
  return promise;
}

function asyncGeneratorResumeNext(rt: Interpreter, rec: AsyncGeneratorRecord): void {
  const P = rt.promises;
  while (rec.queue.length > 0) {
    if (rec.state === 'executing' || rec.state === 'awaiting-return') return;
    const next = rec.queue[0];
    if (next.mode !== 'next' && rec.state === 'suspendedStart') rec.state = 'completed';
    if (rec.state === 'completed') {
      if (next.mode === 'return') {
        // AsyncGeneratorAwaitReturn
        rec.state = 'awaiting-return';
        let p: any;
        try {
          p = P.promiseResolve(next.value);
        } catch (e) {
          rec.state = 'completed';
          completeStep(rt, rec, 'throw', rt.toGuest(e), true);
          continue;
        }
        P.performThenHost(
          p,
          (v) => {
            rec.state = 'completed';
            completeStep(rt, rec, 'normal', v, true);
            asyncGeneratorResumeNext(rt, rec);
          },
          (e) => {
            rec.state = 'completed';
            completeStep(rt, rec, 'throw', e, true);
            asyncGeneratorResumeNext(rt, rec);
          },
          'await',
          null,
          rec.closure,
        );
        return;
      }
      if (next.mode === 'throw') completeStep(rt, rec, 'throw', next.value, true);
      else completeStep(rt, rec, 'normal', undefined, true);
      continue;
    }
    // suspendedStart or suspendedYield: resume the body.
    rec.state = 'executing';
    const sent = next.mode === 'return' ? new ReturnRequest(next.value) : next.value;
    runAsyncGenerator(rt, rec, next.mode === 'throw' ? 'throw' : 'next', sent);
    return;
  }
}

function runAsyncGenerator(rt: Interpreter, rec: AsyncGeneratorRecord, mode: 'next' | 'throw', value: any): void {
  const step = (m: 'next' | 'throw', v: any): void => {
    let r: IteratorResult<any, any>;
    try {
      r = m === 'next' ? rec.it.next(v) : rec.it.throw(v);
    } catch (e) {
      rec.state = 'completed';
      if (e instanceof GeneratorReturn) {
        // return() at a yield: the value was awaited there; finally blocks have run.
        completeStep(rt, rec, 'normal', e.value, true);
        asyncGeneratorResumeNext(rt, rec);
        return;
      }
      completeStep(rt, rec, 'throw', rt.toGuest(e), true);
      asyncGeneratorResumeNext(rt, rec);
      return;
    }
    if (r.done) {
      // The body completed: its own `return x` already awaited x (AsyncGeneratorStart step 4.h).
      rec.state = 'completed';
      completeStep(rt, rec, 'normal', r.value, true);
      asyncGeneratorResumeNext(rt, rec);
      return;
    }
    const req = r.value;
    if (req instanceof AwaitRequest) {
      awaitValue(rt, rec.closure, req, step);
      return;
    }
    if ((req as YieldRequest).delegated) {
      rec.state = 'suspendedYield';
      completeStep(rt, rec, 'normal', req.value, false);
      asyncGeneratorResumeNext(rt, rec);
      return;
    }
    // AsyncGeneratorYield: Await(value), then complete the head request and suspend.
    awaitValue(rt, rec.closure, new AwaitRequest((req as YieldRequest).value, null), (m2, v2) => {
      if (m2 === 'throw') {
        step('throw', v2);
        return;
      }
      rec.state = 'suspendedYield';
      completeStep(rt, rec, 'normal', v2, false);
      asyncGeneratorResumeNext(rt, rec);
    });
  };
  inFrame(rt, rec.closure, () => step(mode, value));
}

function completeStep(rt: Interpreter, rec: AsyncGeneratorRecord, type: 'normal' | 'throw', value: any, done: boolean): void {
  const req = rec.queue.shift();
  if (!req) return;
  if (type === 'throw') rt.promises.rejectPromise(req.promise, value);
  else rt.promises.resolvePromise(req.promise, iterResult(rt, value, done));
}
