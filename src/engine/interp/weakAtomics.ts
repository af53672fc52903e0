// WeakRef, FinalizationRegistry, SharedArrayBuffer and Atomics, simulated deterministically.
// Invariant: nothing the guest sees is a host object — the constructors are the realm's own
// natives (behind realm-prototype proxies and realm natives made by rt.native), so messages,
// brand checks and printing are V8's. Choices (README, "Simulated built-ins"):
// - Nothing is ever collected: every WeakRef target and every registered FinalizationRegistry
//   target is held strongly for the run, so deref() always answers and cleanup callbacks never run
//   (V8 could otherwise call a guest callback outside the interpreter, whenever GC decides).
// - SharedArrayBuffer backing stores count against the ArrayBuffer budget (limits.ts).
// - There is one thread: Atomics.wait with a finite timeout advances the virtual clock by it and
//   returns "timed-out" (nothing else can notify); with no timeout it would block Node forever, and
//   here it throws a located error saying so. Atomics.waitAsync waits on the virtual clock and is
//   woken by Atomics.notify on the same location.
import type { Interpreter } from './runtime';
import type { EventLoop, Timer } from './eventloop';
import { chargeArrayBufferBytes, registerNativeProxy } from './limits';
import { hostList } from './globals';

export function installWeakAtomics(rt: Interpreter, loop: EventLoop): void {
  const g = rt.global;
  const removed = rt.realm.helpers.removedBuiltins;
  const kept = new Set<any>(); // strong references: nothing is ever collected
  const define = (o: any, k: PropertyKey, v: any) => Object.defineProperty(o, k, { value: v, writable: true, enumerable: false, configurable: true });

  // WeakRef: the native, its targets kept alive.
  const NativeWeakRef = removed.WeakRef;
  const WeakRefCtor = new Proxy(NativeWeakRef, {
    __proto__: null,
    construct(target: any, args: any, newTarget: any) {
      const r = Reflect.construct(target, args, newTarget === WeakRefCtor ? target : newTarget);
      kept.add(args[0]);
      return r;
    },
  } as ProxyHandler<any>);
  define(NativeWeakRef.prototype, 'constructor', WeakRefCtor);
  define(g, 'WeakRef', WeakRefCtor);
  registerNativeProxy(WeakRefCtor, 'WeakRef');

  // FinalizationRegistry: the native, its registered targets kept alive (callbacks never run).
  const NativeFR = removed.FinalizationRegistry;
  const FRCtor = new Proxy(NativeFR, {
    __proto__: null,
    construct(target: any, args: any, newTarget: any) {
      return Reflect.construct(target, args, newTarget === FRCtor ? target : newTarget);
    },
  } as ProxyHandler<any>);
  const nativeRegister = NativeFR.prototype.register;
  define(
    NativeFR.prototype,
    'register',
    rt.native('register', 2, (fr, args) => {
      const r = rt.call(nativeRegister, fr, hostList(args));
      kept.add(args[0]);
      return r;
    }),
  );
  define(NativeFR.prototype, 'constructor', FRCtor);
  define(g, 'FinalizationRegistry', FRCtor);
  registerNativeProxy(FRCtor, 'FinalizationRegistry');

  // SharedArrayBuffer: the native, charged to the ArrayBuffer budget.
  const NativeSAB = removed.SharedArrayBuffer;
  const sabByteLength = Object.getOwnPropertyDescriptor(NativeSAB.prototype, 'byteLength')!.get!;
  const SABCtor = new Proxy(NativeSAB, {
    __proto__: null,
    construct(target: any, args: any, newTarget: any) {
      const n = args[0];
      // A primitive length is checked before V8 allocates; anything else after.
      if (typeof n === 'number' && n > 0) chargeArrayBufferBytes(rt, n, true);
      const b = Reflect.construct(target, args, newTarget === SABCtor ? target : newTarget);
      chargeArrayBufferBytes(rt, Reflect.apply(sabByteLength, b, []), false);
      return b;
    },
  } as ProxyHandler<any>);
  const nativeGrow = NativeSAB.prototype.grow;
  if (typeof nativeGrow === 'function') {
    define(
      NativeSAB.prototype,
      'grow',
      rt.native('grow', 1, (b, args) => {
        const before = Reflect.apply(sabByteLength, b, []);
        const n = args[0];
        if (typeof n === 'number' && n > before) chargeArrayBufferBytes(rt, n - before, true);
        return rt.call(nativeGrow, b, hostList(args));
      }),
    );
  }
  define(NativeSAB.prototype, 'constructor', SABCtor);
  define(g, 'SharedArrayBuffer', SABCtor);
  registerNativeProxy(SABCtor, 'SharedArrayBuffer');

  // Atomics: the native namespace; wait/waitAsync/notify on the virtual clock.
  const A = removed.Atomics;
  const nativeWait = A.wait;
  const nativeWaitAsync = A.waitAsync;
  const nativeNotify = A.notify;
  interface Waiter { buffer: any; index: number; promise: any; timer: Timer | null }
  const waiters: Waiter[] = [];
  const P = rt.promises;
  define(
    A,
    'wait',
    rt.native('wait', 4, (_t, args) => {
      // The native does the checks (an Int32Array/BigInt64Array on a SharedArrayBuffer, the index,
      // the value) with a 0 ms timeout: it never blocks.
      const r = rt.call(nativeWait, A, [args[0], args[1], args[2], 0]);
      if (r === 'not-equal') return r;
      const timeout = args[3] === undefined ? Infinity : Number(args[3]);
      if (!(timeout < Infinity)) {
        rt.throwError('Error', 'Atomics.wait would block forever: the simulation has one thread, and nothing can notify it (Node hangs here)');
      }
      if (timeout > 0) loop.clock += timeout;
      return 'timed-out';
    }),
  );
  if (typeof nativeWaitAsync === 'function') {
    define(
      A,
      'waitAsync',
      rt.native('waitAsync', 4, (_t, args) => {
        const immediate = rt.call(nativeWaitAsync, A, [args[0], args[1], args[2], 0]);
        const timeout = args[3] === undefined ? Infinity : Number(args[3]);
        if (immediate.value === 'not-equal' || timeout <= 0) return immediate;
        const ta = args[0];
        const w: Waiter = { buffer: ta.buffer, index: ta.byteOffset / ta.BYTES_PER_ELEMENT + Number(args[1]), promise: P.newPromise(), timer: null };
        waiters.push(w);
        if (timeout < Infinity) {
          w.timer = loop.addTimer({
            delay: Math.max(1, timeout),
            callback: undefined,
            args: [],
            repeat: false,
            source: 'setTimeout',
            node: rt.callNode,
            label: `Atomics.waitAsync (${timeout} ms)`,
            host: () => {
              const i = waiters.indexOf(w);
              if (i >= 0) waiters.splice(i, 1);
              P.resolvePromise(w.promise, 'timed-out');
            },
            nesting: 0,
            handle: undefined,
          });
          // Node's waitAsync timeout does not keep the process alive.
          w.timer.unref = true;
        }
        return rt.realm.membrane.record2('async', true, 'value', w.promise);
      }),
    );
  }
  define(
    A,
    'notify',
    rt.native('notify', 3, (_t, args) => {
      let woken = rt.call(nativeNotify, A, hostList(args));
      const ta = args[0];
      const index = ta.byteOffset / ta.BYTES_PER_ELEMENT + Number(args[1]);
      let count = args[2] === undefined ? Infinity : Math.max(0, Math.trunc(Number(args[2])) || 0);
      for (let i = 0; i < waiters.length && count > 0; ) {
        const w = waiters[i];
        if (w.buffer === ta.buffer && w.index === index) {
          waiters.splice(i, 1);
          if (w.timer) loop.clearTimer(w.timer);
          P.resolvePromise(w.promise, 'ok');
          woken++;
          count--;
        } else i++;
      }
      return woken;
    }),
  );
  define(g, 'Atomics', A);
}
