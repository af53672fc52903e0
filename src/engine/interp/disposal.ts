// Explicit resource management (ES2026): what `using` / `await using` declarations do
// (../usingDeclarations.ts marks them; statements.ts calls in here), SuppressedError,
// DisposableStack and AsyncDisposableStack. Node 24 (the runtime of .ts files) and Chromium have
// them; Node 20's V8, the realm's, has none, so they are the engine's own, with V8's messages.
//   - A statement list that declares a resource keeps its DisposeCapability (a list of
//     DisposableResource records) in an internal slot of its scope (compiler.ts declareLexical,
//     values.ts DISPOSAL_SLOT): a fresh one each time the scope is entered. A `for (using x of xs)`
//     body has its iteration's own (statements.ts disposingLoopBody).
//   - AddDisposableResource (ES2026 7.5.4) runs at each declarator, right after its binding is
//     initialized: a value that is not an object, or has no dispose method, throws there.
//   - DisposeResources (7.5.6) runs when the list completes, however it completes: a host generator
//     whose each `yield v` is Await(v) (the `await using` and AsyncDisposableStack cases), driven by
//     the async function's own await (statements.ts) or by startHostAsync (disposeAsync).
// A budget or process.exit (a HostSignal) runs no dispose method, as it runs no finally block.
import type { Interpreter } from './runtime';
import { startHostAsync, type Promises } from './promise';
import type { DisposeHint } from '../usingDeclarations';
import { HostSignal, GeneratorReturn, hiddenSlot } from './values';
import { receiverText } from './suspend';
import { typedText } from './runtime';

const enum Call {
  /** Call(method, value): a dispose method found on the value. */
  Method,
  /** Call(onDispose, undefined, « value »): DisposableStack.prototype.adopt's closure. */
  Adopt,
  /** The closure GetDisposeMethod makes of a Symbol.dispose found by `await using` (7.5.5 step 1.b.ii). */
  SyncFromAsync,
}

/** A DisposableResource Record (7.5.2); `method` undefined: an `await using` of null or undefined. */
interface DisposableResource {
  value: any;
  hint: DisposeHint;
  method: any;
  call: Call;
}

/** How a statement list (or a dispose) completed: `threw` with the guest value thrown, or normally. */
export interface Completion {
  threw: boolean;
  value: any;
}

export const NORMAL: Completion = Object.freeze({ threw: false, value: undefined }) as Completion;

export interface Disposal {
  /** AddDisposableResource(disposeCapability, V, hint) for a declaration's value. */
  add(capability: DisposableResource[], value: any, hint: DisposeHint): void;
  /** DisposeResources(disposeCapability, completion): each `yield` is an Await. */
  dispose(capability: DisposableResource[], completion: Completion): Generator<any, Completion, any>;
  /** DisposeResources of a list of sync resources only (no Await can happen). */
  disposeSync(capability: DisposableResource[], completion: Completion): Completion;
}

export function installDisposal(rt: Interpreter, P: Promises): void {
  const intr = rt.intr;
  const g = rt.realm.global;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const method = (o: any, key: string | symbol, f: any) => Object.defineProperty(o, key, { value: f, writable: true, enumerable: false, configurable: true });
  const isObject = (v: any) => (typeof v === 'object' || typeof v === 'function') && v !== null;
  const symDispose: symbol = g.Symbol.dispose;
  const symAsyncDispose: symbol = g.Symbol.asyncDispose;

  // ---- SuppressedError (ES2026 20.5.8) ---------------------------------------------------------
  // An error object made by the realm's Error (so it is a native error: its stack, util.inspect),
  // of the new target's prototype, with "message" (when given), then "error" and "suppressed".
  const SuppressedErrorCtor: any = rt.realm.helpers.nativeCtor(
    (_t: any, args: any[], newTarget: any) => {
      const O = rt.construct(intr.Error, args[2] === undefined ? [] : [args[2]], newTarget ?? SuppressedErrorCtor);
      Object.defineProperty(O, 'error', { value: args[0], writable: true, enumerable: false, configurable: true });
      Object.defineProperty(O, 'suppressed', { value: args[1], writable: true, enumerable: false, configurable: true });
      return O;
    },
    'SuppressedError',
    3,
  );
  const suppressedPrototype = Object.create(intr.Error.prototype);
  Object.defineProperty(SuppressedErrorCtor, 'prototype', { value: suppressedPrototype, writable: false, enumerable: false, configurable: false });
  method(suppressedPrototype, 'constructor', SuppressedErrorCtor);
  method(suppressedPrototype, 'name', 'SuppressedError');
  method(suppressedPrototype, 'message', '');
  Object.setPrototypeOf(SuppressedErrorCtor, intr.Error);
  method(g, 'SuppressedError', SuppressedErrorCtor);
  /** DisposeResources 3.e.iii.1: the dispose's error, with the one pending when it threw. */
  const suppressed = (error: any, pending: any): any => rt.construct(SuppressedErrorCtor, [error, pending, 'An error was suppressed during disposal'], SuppressedErrorCtor);

  // ---- AddDisposableResource, GetDisposeMethod, DisposeResources (7.5.4-7.5.6) --------------------
  /** GetMethod(V, key): undefined or null → undefined, a value that is not callable → V8's TypeError. */
  const getMethod = (V: any, key: symbol): any => {
    const f = rt.get(V, key);
    if (f === undefined || f === null) return undefined;
    if (typeof f !== 'function') rt.throwError('TypeError', `${String(key)} is not a function`);
    return f;
  };
  const add = (capability: DisposableResource[], V: any, hint: DisposeHint): void => {
    if (V === null || V === undefined) {
      // An `await using` of nothing still awaits once at disposal (DisposeResources 3.f).
      if (hint === 'async-dispose') capability.push({ value: undefined, hint, method: undefined, call: Call.Method });
      return;
    }
    if (!isObject(V)) rt.throwError('TypeError', 'An object is expected with `using` declarations');
    let call = Call.Method;
    let m: any;
    if (hint === 'async-dispose') {
      m = getMethod(V, symAsyncDispose);
      if (m === undefined) {
        m = getMethod(V, symDispose);
        call = Call.SyncFromAsync;
      }
    } else m = getMethod(V, symDispose);
    if (m === undefined) rt.throwError('TypeError', `${String(symDispose)} is not a function`);
    capability.push({ value: V, hint, method: m, call });
  };
  /** Call(resource's method) as its record says; a promise for the sync-from-async closure. */
  // The call has no position of its own: V8's stack shows the caller at the last position it ran.
  const callResource = (r: DisposableResource): any => {
    const at = rt.currentNode;
    if (r.call === Call.Method) return rt.call(r.method, r.value, [], at);
    if (r.call === Call.Adopt) return rt.call(r.method, undefined, [r.value], at);
    // 7.5.5 1.b.ii: Call(method, O); a promise resolved with undefined, or rejected with its throw.
    const promise = P.newPromise();
    try {
      rt.call(r.method, r.value, [], at);
      P.resolvePromise(promise, undefined);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      P.rejectPromise(promise, rt.toGuest(e));
    }
    return promise;
  };
  function* dispose(capability: DisposableResource[], completion: Completion): Generator<any, Completion, any> {
    let needsAwait = false;
    let hasAwaited = false;
    // 7.5.6 step 3: in reverse order; the capability is emptied (step 6) before any method runs again.
    const resources = capability.splice(0, capability.length);
    for (let i = resources.length - 1; i >= 0; i--) {
      const r = resources[i];
      // 3.d: a sync dispose after an `await using` of nothing awaits first.
      if (r.hint === 'sync-dispose' && needsAwait && !hasAwaited) {
        yield undefined;
        needsAwait = false;
      }
      if (r.method === undefined) {
        // 3.f: an `await using` of null or undefined.
        needsAwait = true;
        continue;
      }
      // 3.e.i-ii: the call, then (async-dispose) Await of its result.
      let threw = false;
      let error: any;
      try {
        const result = callResource(r);
        if (r.hint === 'async-dispose') {
          hasAwaited = true;
          yield result;
        }
      } catch (e) {
        if (e instanceof HostSignal || e instanceof GeneratorReturn) throw e;
        threw = true;
        error = rt.toGuest(e);
      }
      // 3.e.iii: the new error, with the pending one suppressed in a SuppressedError.
      if (threw) completion = { threw: true, value: completion.threw ? suppressed(error, completion.value) : error };
    }
    // 4.
    if (needsAwait && !hasAwaited) yield undefined;
    return completion;
  }
  const disposeSync = (capability: DisposableResource[], completion: Completion): Completion => {
    const it = dispose(capability, completion);
    const r = it.next();
    if (!r.done) throw new Error('internal: a sync disposal awaited');
    return r.value;
  };
  rt.disposal = { add, dispose, disposeSync };

  // ---- DisposableStack (ES2026 27.3) and AsyncDisposableStack (27.4) --------------------------------
  interface StackState {
    disposed: boolean;
    capability: DisposableResource[];
  }
  /**
   * One of the two classes. Its prototype in V8's key order: constructor, use, the dispose method,
   * adopt, defer, move, disposed; then @@dispose / @@asyncDispose (the same function) and @@toStringTag.
   * `disposeMethod(state)` runs on a receiver that has the class's slot.
   */
  const installStack = (kind: 'DisposableStack' | 'AsyncDisposableStack', disposeName: string, disposeMethod: (o: any, slotOf: (o: any) => StackState | undefined) => any, disposeKey: symbol): void => {
    const slot = hiddenSlot();
    const hint: DisposeHint = kind === 'DisposableStack' ? 'sync-dispose' : 'async-dispose';
    const proto: any = Object.create(intr.ObjectPrototype);
    const create = (prototype: any): any => {
      const o = Object.create(prototype);
      slot.set<StackState>(o, { disposed: false, capability: [] });
      return o;
    };
    const Ctor: any = rt.realm.helpers.nativeCtor(
      (_t: any, _args: any[], newTarget: any) => {
        if (newTarget === undefined) rt.throwError('TypeError', `Constructor ${kind} requires 'new'`);
        // OrdinaryCreateFromConstructor(NewTarget, "%DisposableStack.prototype%").
        const p = rt.get(newTarget, 'prototype');
        return create(isObject(p) ? p : proto);
      },
      kind,
      0,
    );
    Object.defineProperty(Ctor, 'prototype', { value: proto, writable: false, enumerable: false, configurable: false });
    method(proto, 'constructor', Ctor);
    const stateOf = (o: any, name: string): StackState => {
      const s = slot.get<StackState>(o);
      if (s === undefined) rt.throwError('TypeError', `Method ${kind}.prototype.${name} called on incompatible receiver ${receiverText(o)}`);
      return s;
    };
    // V8 names the sync kind at the end of this message for both.
    const pending = (o: any, name: string): StackState => {
      const s = stateOf(o, name);
      if (s.disposed) rt.throwError('ReferenceError', `Cannot call ${kind}.prototype.${name} on an already-disposed DisposableStack`);
      return s;
    };
    const callable = (f: any): void => {
      if (typeof f !== 'function') rt.throwError('TypeError', `${receiverText(f)} is not a function`);
    };
    method(proto, 'use', native('use', 1, (o, { 0: value }) => {
      add(pending(o, 'use').capability, value, hint);
      return value;
    }));
    const disposeFn = native(disposeName, 0, (o) => disposeMethod(o, (x) => slot.get<StackState>(x)));
    method(proto, disposeName, disposeFn);
    method(proto, 'adopt', native('adopt', 2, (o, { 0: value, 1: onDispose }) => {
      const s = pending(o, 'adopt');
      callable(onDispose);
      s.capability.push({ value, hint, method: onDispose, call: Call.Adopt });
      return value;
    }));
    method(proto, 'defer', native('defer', 1, (o, { 0: onDispose }) => {
      const s = pending(o, 'defer');
      callable(onDispose);
      s.capability.push({ value: undefined, hint, method: onDispose, call: Call.Method });
      return undefined;
    }));
    // move(): a new stack of the intrinsic prototype takes the resources; this one is disposed.
    method(proto, 'move', native('move', 0, (o) => {
      const s = pending(o, 'move');
      const moved = create(proto);
      slot.get<StackState>(moved)!.capability = s.capability.splice(0, s.capability.length);
      s.disposed = true;
      return moved;
    }));
    const disposedGetter = native('get disposed', 0, (o) => {
      const s = slot.get<StackState>(o);
      if (s === undefined) rt.throwError('TypeError', `Method get ${kind}.prototype.disposed called on incompatible receiver ${receiverText(o)}`);
      return s.disposed;
    });
    rt.previewGetters.add(disposedGetter);
    Object.defineProperty(proto, 'disposed', { get: disposedGetter, set: undefined, enumerable: false, configurable: true });
    method(proto, disposeKey, disposeFn);
    Object.defineProperty(proto, Symbol.toStringTag, { value: kind, writable: false, enumerable: false, configurable: true });
    method(g, kind, Ctor);
  };

  // 27.3.3.3 DisposableStack.prototype.dispose(): DisposeResources once, its error thrown.
  installStack('DisposableStack', 'dispose', (o, slotOf) => {
    const s = slotOf(o);
    if (s === undefined) rt.throwError('TypeError', `Method DisposableStack.prototype.dispose called on incompatible receiver ${receiverText(o)}`);
    if (s.disposed) return undefined;
    s.disposed = true;
    const c = disposeSync(s.capability, NORMAL);
    if (c.threw) throw c.value;
    return undefined;
  }, symDispose);

  // 27.4.3.2 AsyncDisposableStack.prototype.disposeAsync(): a promise, rejected (not thrown) for a bad receiver.
  installStack('AsyncDisposableStack', 'disposeAsync', (o, slotOf) => {
    const promise = P.newPromise();
    const s = slotOf(o);
    if (s === undefined) {
      P.rejectPromise(promise, rt.makeError('TypeError', 'Receiver is not an AsyncDisposableStack'));
      return promise;
    }
    if (s.disposed) {
      P.resolvePromise(promise, undefined);
      return promise;
    }
    s.disposed = true;
    startHostAsync(rt, P, promise, (function* () {
      const c: Completion = yield* dispose(s.capability, NORMAL);
      if (c.threw) throw c.value;
      return undefined;
    })());
    return promise;
  }, symAsyncDispose);
}

/** %AsyncIteratorPrototype%[@@asyncDispose] (ES2026 27.1.3.1.2): its return(), awaited, as a promise of undefined. */
export function defineAsyncIteratorDispose(rt: Interpreter, P: Promises, asyncIteratorPrototype: any): void {
  const key: symbol = rt.realm.global.Symbol.asyncDispose;
  const f = rt.native('[Symbol.asyncDispose]', 0, (O) => {
    const promise = P.newPromise();
    try {
      const ret = rt.get(O, 'return');
      if (ret === undefined || ret === null) {
        P.resolvePromise(promise, undefined);
        return promise;
      }
      if (typeof ret !== 'function') rt.throwError('TypeError', `${typedText(ret)} is not a function`);
      const wrapper = P.promiseResolve(rt.call(ret, O, [undefined]));
      P.performThenInternal(wrapper, () => undefined, promise);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      P.rejectPromise(promise, rt.toGuest(e));
    }
    return promise;
  });
  Object.defineProperty(asyncIteratorPrototype, key, { value: f, writable: true, enumerable: false, configurable: true });
}
