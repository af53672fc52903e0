// Engine-side resource limits of one analysis (issue 8, family 6): what the guest may allocate
// outside the V8 heap, the few built-ins that can abort V8 or take gigabytes or minutes before the
// step budget is ever consulted (split, sparse fill, deeply nested join/JSON.stringify), host work
// done for the guest (structuredClone), and a parser whose redeclaration checks stay linear.
//
// Invariant: every way guest code can create an ArrayBuffer backing store goes through one budget
// (`charge`) — the ArrayBuffer and typed-array constructors (the globals, their `prototype.constructor`
// and therefore `Symbol.species`, `from`/`of`, subclasses via `super`), `ArrayBuffer.prototype.
// slice/resize/transfer/transferToFixedLength`, and typed-array `slice/map/filter` (which allocate even
// when the guest strips `constructor`). Past the budget the guest gets the RangeError Node throws for
// an impossible allocation, and the analysis gets one located diagnostic. DataView and `subarray` only
// view an existing buffer, so they allocate nothing. The budget is cumulative per analysis: the run is
// synchronous, so the host never learns that a buffer was collected. Nothing here calls guest code:
// sizes are read through intrinsic getters (which never reach a Proxy trap) or after the native ran.
//
// The guard functions are realm functions compiled from the constant source below (never user text);
// the host callbacks they capture are unreachable from the guest.
import * as acorn from 'acorn';
import * as vm from 'vm';
import * as util from 'util';
import type { Interpreter } from './runtime';

export const LIMIT_DEFAULTS = {
  /** Cumulative bytes of ArrayBuffer backing stores per analysis. */
  maxArrayBufferBytes: 256 * 1024 * 1024,
  /** Pieces of one String.prototype.split past which V8 would abort the process (its FixedArray limit is 2**27). */
  maxSplitPieces: 1 << 24,
  /**
   * Elements one Array.prototype.fill may write into an array longer than V8's fast-array limit
   * (2**25): such an array keeps its elements in a dictionary, ~80 bytes each (`new Array(1e8).fill(0)`: 8 GB).
   */
  maxSparseFill: 1 << 25,
  /**
   * Nesting of Array.prototype.join / toLocaleString (String(a), a + '', template literals of nested
   * arrays). V8's join keeps a cycle-detection stack it scans at every level: with the analysis
   * worker's large stack, a 200k-deep array takes minutes; Node's own stack ends it near 4,000 levels.
   */
  maxJoinDepth: 4000,
  /** The same for JSON.stringify (V8's serializer scans its stack of open objects at every level; Node's stack ends it between 4,000 and 8,000). */
  maxJsonDepth: 6000,
};

export interface LimitHit {
  kind: 'array-buffer' | 'split' | 'sparse-fill';
  node: any;
  /** For the diagnostic: "the memory budget for ArrayBuffers (256 MB) ran out". */
  message: string;
  /** The RangeError message the program got. */
  guestMessage: string;
}

interface LimitState {
  used: number;
  max: number;
  hit: LimitHit | null;
  /** Realm-side copy of an ArrayBuffer or typed array (undefined for anything else). */
  cloneBinary: (v: any) => any;
  makeTyped: (name: string, args: any[]) => any;
  work: number;
}

const states = new WeakMap<Interpreter, LimitState>();
/** Realm-side proxies over natives (the guarded constructors, the guest's Proxy) and the names V8 would print for them. */
const guardedNames = new WeakMap<object, string>();

/** Another proxy over a native (weakAtomics.ts): printed with V8's name for the native. */
export function registerNativeProxy(proxy: object, name: string): void {
  guardedNames.set(proxy, name);
}

/**
 * What Function.prototype.toString shows for a built-in: V8's text, except for the host's realm-side
 * wrappers (guards above, host-implemented natives), whose source is ours: shown as V8 shows a native.
 */
export function builtinSourceText(f: any, text: string): string {
  const guarded = guardedNames.get(f);
  if (guarded !== undefined) return `function ${guarded}() { [native code] }`;
  if (typeof text !== 'string' || text.endsWith('{ [native code] }')) return text;
  const d = Object.getOwnPropertyDescriptor(f, 'name');
  const name = d && typeof d.value === 'string' ? d.value : '';
  return `function ${name}() { [native code] }`;
}

const GUARD_SOURCE = `(function (wouldExceed, charge, splitTooLarge, fillTooLarge, joinTooDeep, isProxy, maxSplit, maxFill, maxJoinDepth, maxJsonDepth) {
  'use strict';
  const g = globalThis;
  const R = Reflect;
  const apply = R.apply;
  const construct = R.construct;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const isArray = Array.isArray;
  const NumberFn = Number;
  const AB = g.ArrayBuffer;
  const ABP = AB.prototype;
  const TA = Object.getPrototypeOf(g.Uint8Array);
  const TAP = TA.prototype;
  const abByteLength = getOwnPropertyDescriptor(ABP, 'byteLength').get;
  const taLength = getOwnPropertyDescriptor(TAP, 'length').get;
  const taBuffer = getOwnPropertyDescriptor(TAP, 'buffer').get;
  const chargedBytes = new WeakMap();
  const MathMinEarly = Math.min;
  const guardedCtors = [];
  const guardedByName = new Map();
  const byteLengthOf = (b) => { try { return apply(abByteLength, b, []); } catch { return -1; } };
  const lengthOfTA = (t) => { try { return apply(taLength, t, []); } catch { return -1; } };
  const bufferOf = (t) => { try { return apply(taBuffer, t, []); } catch { return null; } };
  // Charges what a buffer holds beyond what was charged for it already (resize grows it).
  const chargeBuffer = (b) => {
    const now = byteLengthOf(b);
    if (now <= 0) return;
    const before = chargedBytes.get(b) || 0;
    if (now > before) { chargedBytes.set(b, now); charge(now - before); }
  };
  // ToIndex of a primitive length, without calling guest code (objects: checked after the native ran).
  const primitiveLength = (v) => {
    if (v === undefined) return 0;
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) return -1;
    if (typeof v === 'symbol' || typeof v === 'bigint') return -1;
    const n = NumberFn(v);
    return n > 0 ? n : 0;
  };
  const bpeOf = new Map();
  // The element count V8 will allocate for an array or array-like source, when it can be read
  // without running guest code: an Array's length, or an own data property \`length\` of an ordinary
  // object (never through a Proxy, never a getter). 0 when unknown: charged after the native ran.
  const arrayLikeLength = (a) => {
    if (a === null || (typeof a !== 'object' && typeof a !== 'function') || isProxy(a)) return 0;
    if (isArray(a)) return a.length;
    const d = getOwnPropertyDescriptor(a, 'length');
    if (!d || !('value' in d) || typeof d.value !== 'number') return 0;
    return d.value > 0 ? MathMinEarly(d.value, 2 ** 53 - 1) : 0;
  };
  const guardCtor = (Ctor, bytesBefore) => {
    const guarded = new Proxy(Ctor, {
      construct(target, args, newTarget) {
        const pre = bytesBefore(args);
        if (pre > 0) wouldExceed(pre);
        const out = construct(target, args, newTarget === guarded ? target : newTarget);
        chargeBuffer(byteLengthOf(out) >= 0 ? out : bufferOf(out));
        return out;
      },
    });
    defineProperty(Ctor.prototype, 'constructor', { value: guarded, writable: true, enumerable: false, configurable: true });
    defineProperty(g, Ctor.name, { value: guarded, writable: true, enumerable: false, configurable: true });
    guardedCtors.push(guarded, Ctor.name);
    guardedByName.set(Ctor.name, guarded);
    return guarded;
  };
  guardCtor(AB, (args) => primitiveLength(args[0]));
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    const Ctor = g[name];
    if (typeof Ctor !== 'function') continue;
    const bpe = Ctor.BYTES_PER_ELEMENT;
    const guarded = guardCtor(Ctor, (args) => {
      const a = args[0];
      const n = primitiveLength(a);
      if (n >= 0) return n * bpe;
      if (byteLengthOf(a) >= 0) return 0; // a view on an existing buffer
      const l = lengthOfTA(a);
      if (l >= 0) return l * bpe;
      return arrayLikeLength(a) * bpe;
    });
    bpeOf.set(guarded, bpe);
  }
  // %TypedArray%.from: \`this\` is the constructor (a guarded one or a guest subclass of one).
  const TAFrom = TA.from;
  const fromGuard = ({ from(source) {
    const n = arrayLikeLength(source);
    if (n > 0) wouldExceed(n * (bpeOf.get(this) || 1));
    return apply(TAFrom, this, arguments);
  } }).from;
  defineProperty(fromGuard, 'length', { value: 1, configurable: true });
  defineProperty(TA, 'from', { value: fromGuard, writable: true, enumerable: false, configurable: true });
  // Methods that allocate a new buffer whatever the species says.
  const wrapMethod = (proto, name, after) => {
    const d = getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.value !== 'function') return;
    const orig = d.value;
    const wrapped = ({ [name](...args) { const out = apply(orig, this, args); after(this, out); return out; } })[name];
    defineProperty(wrapped, 'length', { value: orig.length, configurable: true });
    defineProperty(proto, name, { value: wrapped, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  };
  wrapMethod(ABP, 'slice', (_t, out) => chargeBuffer(out));
  wrapMethod(ABP, 'transfer', (_t, out) => chargeBuffer(out));
  wrapMethod(ABP, 'transferToFixedLength', (_t, out) => chargeBuffer(out));
  wrapMethod(ABP, 'resize', (t) => chargeBuffer(t));
  for (const name of ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with']) wrapMethod(TAP, name, (_t, out) => chargeBuffer(bufferOf(out)));
  // String.prototype.split into more pieces than V8's FixedArray can hold aborts the process.
  const SP = g.String.prototype;
  const origSplit = SP.split;
  const indexOf = SP.indexOf;
  const splitGuard = ({ split(separator, limit) {
    if (typeof this === 'string' && this.length > maxSplit && limit === undefined) {
      let pieces = 0;
      if (separator === '') pieces = this.length;
      else if (typeof separator === 'string') {
        for (let at = apply(indexOf, this, [separator]); at >= 0 && pieces <= maxSplit; at = apply(indexOf, this, [separator, at + separator.length])) pieces++;
      }
      if (pieces > maxSplit) splitTooLarge(pieces);
    }
    return apply(origSplit, this, arguments);
  } }).split;
  defineProperty(SP, 'split', { value: splitGuard, writable: true, enumerable: false, configurable: true });
  // Array.prototype.fill of a dictionary-mode (longer than 2**25) array: gigabytes and minutes.
  const AP = g.Array.prototype;
  const origFill = AP.fill;
  const MathMin = Math.min;
  const MathMax = Math.max;
  const MathTrunc = Math.trunc;
  const relative = (v, len, dflt) => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number') return NaN;
    const n = MathTrunc(v) || 0;
    return n < 0 ? MathMax(len + n, 0) : MathMin(n, len);
  };
  const fillGuard = ({ fill(value) {
    if (isArray(this) && !isProxy(this) && this.length > maxFill) {
      const len = this.length;
      const from = relative(arguments[1], len, 0);
      const to = relative(arguments[2], len, len);
      if (to - from > maxFill) fillTooLarge(to - from);
    }
    return apply(origFill, this, arguments);
  } }).fill;
  defineProperty(AP, 'fill', { value: fillGuard, writable: true, enumerable: false, configurable: true });
  // Nested joins throw what Node's stack throws, at about the depth Node's stack allows.
  let joinDepth = 0;
  for (const name of ['join', 'toLocaleString']) {
    const orig = AP[name];
    const guard = ({ [name]() {
      if (joinDepth >= maxJoinDepth) joinTooDeep();
      joinDepth++;
      try {
        return apply(orig, this, arguments);
      } finally {
        joinDepth--;
      }
    } })[name];
    defineProperty(guard, 'length', { value: orig.length, configurable: true });
    defineProperty(AP, name, { value: guard, writable: true, enumerable: false, configurable: true });
  }
  // JSON.stringify of a value nested deeper than maxJsonDepth: a walk of own data properties of
  // ordinary objects and arrays (no getter, no Proxy trap runs), given up after a million slots.
  const keysOf = Object.keys;
  const nestedDeeperThan = (root, limit) => {
    if (root === null || typeof root !== 'object' || isProxy(root)) return false;
    const values = [root];
    const depths = [1];
    let budget = 1e6;
    while (values.length) {
      const v = values.pop();
      const d = depths.pop();
      if (d > limit) return true;
      const visit = (key) => {
        const desc = getOwnPropertyDescriptor(v, key);
        const x = desc && 'value' in desc ? desc.value : undefined;
        if (x !== null && typeof x === 'object' && !isProxy(x) && lengthOfTA(x) < 0) {
          values.push(x);
          depths.push(d + 1);
        }
      };
      if (isArray(v)) {
        const n = v.length;
        if (n > budget) return false;
        budget -= n;
        for (let i = 0; i < n; i++) visit(i);
      } else {
        const ks = keysOf(v);
        budget -= ks.length;
        if (budget < 0) return false;
        for (let i = 0; i < ks.length; i++) visit(ks[i]);
      }
      if (--budget < 0) return false;
    }
    return false;
  };
  const JSONObject = g.JSON;
  const origStringify = JSONObject.stringify;
  const stringifyGuard = ({ stringify(value) {
    if (nestedDeeperThan(value, maxJsonDepth)) joinTooDeep();
    return apply(origStringify, JSONObject, arguments);
  } }).stringify;
  defineProperty(stringifyGuard, 'length', { value: 3, configurable: true });
  defineProperty(JSONObject, 'stringify', { value: stringifyGuard, writable: true, enumerable: false, configurable: true });
  // structuredClone (host-implemented) copies binary data through here, inside the budget.
  const toStringTag = getOwnPropertyDescriptor(TAP, Symbol.toStringTag).get;
  const abSlice = ABP.slice; // the wrapped one: charged
  const cloneBinary = (v) => {
    if (byteLengthOf(v) >= 0) return apply(abSlice, v, [0]);
    const tag = lengthOfTA(v) >= 0 ? apply(toStringTag, v, []) : undefined;
    const Ctor = tag && guardedByName.get(tag);
    return Ctor ? construct(Ctor, [v]) : undefined;
  };
  // A realm view (or a new array) of a guarded typed-array class, for host-implemented APIs (Buffer).
  const makeTyped = (name, args) => (args === null ? guardedByName.get(name) : construct(guardedByName.get(name), args));
  return { guardedCtors, cloneBinary, makeTyped };
})`;

/** Installs the allocation guards in the interpreter's realm (once, before the program runs). */
export function installLimits(rt: Interpreter, opts: { maxArrayBufferBytes?: number; maxSplitPieces?: number; maxSparseFill?: number; maxJoinDepth?: number } = {}): void {
  const state: LimitState = { used: 0, max: opts.maxArrayBufferBytes ?? LIMIT_DEFAULTS.maxArrayBufferBytes, hit: null, cloneBinary: () => undefined, makeTyped: () => undefined, work: 0 };
  states.set(rt, state);
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  const fail = (kind: LimitHit['kind'], message: string, guestMessage: string): never => {
    const node = rt.callNode ?? rt.currentNode;
    if (!state.hit) state.hit = { kind, node, message, guestMessage };
    throw rt.makeError('RangeError', guestMessage);
  };
  const budgetMessage = () => `the memory budget for ArrayBuffers (${mb(state.max)}) ran out`;
  const wouldExceed = (bytes: number) => {
    if (state.used + bytes > state.max) fail('array-buffer', budgetMessage(), 'Array buffer allocation failed');
  };
  const charge = (bytes: number) => {
    state.used += bytes;
    if (state.used > state.max) fail('array-buffer', budgetMessage(), 'Array buffer allocation failed');
  };
  const maxSplit = opts.maxSplitPieces ?? LIMIT_DEFAULTS.maxSplitPieces;
  const splitTooLarge = (_pieces: number) =>
    fail('split', `String.prototype.split into more than ${maxSplit.toLocaleString('en-US')} pieces (V8 aborts the process there) was stopped`, 'Invalid array length');
  const maxFill = opts.maxSparseFill ?? LIMIT_DEFAULTS.maxSparseFill;
  const fillTooLarge = (n: number) =>
    fail('sparse-fill', `Array.prototype.fill of ${n.toLocaleString('en-US')} elements of a sparse array (V8 stores each in a dictionary: gigabytes) was stopped`, 'Invalid array length');
  const joinTooDeep = () => {
    throw rt.makeError('RangeError', 'Maximum call stack size exceeded');
  };
  const install = vm.runInContext(GUARD_SOURCE, rt.realm.context) as Function;
  const installed: { guardedCtors: any[]; cloneBinary: (v: any) => any; makeTyped: (name: string, args: any[]) => any } = install(wouldExceed, charge, splitTooLarge, fillTooLarge, joinTooDeep, (v: any) => util.types.isProxy(v), maxSplit, maxFill, opts.maxJoinDepth ?? LIMIT_DEFAULTS.maxJoinDepth, LIMIT_DEFAULTS.maxJsonDepth);
  const guarded = installed.guardedCtors;
  for (let i = 0; i < guarded.length; i += 2) guardedNames.set(guarded[i], guarded[i + 1]);
  // The membrane's Proxy is a proxy over the native one too (membrane.ts): V8 would print it nameless.
  guardedNames.set(rt.global.Proxy, 'Proxy');
  state.cloneBinary = installed.cloneBinary;
  state.makeTyped = installed.makeTyped;
}

/**
 * A realm typed array made by the guarded intrinsic `name` (never the guest's global of that name),
 * inside the budget: \`(length)\` allocates, \`(arrayBuffer, offset, length)\` views.
 */
export function makeTypedArray(rt: Interpreter, name: string, args: any[]): any {
  const state = states.get(rt);
  if (!state) throw new Error('limits are not installed');
  return state.makeTyped(name, args);
}

/** The guarded realm typed-array class `name` (what the guest's global of that name was at the start). */
export function typedArrayClass(rt: Interpreter, name: string): any {
  const state = states.get(rt);
  if (!state) throw new Error('limits are not installed');
  return state.makeTyped(name, null as any);
}

/** The first limit the run ran into, if any. */
export function limitHit(rt: Interpreter): LimitHit | null {
  return states.get(rt)?.hit ?? null;
}

/**
 * Charges `bytes` of a backing store made outside the guarded constructors (SharedArrayBuffer,
 * weakAtomics.ts); `check` only: fail when it would not fit, charge nothing.
 */
export function chargeArrayBufferBytes(rt: Interpreter, bytes: number, check: boolean): void {
  const state = states.get(rt);
  if (!state) return;
  if (state.used + bytes > state.max) {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    if (!state.hit) state.hit = { kind: 'array-buffer', node: rt.callNode ?? rt.currentNode, message: `the memory budget for ArrayBuffers (${mb(state.max)}) ran out`, guestMessage: 'Array buffer allocation failed' };
    throw rt.makeError('RangeError', 'Array buffer allocation failed');
  }
  if (!check) state.used += bytes;
}

/** Bytes of ArrayBuffer backing stores charged so far. */
export function arrayBufferBytesUsed(rt: Interpreter): number {
  return states.get(rt)?.used ?? 0;
}

/** structuredClone of an ArrayBuffer or typed array: a realm copy charged to the budget; undefined for other values. */
export function cloneBinary(rt: Interpreter, v: any): any {
  const state = states.get(rt);
  if (!state || (!util.types.isArrayBuffer(v) && !util.types.isTypedArray(v))) return undefined;
  return state.cloneBinary(v);
}

/**
 * One unit of host-side work on the guest's behalf (a value structuredClone copies...): every 4096,
 * the deadline, since no interpreter step runs meanwhile.
 */
export function workTick(rt: Interpreter): void {
  const state = states.get(rt);
  if (state && (++state.work & 4095) === 0 && Date.now() > rt.deadline) rt.raiseAbort('time-budget', rt.callNode ?? rt.currentNode);
}

// ---- parsing stays linear ----------------------------------------------------------------------
// acorn checks redeclarations with Array.prototype.indexOf over every name already declared in the
// scope: quadratic in the declarations of one scope (200,000 top-level declarations: most of the
// parse). This parser does the same checks with a Set per scope, beside acorn's arrays (which it
// still fills, for acorn's own readers). It relies on acorn's internal binding/scope constants, so
// it is used only when it agrees with acorn on a self-test (else plain acorn, slower but right).

const BIND_LEXICAL = 2;
const BIND_FUNCTION = 3;
const BIND_SIMPLE_CATCH = 4;
const SCOPE_TOP = 1;
const SCOPE_SIMPLE_CATCH = 32;
const SCOPE_VAR = 1 | 2 | 256;

interface ScopeSets {
  var: Set<string>;
  lexical: Set<string>;
  functions: Set<string>;
}

function linearScopes(Parser: typeof acorn.Parser): typeof acorn.Parser {
  const setsOf = new WeakMap<object, ScopeSets>();
  const sets = (scope: any): ScopeSets => {
    let s = setsOf.get(scope);
    if (!s) setsOf.set(scope, (s = { var: new Set(scope.var), lexical: new Set(scope.lexical), functions: new Set(scope.functions) }));
    return s;
  };
  return class extends (Parser as any) {
    declareName(this: any, name: string, bindingType: number, pos: number): void {
      let redeclared = false;
      if (bindingType === BIND_LEXICAL) {
        const scope = this.currentScope();
        const s = sets(scope);
        redeclared = s.lexical.has(name) || s.functions.has(name) || s.var.has(name);
        scope.lexical.push(name);
        s.lexical.add(name);
        if (this.inModule && scope.flags & SCOPE_TOP) delete this.undefinedExports[name];
      } else if (bindingType === BIND_SIMPLE_CATCH) {
        const scope = this.currentScope();
        scope.lexical.push(name);
        sets(scope).lexical.add(name);
      } else if (bindingType === BIND_FUNCTION) {
        const scope = this.currentScope();
        const s = sets(scope);
        redeclared = this.treatFunctionsAsVar ? s.lexical.has(name) : s.lexical.has(name) || s.var.has(name);
        scope.functions.push(name);
        s.functions.add(name);
      } else {
        for (let i = this.scopeStack.length - 1; i >= 0; --i) {
          const scope = this.scopeStack[i];
          const s = sets(scope);
          if ((s.lexical.has(name) && !(scope.flags & SCOPE_SIMPLE_CATCH && scope.lexical[0] === name)) || (!this.treatFunctionsAsVarInScope(scope) && s.functions.has(name))) {
            redeclared = true;
            break;
          }
          scope.var.push(name);
          s.var.add(name);
          if (this.inModule && scope.flags & SCOPE_TOP) delete this.undefinedExports[name];
          if (scope.flags & SCOPE_VAR) break;
        }
      }
      if (redeclared) this.raiseRecoverable(pos, `Identifier '${name}' has already been declared`);
    }
  } as any;
}

/** The parser class behind parseLinear (acorn's own when the self-test failed): TypeScript's fast path extends it. */
export let linearParserClass: typeof acorn.Parser = acorn.Parser;

/** acorn.parse, with linear redeclaration checks when they agree with acorn's on a self-test. */
export const parseLinear: typeof acorn.parse = (() => {
  let Linear: typeof acorn.Parser;
  try {
    Linear = acorn.Parser.extend(linearScopes as any);
  } catch {
    return acorn.parse;
  }
  const probes: [string, acorn.Options][] = [
    ['let a; var a;', { ecmaVersion: 'latest' }],
    ['var a; let a;', { ecmaVersion: 'latest' }],
    ['function f() {} let f;', { ecmaVersion: 'latest' }],
    ['{ function g() {} function g() {} }', { ecmaVersion: 'latest' }],
    ["'use strict'; { function g() {} function g() {} }", { ecmaVersion: 'latest' }],
    ['function h() {} function h() {} var h;', { ecmaVersion: 'latest' }],
    ['try {} catch (e) { var e; }', { ecmaVersion: 'latest' }],
    ['try {} catch (e) { let e; }', { ecmaVersion: 'latest' }],
    ['try {} catch ([e]) { var e; }', { ecmaVersion: 'latest' }],
    ['switch (1) { case 1: let q; case 2: let q; }', { ecmaVersion: 'latest' }],
    ['class C { static { var s; let s; } }', { ecmaVersion: 'latest' }],
    ['export { nope }; let yes;', { ecmaVersion: 'latest', sourceType: 'module' }],
    ['let x; export { x }; var y = () => { let x; var z; };', { ecmaVersion: 'latest', sourceType: 'module' }],
    ['for (let i;;) { var i; }', { ecmaVersion: 'latest' }],
    ['(a, a) => 1', { ecmaVersion: 'latest' }],
  ];
  const outcome = (parse: typeof acorn.parse, src: string, o: acorn.Options) => {
    try {
      return JSON.stringify(parse(src, o));
    } catch (e: any) {
      return 'error: ' + String(e && e.message);
    }
  };
  const linear: typeof acorn.parse = (input, options) => Linear.parse(input, options);
  for (const [src, o] of probes) if (outcome(linear, src, o) !== outcome(acorn.parse, src, o)) return acorn.parse;
  linearParserClass = Linear;
  return linear;
})();
