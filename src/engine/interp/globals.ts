// What the simulation supplies to the guest realm: console, timers, Promise and its jobs,
// queueMicrotask, process.nextTick, setImmediate, fetch, a virtual clock and a seeded Math.random.
// Everything here is host code behind realm wrappers (rt.native), so guest code never holds a host
// object. Things the simulation does not do (require, fs, eval...) fail with a clear message.
import { hasModernBuiltins, installModernBuiltins } from './modernBuiltins';
import { defineAsyncIteratorDispose } from './disposal';
import * as util from 'util';
import type { ConsoleEvent, Diagnostic, Runtime } from '../types';
import { runsOnNode24, type Interpreter } from './runtime';
import { builtinSourceText, cloneBinary, registerNativeProxy, workTick } from './limits';
import { installFunctionCaller } from './functionCaller';
import { EventLoop, ProcessExit, type Timer } from './eventloop';
import { Promises } from './promise';
import { formatWithCustom } from './inspectCustom';
import { hasHiddenState, ImmediateSlot, TimerSlot } from './values';
import { asyncGeneratorEnqueue, generatorResume } from './suspend';
import { makeModules } from './modules';
import { installCodeFromStrings } from './fromStrings';
import { urlApiOf } from './urlModule';
import { textCodingOf } from './textCoding';
import { bufferApiOf } from './bufferModule';
import { cryptoApiOf } from './cryptoModule';
import { installUserTiming } from './performanceEntries';
import { abortApiOf } from './abortModule';
import { nodeMessagingOf } from './messagePorts';
import { installBrowser, type BrowserOptions } from './browser';
import { traceCallbackScope } from './teachTrace';

/** Virtual epoch: Date.now() at virtual time 0 (2024-01-01T00:00:00.000Z). */
export const VIRTUAL_EPOCH = 1704067200000;
/** Browser profile: Date.now() at virtual time 0, as in the browser-truth tool (2023-11-14T22:13:20Z). */
export const BROWSER_EPOCH = 1700000000000;
const TIMEOUT_MAX = 2 ** 31 - 1;

export interface GlobalsOptions {
  runtime: Runtime;
  fetchLatency: number;
  fetchLatencyByUrl: Record<string, number>;
  seed: number;
  onConsole: (e: Omit<ConsoleEvent, 'order'>) => void;
  onNotAvailable: (what: string, node: any) => void;
  /** A diagnostic a simulated API reports (messagePorts.ts: a port that keeps Node waiting forever). */
  onDiagnostic: (d: Diagnostic) => void;
  /** Browser profile: frames, user clicks, notes (browser/index.ts). */
  browser?: Omit<BrowserOptions, 'fetchLatency' | 'fetchLatencyByUrl'>;
}

/** Formats console arguments exactly as Node's console does for a non-TTY stream. */
export function formatConsole(rt: Interpreter, args: any[], options: util.InspectOptions = {}): string {
  if (rt.beforeInspect !== null) rt.beforeInspect();
  // Custom inspection only through the membrane (inspectCustom.ts).
  const list = hostList(args);
  return formatWithCustom(rt, options, list, (o) => util.formatWithOptions(o, ...list));
}

export function installGlobals(rt: Interpreter, opts: GlobalsOptions): { loop: EventLoop } {
  const g = rt.global;
  const intr = rt.intr;
  const loop = new EventLoop(rt, opts.runtime);
  const P = new Promises(rt, loop);
  rt.loop = loop;
  rt.promises = P;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const define = (o: any, name: string | symbol, value: any, enumerable = false) =>
    Object.defineProperty(o, name, { value, writable: true, enumerable, configurable: true });
  const isNode = opts.runtime === 'node';
  // Symbol.dispose / Symbol.asyncDispose: Node defines them on its Symbol (20.20: its own symbols,
  // "nodejs.dispose"; 24, the runtime of .ts files: V8's, as Chromium's); V8's new context has
  // neither. (Symbols are primitives: nothing of the host is reachable through them.)
  if (g.Symbol && g.Symbol.dispose === undefined) {
    const v8Own = !isNode || runsOnNode24(rt);
    for (const k of ['dispose', 'asyncDispose']) Object.defineProperty(g.Symbol, k, { value: Symbol(v8Own ? `Symbol.${k}` : `nodejs.${k}`), writable: false, enumerable: false, configurable: false });
  }

  // ---- Function.prototype.toString shows guest source -----------------------------------
  const origToString = intr.FunctionPrototype.toString;
  define(
    intr.FunctionPrototype,
    'toString',
    native('toString', 0, (thisArg) => {
      const c = rt.closureOf(thisArg);
      if (c) return c.template.node.__text ?? rt.sourceOf(c.template.node).slice(c.template.node.__textStart ?? c.template.node.start, c.template.node.end);
      // Node's console methods are bound functions: V8 prints them nameless.
      if (consoleMethods.has(thisArg)) return 'function () { [native code] }';
      return builtinSourceText(thisArg, Reflect.apply(origToString, thisArg, []));
    }),
  );

  // ---- console -------------------------------------------------------------------------------
  const consoleObj = rt.newObject();
  const consoleMethods = new WeakSet<object>();
  let groupIndent = '';
  // Browser profile: console text as the browser-truth tool prints Chromium's (browser/console.ts).
  let browserFormat: ((args: any[]) => string) | null = null;
  const fmt = (args: any[]) => (browserFormat ? browserFormat(args) : formatConsole(rt, args));
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const emit = (method: string, stream: 'stdout' | 'stderr', text: string) => {
    if (groupIndent) text = text.split('\n').map((l) => groupIndent + l).join('\n');
    const node = rt.callNode ?? rt.currentNode;
    const loc = node && node.loc ? node.loc : { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
    opts.onConsole({
      // Printed by code of an imported module: that file (absent for the main file).
      ...(loc.source !== undefined ? { file: loc.source } : {}),
      line: loc.start.line,
      column: loc.start.column,
      endLine: loc.end.line,
      endColumn: loc.end.column,
      kind: rt.task.kind,
      source: rt.task.source,
      text,
      stream,
      method,
      step: rt.steps,
      time: loop.clock,
      taskId: rt.task.id,
      delay: rt.task.delay,
      detail: rt.task.detail,
    });
  };
  for (const [m, stream] of [['log', 'stdout'], ['info', 'stdout'], ['debug', 'stdout'], ['warn', 'stderr'], ['error', 'stderr'], ['trace', 'stderr']] as const) {
    define(
      consoleObj,
      m,
      native(m, 0, (_t, args) => {
        let text = fmt(args);
        if (m === 'trace' && browserFormat) {
          // Chromium: a trace is a console message of its own (the tool prints its text on stdout).
          emit(m, 'stdout', text || 'console.trace');
          return undefined;
        }
        if (m === 'trace') text = `Trace${text ? ': ' + text : ''}\n${rt.stackText()}`;
        emit(m, stream, text);
        return undefined;
      }),
      true,
    );
  }
  define(
    consoleObj,
    'dir',
    native('dir', 0, (_t, args) => {
      if (browserFormat) return emit('dir', 'stdout', fmt(args.slice(0, 1))), undefined;
      const o = args[1] && typeof args[1] === 'object' ? args[1] : {};
      emit('dir', 'stdout', util.inspect(args[0], { customInspect: false, depth: typeof o.depth === 'number' || o.depth === null ? o.depth : 2, showHidden: !!o.showHidden }));
      return undefined;
    }),
    true,
  );
  define(
    consoleObj,
    'table',
    native('table', 1, (_t, args) => {
      if (browserFormat) return emit('table', 'stdout', fmt(args)), undefined;
      const text = consoleTable(args);
      if (text !== undefined) emit('table', 'stdout', text);
      return undefined;
    }),
    true,
  );
  define(
    consoleObj,
    'group',
    native('group', 0, (_t, args) => {
      if (browserFormat) {
        // Chromium's console message for a group is its label (or `console.group`); no indentation.
        emit('group', 'stdout', args.length ? fmt(args) : 'console.group');
        return undefined;
      }
      if (args.length) emit('group', 'stdout', formatConsole(rt, args));
      groupIndent += '  ';
      return undefined;
    }),
    true,
  );
  define(consoleObj, 'groupCollapsed', consoleObj.group, true);
  define(
    consoleObj,
    'groupEnd',
    native('groupEnd', 0, () => {
      groupIndent = groupIndent.slice(0, Math.max(0, groupIndent.length - 2));
      return undefined;
    }),
    true,
  );
  define(
    consoleObj,
    'count',
    native('count', 0, (_t, args) => {
      const label = args[0] === undefined ? 'default' : String(args[0]);
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      emit('count', 'stdout', `${label}: ${n}`);
      return undefined;
    }),
    true,
  );
  define(
    consoleObj,
    'countReset',
    native('countReset', 0, (_t, args) => {
      counts.delete(args[0] === undefined ? 'default' : String(args[0]));
      return undefined;
    }),
    true,
  );
  const formatTime = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${Number(ms.toFixed(3))}ms`);
  define(
    consoleObj,
    'time',
    native('time', 0, (_t, args) => {
      timers.set(args[0] === undefined ? 'default' : String(args[0]), loop.clock);
      return undefined;
    }),
    true,
  );
  for (const m of ['timeEnd', 'timeLog'] as const) {
    define(
      consoleObj,
      m,
      native(m, 0, (_t, args) => {
        const label = args[0] === undefined ? 'default' : String(args[0]);
        const start = timers.get(label);
        if (start === undefined) {
          emit(m, 'stderr', `(node:1) Warning: No such label '${label}' for console.${m}()`);
          return undefined;
        }
        if (m === 'timeEnd') timers.delete(label);
        const extra = m === 'timeLog' && args.length > 1 ? ' ' + fmt(args.slice(1)) : '';
        emit(m, 'stdout', `${label}: ${formatTime(loop.clock - start)}${extra}`);
        return undefined;
      }),
      true,
    );
  }
  define(
    consoleObj,
    'assert',
    native('assert', 0, (_t, args) => {
      if (!args[0]) {
        const rest = args.slice(1);
        if (typeof rest[0] === 'string') rest[0] = `Assertion failed: ${rest[0]}`;
        else rest.unshift('Assertion failed');
        emit('assert', 'stderr', fmt(rest));
      }
      return undefined;
    }),
    true,
  );
  if (isNode) for (const k of Object.keys(consoleObj)) consoleMethods.add(consoleObj[k]);
  define(g, 'console', consoleObj);

  // ---- Promise -----------------------------------------------------------------------------
  const promiseConstruct = (_thisArg: any, args: any, newTarget: any): any => {
      if (newTarget === undefined) rt.throwError('TypeError', "Promise constructor cannot be invoked without 'new'");
      const executor = args[0];
      if (typeof executor !== 'function') rt.throwError('TypeError', `Promise resolver ${rt.describe(executor)} is not a function`);
      let proto = newTarget === PromiseCtor ? P.proto : rt.get(newTarget, 'prototype');
      // GetPrototypeFromConstructor: a non-object `prototype` falls back to %Promise.prototype%.
      if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) proto = P.proto;
      const p = P.newPromise(proto);
      const { resolve, reject } = P.createResolvingFunctions(p);
      try {
        rt.call(executor, undefined, [resolve, reject]);
      } catch (e) {
        rt.call(reject, undefined, [rt.toGuest(e)]);
      }
      return p;
  };
  const PromiseFunction: any = rt.realm.helpers.nativeCtor(promiseConstruct, 'Promise', 1);
  // 27.2.3.1 checks IsCallable(executor) before OrdinaryCreateFromConstructor reads
  // newTarget.prototype; a function's own [[Construct]] reads it first, so `new` goes through a
  // proxy's construct trap (host code that hands the guest nothing but the executor's resolvers).
  // The defineProperty / deleteProperty traps only forward, after clearing the species protector
  // (promise.ts speciesConstructor) when the key is @@species: the one way its own getter can change.
  // The trap's descriptor is a fresh realm object (FromPropertyDescriptor): it is forwarded as a
  // null-prototype copy of its own fields, so nothing a guest put on Object.prototype is read.
  const descriptorFields = ['value', 'writable', 'get', 'set', 'enumerable', 'configurable'] as const;
  const PromiseCtor: any = new Proxy(PromiseFunction, {
    construct: (_t, args, newTarget) => promiseConstruct(undefined, args, newTarget),
    defineProperty: (t, key, desc) => {
      if (key === Symbol.species) P.speciesIntact = false;
      const own: PropertyDescriptor = Object.create(null);
      for (const f of descriptorFields) if (Object.prototype.hasOwnProperty.call(desc, f)) (own as any)[f] = (desc as any)[f];
      return Reflect.defineProperty(t, key, own);
    },
    deleteProperty: (t, key) => {
      if (key === Symbol.species) P.speciesIntact = false;
      return Reflect.deleteProperty(t, key);
    },
  });
  Object.defineProperty(PromiseFunction.prototype, 'constructor', { value: PromiseCtor, writable: true, enumerable: false, configurable: true });
  registerNativeProxy(PromiseCtor, 'Promise');
  P.ctor = PromiseCtor;
  // 27.2.4.1 Promise.prototype: { [[Writable]]: false, [[Enumerable]]: false, [[Configurable]]: false }.
  Object.defineProperty(PromiseCtor, 'prototype', { writable: false });
  P.proto = PromiseCtor.prototype;
  const proto = P.proto;
  define(proto, Symbol.toStringTag, 'Promise');
  Object.defineProperty(proto, Symbol.toStringTag, { writable: false, enumerable: false, configurable: true, value: 'Promise' });
  define(proto, 'then', native('then', 2, (p, args) => P.then(p, args[0], args[1])));
  const invokeThen = (p: any, args: any[]) => rt.call(rt.get(p, 'then'), p, args);
  define(proto, 'catch', native('catch', 1, (p, args) => invokeThen(p, [undefined, args[0]])));
  // While tracing, the reaction finally/all/race/... register is named after them (teachTrace.ts).
  const tagThen = (kind: import('../types').ReactionKind) => { if (rt.trace) P.reactionKind = kind; };
  define(
    proto,
    'finally',
    native('finally', 1, (p, args) => {
      // 27.2.5.3 Promise.prototype.finally
      if ((typeof p !== 'object' && typeof p !== 'function') || p === null) rt.throwError('TypeError', 'Promise.prototype.finally called on a non-object');
      const C = P.speciesConstructor(p);
      const onFinally = args[0];
      if (typeof onFinally !== 'function') return invokeThen(p, [onFinally, onFinally]);
      const thenFinally = native('', 1, (_t, { 0: value }) => {
        const result = rt.call(onFinally, undefined, []);
        const promise = P.promiseResolve(result, C);
        return invokeThen(promise, [native('', 0, () => value)]);
      });
      const catchFinally = native('', 1, (_t, { 0: reason }) => {
        const result = rt.call(onFinally, undefined, []);
        const promise = P.promiseResolve(result, C);
        return invokeThen(promise, [
          native('', 0, () => {
            throw reason;
          }),
        ]);
      });
      tagThen('finally');
      return invokeThen(p, [thenFinally, catchFinally]);
    }),
  );
  const requireObjectC = (C: any, name: string) => {
    if ((typeof C !== 'object' && typeof C !== 'function') || C === null) rt.throwError('TypeError', `PromiseResolve called on non-object`);
    return C;
  };
  // No Promise.withResolvers for .js files: Node 20 (their ground truth) does not have it (./modernBuiltins.ts).
  P.speciesGetter = native('get [Symbol.species]', 0, (t) => t);
  Object.defineProperty(PromiseFunction, Symbol.species, { get: P.speciesGetter, configurable: true });

  type Combinator = 'all' | 'allSettled' | 'race' | 'any';
  const combinator = (kind: Combinator) =>
    native(kind, 1, (C, { 0: iterable }) => {
      // 27.2.4.1 Promise.all / 27.2.4.2 allSettled / 27.2.4.3 any / 27.2.4.5 race.
      // Step 1-2: C = this; NewPromiseCapability(C) throws synchronously (no promise to reject yet).
      if ((typeof C !== 'object' && typeof C !== 'function') || C === null) rt.throwError('TypeError', `Promise.${kind} called on non-object`);
      const cap = P.newCapability(C);
      const fns = cap.own ? P.createResolvingFunctions(cap.promise) : { resolve: cap.resolve, reject: cap.reject };
      // IfAbruptRejectPromise: Call(capability.[[Reject]]) — an abrupt reject propagates.
      const rejectWith = (e: any) => {
        rt.call(fns.reject, undefined, [e]);
        return cap.promise;
      };
      // Steps 3-4: GetPromiseResolve(C), before the iterable is touched.
      let promiseResolve: any;
      try {
        promiseResolve = rt.get(C, 'resolve');
        if (typeof promiseResolve !== 'function') rt.throwError('TypeError', 'Promise resolve or reject function is not callable');
      } catch (e) {
        return rejectWith(rt.toGuest(e));
      }
      // Steps 5-6: GetIterator(iterable, sync).
      let rec: { iterator: any; next: any };
      try {
        rec = rt.getIterator(iterable, null);
      } catch (e) {
        return rejectWith(rt.toGuest(e));
      }
      // Step 7: PerformPromiseAll/AllSettled/Any/Race, stepping the iterator lazily.
      let iteratorDone = false; // iteratorRecord.[[Done]]
      const values: any[] = []; // values (errors for any)
      const remaining = { value: 1 }; // remainingElementsCount
      const finish = () => {
        if (kind === 'any') {
          // PerformPromiseAny 4.b.iii: a new AggregateError with an own "errors" array.
          const err = new intr.AggregateError(rt.newArray([]), 'All promises were rejected');
          Object.defineProperty(err, 'errors', { value: rt.newArray(values), writable: true, enumerable: false, configurable: true });
          rt.setGuestStack(err);
          rt.call(fns.reject, undefined, [err]);
        } else rt.call(fns.resolve, undefined, [rt.newArray(values)]);
      };
      try {
        for (let index = 0; ; index++) {
          // IteratorStepValue: an abrupt next/done/value sets [[Done]] (no IteratorClose then).
          let next: any;
          iteratorDone = true;
          const result = rt.iterStep(rec);
          if (result.done) {
            if (kind !== 'race' && --remaining.value === 0) finish();
            return cap.promise;
          }
          next = result.value;
          iteratorDone = false;
          if (kind !== 'race') values.push(undefined);
          // Call(promiseResolve, constructor, « next »), then Invoke(nextPromise, "then", ...).
          const nextPromise = rt.call(promiseResolve, C, [next]);
          tagThen(kind);
          if (kind === 'race') {
            invokeThen(nextPromise, [fns.resolve, fns.reject]);
            continue;
          }
          // The element functions of one index share [[AlreadyCalled]].
          let alreadyCalled = false;
          const i = index;
          const element = (settled: 'fulfilled' | 'rejected' | null) =>
            native('', 1, (_t, { 0: x }) => {
              if (alreadyCalled) return undefined;
              alreadyCalled = true;
              values[i] = settled === null ? x : rt.realm.membrane.record2('status', settled, settled === 'fulfilled' ? 'value' : 'reason', x);
              if (--remaining.value === 0) finish();
              return undefined;
            });
          remaining.value++;
          if (kind === 'all') invokeThen(nextPromise, [element(null), fns.reject]);
          else if (kind === 'allSettled') invokeThen(nextPromise, [element('fulfilled'), element('rejected')]);
          else invokeThen(nextPromise, [fns.resolve, element(null)]);
        }
      } catch (e) {
        const err = rt.toGuest(e);
        // Step 8.a: IteratorClose(iteratorRecord, throw completion) — the original error wins.
        if (!iteratorDone) {
          try {
            rt.iterClose(rec);
          } catch (closeErr) {
            rt.toGuest(closeErr);
          }
        }
        return rejectWith(err);
      }
    });
  // Node's key order: all, allSettled, any, race, resolve, reject.
  for (const k of ['all', 'allSettled', 'any', 'race'] as const) define(PromiseCtor, k, combinator(k));
  define(PromiseCtor, 'resolve', native('resolve', 1, (C, { 0: x }) => P.promiseResolve(x, requireObjectC(C, 'resolve'))));
  define(
    PromiseCtor,
    'reject',
    native('reject', 1, (C, { 0: r }) => {
      if ((typeof C !== 'object' && typeof C !== 'function') || C === null) rt.throwError('TypeError', 'PromiseReject called on non-object');
      const cap = P.newCapability(C);
      P.settle(cap, false, r);
      return cap.promise;
    }),
  );
  define(g, 'Promise', PromiseCtor);
  // Node 24 (TypeScript files) and Chromium: Promise.withResolvers, Promise.try, groupBy, Error.isError.
  if (hasModernBuiltins(rt, opts.runtime)) installModernBuiltins(rt, P, PromiseCtor, opts.runtime);

  // ---- generators' prototypes ----------------------------------------------------------------
  // "constructor" comes first in V8's key order (its value is set below, with %GeneratorFunction.prototype%).
  const placeConstructor = (o: any) => Object.defineProperty(o, 'constructor', { value: undefined, writable: false, enumerable: false, configurable: true });
  const generatorPrototype = Object.create(intr.IteratorPrototype);
  placeConstructor(generatorPrototype);
  define(generatorPrototype, 'next', native('next', 1, (o, { 0: v }) => generatorResume(rt, o, 'next', v)));
  define(generatorPrototype, 'return', native('return', 1, (o, { 0: v }) => generatorResume(rt, o, 'return', v)));
  define(generatorPrototype, 'throw', native('throw', 1, (o, { 0: v }) => generatorResume(rt, o, 'throw', v)));
  Object.defineProperty(generatorPrototype, Symbol.toStringTag, { value: 'Generator', configurable: true });
  const asyncIteratorPrototype = Object.create(intr.ObjectPrototype);
  define(asyncIteratorPrototype, Symbol.asyncIterator, native('[Symbol.asyncIterator]', 0, (t) => t));
  if (rt.disposal) defineAsyncIteratorDispose(rt, P, asyncIteratorPrototype);
  const asyncGeneratorPrototype = Object.create(asyncIteratorPrototype);
  placeConstructor(asyncGeneratorPrototype);
  define(asyncGeneratorPrototype, 'next', native('next', 1, (o, { 0: v }) => asyncGeneratorEnqueue(rt, o, 'next', v)));
  define(asyncGeneratorPrototype, 'return', native('return', 1, (o, { 0: v }) => asyncGeneratorEnqueue(rt, o, 'return', v)));
  define(asyncGeneratorPrototype, 'throw', native('throw', 1, (o, { 0: v }) => asyncGeneratorEnqueue(rt, o, 'throw', v)));
  Object.defineProperty(asyncGeneratorPrototype, Symbol.toStringTag, { value: 'AsyncGenerator', configurable: true });
  rt.generatorPrototype = generatorPrototype;
  rt.asyncGeneratorPrototype = asyncGeneratorPrototype;
  installFunctionCaller(rt);
  // %GeneratorFunction.prototype%.prototype is %GeneratorPrototype% (and its constructor back), ours
  // rather than the realm's native one; the same for async generators (27.3.3.2, 27.6.1.1).
  for (const [kind, proto] of [['generator', generatorPrototype], ['asyncGenerator', asyncGeneratorPrototype]] as const) {
    const fnProto = Object.getPrototypeOf(rt.realm.helpers.suspendable(() => undefined, kind, '', 0));
    Object.defineProperty(fnProto, 'prototype', { value: proto, writable: false, enumerable: false, configurable: true });
    Object.defineProperty(proto, 'constructor', { value: fnProto, writable: false, enumerable: false, configurable: true });
  }

  // ---- timers -------------------------------------------------------------------------------
  const timerClass = (() => {
    const tp = Object.create(intr.ObjectPrototype);
    const ctor = native('Timeout', 0, () => rt.throwError('TypeError', 'Illegal constructor'));
    define(tp, 'constructor', ctor);
    define(ctor, 'prototype', tp);
    // An unref'd timer does not keep the process alive (the loop ends when only such timers remain).
    for (const m of ['ref', 'unref']) {
      define(
        tp,
        m,
        native(m, 0, (t) => {
          const timer = TimerSlot.get<Timer>(t);
          if (timer) timer.unref = m === 'unref';
          return t;
        }),
      );
    }
    define(tp, 'hasRef', native('hasRef', 0, (t) => !TimerSlot.get<Timer>(t)?.unref));
    define(
      tp,
      'refresh',
      native('refresh', 0, (t) => {
        const timer = TimerSlot.get<Timer>(t);
        if (timer && !timer.cleared) {
          loop.clearTimer(timer);
          const again = loop.addTimer({ ...timer, handle: t });
          TimerSlot.set(t, again);
        }
        return t;
      }),
    );
    define(tp, Symbol.toPrimitive, native('[Symbol.toPrimitive]', 0, (t) => TimerSlot.get<Timer>(t)?.id ?? NaN));
    return tp;
  })();
  const byId = new Map<number, Timer>();
  let browserTimerIds = 0;
  const callbackName = (f: any) => {
    const c = rt.closureOf(f);
    if (!c) return typeof f === 'function' ? f.name || 'callback' : 'callback';
    return c.template.name || `callback (line ${c.template.line})`;
  };
  const makeTimer = (source: 'setTimeout' | 'setInterval', args: any[]) => {
    let callback = args[0];
    const rawDelay = args[1];
    const rest = hostList(args, 2);
    // The browser compiles a string handler when the timer fires; Node rejects it (ERR_INVALID_ARG_TYPE).
    if (!isNode && typeof callback !== 'function') callback = fromStrings.stringCallback(`${callback}`);
    if (typeof callback !== 'function') {
      if (isNode) {
        const err = rt.makeError('TypeError', `The "callback" argument must be of type function. Received ${describeReceived(callback)}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      rt.throwError('TypeError', `Failed to execute '${source}' on 'Window': parameter 1 is not of type 'Function'.`);
    }
    let delay = Number(rawDelay);
    if (isNode) {
      if (!(delay >= 1 && delay <= TIMEOUT_MAX)) delay = 1;
    } else {
      // WebIDL `long`: ToInt32 (truncated toward zero, modulo 2^32), then negative → 0, as Chromium.
      delay = delay | 0;
      if (delay < 0) delay = 0;
      if (loop.timerNesting > 5 && delay < 4) delay = 4;
    }
    const node = rt.callNode;
    const timer = loop.addTimer({
      delay,
      callback,
      args: rest,
      repeat: source === 'setInterval',
      source,
      node,
      label: `${source} ${isNode && rawDelay === undefined ? 0 : isNode ? Number(rawDelay) || 0 : delay} ms → ${callbackName(callback)}`,
      host: null,
      nesting: loop.timerNesting,
      requestedDelay: !isNode ? delay : Number.isFinite(Number(rawDelay)) && Number(rawDelay) >= 0 ? Number(rawDelay) : 0,
      handle: undefined,
    });
    // Browser: handles 1, 2, 3, ... per document (setTimeout and setInterval share them), as Chromium.
    const browserHandle = isNode ? 0 : ++browserTimerIds;
    byId.set(isNode ? timer.id : browserHandle, timer);
    if (isNode) {
      const handle = Object.create(timerClass);
      TimerSlot.set(handle, timer);
      timer.handle = handle;
      return handle;
    }
    timer.handle = browserHandle;
    return browserHandle;
  };
  const clear = (name: string) =>
    native(name, 1, (_t, { 0: h }) => {
      let timer: Timer | undefined;
      if (typeof h === 'object' && h !== null) timer = TimerSlot.get<Timer>(h);
      else if (typeof h === 'number' || typeof h === 'string') timer = byId.get(Number(h));
      if (timer && (timer as any).source) {
        if (timer.source !== 'fetch') loop.clearTimer(timer);
      } else if (h && typeof h === 'object') {
        const job = ImmediateSlot.get<any>(h);
        if (job && job.queue === 'immediate') loop.cancelImmediate(job);
      }
      return undefined;
    });
  define(g, 'setTimeout', native('setTimeout', 2, (_t, args) => makeTimer('setTimeout', args)));
  define(g, 'setInterval', native('setInterval', 2, (_t, args) => makeTimer('setInterval', args)));
  define(g, 'clearTimeout', clear('clearTimeout'));
  define(g, 'clearInterval', clear('clearInterval'));
  define(
    g,
    'queueMicrotask',
    native('queueMicrotask', 1, (_t, { 0: cb }) => {
      if (typeof cb !== 'function') {
        const err = rt.makeError('TypeError', `The "callback" argument must be of type function. Received ${describeReceived(cb)}`);
        if (isNode) err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      loop.enqueueMicrotask(() => rt.call(cb, undefined, []), 'queueMicrotask', `queueMicrotask → ${callbackName(cb)}`, rt.callNode, rt.closureOf(cb)?.template.line, null, rt.closureOf(cb)?.template.node);
      if (rt.trace) traceCallbackScope(rt, loop.lastJobId, cb);
      return undefined;
    }),
  );

  if (isNode) {
    const immediateProto = Object.create(intr.ObjectPrototype);
    const immCtor = native('Immediate', 0, () => rt.throwError('TypeError', 'Illegal constructor'));
    define(immediateProto, 'constructor', immCtor);
    for (const m of ['ref', 'unref']) define(immediateProto, m, native(m, 0, (t) => t));
    define(immediateProto, 'hasRef', native('hasRef', 0, () => true));
    define(
      g,
      'setImmediate',
      native('setImmediate', 1, (_t, args) => {
        const cb = args[0];
        const rest = hostList(args, 1);
        if (typeof cb !== 'function') {
          const err = rt.makeError('TypeError', `The "callback" argument must be of type function. Received ${describeReceived(cb)}`);
          err.code = 'ERR_INVALID_ARG_TYPE';
          throw err;
        }
        const job = loop.enqueueImmediate(() => rt.call(cb, undefined, rest), `setImmediate → ${callbackName(cb)}`, rt.callNode, rt.closureOf(cb)?.template.line, rt.closureOf(cb)?.template.node);
        if (rt.trace) traceCallbackScope(rt, job.id, cb);
        const handle = Object.create(immediateProto);
        ImmediateSlot.set(handle, job);
        return handle;
      }),
    );
    define(g, 'clearImmediate', clear('clearImmediate'));

    // ---- process -------------------------------------------------------------------------
    const processObj = rt.newObject();
    // Node: Object.prototype.toString.call(process) is '[object process]' (libraries detect Node by it).
    Object.defineProperty(processObj, Symbol.toStringTag, { value: 'process', writable: true, enumerable: false, configurable: false });
    define(
      processObj,
      'nextTick',
      native('nextTick', 1, (_t, args) => {
        const cb = args[0];
        const rest = hostList(args, 1);
        if (typeof cb !== 'function') {
          const err = rt.makeError('TypeError', `The "callback" argument must be of type function. Received ${describeReceived(cb)}`);
          err.code = 'ERR_INVALID_ARG_TYPE';
          throw err;
        }
        loop.enqueueNextTick(() => rt.call(cb, undefined, rest), `process.nextTick → ${callbackName(cb)}`, rt.callNode, rt.closureOf(cb)?.template.line, rt.closureOf(cb)?.template.node);
        if (rt.trace) traceCallbackScope(rt, loop.lastJobId, cb);
        return undefined;
      }),
      true,
    );
    const exitSignal = new ProcessExit(0, 'exit');
    define(
      processObj,
      'exit',
      native('exit', 1, (_t, { 0: code }) => {
        // process.exit() without a code exits with process.exitCode (Node: `code ?? process.exitCode ?? 0`).
        const set = code === undefined || code === null ? rt.get(processObj, 'exitCode') : code;
        const exitCode = set === undefined || set === null ? 0 : Number(set) | 0;
        // Preallocated: exiting with the host stack nearly full must not become a host RangeError
        // that a guest catch would see instead of the exit.
        exitSignal.code = exitCode;
        exitSignal.node = rt.callNode;
        throw exitSignal;
      }),
      true,
    );
    define(
      processObj,
      'on',
      native('on', 2, (t, { 0: event, 1: listener }) => {
        if ((event === 'unhandledRejection' || event === 'uncaughtException') && typeof listener === 'function') loop.processListeners[event as 'unhandledRejection'].push(listener);
        if ((event === 'beforeExit' || event === 'exit') && typeof listener === 'function') loop.processListeners[event as 'exit'].push({ fn: listener, once: false });
        if (event === 'warning' && typeof listener === 'function') warningListeners.push(listener);
        return t;
      }),
      true,
    );
    define(
      processObj,
      'once',
      native('once', 2, (t, { 0: event, 1: listener }) => {
        if ((event === 'beforeExit' || event === 'exit') && typeof listener === 'function') loop.processListeners[event as 'exit'].push({ fn: listener, once: true });
        else if ((event === 'unhandledRejection' || event === 'uncaughtException') && typeof listener === 'function') loop.processListeners[event as 'unhandledRejection'].push(listener);
        return t;
      }),
      true,
    );
    define(processObj, 'env', rt.newObject(), true);
    define(processObj, 'argv', rt.newArray(['/usr/local/bin/node', rt.fileName.startsWith('/') ? rt.fileName : '/simulated/' + rt.fileName]), true);
    define(processObj, 'platform', 'linux', true);
    define(processObj, 'version', process.version, true);
    const versions = rt.newObject();
    versions.node = process.versions.node;
    define(processObj, 'versions', versions, true);
    define(processObj, 'pid', 1, true);
    define(processObj, 'exitCode', undefined, true);
    // process.emitWarning (lib/internal/process/warning.js): a Warning error emitted as 'warning' on
    // the next tick; the default listener prints `(node:PID) [code] Name: message` on stderr, the
    // first one with the --trace hint.
    let warningHintShown = false;
    const emitWarning = (warning: any) => {
      loop.enqueueNextTick(
        () => {
          for (const l of warningListeners.slice()) rt.call(l, processObj, [warning]);
          const name = String(rt.get(warning, 'name'));
          if (name === 'DeprecationWarning' && rt.get(processObj, 'noDeprecation')) return;
          const code = rt.get(warning, 'code');
          const toStr = rt.get(warning, 'toString');
          let msg = `(node:1) ${code ? `[${String(code)}] ` : ''}${typeof toStr === 'function' ? String(rt.call(toStr, warning, [])) : name}`;
          const detail = rt.get(warning, 'detail');
          if (typeof detail === 'string') msg += `\n${detail}`;
          if (!warningHintShown) {
            msg += `\n(Use \`node ${name === 'DeprecationWarning' ? '--trace-deprecation' : '--trace-warnings'} ...\` to show where the warning was created)`;
            warningHintShown = true;
          }
          emit('warn', 'stderr', msg);
        },
        'process.emitWarning',
        rt.callNode,
      );
    };
    const warningListeners: any[] = [];
    rt.emitProcessWarning = (message: string, type: string, code: string) => {
      const w = rt.makeError('Error', message);
      w.name = type;
      w.code = code;
      emitWarning(w);
    };
    define(
      processObj,
      'emitWarning',
      native('emitWarning', 4, (_t, { 0: warning, 1: typeOrOptions, 2: codeArg }) => {
        let type = typeOrOptions;
        let code = codeArg;
        let detail: any;
        if (typeOrOptions !== null && typeof typeOrOptions === 'object') {
          type = rt.get(typeOrOptions, 'type') ?? 'Warning';
          code = rt.get(typeOrOptions, 'code');
          detail = rt.get(typeOrOptions, 'detail');
        }
        if (type === undefined) type = 'Warning';
        if (typeof warning === 'string') {
          const w = rt.makeError('Error', warning);
          w.name = String(type);
          if (code !== undefined) w.code = code;
          if (detail !== undefined) w.detail = detail;
          warning = w;
        } else if (!(warning instanceof (rt.intr.Error as any))) {
          const err = rt.makeError('TypeError', `The "warning" argument must be of type string or an instance of Error. Received ${describeReceived(warning)}`);
          err.code = 'ERR_INVALID_ARG_TYPE';
          throw err;
        }
        emitWarning(warning);
        return undefined;
      }),
      true,
    );
    define(processObj, 'cwd', native('cwd', 0, () => '/simulated'), true);
    define(processObj, 'uptime', native('uptime', 0, () => loop.clock / 1000), true);
    define(
      processObj,
      'hrtime',
      native('hrtime', 1, () => {
        const ns = loop.clock * 1e6;
        return rt.newArray([Math.floor(ns / 1e9), ns % 1e9]);
      }),
      true,
    );
    define(processObj.hrtime, 'bigint', native('bigint', 0, () => BigInt(Math.round(loop.clock * 1e6))));
    define(processObj, 'memoryUsage', native('memoryUsage', 0, () => notAvailable('process.memoryUsage()')), true);
    const stdout = rt.newObject();
    define(
      stdout,
      'write',
      native('write', 1, (_t, { 0: s }) => {
        emitRaw('stdout', String(s));
        return true;
      }),
    );
    const stderr = rt.newObject();
    define(
      stderr,
      'write',
      native('write', 1, (_t, { 0: s }) => {
        emitRaw('stderr', String(s));
        return true;
      }),
    );
    define(processObj, 'stdout', stdout, true);
    define(processObj, 'stderr', stderr, true);
    define(g, 'process', processObj);
    define(g, 'global', g);
  } else {
    define(g, 'window', g);
    define(g, 'self', g);
  }

  // process.stdout.write: the text exactly as written (console events of method 'write' carry no
  // implied newline).
  function emitRaw(stream: 'stdout' | 'stderr', text: string) {
    emit('write', stream, text);
  }

  // ---- fetch (simulated I/O) -----------------------------------------------------------------
  define(
    g,
    'fetch',
    native('fetch', 1, (_t, { 0: input }) => {
      const url = String(input);
      const latency = opts.fetchLatencyByUrl[url] ?? opts.fetchLatency;
      const p = P.newPromise();
      const node = rt.callNode;
      loop.addTimer({
        delay: latency,
        callback: undefined,
        args: [],
        repeat: false,
        source: 'fetch',
        node,
        label: `fetch ${url} (${latency} ms)`,
        host: () => P.resolvePromise(p, makeResponse(url)),
        nesting: 0,
        handle: undefined,
      });
      return p;
    }),
  );
  const makeResponse = (url: string) => {
    const r = rt.newObject();
    r.ok = true;
    r.status = 200;
    r.statusText = 'OK';
    r.url = url;
    const body = `{"url":${JSON.stringify(url)},"simulated":true}`;
    define(r, 'json', native('json', 0, () => P.promiseResolve(intr.JSON.parse(body))));
    define(r, 'text', native('text', 0, () => P.promiseResolve(body)));
    return r;
  };

  // ---- clock and randomness ----------------------------------------------------------------
  const RealDate = intr.Date;
  const epoch = isNode ? VIRTUAL_EPOCH : BROWSER_EPOCH;
  const DateCtor: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      const now = epoch + loop.clock;
      if (newTarget === undefined) return new RealDate(now).toString();
      return Reflect.construct(RealDate, args.length === 0 ? [now] : args, newTarget === DateCtor ? RealDate : newTarget);
    },
    'Date',
    7,
  );
  DateCtor.prototype = RealDate.prototype;
  Object.defineProperty(DateCtor, 'prototype', { writable: false });
  define(RealDate.prototype, 'constructor', DateCtor);
  // Browser: Chromium's Date.now() at virtual 99.999 ms is 100 (and 16 at 16.667): floor after 1 µs (measured).
  const dateSkew = isNode ? 0 : 0.001;
  define(DateCtor, 'now', native('now', 0, () => epoch + Math.floor(loop.clock + dateSkew)));
  define(DateCtor, 'parse', RealDate.parse);
  define(DateCtor, 'UTC', RealDate.UTC);
  define(g, 'Date', DateCtor);
  const perf = rt.newObject();
  // Browser: as browser-truth's page, whose clock was moved 1000 s ahead before the program ran:
  // performance.now() is about 1000000 at t = 0 and timeOrigin 1699999000000 (its README).
  const perfOffset = isNode ? 0 : 1_000_000;
  define(perf, 'now', native('now', 0, () => loop.clock + perfOffset), true);
  define(perf, 'timeOrigin', epoch - perfOffset, true);
  define(g, 'performance', perf);
  let seed = opts.seed >>> 0;
  // mulberry32: deterministic, same sequence for the same seed (Math.random and crypto's randomness).
  rt.random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const nextRandom = rt.random;
  define(intr.Math, 'random', native('random', 0, () => nextRandom()));

  // Error.captureStackTrace(obj): the guest's frames, never the host's.
  define(
    intr.Error,
    'captureStackTrace',
    native('captureStackTrace', 2, (_t, { 0: obj }) => {
      if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) rt.throwError('TypeError', 'Invalid argument');
      rt.setGuestStack(obj);
      return undefined;
    }),
  );

  // ---- what the simulation does not do ---------------------------------------------------------
  function notAvailable(what: string): never {
    opts.onNotAvailable(what, rt.callNode ?? rt.currentNode);
    rt.throwError('Error', `${what} is not available in the simulation: Event Loop Lens never runs your code for real`);
  }
  const fromStrings = installCodeFromStrings(rt);
  // Host APIs the simulation does not model: present (typeof is 'function', as in Node), but
  // calling or constructing them is a clear "not available" error with a diagnostic on the call.
  const streams = ['ReadableStream', 'WritableStream', 'TransformStream', 'CompressionStream', 'DecompressionStream', 'File', 'PerformanceObserver'];
  const browserOnly = ['XMLHttpRequest', 'ResizeObserver', 'IntersectionObserver', 'Worker', 'SharedWorker', 'FileReader', 'Image', 'EventSource'];
  // (Node 20 has no WebSocket; Node 22+ and the browser do.)
  const webSocket = !isNode || runsOnNode24(rt) ? ['WebSocket'] : [];
  for (const name of ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'Blob', 'MessageChannel', 'BroadcastChannel', ...webSocket, 'Headers', 'Request', 'Response', 'FormData', ...streams, ...(isNode ? ['Buffer'] : browserOnly)]) {
    define(g, name, rt.realm.helpers.nativeCtor(() => notAvailable(name), name, 0));
  }
  // performance's user timing, on the virtual clock (performanceEntries.ts); in the browser profile
  // present, not simulated.
  let cloneNative: any = null;
  const userTiming = isNode
    ? installUserTiming(rt, native, perf, () => loop.clock + perfOffset, (v: any) => rt.call(cloneNative, undefined, [v]), (message, name) => {
        const D = abortApiOf(rt, native, g).DOMException;
        return rt.construct(D, [message, name], D);
      })
    : null;
  if (!isNode) {
    for (const name of ['mark', 'measure', 'getEntries', 'getEntriesByName', 'getEntriesByType', 'clearMarks', 'clearMeasures']) {
      define(perf, name, native(name, name === 'measure' || name === 'getEntriesByName' ? 1 : 0, () => notAvailable(`performance.${name}()`)), true);
    }
  }
  // Made on first use (an accessor that turns itself into the data property Node has), so an
  // analysis that never touches them does not pay for building them.
  const lazyGlobal = (name: string, make: () => any) => {
    const settle = (v: any) => Object.defineProperty(g, name, { value: v, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(g, name, {
      get: native(`get ${name}`, 0, () => {
        const v = make();
        settle(v);
        return v;
      }),
      set: native(`set ${name}`, 1, (_t, { 0: v }) => void settle(v)),
      enumerable: false,
      configurable: true,
    });
  };
  // URL and URLSearchParams are simulated (urlModule.ts): string functions of the host's WHATWG URL.
  lazyGlobal('URL', () => urlApiOf(rt, native).URL);
  lazyGlobal('URLSearchParams', () => urlApiOf(rt, native).URLSearchParams);
  if (isNode) {
    // Node's EventTarget, Event, CustomEvent, MessageEvent, AbortController, AbortSignal, DOMException (abortModule.ts).
    for (const name of ['EventTarget', 'Event', 'CustomEvent', 'MessageEvent', 'AbortController', 'AbortSignal', 'DOMException'] as const) lazyGlobal(name, () => abortApiOf(rt, native, g)[name]);
    // MessageChannel and MessagePort on the poll phase (messagePorts.ts).
    for (const name of ['MessageChannel', 'MessagePort'] as const) lazyGlobal(name, () => nodeMessagingOf(rt, native, g, opts.onDiagnostic)[name]);
    for (const name of ['PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure'] as const) lazyGlobal(name, () => userTiming!()[name]);
    rt.userTiming = userTiming;
    // TextEncoder and TextDecoder, computed with the host's coders (textCoding.ts).
    for (const name of ['TextEncoder', 'TextDecoder'] as const) lazyGlobal(name, () => textCodingOf(rt, native)[name]);
    // Buffer: the host's Buffer methods on host views of realm bytes (bufferModule.ts).
    lazyGlobal('Buffer', () => bufferApiOf(rt, native).Buffer);
  }
  const regexpGetter = (k: string) => Object.getOwnPropertyDescriptor(intr.RegExp.prototype, k)!.get!;
  const cloneIntrinsics = {
    mapEntries: intr.Map.prototype.entries,
    mapSet: intr.Map.prototype.set,
    mapIteratorNext: Object.getPrototypeOf(new intr.Map().entries()).next,
    setValues: intr.Set.prototype.values,
    setAdd: intr.Set.prototype.add,
    setIteratorNext: Object.getPrototypeOf(new intr.Set().values()).next,
    getTime: RealDate.prototype.getTime,
    source: regexpGetter('source'),
    flags: regexpGetter('flags'),
  };
  define(
    g,
    'structuredClone',
    native('structuredClone', 1, (_t, { 0: value }) => {
      // The structured clone algorithm for the data types a program prints: realm objects out. Like
      // the real one it reads internal slots, not the guest's (patchable) iterators, setters or methods.
      const seen = new Map<any, any>();
      const clone = (v: any): any => {
        workTick(rt); // limits.ts: host work, so the deadline is checked here
        if ((typeof v !== 'object' && typeof v !== 'function') || v === null) {
          if (typeof v === 'symbol') throw dataCloneError(`${String(v)} could not be cloned.`);
          return v;
        }
        if (seen.has(v)) return seen.get(v);
        const binary = cloneBinary(rt, v); // ArrayBuffers and typed arrays: copied inside the ArrayBuffer budget
        if (binary !== undefined) {
          seen.set(v, binary);
          return binary;
        }
        if (typeof v === 'function') throw dataCloneError(`${rt.closureOf(v) ? rt.source.slice(rt.closureOf(v)!.template.node.start, rt.closureOf(v)!.template.node.end) : `function ${v.name}() { [native code] }`} could not be cloned.`);
        let out: any;
        if (Array.isArray(v)) {
          out = rt.newArray([]);
          seen.set(v, out);
          for (let i = 0; i < v.length; i++) putData(out, i, clone(v[i]));
        } else if (util.types.isMap(v)) {
          out = new intr.Map();
          seen.set(v, out);
          for (const [k, x] of realmIterate(cloneIntrinsics.mapEntries, v)) Reflect.apply(cloneIntrinsics.mapSet, out, [clone(k), clone(x)]);
        } else if (util.types.isSet(v)) {
          out = new intr.Set();
          seen.set(v, out);
          for (const x of realmIterate(cloneIntrinsics.setValues, v)) Reflect.apply(cloneIntrinsics.setAdd, out, [clone(x)]);
        } else if (util.types.isDate(v)) {
          out = new RealDate(Reflect.apply(cloneIntrinsics.getTime, v, []));
        } else if (util.types.isRegExp(v)) {
          out = new intr.RegExp(Reflect.apply(cloneIntrinsics.source, v, []), Reflect.apply(cloneIntrinsics.flags, v, []));
        } else if (util.types.isNativeError(v)) {
          const ctor = ['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'].includes(v.name) ? v.name : 'Error';
          out = new (intr as any)[ctor](v.message);
          seen.set(v, out);
          Object.defineProperty(out, 'stack', { value: v.stack, writable: true, configurable: true, enumerable: false });
        } else if (hasHiddenState(v)) {
          throw dataCloneError(`#<${v.constructor?.name ?? 'Object'}> could not be cloned.`);
        } else {
          out = rt.newObject();
          seen.set(v, out);
          for (const k of Object.keys(v)) putData(out, k, clone(v[k]));
        }
        return out;
      };
      return clone(value);
    }),
  );
  cloneNative = g.structuredClone;
  // CreateDataProperty (no setter the guest put on a prototype runs) and the realm built-ins
  // structuredClone uses, captured before the guest can patch them.
  function putData(o: any, k: string | number, v: any): void {
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  function* realmIterate(method: Function, v: any): Generator<any> {
    const it = Reflect.apply(method, v, []);
    const next = method === cloneIntrinsics.mapEntries ? cloneIntrinsics.mapIteratorNext : cloneIntrinsics.setIteratorNext;
    for (let r: any = Reflect.apply(next, it, []); !r.done; r = Reflect.apply(next, it, [])) yield r.value;
  }
  function dataCloneError(message: string): any {
    const e = rt.makeError('Error', message);
    Object.defineProperty(e, 'name', { value: 'DataCloneError', writable: true, configurable: true, enumerable: false });
    return e;
  }
  let utilModule: () => any = () => undefined;
  if (isNode) {
    const modules = makeModules(rt, g, native, notAvailable, () => nodeMessagingOf(rt, native, g, opts.onDiagnostic));
    utilModule = () => modules.get('util')!();
    define(
      g,
      'require',
      native('require', 1, (_t, { 0: name }) => {
        // events, timers, timers/promises and util are simulated; anything else is not available.
        const make = modules.get(String(name).replace(/^node:/, ''));
        return make ? make() : notAvailable(`require('${String(name)}')`);
      }),
    );
  }


  // console.table: Node 20's lib/internal/console/constructor.js `table` and lib/internal/cli_table.js
  // (left-aligned cells). Cells are util.inspect'ed on the host with custom inspection off; Maps and
  // Sets are read through the realm's captured iterators (a guest-patched iterator is not consulted).
  // Not modelled: Map/Set *iterators* as tabularData (Node previews their entries; here they are
  // tabulated as plain objects).
  function consoleTable(args: any[]): string | undefined {
    const data = args[0];
    const properties = args[1];
    if (properties !== undefined && !Array.isArray(properties)) {
      const err = rt.makeError('TypeError', `The "properties" argument must be an instance of Array. Received ${describeReceived(properties)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    if (data === null || typeof data !== 'object') return formatConsole(rt, [data]);
    const inspectCell = (v: any) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
      return util.inspect(v, { customInspect: false, depth, maxArrayLength: 3, breakLength: Infinity });
    };
    const indexArray = (n: number) => Array.from({ length: n }, (_, i) => inspectCell(i));
    if (util.types.isMap(data)) {
      const keys: string[] = [];
      const values: string[] = [];
      for (const [k, v] of realmIterate(cloneIntrinsics.mapEntries, data)) {
        workTick(rt);
        keys.push(inspectCell(k));
        values.push(inspectCell(v));
      }
      return renderTable(['(iteration index)', 'Key', 'Values'], [indexArray(keys.length), keys, values]);
    }
    if (util.types.isSet(data)) {
      const values: string[] = [];
      for (const v of realmIterate(cloneIntrinsics.setValues, data)) {
        workTick(rt);
        values.push(inspectCell(v));
      }
      return renderTable(['(iteration index)', 'Values'], [indexArray(values.length), values]);
    }
    const columns = new Map<string, string[]>();
    let hasPrimitives = false;
    const primitiveValues: string[] = [];
    const index = Object.keys(data);
    const props = properties === undefined ? undefined : Array.from({ length: properties.length }, (_, i) => properties[i]);
    for (let i = 0; i < index.length; i++) {
      workTick(rt);
      const item = data[index[i]];
      const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
      if (props === undefined && primitive) {
        hasPrimitives = true;
        primitiveValues[i] = inspectCell(item);
      } else {
        const keys = props ?? Object.keys(item);
        for (const key of keys) {
          const name = String(key);
          let col = columns.get(name);
          if (!col) columns.set(name, (col = []));
          col[i] = (primitive && props) || !Object.prototype.hasOwnProperty.call(item, key) ? '' : inspectCell(item[key]);
        }
      }
    }
    const head = ['(index)', ...columns.keys()];
    const cols = [index, ...columns.values()];
    if (hasPrimitives) {
      head.push('Values');
      cols.push(primitiveValues);
    }
    return renderTable(head, cols);
  }

  // ---- the global object prints as Node's (and a browser's) ------------------------------------
  // Node's global is `Object [global]` and shows its enumerable own properties, in this order:
  //   <ref *1> Object [global] { global: [Circular *1], clearImmediate: ..., crypto: [Getter] }
  // atob/btoa/performance are lazy accessor pairs there, crypto a getter; setTimeout and
  // setImmediate carry util.promisify.custom getters. Everything else on it stays non-enumerable.
  // A setter replaces the accessor with a data property (atob, btoa), or keeps it and makes the
  // getter return the new value (performance), as Node's do.
  const accessor = (name: string, get: () => any, setter: 'replace' | 'store' | undefined) => {
    let stored: { v: any } | undefined;
    Object.defineProperty(g, name, {
      get: native(`get ${name}`, 0, () => (stored ? stored.v : get())),
      set:
        setter &&
        native(`set ${name}`, 1, (_t, { 0: v }) => {
          if (setter === 'store') stored = { v };
          else Object.defineProperty(g, name, { value: v, writable: true, enumerable: true, configurable: true });
          return undefined;
        }),
      enumerable: true,
      configurable: true,
    });
  };
  const makeBase64 = () => {
    const btoa = native('btoa', 1, (_t, args) => {
      if (args.length === 0) base64Error('TypeError', 'The "input" argument must be specified', 'ERR_MISSING_ARGS');
      const s = String(args[0]);
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) base64Error('InvalidCharacterError', 'Invalid character');
      return Buffer.from(s, 'latin1').toString('base64');
    });
    const atob = native('atob', 1, (_t, args) => {
      if (args.length === 0) base64Error('TypeError', 'The "input" argument must be specified', 'ERR_MISSING_ARGS');
      let s = String(args[0]).replace(/[\t\n\f\r ]/g, '');
      if (s.length % 4 === 0) s = s.replace(/==?$/, '');
      if (/[^A-Za-z0-9+/]/.test(s)) base64Error('InvalidCharacterError', 'Invalid character');
      if (s.length % 4 === 1) base64Error('InvalidCharacterError', 'The string to be decoded is not correctly encoded.');
      return Buffer.from(s, 'base64').toString('latin1');
    });
    return { atob, btoa };
  };
  function base64Error(name: string, message: string, code?: string): never {
    const e = rt.makeError(name === 'TypeError' ? 'TypeError' : 'Error', message);
    if (code) e.code = code;
    else {
      // A DOMException in Node; here an Error with its name and code.
      Object.defineProperty(e, 'name', { value: name, writable: true, configurable: true, enumerable: false });
      e.code = 5;
    }
    throw e;
  }
  if (isNode) {
    const base64 = makeBase64();
    const perfObj = g.performance;
    let cryptoObj: any;
    const nodeOrder = ['global', 'clearImmediate', 'setImmediate', 'clearInterval', 'clearTimeout', 'setInterval', 'setTimeout', 'queueMicrotask', 'structuredClone', 'atob', 'btoa', 'performance', 'fetch', 'crypto'];
    for (const name of nodeOrder) {
      const d = Object.getOwnPropertyDescriptor(g, name);
      delete g[name];
      if (name === 'atob' || name === 'btoa') accessor(name, () => base64[name], 'replace');
      else if (name === 'performance') accessor(name, () => perfObj, 'store');
      else if (name === 'crypto')
        accessor(
          name,
          () => {
            // Node's webcrypto: getRandomValues and randomUUID from the seeded generator (cryptoModule.ts).
            if (!cryptoObj) cryptoObj = cryptoApiOf(rt, native, g).webcrypto;
            return cryptoObj;
          },
          undefined,
        );
      else if (d) Object.defineProperty(g, name, { ...d, enumerable: true });
    }
    const originalTimers: Record<string, any> = { setTimeout: g.setTimeout, setImmediate: g.setImmediate };
    for (const name of ['setTimeout', 'setImmediate']) {
      Object.defineProperty(originalTimers[name], Symbol.for('nodejs.util.promisify.custom'), {
        get: native('get', 0, () => rt.call(rt.get(utilModule(), 'promisify'), undefined, [originalTimers[name]])),
        enumerable: true,
        configurable: true,
      });
    }
    Object.defineProperty(g, Symbol.toStringTag, { value: 'global', writable: false, enumerable: false, configurable: true });
  } else {
    // The browser profile: a `Window` (there is no Node ground truth for a browser console's text;
    // kept simple). The global's prototype is Window.prototype (→ Object.prototype; the real chain
    // has WindowProperties and EventTarget.prototype in between), so `window instanceof Window` holds
    // and console.log(window) prints `<ref *1> Window { window: [Circular *1], self: ..., ... }`
    // with the enumerable own properties: as in browsers, the Window's own operations and
    // attributes are enumerable, the console namespace and the ECMAScript built-ins are not.
    const windowProto = Object.create(intr.ObjectPrototype);
    const WindowCtor = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'Window', 0);
    Object.defineProperty(WindowCtor, 'prototype', { value: windowProto, writable: false, enumerable: false, configurable: false });
    define(windowProto, 'constructor', WindowCtor);
    Object.defineProperty(windowProto, Symbol.toStringTag, { value: 'Window', writable: false, enumerable: false, configurable: true });
    Object.setPrototypeOf(g, windowProto);
    define(g, 'Window', WindowCtor);
    for (const name of ['window', 'self', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone', 'fetch', 'performance']) {
      const d = Object.getOwnPropertyDescriptor(g, name);
      if (!d) continue;
      delete g[name];
      Object.defineProperty(g, name, { ...d, enumerable: true });
    }
    if (opts.browser) browserFormat = installBrowser(rt, loop, P, { ...opts.browser, fetchLatency: opts.fetchLatency, fetchLatencyByUrl: opts.fetchLatencyByUrl }, define).format;
  }
  return { loop };
}

// lib/internal/cli_table.js (Node 20), with util's getStringWidth for the cell widths.
function renderTable(head: string[], columns: string[][]): string {
  const rows: string[][] = [];
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = (rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '');
      widths[i] = Math.max(widths[i] || 0, stringWidth(value));
    }
  }
  const renderRow = (row: string[]) => '│ ' + row.map((cell, i) => cell + ' '.repeat(widths[i] - stringWidth(cell))).join(' │ ') + ' │';
  const divider = widths.map((w) => '─'.repeat(w + 2));
  let out = '┌' + divider.join('┬') + '┐\n' + renderRow(head) + '\n' + '├' + divider.join('┼') + '┤\n';
  for (const row of rows) out += renderRow(row) + '\n';
  return out + '└' + divider.join('┴') + '┘';
}

/** util's getStringWidth without ICU: full-width code points count 2, zero-width ones 0. */
function stringWidth(str: string): number {
  str = util.stripVTControlCharacters(str).normalize('NFC');
  let width = 0;
  for (const ch of str) {
    const code = ch.codePointAt(0)!;
    if (isFullWidth(code)) width += 2;
    else if (!isZeroWidth(code)) width++;
  }
  return width;
}
function isFullWidth(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}
function isZeroWidth(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xfe20 && code <= 0xfe2f) || (code >= 0xe0100 && code <= 0xe01ef);
}

/** Node's "Received …" of ERR_INVALID_ARG_TYPE: an object by its constructor's name (read as Node reads it). */
export function describeReceived(v: any): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') {
    const name = v.constructor?.name;
    return `an instance of ${typeof name === 'string' && name ? name : 'Object'}`;
  }
  if (typeof v === 'string') return `type string ('${v.length > 28 ? v.slice(0, 25) + '...' : v}')`;
  return `type ${typeof v} (${String(v)})`;
}

/**
 * A host copy of a realm argument list from `from` on, read by index: host destructuring or
 * spreading of a realm array would call the guest-replaceable Array.prototype[Symbol.iterator].
 */
export function hostList(args: ArrayLike<any>, from = 0): any[] {
  const out: any[] = [];
  for (let i = from; i < args.length; i++) out.push(args[i]);
  return out;
}
