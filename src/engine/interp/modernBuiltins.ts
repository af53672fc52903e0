// Built-ins of the profiles newer than Node 20: TypeScript files (their ground truth is Node 24)
// and the browser profile (a current Chromium). Node 20, the ground truth of .js files, has none of
// them, and neither has the realm (Node 20's V8): each is the engine's own, as its spec says, with
// V8's messages. The promise ones go through the simulated promises (./promise.ts): a native one
// would settle on the host's microtask queue, outside the simulated event loop.
//   Promise.withResolvers (ES2024 27.2.4.8), Promise.try (ES2025 27.2.4.9),
//   Object.groupBy / Map.groupBy (ES2024 20.1.2.12, 24.1.2.1, GroupBy 7.3.35), Error.isError (ES2026),
//   Array.fromAsync (ES2026 23.1.2.2).
import { types as utilTypes } from 'util';
import type { Interpreter } from './runtime';
import type { Promises } from './promise';
import { toPropertyKey } from './expressions';
import { isConstructor } from './runtime';
import { asyncFromSyncResult } from './suspend';

/**
 * AsyncFunctionStart (27.7.5.1) for a built-in's async abstract closure written as a host
 * generator: each `yield v` is Await(v) (27.7.5.3: PromiseResolve(%Promise%, v), then
 * PerformPromiseThen with the resumption), its return resolves the capability, its throw rejects it.
 */
function startHostAsync(rt: Interpreter, P: Promises, promise: any, body: Generator<any, any, any>): void {
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

/** Does this analysis's runtime have the built-ins of this module? */
export function hasModernBuiltins(rt: Interpreter, runtime: string): boolean {
  return runtime === 'browser' || /\.[mc]?ts$/i.test(rt.fileName);
}

/** V8's text for a value it has no expression for ("number 1", 'string "a"', "object null", "object"). */
function typedText(v: unknown): string {
  if (v === null) return 'object null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  return typeof v;
}

/** V8's side-effect-free ToString of a value in "x is not a function" (no guest code runs). */
function plainText(v: unknown): string {
  if (typeof v === 'symbol') return v.toString();
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') return Array.isArray(v) ? 'object' : '#<Object>';
  return String(v);
}

export function installModernBuiltins(rt: Interpreter, P: Promises, PromiseCtor: any, runtime: string): void {
  const intr = rt.intr;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[]) => any) => rt.native(name, length, fn);
  const define = (o: any, name: string, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });

  // 27.2.4.8 Promise.withResolvers(): NewPromiseCapability(this), its three parts in a new object.
  define(PromiseCtor, 'withResolvers', native('withResolvers', 0, (C) => {
    if ((typeof C !== 'object' && typeof C !== 'function') || C === null) rt.throwError('TypeError', 'Promise.withResolvers called on non-object');
    const cap = P.newCapability(C);
    const fns = cap.own ? P.createResolvingFunctions(cap.promise) : { resolve: cap.resolve, reject: cap.reject };
    return rt.realm.membrane.record3('promise', cap.promise, 'resolve', fns.resolve, 'reject', fns.reject);
  }));

  // 27.2.4.9 Promise.try(callback, ...args): the callback's result resolves, its throw rejects.
  // Chromium (156) calls the callback before NewPromiseCapability and answers a result as
  // PromiseResolve(C, result) does (a promise of C itself, no thenable job); Node 24 as specified.
  const chromiumTry = runtime === 'browser';
  define(PromiseCtor, 'try', native('try', 1, (C, args) => {
    if ((typeof C !== 'object' && typeof C !== 'function') || C === null) rt.throwError('TypeError', 'Promise.try called on non-object');
    const cap = chromiumTry ? null : P.newCapability(C);
    const callback = args[0];
    let ok = true;
    let value: any;
    try {
      if (typeof callback !== 'function') rt.throwError('TypeError', `${typedText(callback)} is not a function`);
      value = rt.call(callback, undefined, args.slice(1));
    } catch (e) {
      ok = false;
      value = rt.toGuest(e);
    }
    if (cap === null && ok) return P.promiseResolve(value, C);
    const settled = cap ?? P.newCapability(C);
    P.settle(settled, ok, value);
    return settled.promise;
  }));

  // 7.3.35 GroupBy(items, callback, keyCoercion): the groups in first-key order.
  const groupBy = (method: string, items: any, callback: any, property: boolean): { key: any; elements: any[] }[] => {
    if (items === null || items === undefined) rt.throwError('TypeError', `${method} called on null or undefined`);
    if (typeof callback !== 'function') rt.throwError('TypeError', `${plainText(callback)} is not a function`);
    const groups: { key: any; elements: any[] }[] = [];
    const byKey = new Map<any, { key: any; elements: any[] }>();
    // GetIterator(items, sync), with V8's message for a value that has no iterator.
    const iterMethod = rt.get(items, Symbol.iterator);
    if (typeof iterMethod !== 'function') rt.throwError('TypeError', `${typedText(items)} is not iterable (cannot read property Symbol(Symbol.iterator))`);
    const iterator = rt.call(iterMethod, items, []);
    if (typeof iterator !== 'object' || iterator === null) rt.throwError('TypeError', 'Result of the Symbol.iterator method is not an object');
    const rec = { iterator, next: rt.get(iterator, 'next') };
    for (let k = 0; ; k++) {
      const next = rt.iterStep(rec);
      if (next.done) return groups;
      const value = next.value;
      let key: any;
      try {
        key = rt.call(callback, undefined, [value, k]);
        if (property) key = toPropertyKey(key);
        else if (key === 0) key = 0; // -0 → +0
      } catch (e) {
        // IfAbruptCloseIterator: the callback's (or the key's) error wins over return()'s.
        const err = rt.toGuest(e);
        try { rt.iterClose(rec); } catch (closeErr) { rt.toGuest(closeErr); }
        throw err;
      }
      let group = byKey.get(key);
      if (!group) {
        group = { key, elements: [] };
        byKey.set(key, group);
        groups.push(group);
      }
      group.elements.push(value);
    }
  };
  // The realm's own Object.create and Map.prototype.set, as they are before any guest code runs.
  const objectCreate = intr.Object.create;
  define(intr.Object, 'groupBy', native('groupBy', 2, (_t, { 0: items, 1: callback }) => {
    const obj = Reflect.apply(objectCreate, intr.Object, [null]);
    for (const g of groupBy('Object.groupBy', items, callback, true)) Object.defineProperty(obj, g.key, { value: rt.newArray(g.elements), writable: true, enumerable: true, configurable: true });
    return obj;
  }));
  const mapSet = intr.Map.prototype.set;
  define(intr.Map, 'groupBy', native('groupBy', 2, (_t, { 0: items, 1: callback }) => {
    const map = new intr.Map();
    for (const g of groupBy('Map.groupBy', items, callback, false)) Reflect.apply(mapSet, map, [g.key, rt.newArray(g.elements)]);
    return map;
  }));

  // 23.1.2.2 Array.fromAsync(asyncItems [, mapfn [, thisArg]]): an async closure, so every error
  // (a bad mapfn, no iterator) rejects the promise rather than throwing.
  const setLength = (A: any, len: number) => rt.set(A, 'length', len, true);
  const createDataProperty = (A: any, k: number, v: any) => {
    if (!Reflect.defineProperty(A, String(k), { value: v, writable: true, enumerable: true, configurable: true })) rt.throwError('TypeError', `Cannot add property ${k}, object is not extensible`);
  };
  function* fromAsync(C: any, asyncItems: any, mapfn: any, thisArg: any): Generator<any, any, any> {
    const mapping = mapfn !== undefined;
    if (mapping && typeof mapfn !== 'function') rt.throwError('TypeError', `${plainText(mapfn)} is not a function`);
    // GetMethod(asyncItems, @@asyncIterator) of null or undefined: V8's property-read message.
    if (asyncItems === null || asyncItems === undefined) rt.throwError('TypeError', `Cannot read properties of ${String(asyncItems)} (reading 'Symbol(Symbol.asyncIterator)')`);
    const usingAsync = rt.get(asyncItems, Symbol.asyncIterator);
    const usingSync = usingAsync === undefined || usingAsync === null ? rt.get(asyncItems, Symbol.iterator) : undefined;
    if ((usingAsync !== undefined && usingAsync !== null) || (usingSync !== undefined && usingSync !== null)) {
      const isAsync = usingAsync !== undefined && usingAsync !== null;
      const method = isAsync ? usingAsync : usingSync;
      if (typeof method !== 'function') rt.throwError('TypeError', `${plainText(method)} is not a function`);
      const iterator = rt.call(method, asyncItems, []);
      if (typeof iterator !== 'object' || iterator === null) rt.throwError('TypeError', 'Result of the Symbol.iterator method is not an object');
      const rec = { iterator, next: rt.get(iterator, 'next') };
      const A = isConstructor(C) ? rt.construct(C, [], C) : rt.newArray([]);
      // IfAbruptCloseAsyncIterator: return() is called and awaited; the original error wins.
      const closeAfter = function* (err: any): Generator<any, never, any> {
        try {
          const ret = rt.get(rec.iterator, 'return');
          if (ret !== undefined && ret !== null) {
            const inner = rt.call(ret, rec.iterator, []);
            // CreateAsyncFromSyncIterator's return() gives a promise of the sync result.
            yield isAsync ? inner : asyncFromSyncResult(rt, { value: inner, done: true });
          }
        } catch (e) {
          rt.toGuest(e);
        }
        throw err;
      };
      for (let k = 0; ; k++) {
        // Call(next), Await: for a sync iterator, the async-from-sync wrapper's promise (27.1.6).
        const nextResult = isAsync ? yield rt.call(rec.next, rec.iterator, []) : yield asyncFromSyncResult(rt, rt.iterStep(rec));
        if (typeof nextResult !== 'object' || nextResult === null) rt.throwError('TypeError', `Iterator result ${typedText(nextResult)} is not an object`);
        if (rt.get(nextResult, 'done')) {
          setLength(A, k);
          return A;
        }
        const nextValue = rt.get(nextResult, 'value');
        let mapped: any = nextValue;
        if (mapping) {
          try {
            mapped = yield rt.call(mapfn, thisArg, [nextValue, k]);
          } catch (e) {
            return yield* closeAfter(rt.toGuest(e));
          }
        }
        try {
          createDataProperty(A, k, mapped);
        } catch (e) {
          return yield* closeAfter(rt.toGuest(e));
        }
      }
    }
    // An array-like: each element awaited in index order.
    const arrayLike = Object(asyncItems);
    const len = Math.min(Math.max(0, Math.trunc(Number(rt.get(arrayLike, 'length'))) || 0), 2 ** 53 - 1);
    if (!isConstructor(C) && len > 2 ** 32 - 1) rt.throwError('RangeError', 'Invalid array length');
    const A = isConstructor(C) ? rt.construct(C, [len], C) : rt.newArray([]);
    for (let k = 0; k < len; k++) {
      const kValue = yield rt.get(arrayLike, String(k));
      const mapped = mapping ? yield rt.call(mapfn, thisArg, [kValue, k]) : kValue;
      createDataProperty(A, k, mapped);
    }
    setLength(A, len);
    return A;
  }
  define(intr.Array, 'fromAsync', native('fromAsync', 1, (C, { 0: asyncItems, 1: mapfn, 2: thisArg }) => {
    const promise = P.newPromise();
    startHostAsync(rt, P, promise, fromAsync(C, asyncItems, mapfn, thisArg));
    return promise;
  }));

  // Error.isError(arg): has arg an [[ErrorData]] slot (a Proxy has not)?
  define(intr.Error, 'isError', native('isError', 1, (_t, { 0: arg }) => utilTypes.isNativeError(arg)));
}
