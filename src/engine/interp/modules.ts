// The few Node built-in modules whose behaviour is pure event-loop semantics, simulated like the
// globals: events (EventEmitter), timers, timers/promises and a slice of util. Everything else that
// `require` asks for stays "not available in the simulation".
import * as os from 'os';
import * as util from 'util';
import type { Interpreter } from './runtime';
import { EmitterSlot, HostSignal } from './values';
import { describeReceived, formatConsole, hostList } from './globals';
import { makePath } from './pathModule';
import { urlApiOf } from './urlModule';
import { textCodingOf } from './textCoding';
import { bufferApiOf } from './bufferModule';
import { cryptoApiOf } from './cryptoModule';
import { makeQuerystringModule, makeStringDecoderModule } from './stringModules';
import { abortApiOf } from './abortModule';
import type { NodeMessaging } from './messagePorts';
import { assertModuleOf } from './assertModule';
import { hostInspectOptions, realmInspect } from './inspectCustom';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

const PROMISIFY_CUSTOM = Symbol.for('nodejs.util.promisify.custom');

function hostCpuCount(): number {
  try {
    return os.availableParallelism();
  } catch {
    return 1;
  }
}

interface Listener {
  fn: any;
  once: boolean;
}
interface EmitterState {
  emitter: true;
  events: Map<any, Listener[]>;
  max: number;
  /** new EventEmitter({ captureRejections: true }): a listener's rejected promise becomes 'error'. */
  capture?: boolean;
}

export function makeModules(rt: Interpreter, g: any, native: Native, notAvailable: (what: string) => never, messaging: () => NodeMessaging): Map<string, () => any> {
  const cache = new Map<string, any>();
  const define = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const lazy = (name: string, make: () => any) => [name, () => (cache.has(name) ? cache.get(name) : (cache.set(name, make()), cache.get(name)))] as const;

  // ---- events ---------------------------------------------------------------------------------
  const makeEvents = () => {
    const stateOf = (o: any): EmitterState => {
      let s = EmitterSlot.get<EmitterState>(o);
      if (!s) {
        s = { emitter: true, events: new Map(), max: 10 };
        EmitterSlot.set(o, s);
      }
      return s;
    };
    const checkListener = (fn: any) => {
      if (typeof fn !== 'function') {
        const e = rt.makeError('TypeError', `The "listener" argument must be of type function. Received ${fn === null ? 'null' : typeof fn === 'object' ? 'an instance of Object' : fn === undefined ? 'undefined' : `type ${typeof fn} (${String(fn)})`}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
    };
    // function EventEmitter(opts): callable with `new`, as a base class, or EventEmitter.call(this).
    const EE: any = rt.realm.helpers.nativeCtor(
      (thisArg, _args, newTarget) => {
        let o = thisArg;
        if (newTarget !== undefined) {
          let proto = rt.get(newTarget, 'prototype');
          if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) proto = EE.prototype;
          o = Object.create(proto);
        }
        if ((typeof o === 'object' || typeof o === 'function') && o !== null) {
          const st = stateOf(o);
          const opts = _args[0];
          const capture = opts !== undefined && opts !== null && typeof opts === 'object' ? rt.get(opts, 'captureRejections') : undefined;
          if (capture !== undefined) st.capture = !!capture;
        }
        return newTarget !== undefined ? o : undefined;
      },
      'EventEmitter',
      1,
    );
    const proto = EE.prototype;
    const add = (prepend: boolean, once: boolean) => (o: any, [event, fn]: any[]) => {
      checkListener(fn);
      const s = stateOf(o);
      // 'newListener' is emitted before the listener is added (when anyone listens for it).
      if (s.events.has('newListener') && s.events.get('newListener')!.length > 0) emit(o, ['newListener', event, fn]);
      const list = s.events.get(event) ?? [];
      const l = { fn, once };
      if (prepend) list.unshift(l);
      else list.push(l);
      s.events.set(event, list);
      return o;
    };
    const remove = (o: any, [event, fn]: any[]) => {
      checkListener(fn);
      const s = stateOf(o);
      const list = s.events.get(event);
      if (!list) return o;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].fn === fn) {
          list.splice(i, 1);
          if (list.length === 0) s.events.delete(event);
          if (s.events.has('removeListener')) emit(o, ['removeListener', event, fn]);
          break;
        }
      }
      return o;
    };
    const emit = (o: any, all: ArrayLike<any>): boolean => {
      const event = all[0];
      const args = hostList(all, 1);
      const s = stateOf(o);
      const list = s.events.get(event);
      if (!list || list.length === 0) {
        if (event === 'error') {
          const er = args[0];
          if (er instanceof rt.intr.Error) throw er;
          const e = rt.makeError('Error', `Unhandled error. (${util.inspect(er, { customInspect: false })})`);
          e.code = 'ERR_UNHANDLED_ERROR';
          e.context = er;
          throw e;
        }
        return false;
      }
      for (const l of [...list]) {
        if (l.once) {
          const i = list.indexOf(l);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) s.events.delete(event);
        }
        const r = rt.call(l.fn, o, args);
        if ((s.capture ?? captureAll) && r !== undefined && r !== null && (typeof r === 'object' || typeof r === 'function')) {
          const then = rt.get(r, 'then');
          // lib/events.js addCatch: the rejection is emitted as 'error' on the next tick.
          if (typeof then === 'function') {
            const onReject = native('', 1, (_x, { 0: err }) => {
              const fire = native('', 0, () => {
                const prev = s.capture;
                s.capture = false;
                try {
                  emit(o, ['error', err]);
                } finally {
                  s.capture = prev;
                }
              });
              rt.call(rt.get(g.process, 'nextTick'), g.process, [fire]);
            });
            rt.call(then, r, [undefined, onReject]);
          }
        }
      }
      return true;
    };
    let captureAll = false;
    define(proto, 'on', native('on', 2, (o, a) => add(false, false)(o, a)));
    define(proto, 'addListener', proto.on);
    define(proto, 'prependListener', native('prependListener', 2, (o, a) => add(true, false)(o, a)));
    define(proto, 'once', native('once', 2, (o, a) => add(false, true)(o, a)));
    define(proto, 'prependOnceListener', native('prependOnceListener', 2, (o, a) => add(true, true)(o, a)));
    define(proto, 'off', native('off', 2, (o, a) => remove(o, a)));
    define(proto, 'removeListener', proto.off);
    define(proto, 'emit', native('emit', 1, (o, a) => emit(o, a)));
    define(
      proto,
      'removeAllListeners',
      native('removeAllListeners', 1, (o, a) => {
        const s = stateOf(o);
        if (a.length === 0) s.events.clear();
        else s.events.delete(a[0]);
        return o;
      }),
    );
    // listenerCount(event, listener?): Node 20 counts only that listener when one is given.
    define(proto, 'listenerCount', native('listenerCount', 2, (o, { 0: event, 1: fn }) => {
      const list = stateOf(o).events.get(event) ?? [];
      return fn === undefined || fn === null ? list.length : list.filter((l) => l.fn === fn).length;
    }));
    define(proto, 'listeners', native('listeners', 1, (o, { 0: event }) => rt.newArray((stateOf(o).events.get(event) ?? []).map((l) => l.fn))));
    define(proto, 'rawListeners', proto.listeners);
    define(proto, 'eventNames', native('eventNames', 0, (o) => rt.newArray([...stateOf(o).events.keys()])));
    define(
      proto,
      'setMaxListeners',
      native('setMaxListeners', 1, (o, { 0: n }) => {
        stateOf(o).max = Number(n);
        return o;
      }),
    );
    define(proto, 'getMaxListeners', native('getMaxListeners', 0, (o) => stateOf(o).max));
    define(EE, 'EventEmitter', EE);
    define(EE, 'defaultMaxListeners', 10);
    Object.defineProperty(EE, 'captureRejections', { get: native('get', 0, () => captureAll), set: native('set', 1, (_o, { 0: v }) => void (captureAll = !!v)), enumerable: true, configurable: true });
    define(EE, 'captureRejectionSymbol', Symbol.for('nodejs.rejection'));
    define(EE, 'errorMonitor', EE.errorMonitor ?? Symbol('events.errorMonitor'));
    define(EE, 'listenerCount', native('listenerCount', 2, (_t, { 0: emitter, 1: event }) => rt.call(rt.get(emitter, 'listenerCount'), emitter, [event])));
    // lib/events.js getEventListeners: an EventEmitter's listeners(), an EventTarget's listeners (in order).
    define(EE, 'getEventListeners', native('getEventListeners', 2, (_t, { 0: emitter, 1: event }) => {
      if (EmitterSlot.get(emitter) !== undefined) return rt.call(rt.get(emitter, 'listeners'), emitter, [event]);
      const fns = abortApiOf(rt, native, g).listenersOf(emitter, String(event));
      if (fns !== null) return rt.newArray(fns);
      const e = rt.makeError('TypeError', `The "emitter" argument must be an instance of EventEmitter or EventTarget. Received ${describeReceived(emitter)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }));
    define(EE, 'setMaxListeners', native('setMaxListeners', 1, (_t, args) => {
      const n = args[0] === undefined ? 10 : Number(args[0]);
      if (args.length <= 1) EE.defaultMaxListeners = n;
      for (let i = 1; i < args.length && i < 10000; i++) {
        const set = rt.get(args[i], 'setMaxListeners');
        if (typeof set === 'function' && EmitterSlot.get(args[i])) rt.call(set, args[i], [n]);
      }
      return undefined;
    }));
    define(
      EE,
      'once',
      native('once', 2, (_t, { 0: emitter, 1: event, 2: _a2 }) => {
        // events.once(emitter, name, { signal }): a promise of the arguments of the next emit.
        const P = rt.promises;
        const p = P.newPromise();
        const options = _a2;
        const signal = options !== undefined && options !== null && typeof options === 'object' ? rt.get(options, 'signal') : undefined;
        const abortErr = () => {
          const e = rt.makeError('Error', 'The operation was aborted');
          define(e, 'name', 'AbortError');
          e.code = 'ABORT_ERR';
          define(e, 'cause', rt.get(signal, 'reason'));
          return e;
        };
        if (signal !== undefined && signal !== null && rt.get(signal, 'aborted')) {
          P.rejectPromise(p, abortErr());
          return p;
        }
        const isTarget = typeof rt.get(emitter, 'addEventListener') === 'function' && typeof rt.get(emitter, 'once') !== 'function';
        let onAbort: any;
        const dropAbort = () => {
          if (onAbort !== undefined) rt.call(rt.get(signal, 'removeEventListener'), signal, ['abort', onAbort]);
        };
        if (isTarget) {
          // An EventTarget (an AbortSignal, …): resolved with [event].
          const onEvent: any = native('', 1, (_o, args) => {
            dropAbort();
            P.resolvePromise(p, rt.newArray(hostList(args)));
          });
          const opts = rt.newObject();
          opts.once = true;
          rt.call(rt.get(emitter, 'addEventListener'), emitter, [event, onEvent, opts]);
          if (signal !== undefined && signal !== null) {
            onAbort = native('', 0, () => {
              rt.call(rt.get(emitter, 'removeEventListener'), emitter, [event, onEvent]);
              P.rejectPromise(p, abortErr());
            });
            rt.call(rt.get(signal, 'addEventListener'), signal, ['abort', onAbort, opts]);
          }
          return p;
        }
        const onEvent: any = native('', 0, (_o, args) => {
          if (event !== 'error') rt.call(emitter.removeListener, emitter, ['error', onError]);
          dropAbort();
          P.resolvePromise(p, rt.newArray(args));
        });
        const onError: any = native('', 1, (_o, { 0: err }) => {
          rt.call(emitter.removeListener, emitter, [event, onEvent]);
          dropAbort();
          P.rejectPromise(p, err);
        });
        rt.call(emitter.once, emitter, [event, onEvent]);
        if (event !== 'error') rt.call(emitter.once, emitter, ['error', onError]);
        if (signal !== undefined && signal !== null) {
          onAbort = native('', 0, () => {
            rt.call(emitter.removeListener, emitter, [event, onEvent]);
            if (event !== 'error') rt.call(emitter.removeListener, emitter, ['error', onError]);
            P.rejectPromise(p, abortErr());
          });
          const opts = rt.newObject();
          opts.once = true;
          rt.call(rt.get(signal, 'addEventListener'), signal, ['abort', onAbort, opts]);
        }
        return p;
      }),
    );
    // events.on(emitter, name): an async iterator of the arguments of each emit (Node 20's
    // lib/events.js `on`: events not yet consumed are queued, an 'error' rejects the next read).
    define(
      EE,
      'on',
      native('on', 2, (_t, { 0: emitter, 1: event, 2: options }) => {
        const P = rt.promises;
        const result = (v: any, done: boolean) => rt.realm.membrane.iterResult(v, done);
        const settled = (ok: boolean, v: any) => {
          const p = P.newPromise();
          if (ok) P.resolvePromise(p, v);
          else P.rejectPromise(p, v);
          return p;
        };
        const unconsumed: any[] = [];
        const waiting: any[] = [];
        let error: any = null;
        let finished = false;
        const MAX_QUEUED = 1_000_000;
        const onEvent: any = native('', 0, (_o, args) => {
          const value = rt.newArray(hostList(args));
          if (waiting.length > 0) P.resolvePromise(waiting.shift(), result(value, false));
          else if (unconsumed.length < MAX_QUEUED) unconsumed.push(value);
          else rt.throwError('RangeError', `The simulation queues at most ${MAX_QUEUED} unread events`);
        });
        const onError: any = native('', 1, (_o, { 0: err }) => {
          finished = true;
          if (waiting.length > 0) P.rejectPromise(waiting.shift(), err);
          else error = err;
          closeHandler();
        });
        const closeHandler = () => {
          rt.call(rt.get(emitter, 'removeListener'), emitter, [event, onEvent]);
          if (event !== 'error') rt.call(rt.get(emitter, 'removeListener'), emitter, ['error', onError]);
          finished = true;
          for (const w of waiting.splice(0)) P.resolvePromise(w, result(undefined, true));
        };
        const signal = options !== undefined && options !== null && typeof options === 'object' ? rt.get(options, 'signal') : undefined;
        if (signal !== undefined && signal !== null && rt.get(signal, 'aborted')) {
          const e = rt.makeError('Error', 'The operation was aborted');
          e.name = 'AbortError';
          e.code = 'ABORT_ERR';
          e.cause = rt.get(signal, 'reason');
          throw e;
        }
        rt.call(rt.get(emitter, 'on'), emitter, [event, onEvent]);
        if (event !== 'error') rt.call(rt.get(emitter, 'on'), emitter, ['error', onError]);
        const it = Object.create(asyncIteratorPrototypeOf());
        define(it, 'next', native('next', 0, () => {
          if (unconsumed.length > 0) return settled(true, result(unconsumed.shift(), false));
          if (error !== null) {
            const e = error;
            error = null;
            return settled(false, e);
          }
          if (finished) return settled(true, result(undefined, true));
          const p = P.newPromise();
          waiting.push(p);
          return p;
        }));
        define(it, 'return', native('return', 0, () => {
          closeHandler();
          return settled(true, result(undefined, true));
        }));
        define(it, 'throw', native('throw', 1, (_o, { 0: err }) => {
          if (!err || typeof err !== 'object') {
            const e = rt.makeError('TypeError', `The "EventEmitter.AsyncIterator" property must be an instance of Error. Received ${err === undefined ? 'undefined' : typeof err}`);
            e.code = 'ERR_INVALID_ARG_TYPE';
            throw e;
          }
          error = err;
          closeHandler();
          return settled(true, result(undefined, true));
        }));
        if (signal !== undefined && signal !== null && typeof rt.get(signal, 'addEventListener') === 'function') {
          const onAbort = native('', 0, () => {
            const e = rt.makeError('Error', 'The operation was aborted');
            e.name = 'AbortError';
            e.code = 'ABORT_ERR';
            e.cause = rt.get(signal, 'reason');
            rt.call(onError, undefined, [e]);
          });
          const once = rt.newObject();
          once.once = true;
          rt.call(rt.get(signal, 'addEventListener'), signal, ['abort', onAbort, once]);
        }
        return it;
      }),
    );
    return EE;
  };

  // ---- timers/promises ------------------------------------------------------------------------
  // Node's AbortError (lib/internal/errors.js): what an aborted timers/promises call rejects with.
  const abortError = (signal: any) => {
    const e = rt.makeError('Error', 'The operation was aborted');
    define(e, 'name', 'AbortError');
    e.code = 'ABORT_ERR';
    define(e, 'cause', rt.get(signal, 'reason'));
    return e;
  };
  const signalOption = (options: any, fnName: string) => {
    if (options === undefined) return undefined;
    if (typeof options !== 'object' || options === null) {
      const e = rt.makeError('TypeError', `The "options" argument must be of type object. Received ${options === null ? 'null' : `type ${typeof options} (${String(options)})`}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    const signal = rt.get(options, 'signal');
    if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof rt.get(signal, 'addEventListener') !== 'function')) {
      const e = rt.makeError('TypeError', `The "options.signal" property must be an instance of AbortSignal. Received ${signal === null ? 'null' : typeof signal}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    void fnName;
    return signal;
  };
  const promisedTimer = (which: 'setTimeout' | 'setImmediate') =>
    native(which, which === 'setTimeout' ? 2 : 1, (_t, args) => {
      const P = rt.promises;
      const p = P.newPromise();
      const value = which === 'setTimeout' ? args[1] : args[0];
      let signal: any;
      try {
        signal = signalOption(which === 'setTimeout' ? args[2] : args[1], which);
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        P.rejectPromise(p, rt.toGuest(e));
        return p;
      }
      if (signal !== undefined && rt.get(signal, 'aborted')) {
        P.rejectPromise(p, abortError(signal));
        return p;
      }
      const resolve = native('', 0, () => P.resolvePromise(p, value));
      const handle = which === 'setTimeout' ? rt.call(g.setTimeout, undefined, [resolve, args[0]], rt.callNode) : rt.call(g.setImmediate, undefined, [resolve], rt.callNode);
      if (signal === undefined) return p;
      // lib/timers/promises.js: an 'abort' listener clears the timer and rejects; the listener is
      // removed in a finally() (which costs the caller its ticks, as in Node).
      let settled = false;
      const onAbort = native('', 0, () => {
        if (settled) return;
        settled = true;
        rt.call(which === 'setTimeout' ? g.clearTimeout : g.clearImmediate, undefined, [handle]);
        P.rejectPromise(p, abortError(signal));
      });
      const opts = rt.newObject();
      opts.once = true;
      rt.call(rt.get(signal, 'addEventListener'), signal, ['abort', onAbort, opts]);
      const cleanup = native('', 0, () => {
        settled = true;
        rt.call(rt.get(signal, 'removeEventListener'), signal, ['abort', onAbort]);
      });
      return rt.call(promiseFinally, p, [cleanup]);
    });
  const promiseFinally = g.Promise.prototype.finally;
  // timers/promises setInterval(delay, value): Node's is an async generator over an interval that
  // starts at the first next(), counts the ticks not yet yielded and is cleared by return()/throw().
  const promisedInterval = native('setInterval', 2, (_t, args) => {
    const P = rt.promises;
    const delay = args[0];
    const value = args[1];
    const signal = signalOption(args[2], 'setInterval');
    let aborted = false;
    const result = (v: any, done: boolean) => rt.realm.membrane.iterResult(v, done);
    let started = false;
    let finished = false;
    let notYielded = 0;
    let handle: any;
    const waiting: any[] = [];
    const tick = native('', 0, () => {
      if (waiting.length > 0) P.resolvePromise(waiting.shift(), result(value, false));
      else notYielded++;
      return undefined;
    });
    const finish = () => {
      finished = true;
      if (handle !== undefined) rt.call(g.clearInterval, undefined, [handle]);
      for (const w of waiting.splice(0)) P.resolvePromise(w, result(undefined, true));
    };
    const settled = (ok: boolean, v: any) => {
      const p = P.newPromise();
      if (ok) P.resolvePromise(p, v);
      else P.rejectPromise(p, v);
      return p;
    };
    const onAbort = native('', 0, () => {
      aborted = true;
      if (handle !== undefined) rt.call(g.clearInterval, undefined, [handle]);
      // A read waiting for the next tick rejects; the generator is then done.
      if (waiting.length > 0) {
        finished = true;
        P.rejectPromise(waiting.shift(), abortError(signal));
        for (const w of waiting.splice(0)) P.resolvePromise(w, result(undefined, true));
      }
    });
    const it = Object.create(asyncIteratorPrototypeOf());
    it.next = native('next', 1, () => {
      if (finished) return settled(true, result(undefined, true));
      if (!started) {
        started = true;
        if (signal !== undefined && rt.get(signal, 'aborted')) {
          finished = true;
          return settled(false, abortError(signal));
        }
        handle = rt.call(g.setInterval, undefined, [tick, delay], rt.callNode);
        if (signal !== undefined) {
          const opts = rt.newObject();
          opts.once = true;
          rt.call(rt.get(signal, 'addEventListener'), signal, ['abort', onAbort, opts]);
        }
      }
      if (notYielded > 0) {
        notYielded--;
        return settled(true, result(value, false));
      }
      if (aborted) {
        finished = true;
        return settled(false, abortError(signal));
      }
      const p = P.newPromise();
      waiting.push(p);
      return p;
    });
    it.return = native('return', 1, (_o, a) => {
      finish();
      return settled(true, result(a[0], true));
    });
    it.throw = native('throw', 1, (_o, a) => {
      finish();
      return settled(false, a[0]);
    });
    Object.defineProperty(it, Symbol.toStringTag, { value: 'AsyncGenerator', configurable: true });
    return it;
  });
  const asyncIteratorPrototypeOf = () => Object.getPrototypeOf(rt.asyncGeneratorPrototype);
  // timers/promises scheduler (lib/timers/promises.js's Scheduler): wait(delay, options) is
  // setTimeout(delay, undefined, options), yield() is setImmediate(); the instance is marked by an
  // own kScheduler symbol property, as Node's is (util.inspect shows it).
  const makeScheduler = (timeout: any, immediate: any) => {
    const kScheduler = Symbol('kScheduler');
    const codeError = (message: string, code: string) => rt.makeCodedError('TypeError', message, code);
    const Scheduler: any = rt.realm.helpers.nativeCtor(() => {
      throw codeError('Illegal constructor', 'ERR_ILLEGAL_CONSTRUCTOR');
    }, 'Scheduler', 0);
    const proto = Scheduler.prototype;
    const check = (o: any) => {
      if (o === undefined || o === null || !rt.get(o, kScheduler)) throw codeError('Value of "this" must be of type Scheduler', 'ERR_INVALID_THIS');
    };
    define(proto, 'yield', native('yield', 0, (o) => {
      check(o);
      return rt.call(immediate, undefined, []);
    }));
    define(proto, 'wait', native('wait', 2, (o, args) => {
      check(o);
      return rt.call(timeout, undefined, [args[0], undefined, args[1]]);
    }));
    const scheduler = Object.create(proto);
    Object.defineProperty(scheduler, kScheduler, { value: true, writable: true, enumerable: true, configurable: true });
    return scheduler;
  };
  const makeTimersPromises = () => {
    const m = rt.newObject();
    m.setTimeout = promisedTimer('setTimeout');
    m.setImmediate = promisedTimer('setImmediate');
    m.setInterval = promisedInterval;
    m.scheduler = makeScheduler(m.setTimeout, m.setImmediate);
    return m;
  };
  const makeTimers = () => {
    const m = rt.newObject();
    for (const k of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) m[k] = g[k];
    m.promises = get('timers/promises');
    return m;
  };

  // ---- util -----------------------------------------------------------------------------------
  const makeUtil = () => {
    const m = rt.newObject();
    m.format = native('format', 1, (_t, args) => formatConsole(rt, args));
    // util.inspect / formatWithOptions: plain option values cross over; custom inspectors only
    // through the membrane (inspectCustom.ts).
    m.inspect = realmInspect(rt);
    m.formatWithOptions = native('formatWithOptions', 1, (_t, args) => {
      const opts = args[0];
      if (typeof opts !== 'object' || opts === null) {
        const e = rt.makeError('TypeError', `The "inspectOptions" argument must be of type object. Received ${opts === null ? 'null' : typeof opts === 'function' ? 'function' : `type ${typeof opts} (${String(opts)})`}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      return formatConsole(rt, hostList(args, 1), hostInspectOptions(rt, opts));
    });
    m.promisify = native('promisify', 1, (_t, { 0: fn }) => {
      if (typeof fn !== 'function') {
        const e = rt.makeError('TypeError', `The "original" argument must be of type function. Received ${fn === undefined ? 'undefined' : typeof fn}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      // setTimeout and setImmediate have their own promisified forms in Node.
      if (fn === g.setTimeout) return promisedTimer('setTimeout');
      if (fn === g.setImmediate) return promisedTimer('setImmediate');
      // fn[util.promisify.custom]: the function's own promise form (Node returns it as it is).
      const custom = rt.get(fn, PROMISIFY_CUSTOM);
      if (custom !== undefined) {
        if (typeof custom !== 'function') {
          const e = rt.makeError('TypeError', `The "util.promisify.custom" argument must be of type function. Received ${custom === null ? 'null' : typeof custom}`);
          e.code = 'ERR_INVALID_ARG_TYPE';
          throw e;
        }
        return custom;
      }
      return native(rt.get(fn, 'name') || '', 0, (thisArg, args) => {
        const P = rt.promises;
        const p = P.newPromise();
        const callback = native('', 2, (_o, { 0: err, 1: value }) => {
          if (err) P.rejectPromise(p, err);
          else P.resolvePromise(p, value);
        });
        try {
          rt.call(fn, thisArg, [...hostList(args), callback]);
        } catch (e) {
          P.rejectPromise(p, rt.toGuest(e));
        }
        return p;
      });
    });
    m.inherits = native('inherits', 2, (_t, { 0: ctor, 1: superCtor }) => {
      Object.setPrototypeOf(rt.get(ctor, 'prototype'), rt.get(superCtor, 'prototype'));
      define(ctor, 'super_', superCtor);
      return undefined;
    });
    m.isDeepStrictEqual = native('isDeepStrictEqual', 2, (_t, { 0: a, 1: b }) => util.isDeepStrictEqual(a, b));
    define(m.promisify, 'custom', PROMISIFY_CUSTOM);
    m.callbackify = native('callbackify', 1, (_t, { 0: fn }) => {
      if (typeof fn !== 'function') {
        const e = rt.makeError('TypeError', `The "original" argument must be of type function. Received ${fn === undefined ? 'undefined' : fn === null ? 'null' : typeof fn}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      // Node: the callback runs in process.nextTick after the promise settles; a falsy rejection
      // reason is wrapped (ERR_FALSY_VALUE_REJECTION).
      return native(`${rt.get(fn, 'name') || ''}Callbackified`, 0, (thisArg, args) => {
        const list = hostList(args);
        const cb = list.pop();
        if (typeof cb !== 'function') {
          const e = rt.makeError('TypeError', `The last argument must be of type function. Received ${cb === undefined ? 'undefined' : typeof cb}`);
          e.code = 'ERR_INVALID_ARG_TYPE';
          throw e;
        }
        const tick = rt.get(g.process, 'nextTick');
        const p = rt.call(fn, thisArg, list);
        const onOk = native('', 1, (_o, { 0: v }) => rt.call(tick, g.process, [cb, null, v]));
        const onErr = native('', 1, (_o, { 0: reason }) => {
          let r = reason;
          if (!r) {
            r = rt.makeError('Error', 'Promise was rejected with falsy value');
            r.code = 'ERR_FALSY_VALUE_REJECTION';
            r.reason = reason;
          }
          return rt.call(tick, g.process, [cb, r]);
        });
        // Node calls the result's own `then` (lib/util.js callbackified).
        const then = rt.get(p, 'then');
        if (typeof then !== 'function') rt.throwError('TypeError', 'ReflectApply(...).then is not a function');
        rt.call(then, p, [onOk, onErr]);
        return undefined;
      });
    });
    m.deprecate = native('deprecate', 2, (_t, { 0: fn }) => {
      if (typeof fn !== 'function') {
        const e = rt.makeError('TypeError', `The "fn" argument must be of type function. Received ${fn === undefined ? 'undefined' : typeof fn}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      // The DeprecationWarning goes to stderr in Node; the wrapped function behaves as fn.
      return native(rt.get(fn, 'name') || 'deprecated', 0, (thisArg, args, newTarget) => (newTarget !== undefined ? rt.construct(fn, hostList(args), newTarget) : rt.call(fn, thisArg, hostList(args))));
    });
    m.types = makeUtilTypes();
    m.isArray = rt.intr.Array.isArray;
    // The globals' own classes (util.TextEncoder === TextEncoder in Node).
    const coding = textCodingOf(rt, native);
    m.TextEncoder = coding.TextEncoder;
    m.TextDecoder = coding.TextDecoder;
    return m;
  };

  // util.types: the checks on internal slots work across realms (host util.types on realm values);
  // promises and function kinds are the simulation's own (its promises and closures).
  const makeUtilTypes = () => {
    const t = rt.newObject();
    const slotChecks = ['isDate', 'isRegExp', 'isMap', 'isSet', 'isWeakMap', 'isWeakSet', 'isNativeError', 'isTypedArray', 'isUint8Array', 'isArrayBuffer', 'isAnyArrayBuffer', 'isDataView', 'isBoxedPrimitive', 'isNumberObject', 'isStringObject', 'isBooleanObject', 'isSymbolObject', 'isBigIntObject', 'isMapIterator', 'isSetIterator', 'isArgumentsObject', 'isSharedArrayBuffer', 'isArrayBufferView'] as const;
    for (const k of slotChecks) {
      const check = (util.types as any)[k] as (v: unknown) => boolean;
      if (typeof check === 'function') t[k] = native(k, 1, (_o, { 0: v }) => check(v));
    }
    t.isPromise = native('isPromise', 1, (_o, { 0: v }) => rt.promises.isPromise(v));
    const kind = (v: any) => rt.closureOf(v)?.template as any;
    t.isAsyncFunction = native('isAsyncFunction', 1, (_o, { 0: v }) => !!kind(v)?.isAsync);
    t.isGeneratorFunction = native('isGeneratorFunction', 1, (_o, { 0: v }) => !!kind(v)?.isGenerator);
    t.isGeneratorObject = native('isGeneratorObject', 1, (_o, { 0: v }) => (typeof v === 'object' && v !== null && (Object.prototype.isPrototypeOf.call(rt.generatorPrototype, v) || Object.prototype.isPrototypeOf.call(rt.asyncGeneratorPrototype, v))));
    return t;
  };

  const table = new Map<string, () => any>([
    lazy('events', makeEvents),
    lazy('timers/promises', makeTimersPromises),
    lazy('timers', makeTimers),
    // worker_threads on the main thread: its MessageChannel (messagePorts.ts); a Worker is not available.
    lazy('worker_threads', () => {
      const m = rt.newObject();
      m.isMainThread = true;
      m.threadId = 0;
      m.parentPort = null;
      m.workerData = null;
      m.resourceLimits = rt.newObject();
      m.MessageChannel = messaging().MessageChannel;
      m.MessagePort = messaging().MessagePort;
      m.BroadcastChannel = g.BroadcastChannel;
      m.Worker = rt.realm.helpers.nativeCtor(() => notAvailable('Worker'), 'Worker', 1);
      m.receiveMessageOnPort = messaging().receiveMessageOnPort;
      return m;
    }),
    lazy('util', makeUtil),
    lazy('util/types', () => get('util').types),
    lazy('path', () => makePath(rt, native)),
    lazy('url', () => urlApiOf(rt, native).module()),
    lazy('buffer', () => bufferApiOf(rt, native).module()),
    lazy('crypto', () => cryptoApiOf(rt, native, g).module()),
    lazy('string_decoder', () => makeStringDecoderModule(rt, native)),
    lazy('querystring', () => makeQuerystringModule(rt, native)),
    // node:process and node:console are the globals; os and tty the few answers libraries ask
    // (chalk/supports-color, debug, a pool sized by os.cpus()); the simulated process is never a TTY.
    lazy('process', () => g.process),
    lazy('console', () => g.console),
    lazy('os', () => {
      const m = rt.newObject();
      const cpuCount = Math.max(1, hostCpuCount());
      m.EOL = '\n';
      m.devNull = '/dev/null';
      m.platform = native('platform', 0, () => 'linux');
      m.type = native('type', 0, () => 'Linux');
      m.arch = native('arch', 0, () => process.arch);
      m.release = native('release', 0, () => '6.0.0');
      m.hostname = native('hostname', 0, () => 'localhost');
      m.homedir = native('homedir', 0, () => '/home/user');
      m.tmpdir = native('tmpdir', 0, () => '/tmp');
      m.endianness = native('endianness', 0, () => 'LE');
      m.uptime = native('uptime', 0, () => 1000 + rt.loop.clock / 1000);
      m.totalmem = native('totalmem', 0, () => 8 * 1024 ** 3);
      m.freemem = native('freemem', 0, () => 4 * 1024 ** 3);
      m.availableParallelism = native('availableParallelism', 0, () => cpuCount);
      m.cpus = native('cpus', 0, () => {
        const list = [];
        for (let i = 0; i < cpuCount; i++) {
          const c = rt.newObject();
          c.model = 'Simulated CPU';
          c.speed = 0;
          const times = rt.newObject();
          for (const k of ['user', 'nice', 'sys', 'idle', 'irq']) times[k] = 0;
          c.times = times;
          list.push(c);
        }
        return rt.newArray(list);
      });
      return m;
    }),
    lazy('tty', () => {
      const m = rt.newObject();
      m.isatty = native('isatty', 1, () => false);
      return m;
    }),
    lazy('assert', () => assertModuleOf(rt, native, false)),
    lazy('assert/strict', () => assertModuleOf(rt, native, true)),
    lazy('perf_hooks', () => {
      const m = rt.newObject();
      m.performance = g.performance;
      if (rt.userTiming) Object.assign(m, rt.userTiming());
      return m;
    }),
  ]);
  function get(name: string): any {
    return table.get(name)!();
  }
  return table;
}
