// URL, URLSearchParams and the `url` module (fileURLToPath, pathToFileURL), simulated: ES modules
// build paths with `new URL('./x', import.meta.url)` and `fileURLToPath(import.meta.url)` everywhere.
// Invariant: the host's WHATWG URL does the parsing, but only strings cross: each realm URL /
// URLSearchParams keeps its host object in a host WeakMap the guest cannot reach; getters return
// strings, iterators are realm arrays' iterators, callbacks run through rt.call.
import * as util from 'util';
import type { Interpreter } from './runtime';
import { constructorName, definePlatformInspector, placeholder, type Display } from './platformInspect';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

const MAX_PARAMS = 100_000;

export interface UrlApi {
  URL: any;
  URLSearchParams: any;
  module: () => any;
}

const apis = new WeakMap<Interpreter, UrlApi>();

/** The realm's one URL implementation (the global and the url module share its classes). */
export function urlApiOf(rt: Interpreter, native: Native): UrlApi {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeUrl(rt, native)));
  return api;
}

function makeUrl(rt: Interpreter, native: Native): UrlApi {
  const browser = rt.loop !== undefined && rt.loop.runtime === 'browser';
  const urls = new WeakMap<object, URL>();
  const params = new WeakMap<object, URLSearchParams>();
  const paramsOfUrl = new WeakMap<object, any>();
  const define = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const typeError = (message: string, code: string, extra?: Record<string, any>) => {
    const e = rt.makeError('TypeError', message);
    e.code = code;
    if (extra) for (const [k, v] of Object.entries(extra)) e[k] = v;
    return e;
  };
  const received = (v: any) => (v === undefined ? 'undefined' : v === null ? 'null' : typeof v === 'object' || typeof v === 'function' ? 'an instance of ' + (typeof v === 'function' ? 'Function' : 'Object') : `type ${typeof v} (${typeof v === 'string' ? `'${v}'` : String(v)})`);
  const hostUrl = (o: any, what: string): URL => {
    const u = urls.get(o);
    if (!u) throw typeError(`Value of "this" must be of type URL`, 'ERR_INVALID_THIS');
    void what;
    return u;
  };
  const hostParams = (o: any): URLSearchParams => {
    const p = params.get(o);
    if (!p) throw typeError(`Value of "this" must be of type URLSearchParams`, 'ERR_INVALID_THIS');
    return p;
  };

  // ---- URLSearchParams ------------------------------------------------------------------------
  const wrapParams = (host: URLSearchParams, proto: any): any => {
    const o = Object.create(proto);
    params.set(o, host);
    return o;
  };
  const USP: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor URLSearchParams cannot be invoked without 'new'");
      const init = args[0];
      let host: URLSearchParams;
      if (init === undefined || init === null) host = new URLSearchParams();
      else if (typeof init === 'object' || typeof init === 'function') {
        const existing = params.get(init);
        if (existing) host = new URLSearchParams(existing);
        else {
          host = new URLSearchParams();
          const iter = rt.get(init, Symbol.iterator);
          if (typeof iter === 'function') {
            // Pairs: the guest's iterable, read through the realm's Array.from (its iterators run as guest code).
            const pairs = rt.call(rt.intr.Array.from, rt.intr.Array, [init]);
            for (let i = 0; i < pairs.length && i < MAX_PARAMS; i++) {
              const pair = rt.call(rt.intr.Array.from, rt.intr.Array, [pairs[i]]);
              if (pair.length !== 2) throw typeError('Each query pair must be an iterable [name, value] tuple', 'ERR_INVALID_TUPLE');
              host.append(String(pair[0]), String(pair[1]));
            }
          } else {
            const keys = rt.call(rt.intr.Object.keys, rt.intr.Object, [init]);
            for (let i = 0; i < keys.length && i < MAX_PARAMS; i++) host.append(String(keys[i]), String(rt.get(init, keys[i])));
          }
        }
      } else host = new URLSearchParams(String(init));
      let proto = rt.get(newTarget, 'prototype');
      if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) proto = USP.prototype;
      return wrapParams(host, proto);
    },
    'URLSearchParams',
    0,
  );
  const uspProto = USP.prototype;
  const str = (v: any) => String(v);
  define(uspProto, 'append', native('append', 2, (o, [k, v]) => void hostParams(o).append(str(k), str(v))));
  define(uspProto, 'delete', native('delete', 1, (o, [k]) => void hostParams(o).delete(str(k))));
  define(uspProto, 'get', native('get', 1, (o, [k]) => hostParams(o).get(str(k))));
  define(uspProto, 'getAll', native('getAll', 1, (o, [k]) => rt.newArray(hostParams(o).getAll(str(k)))));
  define(uspProto, 'has', native('has', 1, (o, [k]) => hostParams(o).has(str(k))));
  define(uspProto, 'set', native('set', 2, (o, [k, v]) => void hostParams(o).set(str(k), str(v))));
  define(uspProto, 'sort', native('sort', 0, (o) => void hostParams(o).sort()));
  define(uspProto, 'toString', native('toString', 0, (o) => hostParams(o).toString()));
  const entriesOf = (o: any) => rt.newArray([...hostParams(o)].slice(0, MAX_PARAMS).map(([k, v]) => rt.newArray([k, v])));
  define(uspProto, 'entries', native('entries', 0, (o) => rt.call(rt.intr.Array.prototype.values, entriesOf(o), [])));
  define(uspProto, 'keys', native('keys', 0, (o) => rt.call(rt.intr.Array.prototype.values, rt.newArray([...hostParams(o).keys()].slice(0, MAX_PARAMS)), [])));
  define(uspProto, 'values', native('values', 0, (o) => rt.call(rt.intr.Array.prototype.values, rt.newArray([...hostParams(o).values()].slice(0, MAX_PARAMS)), [])));
  // (Node's symbol order: the inspector, the tag, then the iterator.)
  if (browser) define(uspProto, Symbol.iterator, uspProto.entries);
  define(uspProto, 'forEach', native('forEach', 1, (o, [cb, thisArg]) => {
    if (typeof cb !== 'function') throw typeError(`The "callback" argument must be of type function. Received ${received(cb)}`, 'ERR_INVALID_ARG_TYPE');
    const list = [...hostParams(o)].slice(0, MAX_PARAMS);
    for (const [k, v] of list) rt.call(cb, thisArg, [v, k, o]);
    return undefined;
  }));
  Object.defineProperty(uspProto, 'size', { get: native('get size', 0, (o) => hostParams(o).size), enumerable: true, configurable: true });
  // Node's display (lib/internal/url.js URLSearchParams [inspect.custom]): `URLSearchParams { 'a' => '1' }`.
  const paramsDisplay: Display = (self, depth, opts) => {
    const host = params.get(self);
    if (!host) return undefined;
    if (depth < 0) return (opts as any).stylize ? (opts as any).stylize('[Object]', 'special') : '[Object]';
    const inner = { ...opts, depth: depth - 1 };
    const output = [...host].slice(0, MAX_PARAMS).map(([k, v]) => `${util.inspect(k, inner)} => ${util.inspect(v, inner)}`);
    const length = output.reduce((n, cur) => n + util.stripVTControlCharacters(cur).length + 2, -2);
    const name = constructorName(self, 'URLSearchParams');
    if (length > (opts.breakLength ?? 128)) return `${name} {\n  ${output.join(',\n  ')} }`;
    return output.length ? `${name} { ${output.join(', ')} }` : `${name} {}`;
  };
  if (!browser) definePlatformInspector(rt, uspProto, paramsDisplay);
  Object.defineProperty(uspProto, Symbol.toStringTag, { value: 'URLSearchParams', writable: false, enumerable: false, configurable: true });
  if (!browser) define(uspProto, Symbol.iterator, uspProto.entries);

  // ---- URL ------------------------------------------------------------------------------------
  const parse = (input: string, base: string | undefined): URL => {
    try {
      return base === undefined ? new URL(input) : new URL(input, base);
    } catch {
      throw typeError('Invalid URL', 'ERR_INVALID_URL', base === undefined ? { input } : { input, base });
    }
  };
  const wrapUrl = (host: URL, proto: any): any => {
    const o = Object.create(proto);
    urls.set(o, host);
    return o;
  };
  const URLCtor: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor URL cannot be invoked without 'new'");
      if (args.length === 0) throw typeError('The "url" argument must be specified', 'ERR_MISSING_ARGS');
      const input = String(args[0]);
      const base = args[1] === undefined ? undefined : String(args[1]);
      let proto = rt.get(newTarget, 'prototype');
      if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) proto = URLCtor.prototype;
      return wrapUrl(parse(input, base), proto);
    },
    'URL',
    1,
  );
  const urlProto = URLCtor.prototype;
  const accessor = (name: keyof URL, settable: boolean) => {
    Object.defineProperty(urlProto, name, {
      get: native(`get ${String(name)}`, 0, (o) => String(hostUrl(o, String(name))[name])),
      set: settable ? native(`set ${String(name)}`, 1, (o, [v]) => void ((hostUrl(o, String(name)) as any)[name] = String(v))) : undefined,
      enumerable: true,
      configurable: true,
    });
  };
  const searchParams = () =>
    Object.defineProperty(urlProto, 'searchParams', {
      get: native('get searchParams', 0, (o) => {
        const u = hostUrl(o, 'searchParams');
        let p = paramsOfUrl.get(o);
        if (!p) {
          p = wrapParams(u.searchParams, uspProto);
          paramsOfUrl.set(o, p);
        }
        return p;
      }),
      enumerable: true,
      configurable: true,
    });
  // Node's key order (href first), or WebIDL's in Chromium (origin first, href last): a console
  // preview lists them so.
  const inOrder = browser
    ? ['origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'searchParams', 'hash', 'href']
    : ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'searchParams', 'hash'];
  const toStringMethod = native('toString', 0, (o) => hostUrl(o, 'toString').href);
  if (!browser) define(urlProto, 'toString', toStringMethod);
  for (const k of inOrder) {
    if (k === 'searchParams') searchParams();
    else accessor(k as keyof URL, k !== 'origin');
  }
  define(urlProto, 'toJSON', native('toJSON', 0, (o) => hostUrl(o, 'toJSON').href));
  if (browser) define(urlProto, 'toString', toStringMethod);
  // Node's display (lib/internal/url.js URL [inspect.custom]): every component, searchParams shown by its own.
  if (!browser) {
    definePlatformInspector(rt, urlProto, (self, depth, opts) => {
      const u = urls.get(self);
      if (!u) return undefined;
      if (depth < 0) return undefined;
      const name = constructorName(self, 'URL');
      let p = paramsOfUrl.get(self);
      if (!p) {
        p = wrapParams(u.searchParams, uspProto);
        paramsOfUrl.set(self, p);
      }
      const fields = { href: u.href, origin: u.origin, protocol: u.protocol, username: u.username, password: u.password, host: u.host, hostname: u.hostname, port: u.port, pathname: u.pathname, search: u.search, searchParams: placeholder(p, paramsDisplay), hash: u.hash };
      return `${name} ${util.inspect(fields, opts)}`;
    });
  }
  Object.defineProperty(urlProto, Symbol.toStringTag, { value: 'URL', writable: false, enumerable: false, configurable: true });
  // URL.parse (Node 20.18+, 24, Chromium) and URL.canParse: static methods, enumerable (Node: parse
  // first; WebIDL's order in Chromium: canParse first).
  const missingUrl = (method: string) =>
    browser ? rt.makeError('TypeError', `Failed to execute '${method}' on 'URL': 1 argument required, but only 0 present.`) : typeError('The "url" argument must be specified', 'ERR_MISSING_ARGS');
  const staticMethod = (name: string, f: any) => Object.defineProperty(URLCtor, name, { value: f, writable: true, enumerable: true, configurable: true });
  const tryParse = (args: any[]): URL | null => {
    try {
      return parse(String(args[0]), args[1] === undefined ? undefined : String(args[1]));
    } catch {
      return null;
    }
  };
  const parseStatic = native('parse', 1, (_t, args) => {
    if (args.length === 0) throw missingUrl('parse');
    const host = tryParse(args);
    return host === null ? null : wrapUrl(host, URLCtor.prototype);
  });
  const canParseStatic = native('canParse', 1, (_t, args) => {
    if (args.length === 0) throw missingUrl('canParse');
    return tryParse(args) !== null;
  });
  if (!browser) staticMethod('parse', parseStatic);
  staticMethod('canParse', canParseStatic);
  if (browser) staticMethod('parse', parseStatic);

  // ---- the url module -------------------------------------------------------------------------
  const fileURLToPath = native('fileURLToPath', 1, (_t, [u]) => {
    let host: URL;
    if (typeof u === 'string') host = parse(u, undefined);
    else if (urls.has(u)) host = urls.get(u)!;
    else throw typeError(`The "path" argument must be of type string or an instance of URL. Received ${received(u)}`, 'ERR_INVALID_ARG_TYPE');
    if (host.protocol !== 'file:') throw typeError('The URL must be of scheme file', 'ERR_INVALID_URL_SCHEME');
    if (host.hostname !== '') throw typeError(`File URL host must be "localhost" or empty on linux`, 'ERR_INVALID_FILE_URL_HOST');
    if (/%2f/i.test(host.pathname)) throw typeError('File URL path must not include encoded / characters', 'ERR_INVALID_FILE_URL_PATH');
    return decodeURIComponent(host.pathname);
  });
  const pathToFileURL = native('pathToFileURL', 1, (_t, [p]) => {
    if (typeof p !== 'string') throw typeError(`The "path" argument must be of type string. Received ${received(p)}`, 'ERR_INVALID_ARG_TYPE');
    // Relative paths resolve against the process's cwd; the simulation's is '/'.
    const abs = p.startsWith('/') ? p : '/' + p;
    const host = new URL('file://');
    host.pathname = abs.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/\t/g, '%09');
    return wrapUrl(host, urlProto);
  });
  let mod: any = null;
  return {
    URL: URLCtor,
    URLSearchParams: USP,
    module: () => {
      if (mod) return mod;
      mod = rt.newObject();
      mod.URL = URLCtor;
      mod.URLSearchParams = USP;
      mod.fileURLToPath = fileURLToPath;
      mod.pathToFileURL = pathToFileURL;
      return mod;
    },
  };
}
