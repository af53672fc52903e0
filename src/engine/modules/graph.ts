// Where sources come from: the host walks the static module graph of the entry file before the job
// and ships what it read (AnalyzeOptions.modules). Runs in the host (CLI, extension host), never in
// the analysis process; pure (no fs, no vscode): a `SourceReader` the host supplies does the reading.
//
// INVARIANT: bounded — at most `maxFiles` files with text, `maxBytes` characters, `maxProbes` reads in
// all; what a cap or the reader's boundary stops is recorded in `stopped` (path → reason) so the
// engine can say so on the import that needed it. Nothing read here is executed: files are parsed
// (acorn) only to find their string-literal specifiers.
import { parseLinear } from '../interp/limits';
import type { ModuleSources } from '../types';
import { formatOf, isBuiltin, isTypeScriptPath, NeedPath, resolveImport, resolveRequire, ResolveError, type FileView } from './resolve';

/** A read: the text, null when there is no such file (or it is a directory), or why it may not be read. */
export type ReadResult = string | null | { denied: string };

export interface SourceReader {
  read(path: string): Promise<ReadResult>;
  /** Optional: turns a file's text into the JavaScript the scanner parses (e.g. TypeScript erasure). */
  toScannable?(path: string, text: string): string;
}

export interface CollectOptions {
  maxFiles?: number;
  maxBytes?: number;
  maxProbes?: number;
  /** Texts the host already has (open editors: their unsaved text wins). */
  overrides?: Record<string, string>;
}

export const COLLECT_DEFAULTS = { maxFiles: 400, maxBytes: 12 * 1024 * 1024, maxProbes: 6000 };

interface Specifier {
  spec: string;
  kind: 'require' | 'import';
}

/** The string-literal specifiers of require()/import/export…from/import() in a file. */
export function staticSpecifiers(text: string, isModule: boolean): Specifier[] {
  // Most files name no module at all: no parse for them (a 200,000-line script costs nothing here).
  if (!/\brequire\b|\bimport\b|\bexport\b/.test(text)) return [];
  let program: any = null;
  for (const sourceType of isModule ? (['module', 'script'] as const) : (['script', 'module'] as const)) {
    try {
      // The engine's parser: acorn's own redeclaration checks are quadratic in a scope's size.
      program = parseLinear(text, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script', allowAwaitOutsideFunction: true });
      break;
    } catch {
      /* try the other goal; a file that parses as neither is reported when it is loaded */
    }
  }
  if (!program) return [];
  const out: Specifier[] = [];
  const literal = (n: any): string | null => {
    if (!n) return null;
    if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
    if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0].value.cooked;
    return null;
  };
  const stack: any[] = [program];
  let count = 0;
  while (stack.length && count++ < 5_000_000) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
      continue;
    }
    switch (n.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        out.push({ spec: String(n.source.value), kind: 'import' });
        break;
      case 'ExportNamedDeclaration':
        if (n.source) out.push({ spec: String(n.source.value), kind: 'import' });
        break;
      case 'ImportExpression': {
        const s = literal(n.source);
        if (s !== null) out.push({ spec: s, kind: 'import' });
        break;
      }
      case 'Literal':
        // A relative path in any string (`require(dir + x)`, a list of specifiers): probed too, so a
        // computed require of a missing file still gets Node's MODULE_NOT_FOUND.
        if (typeof n.value === 'string' && /^\.\.?\/[^\s'"`]{0,200}$/.test(n.value) && out.length < 2000) out.push({ spec: n.value, kind: 'require' });
        break;
      case 'CallExpression': {
        const c = n.callee;
        const isRequire = (c.type === 'Identifier' && c.name === 'require') || (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === 'require' && c.property.name === 'resolve');
        if (isRequire && n.arguments.length >= 1) {
          const s = literal(n.arguments[0]);
          if (s !== null) out.push({ spec: s, kind: 'require' });
        }
        break;
      }
    }
    for (const k in n) {
      if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
      const v = n[k];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return out;
}

/**
 * A TypeScript file's specifiers, read from its text without loading the TypeScript parser into the
 * host (the extension host re-walks the graph on every keystroke). Over-collecting is harmless —
 * a type-only import or a specifier in a comment only reads one more file within the caps — so the
 * patterns are generous: `import … from`, `export … from`, `import 'x'`, `import('x')`, `require('x')`
 * (also `import x = require('x')`).
 */
export function typeScriptSpecifiers(text: string): Specifier[] {
  const out: Specifier[] = [];
  const seen = new Set<string>();
  const add = (spec: string, kind: Specifier['kind']) => {
    const key = kind + ':' + spec;
    if (!seen.has(key) && out.length < 2000) (seen.add(key), out.push({ spec, kind }));
  };
  const patterns: [RegExp, Specifier['kind']][] = [
    [/\b(?:import|export)\b[^;'"`]{0,2000}?\bfrom\s*(['"])([^'"\n]+)\1/g, 'import'],
    [/\bimport\s*(['"])([^'"\n]+)\1/g, 'import'],
    [/\bimport\s*\(\s*(['"`])([^'"`\n]+)\1\s*[,)]/g, 'import'],
    [/\brequire\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g, 'require'],
  ];
  for (const [re, kind] of patterns) for (const m of text.matchAll(re)) add(m[2], kind);
  return out;
}

// The editor re-walks the graph on every keystroke: a file's specifiers are kept while its text is
// the same (a few hundred files' worth; the oldest go first).
const specifierCache = new Map<string, { text: string; isModule: boolean; specs: Specifier[] }>();
const SPECIFIER_CACHE_SIZE = 500;

function cachedSpecifiers(path: string, text: string, isModule: boolean, reader: SourceReader): Specifier[] {
  const hit = specifierCache.get(path);
  if (hit && hit.text === text && hit.isModule === isModule) return hit.specs;
  const specs = reader.toScannable ? staticSpecifiers(reader.toScannable(path, text), isModule) : isTypeScriptPath(path) ? typeScriptSpecifiers(text) : staticSpecifiers(text, isModule);
  specifierCache.delete(path);
  specifierCache.set(path, { text, isModule, specs });
  if (specifierCache.size > SPECIFIER_CACHE_SIZE) specifierCache.delete(specifierCache.keys().next().value!);
  return specs;
}

/**
 * Reads the entry's module graph: every file a string-literal specifier reaches (Node's resolution,
 * both require and import conditions), the package.json files resolution and "type" consult, and the
 * paths found absent.
 */
export async function collectSources(entryPath: string, entryText: string, reader: SourceReader, options: CollectOptions = {}): Promise<ModuleSources> {
  const maxFiles = options.maxFiles ?? COLLECT_DEFAULTS.maxFiles;
  const maxBytes = options.maxBytes ?? COLLECT_DEFAULTS.maxBytes;
  const maxProbes = options.maxProbes ?? COLLECT_DEFAULTS.maxProbes;
  const files: Record<string, string> = Object.create(null);
  const absent = new Set<string>();
  const stopped: Record<string, string> = Object.create(null);
  const overrides = options.overrides ?? {};
  let fileCount = 0;
  let bytes = 0;
  let probes = 0;
  files[entryPath] = entryText;
  const view: FileView = { read: (p) => (p in files ? files[p] : absent.has(p) || p in stopped ? null : undefined) };

  const fetch = async (p: string): Promise<void> => {
    if (p in files || absent.has(p) || p in stopped) return;
    if (++probes > maxProbes) {
      stopped[p] = `the simulation's host stopped reading files after ${maxProbes} look-ups`;
      return;
    }
    const over = Object.prototype.hasOwnProperty.call(overrides, p) ? overrides[p] : undefined;
    const r = over !== undefined ? over : await reader.read(p);
    if (r === null) absent.add(p);
    else if (typeof r === 'object') stopped[p] = r.denied;
    else if (fileCount + 1 > maxFiles) stopped[p] = `the import is past the cap of ${maxFiles} files per analysis`;
    else if (bytes + r.length > maxBytes) stopped[p] = `the import is past the cap of ${Math.round(maxBytes / 1024 / 1024)} MB of sources per analysis`;
    else {
      fileCount++;
      bytes += r.length;
      files[p] = r;
    }
  };
  /** Runs a resolution step over the view, reading what it needs, until it no longer asks. */
  const settle = async <T>(f: () => T): Promise<T | null> => {
    for (let i = 0; i < 200; i++) {
      try {
        return f();
      } catch (e) {
        if (e instanceof NeedPath) {
          if (e.path in stopped) return null;
          await fetch(e.path);
          continue;
        }
        if (e instanceof ResolveError) return null;
        throw e;
      }
    }
    return null;
  };

  const queue: string[] = [entryPath];
  const scanned = new Set<string>();
  while (queue.length) {
    const path = queue.shift()!;
    if (scanned.has(path)) continue;
    scanned.add(path);
    const text = files[path];
    if (typeof text !== 'string' || /\.(json|node)$/i.test(path)) continue;
    // No syntax detection here (it would parse every typeless file once more): the scan tries both goals.
    const format = await settle(() => formatOf(view, path, false));
    for (const { spec, kind } of cachedSpecifiers(path, text, format === 'module', reader)) {
      if (isBuiltin(spec)) continue;
      const resolved = await settle(() => (kind === 'require' ? resolveRequire(view, spec, path) : resolveImport(view, spec, path)));
      // An import() or require of a CommonJS-ish specifier may be resolved the other way too (and a
      // package an ES module imports may also be required through createRequire: its "require" target).
      const other = kind === 'import' && (!resolved || !/^[./#]/.test(spec)) ? await settle(() => resolveRequire(view, spec, path)) : null;
      for (const target of [resolved, other]) {
        if (!target) continue;
        await settle(() => formatOf(view, target, false));
        if (!scanned.has(target)) queue.push(target);
      }
    }
  }
  const out: ModuleSources = { files: { ...files }, absent: [...absent] };
  if (Object.keys(stopped).length) out.stopped = { ...stopped };
  return out;
}
