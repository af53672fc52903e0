// Node's module resolution (CommonJS `require` and ESM `import`) over a file view the host filled.
// Pure: it reads nothing itself. The same code runs in the host's graph walker (graph.ts), which
// fills the view from disk or the editor, and in the engine at run time (loader.ts), which sees only
// what the host shipped.
//
// INVARIANT: a path is one of three things to the view: a file with text, known absent, or unknown
// (never asked). Resolution that needs an unknown path stops with `NeedPath` — the host walker reads
// it and retries; the engine turns it into a located "not loaded by the host" diagnostic, never into
// a wrong MODULE_NOT_FOUND.
import { parseLinear } from '../interp/limits';

/** What a path holds: its text, null (no such file), undefined (nobody looked). */
export interface FileView {
  read(path: string): string | null | undefined;
}

export class NeedPath {
  constructor(readonly path: string) {}
}

export type ModuleFormat = 'commonjs' | 'module' | 'json' | 'builtin' | 'addon';

export interface Resolved {
  /** The absolute path (or `node:name` for a built-in). */
  path: string;
  format: ModuleFormat;
}

/** Node's built-in module names (Node 20), without the `node:` prefix. */
export const BUILTINS = new Set(
  (
    'assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector inspector/promises module net os path path/posix path/win32 perf_hooks process punycode querystring readline readline/promises repl stream stream/consumers stream/promises stream/web string_decoder sys timers timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib test'
  ).split(' '),
);

export function isBuiltin(spec: string): boolean {
  if (spec.startsWith('node:')) return BUILTINS.has(spec.slice(5)) || spec === 'node:test';
  return BUILTINS.has(spec) && spec !== 'test';
}

// ---- paths (POSIX; the host converts editor URIs to absolute paths) ------------------------------

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function join(a: string, b: string): string {
  return normalize(b.startsWith('/') ? b : a + '/' + b);
}

export function fileUrl(p: string): string {
  return 'file://' + p.split('/').map((s) => encodeURIComponent(s).replace(/%40/g, '@').replace(/%2B/g, '+')).join('/');
}

function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/');
}

// ---- package.json ---------------------------------------------------------------------------

interface PackageJson {
  path: string;
  data: any;
}

function readJson(view: FileView, path: string): any | null {
  const text = view.read(path);
  if (text === undefined) throw new NeedPath(path);
  if (text === null) return null;
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

/** The nearest package.json at or above `dir` (stops at node_modules boundaries like Node). */
export function packageScope(view: FileView, dir: string): PackageJson | null {
  for (let d = dir, n = 0; n < 200; n++) {
    if (d.endsWith('/node_modules')) return null;
    const path = (d === '/' ? '' : d) + '/package.json';
    const data = readJson(view, path);
    if (data) return { path, data };
    if (d === '/') return null;
    d = dirname(d);
  }
  return null;
}

/** What a file is: by extension, else the package scope's "type", else (`detect`) Node's syntax detection. */
export function formatOf(view: FileView, path: string, detect = true): ModuleFormat {
  if (/\.m[jt]s$/i.test(path)) return 'module';
  if (/\.c[jt]s$/i.test(path)) return 'commonjs';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.node$/i.test(path)) return 'addon';
  const scope = packageScope(view, dirname(path));
  if (scope && scope.data.type === 'module') return 'module';
  if (scope && scope.data.type === 'commonjs') return 'commonjs';
  // No "type": Node 20.20's syntax detection — a file that only parses as an ES module is one.
  if (!detect) return 'commonjs';
  const text = view.read(path);
  return typeof text === 'string' && hasModuleSyntax(path, text) ? 'module' : 'commonjs';
}

export function isTypeScriptPath(path: string): boolean {
  return /\.[mc]?ts$/i.test(path) && !/\.d\.[mc]?ts$/i.test(path);
}

/** The JavaScript a scanner reads: a TypeScript file's erased text (the parser is loaded only for one). */
export function scannableText(path: string, text: string, isModule: boolean): string {
  if (!isTypeScriptPath(path)) return text;
  const { eraseTypeScript } = require('../typescript/erase') as typeof import('../typescript/erase');
  const r = eraseTypeScript(text, isModule ? 'module' : 'commonjs', !/\.[mc]ts$/i.test(path));
  return r.ok ? r.erased.js : text;
}

const detected = new Map<string, { text: string; module: boolean }>();

/** Node's containsModuleSyntax: fails as CommonJS (import/export, import.meta, top-level await), parses as ESM. */
export function hasModuleSyntax(path: string, text: string): boolean {
  if (!/\b(import|export|await)\b/.test(text)) return false;
  const hit = detected.get(path);
  if (hit && hit.text === text) return hit.module;
  // Node 24 detects a .ts file's kind on its stripped text: TypeScript's fast path answers from its own parse.
  const fast = isTypeScriptPath(path) ? (require('../typescript') as typeof import('../typescript')).fastModuleSyntax(text) : undefined;
  const js = isTypeScriptPath(path) && fast === undefined ? scannableText(path, text, true) : text;
  const parses = (sourceType: 'script' | 'module') => {
    try {
      parseLinear(js, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script', allowAwaitOutsideFunction: sourceType === 'module' });
      return true;
    } catch {
      return false;
    }
  };
  const module = fast ?? (!parses('script') && parses('module'));
  detected.delete(path);
  detected.set(path, { text, module });
  if (detected.size > 500) detected.delete(detected.keys().next().value!);
  return module;
}

function exists(view: FileView, path: string): boolean {
  const t = view.read(path);
  if (t === undefined) throw new NeedPath(path);
  return t !== null;
}

// ---- exports / conditions (Node's PACKAGE_EXPORTS_RESOLVE) --------------------------------------

export class ResolveError {
  constructor(
    readonly code: string,
    public message: string,
    /** The file it resolved to when only the file is missing (import.meta.resolve still answers it). */
    readonly path?: string,
  ) {}
}

/** A package.json "imports" target that names a package (`"#dep": "dep"`): resolved as that package. */
const BARE = '\0bare:';

function resolveTarget(pkgDir: string, target: any, subpath: string, conditions: string[], depth = 0, imports = false): string | null | undefined {
  if (depth > 32) return null;
  if (typeof target === 'string') {
    if (!target.startsWith('./')) return imports && !target.startsWith('../') && !target.startsWith('/') && !target.includes(':') ? BARE + target.replace(/\*/g, subpath) : null;
    return join(pkgDir, target.replace(/\*/g, subpath));
  }
  if (Array.isArray(target)) {
    for (const t of target.slice(0, 64)) {
      const r = resolveTarget(pkgDir, t, subpath, conditions, depth + 1, imports);
      if (r) return r;
    }
    return null;
  }
  if (target && typeof target === 'object') {
    for (const key of Object.keys(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = resolveTarget(pkgDir, target[key], subpath, conditions, depth + 1, imports);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  }
  return null;
}

function exportsResolve(pkgDir: string, pkgName: string, exportsField: any, subpath: string, conditions: string[], base: string): string {
  const sub = subpath === '' ? '.' : '.' + subpath;
  let map = exportsField;
  const keys = map && typeof map === 'object' && !Array.isArray(map) ? Object.keys(map) : [];
  const isConditional = keys.length > 0 && !keys[0].startsWith('.');
  if (typeof map === 'string' || Array.isArray(map) || isConditional) map = { '.': map };
  let found: string | null | undefined = null;
  // Patterns: the longest matching "./x/*" key.
  const m = matchKey(map, sub);
  if (m) found = resolveTarget(pkgDir, map[m.key], m.match, conditions);
  if (!found) {
    if (sub === '.') throw new ResolveError('ERR_PACKAGE_PATH_NOT_EXPORTED', `No "exports" main defined in ${pkgDir}/package.json`);
    throw new ResolveError('ERR_PACKAGE_PATH_NOT_EXPORTED', `Package subpath '${sub}' is not defined by "exports" in ${pkgDir}/package.json${base ? ` imported from ${base}` : ''}`);
  }
  return found;
}

/** The best "exports"/"imports" key for `sub`: an exact key, else the longest matching "x/*" pattern. */
function matchKey(map: any, sub: string): { key: string; match: string } | null {
  if (Object.prototype.hasOwnProperty.call(map, sub) && !sub.includes('*')) return { key: sub, match: '' };
  let best = '';
  let bestMatch = '';
  for (const k of Object.keys(map)) {
    const star = k.indexOf('*');
    if (star < 0) continue;
    const pre = k.slice(0, star);
    const post = k.slice(star + 1);
    if (sub.startsWith(pre) && sub.length >= k.length && sub.endsWith(post) && k.length > best.length) {
      best = k;
      bestMatch = sub.slice(pre.length, sub.length - post.length);
    }
  }
  return best ? { key: best, match: bestMatch } : null;
}

/**
 * Node's PACKAGE_IMPORTS_RESOLVE for a `#name` specifier: the nearest package.json's "imports".
 * A path, or BARE + a package specifier to resolve from that package's folder.
 */
function importsResolve(view: FileView, spec: string, from: string, conditions: string[]): { path: string; pkgDir: string } {
  if (spec === '#' || spec.startsWith('#/')) throw new ResolveError('ERR_INVALID_MODULE_SPECIFIER', `Invalid module "${spec}" is not a valid internal imports specifier name imported from ${from}`);
  const scope = packageScope(view, dirname(from));
  const imports = scope?.data.imports;
  if (scope && imports && typeof imports === 'object' && !Array.isArray(imports)) {
    const pkgDir = dirname(scope.path);
    const m = matchKey(imports, spec);
    if (m) {
      const found = resolveTarget(pkgDir, imports[m.key], m.match, conditions, 0, true);
      if (found) return { path: found, pkgDir };
    }
  }
  throw new ResolveError('ERR_PACKAGE_IMPORT_NOT_DEFINED', `Package import specifier "${spec}" is not defined${scope ? ` in package ${scope.path}` : ''} imported from ${from}`);
}

/** Self-reference: a module inside a package with "exports" may import that package by its name. */
function selfResolve(view: FileView, name: string, subpath: string, from: string, conditions: string[], base: string): string | null {
  const scope = packageScope(view, dirname(from));
  if (!scope || scope.data.name !== name || scope.data.exports === undefined || scope.data.exports === null) return null;
  return exportsResolve(dirname(scope.path), name, scope.data.exports, subpath, conditions, base);
}

function splitPackage(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), subpath: parts.length > n ? '/' + parts.slice(n).join('/') : '' };
}

export function nodeModulesPaths(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir, n = 0; n < 200; n++) {
    if (!d.endsWith('/node_modules')) out.push((d === '/' ? '' : d) + '/node_modules');
    if (d === '/') break;
    d = dirname(d);
  }
  return out;
}

// ---- CommonJS (Node's require.resolve algorithm) ------------------------------------------------

// Node 20.20 (require(esm) enabled) matches "module-sync" from both module systems.
const CJS_CONDITIONS = ['require', 'node', 'node-addons', 'module-sync'];
const ESM_CONDITIONS = ['import', 'node', 'node-addons', 'module-sync'];

function loadAsFile(view: FileView, x: string): string | null {
  if (exists(view, x)) return x;
  for (const ext of ['.js', '.json', '.node']) if (exists(view, x + ext)) return x + ext;
  return null;
}

function loadIndex(view: FileView, x: string): string | null {
  for (const ext of ['.js', '.json', '.node']) if (exists(view, x + '/index' + ext)) return x + '/index' + ext;
  return null;
}

function loadAsDirectory(view: FileView, x: string): string | null {
  const pkg = readJson(view, x + '/package.json');
  if (pkg && typeof pkg.main === 'string' && pkg.main) {
    const m = join(x, pkg.main);
    const r = loadAsFile(view, m) ?? loadIndex(view, m);
    if (r) return r;
  }
  return loadIndex(view, x);
}

/** require.resolve(spec) from the module at `from`; null = not found (MODULE_NOT_FOUND). */
export function resolveRequire(view: FileView, spec: string, from: string): string | null {
  const base = dirname(from);
  if (isRelative(spec)) {
    const x = join(base, spec);
    if (spec.endsWith('/')) return loadAsDirectory(view, x);
    return loadAsFile(view, x) ?? loadAsDirectory(view, x);
  }
  if (spec.startsWith('#')) {
    const { path, pkgDir } = importsResolve(view, spec, from, CJS_CONDITIONS);
    if (path.startsWith(BARE)) return resolveRequire(view, path.slice(BARE.length), pkgDir + '/package.json');
    return exists(view, path) ? path : null;
  }
  const { name, subpath } = splitPackage(spec);
  const self = selfResolve(view, name, subpath, from, CJS_CONDITIONS, '');
  if (self !== null) return exists(view, self) ? self : null;
  for (const dir of nodeModulesPaths(base)) {
    const pkgDir = dir + '/' + name;
    const pkg = readJson(view, pkgDir + '/package.json');
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const target = exportsResolve(pkgDir, name, pkg.exports, subpath, CJS_CONDITIONS, '');
      if (exists(view, target)) return target;
      return null;
    }
    const x = dir + '/' + spec;
    const r = loadAsFile(view, x) ?? loadAsDirectory(view, x);
    if (r) return r;
  }
  return null;
}

// ---- ESM (Node's ESM_RESOLVE) -------------------------------------------------------------------

/**
 * The URL-less ESM resolution: throws ResolveError as Node words it, with Node's CommonJS hint
 * (decorateErrorWithCommonJSHints: "Did you mean to import "./x.js"?") when require would find it.
 */
export function resolveImport(view: FileView, spec: string, from: string): string {
  try {
    return resolveImportPlain(view, spec, from);
  } catch (e) {
    if (e instanceof ResolveError && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_UNSUPPORTED_DIR_IMPORT')) {
      const hint = commonJsHint(view, spec.startsWith('file://') ? decodeURIComponent(spec.slice(7)) : spec, from);
      if (hint !== null && hint !== spec) e.message += `\nDid you mean to import ${JSON.stringify(hint)}?`;
    }
    throw e;
  }
}

function commonJsHint(view: FileView, spec: string, from: string): string | null {
  let found: string | null;
  try {
    found = resolveRequire(view, spec, from);
  } catch {
    return null; // a file the host did not read: no hint rather than a guess
  }
  if (found === null) return null;
  if (spec.startsWith('./') || spec.startsWith('../')) {
    found = relative(dirname(from), found);
    if (!found.startsWith('../')) found = './' + found;
  } else if (!spec.startsWith('/') && !spec.startsWith('#')) {
    const i = found.indexOf(spec.split('/')[0]);
    if (i !== -1) found = found.slice(i);
  }
  return found;
}

function relative(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

function resolveImportPlain(view: FileView, spec: string, from: string): string {
  const base = dirname(from);
  if (spec.startsWith('file://')) spec = decodeURIComponent(spec.slice(7));
  if (isRelative(spec)) {
    const x = join(base, spec);
    if (exists(view, x)) return x;
    // A directory? (its package.json or index.js says so)
    if (!spec.endsWith('.js') && !spec.endsWith('.mjs') && !spec.endsWith('.cjs') && !spec.endsWith('.json') && (exists(view, x + '/package.json') || exists(view, x + '/index.js'))) {
      throw new ResolveError('ERR_UNSUPPORTED_DIR_IMPORT', `Directory import '${x}${spec.endsWith('/') && x !== '/' ? '/' : ''}' is not supported resolving ES modules imported from ${from}`, x);
    }
    throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find module '${x}' imported from ${from}`, x);
  }
  if (spec.startsWith('#')) {
    const { path, pkgDir } = importsResolve(view, spec, from, ESM_CONDITIONS);
    if (path.startsWith(BARE)) return resolveImport(view, path.slice(BARE.length), pkgDir + '/package.json');
    if (exists(view, path)) return path;
    throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find module '${path}' imported from ${from}`);
  }
  const { name, subpath } = splitPackage(spec);
  const self = selfResolve(view, name, subpath, from, ESM_CONDITIONS, from);
  if (self !== null) {
    if (exists(view, self)) return self;
    throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find module '${self}' imported from ${from}`);
  }
  for (const dir of nodeModulesPaths(base)) {
    const pkgDir = dir + '/' + name;
    const pkg = readJson(view, pkgDir + '/package.json');
    if (!pkg) continue;
    if (pkg.exports !== undefined && pkg.exports !== null) {
      const target = exportsResolve(pkgDir, name, pkg.exports, subpath, ESM_CONDITIONS, from);
      if (exists(view, target)) return target;
      throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find module '${target}' imported from ${from}`, target);
    }
    if (subpath === '') {
      // Legacy main resolution.
      if (typeof pkg.main === 'string' && pkg.main) {
        const m = join(pkgDir, pkg.main);
        for (const c of [m, m + '.js', m + '.json', m + '.node', m + '/index.js', m + '/index.json', m + '/index.node']) if (exists(view, c)) return c;
      }
      for (const c of [pkgDir + '/index.js', pkgDir + '/index.json', pkgDir + '/index.node']) if (exists(view, c)) return c;
      throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find package '${pkgDir}' imported from ${from}`);
    }
    const x = pkgDir + subpath;
    if (exists(view, x)) return x;
    throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find module '${x}' imported from ${from}`, x);
  }
  throw new ResolveError('ERR_MODULE_NOT_FOUND', `Cannot find package '${name}' imported from ${from}`);
}

/** The module kind of the main file from the host's sources ("type" of its package scope). */
/** The main file's kind when its extension or its package.json "type" says it (null: Node detects it). */
export function declaredModuleKind(sources: { files: Record<string, string>; absent?: string[] }, mainPath: string): 'commonjs' | 'module' | null {
  if (/\.m[jt]s$/i.test(mainPath)) return 'module';
  if (/\.c[jt]s$/i.test(mainPath)) return 'commonjs';
  const absent = new Set(sources.absent ?? []);
  const view: FileView = { read: (p) => (Object.prototype.hasOwnProperty.call(sources.files, p) ? sources.files[p] : absent.has(p) ? null : undefined) };
  try {
    const type = packageScope(view, dirname(mainPath))?.data.type;
    return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : null;
  } catch {
    return null;
  }
}

export function mainModuleKind(sources: { files: Record<string, string>; absent?: string[] }, mainPath: string): 'commonjs' | 'module' {
  const absent = new Set(sources.absent ?? []);
  const view: FileView = { read: (p) => (Object.prototype.hasOwnProperty.call(sources.files, p) ? sources.files[p] : absent.has(p) ? null : undefined) };
  try {
    return formatOf(view, mainPath) === 'module' ? 'module' : 'commonjs';
  } catch {
    return /\.mjs$/i.test(mainPath) ? 'module' : 'commonjs';
  }
}
