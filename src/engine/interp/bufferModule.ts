// Buffer and the `buffer` module, simulated. A Buffer is a realm Uint8Array whose prototype is the
// realm's Buffer.prototype (itself a Uint8Array.prototype), as Node's FastBuffer is. Every method
// is the host's own Buffer method run on a host view of the same bytes, so encodings, bounds checks
// and error messages are Node's.
// Invariant: host Buffer code never sees a guest object. An argument is a primitive, a host view over
// a guest typed array's bytes, or a host stand-in that only carries what Node's error message shows
// (the constructor's name, read by descriptors); results are primitives or bytes copied into realm
// Buffers. Every byte a Buffer holds is allocated by the guarded realm Uint8Array (limits.ts): the
// budget is charged before the host writes into it, so no host allocation grows with guest input.
import { Buffer as HostBuffer, constants as hostConstants, isAscii as hostIsAscii, isUtf8 as hostIsUtf8 } from 'buffer';
import * as util from 'util';
import { runsOnNode24, type Interpreter } from './runtime';
import { makeTypedArray, typedArrayClass } from './limits';
import { constructorName, definePlatformInspector } from './platformInspect';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

export interface BufferApi {
  Buffer: any;
  module: () => any;
  /** A new zeroed realm Buffer of `n` bytes (charged to the budget). */
  alloc: (n: number) => any;
  /** A realm Buffer holding a copy of host bytes (charged to the budget). */
  fromBytes: (bytes: Uint8Array) => any;
}

const apis = new WeakMap<Interpreter, BufferApi>();

export function bufferApiOf(rt: Interpreter, native: Native): BufferApi {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeBuffer(rt, native)));
  return api;
}

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const getterOf = (proto: any, key: string | symbol) => Object.getOwnPropertyDescriptor(proto, key)!.get!;
const taBuffer = getterOf(TypedArrayProto, 'buffer');
const taOffset = getterOf(TypedArrayProto, 'byteOffset');
const taLength = getterOf(TypedArrayProto, 'length');
const taTag = getterOf(TypedArrayProto, Symbol.toStringTag);
const INSPECT_MAX_BYTES = 50;
/** Host Buffer.prototype methods that take and answer only bytes, numbers and strings: run as they are. */
const SKIP = new Set(['constructor', 'parent', 'offset', 'toJSON', 'subarray', 'slice', 'inspect', 'toLocaleString']);

/** What Node's error message shows of a guest object (a host object of the same class name), and nothing else. */
export function standIn(v: any): any {
  if (Array.isArray(v)) return [];
  if (typeof v === 'function') {
    const d = util.types.isProxy(v) ? undefined : Object.getOwnPropertyDescriptor(v, 'name');
    const name = d && 'value' in d && typeof d.value === 'string' ? d.value : '';
    return { [name]: function () {} }[name];
  }
  const name = constructorName(v, '');
  if (name === '') return Object.create(null);
  return new ({ [name]: class {} } as any)[name]();
}

function makeBuffer(rt: Interpreter, native: Native): BufferApi {
  // Node 24 (the runtime of .ts files) allows buffers up to 2**53 - 1 bytes and pools 64 KB.
  const node24 = runsOnNode24(rt);
  const MAX_LENGTH = node24 ? Number.MAX_SAFE_INTEGER : hostConstants.MAX_LENGTH;
  const POOL_SIZE = node24 ? 65536 : HostBuffer.poolSize;
  const hostMaxText = `<= ${hostConstants.MAX_LENGTH}`;
  const isRealmView = (v: any) => util.types.isTypedArray(v) && !util.types.isProxy(v);
  /** A host typed array of the same kind over the same bytes (a Uint8Array: a host Buffer). */
  const hostView = (v: any): any => {
    const buffer = Reflect.apply(taBuffer, v, []);
    const offset = Reflect.apply(taOffset, v, []);
    const length = Reflect.apply(taLength, v, []);
    const tag = Reflect.apply(taTag, v, []) as string;
    if (tag === 'Uint8Array') return HostBuffer.from(buffer, offset, length);
    const C = (globalThis as any)[tag];
    return new C(buffer, offset, length);
  };
  const hostArg = (v: any): any => ((typeof v !== 'object' && typeof v !== 'function') || v === null ? v : isRealmView(v) ? hostView(v) : standIn(v));
  /** A host error from Node's Buffer code, as the guest's: same class, message and code. */
  const guestError = (e: any): any => {
    const name = e && (e.name === 'RangeError' || e.name === 'TypeError') ? e.name : 'Error';
    const message = node24 ? String(e?.message).replace(hostMaxText, `<= ${MAX_LENGTH}`) : String(e?.message);
    return typeof e?.code === 'string' ? rt.makeCodedError(name, message, e.code) : rt.makeError(name, message);
  };
  const host = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw guestError(e);
    }
  };

  // ---- making Buffers ---------------------------------------------------------------------------
  let proto: any = null;
  /** A new zeroed realm Buffer of `n` bytes, charged to the budget first. */
  const alloc = (n: number): any => {
    const b = makeTypedArray(rt, 'Uint8Array', [n]);
    Object.setPrototypeOf(b, proto);
    return b;
  };
  /** A realm Buffer over part of a realm ArrayBuffer (no bytes allocated). */
  const view = (arrayBuffer: any, offset: number, length: number): any => {
    const b = makeTypedArray(rt, 'Uint8Array', [arrayBuffer, offset, length]);
    Object.setPrototypeOf(b, proto);
    return b;
  };
  /** A realm Buffer holding a copy of host bytes. */
  const copyOf = (bytes: Uint8Array): any => {
    const b = alloc(bytes.length);
    hostView(b).set(bytes);
    return b;
  };
  /** Node's fromArrayLike: each element through ToNumber and ToUint8, as TypedArray set does. */
  const fromArrayLike = (list: any, length: number): any => {
    const b = alloc(length);
    const n = Reflect.apply(taLength, b, []);
    for (let i = 0; i < n; i++) b[i] = rt.get(list, i);
    return b;
  };
  const fromString = (s: string, encoding: any): any => {
    const enc = hostArg(encoding);
    const n = host(() => HostBuffer.byteLength(s, enc));
    const b = alloc(n);
    if (n > 0) host(() => hostView(b).write(s, 0, n, enc === undefined ? 'utf8' : enc));
    return b;
  };
  // Node's Buffer.from (lib/buffer.js), branch by branch.
  const from = (value: any, encodingOrOffset: any, length: any): any => {
    if (typeof value === 'string') return fromString(value, encodingOrOffset);
    if (typeof value === 'object' && value !== null) {
      if (util.types.isAnyArrayBuffer(value) && !util.types.isProxy(value)) {
        // Node's own checks of offset and length (a host view over the same memory, then ours).
        const hb = host(() => HostBuffer.from(value, hostArg(encodingOrOffset), hostArg(length)));
        return view(value, hb.byteOffset, hb.length);
      }
      const valueOfFn = rt.get(value, 'valueOf');
      const prim = typeof valueOfFn === 'function' ? rt.call(valueOfFn, value, []) : valueOfFn;
      if (prim !== null && prim !== undefined && prim !== value && (typeof prim === 'string' || typeof prim === 'object')) return from(prim, encodingOrOffset, length);
      // fromObject: anything with a length (or a buffer) is array-like; then { type: 'Buffer', data }.
      const len = rt.get(value, 'length');
      const inner = len === undefined ? rt.get(value, 'buffer') : undefined;
      if (len !== undefined || (util.types.isAnyArrayBuffer(inner) && !util.types.isProxy(inner))) {
        if (typeof len !== 'number' || !(len > 0)) return alloc(0);
        if (isRealmView(value)) {
          const b = alloc(len);
          hostView(b).set(hostView(value));
          return b;
        }
        return fromArrayLike(value, len);
      }
      if (rt.get(value, 'type') === 'Buffer') {
        const data = rt.get(value, 'data');
        if (Array.isArray(data)) return data.length > 0 ? fromArrayLike(data, data.length) : alloc(0);
      }
      const toPrimitive = rt.get(value, Symbol.toPrimitive);
      if (typeof toPrimitive === 'function') {
        const p = rt.call(toPrimitive, value, ['string']);
        if (typeof p === 'string') return fromString(p, encodingOrOffset);
      }
    }
    return host(() => HostBuffer.from(hostArg(value)));
  };
  const validSize = (size: any): size is number => typeof size === 'number' && size >= 0 && size <= MAX_LENGTH;

  // ---- the Buffer function and its statics ------------------------------------------------------
  let deprecationShown = false;
  const BufferCtor: any = rt.realm.helpers.nativeCtor(
    (_t, { 0: arg, 1: encodingOrOffset, 2: length }) => {
      // The deprecated Buffer(arg, encodingOrOffset, length): a number allocates, anything else is from().
      if (!deprecationShown) {
        deprecationShown = true;
        rt.emitProcessWarning?.('Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.', 'DeprecationWarning', 'DEP0005');
      }
      if (typeof arg === 'number') {
        if (typeof encodingOrOffset === 'string') throw rt.makeCodedError('TypeError', 'The "string" argument must be of type string. Received type number (' + String(arg) + ')', 'ERR_INVALID_ARG_TYPE');
        if (!validSize(arg)) host(() => HostBuffer.alloc(arg));
        return alloc(arg);
      }
      return from(arg, encodingOrOffset, length);
    },
    'Buffer',
    3,
  );
  proto = BufferCtor.prototype;
  const U8 = typedArrayClass(rt, 'Uint8Array');
  Object.setPrototypeOf(proto, U8.prototype);
  Object.setPrototypeOf(BufferCtor, U8);
  const staticFn = (name: string, length: number, f: (args: any[]) => any) =>
    Object.defineProperty(BufferCtor, name, { value: native(name, length, (_t, args) => f(args)), writable: true, enumerable: true, configurable: true });
  Object.defineProperty(BufferCtor, 'poolSize', { value: POOL_SIZE, writable: true, enumerable: true, configurable: true });
  staticFn('from', 3, ({ 0: value, 1: encodingOrOffset, 2: length }) => from(value, encodingOrOffset, length));
  const allocStatic = (name: string, fill: boolean) =>
    staticFn(name, fill ? 3 : 1, ({ 0: size, 1: fillValue, 2: encoding }) => {
      if (!validSize(size)) host(() => HostBuffer.alloc(size));
      const b = alloc(size);
      if (fill && fillValue !== undefined && fillValue !== 0 && size > 0) host(() => hostView(b).fill(hostArg(fillValue), hostArg(encoding)));
      return b;
    });
  allocStatic('alloc', true);
  allocStatic('allocUnsafe', false);
  allocStatic('allocUnsafeSlow', false);
  const hasInstance = rt.intr.FunctionPrototype[Symbol.hasInstance];
  staticFn('isBuffer', 1, ({ 0: b }) => rt.call(hasInstance, BufferCtor, [b]) === true);
  staticFn('compare', 2, ({ 0: a, 1: b }) => host(() => HostBuffer.compare(hostArg(a), hostArg(b))));
  staticFn('isEncoding', 1, ({ 0: e }) => HostBuffer.isEncoding(hostArg(e)));
  staticFn('byteLength', 2, ({ 0: s, 1: e }) => host(() => HostBuffer.byteLength(hostArg(s), hostArg(e))));
  staticFn('concat', 2, ({ 0: list, 1: totalLength }) => {
    if (!Array.isArray(list)) return host(() => HostBuffer.concat(hostArg(list)));
    if (list.length === 0) return alloc(0);
    const items: any[] = [];
    for (let i = 0; i < list.length; i++) {
      const item = rt.get(list, i);
      // (Node's message names the index: the host checks a list of empty views up to this one.)
      if (!util.types.isUint8Array(item) || util.types.isProxy(item)) host(() => HostBuffer.concat([...items.map(() => new Uint8Array(0)), hostArg(item)]));
      items.push(item);
    }
    let total = 0;
    for (const it of items) total += Reflect.apply(taLength, it, []);
    if (totalLength !== undefined) {
      host(() => HostBuffer.concat([], hostArg(totalLength)));
      total = totalLength;
    }
    const out = alloc(total);
    const target = hostView(out);
    let at = 0;
    for (const it of items) {
      if (at >= total) break;
      at += hostView(it).copy(target, at);
    }
    return out;
  });

  // ---- Buffer.prototype ---------------------------------------------------------------------------
  const self = (o: any): HostBuffer => {
    if (!isRealmView(o) || !util.types.isUint8Array(o)) throw rt.makeCodedError('TypeError', 'The "buffer" argument must be an instance of Buffer or Uint8Array.', 'ERR_INVALID_ARG_TYPE');
    return hostView(o);
  };
  const method = (name: string, length: number, f: (o: any, args: any[]) => any) =>
    Object.defineProperty(proto, name, { value: native(name, length, f), writable: true, enumerable: true, configurable: true });
  const slicer = (name: string) =>
    method(name, 2, (o, { 0: start, 1: end }) => {
      const hb = self(o);
      const part = host(() => hb.subarray(hostArg(start), hostArg(end)));
      return view(Reflect.apply(taBuffer, o, []), part.byteOffset, part.length);
    });
  const hostProto = HostBuffer.prototype as any;
  for (const name of Object.getOwnPropertyNames(hostProto)) {
    const d = Object.getOwnPropertyDescriptor(hostProto, name)!;
    if (name === 'parent' || name === 'offset') {
      const get = name === 'parent' ? taBuffer : taOffset;
      Object.defineProperty(proto, name, { get: native(`get ${name}`, 0, (o) => (isRealmView(o) ? Reflect.apply(get, o, []) : undefined)), enumerable: true, configurable: true });
      continue;
    }
    if (name === 'subarray' || name === 'slice') {
      slicer(name);
      continue;
    }
    if (name === 'toJSON') {
      method('toJSON', 0, (o) => {
        const hb = self(o);
        const data = rt.newArray(Array.from(hb));
        return rt.realm.membrane.record2('type', 'Buffer', 'data', data);
      });
      continue;
    }
    if (SKIP.has(name) || typeof d.value !== 'function') continue;
    const f = d.value as Function;
    // (Node takes the value these write as a number: `+value`, or ToUint32 in fill.)
    const coercesValue = name === 'fill' || /^write(U?Int|Uint|Float|Double)/.test(name);
    method(name, f.length, (o, args) => {
      const hb = self(o);
      const hostArgs: any[] = [];
      for (let i = 0; i < args.length; i++) hostArgs.push(i === 0 && coercesValue && typeof args[0] === 'object' && args[0] !== null && !isRealmView(args[0]) ? Number(args[0]) : hostArg(args[i]));
      const r = host(() => Reflect.apply(f, hb, hostArgs));
      // fill and the swaps answer the buffer itself; the rest, numbers, strings and booleans.
      return r === hb ? o : typeof r === 'object' && r !== null ? undefined : r;
    });
  }
  Object.defineProperty(proto, 'toLocaleString', { value: proto.toString, writable: true, enumerable: true, configurable: true });
  // Node's inspector (lib/buffer.js): `<Buffer 68 69>`, at most 50 bytes, then the own non-index
  // properties a program added (their primitive values).
  definePlatformInspector(rt, proto, (o, _depth, opts) => {
    if (!isRealmView(o)) return undefined;
    const hb = hostView(o);
    const length = hb.length;
    let text = hb.toString('hex', 0, Math.min(INSPECT_MAX_BYTES, length)).replace(/(.{2})/g, '$1 ').trim();
    const remaining = length - INSPECT_MAX_BYTES;
    if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    const extras: Record<string, any> = Object.create(null);
    let any = false;
    for (const k of length <= 10_000 ? Object.keys(o) : []) {
      if (/^(0|[1-9]\d*)$/.test(k)) continue;
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (!d || !('value' in d) || (typeof d.value === 'object' && d.value !== null) || typeof d.value === 'function') continue;
      extras[k] = d.value;
      any = true;
    }
    if (any) text += (length !== 0 ? ', ' : '') + util.inspect(extras, { ...opts, breakLength: Infinity, compact: true }).slice(27, -2);
    return `<${constructorName(o, 'Buffer')} ${text}>`;
  });
  Object.defineProperty(proto, 'inspect', { value: proto[Symbol.for('nodejs.util.inspect.custom')], writable: true, enumerable: true, configurable: true });

  const module = () => {
    const m = rt.newObject();
    m.Buffer = BufferCtor;
    m.SlowBuffer = BufferCtor;
    m.isUtf8 = native('isUtf8', 1, (_t, { 0: v }) => host(() => hostIsUtf8(hostArg(v))));
    m.isAscii = native('isAscii', 1, (_t, { 0: v }) => host(() => hostIsAscii(hostArg(v))));
    m.kMaxLength = MAX_LENGTH;
    m.kStringMaxLength = hostConstants.MAX_STRING_LENGTH;
    m.btoa = rt.global.btoa;
    m.atob = rt.global.atob;
    const c = rt.newObject();
    c.MAX_LENGTH = MAX_LENGTH;
    c.MAX_STRING_LENGTH = hostConstants.MAX_STRING_LENGTH;
    m.constants = c;
    m.INSPECT_MAX_BYTES = INSPECT_MAX_BYTES;
    return m;
  };
  return { Buffer: BufferCtor, module, alloc, fromBytes: copyOf };
}
