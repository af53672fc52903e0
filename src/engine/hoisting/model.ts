// Static scope / hoisting model: every scope, every binding, every identifier reference resolved.
// Pure TS over acorn's ESTree nodes; no `vscode` import, no execution of the source.

import type * as acorn from 'acorn';
import type { BindingKind, InitialState, SourceRange } from '../types';

// ---- the pass's deadline ---------------------------------------------------------------------
// The model and the analysis walk every node; `hoistingTick` checks the wall clock every 1024 nodes.
// The pass is synchronous, so one module-level deadline, set around it by withHoistingDeadline.

/** Thrown when the hoisting pass passes its deadline (hoistingBridge.ts turns it into a diagnostic). */
export class HoistingDeadline {
  constructor(readonly node: AnyNode | null) {}
}
let hoistingDeadline = Infinity;
let hoistingTicks = 0;
export function hoistingTick(n: AnyNode): void {
  if ((++hoistingTicks & 1023) === 0 && Date.now() > hoistingDeadline) throw new HoistingDeadline(n);
}
export function withHoistingDeadline<T>(deadline: number, run: () => T): T {
  const outer = hoistingDeadline;
  hoistingDeadline = deadline;
  try {
    return run();
  } finally {
    hoistingDeadline = outer;
  }
}

export type ScopeKind = 'global' | 'module' | 'function' | 'params' | 'name' | 'block' | 'class' | 'catch' | 'for' | 'switch' | 'static-block';

export interface Scope {
  id: number;
  kind: ScopeKind;
  node: acorn.Node;
  parent: Scope | null;
  start: number;
  end: number;
  /** e.g. "function main (line 3)", "module", "block (line 7)". */
  label: string;
  strict: boolean;
  bindings: Map<string, Binding>;
  /** Nearest scope that `var`s hoist to (function, static block, global/module). */
  varScope: Scope;
  children: Scope[];
}

export type ResolvedState =
  /** let/const/class read in the same run context before its declaration is evaluated. */
  | 'tdz'
  /** var read in the same run context before any assignment (hoisted `undefined`). */
  | 'undefined'
  | 'initialized'
  | 'function'
  /** The read is inside a function that runs later: its state depends on when that function is called. */
  | 'deferred';

export interface Binding {
  id: number;
  name: string;
  kind: BindingKind;
  /** The declaring identifier. */
  declNode: acorn.Identifier;
  declStart: number;
  declEnd: number;
  /** VariableDeclarator / FunctionDeclaration / ClassDeclaration / param / catch clause / ImportSpecifier... */
  declarator: acorn.Node | null;
  scope: Scope;
  initialState: InitialState;
  /** Offset at which the binding becomes initialised (let/const/class; `var` with initializer: end of initializer). */
  initEnd: number | null;
  /** For let/const/class: from the scope start to the end of the declaration. */
  tdzStart?: number;
  tdzEnd?: number;
  /** Initializer of the (first) declarator with one: tells "function expression stored in a var". */
  init: acorn.Expression | null;
  /** All declarators of a var (a var may be declared several times). */
  declStarts: number[];
  /**
   * Destructuring declarations initialise each name right after its own element, but only after the
   * initialiser (which comes textually later) ran: inside the pattern, reads at or after
   * `elementEnd` are initialised (`const { a, b = a } = o`).
   */
  pattern?: { start: number; end: number; elementEnd: number };
  /** A sloppy-mode function declared in a block also creates this function-level var (Annex B). */
  annexBOf?: Binding;
  /** `var` that is the head of a `for (var ...)` / `for (var ... in/of ...)` loop. */
  loopNode?: acorn.Node;
  /** Implicit bindings (named function-expression name, class inner name). */
  implicit?: 'fn-expr-name' | 'class-inner-name';
  references: Reference[];
}

export interface Reference {
  id: number;
  node: acorn.Identifier;
  name: string;
  start: number;
  end: number;
  scope: Scope;
  /** The function (or Program) whose execution evaluates this reference. */
  context: acorn.Node;
  binding: Binding | null;
  /** When binding is null: a known host global (console, setTimeout...), `arguments`, or undeclared. */
  resolution: 'binding' | 'global' | 'undeclared' | 'arguments';
  /** For `arguments`: the function whose arguments object it is. */
  argumentsOf?: acorn.Node;
  isRead: boolean;
  isWrite: boolean;
  /** Operand of `typeof`. */
  isTypeof: boolean;
  /** Callee of a call / `new`. */
  isCallee: boolean;
  /** Callee of `new`. */
  isNew: boolean;
  /** Write that is the declaration's own initializer (`let x = 1` → x). */
  isDeclInit: boolean;
  /** Loops in the same context enclosing the reference (innermost last). */
  loops: acorn.Node[];
  /** Static state if executed top-down. */
  state: ResolvedState;
}

export interface FunctionInfo {
  node: acorn.Node;
  name: string | null;
  line: number;
  isAsync: boolean;
  isArrow: boolean;
  /** The call expression this function is passed to as an argument, when it is one. */
  passedTo: acorn.CallExpression | acorn.NewExpression | null;
  /** The context (function/Program) in which this function value is created. */
  parentContext: acorn.Node;
  /** Called right where it is written: `(function () {…})()`. */
  iife?: boolean;
  /** Loops (in the parent context) enclosing the place where it is created. */
  loops: acorn.Node[];
}

export interface ScopeModel {
  source: string;
  program: acorn.Program;
  root: Scope;
  scopes: Scope[];
  bindings: Binding[];
  references: Reference[];
  functions: Map<acorn.Node, FunctionInfo>;
  /** 1-based line / 0-based column of an offset. */
  pos(offset: number): { line: number; column: number };
  range(start: number, end: number): SourceRange;
  offsetOf(line: number, column: number): number;
  /** The innermost scope containing an offset. */
  scopeAt(offset: number): Scope;
}

export const HOST_GLOBALS = new Set(
  (
    'globalThis window self global process console setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate ' +
    'queueMicrotask requestAnimationFrame cancelAnimationFrame structuredClone fetch Response Request Headers URL URLSearchParams ' +
    'AbortController AbortSignal TextEncoder TextDecoder Event EventTarget require module exports __dirname __filename Buffer ' +
    'Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date Promise RegExp Error ' +
    'AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError JSON Math Intl ArrayBuffer SharedArrayBuffer ' +
    'Atomics Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array Uint8ClampedArray ' +
    'BigUint64Array BigInt64Array DataView Map BigInt Set WeakMap WeakSet WeakRef FinalizationRegistry Proxy Reflect ' +
    'decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape eval isFinite isNaN performance document navigator ' +
    'localStorage sessionStorage alert confirm prompt location history crypto atob btoa'
  ).split(/\s+/)
);

type AnyNode = acorn.Node & Record<string, any>;

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export function isFunctionNode(n: acorn.Node | null | undefined): n is acorn.Function {
  return !!n && FUNCTION_TYPES.has(n.type);
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  return starts;
}

function hasUseStrict(body: acorn.Node[]): boolean {
  for (const s of body as AnyNode[]) {
    if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') {
      if (s.directive === 'use strict') return true;
    } else break;
  }
  return false;
}

function isSimpleParams(params: acorn.Node[]): boolean {
  return params.every((p) => p.type === 'Identifier');
}

/** Identifiers bound by a pattern (declaration target), in source order. */
export function patternIdentifiers(p: AnyNode | null, out: acorn.Identifier[] = []): acorn.Identifier[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p as acorn.Identifier);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') patternIdentifiers(prop.argument, out);
        else patternIdentifiers(prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternIdentifiers(el, out);
      break;
    case 'RestElement':
      patternIdentifiers(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternIdentifiers(p.left, out);
      break;
  }
  return out;
}

/** For each identifier of a binding pattern: the end of its own element (its default value included). */
function elementEnds(p: AnyNode): Map<acorn.Node, number> {
  const ends = new Map<acorn.Node, number>();
  const markEnds = (q: AnyNode | null, end: number | null) => {
    if (!q) return;
    if (q.type === 'Identifier') ends.set(q, end ?? q.end);
    else if (q.type === 'AssignmentPattern') markEnds(q.left, q.end);
    else if (q.type === 'ObjectPattern') q.properties.forEach((pr: AnyNode) => markEnds(pr.type === 'RestElement' ? pr.argument : pr.value, null));
    else if (q.type === 'ArrayPattern') q.elements.forEach((el: AnyNode) => markEnds(el, null));
    else if (q.type === 'RestElement') markEnds(q.argument, null);
  };
  markEnds(p, null);
  return ends;
}

interface WalkState {
  scope: Scope;
  context: acorn.Node;
  loops: acorn.Node[];
}

export function buildScopeModel(program: acorn.Program, source: string): ScopeModel {
  const starts = lineStarts(source);
  const pos = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] };
  };
  const range = (start: number, end: number): SourceRange => {
    const a = pos(start);
    const b = pos(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const offsetOf = (line: number, column: number) => (starts[Math.max(0, Math.min(line - 1, starts.length - 1))] ?? 0) + column;

  const scopes: Scope[] = [];
  const bindings: Binding[] = [];
  const references: Reference[] = [];
  const functions = new Map<acorn.Node, FunctionInfo>();
  const blockFunctions: { binding: Binding; block: Scope }[] = [];
  const isModule = program.sourceType === 'module';

  const newScope = (kind: ScopeKind, node: acorn.Node, parent: Scope | null, label: string, strict: boolean, start = node.start, end = node.end): Scope => {
    const s: Scope = {
      id: scopes.length,
      kind,
      node,
      parent,
      start,
      end,
      label,
      strict,
      bindings: new Map(),
      varScope: null as unknown as Scope,
      children: [],
    };
    s.varScope = kind === 'function' || kind === 'global' || kind === 'module' || kind === 'static-block' || !parent ? s : parent.varScope;
    if (parent) parent.children.push(s);
    scopes.push(s);
    return s;
  };

  const root = newScope(isModule ? 'module' : 'global', program, null, isModule ? 'module' : 'the script', isModule || hasUseStrict(program.body), 0, source.length);

  const declare = (
    scope: Scope,
    id: acorn.Identifier,
    kind: BindingKind,
    declarator: acorn.Node | null,
    opts: { init?: acorn.Expression | null; initEnd?: number | null; implicit?: Binding['implicit']; loopNode?: acorn.Node } = {}
  ): Binding => {
    const existing = scope.bindings.get(id.name);
    if (existing) {
      // Redeclaration (var x; var x; or function f twice / var + function): keep one binding.
      existing.declStarts.push(id.start);
      if (kind === 'function' && existing.kind !== 'param') {
        // function declarations win over var for the initial state.
        existing.kind = 'function';
        existing.initialState = 'function';
        existing.declarator = declarator;
        existing.declNode = id;
        existing.declStart = id.start;
        existing.declEnd = id.end;
      } else if (!existing.init && opts.init) {
        existing.init = opts.init;
        existing.initEnd = opts.initEnd ?? null;
      }
      if (opts.loopNode && !existing.loopNode) existing.loopNode = opts.loopNode;
      return existing;
    }
    const lexical = kind === 'let' || kind === 'const' || kind === 'class';
    const b: Binding = {
      id: bindings.length,
      name: id.name,
      kind,
      declNode: id,
      declStart: id.start,
      declEnd: id.end,
      declarator,
      scope,
      initialState: kind === 'function' ? 'function' : lexical ? 'uninitialized' : 'undefined',
      initEnd: opts.initEnd ?? null,
      init: opts.init ?? null,
      declStarts: [id.start],
      implicit: opts.implicit,
      loopNode: opts.loopNode,
      references: [],
    };
    if (lexical) {
      b.tdzStart = scope.start;
      b.tdzEnd = opts.initEnd ?? id.end;
    }
    scope.bindings.set(id.name, b);
    bindings.push(b);
    return b;
  };

  /** A parameter of the function whose body is this var scope (non-simple parameter lists live one scope up). */
  const paramNamed = (varScope: Scope, name: string): Binding | undefined => {
    const own = varScope.bindings.get(name);
    if (own && own.kind === 'param') return own;
    if (varScope.parent && varScope.parent.kind === 'params') return varScope.parent.bindings.get(name);
    return undefined;
  };

  const fnLabel = (n: AnyNode, name: string | null) => `${n.type === 'ArrowFunctionExpression' ? 'arrow function' : 'function'}${name ? ' ' + name : ''} (line ${pos(n.start).line})`;

  // ---- references -------------------------------------------------------------------------
  const addRef = (
    id: acorn.Identifier,
    st: WalkState,
    flags: { read?: boolean; write?: boolean; typeof?: boolean; callee?: boolean; declInit?: boolean; isNew?: boolean }
  ) => {
    references.push({
      id: references.length,
      node: id,
      name: id.name,
      start: id.start,
      end: id.end,
      scope: st.scope,
      context: st.context,
      binding: null,
      resolution: 'undeclared',
      isRead: !!flags.read,
      isWrite: !!flags.write,
      isTypeof: !!flags.typeof,
      isCallee: !!flags.callee,
      isNew: !!flags.isNew,
      isDeclInit: !!flags.declInit,
      loops: st.loops.slice(),
      state: 'initialized',
    });
  };

  // ---- walking ------------------------------------------------------------------------------
  const walkChildren = (n: AnyNode, st: WalkState) => {
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const v = n[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') walk(c, st);
      } else if (v && typeof v === 'object' && typeof v.type === 'string') walk(v, st);
    }
  };

  /** Declaration target pattern: declares names, walks default values / computed keys as expressions. */
  const walkBindingPattern = (p: AnyNode | null, st: WalkState, onId: (id: acorn.Identifier) => void) => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier':
        onId(p as acorn.Identifier);
        break;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') walkBindingPattern(prop.argument, st, onId);
          else {
            if (prop.computed) walk(prop.key, st);
            walkBindingPattern(prop.value, st, onId);
          }
        }
        break;
      case 'ArrayPattern':
        for (const el of p.elements) walkBindingPattern(el, st, onId);
        break;
      case 'RestElement':
        walkBindingPattern(p.argument, st, onId);
        break;
      case 'AssignmentPattern':
        walkBindingPattern(p.left, st, onId);
        walk(p.right, st);
        break;
      default:
        // MemberExpression in assignment patterns
        walk(p, st);
    }
  };

  /** Assignment target (not a declaration): identifiers are writes. */
  const walkAssignTarget = (p: AnyNode, st: WalkState, alsoRead: boolean) => {
    switch (p.type) {
      case 'Identifier':
        addRef(p as acorn.Identifier, st, { write: true, read: alsoRead });
        break;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') walkAssignTarget(prop.argument, st, false);
          else {
            if (prop.computed) walk(prop.key, st);
            walkAssignTarget(prop.value, st, false);
          }
        }
        break;
      case 'ArrayPattern':
        for (const el of p.elements) if (el) walkAssignTarget(el, st, false);
        break;
      case 'RestElement':
        walkAssignTarget(p.argument, st, false);
        break;
      case 'AssignmentPattern':
        walkAssignTarget(p.left, st, false);
        walk(p.right, st);
        break;
      case 'ParenthesizedExpression':
        walkAssignTarget(p.expression, st, alsoRead);
        break;
      default:
        walk(p, st);
    }
  };

  /** Hoist declarations of a statement list into their scopes (function decls, lexical). Vars are declared while walking. */
  const hoistLexical = (body: AnyNode[], scope: Scope) => {
    for (const s of body) {
      let d: AnyNode = s;
      if ((d.type === 'ExportNamedDeclaration' || d.type === 'ExportDefaultDeclaration') && d.declaration) d = d.declaration;
      if (d.type === 'FunctionDeclaration' && d.id) {
        const fnScopeLevel = scope.kind === 'function' || scope.kind === 'global' || scope.kind === 'module' || scope.kind === 'static-block';
        const b = declare(scope, d.id, fnScopeLevel ? 'function' : 'function', d, { initEnd: scope.start });
        if (!fnScopeLevel && !scope.strict && !d.async && !d.generator) blockFunctions.push({ binding: b, block: scope });
      } else if (d.type === 'ClassDeclaration' && d.id) {
        declare(scope, d.id, 'class', d, { initEnd: d.end });
      } else if (d.type === 'VariableDeclaration' && d.kind !== 'var') {
        for (const decl of d.declarations) {
          const ends = decl.id.type === 'Identifier' ? null : elementEnds(decl.id);
          for (const id of patternIdentifiers(decl.id)) {
            const b = declare(scope, id, d.kind as BindingKind, decl, { init: decl.init, initEnd: decl.end });
            if (ends && b.declNode === id) b.pattern = { start: decl.id.start, end: decl.id.end, elementEnd: ends.get(id) ?? id.end };
          }
        }
      } else if (d.type === 'ImportDeclaration') {
        for (const spec of d.specifiers) declare(scope, spec.local, 'import', d, { initEnd: scope.start });
      }
    }
  };

  const walkVarDeclaration = (d: AnyNode, st: WalkState, loopNode?: acorn.Node) => {
    const isVar = d.kind === 'var';
    for (const decl of d.declarations as AnyNode[]) {
      const ids: acorn.Identifier[] = [];
      walkBindingPattern(decl.id, st, (id) => ids.push(id));
      if (decl.init) walk(decl.init, st);
      for (const id of ids) {
        if (isVar) {
          const target = st.scope.varScope;
          const existing = target.bindings.get(id.name) ?? paramNamed(target, id.name);
          if (existing && existing.kind === 'param') {
            // `var x` redeclaring a parameter: same binding.
            if (decl.init) addRef(id, st, { write: true, declInit: true });
            continue;
          }
          declare(target, id, 'var', decl, { init: decl.init ?? null, initEnd: decl.init ? decl.end : null, loopNode });
          if (decl.init || loopNode) addRef(id, st, { write: true, declInit: true });
        } else {
          // let/const already hoisted to this block; the declaration initialises it.
          addRef(id, st, { write: true, declInit: true });
        }
      }
    }
  };

  const walkFunction = (n: AnyNode, st: WalkState, nameForLabel: string | null, passedTo: FunctionInfo['passedTo']) => {
    const isArrow = n.type === 'ArrowFunctionExpression';
    const strict = st.scope.strict || (n.body.type === 'BlockStatement' && hasUseStrict(n.body.body));
    let outer = st.scope;
    const name = n.id ? n.id.name : nameForLabel;
    functions.set(n, {
      node: n,
      name,
      line: pos(n.start).line,
      isAsync: !!n.async,
      isArrow,
      passedTo,
      parentContext: st.context,
      loops: st.loops.slice(),
    });
    if (n.type === 'FunctionExpression' && n.id) {
      outer = newScope('name', n, outer, `name of function expression ${n.id.name} (line ${pos(n.start).line})`, strict);
      declare(outer, n.id, 'function', n, { initEnd: n.start, implicit: 'fn-expr-name' });
    }
    const simple = isSimpleParams(n.params);
    const label = fnLabel(n, name);
    let paramScope: Scope;
    let bodyScope: Scope;
    if (simple) {
      paramScope = bodyScope = newScope('function', n, outer, label, strict);
    } else {
      paramScope = newScope('params', n, outer, `parameters of ${label}`, strict);
      // The body scope is a var scope too (function kind) but lives inside the params scope.
      bodyScope = newScope('function', n.body, paramScope, label, strict);
      // params scope is where `var`s of default-value closures would go; keep varScope = body for var hoisting.
      paramScope.varScope = bodyScope;
    }
    const fst: WalkState = { scope: paramScope, context: n, loops: [] };
    for (const p of n.params as AnyNode[]) {
      // A parameter is initialised right after its own element (including its default) is evaluated.
      const ends = elementEnds(p);
      walkBindingPattern(p, fst, (id) => {
        const end = ends.get(id) ?? id.end;
        const b = declare(paramScope, id, 'param', n, { initEnd: simple ? n.start : end });
        if (!simple) {
          b.initialState = 'uninitialized';
          b.tdzStart = paramScope.start;
          b.tdzEnd = end;
        }
      });
    }
    const bst: WalkState = { scope: bodyScope, context: n, loops: [] };
    if (n.body.type === 'BlockStatement') {
      hoistLexical(n.body.body, bodyScope);
      for (const s of n.body.body) walk(s, bst);
    } else {
      walk(n.body, bst);
    }
    (n as any).__isArrow = isArrow;
  };

  const walkClass = (n: AnyNode, st: WalkState) => {
    const cscope = newScope('class', n, st.scope, `class ${n.id ? n.id.name : '(anonymous)'} (line ${pos(n.start).line})`, true);
    if (n.id) {
      const inner = declare(cscope, n.id, 'class', n, { initEnd: n.body.start, implicit: 'class-inner-name' });
      inner.tdzStart = n.start;
      inner.tdzEnd = n.body.start;
    }
    const cst: WalkState = { scope: cscope, context: st.context, loops: st.loops };
    if (n.superClass) walk(n.superClass, cst);
    for (const el of n.body.body as AnyNode[]) {
      if (el.type === 'MethodDefinition') {
        if (el.computed) walk(el.key, cst);
        walkFunction(el.value, cst, el.key.type === 'Identifier' ? el.key.name : el.key.type === 'PrivateIdentifier' ? '#' + el.key.name : null, null);
      } else if (el.type === 'PropertyDefinition') {
        if (el.computed) walk(el.key, cst);
        if (el.value) {
          if (el.static) walk(el.value, cst);
          else {
            // Instance field initialisers run later, at construction: a deferred context.
            const fscope = newScope('function', el.value, cscope, `field initializer (line ${pos(el.start).line})`, true);
            functions.set(el.value, { node: el.value, name: null, line: pos(el.start).line, isAsync: false, isArrow: false, passedTo: null, parentContext: st.context, loops: [] });
            walk(el.value, { scope: fscope, context: el.value, loops: [] });
          }
        }
      } else if (el.type === 'StaticBlock') {
        const sb = newScope('static-block', el, cscope, `static block (line ${pos(el.start).line})`, true);
        hoistLexical(el.body, sb);
        for (const s of el.body) walk(s, { scope: sb, context: st.context, loops: st.loops });
      }
    }
  };

  const walkBlockBody = (node: AnyNode, body: AnyNode[], st: WalkState, kind: ScopeKind = 'block', labelWord = 'block') => {
    const scope = newScope(kind, node, st.scope, `${labelWord} (line ${pos(node.start).line})`, st.scope.strict);
    hoistLexical(body, scope);
    const bst = { ...st, scope };
    for (const s of body) walk(s, bst);
  };

  const callArgFunctions = (n: AnyNode, st: WalkState) => {
    // Walk a call's arguments, remembering functions passed directly.
    for (const a of n.arguments as AnyNode[]) {
      if (isFunctionNode(a)) walkFunction(a, st, null, n as acorn.CallExpression);
      else walk(a, st);
    }
  };

  function walk(n: AnyNode, st: WalkState): void {
    hoistingTick(n);
    switch (n.type) {
      case 'Program':
        hoistLexical(n.body, st.scope);
        for (const s of n.body) walk(s, st);
        return;
      case 'Identifier':
        addRef(n as acorn.Identifier, st, { read: true });
        return;
      case 'VariableDeclaration':
        walkVarDeclaration(n, st);
        return;
      case 'FunctionDeclaration':
        walkFunction(n, st, null, null);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        walkFunction(n, st, null, null);
        return;
      case 'ClassDeclaration':
        walkClass(n, st);
        // the declaration initialises the outer binding at its end
        if (n.id) addRef(n.id, st, { write: true, declInit: true });
        return;
      case 'ClassExpression':
        walkClass(n, st);
        return;
      case 'BlockStatement':
        walkBlockBody(n, n.body, st);
        return;
      case 'StaticBlock':
        return;
      case 'SwitchStatement': {
        walk(n.discriminant, st);
        const scope = newScope('switch', n, st.scope, `switch (line ${pos(n.start).line})`, st.scope.strict);
        const all: AnyNode[] = [];
        for (const c of n.cases) all.push(...c.consequent);
        hoistLexical(all, scope);
        const sst = { ...st, scope };
        for (const c of n.cases) {
          if (c.test) walk(c.test, sst);
          for (const s of c.consequent) walk(s, sst);
        }
        return;
      }
      case 'ForStatement': {
        const loopSt = { ...st, loops: [...st.loops, n] };
        if (n.init && n.init.type === 'VariableDeclaration' && n.init.kind !== 'var') {
          const scope = newScope('for', n, st.scope, `for-loop head (line ${pos(n.start).line}), a fresh copy per iteration`, st.scope.strict);
          hoistLexical([n.init], scope);
          const fst = { ...st, scope };
          walkVarDeclaration(n.init, fst);
          const lst = { ...loopSt, scope };
          if (n.test) walk(n.test, lst);
          if (n.update) walk(n.update, lst);
          walk(n.body, lst);
        } else {
          if (n.init) {
            if (n.init.type === 'VariableDeclaration') walkVarDeclaration(n.init, st, n);
            else walk(n.init, st);
          }
          if (n.test) walk(n.test, loopSt);
          if (n.update) walk(n.update, loopSt);
          walk(n.body, loopSt);
        }
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loopSt = { ...st, loops: [...st.loops, n] };
        if (n.left.type === 'VariableDeclaration' && n.left.kind !== 'var') {
          const scope = newScope('for', n, st.scope, `for-loop head (line ${pos(n.start).line}), a fresh binding per iteration`, st.scope.strict);
          hoistLexical([n.left], scope);
          // The iterable is evaluated with the loop variable in TDZ.
          walk(n.right, { ...st, scope });
          const lst = { ...loopSt, scope };
          for (const decl of n.left.declarations) {
            walkBindingPattern(decl.id, lst, (id) => {
              addRef(id, lst, { write: true, declInit: true });
              const b = scope.bindings.get(id.name);
              if (b) {
                // In TDZ only while the iterable/object expression is evaluated.
                b.tdzStart = n.right.start;
                b.tdzEnd = n.right.end;
                b.initEnd = n.right.end;
              }
            });
          }
          walk(n.body, lst);
        } else {
          walk(n.right, st);
          if (n.left.type === 'VariableDeclaration') {
            for (const decl of n.left.declarations) {
              walkBindingPattern(decl.id, loopSt, (id) => {
                const existing = st.scope.varScope.bindings.get(id.name) ?? paramNamed(st.scope.varScope, id.name);
                if (!existing || existing.kind !== 'param') declare(st.scope.varScope, id, 'var', decl, { init: null, initEnd: null, loopNode: n });
                addRef(id, loopSt, { write: true, declInit: true });
              });
            }
          } else walkAssignTarget(n.left, loopSt, false);
          walk(n.body, loopSt);
        }
        return;
      }
      case 'WhileStatement':
      case 'DoWhileStatement': {
        const loopSt = { ...st, loops: [...st.loops, n] };
        walk(n.test, loopSt);
        walk(n.body, loopSt);
        return;
      }
      case 'CatchClause': {
        const scope = newScope('catch', n, st.scope, `catch (line ${pos(n.start).line})`, st.scope.strict);
        const cst = { ...st, scope };
        if (n.param) walkBindingPattern(n.param, cst, (id) => declare(scope, id, 'catch', n, { initEnd: n.start }));
        walk(n.body, cst);
        return;
      }
      case 'LabeledStatement':
        walk(n.body, st);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MemberExpression':
        walk(n.object, st);
        if (n.computed) walk(n.property, st);
        return;
      case 'MetaProperty':
      case 'PrivateIdentifier':
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
        return;
      case 'Property':
        if (n.computed) walk(n.key, st);
        if (n.shorthand && n.value.type === 'Identifier') {
          addRef(n.value, st, { read: true });
        } else if (n.shorthand && n.value.type === 'AssignmentPattern') {
          walk(n.value, st);
        } else if (n.method || n.kind === 'get' || n.kind === 'set') {
          walkFunction(n.value, st, n.key.type === 'Identifier' ? n.key.name : null, null);
        } else walk(n.value, st);
        return;
      case 'MethodDefinition':
      case 'PropertyDefinition':
        return; // handled in walkClass
      case 'AssignmentExpression':
        if (n.left.type === 'Identifier' || n.left.type === 'ObjectPattern' || n.left.type === 'ArrayPattern') {
          walkAssignTarget(n.left, st, n.operator !== '=');
        } else walk(n.left, st);
        walk(n.right, st);
        return;
      case 'UpdateExpression':
        if (n.argument.type === 'Identifier') addRef(n.argument, st, { read: true, write: true });
        else walk(n.argument, st);
        return;
      case 'UnaryExpression':
        if (n.operator === 'typeof' && n.argument.type === 'Identifier') addRef(n.argument, st, { read: true, typeof: true });
        else walk(n.argument, st);
        return;
      case 'CallExpression':
      case 'NewExpression':
        if (n.callee.type === 'Identifier') addRef(n.callee, st, { read: true, callee: true, isNew: n.type === 'NewExpression' });
        else if (isFunctionNode(n.callee)) {
          walkFunction(n.callee, st, null, null);
          const info = functions.get(n.callee);
          if (info) info.iife = true;
        } else walk(n.callee, st);
        callArgFunctions(n, st);
        return;
      case 'ImportDeclaration':
        return; // bindings hoisted; source is a literal
      case 'ExportNamedDeclaration':
        if (n.declaration) walk(n.declaration, st);
        else if (!n.source) for (const s of n.specifiers) if (s.local.type === 'Identifier') addRef(s.local, st, { read: true });
        return;
      case 'ExportDefaultDeclaration':
        walk(n.declaration, st);
        return;
      case 'ExportAllDeclaration':
        return;
      default:
        walkChildren(n, st);
    }
  }

  walk(program, { scope: root, context: program, loops: [] });

  // ---- Annex B: sloppy-mode functions declared in blocks also get a function-level var --------
  for (const { binding, block } of blockFunctions) {
    const fnScope = block.varScope;
    let conflict = false;
    for (let s: Scope | null = block.parent; s; s = s.parent) {
      const other = s.bindings.get(binding.name);
      // As in V8, an enclosing block's own function of the same name is no conflict.
      if (other && (other.kind === 'let' || other.kind === 'const' || other.kind === 'class')) conflict = true;
      if (s === fnScope || conflict) break;
    }
    if (!conflict && paramNamed(fnScope, binding.name)) conflict = true;
    if (conflict) continue;
    const existing = fnScope.bindings.get(binding.name);
    if (existing) {
      if (!existing.annexBOf && existing.kind === 'var') existing.annexBOf = binding;
      continue;
    }
    const v = declare(fnScope, binding.declNode, 'var', binding.declarator, { initEnd: block.start });
    v.annexBOf = binding;
    // the write happens when the block is entered
  }

  // ---- resolve ------------------------------------------------------------------------------
  for (const r of references) {
    let found: Binding | null = null;
    for (let s: Scope | null = r.scope; s; s = s.parent) {
      const b = s.bindings.get(r.name);
      if (b) {
        found = b;
        break;
      }
      if (r.name === 'arguments' && s.kind === 'function' && isFunctionNode(s.node as AnyNode) && s.node.type !== 'ArrowFunctionExpression') {
        r.resolution = 'arguments';
        r.argumentsOf = s.node;
        break;
      }
      if (r.name === 'arguments' && s.kind === 'function' && s.node.type === 'BlockStatement' && s.parent && s.parent.kind === 'params' && s.parent.node.type !== 'ArrowFunctionExpression') {
        r.resolution = 'arguments';
        r.argumentsOf = s.parent.node;
        break;
      }
    }
    if (r.resolution === 'arguments') continue;
    if (found) {
      r.binding = found;
      r.resolution = 'binding';
      found.references.push(r);
    } else r.resolution = HOST_GLOBALS.has(r.name) ? 'global' : 'undeclared';
  }

  // ---- static state of each reference --------------------------------------------------------
  const firstWritesOf = new Map<Binding, Reference[]>();
  for (const r of references) {
    const b = r.binding;
    if (!b) continue;
    r.state = staticState(r, b);
  }

  function bindingContext(b: Binding): acorn.Node {
    // The run context in which the binding's scope is instantiated.
    let s: Scope | null = b.scope;
    while (s) {
      if (s.kind === 'function' || s.kind === 'params') {
        if (s.kind === 'function' && s.node.type === 'BlockStatement' && s.parent?.kind === 'params') return s.parent.node;
        if (functions.has(s.node)) return s.node;
      }
      if (s.kind === 'global' || s.kind === 'module') return program;
      if (s.kind === 'name') return contextOfScope(s.parent);
      s = s.parent;
    }
    return program;
  }
  function contextOfScope(s: Scope | null): acorn.Node {
    while (s) {
      if ((s.kind === 'function' || s.kind === 'params') && functions.has(s.node)) return s.node;
      if (s.kind === 'function' && s.node.type === 'BlockStatement' && s.parent?.kind === 'params') return s.parent.node;
      if (s.kind === 'global' || s.kind === 'module') return program;
      s = s.parent;
    }
    return program;
  }

  function staticState(r: Reference, b: Binding): ResolvedState {
    if (b.kind === 'function' && !b.annexBOf) return 'function';
    if (b.kind === 'import' || b.kind === 'catch') return 'initialized';
    if (b.implicit === 'fn-expr-name') return 'function';
    const sameContext = bindingContext(b) === r.context;
    if (b.kind === 'param') {
      if (b.initialState === 'uninitialized' && sameContext && r.start < (b.tdzEnd ?? 0) && !r.isDeclInit) return 'tdz';
      return 'initialized';
    }
    if (b.kind === 'let' || b.kind === 'const' || b.kind === 'class') {
      if (r.isDeclInit) return 'initialized';
      if (!sameContext) return 'deferred';
      if (b.pattern && r.start >= b.pattern.elementEnd && r.end <= b.pattern.end) return 'initialized';
      if (r.start < (b.tdzEnd ?? b.declEnd) && r.start >= (b.tdzStart ?? 0)) return 'tdz';
      return 'initialized';
    }
    // var
    if (r.isDeclInit) return 'initialized';
    if (!sameContext) return 'deferred';
    if (b.kind === 'var' && b.annexBOf) {
      return r.start < b.annexBOf.scope.start ? 'undefined' : 'initialized';
    }
    // The earliest write other than `r` itself: the two earliest writes per binding, computed once
    // (filtering the binding's references for each reference was quadratic in a much-used var).
    const w = firstWrites(b);
    const firstWrite = w[0] === r ? (w[1] ? w[1].start : Infinity) : w[0] ? w[0].start : Infinity;
    let firstDecl = Infinity;
    for (const d of b.declStarts) if (d < firstDecl) firstDecl = d;
    if (r.start < firstWrite && r.start < firstDecl) return 'undefined';
    return 'initialized';
  }
  function firstWrites(b: Binding): Reference[] {
    let w = firstWritesOf.get(b);
    if (w) return w;
    let first: Reference | null = null;
    let second: Reference | null = null;
    for (const x of b.references) {
      if (!x.isWrite) continue;
      if (!first || x.start < first.start) {
        second = first;
        first = x;
      } else if (!second || x.start < second.start) second = x;
    }
    w = first ? (second ? [first, second] : [first]) : [];
    firstWritesOf.set(b, w);
    return w;
  }

  const scopeAt = (offset: number): Scope => {
    let s = root;
    for (;;) {
      const c = childAt(s.children, offset);
      if (!c) return s;
      s = c;
    }
  };

  return { source, program, root, scopes, bindings, references, functions, pos, range, offsetOf, scopeAt };
}

/** The child scope containing `offset`: children are disjoint and in source order, so a binary search. */
function childAt(children: Scope[], offset: number): Scope | undefined {
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = children[mid];
    if (offset < k.start) hi = mid - 1;
    else if (offset >= k.end) lo = mid + 1;
    else return k;
  }
  // Scopes that share a start (a params scope and its body) are not strictly ordered: fall back.
  return children.find((k) => k.start <= offset && offset < k.end);
}

/** The run context (function node or Program) in which a binding's scope is instantiated. */
export function contextOfBinding(model: ScopeModel, b: Binding): acorn.Node {
  let s: Scope | null = b.scope;
  while (s) {
    if (s.kind === 'function' && s.node.type === 'BlockStatement' && s.parent?.kind === 'params') return s.parent.node;
    if ((s.kind === 'function' || s.kind === 'params') && model.functions.has(s.node)) return s.node;
    if (s.kind === 'global' || s.kind === 'module') return model.program;
    s = s.parent;
  }
  return model.program;
}

export function isLoopNode(n: acorn.Node): boolean {
  return LOOP_TYPES.has(n.type);
}
