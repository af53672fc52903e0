// TextEncoder and TextDecoder (WHATWG Encoding), simulated: pure functions of their input, so they
// are computed, not refused. The host's own TextEncoder / TextDecoder (Node's, full ICU) do the
// coding, so every label, replacement character and streaming boundary is Node's.
// Invariant: only strings, numbers and booleans cross to the host coder, and bytes: a guest buffer
// is read through a host view over its backing store (host intrinsic getters, no guest getter or
// trap), and bytes come back as a realm Uint8Array made inside the ArrayBuffer budget (limits.ts).
// Each realm decoder keeps its host decoder (its stream state) in a host WeakMap.
import * as util from 'util';
import type { Interpreter } from './runtime';
import { describeReceived } from './globals';
import { cloneBinary } from './limits';
import { constructorName, definePlatformInspector, pastDepth } from './platformInspect';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

export interface TextCodingApi {
  TextEncoder: any;
  TextDecoder: any;
}

const apis = new WeakMap<Interpreter, TextCodingApi>();

export function textCodingOf(rt: Interpreter, native: Native): TextCodingApi {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeTextCoding(rt, native)));
  return api;
}

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const get = (proto: any, key: string) => Object.getOwnPropertyDescriptor(proto, key)!.get!;
const taBuffer = get(TypedArrayProto, 'buffer');
const taOffset = get(TypedArrayProto, 'byteOffset');
const taByteLength = get(TypedArrayProto, 'byteLength');
const dvBuffer = get(DataView.prototype, 'buffer');
const dvOffset = get(DataView.prototype, 'byteOffset');
const dvByteLength = get(DataView.prototype, 'byteLength');

/** A host Uint8Array over the bytes of a guest ArrayBuffer, SharedArrayBuffer or view; null for anything else. */
export function hostBytesOf(v: any): Uint8Array | null {
  if ((typeof v !== 'object' && typeof v !== 'function') || v === null || util.types.isProxy(v)) return null;
  if (util.types.isAnyArrayBuffer(v)) return new Uint8Array(v);
  if (util.types.isTypedArray(v)) return new Uint8Array(Reflect.apply(taBuffer, v, []), Reflect.apply(taOffset, v, []), Reflect.apply(taByteLength, v, []));
  if (util.types.isDataView(v)) return new Uint8Array(Reflect.apply(dvBuffer, v, []), Reflect.apply(dvOffset, v, []), Reflect.apply(dvByteLength, v, []));
  return null;
}

function makeTextCoding(rt: Interpreter, native: Native): TextCodingApi {
  const define = (o: any, name: string | symbol, value: any, enumerable = true) => Object.defineProperty(o, name, { value, writable: true, enumerable, configurable: true });
  const getter = (o: any, name: string, f: (self: any) => any) => Object.defineProperty(o, name, { get: native(`get ${name}`, 0, (self) => f(self)), enumerable: true, configurable: true });
  const tag = (o: any, name: string) => Object.defineProperty(o, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  const invalidThis = (type: string) => rt.makeCodedError('TypeError', `Value of "this" must be of type ${type}`, 'ERR_INVALID_THIS');
  /** A host coder's error, as the guest's: same class, message and code. */
  const guestError = (e: any) => {
    const name = e && (e.name === 'RangeError' || e.name === 'TypeError') ? e.name : 'Error';
    return typeof e?.code === 'string' ? rt.makeCodedError(name, String(e.message), e.code) : rt.makeError(name, String(e?.message));
  };
  const protoFor = (newTarget: any, fallback: any) => {
    const p = rt.get(newTarget, 'prototype');
    return (typeof p === 'object' || typeof p === 'function') && p !== null ? p : fallback;
  };
  const realmBytes = (bytes: Uint8Array) => cloneBinary(rt, bytes);

  // ---- TextEncoder ------------------------------------------------------------------------------
  const encoders = new WeakSet<object>();
  const host = new TextEncoder();
  const encoderOf = (o: any) => {
    if (!encoders.has(o)) throw invalidThis('TextEncoder');
  };
  const TextEncoderCtor: any = rt.realm.helpers.nativeCtor(
    (_t, _args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor TextEncoder cannot be invoked without 'new'");
      const o = Object.create(protoFor(newTarget, TextEncoderCtor.prototype));
      encoders.add(o);
      return o;
    },
    'TextEncoder',
    0,
  );
  const ep = TextEncoderCtor.prototype;
  getter(ep, 'encoding', (o) => (encoderOf(o), 'utf-8'));
  define(ep, 'encode', native('encode', 0, (o, args) => {
    encoderOf(o);
    const input = args[0] === undefined ? '' : String(args[0]);
    return realmBytes(host.encode(input));
  }));
  define(ep, 'encodeInto', native('encodeInto', 2, (o, args) => {
    encoderOf(o);
    const src = String(args[0]);
    const dest = args[1];
    const bytes = util.types.isUint8Array(dest) && !util.types.isProxy(dest) ? hostBytesOf(dest) : null;
    if (bytes === null) throw rt.makeCodedError('TypeError', `The "dest" argument must be an instance of Uint8Array. Received ${describeReceived(dest)}`, 'ERR_INVALID_ARG_TYPE');
    const { read, written } = host.encodeInto(src, bytes);
    return rt.realm.membrane.record2('read', read, 'written', written);
  }));
  definePlatformInspector(rt, ep, (self, depth, opts) => {
    if (!encoders.has(self)) return undefined;
    if (depth < 0) return pastDepth(self, 'TextEncoder', opts);
    // (Node's obj is no instance of the class it names: util.inspect prints it as a plain object.)
    return util.inspect({ encoding: 'utf-8' }, opts);
  });
  tag(ep, 'TextEncoder');

  // ---- TextDecoder ------------------------------------------------------------------------------
  const decoders = new WeakMap<object, TextDecoder>();
  const decoderOf = (o: any): TextDecoder => {
    const d = decoders.get(o);
    if (!d) throw invalidThis('TextDecoder');
    return d;
  };
  /** Node's check of an options argument: undefined, null or an object (else its TypeError). */
  const optionsArg = (v: any): any => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' && typeof v !== 'function') throw rt.makeCodedError('TypeError', `The "options" argument must be of type object. Received ${describeReceived(v)}`, 'ERR_INVALID_ARG_TYPE');
    return v;
  };
  const TextDecoderCtor: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor TextDecoder cannot be invoked without 'new'");
      const label = args[0] === undefined ? 'utf-8' : String(args[0]);
      const options = optionsArg(args[1]);
      const fatal = options !== null && !!rt.get(options, 'fatal');
      const ignoreBOM = options !== null && !!rt.get(options, 'ignoreBOM');
      let d: TextDecoder;
      try {
        d = new TextDecoder(label, { fatal, ignoreBOM });
      } catch (e) {
        throw guestError(e);
      }
      const o = Object.create(protoFor(newTarget, TextDecoderCtor.prototype));
      decoders.set(o, d);
      return o;
    },
    'TextDecoder',
    0,
  );
  const dp = TextDecoderCtor.prototype;
  define(dp, 'decode', native('decode', 0, (o, args) => {
    const d = decoderOf(o);
    const input = args[0];
    let bytes: Uint8Array | null = input === undefined ? new Uint8Array(0) : hostBytesOf(input);
    const options = optionsArg(args[1]);
    const stream = options !== null && !!rt.get(options, 'stream');
    try {
      // (Not a buffer: the host decoder's own error, given a stand-in of the same kind.)
      if (bytes === null) return d.decode((typeof input === 'object' || typeof input === 'function') && input !== null ? ({} as any) : input, { stream });
      const text = d.decode(bytes, { stream });
      bytes = null;
      return text;
    } catch (e) {
      throw guestError(e);
    }
  }));
  getter(dp, 'encoding', (o) => decoderOf(o).encoding);
  getter(dp, 'fatal', (o) => decoderOf(o).fatal);
  getter(dp, 'ignoreBOM', (o) => decoderOf(o).ignoreBOM);
  definePlatformInspector(rt, dp, (self, depth, opts) => {
    const d = decoders.get(self);
    if (!d) return undefined;
    if (depth < 0) return pastDepth(self, 'TextDecoder', opts);
    // (Node formats the fields with inspect's defaults, not the caller's options.)
    return `${constructorName(self, 'TextDecoder')} ${util.inspect({ encoding: d.encoding, fatal: d.fatal, ignoreBOM: d.ignoreBOM })}`;
  });
  tag(dp, 'TextDecoder');
  return { TextEncoder: TextEncoderCtor, TextDecoder: TextDecoderCtor };
}
