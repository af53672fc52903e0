// The Web Crypto global's random functions and the `crypto` module's pure parts, simulated:
// randomness comes from the analysis's seeded generator (the one Math.random uses), so a run is
// reproducible; hashes and HMACs are computed by the host's own OpenSSL (the same digests as Node).
// Invariant: only strings, numbers and bytes cross: guest data is read through host views of its
// bytes (textCoding.ts hostBytesOf), keys and encodings are primitives or such views, and the host
// Hash / Hmac objects live in a host WeakMap keyed by the realm objects the guest holds.
import * as hostCrypto from 'crypto';
import * as util from 'util';
import type { Interpreter } from './runtime';
import { abortApiOf } from './abortModule';
import { bufferApiOf } from './bufferModule';
import { describeReceived } from './globals';
import { hostBytesOf } from './textCoding';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

export interface CryptoApi {
  /** globalThis.crypto (Node's webcrypto): getRandomValues, randomUUID. */
  webcrypto: any;
  module: () => any;
}

const apis = new WeakMap<Interpreter, CryptoApi>();

export function cryptoApiOf(rt: Interpreter, native: Native, g: any): CryptoApi {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeCrypto(rt, native, g)));
  return api;
}

const INTEGER_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array']);
const taTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!.get!;

function makeCrypto(rt: Interpreter, native: Native, g: any): CryptoApi {
  const define = (o: any, name: string, value: any, enumerable = true) => Object.defineProperty(o, name, { value, writable: true, enumerable, configurable: true });
  const random = () => rt.random!();
  const randomByte = () => Math.floor(random() * 256);
  const domException = (message: string, name: string) => {
    const D = abortApiOf(rt, native, g).DOMException;
    return rt.construct(D, [message, name], D);
  };
  const guestError = (e: any): any => {
    const name = e && (e.name === 'RangeError' || e.name === 'TypeError') ? e.name : 'Error';
    return typeof e?.code === 'string' ? rt.makeCodedError(name, String(e.message), e.code) : rt.makeError(name, String(e?.message));
  };
  const host = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw guestError(e);
    }
  };
  const buffers = () => bufferApiOf(rt, native);
  const argType = (name: string, what: string, v: any) => rt.makeCodedError('TypeError', `The "${name}" argument must be ${what}. Received ${describeReceived(v)}`, 'ERR_INVALID_ARG_TYPE');

  // ---- randomness ---------------------------------------------------------------------------------
  const getRandomValues = native('getRandomValues', 1, (_t, { 0: data }) => {
    const tag = util.types.isTypedArray(data) && !util.types.isProxy(data) ? (Reflect.apply(taTag, data, []) as string) : undefined;
    if (tag === undefined || !INTEGER_ARRAYS.has(tag)) throw domException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
    const bytes = hostBytesOf(data)!;
    if (bytes.length > 65536) throw domException(`The requested length exceeds 65,536 bytes`, 'QuotaExceededError');
    for (let i = 0; i < bytes.length; i++) bytes[i] = randomByte();
    return data;
  });
  const randomUUID = native('randomUUID', 0, () => {
    const b = new Uint8Array(16);
    for (let i = 0; i < 16; i++) b[i] = randomByte();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
  const webcrypto = rt.newObject();
  define(webcrypto, 'getRandomValues', getRandomValues);
  define(webcrypto, 'randomUUID', randomUUID);
  Object.defineProperty(webcrypto, Symbol.toStringTag, { value: 'Crypto', writable: false, enumerable: false, configurable: true });

  const noCallback = (name: string, cb: any) => {
    if (cb !== undefined) {
      rt.throwError('Error', `the callback form of crypto.${name}() is not available in the simulation: Event Loop Lens never runs your code for real`);
    }
  };
  const randomBytes = native('randomBytes', 2, (_t, { 0: size, 1: cb }) => {
    noCallback('randomBytes', cb);
    if (typeof size !== 'number') throw argType('size', 'of type number', size);
    if (!(size >= 0 && size <= 2 ** 31 - 1) || !Number.isInteger(size)) throw rt.makeCodedError('RangeError', `The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`, 'ERR_OUT_OF_RANGE');
    const b = buffers().alloc(size);
    const bytes = hostBytesOf(b)!;
    for (let i = 0; i < bytes.length; i++) bytes[i] = randomByte();
    return b;
  });
  const randomInt = native('randomInt', 2, (_t, args) => {
    let min = args[0];
    let max = args[1];
    const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    noCallback('randomInt', cb);
    if (max === undefined || typeof max === 'function') {
      max = min;
      min = 0;
    }
    if (!Number.isSafeInteger(min)) throw argType('min', 'a safe integer', min);
    if (!Number.isSafeInteger(max)) throw argType('max', 'a safe integer', max);
    if (max <= min) throw rt.makeCodedError('RangeError', `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`, 'ERR_OUT_OF_RANGE');
    return min + Math.floor(random() * (max - min));
  });

  // ---- Hash and Hmac --------------------------------------------------------------------------------
  /** A guest string or byte view as host data for update(); anything else, Node's TypeError. */
  const dataOf = (data: any, encoding: any): string | Uint8Array => {
    if (typeof data === 'string') return data;
    const bytes = util.types.isArrayBufferView(data) ? hostBytesOf(data) : null;
    if (bytes === null) throw argType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
    void encoding;
    return bytes;
  };
  const keyOf = (key: any): string | Uint8Array => {
    if (typeof key === 'string') return key;
    const bytes = util.types.isArrayBufferView(key) || util.types.isAnyArrayBuffer(key) ? hostBytesOf(key) : null;
    if (bytes === null) throw argType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', key);
    return Uint8Array.from(bytes);
  };
  const encodingOf = (v: any) => (typeof v === 'string' ? (v as BufferEncoding) : undefined);
  const digests = new WeakMap<object, hostCrypto.Hash | hostCrypto.Hmac>();
  const makeDigestClass = (name: 'Hash' | 'Hmac') => {
    const Ctor: any = rt.realm.helpers.nativeCtor((_t, { 0: algorithm, 1: keyOrOptions }) => create(algorithm, keyOrOptions), name, 2);
    const proto = Ctor.prototype;
    const create = (algorithm: any, keyOrOptions: any) => {
      if (typeof algorithm !== 'string') throw argType(name === 'Hash' ? 'algorithm' : 'hmac', 'of type string', algorithm);
      const h = host(() => (name === 'Hash' ? hostCrypto.createHash(algorithm) : hostCrypto.createHmac(algorithm, keyOf(keyOrOptions))));
      const o = Object.create(proto);
      digests.set(o, h);
      return o;
    };
    const own = (o: any) => digests.get(o) ?? rt.throwError('TypeError', `Value of "this" must be of type ${name}`);
    define(proto, 'update', native('update', 2, (o, { 0: data, 1: encoding }) => {
      const h = own(o);
      const d = dataOf(data, encoding);
      host(() => (typeof d === 'string' ? h.update(d, encodingOf(encoding) ?? 'utf8') : h.update(d)));
      return o;
    }));
    define(proto, 'digest', native('digest', 1, (o, { 0: encoding }) => {
      const h = own(o);
      const out = host(() => h.digest());
      const enc = encodingOf(encoding);
      if (enc !== undefined && (enc as string) !== 'buffer') return host(() => out.toString(enc));
      return buffers().fromBytes(out);
    }));
    if (name === 'Hash') {
      define(proto, 'copy', native('copy', 1, (o) => {
        const h = own(o) as hostCrypto.Hash;
        const c = Object.create(proto);
        digests.set(c, host(() => h.copy()));
        return c;
      }));
    }
    return { Ctor, create };
  };
  const hash = makeDigestClass('Hash');
  const hmac = makeDigestClass('Hmac');

  const module = () => {
    const m = rt.newObject();
    m.createHash = native('createHash', 2, (_t, { 0: algorithm }) => hash.create(algorithm, undefined));
    m.createHmac = native('createHmac', 3, (_t, { 0: algorithm, 1: key }) => hmac.create(algorithm, key));
    m.Hash = hash.Ctor;
    m.Hmac = hmac.Ctor;
    m.randomBytes = randomBytes;
    m.randomInt = randomInt;
    m.randomUUID = randomUUID;
    m.getRandomValues = getRandomValues;
    m.webcrypto = webcrypto;
    m.getHashes = native('getHashes', 0, () => rt.newArray(hostCrypto.getHashes()));
    m.timingSafeEqual = native('timingSafeEqual', 2, (_t, { 0: a, 1: b }) => {
      const x = util.types.isArrayBufferView(a) ? hostBytesOf(a) : null;
      const y = util.types.isArrayBufferView(b) ? hostBytesOf(b) : null;
      if (x === null) throw argType('buf1', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', a);
      if (y === null) throw argType('buf2', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', b);
      return host(() => hostCrypto.timingSafeEqual(x, y));
    });
    return m;
  };
  return { webcrypto, module };
}
