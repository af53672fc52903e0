// The guest realm: a separate V8 context whose built-ins (Array, String, Map, JSON, RegExp, Math...)
// the simulated program uses, so they behave exactly as in Node. Code generation from strings is
// disabled in it, and nothing from the host realm is ever handed to guest code: every function the
// guest can reach is created *inside* the realm (its `.constructor` is the realm's Function, which
// cannot compile strings). The host drives everything through small wrappers defined below; the
// boundary's invariant and its realm-side half (Proxy, stack traces, display promises) are in
// ../membrane.ts.
import * as vm from 'vm';
import { MEMBRANE_REALM_SOURCE, type MembraneHelpers } from './membrane';

/** Arity-specific wrappers get their `length` from their parameter list (no defineProperty). */
const MAX_WRAPPER_ARITY = 6;
function params(n: number): string {
  return Array.from({ length: n }, (_, i) => `p${i}`).join(', ');
}
function byArity(make: (ps: string) => string): string {
  return `[${Array.from({ length: MAX_WRAPPER_ARITY + 1 }, (_, n) => make(params(n))).join(',\n')}]`;
}

/**
 * Our own constant helper source, compiled in the realm once per analysis (never user text).
 * Names come from computed keys (NamedEvaluation) and lengths from parameter lists, because
 * redefining `name`/`length` on every closure costs microseconds each.
 */
const REALM_HELPERS = `(function () {
  'use strict';
  // What must not exist in the simulation: native promises' friends, wasm, GC observers.
  // WeakRef, FinalizationRegistry, SharedArrayBuffer and Atomics come back simulated
  // (src/engine/interp/weakAtomics.ts): kept here, out of the guest's reach, until then.
  const removedBuiltins = { __proto__: null };
  for (const name of ['FinalizationRegistry', 'WeakRef', 'Atomics', 'SharedArrayBuffer']) removedBuiltins[name] = globalThis[name];
  for (const name of ['WebAssembly', 'FinalizationRegistry', 'WeakRef', 'Atomics', 'SharedArrayBuffer']) delete globalThis[name];
  delete Array.fromAsync;
  // Error.prepareStackTrace would hand guest code CallSite objects of host frames.
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false, enumerable: false });
  const defineProperty = Object.defineProperty;
  // Captured before the guest can replace the global (suspendable functions are created on demand).
  const NativeProxy = Proxy;
  function withLength(f, length) {
    if (f.length !== length) defineProperty(f, 'length', { __proto__: null, value: length, configurable: true });
    return f;
  }
  // h(thisArg, args, newTarget) enters the interpreter; args is the wrapper's arguments object.
  const plain = ${byArity((ps) => `(h, name) => ({ [name]: function (${ps}) { return h(this, arguments, new.target); } })[name]`)};
  const method = ${byArity((ps) => `(h, name) => ({ [name](${ps}) { return h(this, arguments, undefined); } })[name]`)};
  const baseClass = ${byArity((ps) => `(h, name) => ({ [name]: class { constructor(${ps}) { return h(undefined, arguments, new.target); } } })[name]`)};
  const derivedClass = ${byArity((ps) => `(h, parent, name) => ({ [name]: class extends parent { constructor(${ps}) { return h(undefined, arguments, new.target); } } })[name]`)};
  // The same for guest closures, entering through ONE host function per analysis: e(c, this, args,
  // new.target) with the closure record c, so that making a closure allocates no host function.
  const closurePlain = ${byArity((ps) => `(e, c, name) => ({ [name]: function (${ps}) { return e(c, this, arguments, new.target); } })[name]`)};
  const closureMethod = ${byArity((ps) => `(e, c, name) => ({ [name](${ps}) { return e(c, this, arguments, undefined); } })[name]`)};
  // Anonymous ones (most arrows: callbacks) with a constant key, which V8 makes from one boilerplate.
  const anonPlain = ${byArity((ps) => `(e, c) => ({ '': function (${ps}) { return e(c, this, arguments, new.target); } })['']`)};
  const anonMethod = ${byArity((ps) => `(e, c) => ({ ''(${ps}) { return e(c, this, arguments, undefined); } })['']`)};
  // Async functions and generators: a proxy whose target is a real (never called) async/generator
  // function, so util.inspect prints [AsyncFunction: f] and the prototype chain is Node's; calls go
  // through the apply trap into the interpreter, never into the target.
  const suspendTargets = {
    async: ${byArity((ps) => `(name) => ({ async [name](${ps}) {} })[name]`)},
    generator: ${byArity((ps) => `(name) => ({ *[name](${ps}) {} })[name]`)},
    asyncGenerator: ${byArity((ps) => `(name) => ({ async *[name](${ps}) {} })[name]`)},
  };
  const MAX = ${MAX_WRAPPER_ARITY};
  return {
    plain: (h, name, length) => (length <= MAX ? plain[length](h, name) : withLength(plain[0](h, name), length)),
    // Arrows, methods, getters, async functions: not constructible, no prototype.
    method: (h, name, length) => (length <= MAX ? method[length](h, name) : withLength(method[0](h, name), length)),
    baseClass: (h, name, length) => (length <= MAX ? baseClass[length](h, name) : withLength(baseClass[0](h, name), length)),
    derivedClass: (h, parent, name, length) => (length <= MAX ? derivedClass[length](h, parent, name) : withLength(derivedClass[0](h, parent, name), length)),
    suspendable: (h, kind, name, length) => {
      const table = suspendTargets[kind];
      const target = length <= MAX ? table[length](name) : withLength(table[0](name), length);
      return new NativeProxy(target, { __proto__: null, apply: (_t, thisArg, args) => h(thisArg, args, undefined) });
    },
    closurePlain: (e, c, name, length) => (length <= MAX ? (name === '' ? anonPlain[length](e, c) : closurePlain[length](e, c, name)) : withLength(closurePlain[0](e, c, name), length)),
    closureMethod: (e, c, name, length) => (length <= MAX ? (name === '' ? anonMethod[length](e, c) : closureMethod[length](e, c, name)) : withLength(closureMethod[0](e, c, name), length)),
    closureSuspendable: (e, c, kind, name, length) => {
      const table = suspendTargets[kind];
      const target = length <= MAX ? table[length](name) : withLength(table[0](name), length);
      return new NativeProxy(target, { __proto__: null, apply: (_t, thisArg, args) => e(c, thisArg, args, undefined) });
    },
    // Built-ins implemented by the host (console, timers, Promise...).
    native: (h, name, length) => withLength(({ [name](...a) { return h(this, a, undefined); } })[name], length),
    nativeCtor: (h, name, length) => withLength(({ [name]: function (...a) { return h(this, a, new.target); } })[name], length),
    makeArguments: function () { return arguments; },
    newObject: () => ({}),
    global: globalThis,
    removedBuiltins,
  };
})()`;

export interface RealmHelpers {
  plain(h: HostEntry, name: string, length: number): Function;
  method(h: HostEntry, name: string, length: number): Function;
  baseClass(h: HostEntry, name: string, length: number): Function;
  derivedClass(h: HostEntry, parent: Function, name: string, length: number): Function;
  suspendable(h: HostEntry, kind: 'async' | 'generator' | 'asyncGenerator', name: string, length: number): Function;
  /** plain / method / suspendable for a guest closure `c`, entered through the shared `e` (functions.ts). */
  closurePlain(e: ClosureEntry, c: object, name: string, length: number): Function;
  closureMethod(e: ClosureEntry, c: object, name: string, length: number): Function;
  closureSuspendable(e: ClosureEntry, c: object, kind: 'async' | 'generator' | 'asyncGenerator', name: string, length: number): Function;
  native(h: HostEntry, name: string, length: number): Function;
  nativeCtor(h: HostEntry, name: string, length: number): Function;
  makeArguments: Function;
  newObject(): any;
  global: any;
  /** The realm's own WeakRef, FinalizationRegistry, SharedArrayBuffer, Atomics (not on the global). */
  removedBuiltins: Record<'FinalizationRegistry' | 'WeakRef' | 'Atomics' | 'SharedArrayBuffer', any>;
}
/** args: an array or the wrapper's arguments object (array-like). */
export type HostEntry = (thisArg: any, args: any, newTarget: any) => any;
/** A HostEntry that is handed the closure record it enters (one per analysis, not one per closure). */
export type ClosureEntry = (closure: any, thisArg: any, args: any, newTarget: any) => any;

export interface Intrinsics {
  Object: ObjectConstructor;
  ObjectPrototype: object;
  Function: FunctionConstructor;
  FunctionPrototype: any;
  Array: ArrayConstructor;
  ArrayPrototype: any;
  ArrayValues: Function;
  ArrayIteratorPrototype: any;
  ArrayIteratorNext: Function;
  IteratorPrototype: any;
  AsyncIteratorPrototype: any;
  StringPrototype: any;
  NumberPrototype: any;
  BooleanPrototype: any;
  SymbolPrototype: any;
  BigIntPrototype: any;
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  RangeError: RangeErrorConstructor;
  ReferenceError: ReferenceErrorConstructor;
  SyntaxError: SyntaxErrorConstructor;
  EvalError: EvalErrorConstructor;
  URIError: URIErrorConstructor;
  AggregateError: AggregateErrorConstructor;
  RegExp: RegExpConstructor;
  Symbol: SymbolConstructor;
  Map: MapConstructor;
  Set: SetConstructor;
  Date: DateConstructor;
  Math: Math;
  JSON: JSON;
  Reflect: typeof Reflect;
}

export class Realm {
  readonly context: vm.Context;
  readonly helpers: RealmHelpers;
  readonly membrane: MembraneHelpers;
  readonly global: any;
  readonly intrinsics: Intrinsics;

  constructor() {
    // A null-prototype sandbox: the context's global must not inherit from a host object.
    this.context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, name: 'event-loop-lens guest' });
    this.helpers = vm.runInContext(REALM_HELPERS, this.context) as RealmHelpers;
    this.membrane = vm.runInContext(MEMBRANE_REALM_SOURCE, this.context) as MembraneHelpers;
    const g = (this.global = this.helpers.global);
    const arrayIter = Object.getPrototypeOf(g.Array.prototype[Symbol.iterator].call([]));
    const iterProto = Object.getPrototypeOf(arrayIter);
    this.intrinsics = {
      Object: g.Object,
      ObjectPrototype: g.Object.prototype,
      Function: g.Function,
      FunctionPrototype: g.Function.prototype,
      Array: g.Array,
      ArrayPrototype: g.Array.prototype,
      ArrayValues: g.Array.prototype[Symbol.iterator],
      ArrayIteratorPrototype: arrayIter,
      ArrayIteratorNext: arrayIter.next,
      IteratorPrototype: iterProto,
      AsyncIteratorPrototype: g.Object.create(g.Object.prototype),
      StringPrototype: g.String.prototype,
      NumberPrototype: g.Number.prototype,
      BooleanPrototype: g.Boolean.prototype,
      SymbolPrototype: g.Symbol.prototype,
      BigIntPrototype: g.BigInt.prototype,
      Error: g.Error,
      TypeError: g.TypeError,
      RangeError: g.RangeError,
      ReferenceError: g.ReferenceError,
      SyntaxError: g.SyntaxError,
      EvalError: g.EvalError,
      URIError: g.URIError,
      AggregateError: g.AggregateError,
      RegExp: g.RegExp,
      Symbol: g.Symbol,
      Map: g.Map,
      Set: g.Set,
      Date: g.Date,
      Math: g.Math,
      JSON: g.JSON,
      Reflect: g.Reflect,
    };
  }

  newObject(): any {
    return this.helpers.newObject();
  }

  newArray(items: ArrayLike<any>): any[] {
    return this.membrane.arrayFrom(items);
  }

  newArrayWithHoles(items: ArrayLike<any>): any[] {
    return this.membrane.arrayWithHoles(items);
  }
}
