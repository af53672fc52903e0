// TypeScript files (.ts, .mts, .cts). First the fast path (./fast.ts): one parse of the TypeScript text
// that steps over the erasable types and yields the JavaScript AST itself. When it steps aside (enum,
// namespace, parameter properties, anything it does not model, any syntax error), the full pipeline:
// erased to JavaScript with every position kept (./erase.ts, acorn-typescript), then parsed by the
// same parser as a .js file, then the non-erasable constructs lowered in the AST (./lower.ts). Both
// give the same program for a file both accept (test/unit/typescriptFast.test.ts). The simulator
// loads this module only for TypeScript files; the full pipeline's parser only when it is needed.
import type * as acorn from 'acorn';
import type { Diagnostic, ModuleKind } from '../types';
import type * as Erase from './erase';
import type * as Lower from './lower';
import { markUsingDeclarations } from '../usingDeclarations';
import { FastPathBail, fastParse } from './fast';
import { linearParserClass } from '../interp/limits';
import { hasTopLevelAwait } from '../moduleDetection';

let eraseModule: typeof Erase | undefined;
let lowerModule: typeof Lower | undefined;
const eraseTypeScript: typeof Erase.eraseTypeScript = (...a) => (eraseModule ??= require('./erase') as typeof Erase).eraseTypeScript(...a);
const lower: typeof Lower.lower = (...a) => (lowerModule ??= require('./lower') as typeof Lower).lower(...a);

/** A program with module syntax: the reason a script parse of it failed (Node 24's detection). */
function hasModuleSyntaxNodes(program: any): boolean {
  return program.body.some((s: any) => s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration') || hasTopLevelAwait(program);
}

/**
 * The fast path (./fast.ts) with the engine's parse options for each kind; `detect`: Node 24's
 * detection (CommonJS unless the stripped text fails as a script and parses as a module). Null: the
 * full pipeline decides.
 */
function fastPath(source: string, moduleKind: ModuleKind, detect: boolean, options: (kind: ModuleKind) => acorn.Options): TypeScriptParse | null {
  // Parameter properties: lowered as the full pipeline lowers them (its errors are the full pipeline's to report).
  const done = (r: ReturnType<typeof fastParse>, kind: ModuleKind): TypeScriptParse | null => {
    if (r.paramProps.length && lower(r.program, { enums: [], namespaces: [], paramProps: r.paramProps, enumWipes: [] }, r.js, kind === 'module' ? 'module' : 'script').length) return null;
    return { program: r.program, error: null, js: r.js, moduleKind: kind, ...(r.notes.length ? { notes: r.notes } : {}) };
  };
  try {
    if (!detect) return done(fastParse(linearParserClass, source, options(moduleKind)), moduleKind);
    try {
      return done(fastParse(linearParserClass, source, options('commonjs')), 'commonjs');
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
    const r = fastParse(linearParserClass, source, options('module'));
    // Failed as a script for a reason other than module syntax (a fast-path limit, `import type` only): not ours to say.
    if (!hasModuleSyntaxNodes(r.program)) return null;
    return done(r, 'module');
  } catch (e) {
    if (e instanceof FastPathBail || e instanceof SyntaxError) return null;
    throw e;
  }
}

/**
 * `exports= x` (the erased `export = x`) → `module.exports = x`, moved to the end of the module's
 * body: Node 24's transform (swc) assigns it there (module.exports is still `{}` in the statements
 * after it, and `x` is read at the end). The new nodes span `export`.
 */
function exportAssignments(program: any, starts: number[]): void {
  const moved: any[] = [];
  program.body = program.body.filter((st: any) => {
    const e = st.type === 'ExpressionStatement' ? st.expression : null;
    const hit = e && e.type === 'AssignmentExpression' && e.left.type === 'Identifier' && starts.includes(e.left.start);
    if (hit) moved.push(st);
    return !hit;
  });
  program.body.push(...moved);
  for (const st of moved) {
    const e = st.expression;
    const id = e.left;
    const loc = (from: number, to: number) => ({ ...id.loc, start: { line: id.loc.start.line, column: id.loc.start.column + from }, end: { line: id.loc.start.line, column: id.loc.start.column + to } });
    const node = (type: string, from: number, to: number, extra: object) => ({ type, start: id.start + from, end: id.start + to, loc: loc(from, to), ...extra });
    e.left = node('MemberExpression', 0, 6, {
      object: node('Identifier', 0, 6, { name: 'module' }),
      property: node('Identifier', 0, 6, { name: 'exports' }),
      computed: false,
      optional: false,
    });
  }
}

const detectionOptions = (kind: ModuleKind): acorn.Options => ({
  ecmaVersion: 'latest',
  sourceType: kind === 'module' ? 'module' : 'script',
  allowHashBang: true,
  allowReturnOutsideFunction: kind === 'commonjs',
  allowAwaitOutsideFunction: kind === 'module',
});

/**
 * Node 24's syntax detection of a `.ts` module, from the fast path when it takes the file (the host's
 * module graph asks before the module is parsed); undefined: ask the erased text.
 */
export function fastModuleSyntax(source: string): boolean | undefined {
  const r = fastPath(source, 'commonjs', true, detectionOptions);
  return r ? r.moduleKind === 'module' : undefined;
}

/** `.ts`, `.mts`, `.cts` (not `.d.ts`: a declaration file has no code to simulate). */
export function isTypeScriptFile(fileName: string | undefined): boolean {
  return !!fileName && /\.[mc]?ts$/i.test(fileName);
}

export interface TypeScriptParse {
  program: any | null;
  error: Diagnostic | null;
  /** The erased text: same length and line breaks as the source. */
  js?: string;
  moduleKind?: ModuleKind;
  notes?: Diagnostic[];
}

let last: { source: string; key: string; result: ReturnType<typeof eraseTypeScript> } | undefined;

/**
 * `parseJs` parses the erased text exactly as a .js file is parsed (src/engine/simulator.ts).
 * `detect`: a `.ts` file without a module kind from outside: Node 24 detects it from the syntax left
 * after stripping.
 */
export function parseTypeScript(...args: Parameters<typeof parseTypeScriptProgram>): TypeScriptParse {
  const r = parseTypeScriptProgram(...args);
  // `using` declarations (Node 24 runs them, src/engine/interp/disposal.ts), whichever path parsed the file.
  if (r.program && /\busing\b/.test(args[0])) {
    const error = markUsingDeclarations(r.program);
    if (error) return { program: null, error, js: r.js, moduleKind: r.moduleKind };
  }
  return r;
}

function parseTypeScriptProgram(
  source: string,
  moduleKind: ModuleKind,
  detect: boolean,
  parseJs: (js: string, kind: ModuleKind) => { program: any | null; error: Diagnostic | null },
  onToken?: (t: any) => void,
  /** The engine's acorn options for a .js file of each kind: given, the fast path is tried first. */
  fastOptions?: (kind: ModuleKind) => acorn.Options,
): TypeScriptParse {
  if (fastOptions) {
    const fast = fastPath(source, moduleKind, detect, fastOptions);
    if (fast) return fast;
  }
  // The same text is often analysed again (the step-through's traced run, a hover, a settings
  // change): its erasure is kept (plain data; the program is parsed anew each time).
  const key = `${moduleKind}:${detect}`;
  const r = last && last.source === source && last.key === key ? last.result : eraseTypeScript(source, moduleKind, detect, onToken);
  last = { source, key, result: r };
  if (!r.ok) return { program: null, error: r.error };
  const { js, jsWithEnums, plans, notes } = r.erased;
  let kind = r.erased.moduleKind;
  let parsed = parseJs(js, detect ? 'commonjs' : kind);
  if (detect) {
    // Node 24's syntax detection: CommonJS unless the stripped text only parses as a module
    // (import/export, import.meta, top-level await).
    kind = 'commonjs';
    if (!parsed.program) {
      const asModule = parseJs(js, 'module');
      if (asModule.program) {
        parsed = asModule;
        kind = 'module';
      }
    }
  }
  if (!parsed.program) return { program: null, error: parsed.error, js, moduleKind: kind };
  const errors = lower(parsed.program, plans, jsWithEnums, kind === 'module' ? 'module' : 'script');
  if (errors.length) return { program: null, error: errors[0], js, moduleKind: kind };
  if (r.erased.exportAssigns.length) exportAssignments(parsed.program, r.erased.exportAssigns);
  return { program: parsed.program, error: null, js, moduleKind: kind, notes };
}
