// Iterator helpers (ES2025 27.1.3-27.1.4): the global Iterator, Iterator.from and
// Iterator.prototype.{map, filter, take, drop, flatMap, reduce, toArray, forEach, some, every,
// find}, for the profiles that have them (./modernBuiltins.ts says which). Node 20's realm has
// none. A lazy helper is a host generator behind a realm object of %IteratorHelperPrototype%:
// each `yield` is the closure's Yield, and a return() that reaches a suspended yield closes the
// underlying iterator in the generator's finally (IfAbruptCloseIterator on the Yield's completion).
// Errors are V8's; what a guest's iterator is asked (next, done, value, return) is in spec order.
import { iterResult, receiverText } from './suspend';
import { typedText, type Interpreter } from './runtime';

interface IteratorRecord {
  iterator: any;
  next: any;
}

interface Helper {
  body: Generator<any, void, unknown>;
  state: 'suspended-start' | 'suspended-yield' | 'executing' | 'completed';
  underlying: IteratorRecord;
}

const DONE: unique symbol = Symbol('done');


const isObject = (v: unknown): v is object => (typeof v === 'object' && v !== null) || typeof v === 'function';

export function installIteratorHelpers(rt: Interpreter): void {
  const intr = rt.intr;
  const g = rt.global;
  const IteratorPrototype = intr.IteratorPrototype;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const method = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const helpers = new WeakMap<object, Helper>();

  // ---- the iterator protocol, as the spec's abstract operations -----------------------------
  /** 7.4.2 GetIteratorDirect(obj). */
  const direct = (obj: any): IteratorRecord => ({ iterator: obj, next: rt.get(obj, 'next') });
  /** 7.4.8 IteratorStepValue: the next value, or DONE. */
  const stepValue = (rec: IteratorRecord): any => {
    if (typeof rec.next !== 'function') rt.throwError('TypeError', `${typedText(rec.next)} is not a function`);
    const result = rt.call(rec.next, rec.iterator, []);
    if (!isObject(result)) rt.throwError('TypeError', `Iterator result ${typedText(result)} is not an object`);
    if (rt.get(result, 'done')) return DONE;
    return rt.get(result, 'value');
  };
  /** 7.4.11 IteratorClose(rec, throw completion): return() is called, what it does is ignored, `err` is thrown. */
  const closeThrowing = (rec: { iterator: any }, err: any): never => {
    try {
      const ret = rt.get(rec.iterator, 'return');
      if (ret !== undefined && ret !== null) rt.call(ret, rec.iterator, []);
    } catch (e) {
      rt.toGuest(e); // a budget or abort still ends the run
    }
    throw err;
  };
  /** IfAbruptCloseIterator around a guest call. */
  const orClose = <T>(rec: { iterator: any }, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      return closeThrowing(rec, rt.toGuest(e));
    }
  };
  /** The receiver check all methods share: a TypeError for a primitive this. */
  const receiver = (name: string, O: any) => {
    if (!isObject(O)) rt.throwError('TypeError', `Iterator.prototype.${name} called on non-object`);
  };
  /** A callable argument, or the receiver closed and a TypeError (the ES2025 argument validation). */
  const callableOrClose = (O: any, f: any) => {
    if (typeof f !== 'function') closeThrowing({ iterator: O }, rt.makeError('TypeError', `${typedText(f)} is not a function`));
  };
  /** take / drop's limit: ToNumber, NaN or negative is a RangeError (the receiver closed either way). */
  const limitOrClose = (O: any, limit: any): number => {
    const n = orClose({ iterator: O }, () => +limit);
    const int = Number.isNaN(n) ? NaN : Math.trunc(n);
    if (!(int >= 0)) closeThrowing({ iterator: O }, rt.makeError('RangeError', `${typeof limit === 'symbol' ? limit.toString() : String(limit)} must be positive`));
    return int;
  };
  /** 7.4.4 GetIteratorFlattenable(obj, primitiveHandling). */
  const flattenable = (obj: any, strings: boolean, who: string): IteratorRecord => {
    if (!isObject(obj) && !(strings && typeof obj === 'string')) rt.throwError('TypeError', `${who} called on non-object`);
    const m = rt.get(obj, Symbol.iterator);
    const iterator = m === undefined || m === null ? obj : rt.call(m, obj, []);
    if (!isObject(iterator)) rt.throwError('TypeError', `${who} called on non-object`);
    return direct(iterator);
  };

  /** Yield(v) of a helper's closure: a return() while suspended here closes the underlying iterator. */
  function* yieldOrClose(rec: IteratorRecord, v: any): Generator<any, void, unknown> {
    let resumed = false;
    try {
      yield v;
      resumed = true;
    } finally {
      if (!resumed) rt.iterClose(rec);
    }
  }

  // ---- %IteratorHelperPrototype% (27.1.2.1) -------------------------------------------------
  const helperPrototype = Object.create(IteratorPrototype);
  const helperOf = (o: any, name: string): Helper => {
    const h = isObject(o) ? helpers.get(o) : undefined;
    if (!h) rt.throwError('TypeError', `Method Iterator Helper.prototype.${name} called on incompatible receiver ${receiverText(o)}`);
    return h!;
  };
  method(helperPrototype, 'next', native('next', 0, (o) => {
    const h = helperOf(o, 'next');
    if (h.state === 'executing') rt.throwError('TypeError', 'Generator is already running');
    if (h.state === 'completed') return iterResult(rt, undefined, true);
    h.state = 'executing';
    let r: IteratorResult<any, void>;
    try {
      r = h.body.next();
    } catch (e) {
      h.state = 'completed';
      throw e;
    }
    h.state = r.done ? 'completed' : 'suspended-yield';
    return iterResult(rt, r.done ? undefined : r.value, !!r.done);
  }));
  method(helperPrototype, 'return', native('return', 0, (o) => {
    const h = helperOf(o, 'return');
    if (h.state === 'executing') rt.throwError('TypeError', 'Generator is already running');
    if (h.state === 'suspended-start') {
      // 27.1.2.1.2 step 4: never started, so no Yield to resume: close the underlying iterator.
      h.state = 'completed';
      rt.iterClose(h.underlying);
    } else if (h.state === 'suspended-yield') {
      h.state = 'executing';
      try {
        h.body.return(undefined);
      } finally {
        h.state = 'completed';
      }
    }
    return iterResult(rt, undefined, true);
  }));
  Object.defineProperty(helperPrototype, Symbol.toStringTag, { value: 'Iterator Helper', writable: false, enumerable: false, configurable: true });
  const makeHelper = (underlying: IteratorRecord, body: Generator<any, void, unknown>) => {
    const o = Object.create(helperPrototype);
    helpers.set(o, { body, state: 'suspended-start', underlying });
    return o;
  };

  // ---- the lazy methods (27.1.4.{7,3,12,2,6}) ---------------------------------------------------
  const lazy: Record<string, (O: any, arg: any) => any> = {
    map(O, mapper) {
      callableOrClose(O, mapper);
      const rec = direct(O);
      return makeHelper(rec, (function* () {
        for (let counter = 0; ; counter++) {
          const value = stepValue(rec);
          if (value === DONE) return;
          const mapped = orClose(rec, () => rt.call(mapper, undefined, [value, counter]));
          yield* yieldOrClose(rec, mapped);
        }
      })());
    },
    filter(O, predicate) {
      callableOrClose(O, predicate);
      const rec = direct(O);
      return makeHelper(rec, (function* () {
        for (let counter = 0; ; counter++) {
          const value = stepValue(rec);
          if (value === DONE) return;
          if (orClose(rec, () => rt.call(predicate, undefined, [value, counter]))) yield* yieldOrClose(rec, value);
        }
      })());
    },
    take(O, limit) {
      let remaining = limitOrClose(O, limit);
      const rec = direct(O);
      return makeHelper(rec, (function* () {
        for (;;) {
          if (remaining === 0) {
            rt.iterClose(rec);
            return;
          }
          if (remaining !== Infinity) remaining--;
          const value = stepValue(rec);
          if (value === DONE) return;
          yield* yieldOrClose(rec, value);
        }
      })());
    },
    drop(O, limit) {
      let remaining = limitOrClose(O, limit);
      const rec = direct(O);
      return makeHelper(rec, (function* () {
        while (remaining > 0) {
          if (remaining !== Infinity) remaining--;
          if (stepValue(rec) === DONE) return;
        }
        for (;;) {
          const value = stepValue(rec);
          if (value === DONE) return;
          yield* yieldOrClose(rec, value);
        }
      })());
    },
    flatMap(O, mapper) {
      callableOrClose(O, mapper);
      const rec = direct(O);
      return makeHelper(rec, (function* () {
        for (let counter = 0; ; counter++) {
          const value = stepValue(rec);
          if (value === DONE) return;
          const inner = orClose(rec, () => flattenable(rt.call(mapper, undefined, [value, counter]), false, 'Iterator.prototype.flatMap'));
          for (;;) {
            const innerValue = orClose(rec, () => stepValue(inner));
            if (innerValue === DONE) break;
            let resumed = false;
            try {
              yield innerValue;
              resumed = true;
            } finally {
              // A return() here: the inner iterator closed first (its error closes the outer), then the outer.
              if (!resumed) {
                orClose(rec, () => rt.iterClose(inner));
                rt.iterClose(rec);
              }
            }
          }
        }
      })());
    },
  };

  // ---- the eager methods (27.1.4.{8,11,5,10,4,6}) -------------------------------------------------
  const eager: Record<string, (O: any, args: any[]) => any> = {
    reduce(O, args) {
      const reducer = args[0];
      callableOrClose(O, reducer);
      const rec = direct(O);
      let accumulator: any;
      let counter = 0;
      if (args.length < 2) {
        accumulator = stepValue(rec);
        if (accumulator === DONE) rt.throwError('TypeError', 'Reduce of a done iterator with no initial value');
        counter = 1;
      } else accumulator = args[1];
      for (;; counter++) {
        const value = stepValue(rec);
        if (value === DONE) return accumulator;
        const acc = accumulator;
        accumulator = orClose(rec, () => rt.call(reducer, undefined, [acc, value, counter]));
      }
    },
    toArray(O) {
      const rec = direct(O);
      const items: any[] = [];
      for (;;) {
        const value = stepValue(rec);
        if (value === DONE) return rt.newArray(items);
        items.push(value);
      }
    },
    forEach(O, args) {
      const fn = args[0];
      callableOrClose(O, fn);
      const rec = direct(O);
      for (let counter = 0; ; counter++) {
        const value = stepValue(rec);
        if (value === DONE) return undefined;
        orClose(rec, () => rt.call(fn, undefined, [value, counter]));
      }
    },
    some(O, args) {
      return search(O, args[0], (hit) => hit, true, false);
    },
    every(O, args) {
      return search(O, args[0], (hit) => !hit, false, true);
    },
    find(O, args) {
      return search(O, args[0], (hit) => hit, DONE, undefined);
    },
  };
  /** some / every / find: the first value `stop` picks closes the iterator (normal completion) and answers. */
  const search = (O: any, predicate: any, stop: (hit: boolean) => boolean, found: any, end: any): any => {
    callableOrClose(O, predicate);
    const rec = direct(O);
    for (let counter = 0; ; counter++) {
      const value = stepValue(rec);
      if (value === DONE) return end;
      const hit = !!orClose(rec, () => rt.call(predicate, undefined, [value, counter]));
      if (stop(hit)) {
        rt.iterClose(rec);
        return found === DONE ? value : found;
      }
    }
  };

  // ---- %Iterator% and %Iterator.prototype% (27.1.3.1, 27.1.4) ---------------------------------
  const IteratorCtor: any = rt.realm.helpers.nativeCtor(
    (_t: any, _args: any[], newTarget: any) => {
      if (newTarget === undefined || newTarget === IteratorCtor) rt.throwError('TypeError', 'Abstract class Iterator not directly constructable');
      const proto = rt.get(newTarget, 'prototype');
      return Object.create(isObject(proto) ? proto : IteratorPrototype);
    },
    'Iterator',
    0,
  );
  Object.defineProperty(IteratorCtor, 'prototype', { value: IteratorPrototype, writable: false, enumerable: false, configurable: false });
  // 27.1.4.1 / 27.1.4.14: accessors whose setter ignores %Iterator.prototype% itself (SetterThatIgnoresPrototypeProperties).
  const ignoringSetter = (key: string | symbol, text: string) => native(`set ${text}`, 1, (o, { 0: v }) => {
    if (!isObject(o)) rt.throwError('TypeError', `Cannot assign to read only property '${text}' of ${typedText(o)}`);
    if (o === IteratorPrototype) rt.throwError('TypeError', `Cannot assign to read only property '${text}' of object '[object Object]'`);
    if (Object.getOwnPropertyDescriptor(o, key) === undefined) Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
    else rt.set(o, key, v, true);
    return undefined;
  });
  Object.defineProperty(IteratorPrototype, 'constructor', { get: native('get constructor', 0, () => IteratorCtor), set: ignoringSetter('constructor', 'constructor'), enumerable: false, configurable: true });
  for (const name of ['reduce', 'toArray', 'forEach', 'some', 'every', 'find', 'map', 'filter', 'take', 'drop', 'flatMap']) {
    const impl = lazy[name];
    const fn = impl
      ? native(name, 1, (O, args) => { receiver(name, O); return impl(O, args[0]); })
      : native(name, name === 'toArray' ? 0 : 1, (O, args) => { receiver(name, O); return eager[name](O, args); });
    method(IteratorPrototype, name, fn);
  }
  Object.defineProperty(IteratorPrototype, Symbol.toStringTag, { get: native('get [Symbol.toStringTag]', 0, () => 'Iterator'), set: ignoringSetter(Symbol.toStringTag, 'Symbol(Symbol.toStringTag)'), enumerable: false, configurable: true });
  // 27.1.4.15 %Iterator.prototype%[@@dispose]: its return(), if it has one (the profiles that define Symbol.dispose).
  const dispose = g.Symbol?.dispose;
  if (typeof dispose === 'symbol' && !Object.getOwnPropertyDescriptor(IteratorPrototype, dispose)) {
    method(IteratorPrototype, dispose, native('[Symbol.dispose]', 0, (O) => {
      const ret = rt.get(O, 'return');
      if (ret !== undefined && ret !== null) rt.call(ret, O, []);
      return undefined;
    }));
  }

  // ---- Iterator.from and %WrapForValidIteratorPrototype% (27.1.3.2) -----------------------------
  const wrapped = new WeakMap<object, IteratorRecord>();
  const wrapPrototype = Object.create(IteratorPrototype);
  const wrappedOf = (o: any, name: string): IteratorRecord => {
    const r = isObject(o) ? wrapped.get(o) : undefined;
    if (!r) rt.throwError('TypeError', `Method %WrapForValidIteratorPrototype%.${name} called on incompatible receiver ${receiverText(o)}`);
    return r!;
  };
  method(wrapPrototype, 'next', native('next', 0, (o) => {
    const r = wrappedOf(o, 'next');
    if (typeof r.next !== 'function') rt.throwError('TypeError', `${typedText(r.next)} is not a function`);
    return rt.call(r.next, r.iterator, []);
  }));
  method(wrapPrototype, 'return', native('return', 0, (o) => {
    const r = wrappedOf(o, 'return');
    const ret = rt.get(r.iterator, 'return');
    if (ret === undefined || ret === null) return iterResult(rt, undefined, true);
    return rt.call(ret, r.iterator, []);
  }));
  method(IteratorCtor, 'from', native('from', 1, (_t, { 0: O }) => {
    const rec = flattenable(O, true, 'Iterator.from');
    // OrdinaryHasInstance(%Iterator%, iterator): %Iterator.prototype% on its chain.
    for (let p = Object.getPrototypeOf(rec.iterator); p !== null; p = Object.getPrototypeOf(p)) if (p === IteratorPrototype) return rec.iterator;
    const w = Object.create(wrapPrototype);
    wrapped.set(w, rec);
    return w;
  }));
  method(g, 'Iterator', IteratorCtor);
}
