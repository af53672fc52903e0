// Built-ins of the profiles newer than Node 20: TypeScript files (their ground truth is Node 24)
// and the browser profile (a current Chromium). Node 20, the ground truth of .js files, has none of
// them, and neither has the realm (Node 20's V8): each is the engine's own, as its spec says, with
// V8's messages. The promise ones go through the simulated promises (./promise.ts): a native one
// would settle on the host's microtask queue, outside the simulated event loop.
//   Promise.withResolvers (ES2024 27.2.4.8), Promise.try (ES2025 27.2.4.9),
//   Object.groupBy / Map.groupBy (ES2024 20.1.2.12, 24.1.2.1, GroupBy 7.3.35), Error.isError (ES2026),
//   Array.fromAsync (ES2026 23.1.2.2), the Set methods (ES2025 24.2.4: union, intersection, …),
//   the iterator helpers (ES2025 27.1.3-27.1.4, ./iteratorHelpers.ts), RegExp.escape (ES2025 22.2.5.1).
import { types as utilTypes } from 'util';
import type { Interpreter } from './runtime';
import { startHostAsync, type Promises } from './promise';
import { toPropertyKey } from './expressions';
import { isConstructor, runsOnNode24, typedText } from './runtime';
import { asyncFromSyncResult, receiverText } from './suspend';
import { installIteratorHelpers } from './iteratorHelpers';
import { installDisposal } from './disposal';

/** Does this analysis's runtime have the built-ins of this module? */
export function hasModernBuiltins(rt: Interpreter, runtime: string): boolean {
  return runtime === 'browser' || runsOnNode24(rt);
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
    if (typeof callback !== 'function') rt.throwError('TypeError', `${receiverText(callback)} is not a function`);
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
    if (mapping && typeof mapfn !== 'function') rt.throwError('TypeError', `${receiverText(mapfn)} is not a function`);
    // GetMethod(asyncItems, @@asyncIterator) of null or undefined: V8's property-read message.
    if (asyncItems === null || asyncItems === undefined) rt.throwError('TypeError', `Cannot read properties of ${String(asyncItems)} (reading 'Symbol(Symbol.asyncIterator)')`);
    const usingAsync = rt.get(asyncItems, Symbol.asyncIterator);
    const usingSync = usingAsync === undefined || usingAsync === null ? rt.get(asyncItems, Symbol.iterator) : undefined;
    if ((usingAsync !== undefined && usingAsync !== null) || (usingSync !== undefined && usingSync !== null)) {
      const isAsync = usingAsync !== undefined && usingAsync !== null;
      const method = isAsync ? usingAsync : usingSync;
      if (typeof method !== 'function') rt.throwError('TypeError', `${receiverText(method)} is not a function`);
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

  installSetMethods(rt);
  installIteratorHelpers(rt);
  installDisposal(rt, P);
  define(intr.RegExp, 'escape', native('escape', 1, (_t, { 0: S }) => {
    if (typeof S !== 'string') rt.throwError('TypeError', 'input argument must be a string');
    return regExpEscape(S);
  }));

  // Error.isError(arg): has arg an [[ErrorData]] slot (a Proxy has not)?
  define(intr.Error, 'isError', native('isError', 1, (_t, { 0: arg }) => utilTypes.isNativeError(arg)));
}

/**
 * ES2025 24.2.4 Set.prototype.{union, intersection, difference, symmetricDifference, isSubsetOf,
 * isSupersetOf, isDisjointFrom}. The receiver's [[SetData]] is read and the result built with the
 * realm's own Set methods as they were before guest code ran (a guest's patched `add` is not
 * called, as V8 does not call it); the argument is used only through GetSetRecord's size, has and
 * keys, in the order the spec reads them. V8's messages.
 */
function installSetMethods(rt: Interpreter): void {
  const SetCtor = rt.intr.Set;
  const proto = SetCtor.prototype;
  const setAdd = proto.add, setHas = proto.has, setDelete = proto.delete, setValues = proto.values;
  const sizeGetter = Object.getOwnPropertyDescriptor(proto, 'size')!.get!;
  const setIteratorNext = Object.getPrototypeOf(Reflect.apply(setValues, new SetCtor(), [])).next;
  const add = (set: any, v: any) => Reflect.apply(setAdd, set, [v]);
  const has = (set: any, v: any): boolean => Reflect.apply(setHas, set, [v]);
  const remove = (set: any, v: any) => Reflect.apply(setDelete, set, [v]);
  const sizeOf = (set: any): number => Reflect.apply(sizeGetter, set, []);
  /** The receiver's elements, live: added ones are visited, deleted ones skipped (the spec's index walk). */
  function* elements(set: any): Generator<any> {
    const it = Reflect.apply(setValues, set, []);
    for (;;) {
      const r = Reflect.apply(setIteratorNext, it, []) as IteratorResult<unknown>;
      if (r.done) return;
      yield r.value;
    }
  }
  const copy = (set: any) => {
    const out = new SetCtor();
    for (const v of elements(set)) add(out, v);
    return out;
  };
  interface SetRecord { set: any; size: number; has: any; keys: any }
  const receiver = (name: string, o: any) => {
    if (!utilTypes.isSet(o)) rt.throwError('TypeError', `Method Set.prototype.${name} called on incompatible receiver ${receiverText(o)}`);
  };
  // 24.2.1.2 GetSetRecord(obj)
  const setRecord = (name: string, other: any): SetRecord => {
    if ((typeof other !== 'object' && typeof other !== 'function') || other === null) rt.throwError('TypeError', `Set.prototype.${name} argument must be an object`);
    const numSize = +rt.get(other, 'size');
    if (Number.isNaN(numSize)) rt.throwError('TypeError', 'The .size property is NaN');
    const intSize = Math.trunc(numSize);
    if (intSize < 0) rt.throwError('RangeError', `'${intSize}' is an invalid size`);
    const hasFn = rt.get(other, 'has');
    if (typeof hasFn !== 'function') rt.throwError('TypeError', 'string "has" is not a function');
    const keys = rt.get(other, 'keys');
    if (typeof keys !== 'function') rt.throwError('TypeError', 'string "keys" is not a function');
    return { set: other, size: intSize, has: hasFn, keys };
  };
  const otherHas = (r: SetRecord, v: any): boolean => !!rt.call(r.has, r.set, [v]);
  /** GetIteratorFromMethod(other, keys) stepped to its end; `visit` false stops (and closes) it. */
  const eachKey = (r: SetRecord, visit: (v: any) => boolean | void): void => {
    const iterator = rt.call(r.keys, r.set, []);
    if (typeof iterator !== 'object' || iterator === null) rt.throwError('TypeError', 'Result of the keys method is not an object');
    const rec = { iterator, next: rt.get(iterator, 'next') };
    for (;;) {
      const step = rt.iterStep(rec);
      if (rt.get(step, 'done')) return;
      let v = rt.get(step, 'value');
      if (v === 0) v = 0; // -0 → +0
      if (visit(v) === false) {
        rt.iterClose(rec);
        return;
      }
    }
  };
  const methods: Record<string, (o: any, other: any) => unknown> = {
    union(o, other) {
      const r = setRecord('union', other);
      const out = copy(o);
      eachKey(r, (v) => void add(out, v));
      return out;
    },
    intersection(o, other) {
      const r = setRecord('intersection', other);
      const out = new SetCtor();
      if (sizeOf(o) <= r.size) {
        for (const e of elements(o)) if (otherHas(r, e)) add(out, e);
      } else eachKey(r, (v) => void (has(o, v) && add(out, v)));
      return out;
    },
    difference(o, other) {
      const r = setRecord('difference', other);
      const out = copy(o);
      if (sizeOf(o) <= r.size) {
        for (const e of elements(o)) if (otherHas(r, e)) remove(out, e);
      } else eachKey(r, (v) => void remove(out, v));
      return out;
    },
    symmetricDifference(o, other) {
      const r = setRecord('symmetricDifference', other);
      const out = copy(o);
      eachKey(r, (v) => void (has(o, v) ? remove(out, v) : add(out, v)));
      return out;
    },
    isSubsetOf(o, other) {
      const r = setRecord('isSubsetOf', other);
      if (sizeOf(o) > r.size) return false;
      for (const e of elements(o)) if (!otherHas(r, e)) return false;
      return true;
    },
    isSupersetOf(o, other) {
      const r = setRecord('isSupersetOf', other);
      if (sizeOf(o) < r.size) return false;
      let all = true;
      eachKey(r, (v) => (has(o, v) ? undefined : (all = false)));
      return all;
    },
    isDisjointFrom(o, other) {
      const r = setRecord('isDisjointFrom', other);
      let none = true;
      if (sizeOf(o) <= r.size) {
        for (const e of elements(o)) if (otherHas(r, e)) return false;
      } else eachKey(r, (v) => (has(o, v) ? (none = false) : undefined));
      return none;
    },
  };
  const fns = new Map<string, any>();
  for (const [name, impl] of Object.entries(methods)) {
    fns.set(name, rt.native(name, 1, (o, args) => {
      receiver(name, o);
      return impl(o, args[0]);
    }));
  }
  // V8's own order of Set.prototype's keys, the new methods among the old.
  const order = ['constructor', 'has', 'add', 'delete', 'difference', 'clear', 'entries', 'forEach', 'intersection', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom', 'size', 'symmetricDifference', 'union', 'values', 'keys'];
  const descriptors = new Map<string, PropertyDescriptor>();
  for (const k of order) {
    const d = fns.has(k) ? { value: fns.get(k), writable: true, enumerable: false, configurable: true } : Object.getOwnPropertyDescriptor(proto, k);
    if (d) descriptors.set(k, d);
  }
  for (const k of order) if (!fns.has(k) && descriptors.has(k)) delete (proto as any)[k];
  for (const [k, d] of descriptors) Object.defineProperty(proto, k, d);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** WhiteSpace and LineTerminator code points (ECMA-262 12.2, 12.3) that RegExp.escape escapes. */
const SPACES = new Set([0x09, 0x0b, 0x0c, 0xfeff, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000, 0x0a, 0x0d, 0x2028, 0x2029]);
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const OTHER_PUNCTUATORS = new Set(',-=<>#&!%:;@~\'`"');
const CONTROL: Record<string, string> = { '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r' };

/** 22.2.5.1 RegExp.escape(S), code point by code point (EncodeForRegExpEscape). */
function regExpEscape(S: string): string {
  let escaped = '';
  for (const ch of S) {
    const cp = ch.codePointAt(0)!;
    // A leading digit or ASCII letter as \xNN: the result can follow \0, \c or a backreference.
    if (escaped === '' && /^[0-9A-Za-z]$/.test(ch)) escaped += '\\x' + hex(cp, 2);
    else if (SYNTAX.has(ch)) escaped += '\\' + ch;
    else if (ch in CONTROL) escaped += '\\' + CONTROL[ch];
    else if (OTHER_PUNCTUATORS.has(ch) || SPACES.has(cp) || (cp >= 0xd800 && cp <= 0xdfff)) escaped += cp <= 0xff ? '\\x' + hex(cp, 2) : '\\u' + hex(cp, 4);
    else escaped += ch;
  }
  return escaped;
}
