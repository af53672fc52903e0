// `string_decoder` and `querystring`, simulated: pure functions of strings and bytes, computed by
// the host's own implementations. Invariant: only primitives and host views of guest bytes reach
// them; a guest object becomes a stand-in (bufferModule.ts) for Node's message, a guest function
// (querystring's encodeURIComponent option) is called through rt.call with a string, and results
// are rebuilt as realm values.
import * as hostQuerystring from 'querystring';
import { StringDecoder as HostStringDecoder } from 'string_decoder';
import * as util from 'util';
import type { Interpreter } from './runtime';
import { standIn } from './bufferModule';
import { hostBytesOf } from './textCoding';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

function hostErrors(rt: Interpreter) {
  const guestError = (e: any): any => {
    const name = e && (e.name === 'RangeError' || e.name === 'TypeError') ? e.name : 'Error';
    return typeof e?.code === 'string' ? rt.makeCodedError(name, String(e.message), e.code) : rt.makeError(name, String(e?.message));
  };
  return <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw guestError(e);
    }
  };
}

const primitive = (v: any) => (typeof v !== 'object' && typeof v !== 'function') || v === null;

/** require('string_decoder'): StringDecoder over the host's, one host decoder per realm decoder. */
export function makeStringDecoderModule(rt: Interpreter, native: Native): any {
  const host = hostErrors(rt);
  const decoders = new WeakMap<object, HostStringDecoder>();
  const own = (o: any) => decoders.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type StringDecoder');
  const bytesArg = (v: any) => (util.types.isArrayBufferView(v) && !util.types.isProxy(v) ? Buffer.from(hostBytesOf(v)!) : primitive(v) ? v : standIn(v));
  const Ctor: any = rt.realm.helpers.nativeCtor(
    (_t, { 0: encoding }, newTarget) => {
      const d = host(() => new HostStringDecoder(primitive(encoding) ? encoding : standIn(encoding)));
      const p = newTarget === undefined ? Ctor.prototype : rt.get(newTarget, 'prototype');
      const o = Object.create((typeof p === 'object' || typeof p === 'function') && p !== null ? p : Ctor.prototype);
      decoders.set(o, d);
      o.encoding = (d as any).encoding;
      return o;
    },
    'StringDecoder',
    1,
  );
  const define = (name: string, length: number, f: (d: HostStringDecoder, args: any[]) => any) =>
    Object.defineProperty(Ctor.prototype, name, { value: native(name, length, (o, args) => f(own(o), args)), writable: true, enumerable: true, configurable: true });
  define('write', 1, (d, { 0: buf }) => (typeof buf === 'string' ? buf : host(() => d.write(bytesArg(buf)))));
  define('end', 1, (d, { 0: buf }) => host(() => (buf === undefined ? d.end() : typeof buf === 'string' ? d.end(buf as any) : d.end(bytesArg(buf)))));
  const m = rt.newObject();
  m.StringDecoder = Ctor;
  return m;
}

/** require('querystring'): parse, stringify, escape and unescape of the host's. */
export function makeQuerystringModule(rt: Interpreter, native: Native): any {
  const host = hostErrors(rt);
  const str = (v: any) => (v === undefined || v === null ? undefined : String(v));
  /** The guest's option object as host options: numbers, and its decode/encode function called as guest code. */
  const optionsOf = (o: any, fn: 'decodeURIComponent' | 'encodeURIComponent'): any => {
    if (primitive(o)) return undefined;
    const out: any = {};
    const max = rt.get(o, 'maxKeys');
    if (typeof max === 'number') out.maxKeys = max;
    const f = rt.get(o, fn);
    if (typeof f === 'function') out[fn] = (s: string) => String(rt.call(f, undefined, [s]));
    return out;
  };
  /** A guest value as the primitives (or array of primitives) stringify reads; objects become ''. */
  const hostValue = (v: any): any => {
    if (Array.isArray(v)) {
      const a: any[] = [];
      for (let i = 0; i < v.length; i++) a.push(primitive(rt.get(v, i)) ? rt.get(v, i) : '');
      return a;
    }
    return primitive(v) ? v : '';
  };
  const m = rt.newObject();
  const parse = native('parse', 4, (_t, { 0: s, 1: sep, 2: eq, 3: options }) => {
    const r = host(() => hostQuerystring.parse(str(s) ?? '', str(sep), str(eq), optionsOf(options, 'decodeURIComponent')));
    const o = rt.newObject();
    Object.setPrototypeOf(o, null);
    for (const k of Object.keys(r)) {
      const v = r[k];
      o[k] = Array.isArray(v) ? rt.newArray(v) : v;
    }
    return o;
  });
  const stringify = native('stringify', 4, (_t, { 0: obj, 1: sep, 2: eq, 3: options }) => {
    if (primitive(obj)) return '';
    const keys: any[] = rt.call(rt.intr.Object.keys, rt.intr.Object, [obj]);
    const copy: any = {};
    for (let i = 0; i < keys.length; i++) copy[keys[i]] = hostValue(rt.get(obj, keys[i]));
    return host(() => hostQuerystring.stringify(copy, str(sep), str(eq), optionsOf(options, 'encodeURIComponent')));
  });
  m.unescape = native('unescape', 2, (_t, { 0: s }) => host(() => hostQuerystring.unescape(String(s))));
  m.escape = native('escape', 1, (_t, { 0: s }) => host(() => hostQuerystring.escape(primitive(s) ? (s as any) : String(s))));
  m.stringify = stringify;
  m.encode = stringify;
  m.parse = parse;
  m.decode = parse;
  return m;
}
