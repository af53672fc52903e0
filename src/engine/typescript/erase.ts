// Type erasure of one TypeScript file with every position kept.
// INVARIANT: the JavaScript text this returns has exactly the length of the TypeScript source and the
// same line breaks at the same offsets; every character it keeps is at its original offset. So every
// node of the program parsed from it (and every hint, diagnostic, hover and highlight derived from a
// node) has the TypeScript file's own line and column. Types become spaces, as Node 24's type
// stripping (amaro, strip-only mode) makes them, with the same `;` at an ASI hazard.
//
// Node 24 runs erasable syntax only; enum, namespace with values, parameter properties, `import x =`
// and `<T>x` assertions it rejects (ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX) unless started with
// --experimental-transform-types. The simulation runs them as that transform compiles them
// (./lower.ts) and says so in an `info` diagnostic on the construct. Decorators and JSX Node rejects
// in every mode: they are errors here too, on their node.
import * as acorn from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import type { Diagnostic, ModuleKind } from '../types';
import type { EnumPlan, NamespacePlan, ParamPropsPlan, Plans } from './lower';
import { transformNoteMessage } from './notes';
import { skipSpace } from './fast';
import { misplacedUsingError } from '../usingDeclarations';

let TSParser: typeof acorn.Parser | null = null;
function tsParser(): typeof acorn.Parser {
  return (TSParser ??= acorn.Parser.extend(fastRaise as any, tsPlugin() as any, fastReadWord as any));
}

/** The deadline hook of the parse running now (set around it by eraseTypeScript). */
let tokenHook: ((t: acorn.Token) => void) | undefined;
let tokenCount = 0;

/** The plugin's readWord() builds a RegExp per identifier read; the same test with one RegExp (it has no `g` flag). */
function fastReadWord(Base: typeof acorn.Parser): typeof acorn.Parser {
  const ts = (Base as any).acornTypeScript;
  const tsKeywords: RegExp = ts.keywordsRegExp;
  const tsTokTypes: Record<string, acorn.TokenType> = ts.tokTypes;
  const name = acorn.tokTypes.name;
  const keywordTypes = (acorn as any).keywordTypes as Record<string, acorn.TokenType>;
  return class extends (Base as any) {
    /**
     * The deadline check, as a method: given to acorn as `onToken`, the plugin would buffer every
     * token event inside its speculative parses (a third of the parse time).
     */
    nextToken(): unknown {
      if (tokenHook && (++tokenCount & 1023) === 0) tokenHook({ loc: { start: { line: (this as any).curLine } } } as any);
      return super.nextToken();
    }
    /**
     * No scope bookkeeping: acorn's (and the plugin's) redeclaration checks search arrays, quadratic
     * in the declarations of a scope (60,000 top-level consts: 11 s). The erased text is parsed again
     * by the engine's linear parser, which makes every JavaScript redeclaration and export check.
     */
    declareName(): void {}
    raiseRecoverable(pos: number, message: string): unknown {
      // …so an `export { x }` finds no declared `x` here: that check too is the second parse's.
      if (/^Export '.*' is not defined$/.test(message)) return undefined;
      return super.raiseRecoverable(pos, message);
    }
    readWord(): unknown {
      const self = this as any;
      const word: string = self.readWord1();
      let type = name;
      if (self.keywords.test(word)) type = keywordTypes[word];
      else if (tsKeywords.test(word)) type = tsTokTypes[word];
      return self.finishToken(type, word);
    }
  } as any;
}

/**
 * The TypeScript plugin parses ambiguous syntax (`<T>(x) => x`, `a < b > (c)`) by trying one reading
 * and catching the SyntaxError it raises: acorn's raise() finds the error's line by scanning the input
 * from its start, so those speculative raises made parsing quadratic (a 2,000-line file: 80% of the
 * parse). Under the plugin, this raise() finds the line in a table built once per parse; the error it
 * throws is the one acorn throws (same message, pos, loc, raisedAt).
 */
function fastRaise(Base: typeof acorn.Parser): typeof acorn.Parser {
  const nowhere = new (acorn as any).Position(1, 0);
  return class extends (Base as any) {
    private lineTable?: number[];
    /**
     * The plugin insists on `locations`, but the erasure reads offsets only (errors find their line
     * in the table below): one shared Position instead of two per token and node.
     */
    curPosition(): acorn.Position {
      return nowhere;
    }
    raise(pos: number, message: string): never {
      return this.fail(pos, message);
    }
    raiseRecoverable(pos: number, message: string): never {
      return this.fail(pos, message);
    }
    // Not this.raise(): the plugin's raise() above this class calls back down here.
    private fail(pos: number, message: string): never {
      const loc = this.lineOf(pos);
      const err = new SyntaxError(`${message} (${loc.line}:${loc.column})`) as any;
      err.pos = pos;
      err.loc = loc;
      err.raisedAt = (this as any).pos;
      throw err;
    }
    private lineOf(pos: number): acorn.Position {
      const input: string = (this as any).input;
      let t = this.lineTable;
      if (!t) {
        t = this.lineTable = [0];
        const re = /\r\n?|\n|\u2028|\u2029/g;
        for (let m = re.exec(input); m; m = re.exec(input)) t.push(m.index + m[0].length);
      }
      let lo = 0;
      let hi = t.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (t[mid] <= pos) lo = mid;
        else hi = mid - 1;
      }
      return new (acorn as any).Position(lo + 1, pos - t[lo]);
    }
  } as any;
}

export interface Erased {
  /** The JavaScript text: the source with types blanked, same length, same line breaks. */
  js: string;
  /** The text enum initializers are parsed from (./lower.ts): `js` before enum statements were wiped. */
  jsWithEnums: string;
  moduleKind: ModuleKind;
  plans: Plans;
  /** `info` notes on non-erasable syntax the simulation runs with transform semantics. */
  notes: Diagnostic[];
  /** Offsets of `export =` statements (their text says `exports=`). */
  exportAssigns: number[];
}

export type EraseResult = { ok: true; erased: Erased } | { ok: false; error: Diagnostic };

/** Thrown out of the walk: syntax Node rejects in every mode. */
class Rejected {
  constructor(readonly diagnostic: Diagnostic) {}
}

const TYPE_ONLY = new Set(['TSTypeAnnotation', 'TSTypeParameterDeclaration', 'TSTypeParameterInstantiation']);
const MODIFIERS = /\b(public|private|protected|readonly|override|abstract|declare)\b/g;

/**
 * `moduleKind`: what the file name says (`.mts` module, `.cts` commonjs); `detect`: a `.ts` file,
 * whose kind is decided later: it is parsed as a module (falling back to a script).
 */
export function eraseTypeScript(source: string, moduleKind: ModuleKind, detect: boolean, onToken?: (t: acorn.Token) => void): EraseResult {
  const opts = (sourceType: 'module' | 'script'): acorn.Options => ({
    ecmaVersion: 'latest',
    sourceType,
    locations: true, // the plugin requires it
    allowHashBang: true,
    // The erased text is parsed again with the file's own rules (src/engine/simulator.ts): these only
    // have to accept every file that could be valid.
    allowReturnOutsideFunction: moduleKind === 'commonjs',
    allowAwaitOutsideFunction: true,
  });
  let ast: any;
  let kind = moduleKind;
  // The speculative errors of the plugin need no stack (host Errors only; the guest's are the realm's).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  tokenHook = onToken;
  tokenCount = 0;
  try {
    return erase(source, moduleKind, detect, opts);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    tokenHook = undefined;
  }
}

function erase(source: string, moduleKind: ModuleKind, detect: boolean, opts: (t: 'module' | 'script') => acorn.Options): EraseResult {
  let ast: any;
  let kind = moduleKind;
  // As a module first, even for CommonJS: `import type` / `export type` are erasable in a .cts file
  // too. Sloppy-mode code (`with`, legacy octals) parses only as a script: then as a script.
  try {
    ast = tsParser().parse(source, opts('module'));
  } catch (e: any) {
    if (!(e instanceof SyntaxError)) throw e;
    if (moduleKind === 'module' && !detect) return { ok: false, error: syntaxError(source, e) };
    try {
      ast = tsParser().parse(source, opts('script'));
      kind = 'commonjs';
    } catch (e2) {
      if (!(e2 instanceof SyntaxError)) throw e2;
      return { ok: false, error: syntaxError(source, detect ? e : e2) };
    }
  }
  // A `.ts` file's kind is decided on the erased text (./index.ts), as Node 24 decides it.
  try {
    return { ok: true, erased: new Eraser(source, kind).run(ast) };
  } catch (e) {
    if (e instanceof Rejected) return { ok: false, error: e.diagnostic };
    throw e;
  }
}

function syntaxError(source: string, err: unknown): Diagnostic {
  // Only the parser's own errors are the file's; anything else (the parse deadline) goes on up.
  if (!(err instanceof SyntaxError)) throw err;
  const e = err as any;
  const loc = e && e.loc ? e.loc : { line: 1, column: 0 };
  let message = String(e && e.message ? e.message : e).replace(/ \(\d+:\d+\)$/, '');
  // acorn-typescript reads `</div>` as a regular expression; Node (swc) says JSX is not TypeScript.
  const pos = typeof e?.pos === 'number' ? e.pos : -1;
  // (swc strips the text; V8 then stops at it.)
  const misplaced = misplacedUsingError(message, source, e?.pos, loc);
  if (misplaced) return misplaced;
  if (pos > 0 && /<\/?$/.test(source.slice(Math.max(0, pos - 2), pos)) && /regular expression/.test(message)) message = 'Expression expected (JSX is not allowed in a .ts file; Node 24 rejects it)';
  return { code: 'syntax-error', severity: 'error', message: `SyntaxError [ERR_INVALID_TYPESCRIPT_SYNTAX]: ${message}`, line: loc.line, column: loc.column, endLine: loc.line, endColumn: loc.column + 1 };
}

function isTypeOnlyStatement(n: any): boolean {
  switch (n.type) {
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSDeclareFunction':
      return true;
    case 'TSEnumDeclaration':
      return !!n.declare;
    case 'TSModuleDeclaration':
      return !!n.declare || n.global || n.id?.type === 'Literal' || isTypeOnlyModule(n);
    case 'VariableDeclaration':
    case 'ClassDeclaration':
      return !!n.declare;
    case 'TSImportEqualsDeclaration':
      return n.importKind === 'type';
    default:
      return false;
  }
}

/** A namespace whose body declares types only: Node's strip-only mode erases it. */
function isTypeOnlyModule(n: any): boolean {
  const body = n.body;
  if (!body) return true;
  if (body.type === 'TSModuleDeclaration') return isTypeOnlyModule(body);
  return body.body.every((s: any) => {
    const d = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    if (s.type === 'ExportNamedDeclaration' && !d) return s.exportKind === 'type';
    return d && isTypeOnlyStatement(d);
  });
}

class Eraser {
  private readonly mask: Uint8Array;
  private readonly semis: number[] = [];
  private readonly plans: Plans = { enums: [], namespaces: [], paramProps: [], enumWipes: [] };
  private readonly notes: Diagnostic[] = [];
  private readonly lineStarts: number[];

  constructor(private readonly src: string, private readonly moduleKind: ModuleKind) {
    this.mask = new Uint8Array(src.length);
    this.lineStarts = [0];
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && src.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  private programBody: any[] = [];

  run(ast: any): Erased {
    this.programBody = ast.body;
    this.statements(ast.body, null);
    const js = this.text(true);
    const jsWithEnums = this.plans.enumWipes.length ? this.text(false) : js;
    return { js, jsWithEnums, moduleKind: this.moduleKind, plans: this.plans, notes: this.notes, exportAssigns: this.exportAssigns };
  }

  private text(wipeEnums: boolean): string {
    const mask = wipeEnums ? this.withEnumWipes() : this.mask;
    const src = this.src;
    // Runs of blanked characters become spaces (line breaks stay); the rest is copied as it is.
    const parts: string[] = [];
    let from = 0;
    for (let i = mask.indexOf(1); i >= 0 && i < src.length; i = mask.indexOf(1, i)) {
      let j = i;
      while (j < src.length && mask[j]) j++;
      parts.push(src.slice(from, i), src.slice(i, j).replace(/[^\r\n\u2028\u2029]/g, ' '));
      from = i = j;
    }
    parts.push(src.slice(from));
    const out = parts.join('');
    const semis = wipeEnums ? [...this.semis, ...this.plans.enumWipes.map((w) => w.start)] : this.semis;
    if (!semis.length && !this.overwrite.size) return out;
    const chars = out.split('');
    for (const p of semis) chars[p] = ';';
    for (const [p, c] of this.overwrite) chars[p] = c;
    return chars.join('');
  }

  private withEnumWipes(): Uint8Array {
    const m = this.mask.slice();
    for (const w of this.plans.enumWipes) m.fill(1, w.start, w.end);
    return m;
  }

  private blank(start: number, end: number): void {
    if (end > start) this.mask.fill(1, start, end);
  }

  /**
   * A statement that is all type: spaces. As Node's stripper does, a `;` where it began when the
   * statement did not end with one and the next token would otherwise continue the statement before
   * (`(`, `[`, a template, `+ - /`): `let x = 1 \n interface I {} \n (f)()` is not a call of 1.
   */
  private blankStatement(n: any): void {
    this.blank(n.start, n.end);
    const next = this.src[this.skip(n.end)];
    if (this.src[n.end - 1] !== ';' && next !== undefined && '([`+-/'.includes(next)) this.semis.push(n.start);
  }

  loc(offset: number): { line: number; column: number } {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - ls[lo] };
  }

  private range(n: { start: number; end: number }) {
    const a = this.loc(n.start);
    const b = this.loc(n.end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private note(n: any, what: string): void {
    this.notes.push({
      code: 'typescript-transform',
      severity: 'info',
      message: transformNoteMessage(what),
      ...this.range(n),
    });
  }

  private reject(n: any, message: string): never {
    throw new Rejected({ code: 'syntax-error', severity: 'error', message, ...this.range(n) });
  }

  /** Skips spaces and comments from `i`; returns the next significant offset. */
  private skip(i: number, also = ''): number {
    return skipSpace(this.src, i, also);
  }

  /** Blanks the `?` or `!` marker that follows offset `from` (optional / definite declarations). */
  private blankMarker(from: number, marker: '?' | '!', also = ''): void {
    const i = this.skip(from, also);
    if (this.src[i] === marker) this.blank(i, i + 1);
  }

  /** A statement list: Program, block, namespace body, switch case, static block. */
  private statements(list: any[], namespace: NamespacePlan | null): void {
    const enumsHere = new Set<string>();
    for (const s of list) this.statement(s, list, namespace, enumsHere);
  }

  private statement(s: any, list: any[], namespace: NamespacePlan | null, enumsHere: Set<string>): void {
    if (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') {
      const d = s.declaration;
      if (s.exportKind === 'type' || (d && isTypeOnlyStatement(d))) return this.blankStatement(s);
      if (namespace && d) {
        // Inside a namespace `export` is the namespace's: the keyword goes, ./lower.ts assigns N.x.
        this.blank(s.start, d.start);
        namespace.exported.add(d.start);
        return this.statement(d, list, namespace, enumsHere);
      }
      if (d && (d.type === 'TSEnumDeclaration' || d.type === 'TSModuleDeclaration')) return this.declaration(d, s, list, namespace, enumsHere);
      if (d && d.type === 'TSImportEqualsDeclaration') this.reject(s, 'SyntaxError [ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX]: `export import` is not supported by the simulation.');
      if (s.specifiers) this.specifiers(s.specifiers, 'exportKind');
      return this.visit(d ?? null);
    }
    if (s.type === 'ImportDeclaration') {
      if (s.importKind === 'type') return this.blankStatement(s);
      this.specifiers(s.specifiers, 'importKind');
      return;
    }
    if (s.type === 'ExportAllDeclaration' && s.exportKind === 'type') return this.blankStatement(s);
    if (isTypeOnlyStatement(s)) return this.blankStatement(s);
    if (s.type === 'TSEnumDeclaration' || s.type === 'TSModuleDeclaration') return this.declaration(s, s, list, namespace, enumsHere);
    if (s.type === 'TSImportEqualsDeclaration') return this.importEquals(s);
    if (s.type === 'TSExportAssignment') return this.exportAssignment(s);
    if (s.type === 'TSNamespaceExportDeclaration') return this.blankStatement(s);
    this.visit(s);
  }

  /** `import x = require('y')` → `const  x = require('y')`; `import x = N.y` → `var    x = N.y` (same length). */
  private importEquals(s: any): void {
    this.note(s, 'TypeScript import equals declaration');
    const isRequire = s.moduleReference?.type === 'TSExternalModuleReference';
    if (isRequire && this.moduleKind === 'module') this.reject(s, 'SyntaxError: `import x = require()` cannot be used in an ES module.');
    const word = isRequire ? 'const ' : 'var   ';
    for (let i = 0; i < word.length; i++) this.overwrite.set(s.start + i, word[i]);
    this.visit(s.moduleReference);
  }

  /**
   * `export = x;` → `exports= x;` (same length; the space after `export` becomes its `s`), which
   * ./index.ts turns into `module.exports = x`, as the transform compiles it.
   */
  private exportAssignment(s: any): void {
    if (this.moduleKind === 'module') this.reject(s, 'SyntaxError: Export assignment (`export =`) cannot be used in an ES module.');
    const gap = this.src[s.start + 6];
    if (gap !== ' ' && gap !== '\t') this.reject(s, 'Unsupported: `export =` is simulated only with a space after `export`.');
    this.note(s, 'TypeScript export assignment');
    for (let i = 0; i < 7; i++) this.overwrite.set(s.start + i, 'exports'[i]);
    this.exportAssigns.push(s.start);
    this.visit(s.expression);
  }

  readonly exportAssigns: number[] = [];

  /** Characters replaced in place (same length): `import` → `const ` of `import x = require()`. */
  private readonly overwrite = new Map<number, string>();

  private specifiers(specs: any[], kindKey: 'importKind' | 'exportKind'): void {
    for (let i = 0; i < specs.length; i++) {
      const sp = specs[i];
      if (sp[kindKey] !== 'type') continue;
      // The specifier and its comma.
      const after = this.skip(sp.end);
      const end = this.src[after] === ',' ? after + 1 : sp.end;
      this.blank(sp.start, end);
    }
  }

  /** enum / namespace declarations (`outer` is the export statement when exported). */
  private declaration(d: any, outer: any, list: any[], namespace: NamespacePlan | null, enumsHere: Set<string>): void {
    if (d.decorators?.length) this.decorators(d.decorators);
    if (d.type === 'TSEnumDeclaration') {
      this.note(d, 'TypeScript enum');
      const name = d.id.name;
      const plan: EnumPlan = {
        start: outer.start,
        end: outer.end,
        node: d,
        name,
        merged: enumsHere.has(name),
        topLevel: list === this.programBody,
        exported: outer !== d && !namespace,
        inNamespace: namespace && namespace.exported.has(d.start) ? namespace : null,
      };
      enumsHere.add(name);
      for (const m of d.members) if (m.initializer) this.visit(m.initializer);
      this.plans.enums.push(plan);
      this.plans.enumWipes.push({ start: outer.start, end: outer.end });
      return;
    }
    // namespace N { ... } / namespace A.B { ... }
    this.note(d, 'TypeScript namespace declaration');
    if (d.id.type !== 'Identifier') this.reject(d, 'Unsupported: a namespace named by a string is a module declaration; only `declare module` is erasable.');
    const chain: any[] = [d];
    while (chain[chain.length - 1].body?.type === 'TSModuleDeclaration') chain.push(chain[chain.length - 1].body);
    const block = chain[chain.length - 1].body;
    if (!block) return this.blankStatement(outer);
    // Header `[export] namespace A.B {` → spaces and the `{`: the body reparses as a block in place.
    this.blank(outer.start, block.start);
    const plan: NamespacePlan = {
      blockStart: block.start,
      names: chain.map((c) => ({ name: c.id.name, start: c.id.start, end: c.id.end })),
      start: outer.start,
      end: outer.end,
      exportedFrom: namespace && namespace.exported.has(d.start) ? namespace : null,
      exported: new Set<number>(),
      first: !enumsHere.has('namespace:' + d.id.name) && !list.some((o: any) => declaresName(o, d.id.name)),
      esmExport: outer !== d && !namespace && this.moduleKind === 'module',
    };
    enumsHere.add('namespace:' + d.id.name);
    this.plans.namespaces.push(plan);
    this.statements(block.body, plan);
  }

  private decorators(list: any[]): never {
    this.reject(list[0], 'SyntaxError: Invalid or unexpected token (a decorator: Node 24 does not support decorators, with or without --experimental-transform-types)');
  }

  private cls(n: any): void {
    if (n.decorators?.length) this.decorators(n.decorators);
    if (n.abstract) {
      const i = this.src.indexOf('abstract', n.start);
      if (i >= 0 && i < n.body.start) this.blank(i, i + 8);
    }
    this.visit(n.id);
    this.visit(n.typeParameters);
    this.visit(n.superClass);
    this.visit(n.superTypeParameters);
    if (n.implements?.length) {
      const from = (n.superTypeParameters ?? n.superClass ?? n.typeParameters ?? n.id ?? { end: n.start }).end;
      const i = this.src.indexOf('implements', from);
      this.blank(i >= 0 && i < n.implements[0].start ? i : n.implements[0].start, n.implements[n.implements.length - 1].end);
    }
    const props: ParamPropsPlan = { bodyStart: n.body.start, params: [], derived: !!n.superClass };
    for (const m of n.body.body) this.member(m, props);
    if (props.params.length) this.plans.paramProps.push(props);
  }

  private member(m: any, props: ParamPropsPlan): void {
    if (m.decorators?.length) this.decorators(m.decorators);
    if (m.type === 'TSIndexSignature' || m.declare || (m.abstract && m.type === 'PropertyDefinition') || m.value?.type === 'TSDeclareMethod' || m.type === 'TSDeclareMethod') {
      this.blankStatement(m);
      return;
    }
    if (m.type === 'StaticBlock') return this.statements(m.body, null);
    const keyStart = m.computed ? this.src.lastIndexOf('[', m.key.start) : m.key.start;
    if (m.accessibility || m.readonly || m.override || m.abstract) {
      const head = this.src.slice(m.start, keyStart);
      for (const x of head.matchAll(MODIFIERS)) this.blank(m.start + x.index!, m.start + x.index! + x[0].length);
    }
    if (m.optional) this.blankMarker(m.key.end, '?', m.computed ? ']' : '');
    if (m.definite) this.blankMarker(m.key.end, '!', m.computed ? ']' : '');
    if (m.computed) this.visit(m.key);
    this.visit(m.typeAnnotation);
    // A generic method's `<T>` is on the member, not on its function.
    this.visit(m.typeParameters);
    if (m.kind === 'constructor' && m.value) {
      for (const p of m.value.params) {
        if (p.type !== 'TSParameterProperty') continue;
        if (p.decorators?.length) this.decorators(p.decorators);
        const id = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
        // The modifiers (`public`, `private readonly`, …): a default value's pattern starts at them too.
        this.blank(p.start, id.start);
        if (id.type !== 'Identifier') this.reject(p, 'A parameter property may not be declared using a binding pattern.');
        props.params.push({ name: id.name, start: id.start, end: id.start + id.name.length });
        this.note(p, 'TypeScript parameter property');
      }
    }
    this.visit(m.value);
  }

  private fn(n: any): void {
    this.visit(n.id);
    this.visit(n.typeParameters);
    const params = n.params;
    for (let i = 0; i < params.length; i++) {
      let p = params[i];
      if (i === 0 && p.type === 'Identifier' && p.name === 'this') {
        // `this: T` (and its comma) is type-only.
        const after = this.skip(p.end);
        this.blank(p.start, this.src[after] === ',' ? after + 1 : p.end);
        continue;
      }
      if (p.decorators?.length) this.decorators(p.decorators);
      if (p.type === 'TSParameterProperty') p = p.parameter;
      this.param(p);
    }
    this.visit(n.returnType);
    this.visit(n.predicate);
    // `(a: number):\n number => …`: blanked, the line break would end up before `=>` (a syntax
    // error). As Node's stripper does, the `)` moves to the return type's last character.
    if (n.type === 'ArrowFunctionExpression' && n.returnType) {
      const close = this.src.lastIndexOf(')', n.returnType.start);
      if (close >= 0 && /[\n\r\u2028\u2029]/.test(this.src.slice(close, n.returnType.end))) {
        this.blank(close, close + 1);
        this.overwrite.set(n.returnType.end - 1, ')');
      }
    }
    if (n.body) {
      if (n.body.type === 'BlockStatement') this.statements(n.body.body, null);
      else this.visit(n.body);
    }
  }

  private param(p: any): void {
    if (p.type === 'Identifier' && p.optional) this.blankMarker(p.start + p.name.length, '?');
    if (p.type === 'AssignmentPattern' && p.left?.type === 'Identifier' && p.left.optional) this.blankMarker(p.left.start + p.left.name.length, '?');
    if ((p.type === 'ObjectPattern' || p.type === 'ArrayPattern') && p.optional) this.blankMarker(p.typeAnnotation ? p.typeAnnotation.start - 1 : p.end - 1, '?');
    this.visit(p);
  }

  /** Any node: type-only parts blanked, expressions with types unwrapped in the text. */
  private visit(n: any): void {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) this.visit(x);
      return;
    }
    if (typeof n.type !== 'string') return;
    if (TYPE_ONLY.has(n.type)) return this.blank(n.start, n.end);
    switch (n.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression': {
        this.visit(n.expression);
        const kw = n.type === 'TSAsExpression' ? 'as' : 'satisfies';
        const i = this.skip(n.expression.end, ')');
        // The keyword and the type; the parentheses around the expression stay.
        this.blank(this.src.startsWith(kw, i) ? i : n.expression.end, n.end);
        return;
      }
      case 'TSNonNullExpression':
        this.visit(n.expression);
        if (this.src[n.end - 1] === '!') this.blank(n.end - 1, n.end);
        return;
      case 'TSTypeAssertion': {
        this.note(n, 'The angle-bracket syntax for type assertions, `<T>expr`,');
        const close = this.src.indexOf('>', n.typeAnnotation.end);
        this.blank(n.start, close + 1);
        this.visit(n.expression);
        return;
      }
      case 'TSInstantiationExpression':
        this.visit(n.expression);
        this.visit(n.typeArguments ?? n.typeParameters);
        return;
      case 'TSParameterProperty':
        return this.visit(n.parameter);
      case 'Decorator':
        return this.decorators([n]);
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (n.declare) return this.blankStatement(n);
        return this.cls(n);
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.fn(n);
      case 'TSDeclareFunction':
        return this.blankStatement(n);
      case 'VariableDeclaration':
        if (n.declare) return this.blankStatement(n);
        for (const d of n.declarations) {
          if (d.definite && d.id.type === 'Identifier') this.blankMarker(d.id.start + d.id.name.length, '!');
          this.visit(d.id);
          this.visit(d.init);
        }
        return;
      case 'BlockStatement':
      case 'StaticBlock':
        return this.statements(n.body, null);
      case 'SwitchCase':
        this.visit(n.test);
        return this.statements(n.consequent, null);
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSImportEqualsDeclaration':
      case 'TSExportAssignment':
        // Only reachable as the body of if/while/label (not a statement list): Node rejects those too.
        return this.reject(n, `SyntaxError [ERR_INVALID_TYPESCRIPT_SYNTAX]: a ${n.type.slice(2).replace(/Declaration$/, '').toLowerCase()} declaration is not allowed here.`);
    }
    for (const key in n) {
      if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (v && typeof v === 'object') this.visit(v);
    }
  }
}

function declaresName(s: any, name: string): boolean {
  const d = s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' ? s.declaration : s;
  if (!d) return false;
  if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration' || d.type === 'TSEnumDeclaration') && d.id?.name === name) return !d.declare;
  return false;
}
