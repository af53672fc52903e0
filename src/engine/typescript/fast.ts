// The fast path of TypeScript support: one acorn parse of the TypeScript text that steps over the
// erasable types and builds the JavaScript AST directly (no TypeScript AST, no second parse).
// INVARIANT: a program this returns is the program the full pipeline (./erase.ts, then the engine's
// parse of the erased text) builds: same nodes, same offsets and locations, and `js` is the same
// erased text. Types are stepped over as if they were whitespace: the parser's last-token position is
// put back after each type, so node ends, ASI and `canInsertSemicolon` see exactly what the parse of
// the erased text sees. Anything this path does not model — enum, namespace, declare, abstract,
// parameter properties, overloads, `<T>x`, decorators, JSX, a generic arrow, an ambiguous `<` — throws
// `FastPathBail` (or is a syntax error here), and the caller runs the full pipeline, which owns every
// diagnostic. So this path never reports anything; it only succeeds or steps aside.
// Why: acorn-typescript parses 3x slower than acorn even on plain JavaScript, and the full pipeline
// parses twice; a 2,000-line file must cost within 10% of the same file as .js (issue 11).
import * as acorn from 'acorn';
import type { Diagnostic } from '../types';
import type { ParamPropsPlan } from './lower';
import { transformNoteMessage } from './notes';

const tt = acorn.tokTypes;
const lineBreak = /\r\n?|\n|\u2028|\u2029/;

/** Not an Error: this path does not handle the construct; the full pipeline does. */
export class FastPathBail {
  constructor(readonly why: string) {}
}
const bail = (why: string): never => {
  throw new FastPathBail(why);
};

/** Class member modifiers Node's stripper erases (or, for the last three, this path leaves to the full pipeline). */
const MODIFIERS = new Set(['public', 'private', 'protected', 'readonly', 'override', 'declare', 'abstract', 'accessor']);
const NOT_HERE = new Set(['declare', 'abstract', 'accessor']);
const PARAM_MODIFIERS = new Set(['public', 'private', 'protected', 'readonly', 'override']);
/** Statement heads that are TypeScript declarations when an identifier follows on the same line. */
const TS_STATEMENT_WORDS = new Set(['interface', 'type', 'declare', 'abstract', 'namespace', 'module', 'enum', 'global']);

const SCOPE_SIMPLE_CATCH = 32;
const BIND_LEXICAL = 2;
const BIND_SIMPLE_CATCH = 4;

/** A token source the type skipper reads: the parser itself, or a lookahead tokenizer. */
interface Tokens {
  type: acorn.TokenType;
  value: any;
  start: number;
  end: number;
  lastTokEnd: number;
  next(): void;
}

const isGt = (t: Tokens) => t.type === tt.relational && t.value === '>';
const isLt = (t: Tokens) => t.type === tt.relational && t.value === '<';

/**
 * Steps over one TypeScript type (the grammar of TypeScript's parseType, for the forms real code
 * writes; anything else bails). `gt` counts the `>` still owed by a `>>`/`>>>` token that closed
 * nested type arguments.
 */
class TypeSkipper {
  gt = 0;
  private steps = 0;
  constructor(private readonly t: Tokens, private readonly input: string) {}

  private newlineBefore(): boolean {
    return lineBreak.test(this.input.slice(this.t.lastTokEnd, this.t.start));
  }
  private next(): void {
    if (++this.steps > 100_000) bail('type too long');
    this.t.next();
  }
  private nextAfterOperand(): void {
    (this.t as any).exprAllowed = false;
    this.next();
  }
  private word(): string | undefined {
    const t = this.t;
    if (this.gt) return undefined;
    return t.type === tt.name ? t.value : t.type.keyword;
  }
  private expect(type: acorn.TokenType): void {
    if (this.gt || this.t.type !== type) bail(`expected ${type.label} in a type`);
    this.next();
  }

  /** `type` of TypeScript: function and constructor types, conditional types, unions. */
  type(noConditional = false): void {
    const t = this.t;
    if (this.gt) bail('type expected');
    if (isLt(t)) {
      this.typeParams();
      this.functionTypeRest();
      return;
    }
    const w = this.word();
    if (w === 'new' || (w === 'abstract' && t.type === tt.name)) {
      if (w === 'abstract') {
        this.next();
        if (this.word() !== 'new') bail('abstract');
      }
      this.next();
      if (isLt(t)) this.typeParams();
      this.functionTypeRest();
      return;
    }
    this.union();
    if (!noConditional && !this.gt && t.type === tt._extends && !this.newlineBefore()) {
      this.next();
      this.union();
      this.expect(tt.question);
      this.type();
      this.expect(tt.colon);
      this.type();
    }
  }

  /** `(params) => type` after the optional type parameters. */
  private functionTypeRest(): void {
    if (this.gt || this.t.type !== tt.parenL) bail('function type');
    this.balanced();
    this.expect(tt.arrow);
    this.type();
  }

  private union(): void {
    this.joined(tt.bitwiseOR, this.intersection);
  }

  private intersection(): void {
    this.joined(tt.bitwiseAND, this.operator);
  }

  /** `part (op part)*`, with an optional leading `op` (`| A | B`, `& A & B`). */
  private joined(op: acorn.TokenType, part: (this: this) => void): void {
    const t = this.t;
    if (!this.gt && t.type === op) this.next();
    part.call(this);
    while (!this.gt && t.type === op) {
      this.next();
      part.call(this);
    }
  }

  private operator(): void {
    const w = this.word();
    if (w === 'keyof' || w === 'unique' || w === 'readonly') {
      this.next();
      return this.operator();
    }
    if (w === 'infer') {
      this.next();
      if (this.t.type !== tt.name) bail('infer');
      this.next();
      if (!this.gt && this.t.type === tt._extends) bail('infer ... extends');
      return;
    }
    this.postfix();
  }

  private postfix(): void {
    const t = this.t;
    this.primary();
    // `T[]`, `T[K]`: on the same line only (a `[` on the next line starts a statement).
    while (!this.gt && t.type === tt.bracketL && !this.newlineBefore()) {
      this.next();
      if (t.type !== tt.bracketR) this.type();
      this.expect(tt.bracketR);
    }
  }

  private primary(): void {
    const t = this.t;
    if (this.gt) bail('type expected');
    switch (t.type) {
      case tt.name:
        return this.reference();
      case tt.string:
      case tt.num:
      case tt._null:
      case tt._true:
      case tt._false:
      case tt._void:
      case tt._this:
        this.next();
        return;
      case tt._typeof:
        this.next();
        if (t.type !== tt.name && t.type !== tt._this) bail('typeof import');
        return this.reference();
      case tt.plusMin:
        if (t.value !== '-') bail('+ in a type');
        this.next();
        if (t.type !== tt.num) bail('- in a type');
        this.next();
        return;
      case tt.braceL:
      case tt.bracketL:
        return this.balanced();
      case tt.parenL:
        this.balanced();
        if (!this.gt && t.type === tt.arrow) {
          this.next();
          this.type();
        }
        return;
      default:
        bail(`${t.type.label} in a type`);
    }
  }

  /** `A`, `A.B.C`, with type arguments on the same line. */
  private reference(): void {
    const t = this.t;
    this.next();
    while (!this.gt && t.type === tt.dot) {
      this.next();
      if (t.type !== tt.name && !t.type.keyword) bail('qualified name');
      this.next();
    }
    if (!this.gt && isLt(t) && !this.newlineBefore()) this.typeArgs();
  }

  /** `<A, B>`: the `>` may be the first of a `>>` (then owed to the enclosing list). */
  typeArgs(): void {
    this.next(); // <
    this.type();
    while (!this.gt && this.t.type === tt.comma) {
      this.next();
      this.type();
    }
    this.closeAngle();
  }

  private closeAngle(): void {
    const t = this.t;
    if (this.gt) {
      this.gt--;
      return;
    }
    // What follows the `>` is read as after an operand (`x as Array<T> / 2` divides), as in the erased text.
    if (isGt(t)) return this.nextAfterOperand();
    if (t.type === tt.bitShift && (t.value === '>>' || t.value === '>>>')) {
      this.gt += t.value.length - 1;
      return this.nextAfterOperand();
    }
    bail('type arguments not closed');
  }

  /** `<T, const U extends X = Y,>` of a generic declaration. */
  typeParams(): void {
    const t = this.t;
    this.next(); // <
    for (;;) {
      if (this.gt) bail('type parameters');
      if (isGt(t)) break;
      while (t.type === tt.name && (t.value === 'in' || t.value === 'out') ) this.next();
      if (t.type === tt._in || t.type === tt._const) this.next();
      if (t.type !== tt.name) bail('type parameter name');
      this.next();
      if (t.type === tt._extends) {
        this.next();
        this.type();
      }
      if (!this.gt && t.type === tt.eq) {
        this.next();
        this.type();
      }
      if (this.gt || t.type !== tt.comma) break;
      this.next();
    }
    this.closeAngle();
  }

  /** A return type: also `x is T`, `asserts x [is T]`, `this is T`. */
  returnType(peekNext: () => Tokens): void {
    const t = this.t;
    if ((t.type === tt.name || t.type === tt._this) && !this.gt) {
      const n = peekNext();
      const sameLine = !lineBreak.test(this.input.slice(t.end, n.start));
      if (t.type === tt.name && t.value === 'asserts' && sameLine && (n.type === tt.name || n.type === tt._this)) {
        this.next();
        this.next();
        if (t.type === tt.name && t.value === 'is' && !this.newlineBefore()) {
          this.next();
          this.type();
        }
        return;
      }
      if (sameLine && n.type === tt.name && n.value === 'is') {
        this.next();
        this.next();
        this.type();
        return;
      }
    }
    this.type();
  }

  /** From an opening bracket to its match, whatever is inside (object and tuple types, parameter lists). */
  balanced(): void {
    const t = this.t;
    let depth = 0;
    do {
      const ty = t.type;
      if (ty === tt.parenL || ty === tt.bracketL || ty === tt.braceL || ty === tt.dollarBraceL) depth++;
      else if (ty === tt.parenR || ty === tt.bracketR || ty === tt.braceR) depth--;
      else if (ty === tt.eof) bail('unclosed bracket in a type');
      this.next();
    } while (depth > 0);
  }
}

/** Tokenizers for lookahead, made once (a parser's constructor compiles its keyword patterns). */
const lookaheads: any[] = [];
function lookaheadTokenizer(input: string, which: 0 | 1): any {
  const p = (lookaheads[which] ??= new (acorn.Parser as any)({ ecmaVersion: 'latest', sourceType: 'module' }, '', 0));
  p.input = input;
  return p;
}
/** Reset to an offset of its text, the first token read. */
function resetAt(p: any, pos: number): any {
  p.pos = pos;
  p.context = p.initialContext();
  p.exprAllowed = true;
  p.containsEsc = false;
  p.inTemplateElement = false;
  p.lastTokEnd = pos;
  try {
    p.nextToken();
  } catch (e) {
    // (an unterminated regular expression read in the wrong context): nothing to look at.
    if (!(e instanceof SyntaxError)) throw e;
    p.type = tt.eof;
    p.start = p.end = pos;
  }
  return p;
}

export interface FastResult {
  program: any;
  /** The erased text: what ./erase.ts makes of the same source. */
  js: string;
  /** Constructors' parameter properties, for ./lower.ts. */
  paramProps: ParamPropsPlan[];
  /** The `info` notes of ./erase.ts on the same constructs. */
  notes: Diagnostic[];
}

let FastParser: any;

/** The lean TypeScript parser class over `Base` (the engine's acorn parser with linear scope checks). */
export function fastParserClass(Base: typeof acorn.Parser): any {
  if (FastParser && FastParser.base === Base) return FastParser;
  const Lean = class extends (Base as any) {
    static base = Base;
    tsBlanks: number[] = [];
    tsSemis: number[] = [];
    tsErased = 0;
    tsCond = 0;
    tsParenOuterCond = 0;
    tsParenTyped = false;
    tsInParams = false;
    tsHeritageStart = -1;
    tsHeritagePending = false;
    tsCtorList: any = null;

    /** Lookahead from `pos` (the scanner for `<` and arrow return types). */
    tsPeek(pos: number): any {
      return resetAt(lookaheadTokenizer(this.input, 0), pos);
    }
    /** The first token from `end` (one-token lookahead, separate from tsPeek's). */
    tsNextAfter(end: number): any {
      return resetAt(lookaheadTokenizer(this.input, 1), end);
    }
    tsBlank(start: number, end: number): void {
      if (end > start) this.tsBlanks.push(start, end);
    }

    /** Steps over what `run` reads as if it were whitespace (the last-token position is put back). */
    tsSkip(from: number, run: (s: TypeSkipper) => void): void {
      const lastEnd = this.lastTokEnd;
      const lastEndLoc = this.lastTokEndLoc;
      const lastStart = this.lastTokStart;
      const lastStartLoc = this.lastTokStartLoc;
      const s = new TypeSkipper(this as any, this.input);
      // No token events inside a type (the deadline hook allocates a Token per event; types are short).
      const options = this.options;
      const onToken = options.onToken;
      options.onToken = undefined;
      try {
        run(s);
      } finally {
        options.onToken = onToken;
      }
      if (s.gt) bail('unbalanced >');
      // The token after the type was read as if the type's last token came before it; in the erased
      // text an operand (or a binding) comes before it: a `/` there divides (`y! / 2`, `x as T[] / n`).
      if (this.type === tt.regexp) {
        this.pos = this.start;
        this.exprAllowed = false;
        this.nextToken();
      }
      this.tsBlank(from, this.lastTokEnd);
      this.lastTokEnd = lastEnd;
      this.lastTokEndLoc = lastEndLoc;
      this.lastTokStart = lastStart;
      this.lastTokStartLoc = lastStartLoc;
    }
    /** `: Type` at the current `:`. */
    tsAnnotation(): void {
      this.tsSkip(this.start, (s) => {
        this.next();
        s.type();
      });
    }
    tsReturnType(): void {
      this.tsSkip(this.start, (s) => {
        this.next();
        s.returnType(() => this.tsNextAfter(this.end));
      });
    }
    tsTypeParams(): void {
      this.tsSkip(this.start, (s) => s.typeParams());
    }
    /** One token (a modifier, `?`, `!`) as whitespace. */
    tsSkipToken(): void {
      this.tsSkip(this.start, () => this.next());
    }
    tsSameLine(a: number, b: number): boolean {
      return !lineBreak.test(this.input.slice(a, b));
    }

    /** A statement the erasure blanks whole: the `;` Node's stripper puts at an ASI hazard. */
    tsErasedStatement(start: number): any {
      const end = this.lastTokEnd;
      this.tsBlank(start, end);
      const input: string = this.input;
      if (input[end - 1] !== ';') {
        // The erased text gets a `;` here, which the statement before takes as its own end or which
        // is an empty statement: not modelled (rare: a type declaration without `;` before `(`).
        const next = input[skipSpace(input, end)];
        if (next !== undefined && '([`+-/'.includes(next)) bail('a `;` inserted after a blanked statement');
      }
      this.tsErased++;
      return { type: 'TSErased', start, end };
    }

    /** The statement lists (not every node: this path must cost nothing per node) drop their blanked statements. */
    tsDropErased(node: any, key: 'body' | 'consequent'): void {
      const list: any[] = node[key];
      const kept = list.filter((s) => s.type !== 'TSErased');
      if (kept.length === list.length) return;
      // A blanked statement before the directive prologue: the erased text's "use strict" is a
      // directive, this parse did not see one. Left to the full pipeline.
      if (list[0].type === 'TSErased') {
        const first = kept[0];
        if (first && first.type === 'ExpressionStatement' && first.expression.type === 'Literal' && typeof first.expression.value === 'string') bail('directive after a type');
      }
      this.tsErased -= list.length - kept.length;
      node[key] = kept;
    }
    parseTopLevel(node: any): any {
      const r = super.parseTopLevel(node);
      if (this.tsErased) this.tsDropErased(r, 'body');
      return r;
    }
    parseBlock(createNewLexicalScope: boolean, node: any, exitStrict: boolean): any {
      const r = super.parseBlock(createNewLexicalScope, node, exitStrict);
      if (this.tsErased) this.tsDropErased(r, 'body');
      return r;
    }
    parseClassStaticBlock(node: any): any {
      const r = super.parseClassStaticBlock(node);
      if (this.tsErased) this.tsDropErased(r, 'body');
      return r;
    }
    parseSwitchStatement(node: any): any {
      const r = super.parseSwitchStatement(node);
      if (this.tsErased) for (const c of r.cases) this.tsDropErased(c, 'consequent');
      return r;
    }

    // ---- statements -------------------------------------------------------------------------

    parseStatement(context: any, topLevel: boolean, exports: any): any {
      if (this.type === tt.name && TS_STATEMENT_WORDS.has(this.value)) {
        const n = this.tsNextAfter(this.end);
        if ((n.type === tt.name || n.type === tt.string || n.type.keyword) && this.tsSameLine(this.end, n.start)) {
          const v = this.value;
          if ((v === 'interface' || v === 'type') && n.type === tt.name) {
            if (context) bail('a type declaration as a sub-statement');
            const start = this.start;
            this.tsTypeDeclaration(v);
            return this.tsErasedStatement(start);
          }
          if (v === 'abstract' && n.type === tt._class) {
            // `abstract class`: the word is blanked, the class is a class.
            this.tsSkipToken();
            return super.parseStatement(context, topLevel, exports);
          }
          if (n.type === tt.name || v === 'declare' || v === 'abstract' || v === 'enum') bail(v);
        }
      }
      return super.parseStatement(context, topLevel, exports);
    }

    /** `interface I<T> extends A, B { ... }` / `type T<U> = ...;` from its first word. */
    tsTypeDeclaration(word: string): void {
      const s = new TypeSkipper(this as any, this.input);
      this.next(); // interface / type
      this.next(); // the name
      if (isLt(this as any)) s.typeParams();
      if (word === 'interface') {
        if (this.type === tt._extends) {
          this.next();
          s.type();
          while (this.type === tt.comma) {
            this.next();
            s.type();
          }
        }
        if (s.gt || this.type !== tt.braceL) bail('interface body');
        s.balanced();
        return;
      }
      if (s.gt || this.type !== tt.eq) bail('type alias');
      this.next();
      s.type();
      if (s.gt) bail('type alias');
      if (this.type === tt.semi) this.next();
      else if (!this.canInsertSemicolon()) bail('type alias end');
    }

    parseExport(node: any, exports: any): any {
      let n = this.tsNextAfter(this.end);
      if (n.type === tt._default) n = this.tsNextAfter(n.end);
      if (n.type === tt.name && n.value === 'abstract') {
        const abstractStart = n.start;
        if (this.tsNextAfter(n.end).type === tt._class && this.tsSameLine(n.end, this.tsNextAfter(n.end).start)) {
          // Not read yet: the tokenizer reads spaces there (same length; the erased text is built from the source).
          this.input = this.input.slice(0, abstractStart) + '        ' + this.input.slice(abstractStart + 8);
          this.tsBlank(abstractStart, abstractStart + 8);
          return super.parseExport(node, exports);
        }
      }
      n = this.tsNextAfter(this.end);
      if (n.type === tt.name && (n.value === 'interface' || n.value === 'type')) {
        const word = n.value;
        const after = this.tsNextAfter(n.end);
        if (after.type === tt.name && this.tsSameLine(n.end, after.start)) {
          const start = this.start;
          this.next(); // export
          this.tsTypeDeclaration(word);
          return this.tsErasedStatement(start);
        }
        if (word === 'type') bail('export type { } / export type *');
      }
      return super.parseExport(node, exports);
    }

    parseImport(node: any): any {
      const n = this.tsNextAfter(this.end);
      if (n.type === tt.name && n.value === 'type') {
        const after = this.tsNextAfter(n.end);
        if (after.type === tt.braceL || after.type === tt.star || (after.type === tt.name && after.value !== 'from')) {
          // `import type ... from '...'`: the whole statement.
          const start = this.start;
          let prevFrom = false;
          for (;;) {
            const ty = this.type;
            if (ty === tt.eof || ty === tt.semi || ty === tt.eq || ty === tt.parenL) bail('import type');
            const isFrom = ty === tt.name && this.value === 'from';
            this.next();
            if (ty === tt.string && prevFrom) break;
            prevFrom = isFrom;
          }
          if (this.type === tt._with || (this.type === tt.name && this.value === 'assert' && !this.canInsertSemicolon())) bail('import attributes');
          if (this.type === tt.semi) this.next();
          else if (!this.canInsertSemicolon()) bail('import type end');
          return this.tsErasedStatement(start);
        }
      }
      return super.parseImport(node);
    }

    parseImportSpecifier(): any {
      if (this.type === tt.name && this.value === 'type') {
        const n = this.tsNextAfter(this.end);
        if (n.type === tt.name && n.value === 'as') bail('import { type as }');
        if (n.type === tt.name || n.type === tt.string || n.type.keyword) {
          // `type A [as B]` and its comma: blanked; no binding.
          const start = this.start;
          this.next();
          this.next();
          if (this.type === tt.name && this.value === 'as') {
            this.next();
            this.next();
          }
          let end = this.lastTokEnd;
          if (this.type === tt.comma) end = this.end;
          this.tsBlank(start, end);
          return { type: 'TSErased' };
        }
      }
      return super.parseImportSpecifier();
    }

    parseImportSpecifiers(): any[] {
      const list = super.parseImportSpecifiers();
      return list.some((s: any) => s.type === 'TSErased') ? list.filter((s: any) => s.type !== 'TSErased') : list;
    }

    parseVarId(decl: any, kind: string): void {
      super.parseVarId(decl, kind);
      if (this.type === tt.prefix && this.value === '!') {
        if (this.tsNextAfter(this.end).type !== tt.colon) bail('! after a declaration');
        this.tsSkipToken();
      }
      if (this.type === tt.colon) this.tsAnnotation();
    }

    parseCatchClauseParam(): any {
      const param = this.parseBindingAtom();
      if (this.type === tt.colon) this.tsAnnotation();
      const simple = param.type === 'Identifier';
      this.enterScope(simple ? SCOPE_SIMPLE_CATCH : 0);
      this.checkLValPattern(param, simple ? BIND_SIMPLE_CATCH : BIND_LEXICAL);
      this.expect(tt.parenR);
      return param;
    }

    // ---- functions ----------------------------------------------------------------------------

    parseFunctionParams(node: any): void {
      if (isLt(this as any)) this.tsTypeParams();
      super.parseFunctionParams(node);
    }

    parseMethod(isGenerator: boolean, isAsync: boolean, allowDirectSuper: boolean): any {
      if (isLt(this as any)) this.tsTypeParams();
      return super.parseMethod(isGenerator, isAsync, allowDirectSuper);
    }

    parseFunctionBody(node: any, isArrowFunction: boolean, isMethod: boolean, forInit: any): void {
      if (!isArrowFunction && this.type === tt.colon) this.tsReturnType();
      // No body: an overload signature (or a declaration): the full pipeline's.
      if (!isArrowFunction && this.type !== tt.braceL) bail('function without a body');
      const outer = this.tsCond;
      this.tsCond = 0;
      try {
        super.parseFunctionBody(node, isArrowFunction, isMethod, forInit);
      } finally {
        this.tsCond = outer;
      }
    }

    parseBindingList(close: acorn.TokenType, allowEmpty: boolean, allowTrailingComma: boolean, allowModifiers: boolean): any[] {
      const outer = this.tsInParams;
      const outerCtor = this.tsCtorList;
      this.tsInParams = close === tt.parenR;
      this.tsCtorList = this.tsInParams ? this.tsCtorClass : null;
      this.tsCtorClass = null;
      if (this.tsInParams) this.tsThisParam();
      try {
        return super.parseBindingList(close, allowEmpty, allowTrailingComma, allowModifiers);
      } finally {
        this.tsInParams = outer;
        this.tsCtorList = outerCtor;
      }
    }

    /** `function (this: T, x)`: the `this` parameter (and its comma) is type-only. */
    tsThisParam(): void {
      if (this.type !== tt._this || this.tsNextAfter(this.end).type !== tt.colon) return;
      this.tsSkip(this.start, (s) => {
        this.next();
        this.next();
        s.type();
        if (s.gt) bail('this parameter');
        if (this.type === tt.comma) this.next();
      });
    }

    /** `<T,>(x: T): R => ...` at the start of an expression (else `<T>x`, the full pipeline's). */
    parseExprAtom(refDestructuringErrors: any, forInit: any, forNew: any): any {
      if (isLt(this as any)) {
        if (!this.tsGenericArrowAhead()) bail('<T>x or a generic arrow this path cannot read');
        this.tsTypeParams();
        if (this.type !== tt.parenL) bail('generic arrow');
        this.potentialArrowAt = this.start;
        const r = super.parseExprAtom(refDestructuringErrors, forInit, forNew);
        if (r.type !== 'ArrowFunctionExpression') bail('generic arrow');
        return r;
      }
      return super.parseExprAtom(refDestructuringErrors, forInit, forNew);
    }

    tsGenericArrowAhead(): boolean {
      const p = this.tsPeek(this.start);
      try {
        const s = new TypeSkipper(p, this.input);
        s.typeParams();
        if (s.gt || p.type !== tt.parenL) return false;
        s.balanced();
        if (p.type === tt.colon) {
          p.next();
          s.returnType(() => this.tsNextAfter(p.end));
        }
        return !s.gt && p.type === tt.arrow;
      } catch (e) {
        if (e instanceof FastPathBail || e instanceof SyntaxError) return false;
        throw e;
      }
    }

    parseAssignableListItem(allowModifiers: boolean): any {
      if (!this.tsInParams) return super.parseAssignableListItem(allowModifiers);
      // `constructor(private readonly x: T = d)`: a parameter property (the modifiers are blanked;
      // ./lower.ts assigns this.x, as the transform does).
      const modsStart = this.start;
      let property = false;
      if (this.tsCtorList) {
        while (this.type === tt.name && PARAM_MODIFIERS.has(this.value)) {
          const n = this.tsNextAfter(this.end);
          if (!(n.type === tt.name || n.type === tt.braceL || n.type === tt.bracketL || n.type.keyword) || !this.tsSameLine(this.end, n.start)) break;
          property = true;
          this.tsSkipToken();
        }
        if (property && this.type !== tt.name) bail('a parameter property with a pattern');
        if (property) this.tsBlank(modsStart, this.start);
      }
      const start = this.start;
      const startLoc = this.startLoc;
      const atom = this.parseBindingAtom();
      if (property) {
        this.tsCtorList.params.push({ name: atom.name, start: atom.start, end: atom.end });
        const elem = this.tsParamRest(start, startLoc, atom);
        const blanks = this.tsBlanks;
        this.tsNotes.push({ start: modsStart, end: Math.max(this.lastTokEnd, blanks.length ? blanks[blanks.length - 1] : 0), what: 'TypeScript parameter property' });
        return elem;
      }
      return this.tsParamRest(start, startLoc, atom);
    }

    tsParamRest(start: number, startLoc: any, atom: any): any {
      if (this.type === tt.question) this.tsSkipToken();
      if (this.type === tt.colon) this.tsAnnotation();
      const elem = this.parseMaybeDefault(start, startLoc, atom);
      this.parseBindingListItem(elem);
      return elem;
    }

    parseBindingListItem(param: any): any {
      if (this.tsInParams && param.type === 'RestElement' && this.type === tt.colon) this.tsAnnotation();
      return param;
    }

    // ---- expressions --------------------------------------------------------------------------

    parseExprOp(left: any, leftStartPos: number, leftStartLoc: any, minPrec: number, forInit: any): any {
      // `x as T`, `x satisfies T`: a binary operator of relational precedence, on the same line.
      if (this.type === tt.name && (this.value === 'as' || this.value === 'satisfies') && 7 > minPrec && !this.canInsertSemicolon()) {
        this.tsSkip(this.start, (s) => {
          this.next();
          if (this.type === tt._const) this.next();
          else s.type();
        });
        return this.parseExprOp(left, leftStartPos, leftStartLoc, minPrec, forInit);
      }
      return super.parseExprOp(left, leftStartPos, leftStartLoc, minPrec, forInit);
    }

    parseSubscript(base: any, startPos: number, startLoc: any, noCalls: boolean, maybeAsyncArrow: boolean, optionalChained: boolean, forInit: any): any {
      // `x!`: the non-null assertion (not after a line break); what follows is read as after an operand.
      while (this.type === tt.prefix && this.value === '!' && !this.canInsertSemicolon()) {
        this.exprAllowed = false;
        this.tsSkipToken();
      }
      if (this.type === tt.relational && this.value === '<') {
        if (startPos === this.tsHeritageStart) return base; // `extends Base<T>`: parseClassSuper's
        const what = this.tsClassifyLess();
        if (what === 'compare') return base;
        if (what === 'bail') bail('an ambiguous <');
        this.tsSkip(this.start, (s) => s.typeArgs());
      }
      if (maybeAsyncArrow && !noCalls && this.type === tt.parenL && this.tsTypedAsyncArrow()) return this.tsParseAsyncArrow(startPos, startLoc, forInit);
      return super.parseSubscript(base, startPos, startLoc, noCalls, maybeAsyncArrow, optionalChained, forInit);
    }

    /**
     * `a < b` after an expression: type arguments of a call (`f<T>(x)`, as TypeScript reads
     * `a < b > (c)` too), a comparison, or something this path leaves alone. A `<` whose `>` is not
     * found before a token no type argument list can contain is a comparison (TypeScript's
     * parseTypeArgumentsInExpression fails the same way).
     */
    tsClassifyLess(): 'call' | 'compare' | 'bail' {
      const p = this.tsPeek(this.start);
      let angle = 0;
      let nest = 0;
      for (let i = 0; i < 2000; i++) {
        const ty = p.type;
        if (ty === tt.eof) return 'compare';
        if (nest === 0) {
          if (ty === tt.relational) {
            if (p.value === '<') angle++;
            else if (p.value === '>') angle--;
            else return 'compare'; // <= >=
          } else if (ty === tt.bitShift) {
            if (p.value === '<<') return 'compare';
            angle -= p.value.length;
          } else if (ty === tt.parenR || ty === tt.bracketR || ty === tt.braceR || ty === tt.semi || ty === tt.question || ty === tt.colon || ty === tt.logicalAND || ty === tt.logicalOR || ty === tt.coalesce || ty === tt.eq || ty === tt.assign || ty === tt.equality || ty === tt.incDec || ty === tt.prefix || ty === tt.star || ty === tt.slash || ty === tt.modulo || ty === tt.starstar || ty === tt.bitwiseXOR || ty === tt._in || ty === tt._instanceof || ty === tt.questionDot || ty === tt.privateId || ty === tt.regexp || ty === tt.ellipsis || (ty === tt.plusMin && p.value === '+') || (ty.keyword && ty !== tt._typeof && ty !== tt._void && ty !== tt._null && ty !== tt._this && ty !== tt._true && ty !== tt._false && ty !== tt._new && ty !== tt._extends && ty !== tt._const && ty !== tt._import)) {
            return 'compare';
          } else if (ty === tt._extends || ty === tt.backQuote) {
            return 'bail';
          }
          if (ty === tt.parenL || ty === tt.bracketL || ty === tt.braceL) nest++;
          if (angle <= 0) {
            if (angle < 0) return 'compare';
            p.next();
            const after = p.type;
            const afterStart = p.start;
            if (after === tt.parenL || after === tt.backQuote) {
              // Confirmed by the type grammar itself, over the same tokens.
              try {
                const q = this.tsPeek(this.start);
                const s = new TypeSkipper(q, this.input);
                s.typeArgs();
                return !s.gt && q.type === after && q.start === afterStart ? 'call' : 'bail';
              } catch (e) {
                if (e instanceof FastPathBail || e instanceof SyntaxError) return 'bail';
                throw e;
              }
            }
            // TypeScript's canFollowTypeArgumentsInExpression: not type arguments before `<` `>` `+` `-`,
            // nor before the start of an expression on the same line that is no binary operator.
            if ((after === tt.relational && (p.value === '<' || p.value === '>')) || after === tt.plusMin) return 'compare';
            if (after.startsExpr && after.binop == null && !lineBreak.test(this.input.slice(p.lastTokEnd, afterStart))) return 'compare';
            return 'bail'; // an instantiation expression (`f<T>;`)
          }
        } else if (ty === tt.parenL || ty === tt.bracketL || ty === tt.braceL || ty === tt.dollarBraceL) nest++;
        else if (ty === tt.parenR || ty === tt.bracketR || ty === tt.braceR) nest--;
        try {
          p.next();
        } catch (e) {
          if (e instanceof SyntaxError) return 'bail';
          throw e;
        }
      }
      return 'bail';
    }

    /** `async (x: T): R => ...`: does the parenthesis at hand open typed parameters of an async arrow? */
    tsTypedAsyncArrow(): boolean {
      const p = this.tsPeek(this.start);
      let depth = 0;
      let typed = false;
      try {
        do {
          const ty = p.type;
          if (ty === tt.parenL || ty === tt.bracketL || ty === tt.braceL || ty === tt.dollarBraceL) depth++;
          else if (ty === tt.parenR || ty === tt.bracketR || ty === tt.braceR) depth--;
          else if (ty === tt.eof) return false;
          else if (depth === 1 && (ty === tt.colon || ty === tt.question)) typed = true;
          p.next();
        } while (depth > 0);
      } catch (e) {
        if (e instanceof SyntaxError) return false;
        throw e;
      }
      return typed || p.type === tt.colon;
    }

    tsParseAsyncArrow(startPos: number, startLoc: any, forInit: any): any {
      const node = this.startNodeAt(startPos, startLoc);
      const oldYieldPos = this.yieldPos;
      const oldAwaitPos = this.awaitPos;
      const oldAwaitIdentPos = this.awaitIdentPos;
      this.yieldPos = 0;
      this.awaitPos = 0;
      this.awaitIdentPos = 0;
      this.expect(tt.parenL);
      const params = this.parseBindingList(tt.parenR, false, true, false);
      if (this.type === tt.colon) this.tsArrowReturnType();
      if (this.type !== tt.arrow || this.canInsertSemicolon()) bail('async arrow');
      this.next();
      this.checkYieldAwaitInDefaultParams();
      if (this.awaitIdentPos > 0) bail('await in async arrow parameters');
      this.yieldPos = oldYieldPos;
      this.awaitPos = oldAwaitPos;
      this.awaitIdentPos = oldAwaitIdentPos;
      return this.parseArrowExpression(node, params, true, forInit);
    }

    /** `): T =>`: the return type of an arrow, when a `=>` follows it on the same line. */
    tsArrowReturnType(): boolean {
      const p = this.tsPeekPastReturnType();
      if (p === null || p.type !== tt.arrow || !this.tsSameLine(this.lastTokEnd, p.start)) return false;
      this.tsReturnType();
      return true;
    }

    /** A look-ahead parser standing after the `: T` at this `:` (null: no return type reads there). */
    tsPeekPastReturnType(): any {
      const p = this.tsPeek(this.start);
      try {
        p.next();
        new TypeSkipper(p, this.input).returnType(() => this.tsNextAfter(p.end));
      } catch (e) {
        if (e instanceof FastPathBail || e instanceof SyntaxError) return null;
        throw e;
      }
      return p;
    }

    parseMaybeConditional(forInit: any, refDestructuringErrors: any): any {
      const startPos = this.start;
      const startLoc = this.startLoc;
      const expr = this.parseExprOps(forInit, refDestructuringErrors);
      if (this.checkExpressionErrors(refDestructuringErrors)) return expr;
      if (this.type === tt.question && !(expr.type === 'ArrowFunctionExpression' && expr.start === startPos)) {
        const n = this.tsNextAfter(this.end);
        if (n.type === tt.colon || n.type === tt.comma || n.type === tt.parenR || n.type === tt.eq) {
          // `(a?: T) =>`: an optional parameter of an arrow, never a conditional.
          if (expr.type !== 'Identifier') bail('optional pattern');
          this.tsSkipToken();
          this.tsParenTyped = true;
          return expr;
        }
        this.next();
        const node = this.startNodeAt(startPos, startLoc);
        node.test = expr;
        this.tsCond++;
        try {
          node.consequent = this.parseMaybeAssign();
        } finally {
          this.tsCond--;
        }
        this.expect(tt.colon);
        node.alternate = this.parseMaybeAssign(forInit);
        return this.finishNode(node, 'ConditionalExpression');
      }
      return expr;
    }

    parseParenAndDistinguishExpression(canBeArrow: boolean, forInit: any): any {
      const outerTyped = this.tsParenTyped;
      const outerCond = this.tsParenOuterCond;
      const cond = this.tsCond;
      this.tsParenTyped = false;
      this.tsParenOuterCond = cond;
      this.tsCond = 0;
      try {
        const r = super.parseParenAndDistinguishExpression(canBeArrow, forInit);
        if (this.tsParenTyped && r.type !== 'ArrowFunctionExpression') bail('typed parentheses, not an arrow');
        return r;
      } finally {
        this.tsParenTyped = outerTyped;
        this.tsParenOuterCond = outerCond;
        this.tsCond = cond;
      }
    }

    parseParenItem(item: any): any {
      if (this.type === tt.colon) {
        this.tsAnnotation();
        this.tsParenTyped = true;
      }
      return item;
    }

    shouldParseArrow(exprList: any[]): boolean {
      if (this.type === tt.colon) {
        // In a conditional's first branch TypeScript reads `(a) : b => c` its own way: not here.
        if (this.tsParenOuterCond > 0) {
          if (this.tsLooksLikeArrowReturnType()) bail('arrow return type in a conditional');
          return super.shouldParseArrow(exprList);
        }
        this.tsArrowReturnType();
      }
      return super.shouldParseArrow(exprList);
    }

    tsLooksLikeArrowReturnType(): boolean {
      const p = this.tsPeekPastReturnType();
      return p !== null && p.type === tt.arrow;
    }

    // ---- classes ------------------------------------------------------------------------------

    /** The superclass expression's own subscript chain stops at `<` (its type arguments are parseClassSuper's). */
    parseExprSubscripts(refDestructuringErrors: any, forInit: any): any {
      if (this.tsHeritagePending) {
        this.tsHeritagePending = false;
        this.tsHeritageStart = this.start;
      }
      return super.parseExprSubscripts(refDestructuringErrors, forInit);
    }

    /** Per class being parsed: its body's start and the parameter properties of its constructor. */
    tsClasses: { bodyStart: number; derived: boolean; params: { name: string; start: number; end: number }[] }[] = [];
    /** The class whose constructor's parameter list is being parsed (parameter properties allowed). */
    tsCtorClass: any = null;
    tsParamProps: any[] = [];
    tsNotes: { start: number; end: number; what: string }[] = [];

    parseClass(node: any, isStatement: boolean): any {
      const r = super.parseClass(node, isStatement);
      const c = this.tsClasses.pop();
      if (c && c.params.length) this.tsParamProps.push(c);
      return r;
    }

    parseClassMethod(method: any, isGenerator: boolean, isAsync: boolean, allowsDirectSuper: boolean): any {
      if (method.kind === 'constructor') this.tsCtorClass = this.tsClasses[this.tsClasses.length - 1];
      return super.parseClassMethod(method, isGenerator, isAsync, allowsDirectSuper);
    }

    parseClassId(node: any, isStatement: boolean): void {
      super.parseClassId(node, isStatement);
      if (isLt(this as any)) this.tsTypeParams();
    }

    parseClassSuper(node: any): void {
      const outer = this.tsHeritageStart;
      this.tsHeritagePending = this.type === tt._extends;
      try {
        super.parseClassSuper(node);
      } finally {
        this.tsHeritageStart = outer;
        this.tsHeritagePending = false;
      }
      if (node.superClass && isLt(this as any)) this.tsSkip(this.start, (s) => s.typeArgs());
      if (this.type === tt.name && this.value === 'implements') {
        this.tsSkip(this.start, (s) => {
          this.next();
          s.type();
          while (!s.gt && this.type === tt.comma) {
            this.next();
            s.type();
          }
        });
      }
      this.tsClasses.push({ bodyStart: this.start, derived: !!node.superClass, params: [] });
    }

    parseClassElement(constructorAllowsSuper: boolean): any {
      if (this.type === tt.name && MODIFIERS.has(this.value)) {
        const start = this.start;
        if (this.tsModifiers(true) === 'erase') return this.tsErasedMember(start);
      }
      else if (this.type === tt.bracketL) {
        // `[key: string]: T`: an index signature, the full pipeline's.
        const n = this.tsNextAfter(this.end);
        if (n.type === tt.name && this.tsNextAfter(n.end).type === tt.colon) bail('index signature');
      }
      return super.parseClassElement(constructorAllowsSuper);
    }

    /**
     * `public`, `private`, `protected`, `readonly`, `override` before a member name on the same line.
     * `abstract` / `declare` (`eraseWhole`: at the member's start): the member is type-only.
     */
    tsModifiers(eraseWhole = false): 'erase' | void {
      let erase = false;
      while (this.type === tt.name && MODIFIERS.has(this.value)) {
        const n = this.tsNextAfter(this.end);
        const nameNext = n.type === tt.name || n.type === tt.privateId || n.type === tt.num || n.type === tt.string || n.type === tt.bracketL || n.type === tt.star || !!n.type.keyword;
        if (!nameNext || !this.tsSameLine(this.end, n.start)) break;
        if (NOT_HERE.has(this.value)) {
          if (!eraseWhole || this.value === 'accessor') bail(this.value);
          erase = true;
        }
        this.tsSkipToken();
      }
      if (erase) return 'erase';
    }

    /** An abstract or declared member, from its first modifier: blanked whole, no node (as ./erase.ts). */
    tsErasedMember(start: number): null {
      const s = new TypeSkipper(this as any, this.input);
      if (this.type === tt.name && this.value === 'static') this.next();
      if (this.type === tt.name && (this.value === 'get' || this.value === 'set')) {
        const n = this.tsNextAfter(this.end);
        if (n.type !== tt.parenL && n.type !== tt.colon && n.type !== tt.semi && n.type !== tt.question) this.next();
      }
      if (this.type === tt.bracketL) s.balanced();
      else if (this.type === tt.name || this.type === tt.string || this.type === tt.num || this.type === tt.privateId || this.type.keyword) this.next();
      else bail('abstract member name');
      if (this.type === tt.question || (this.type === tt.prefix && this.value === '!')) this.next();
      if (this.type === tt.parenL) {
        s.balanced();
        if (this.type === tt.colon) {
          this.next();
          s.returnType(() => this.tsNextAfter(this.end));
        }
      } else if (this.type === tt.colon) {
        this.next();
        s.type();
      }
      if (s.gt || this.type === tt.eq || this.type === tt.braceL) bail('abstract member with a body or value');
      if (this.type === tt.semi) this.next();
      else if (!this.canInsertSemicolon()) bail('abstract member end');
      const end = this.lastTokEnd;
      if (this.input[end - 1] !== ';') {
        const next = this.input[skipSpace(this.input, end)];
        if (next !== undefined && '([`+-/'.includes(next)) bail('a `;` inserted after a blanked member');
      }
      this.tsBlank(start, end);
      return null;
    }

    parseClassElementName(element: any): void {
      if (this.type === tt.name) this.tsModifiers();
      super.parseClassElementName(element);
      if (isLt(this as any)) this.tsTypeParams();
      else if (this.type === tt.question) {
        if (this.tsNextAfter(this.end).type === tt.parenL) bail('optional method');
        this.tsSkipToken();
      } else if (this.type === tt.prefix && this.value === '!') {
        if (this.tsNextAfter(this.end).type !== tt.colon) bail('! after a member name');
        this.tsSkipToken();
      }
    }

    parseClassField(field: any): any {
      if (this.type === tt.colon) this.tsAnnotation();
      return super.parseClassField(field);
    }

  };
  FastParser = Lean;
  return Lean;
}

/** Skips spaces and comments (and any character of `also`) from `i`; the next significant offset. Shared with ./erase.ts. */
export function skipSpace(s: string, i: number, also = ''): number {
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || (also !== '' && also.includes(c))) i++;
    else if (c === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === '/' && s[i + 1] === '*') {
      const e = s.indexOf('*/', i + 2);
      i = e < 0 ? s.length : e + 2;
    } else break;
  }
  return i;
}

/** The erased text: the blanked ranges become spaces (line breaks stay), `;` at the recorded offsets. */
function erasedText(src: string, blanks: number[], semis: number[]): string {
  if (!blanks.length) return src;
  const pairs: [number, number][] = [];
  for (let i = 0; i < blanks.length; i += 2) pairs.push([blanks[i], blanks[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let from = 0;
  for (const [s, e] of pairs) {
    const a = Math.max(s, from);
    if (e <= a) continue;
    const seg = src.slice(a, e);
    parts.push(src.slice(from, a), lineBreak.test(seg) ? seg.replace(/[^\r\n\u2028\u2029]/g, ' ') : ' '.repeat(e - a));
    from = e;
  }
  parts.push(src.slice(from));
  const out = parts.join('');
  if (!semis.length) return out;
  const chars = out.split('');
  for (const p of semis) chars[p] = ';';
  return chars.join('');
}

/**
 * Parses `source` (TypeScript) with `options` (the engine's options for a .js file of that kind).
 * Throws FastPathBail when the full pipeline must take the file; a SyntaxError when this parse
 * failed (the caller decides: the other module kind, or the full pipeline).
 */
export function fastParse(Base: typeof acorn.Parser, source: string, options: acorn.Options): FastResult {
  const P = fastParserClass(Base);
  const parser = new P(options, source);
  try {
    const program = parser.parse();
    if (parser.tsErased) bail('a blanked statement outside a statement list');
    const notes: Diagnostic[] = parser.tsNotes.map((n: { start: number; end: number; what: string }) => {
      const a = acorn.getLineInfo(source, n.start);
      const b = acorn.getLineInfo(source, n.end);
      return { code: 'typescript-transform', severity: 'info', message: transformNoteMessage(n.what), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    });
    return { program, js: erasedText(source, parser.tsBlanks, parser.tsSemis), paramProps: parser.tsParamProps, notes };
  } finally {
    for (const p of lookaheads) if (p) p.input = ''; // (the source is not kept alive)
  }
}
