// console output as the ground-truth tool prints a Chromium console message (browser-truth's
// run.mjs formatArgs/fmtArg over the DevTools protocol's RemoteObject previews): strings raw,
// numbers as JS prints them, objects as one-line previews — `{a: 1, b: 'x', c: Array(3)}`,
// `[1, 'two', undefined]` (5 properties, 100 items), `ƒ foo()`, DOM nodes as `div#id.cls`, errors as
// `Name: message` — and `%s %d %i %f %o %O %c` substitutions. Getters are never called (a preview
// does not run them). Pure host formatting of guest values; nothing is handed back to the guest.
import type { Interpreter } from '../runtime';
import { workTick } from '../limits';
import * as util from 'util';
import { HostSignal } from '../values';

export interface BrowserConsoleHooks {
  /** A DOM node's description (`div#app.card`, `#text`, `#document`), or null for other values. */
  nodeDescription: (v: any) => string | null;
}

const MAX_PROPERTIES = 5;
const MAX_ITEMS = 100;
const MAX_ENTRIES = 5;
const MAX_ENTRY_PROPERTIES = 4;

export function makeBrowserFormat(rt: Interpreter, hooks: BrowserConsoleHooks): (args: any[]) => string {
  const own = (o: any, k: PropertyKey) => Object.getOwnPropertyDescriptor(o, k);
  // The first data `constructor` up the prototype chain, as Chromium's console names an object
  // (`Object.create(Object.create(A.prototype))` is an `A`); an accessor is stepped over.
  const className = (v: any): string => {
    try {
      let proto = Object.getPrototypeOf(v);
      for (let depth = 0; proto !== null && depth < 1000; depth++, proto = Object.getPrototypeOf(proto)) {
        if (util.types.isProxy(proto)) return 'Object'; // no guest trap runs past the object's own prototype
        const c = own(proto, 'constructor');
        if (!c || !('value' in c)) continue;
        const name = typeof c.value === 'function' ? own(c.value, 'name')?.value : undefined;
        return typeof name === 'string' && name ? name : 'Object';
      }
      return 'Object';
    } catch {
      return 'Object';
    }
  };
  const fnName = (f: any): string => {
    const c = rt.closureOf(f);
    const text = c ? rt.source.slice(c.template.node.start, c.template.node.end) : `function ${own(f, 'name')?.value ?? ''}() { [native code] }`;
    const m = /^(?:async\s+)?(?:function\s*\*?\s*)?([\w$]*)/.exec(text);
    return (m && m[1]) || 'anonymous';
  };
  const errorText = (e: any): string => {
    let stack: any;
    try {
      stack = own(e, 'stack')?.value;
    } catch {
      stack = undefined;
    }
    const desc = typeof stack === 'string' ? stack : `${className(e)}: ${own(e, 'message')?.value ?? ''}`;
    const keep: string[] = [];
    for (const l of desc.split('\n')) {
      if (/^\s+at\s/.test(l)) break;
      keep.push(l);
    }
    return keep.join('\n');
  };
  // Error.prototype on the chain, walked without running a guest trap (a proxy ends the walk), as Chromium's console does.
  const isError = (v: any) => {
    if (util.types.isNativeError(v)) return true;
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return false;
    for (let o = v, depth = 0; o !== null && depth < 1000 && !util.types.isProxy(o); depth++) {
      o = Object.getPrototypeOf(o);
      if (o === rt.intr.Error.prototype) return true;
    }
    return false;
  };
  const primitive = (v: any): string => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    return String(v);
  };
  // A proxy is named, never looked into: its traps are guest code (Chromium runs none either).
  const proxyText = (v: any) => (typeof v === 'function' ? 'Proxy(Function)' : 'Proxy(Object)');
  /** A value inside a preview (one level deep). */
  const inner = (v: any): string => {
    if (typeof v === 'string') return `'${v}'`;
    if (util.types.isProxy(v)) return proxyText(v);
    if (v === null) return 'null';
    if (typeof v === 'function') return 'ƒ';
    if (typeof v !== 'object') return primitive(v);
    if (Array.isArray(v)) return `Array(${v.length})`;
    const node = hooks.nodeDescription(v);
    if (node !== null) return node;
    if (util.types.isMap(v) || util.types.isSet(v)) return `${className(v)}(${util.types.isMap(v) ? mapSize(v) : setSize(v)})`;
    if (isError(v)) return errorText(v);
    if (util.types.isRegExp(v)) return String(v);
    if (util.types.isDate(v)) return dateText(v);
    const name = className(v);
    return name === 'Object' ? '{…}' : name;
  };
  const mapSize = (m: any) => Reflect.apply(Object.getOwnPropertyDescriptor(rt.intr.Map.prototype, 'size')!.get!, m, []);
  const setSize = (s: any) => Reflect.apply(Object.getOwnPropertyDescriptor(rt.intr.Set.prototype, 'size')!.get!, s, []);
  const dateText = (d: any) => Reflect.apply(rt.intr.Date.prototype.toString, d, []);
  const propValue = (o: any, k: string): string => {
    const d = own(o, k);
    return d && 'value' in d ? inner(d.value) : 'undefined';
  };
  const keyText = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
  /** A Map/Set entry: one level deeper than a property (its own preview). */
  const entry = (v: any): string => {
    if (util.types.isProxy(v)) return proxyText(v);
    if (typeof v !== 'object' || v === null || hooks.nodeDescription(v) !== null || isError(v) || util.types.isRegExp(v) || util.types.isDate(v)) return inner(v);
    if (Array.isArray(v)) {
      const items: string[] = [];
      for (let i = 0; i < v.length && items.length < MAX_ITEMS; i++) if (Object.prototype.hasOwnProperty.call(v, i)) items.push(propValue(v, String(i)));
      if (items.length === 0 && v.length > 0) return `Array(${v.length})`;
      return `[${items.join(', ')}${v.length > MAX_ITEMS ? ', …' : ''}]`;
    }
    if (util.types.isMap(v) || util.types.isSet(v)) return inner(v);
    const { items, more } = previewProperties(v, MAX_ENTRY_PROPERTIES);
    const name = className(v);
    return `${name !== 'Object' ? name + ' ' : ''}{${items.join(', ')}${more ? ', …' : ''}}`;
  };
  /** A top-level object, as its preview. */
  const preview = (v: any): string => {
    if (Array.isArray(v) || util.types.isTypedArray(v)) {
      const items: string[] = [];
      const n = Number((v as any).length) || 0;
      for (let i = 0; i < n && items.length < MAX_ITEMS; i++) {
        workTick(rt);
        if (Object.prototype.hasOwnProperty.call(v, i)) items.push(propValue(v, String(i)));
      }
      return `[${items.join(', ')}${n > MAX_ITEMS ? ', …' : ''}]`;
    }
    if (util.types.isMap(v) || util.types.isSet(v)) {
      const isMap = util.types.isMap(v);
      const it = Reflect.apply(isMap ? rt.intr.Map.prototype.entries : rt.intr.Set.prototype.values, v, []);
      const next = it.next;
      const items: string[] = [];
      let size = 0;
      for (let r = Reflect.apply(next, it, []); !r.done; r = Reflect.apply(next, it, [])) {
        workTick(rt);
        size++;
        if (items.length < MAX_ENTRIES) items.push(isMap ? `${entry(r.value[0])} => ${entry(r.value[1])}` : entry(r.value));
      }
      return `${className(v)}(${size}) {${items.join(', ')}${size > MAX_ENTRIES ? ', …' : ''}}`;
    }
    const { items, more } = previewProperties(v);
    const name = className(v);
    return `${name !== 'Object' ? name + ' ' : ''}{${items.join(', ')}${more ? ', …' : ''}}`;
  };
  /**
   * A getter a preview evaluates (V8's inspector: the platform's accessors): one the engine made
   * (rt.engineGetters: never a guest getter, nor a bound or built-in function a guest put there)
   * that is an attribute of the simulated platform (enumerable, as WebIDL makes them) or one of
   * V8's own it registered (rt.previewGetters). null for any other.
   */
  const platformGetter = (d: PropertyDescriptor | undefined): any => {
    if (!d || typeof d.get !== 'function' || !rt.engineGetters.has(d.get)) return null;
    return d.enumerable || rt.previewGetters.has(d.get) ? d.get : null;
  };
  const getterValue = (getter: any, v: any): { ok: boolean; text: string } => {
    try {
      return { ok: true, text: inner(Reflect.apply(getter, v, [])) };
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      return { ok: false, text: '' };
    }
  };
  /**
   * The properties of a top-level preview: the own enumerable ones, then the platform's accessors up
   * the prototype chain (nearest first, each prototype in its key order), evaluated; the first five
   * (four in a Map or Set entry's preview), and whether there are more. The walk stops at a proxy and at %Object.prototype%.
   */
  const previewProperties = (v: any, limit = MAX_PROPERTIES): { items: string[]; more: boolean } => {
    const items: string[] = [];
    const seen = new Set<string>();
    let more = false;
    const add = (k: string, text: string): boolean => {
      seen.add(k);
      if (items.length === limit) {
        more = true;
        return false;
      }
      items.push(`${keyText(k)}: ${text}`);
      return true;
    };
    for (const k of Object.keys(v)) {
      const getter = platformGetter(own(v, k));
      const value = getter ? getterValue(getter, v) : { ok: true, text: propValue(v, k) };
      if (value.ok && !add(k, value.text)) return { items, more };
    }
    let proto = Object.getPrototypeOf(v);
    for (let depth = 0; proto !== null && depth < 100 && !util.types.isProxy(proto) && proto !== rt.intr.ObjectPrototype; depth++, proto = Object.getPrototypeOf(proto)) {
      for (const k of Object.getOwnPropertyNames(proto)) {
        if (k === 'constructor' || seen.has(k)) continue;
        const getter = platformGetter(own(proto, k));
        if (!getter) continue;
        const value = getterValue(getter, v);
        if (value.ok && !add(k, value.text)) return { items, more };
      }
    }
    return { items, more };
  };
  const top = (v: any): string => {
    if (typeof v === 'string') return v;
    if (util.types.isProxy(v)) return proxyText(v);
    if (typeof v === 'function') return `ƒ ${fnName(v)}()`;
    if (v === null) return 'null';
    if (typeof v !== 'object') return primitive(v);
    if (isError(v)) return errorText(v);
    const node = hooks.nodeDescription(v);
    if (node !== null) return node;
    if (util.types.isRegExp(v)) return String(v);
    if (util.types.isDate(v)) return dateText(v);
    if (util.types.isPromise(v) || rt.promises.isPromise(v)) return 'Promise';
    return preview(v);
  };
  /** Inside a %o/%s substitution: strings quoted, like an argument inside a preview. */
  const sub = (v: any): string => (typeof v === 'string' ? `'${v}'` : top(v));
  return (args: any[]): string => {
    if (args.length === 0) return '';
    let rest = args;
    let head = '';
    if (typeof args[0] === 'string' && args[0].includes('%')) {
      let i = 1;
      head = args[0].replace(/%([sdifoOc%])/g, (m: string, c: string) => {
        if (c === '%') return '%';
        if (i >= args.length) return m;
        const a = args[i++];
        if (c === 'c') return '';
        // Chromium converts a %s object with its own toString ([1, 2] → 1,2); %o / %O preview it.
        if (c === 's') {
          if (typeof a === 'string') return a;
          if ((typeof a === 'object' && a !== null && !isError(a) && hooks.nodeDescription(a) === null) || typeof a === 'function') {
            try {
              return String(a);
            } catch {
              return sub(a);
            }
          }
          return sub(a);
        }
        if (c === 'd' || c === 'i') {
          if (typeof a === 'bigint') return top(a);
          const n = typeof a === 'number' ? a : typeof a === 'object' || typeof a === 'function' || typeof a === 'symbol' ? NaN : Number(a);
          return String(Number.isFinite(n) ? Math.trunc(n) : n);
        }
        if (c === 'f') return typeof a === 'number' ? primitive(a) : String(typeof a === 'object' || typeof a === 'symbol' ? NaN : Number(a));
        return sub(a);
      });
      rest = args.slice(i);
      return [head, ...rest.map(top)].join(' ');
    }
    return rest.map(top).join(' ');
  };
}
