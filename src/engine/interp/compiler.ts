// Compiles the acorn AST into host closures, once, before the run. Scopes and bindings are
// resolved here (slot indexes, hop counts), so evaluation does no name lookups. Functions that can
// suspend (async functions, generators) compile to host generator closures; everything else to
// plain closures. Handlers are named after ESTree node types and split by node family:
// expressions.ts, statements.ts, functions.ts (functions, classes, calls), patterns.ts.
import type { Interpreter, Closure } from './runtime';
import { Abort, DISPOSAL_SLOT, Env, HOISTED_UNDEFINED, UNINITIALIZED, Unsupported } from './values';
import { expressionHandlers, genExpressionHandlers } from './expressions';
import { statementHandlers, genStatementHandlers } from './statements';
import { patternIdentifiers as identifiersOfPattern } from '../hoisting/model';

export type Fn = (env: Env) => any;
export type GFn = (env: Env) => Generator<any, any, any>;

export type BindingKind = 'var' | 'let' | 'const' | 'class' | 'function' | 'param' | 'catch' | 'internal' | 'import';

export interface BindingDecl {
  name: string;
  slot: number;
  kind: BindingKind;
  declNode: any;
  /** A `var` declared in a for-loop head (for the loop-closure observation). */
  loopVar: boolean;
  /** A `using` / `await using` binding (a const with its own message on assignment). */
  using?: true;
  /** Binding-write observations recorded so far. */
  writes: number;
  /** An ES module import binding: where it reads from (set when the module graph is linked). */
  link?: import('../modules/loader').ImportLink;
  /** A parameter of a sloppy function with a mapped arguments object (arguments.ts): lives in the record there. */
  mapped?: { recordSlot: number; index: number };
  /** A named function expression's own name: immutable, but assigning it in sloppy code is silently ignored. */
  sloppyReadOnly?: boolean;
}

export interface ScopeTraceInfo {
  names: (string | null)[];
  kinds: string[];
}

export class CScope {
  readonly bindings = new Map<string, BindingDecl>();
  readonly names: string[] = [];
  /** The names as the step trace shows them: null for internal slots (this, new.target...). */
  readonly visibleNames: (string | null)[] = [];
  readonly visibleKinds: string[] = [];
  /** What the step trace shows of this scope's slots. */
  readonly info: ScopeTraceInfo = { names: this.visibleNames, kinds: this.visibleKinds };
  readonly template: any[] = [];
  /** Function declarations to instantiate when the scope is entered. */
  readonly hoistedFunctions: { slot: number; node: any }[] = [];
  constructor(
    public readonly kind: 'function' | 'block' | 'catch' | 'class' | 'module',
    public readonly parent: CScope | null,
    public readonly isArrowFunction: boolean,
    public readonly label: string,
  ) {}
  get isFunction(): boolean {
    return this.kind === 'function' || this.kind === 'module';
  }
  declare(name: string, kind: BindingKind, declNode: any, loopVar = false): BindingDecl {
    const existing = this.bindings.get(name);
    if (existing) {
      if (kind === 'function' && (existing.kind === 'var' || existing.kind === 'function' || existing.kind === 'param')) {
        if (existing.kind !== 'param') existing.kind = 'function';
        this.template[existing.slot] = existing.kind === 'param' ? undefined : undefined;
      }
      return existing;
    }
    const slot = this.names.length;
    const b: BindingDecl = { name, slot, kind, declNode, loopVar, writes: 0 };
    this.bindings.set(name, b);
    this.names.push(name);
    this.visibleNames.push(kind === 'internal' ? null : name);
    this.visibleKinds.push(kind);
    this.template.push(kind === 'let' || kind === 'const' || kind === 'class' ? UNINITIALIZED : kind === 'var' ? HOISTED_UNDEFINED : undefined);
    return b;
  }
}

export interface Resolved {
  hops: number;
  decl: BindingDecl;
  /** The reference crosses a function boundary. */
  captured: boolean;
}

/** Everything needed to create and call one guest function. */
export interface FunctionTemplate {
  node: any;
  name: string;
  frameName: string;
  line: number;
  column: number;
  length: number;
  isArrow: boolean;
  isAsync: boolean;
  isGenerator: boolean;
  strict: boolean;
  constructible: boolean;
  classConstructor: boolean;
  derived: boolean;
  kind: 'plain' | 'method' | 'arrow' | 'class' | 'getter' | 'setter';
  /** Enters the function: scope, parameters, body. Set by functions.ts. */
  call: (rt: Interpreter, c: Closure, thisArg: any, args: any[], newTarget: any) => any;
}

export class Compiler {
  scope: CScope | null = null;
  strict = false;
  /** Compiling the body of a function that can suspend (async/generator). */
  genMode = false;
  /** Inside an async function (await allowed) / a generator (yield allowed). */
  inAsync = false;
  inGenerator = false;
  readonly suspendCache = new WeakMap<object, boolean>();
  /** Labels of the statement being compiled (for loops' continue targets). */
  pendingLabels: string[] = [];
  /** The module this code belongs to: import() and import.meta (null: not loaded through the module loader). */
  moduleContext: import('../modules/loader').ModuleContext | null = null;

  constructor(
    public readonly rt: Interpreter,
    public readonly source: string,
  ) {}

  // ---- dispatch ------------------------------------------------------------------------------

  /** Reports unsupported syntax found while compiling (the run stops only if it reaches it). */
  onUnsupported: (u: Unsupported) => void = () => undefined;

  /** Compiles to a stop at the node: the run goes on until it actually reaches unsupported code. */
  private unsupported(u: Unsupported, gen: boolean): any {
    this.onUnsupported(u);
    const message = `Unsupported: ${u.message}`;
    const node = u.node;
    const stop = () => {
      throw new Abort('cancelled', node, message);
    };
    return gen
      ? function* () {
          stop();
        }
      : stop;
  }

  /** Nodes compiled so far: the deadline is checked every 1024 (compiling is inside the time budget). */
  private compiled = 0;
  private tick(node: any): void {
    if ((++this.compiled & 1023) === 0 && Date.now() > this.rt.deadline) this.rt.raiseAbort('time-budget', node);
  }

  expr(node: any): Fn {
    this.tick(node);
    const h = expressionHandlers[node.type];
    try {
      if (!h) throw new Unsupported(node, `${describeNode(node)} is not supported by the simulation`);
      return h(this, node);
    } catch (e) {
      if (e instanceof Unsupported && e.node) return this.unsupported(e, false);
      throw e;
    }
  }

  /** Compiles an expression for a suspendable body: a generator closure only where needed. */
  gexpr(node: any): GFn {
    if (!this.genMode || !this.hasSuspend(node)) {
      const f = this.expr(node);
      return function* (env: Env) {
        return f(env);
      };
    }
    const h = genExpressionHandlers[node.type];
    try {
      if (!h) throw new Unsupported(node, `\`await\`/\`yield\` inside ${describeNode(node)} is not supported by the simulation`);
      return h(this, node);
    } catch (e) {
      if (e instanceof Unsupported && e.node) return this.unsupported(e, true);
      throw e;
    }
  }

  /** The innermost statement being compiled (where V8's statement position is: positions.ts). */
  statement: any = null;

  stmt(node: any): Fn {
    this.tick(node);
    const h = statementHandlers[node.type];
    const outer = this.statement;
    this.statement = node;
    try {
      if (!h) throw new Unsupported(node, `${describeNode(node)} is not supported by the simulation`);
      return h(this, node);
    } catch (e) {
      if (e instanceof Unsupported && e.node) return this.unsupported(e, false);
      throw e;
    } finally {
      this.statement = outer;
    }
  }

  gstmt(node: any): GFn {
    if (!this.genMode || !this.hasSuspend(node)) {
      const f = this.stmt(node);
      return function* (env: Env) {
        return f(env);
      };
    }
    const h = genStatementHandlers[node.type];
    const outer = this.statement;
    this.statement = node;
    try {
      if (!h) throw new Unsupported(node, `\`await\`/\`yield\` inside ${describeNode(node)} is not supported by the simulation`);
      return h(this, node);
    } catch (e) {
      if (e instanceof Unsupported && e.node) return this.unsupported(e, true);
      throw e;
    } finally {
      this.statement = outer;
    }
  }

  /** Does this subtree contain `await`/`yield` (not counting nested functions)? */
  hasSuspend(node: any): boolean {
    if (!node || typeof node !== 'object') return false;
    const cached = this.suspendCache.get(node);
    if (cached !== undefined) return cached;
    let found = false;
    if (node.type === 'AwaitExpression' || node.type === 'YieldExpression') found = true;
    else if (node.type === 'ReturnStatement' && node.__awaitsArgument && node.argument) found = true;
    else if (node.type === 'ForOfStatement' && node.await) found = true;
    // An `await using` awaits when its statement list completes.
    else if (node.type === 'VariableDeclaration' && node.disposal === 'async-dispose') found = true;
    else if (isFunctionNode(node)) found = false;
    else {
      for (const key in node) {
        if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue;
        const v = node[key];
        if (Array.isArray(v)) {
          for (const x of v) if (x && typeof x.type === 'string' && this.hasSuspend(x)) found = true;
        } else if (v && typeof v.type === 'string' && (key !== 'key' || node.computed) && this.hasSuspend(v)) found = true;
        if (found) break;
      }
      // Only a computed key can contain await/yield.
    }
    this.suspendCache.set(node, found);
    return found;
  }

  // ---- scopes --------------------------------------------------------------------------------

  pushScope(s: CScope): void {
    this.scope = s;
  }

  popScope(): void {
    this.scope = this.scope!.parent;
  }

  resolve(name: string): Resolved | null {
    let hops = 0;
    let captured = false;
    for (let s = this.scope; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return { hops, decl: b, captured };
      if (s.isFunction) captured = true;
      hops++;
    }
    return null;
  }

  /** Declares the lexical (let/const/class/function) names of a statement list in `scope`. */
  declareLexical(scope: CScope, body: any[], functionsAreLexical: boolean): void {
    for (const st of body) {
      const d = st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration' ? st.declaration : unlabel(st);
      if (!d) continue;
      if (d.type === 'VariableDeclaration' && d.kind !== 'var') {
        for (const decl of d.declarations) for (const id of patternIdentifiers(decl.id)) scope.declare(id.name, d.kind, id).using = d.disposal !== undefined || undefined;
        // A `using` declaration: the list's DisposeCapability (disposal.ts), fresh at each entry.
        if (d.disposal !== undefined) scope.declare(DISPOSAL_SLOT, 'internal', null);
      } else if (d.type === 'ClassDeclaration' && d.id) {
        scope.declare(d.id.name, 'class', d.id);
      } else if (d.type === 'FunctionDeclaration' && d.id && functionsAreLexical) {
        const b = scope.declare(d.id.name, 'function', d.id);
        scope.hoistedFunctions.push({ slot: b.slot, node: d });
      }
    }
  }

  /** Makes a block scope for a statement list if it declares anything lexically. */
  blockScope(body: any[], label: string): CScope | null {
    const needs = body.some(
      (st) => (st.type === 'VariableDeclaration' && st.kind !== 'var') || st.type === 'ClassDeclaration' || unlabel(st).type === 'FunctionDeclaration',
    );
    if (!needs) return null;
    const s = new CScope('block', this.scope, false, label);
    this.declareLexical(s, body, true);
    return s;
  }

  /** Compiles code that runs inside a fresh scope made from `s`: returns the scope entry. */
  enterScope(s: CScope): (env: Env) => Env {
    const rt = this.rt;
    const template = s.template;
    const names = s.info;
    const label = s.label;
    // The hoisted functions close over the scope itself: compile them with it as the current scope.
    const saved = this.scope;
    this.scope = s;
    let fns: { slot: number; make: (env: Env) => Function }[];
    try {
      fns = s.hoistedFunctions.map((h) => ({ slot: h.slot, make: this.functionMaker(h.node) }));
    } finally {
      this.scope = saved;
    }
    if (fns.length === 0) return (env) => rt.newEnv(env, template.slice(), label, names);
    return (env) => {
      const inner = rt.newEnv(env, template.slice(), label, names);
      for (let i = 0; i < fns.length; i++) inner.slots[fns[i].slot] = fns[i].make(inner);
      return inner;
    };
  }

  /** Set by functions.ts: compiles a function node into a maker `(env) => wrapper`. */
  functionMaker!: (node: any) => (env: Env) => Function;

  text(node: any): string {
    return this.source.slice(node.start, node.end);
  }
}

/** The statement under any labels (a labelled function declaration, sloppy `l: function f() {}`). */
export function unlabel(st: any): any {
  while (st.type === 'LabeledStatement') st = st.body;
  return st;
}

export function isFunctionNode(node: any): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The identifiers a binding pattern declares (shared with the hoisting model). */
export function patternIdentifiers(p: any, out: any[] = []): any[] {
  return identifiersOfPattern(p, out);
}

export function describeNode(node: any): string {
  const names: Record<string, string> = {
    WithStatement: '`with`',
    ImportExpression: 'dynamic `import()`',
    ImportDeclaration: '`import` of modules',
    ExportNamedDeclaration: '`export`',
    ExportDefaultDeclaration: '`export default`',
    ExportAllDeclaration: '`export *`',
    MetaProperty: '`import.meta`',
    DebuggerStatement: '`debugger`',
  };
  return names[node.type] ?? `\`${node.type}\``;
}

export function initialValueIsFunction(v: any): v is Function {
  return typeof v === 'function';
}
