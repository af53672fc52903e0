// Node's `path` (POSIX; `path.win32` too): pure string functions, so simulated by calling Node's own
// implementation with primitives only. INVARIANT: host `path` functions receive strings (checked
// here, as Node checks them) or a host record of strings built here; they return strings or
// booleans, and `parse` returns a host record that is copied into a realm object — no host object
// reaches the guest. `resolve` resolves against the simulated cwd (process.cwd() is '/simulated').
import * as nodePath from 'path';
import type { Interpreter } from './runtime';
import { describeReceived, hostList } from './globals';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

const SIMULATED_CWD = '/simulated';

export function makePath(rt: Interpreter, native: Native): any {
  const make = (impl: typeof nodePath.posix): any => {
    const m = rt.newObject();
    const define = (name: string, value: any) => Object.defineProperty(m, name, { value, writable: true, enumerable: true, configurable: true });
    const str = (v: any, name = 'path'): string => {
      if (typeof v === 'string') return v;
      const e = rt.makeError('TypeError', `The "${name}" argument must be of type string. Received ${describeReceived(v)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    };
    const strings = (args: any[]) => hostList(args).map((a) => str(a));
    define('join', native('join', 0, (_t, args) => impl.join(...strings(args))));
    define('resolve', native('resolve', 0, (_t, args) => impl.resolve(SIMULATED_CWD, ...strings(args))));
    define('normalize', native('normalize', 1, (_t, { 0: p }) => impl.normalize(str(p))));
    define('isAbsolute', native('isAbsolute', 1, (_t, { 0: p }) => impl.isAbsolute(str(p))));
    define('relative', native('relative', 2, (_t, { 0: from, 1: to }) => impl.relative(impl.resolve(SIMULATED_CWD, str(from, 'from')), impl.resolve(SIMULATED_CWD, str(to, 'to')))));
    define('dirname', native('dirname', 1, (_t, { 0: p }) => impl.dirname(str(p))));
    define('basename', native('basename', 2, (_t, { 0: p, 1: ext }) => (ext === undefined ? impl.basename(str(p)) : impl.basename(str(p), str(ext, 'ext')))));
    define('extname', native('extname', 1, (_t, { 0: p }) => impl.extname(str(p))));
    define('toNamespacedPath', native('toNamespacedPath', 1, (_t, { 0: p }) => (typeof p === 'string' ? impl.toNamespacedPath(p) : p)));
    define(
      'parse',
      native('parse', 1, (_t, { 0: p }) => {
        const r = impl.parse(str(p));
        const o = rt.newObject();
        for (const k of ['root', 'dir', 'base', 'ext', 'name'] as const) o[k] = r[k];
        return o;
      }),
    );
    define(
      'format',
      native('format', 1, (_t, { 0: o }) => {
        if (o === null || typeof o !== 'object') {
          const e = rt.makeError('TypeError', `The "pathObject" argument must be of type object. Received ${describeReceived(o)}`);
          e.code = 'ERR_INVALID_ARG_TYPE';
          throw e;
        }
        const rec: Record<string, string | undefined> = {};
        for (const k of ['root', 'dir', 'base', 'ext', 'name']) {
          const v = rt.get(o, k);
          rec[k] = v === undefined || v === null ? undefined : String(v);
        }
        return impl.format(rec);
      }),
    );
    define('sep', impl.sep);
    define('delimiter', impl.delimiter);
    return m;
  };
  const posix = make(nodePath.posix);
  const win32 = make(nodePath.win32);
  for (const m of [posix, win32]) {
    Object.defineProperty(m, 'posix', { value: posix, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(m, 'win32', { value: win32, writable: true, enumerable: true, configurable: true });
  }
  return posix;
}
