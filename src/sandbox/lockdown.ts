// Self-lockdown of a thread of the analysis process (its main thread, and the analysis worker once it
// has loaded the engine). INVARIANT: after lockDown() returns, code running in this thread — even a
// guest that escaped the membrane holding this thread's real `process` and `require` — cannot load a
// module (only the `allow`ed, already-loaded ones), reach a native binding, load an addon, signal a
// process, change directory, or open a network connection through a global (`fetch`, `WebSocket`, …).
// What the thread itself still needs is captured by the caller BEFORE calling lockDown.
// The permission model and --disallow-code-generation-from-strings (src/sandbox/host.ts) hold
// independently of this; `lockdownHolds()` is the self-check the thread reports.
import Module = require('module');

const PROCESS_MEMBERS = [
  'binding', '_linkedBinding', 'dlopen', 'kill', '_kill', 'chdir', 'abort',
  'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'umask',
  '_debugProcess', '_debugEnd', '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier',
  'openStdin', 'loadEnvFile', 'setSourceMapsEnabled', 'report', 'mainModule', 'getBuiltinModule',
];

const NETWORK_GLOBALS = [
  'fetch', 'WebSocket', 'EventSource', 'navigator', 'XMLHttpRequest', 'Request', 'Response', 'Headers',
  'FormData', 'BroadcastChannel', 'WebAssembly',
];

function denied(what: string): never {
  const e = new Error(`${what} is not available in the locked-down analysis process`) as Error & { code: string };
  e.code = 'ERR_ANALYSIS_LOCKDOWN';
  throw e;
}

/** Removes module loading, bindings and network globals from this thread. Returns what it could not remove. */
export function lockDown(allow: Record<string, unknown> = {}): string[] {
  const failures: string[] = [];
  const M = Module as unknown as Record<string, any>;
  const allowed = new Map(Object.entries(allow));
  const guardedRequire = function require(id: string) {
    if (allowed.has(id)) return allowed.get(id);
    denied(`require('${String(id)}')`);
  };
  const set = (obj: any, key: string, value: unknown) => {
    try {
      Object.defineProperty(obj, key, { value, writable: false, configurable: false, enumerable: false });
    } catch {
      failures.push(key);
    }
  };
  set(M, '_load', (id: string) => guardedRequire(id));
  set(M.prototype, 'require', guardedRequire);
  set(M.prototype, '_compile', () => denied('Module.prototype._compile'));
  set(M.prototype, 'load', () => denied('Module.prototype.load'));
  set(M, 'createRequire', () => denied('Module.createRequire'));
  set(M, '_resolveFilename', () => denied('Module._resolveFilename'));
  set(M, 'runMain', () => denied('Module.runMain'));
  try {
    for (const k of Object.keys(M._extensions ?? {})) set(M._extensions, k, () => denied('Module._extensions'));
  } catch {
    failures.push('_extensions');
  }
  const proc = process as unknown as Record<string, unknown>;
  for (const k of PROCESS_MEMBERS) {
    if (!(k in proc)) continue;
    try {
      delete proc[k];
    } catch {
      /* fall through to the check below */
    }
    if (k in proc && proc[k] !== undefined) {
      if (k === 'getBuiltinModule') set(proc, k, (id: string) => guardedRequire(id));
      else set(proc, k, undefined);
    }
  }
  const g = globalThis as unknown as Record<string, unknown>;
  for (const k of NETWORK_GLOBALS) {
    try {
      delete g[k];
    } catch {
      /* checked below */
    }
    if (g[k] !== undefined) set(g, k, undefined);
  }
  return failures;
}

/** The thread's self-check: each removal took effect. Returns the notes of what did not. */
export function lockdownHolds(): string[] {
  const notes: string[] = [];
  const throws = (f: () => unknown) => {
    try {
      f();
      return false;
    } catch {
      return true;
    }
  };
  const M = Module as unknown as Record<string, any>;
  if (!throws(() => M._load('net'))) notes.push('module loading (Module._load) is still available');
  if (!throws(() => new (M as any)('x').require('child_process'))) notes.push('module loading (require) is still available');
  const proc = process as unknown as Record<string, any>;
  if (typeof proc.getBuiltinModule === 'function' && !throws(() => proc.getBuiltinModule('net'))) notes.push('process.getBuiltinModule is still available');
  for (const k of ['binding', '_linkedBinding', 'dlopen', 'kill', 'chdir']) if (typeof proc[k] === 'function') notes.push(`process.${k} is still available`);
  const g = globalThis as unknown as Record<string, unknown>;
  for (const k of ['fetch', 'WebSocket', 'EventSource']) if (g[k] !== undefined) notes.push(`global ${k} is still available`);
  return notes;
}
