// The membrane between the host (this Node process: the interpreter, the event loop, util) and the
// guest realm (the vm context the simulated program lives in).
//
// INVARIANT — no host object is ever observable by guest code:
//  1. Every host→guest call goes through realm functions. The guest only ever holds realm objects
//     (its own, the realm's built-ins, and wrappers created by realm code), never a host object.
//  2. Guest Proxies get realm copies of argument lists and descriptors. V8 builds a trap's argument
//     list (apply/construct) and property descriptor (defineProperty) in the realm that *runs the
//     operation*, which is the host's whenever host code touches a guest proxy. The guest's `Proxy`
//     is therefore ours: the native proxy it creates has OUR handler (realm code below), which looks
//     the guest's trap up on the guest's handler at each operation, as the spec does, and hands it
//     realm copies.
//  3. Host control-flow signals (HostSignal: process.exit, budget aborts) are never catchable and never
//     run guest `finally` blocks; once a budget is spent, every later step rethrows the same abort.
//  4. Nothing host code later reads is rebindable by the guest: realm code below captures the
//     intrinsics it uses before the guest runs; the realm Error's `stackTraceLimit` is an accessor,
//     so V8 captures no host stack for realm errors and never calls Node's prepareStackTrace hook
//     (which reads the guest-rebindable `globalThis.Error`) for them; the guest's errors get the
//     guest's own stack instead.
//  5. No realm native that consults guest-controlled `then` / species / iterators runs on the host's
//     behalf (display promises are marked handled with no guest-reachable constructor in sight), and
//     host code runs no guest code for itself (value previews refuse guest calls).
//
// The detector (AnalyzeOptions.detectForeignObjects, tests only) checks invariant 1 on every value that
// crosses into guest code; see ForeignObjectDetector below.
import { types as utilTypes } from 'util';

/**
 * Host control flow that guest code never observes: not an Error, rethrown at every interpreter catch
 * site before any guest-visible effect, and guest `finally` blocks do not run while it propagates.
 */
export abstract class HostSignal {}

/**
 * Realm-side membrane code, compiled once per analysis in the guest realm before anything else (our
 * own constant source, never user text). Everything it uses is captured here, before guest code runs.
 */
export const MEMBRANE_REALM_SOURCE = `(function () {
  'use strict';
  const { apply, construct, defineProperty, deleteProperty, get, getOwnPropertyDescriptor, getPrototypeOf, has, isExtensible, ownKeys, preventExtensions, set, setPrototypeOf } = Reflect;
  const hasOwn = Object.prototype.hasOwnProperty;
  const create = Object.create;
  const ArrayCtor = Array;
  const arrayOf = Array.of;
  const TypeErrorCtor = TypeError;
  const NativeProxy = Proxy;
  const nativeRevocable = Proxy.revocable;
  const NativePromise = Promise;
  const nativeThen = Promise.prototype.then;
  const noop = () => {};
  const bare = create(null);

  // CreateDataProperty: never runs a setter the guest put on a prototype.
  const put = (o, k, v) => { defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true }); };
  /**
   * A realm array with the elements of a list (host array or arguments object). Array literals and
   * Array.of create their elements (no setter on Array.prototype runs, no guest push is called).
   */
  const arrayFrom = (l) => {
    switch (l.length) {
      case 0: return [];
      case 1: return [l[0]];
      case 2: return [l[0], l[1]];
      case 3: return [l[0], l[1], l[2]];
      case 4: return [l[0], l[1], l[2], l[3]];
      case 5: return [l[0], l[1], l[2], l[3], l[4]];
      case 6: return [l[0], l[1], l[2], l[3], l[4], l[5]];
    }
    if (l.length <= 1024) return apply(arrayOf, ArrayCtor, l);
    const a = new ArrayCtor();
    for (let i = 0; i < l.length; i++) put(a, i, l[i]);
    return a;
  };
  /** The same, keeping the list's holes (array literals with elisions). */
  const arrayWithHoles = (l) => {
    const a = arrayFrom(l);
    for (let i = 0; i < l.length; i++) if (!(i in l)) deleteProperty(a, i);
    return a;
  };
  /** FromPropertyDescriptor, in the realm: the same fields, in V8's order. */
  const copyDescriptor = (d) => {
    const o = {};
    if (apply(hasOwn, d, ['value'])) put(o, 'value', d.value);
    if (apply(hasOwn, d, ['writable'])) put(o, 'writable', d.writable);
    if (apply(hasOwn, d, ['get'])) put(o, 'get', d.get);
    if (apply(hasOwn, d, ['set'])) put(o, 'set', d.set);
    if (apply(hasOwn, d, ['enumerable'])) put(o, 'enumerable', d.enumerable);
    if (apply(hasOwn, d, ['configurable'])) put(o, 'configurable', d.configurable);
    return o;
  };
  const isObject = (v) => (typeof v === 'object' || typeof v === 'function') && v !== null;
  const describe = (v) => (isObject(v) ? '#<Object>' : typeof v === 'symbol' ? 'Symbol()' : '' + v);
  // GetMethod(handler, name) on the guest's handler, at each operation.
  function trapOf(ours, name) {
    const handler = ours.guest;
    const trap = handler[name];
    if (trap === undefined || trap === null) return undefined;
    if (typeof trap !== 'function') throw new TypeErrorCtor("'" + describe(trap) + "' returned for property '" + name + "' of object '#<Object>' is not a function");
    return trap;
  }
  // Our handler's traps (shared; each proxy's own handler object inherits them and holds the guest's).
  const TRAPS = {
    __proto__: null,
    apply(target, thisArg, args) {
      const trap = trapOf(this, 'apply');
      return trap === undefined ? apply(target, thisArg, args) : apply(trap, this.guest, [target, thisArg, arrayFrom(args)]);
    },
    construct(target, args, newTarget) {
      const trap = trapOf(this, 'construct');
      return trap === undefined ? construct(target, args, newTarget) : apply(trap, this.guest, [target, arrayFrom(args), newTarget]);
    },
    defineProperty(target, key, desc) {
      const trap = trapOf(this, 'defineProperty');
      return trap === undefined ? defineProperty(target, key, desc) : apply(trap, this.guest, [target, key, copyDescriptor(desc)]);
    },
    deleteProperty(target, key) {
      const trap = trapOf(this, 'deleteProperty');
      return trap === undefined ? deleteProperty(target, key) : apply(trap, this.guest, [target, key]);
    },
    get(target, key, receiver) {
      const trap = trapOf(this, 'get');
      return trap === undefined ? get(target, key, receiver) : apply(trap, this.guest, [target, key, receiver]);
    },
    getOwnPropertyDescriptor(target, key) {
      const trap = trapOf(this, 'getOwnPropertyDescriptor');
      return trap === undefined ? getOwnPropertyDescriptor(target, key) : apply(trap, this.guest, [target, key]);
    },
    getPrototypeOf(target) {
      const trap = trapOf(this, 'getPrototypeOf');
      return trap === undefined ? getPrototypeOf(target) : apply(trap, this.guest, [target]);
    },
    has(target, key) {
      const trap = trapOf(this, 'has');
      return trap === undefined ? has(target, key) : apply(trap, this.guest, [target, key]);
    },
    isExtensible(target) {
      const trap = trapOf(this, 'isExtensible');
      return trap === undefined ? isExtensible(target) : apply(trap, this.guest, [target]);
    },
    ownKeys(target) {
      const trap = trapOf(this, 'ownKeys');
      return trap === undefined ? ownKeys(target) : apply(trap, this.guest, [target]);
    },
    preventExtensions(target) {
      const trap = trapOf(this, 'preventExtensions');
      return trap === undefined ? preventExtensions(target) : apply(trap, this.guest, [target]);
    },
    set(target, key, value, receiver) {
      const trap = trapOf(this, 'set');
      return trap === undefined ? set(target, key, value, receiver) : apply(trap, this.guest, [target, key, value, receiver]);
    },
    setPrototypeOf(target, proto) {
      const trap = trapOf(this, 'setPrototypeOf');
      return trap === undefined ? setPrototypeOf(target, proto) : apply(trap, this.guest, [target, proto]);
    },
  };
  const ourHandler = (target, handler) => {
    if (!isObject(target) || !isObject(handler)) throw new TypeErrorCtor('Cannot create proxy with a non-object as target or handler');
    const ours = create(TRAPS);
    ours.guest = handler;
    return ours;
  };
  // The guest's Proxy: a proxy of the native one (so name, length, own keys, 'new' required and
  // util.inspect are the native's) whose [[Construct]] builds the native proxy with our handler.
  const GuestProxy = new NativeProxy(NativeProxy, {
    __proto__: null,
    construct(_target, args) {
      const target = args[0];
      const handler = args[1];
      return new NativeProxy(target, ourHandler(target, handler));
    },
  });
  NativeProxy.revocable = ({ revocable(target, handler) {
    return apply(nativeRevocable, NativeProxy, [target, ourHandler(target, handler)]);
  } }).revocable;
  defineProperty(globalThis, 'Proxy', { __proto__: null, value: GuestProxy, writable: true, enumerable: false, configurable: true });

  // V8 reads the realm Error's stackTraceLimit as a data property only: as an accessor, realm errors
  // capture no (host) stack, and Node's prepareStackTrace hook never runs for them. Guest reads and
  // writes still work; the interpreter honours the value when it renders guest stacks.
  let capturedResolve;
  let capturedReject;
  const captureResolvers = (res, rej) => { capturedResolve = res; capturedReject = rej; };
  // A subclass only for its instances' shape: they have in-object room, so the hidden slot the
  // interpreter stamps on each display promise needs no out-of-object property array (32 bytes
  // less per promise). Never visible: the prototype is replaced before the promise is handed out.
  class DisplayPromise extends NativePromise { constructor(executor) { super(executor); } }

  let stackTraceLimit = 10;
  const limit = getOwnPropertyDescriptor({ get stackTraceLimit() { return stackTraceLimit; }, set stackTraceLimit(v) { stackTraceLimit = v; } }, 'stackTraceLimit');
  defineProperty(Error, 'stackTraceLimit', { __proto__: null, get: limit.get, set: limit.set, enumerable: true, configurable: false });

  return {
    arrayFrom,
    arrayWithHoles,
    /** CreateIterResultObject: data properties (no setter the guest put on Object.prototype runs). */
    iterResult: (value, done) => ({ value, done }),
    /** An ordinary object with two data properties (allSettled results, withResolvers...). */
    record2: (k1, v1, k2, v2) => ({ [k1]: v1, [k2]: v2 }),
    record3: (k1, v1, k2, v2, k3, v3) => ({ [k1]: v1, [k2]: v2, [k3]: v3 }),
    /** The guest's Error.stackTraceLimit (guest-controlled: the host validates it). */
    stackTraceLimit: () => stackTraceLimit,
    /** A native promise with prototype \`proto\` and its resolving functions (display only). */
    nativePromise: (proto, out) => {
      // One executor for all: it runs synchronously inside the constructor, no guest code in between.
      const p = new DisplayPromise(captureResolvers);
      setPrototypeOf(p, proto);
      out.resolve = capturedResolve;
      out.reject = capturedReject;
      capturedResolve = capturedReject = undefined;
      return p;
    },
    /**
     * Rejects a display promise, first marking it handled (so the host process never sees an
     * unhandled rejection) with the native \`then\` — while its prototype is, for that one call, a
     * private object with no \`constructor\`, so SpeciesConstructor consults no guest constructor,
     * getter or species. A promise the guest gave its own \`constructor\` or made non-extensible is
     * left pending (its display only): marking it would consult guest state.
     */
    rejectDisplay: (p, reject, reason) => {
      if (getOwnPropertyDescriptor(p, 'constructor') !== undefined || !isExtensible(p)) return;
      const proto = getPrototypeOf(p);
      setPrototypeOf(p, bare);
      try { apply(nativeThen, p, [undefined, noop]); } finally { setPrototypeOf(p, proto); }
      reject(reason);
    },
  };
})()`;

export interface MembraneHelpers {
  arrayFrom(list: ArrayLike<any>): any[];
  arrayWithHoles(list: ArrayLike<any>): any[];
  iterResult(value: any, done: boolean): any;
  record2(k1: string, v1: any, k2: string, v2: any): any;
  record3(k1: string, v1: any, k2: string, v2: any, k3: string, v3: any): any;
  stackTraceLimit(): unknown;
  nativePromise(proto: any, out: { resolve?: (v: any) => void; reject?: (e: any) => void }): any;
  rejectDisplay(p: any, reject: (e: any) => void, reason: any): void;
}

/** One value of a foreign (non-realm) prototype chain that reached guest code. */
export interface ForeignObject {
  /** Where it crossed: 'this' | 'argument' | 'result' | 'caught' | 'resumed' ... */
  where: string;
  /** typeof and the constructor name of the foreign chain's root, for the message. */
  what: string;
  line: number;
}

/**
 * Test-only check of invariant 1: does `v`'s prototype chain end at the realm's Object.prototype?
 * Walks without triggering traps (a proxy on the chain ends the walk: its target is checked where it
 * was created). Objects with no prototype at all are the guest's own (Object.create(null)).
 */
export function foreignRoot(v: any, realmObjectPrototype: object): object | null {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return null;
  let o = v;
  for (let i = 0; i < 10000; i++) {
    if (o === realmObjectPrototype) return null;
    if (utilTypes.isProxy(o)) return null;
    const next = Object.getPrototypeOf(o);
    if (next === null) {
      // A chain ending at another realm's Object.prototype (it owns the __proto__ accessor).
      const d = Object.getOwnPropertyDescriptor(o, '__proto__');
      return d && typeof d.get === 'function' ? o : null;
    }
    o = next;
  }
  return null;
}

export class ForeignObjectDetector {
  readonly found: ForeignObject[] = [];
  private readonly seen = new WeakSet<object>();
  constructor(private readonly realmObjectPrototype: object) {}

  check(v: any, where: string, node: any): void {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || this.seen.has(v)) return;
    const root = foreignRoot(v, this.realmObjectPrototype);
    if (root === null) return;
    this.seen.add(v);
    if (this.found.length >= 100) return;
    let ctorName = '?';
    try {
      const d = Object.getOwnPropertyDescriptor(root, 'constructor');
      ctorName = d && typeof d.value === 'function' ? d.value.name : '?';
    } catch {
      /* exotic */
    }
    const kind = Array.isArray(v) ? 'array' : typeof v;
    this.found.push({ where, what: `${kind} of a foreign realm (chain ends at ${ctorName}.prototype)`, line: node && node.loc ? node.loc.start.line : 0 });
  }

  checkList(list: ArrayLike<any>, where: string, node: any): void {
    for (let i = 0; i < list.length; i++) this.check(list[i], where, node);
  }
}

/**
 * Turns the detector on for one interpreter (AnalyzeOptions.detectForeignObjects): wraps, on this
 * instance only, the methods through which values cross into guest code, so runs without the option
 * pay nothing. Crossing points: `this`/arguments entering a guest closure (which is also how a guest
 * proxy trap or a guest getter called by V8 receives its arguments), results of property reads, calls
 * and constructions, exceptions bound by `catch` (toGuest), and await resumption values.
 */
export function installForeignObjectDetector(rt: any): ForeignObjectDetector {
  const d = new ForeignObjectDetector(rt.intr.ObjectPrototype);
  const invoke = rt.invoke;
  rt.invoke = function (c: any, thisArg: any, args: any[], newTarget: any, node: any) {
    d.check(thisArg, 'this', node ?? rt.currentNode);
    d.checkList(args, 'argument', node ?? rt.currentNode);
    return invoke.call(rt, c, thisArg, args, newTarget, node);
  };
  for (const m of ['call', 'construct', 'get']) {
    const orig = rt[m];
    rt[m] = function (...a: any[]) {
      const r = orig.apply(rt, a);
      d.check(r, m === 'get' ? 'property value' : `${m} result`, rt.currentNode);
      return r;
    };
  }
  const toGuest = rt.toGuest;
  rt.toGuest = function (e: any) {
    const g = toGuest.call(rt, e);
    d.check(g, 'caught exception', rt.currentNode);
    return g;
  };
  const P = rt.promises;
  const performThenHost = P.performThenHost;
  P.performThenHost = function (p: any, onF: (v: any) => void, onR: (e: any) => void, ...rest: any[]) {
    const f = (v: any) => (d.check(v, 'await result', rt.currentNode), onF(v));
    const r = (e: any) => (d.check(e, 'await rejection', rt.currentNode), onR(e));
    return performThenHost.call(P, p, f, r, ...rest);
  };
  return d;
}

/**
 * After the run: everything still reachable from the guest global through own data properties and
 * prototypes (no getter is called, no proxy trap runs) must be of the realm too.
 */
export function sweepForeignObjects(d: ForeignObjectDetector, root: any): void {
  const visited = new Set<any>();
  const stack: any[] = [root];
  while (stack.length > 0 && visited.size < 200000) {
    const v = stack.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || visited.has(v)) continue;
    visited.add(v);
    d.check(v, 'reachable from globalThis', null);
    if (utilTypes.isProxy(v)) continue;
    stack.push(Object.getPrototypeOf(v));
    for (const k of Reflect.ownKeys(v)) {
      const desc = Object.getOwnPropertyDescriptor(v, k);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
}
