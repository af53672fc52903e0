// The non-erasable TypeScript constructs, as Node 24's --experimental-transform-types compiles them
// (checked against its output: test/fixtures/typescript/), spliced into the program parsed from the
// erased text. INVARIANT: every node made here carries a range inside the construct it comes from
// (the enum, the namespace, the parameter property), and expressions written by the user keep their
// own ranges, so hints, diagnostics and the step highlight land on the TypeScript source.
//   enum E { A, B = f() }   → let E = function (E) { E[E["A"] = 0] = "A"; E[E["B"] = f()] = "B"; return E; }({});
//                              (`var E` in the program's body; a read of a constant member, E.A, is its value)
//   (a second `enum E`)      → (function (E) { … })(E);
//   namespace N { export const a = 1; export function f() {} }
//                            → var N; (function (N) { N.a = 1; function f() {} N.f = f; })(N || (N = {}));
//                              (references to an exported variable inside the body read N.a)
//   constructor(public x)    → a field `x;` first in the class body, `this.x = x` after super() / first.
import * as acorn from 'acorn';
import type { Diagnostic } from '../types';

export interface EnumPlan {
  start: number;
  end: number;
  node: any;
  name: string;
  merged: boolean;
  /** In the program's body the transform declares the enum with `var`, elsewhere with `let`. */
  topLevel: boolean;
  exported: boolean;
  inNamespace: NamespacePlan | null;
}

export interface NamespacePlan {
  blockStart: number;
  names: { name: string; start: number; end: number }[];
  start: number;
  end: number;
  exportedFrom: NamespacePlan | null;
  exported: Set<number>;
  first: boolean;
  esmExport: boolean;
}

export interface ParamPropsPlan {
  bodyStart: number;
  params: { name: string; start: number; end: number }[];
  derived: boolean;
}

export interface Plans {
  enums: EnumPlan[];
  namespaces: NamespacePlan[];
  paramProps: ParamPropsPlan[];
  enumWipes: { start: number; end: number }[];
}

type Range = { start: number; end: number };

export function lower(program: any, plans: Plans, jsWithEnums: string, sourceType: 'module' | 'script'): Diagnostic[] {
  if (!plans.enums.length && !plans.namespaces.length && !plans.paramProps.length) return [];
  return new Lowering(plans, jsWithEnums, sourceType).run(program);
}

class Lowering {
  private readonly lineStarts: number[] = [0];
  private readonly enumAt = new Map<number, EnumPlan>();
  private readonly nsAt = new Map<number, NamespacePlan>();
  private readonly propsAt = new Map<number, ParamPropsPlan>();
  private readonly errors: Diagnostic[] = [];

  constructor(plans: Plans, private readonly text: string, private readonly sourceType: 'module' | 'script') {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
    for (const e of plans.enums) this.enumAt.set(e.start, e);
    for (const n of plans.namespaces) this.nsAt.set(n.blockStart, n);
    for (const p of plans.paramProps) this.propsAt.set(p.bodyStart, p);
  }

  run(program: any): Diagnostic[] {
    program.body = this.list(program.body, null);
    if (this.constants.size) this.inlineConstants(program);
    return this.errors;
  }

  /** Constant members by enum name (a member two same-named enums give different values: not inlined). */
  private readonly constants = new Map<string, Map<string, number | string | null>>();

  private constant(enumName: string, member: string, value: number | string | undefined): void {
    let m = this.constants.get(enumName);
    if (!m) this.constants.set(enumName, (m = new Map()));
    const had = m.get(member);
    m.set(member, value === undefined || (had !== undefined && had !== value) ? null : value);
  }

  /**
   * Node 24's transform (swc) replaces a read of a constant enum member, `E.A` or `E['A']`, by its
   * value anywhere in the file: so `E.A` works even before the enum statement ran (no TDZ), where
   * `E.B` of a computed member does not.
   */
  private inlineConstants(program: any): void {
    const valueOf = (n: any): number | string | null => {
      if (n.type !== 'MemberExpression' || n.object.type !== 'Identifier') return null;
      const members = this.constants.get(n.object.name);
      if (!members) return null;
      const key = !n.computed && n.property.type === 'Identifier' ? n.property.name : n.computed && n.property.type === 'Literal' && typeof n.property.value === 'string' ? n.property.value : null;
      if (key === null) return null;
      const v = members.get(key);
      return v === undefined ? null : v;
    };
    const visit = (n: any) => {
      for (const key in n) {
        if (key === 'loc') continue;
        const v = n[key];
        if (!v || typeof v !== 'object') continue;
        // Writes and deletes keep the member expression.
        const target = (n.type === 'AssignmentExpression' && key === 'left') || n.type === 'UpdateExpression' || (n.type === 'UnaryExpression' && n.operator === 'delete');
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            const c = v[i];
            if (!c || typeof c.type !== 'string') continue;
            const value = valueOf(c);
            if (value !== null) v[i] = literal(this, value, c);
            else visit(c);
          }
        } else if (typeof v.type === 'string') {
          const value = target ? null : valueOf(v);
          if (value !== null) n[key] = literal(this, value, v);
          else visit(v);
        }
      }
    };
    visit(program);
  }

  private pos(offset: number): { line: number; column: number } {
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

  /** A node of `type` over the source range `at`. */
  private node(type: string, at: Range, props: Record<string, unknown>): any {
    return { type, start: at.start, end: at.end, loc: { start: this.pos(at.start), end: this.pos(at.end) }, ...props };
  }
  private id(name: string, at: Range): any {
    return this.node('Identifier', at, { name });
  }
  private str(value: string, at: Range): any {
    return this.node('Literal', at, { value, raw: JSON.stringify(value) });
  }
  private member(object: any, property: any, computed: boolean, at: Range): any {
    return this.node('MemberExpression', at, { object, property, computed, optional: false });
  }
  private assign(left: any, right: any, at: Range): any {
    return this.node('AssignmentExpression', at, { operator: '=', left, right });
  }
  private stmt(expression: any, at: Range): any {
    return this.node('ExpressionStatement', at, { expression });
  }

  /** Lowers the nodes under `n` (post-order: inner namespaces and enums first). */
  private walk(n: any, ns: NamespacePlan | null): void {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'ClassBody' && this.propsAt.has(n.start)) this.paramProps(n, this.propsAt.get(n.start)!);
    for (const key in n) {
      if (key === 'loc') continue;
      const v = n[key];
      if (!v || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        if ((key === 'body' && (n.type === 'BlockStatement' || n.type === 'Program' || n.type === 'StaticBlock')) || (key === 'consequent' && n.type === 'SwitchCase')) n[key] = this.list(v, null);
        else for (const x of v) this.walk(x, ns);
      } else if (typeof v.type === 'string') this.walk(v, ns);
    }
  }

  /** A statement list: enum and namespace statements replaced by what they compile to. */
  private list(stmts: any[], ns: NamespacePlan | null): any[] {
    const out: any[] = [];
    for (const s of stmts) {
      if (s.type === 'EmptyStatement' && this.enumAt.has(s.start)) {
        out.push(...this.enumStatements(this.enumAt.get(s.start)!));
        continue;
      }
      if (s.type === 'BlockStatement' && this.nsAt.has(s.start)) {
        const plan = this.nsAt.get(s.start)!;
        out.push(...this.namespaceStatements(plan, s));
        continue;
      }
      this.walk(s, ns);
      out.push(s);
    }
    return out;
  }

  // ---- enum ----

  private enumStatements(plan: EnumPlan): any[] {
    const d = plan.node;
    const at: Range = { start: d.start, end: d.end };
    const idAt: Range = { start: d.id.start, end: d.id.end };
    const E = () => this.id(plan.name, idAt);
    // The IIFE's own parameter sits at the body's `{`, so the name in `enum E` is the outer binding only.
    const brace = this.text.indexOf('{', d.id.end);
    const paramAt: Range = { start: brace, end: brace + 1 };
    const known = new Map<string, number | string | undefined>();
    const body: any[] = [];
    let prev: { name: string; value: number | string | undefined } | null = null;
    for (const m of d.members) {
      const name: string = m.id.type === 'Identifier' ? m.id.name : String(m.id.value);
      const mAt: Range = { start: m.start, end: m.end };
      let value: any;
      let constant: number | string | undefined;
      if (m.initializer) {
        constant = constValue(m.initializer, known);
        if (constant !== undefined) value = literal(this, constant, { start: m.initializer.start, end: m.initializer.end });
        else {
          value = this.expressionAt(m.initializer.start, m.initializer.end);
          this.walk(value, null);
          value = this.enumRefs(value, plan.name, known, idAt);
        }
      } else if (!prev) {
        constant = 0;
        value = literal(this, 0, mAt);
      } else if (typeof prev.value === 'number') {
        constant = prev.value + 1;
        value = literal(this, constant, mAt);
      } else {
        value = this.node('BinaryExpression', mAt, { operator: '+', left: this.member(E(), this.str(prev.name, mAt), true, mAt), right: literal(this, 1, mAt) });
      }
      known.set(name, constant);
      this.constant(plan.name, name, constant);
      prev = { name, value: constant };
      const inner = this.assign(this.member(E(), this.str(name, mAt), true, mAt), value, mAt);
      body.push(this.stmt(typeof constant === 'string' ? inner : this.assign(this.member(E(), inner, true, mAt), this.str(name, mAt), mAt), mAt));
    }
    if (!plan.merged) body.push(this.node('ReturnStatement', at, { argument: E() }));
    const fn = this.node('FunctionExpression', at, { id: null, params: [this.id(plan.name, paramAt)], body: this.node('BlockStatement', at, { body }), generator: false, async: false, expression: false });
    let out: any[];
    if (plan.merged) {
      out = [this.stmt(this.node('CallExpression', at, { callee: fn, arguments: [E()], optional: false }), at)];
    } else {
      const call = this.node('CallExpression', at, { callee: fn, arguments: [this.node('ObjectExpression', at, { properties: [] })], optional: false });
      const decl = this.node('VariableDeclaration', at, { kind: plan.topLevel ? 'var' : 'let', declarations: [this.node('VariableDeclarator', at, { id: E(), init: call })] });
      const whole: Range = { start: plan.start, end: plan.end };
      out = [plan.exported && this.sourceType === 'module' ? this.node('ExportNamedDeclaration', whole, { declaration: decl, specifiers: [], source: null, attributes: [] }) : decl];
    }
    if (plan.inNamespace) out.push(this.exportToNamespace(plan.inNamespace, plan.name, idAt, at));
    return out;
  }

  /**
   * The expression at [start, end) of the text, with the positions it has there. Parsed on its own
   * (cut at its end: the members after it are not part of it) and moved: linear in its length,
   * however many members an enum has.
   */
  private expressionAt(start: number, end: number): any {
    const expr = acorn.parseExpressionAt(this.text.slice(start, end), 0, { ecmaVersion: 'latest', sourceType: this.sourceType, locations: true });
    const at = this.pos(start);
    // acorn shares Position objects between a node and its first child: each is moved once.
    const moved = new Set<object>();
    const move = (n: any) => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(move);
      if (typeof n.type !== 'string') return;
      n.start += start;
      n.end += start;
      for (const p of [n.loc.start, n.loc.end]) {
        if (moved.has(p)) continue;
        moved.add(p);
        if (p.line === 1) p.column += at.column;
        p.line += at.line - 1;
      }
      for (const key in n) if (key !== 'loc') move(n[key]);
    };
    move(expr);
    return expr;
  }

  /** Inside an enum initializer, another member's name reads the enum: `B = A | 2` → `E.A | 2`. */
  private enumRefs(expr: any, enumName: string, known: ReadonlyMap<string, unknown>, idAt: Range): any {
    return rewriteRefs(expr, known, (ref) => this.member(this.id(enumName, idAt), this.id(ref.name, ref), false, ref));
  }

  // ---- namespace ----

  private namespaceStatements(plan: NamespacePlan, block: any): any[] {
    const inner = plan.names.length - 1;
    let body = this.namespaceBody(plan, block, plan.names[inner].name);
    // namespace A.B.C { } → A's body declares B (let), B's declares C.
    for (let i = inner; i > 0; i--) {
      const n = plan.names[i];
      const parent = plan.names[i - 1];
      const at: Range = { start: n.start, end: plan.end };
      const call = this.namespaceCall(n, body, this.node('AssignmentExpression', at, { operator: '=', left: this.id(n.name, n), right: this.namespaceArg(n, parent.name, at) }), at, plan.blockStart);
      body = [this.node('VariableDeclaration', at, { kind: 'let', declarations: [this.node('VariableDeclarator', n, { id: this.id(n.name, n), init: null })] }), call];
    }
    const top = plan.names[0];
    const at: Range = { start: plan.start, end: plan.end };
    // `N || (N = {})` reads N when the body closes: at the closing brace.
    const close: Range = { start: plan.end - 1, end: plan.end };
    const out: any[] = [];
    if (plan.exportedFrom) {
      const parentName = plan.exportedFrom.names[plan.exportedFrom.names.length - 1].name;
      out.push(this.namespaceCall(top, body, this.namespaceArg(top, parentName, at), at, plan.blockStart));
      return out;
    }
    if (plan.first) {
      const decl = this.node('VariableDeclaration', at, { kind: 'var', declarations: [this.node('VariableDeclarator', top, { id: this.id(top.name, top), init: null })] });
      out.push(plan.esmExport ? this.node('ExportNamedDeclaration', at, { declaration: decl, specifiers: [], source: null, attributes: [] }) : decl);
    }
    // N || (N = {})
    const arg = this.node('LogicalExpression', close, {
      operator: '||',
      left: this.id(top.name, close),
      right: this.assign(this.id(top.name, close), this.node('ObjectExpression', close, { properties: [] }), close),
    });
    out.push(this.namespaceCall(top, body, arg, at, plan.blockStart));
    return out;
  }

  /** P.N || (P.N = {}) */
  private namespaceArg(n: Range & { name: string }, parent: string, at: Range): any {
    const pn = () => this.member(this.id(parent, n), this.id(n.name, n), false, n);
    return this.node('LogicalExpression', at, { operator: '||', left: pn(), right: this.assign(pn(), this.node('ObjectExpression', at, { properties: [] }), at) });
  }

  private namespaceCall(n: Range & { name: string }, body: any[], arg: any, at: Range, blockStart: number): any {
    // The parameter at the body's `{`: the name in `namespace N` is the outer binding only.
    const fn = this.node('FunctionExpression', at, { id: null, params: [this.id(n.name, { start: blockStart, end: blockStart + 1 })], body: this.node('BlockStatement', at, { body }), generator: false, async: false, expression: false });
    return this.stmt(this.node('CallExpression', at, { callee: fn, arguments: [arg], optional: false }), at);
  }

  private exportToNamespace(ns: NamespacePlan, name: string, idAt: Range, at: Range): any {
    const nsName = ns.names[ns.names.length - 1].name;
    return this.stmt(this.assign(this.member(this.id(nsName, idAt), this.id(name, idAt), false, idAt), this.id(name, idAt), at), at);
  }

  private namespaceBody(plan: NamespacePlan, block: any, nsName: string): any[] {
    const stmts = this.list(block.body, plan);
    const vars = new Set<string>();
    // An exported inner namespace has no local binding: it is read as N.Inner (as the transform does).
    for (const inner of this.nsAt.values()) if (inner.exportedFrom === plan) vars.add(inner.names[0].name);
    const out: any[] = [];
    for (const s of stmts) {
      if (!plan.exported.has(s.start)) {
        out.push(s);
        continue;
      }
      if (s.type === 'VariableDeclaration') {
        for (const d of s.declarations) {
          if (d.id.type !== 'Identifier') {
            this.errors.push({ code: 'unsupported', severity: 'error', message: 'Unsupported: an exported destructuring declaration in a namespace.', line: d.loc.start.line, column: d.loc.start.column, endLine: d.loc.end.line, endColumn: d.loc.end.column });
            continue;
          }
          vars.add(d.id.name);
          if (d.init) out.push(this.stmt(this.assign(this.member(this.id(nsName, d.id), this.id(d.id.name, d.id), false, d.id), d.init, d), d));
        }
      } else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) {
        out.push(s, this.exportToNamespace(plan, s.id.name, s.id, s));
      } else out.push(s);
    }
    if (!vars.size) return out;
    const body = { type: 'BlockStatement', body: out };
    rewriteRefs(body, vars, (ref) => this.member(this.id(nsName, ref), this.id(ref.name, ref), false, ref));
    return body.body;
  }

  // ---- parameter properties ----

  private paramProps(body: any, plan: ParamPropsPlan): void {
    const ctor = body.body.find((m: any) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    if (!ctor) return;
    // The field at the parameter's name; the assignment at the body's `{`: it runs as the body begins
    // (after the parameters, so it reads each parameter's value, never its TDZ).
    const fields = plan.params.map((p) => this.node('PropertyDefinition', p, { key: this.id(p.name, p), value: null, computed: false, static: false }));
    const b: Range = { start: ctor.value.body.start, end: ctor.value.body.start + 1 };
    const sets = plan.params.map((p) => this.stmt(this.assign(this.member(this.node('ThisExpression', b, {}), this.id(p.name, b), false, b), this.id(p.name, b), b), b));
    body.body.unshift(...fields);
    const stmts: any[] = ctor.value.body.body;
    let at = 0;
    if (plan.derived) {
      const i = stmts.findIndex((s) => s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' && s.expression.callee.type === 'Super');
      const j = i >= 0 ? i : stmts.findIndex((s) => /\bsuper\s*\(/.test(this.text.slice(s.start, s.end)));
      at = j + 1;
    } else {
      while (at < stmts.length && stmts[at].type === 'ExpressionStatement' && stmts[at].directive) at++;
    }
    stmts.splice(at, 0, ...sets);
  }
}

function literal(l: Lowering, value: number | string, at: Range): any {
  if (typeof value === 'number' && (value < 0 || Object.is(value, -0))) {
    return (l as any).node('UnaryExpression', at, { operator: '-', prefix: true, argument: (l as any).node('Literal', at, { value: -value, raw: String(-value) }) });
  }
  return (l as any).node('Literal', at, { value, raw: typeof value === 'string' ? JSON.stringify(value) : String(value) });
}

/** The constant value of an enum initializer (TypeScript folds these; the rest are computed). */
function constValue(n: any, known: Map<string, number | string | undefined>): number | string | undefined {
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'number' || typeof n.value === 'string' ? n.value : undefined;
    case 'TemplateLiteral':
      return n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined;
    case 'Identifier':
      return known.get(n.name);
    case 'ParenthesizedExpression':
      return constValue(n.expression, known);
    case 'UnaryExpression': {
      const v = constValue(n.argument, known);
      if (typeof v !== 'number') return undefined;
      return n.operator === '-' ? -v : n.operator === '+' ? v : n.operator === '~' ? ~v : undefined;
    }
    case 'BinaryExpression': {
      const a = constValue(n.left, known);
      const b = constValue(n.right, known);
      if (a === undefined || b === undefined) return undefined;
      if (typeof a === 'string' || typeof b === 'string') return n.operator === '+' ? String(a) + String(b) : undefined;
      switch (n.operator) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        case '**': return a ** b;
        case '<<': return a << b;
        case '>>': return a >> b;
        case '>>>': return a >>> b;
        case '&': return a & b;
        case '|': return a | b;
        case '^': return a ^ b;
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * Replaces, under `root`, each Identifier that reads or writes one of `names` by `make(identifier)`
 * (declarations, property keys, labels are not references; an inner function that declares the name
 * as a parameter shadows it).
 */
function rewriteRefs(root: any, names: ReadonlySet<string> | ReadonlyMap<string, unknown>, make: (ref: any) => any): any {
  if (root.type === 'Identifier') return names.has(root.name) ? make(root) : root;
  const visit = (n: any, live: ReadonlySet<string> | ReadonlyMap<string, unknown>) => {
    if (!n || typeof n !== 'object') return;
    let scope = live;
    if (/Function/.test(n.type)) {
      const own = (n.params as any[]).filter((p) => p.type === 'Identifier' && live.has(p.name)).map((p) => p.name);
      if (own.length) {
        const narrowed = new Set(live.keys());
        for (const x of own) narrowed.delete(x);
        scope = narrowed;
      }
    }
    for (const key in n) {
      if (key === 'loc') continue;
      const v = n[key];
      if (!v || typeof v !== 'object') continue;
      if (isNotReference(n, key)) continue;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const c = v[i];
          if (c && c.type === 'Identifier') {
            if (scope.has(c.name) && !(/Function/.test(n.type) && key === 'params')) v[i] = make(c);
          } else visit(c, scope);
        }
      } else if (v.type === 'Identifier') {
        if (scope.has(v.name)) {
          if (n.type === 'Property' && n.shorthand) n.shorthand = false;
          n[key] = make(v);
        }
      } else if (typeof v.type === 'string') visit(v, scope);
    }
  };
  visit(root, names);
  return root;
}

function isNotReference(n: any, key: string): boolean {
  switch (n.type) {
    case 'MemberExpression':
      return key === 'property' && !n.computed;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key === 'key' && !n.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return key === 'label';
    case 'VariableDeclarator':
      return key === 'id';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return key === 'id';
    case 'CatchClause':
      return key === 'param';
    case 'ImportSpecifier':
    case 'ExportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return true;
    case 'MetaProperty':
      return true;
  }
  return false;
}
