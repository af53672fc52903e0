// Where V8 says an error happened: the source position of an uncaught error's caret and of a stack
// frame's line:column. V8 records an expression position per bytecode, not per AST node: a property
// read names its property (`o.a.b` → `b`, `o[k]` → `[`), a call names its callee's property (`o.f()` →
// `f`) or its callee (`f()`), a `new` its keyword, an assignment or update its operator.
// Invariant: pure over the AST and the source text; a position is a node-shaped object with `loc`
// (and the same `loc.source`), built once per node and cached on it.

const CACHE = '__v8pos';
const KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof new return switch this throw try typeof var void while with null true false enum'.split(' '),
);
const OWNER = '__v8at';

/**
 * An identifier whose errors V8 reports at an enclosing node: an assignment's or update's target
 * (at the operator), a `new` callee (at `new`). Set at compile time; non-enumerable, so AST walkers
 * never follow it back up.
 */
export function positionAt(target: any, owner: any): void {
  if (!target || target.type !== 'Identifier' || Object.prototype.hasOwnProperty.call(target, OWNER)) return;
  try {
    Object.defineProperty(target, OWNER, { value: owner, enumerable: false });
  } catch {
    /* a frozen node keeps its own position */
  }
}

interface Position {
  type: 'V8Position';
  start: number;
  end: number;
  loc: { start: { line: number; column: number }; end: { line: number; column: number }; source?: string };
}

/** The position V8 reports for an error raised by (or a call made at) `node`. */
export function v8Position(node: any, source: string): any {
  if (!node || typeof node !== 'object' || !node.loc || typeof node.start !== 'number') return node;
  const cached = node[CACHE];
  if (cached !== undefined) return cached;
  const pos = compute(node, source) ?? node;
  try {
    Object.defineProperty(node, CACHE, { value: pos, enumerable: false });
  } catch {
    /* a frozen node: recompute next time */
  }
  return pos;
}

function compute(node: any, source: string): any {
  switch (node.type) {
    case 'Identifier':
      return node[OWNER] !== undefined ? v8Position(node[OWNER], source) : null;
    case 'MemberExpression':
      if (!node.computed) return node.property;
      return tokenAfter(node, node.object.end, source, '[');
    case 'CallExpression': {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      // (A keyword property name, `o.delete()`, is no expression position of its own: the call's.)
      if (callee.type === 'MemberExpression' && !callee.computed && !parenthesized(callee, source) && !KEYWORDS.has(callee.property.name)) return callee.property;
      if (callee.type === 'Identifier' || callee.type === 'Super') return null;
      return tokenAfter(node, callee.end, source, '(');
    }
    case 'AssignmentExpression':
      return tokenAfter(node, node.left.end, source, node.operator);
    case 'UpdateExpression':
      return node.prefix ? null : tokenAfter(node, node.argument.end, source, node.operator);
    default:
      return null;
  }
}

/** `(o.f)()` keeps its receiver but V8 places the call at the parenthesis. */
function parenthesized(callee: any, source: string): boolean {
  let i = callee.end;
  while (i < source.length && /\s/.test(source[i])) i++;
  return source[i] === ')';
}

/**
 * The first occurrence of `token` at or after `from`, past whitespace, comments and closing
 * parentheses; null when the text there is something else (the node keeps its own position).
 */
function tokenAfter(node: any, from: number, source: string, token: string): Position | null {
  let i = from;
  const limit = Math.min(source.length, node.end);
  while (i < limit) {
    const ch = source[i];
    if (ch === ')' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '?' && source[i + 1] === '.' && token === '(') {
      i += ch === '?' ? 2 : 1;
      continue;
    }
    if (ch === '/' && source[i + 1] === '/') {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? limit : nl + 1;
      continue;
    }
    if (ch === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? limit : close + 2;
      continue;
    }
    break;
  }
  if (!source.startsWith(token, i)) return null;
  return at(node, i, token.length, source);
}

/** A position `len` characters long at offset `offset` (inside `node`, whose loc.start is known). */
function at(node: any, offset: number, len: number, source: string): Position {
  let line = node.loc.start.line;
  let column = node.loc.start.column;
  for (let i = node.start; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      column = 0;
    } else column++;
  }
  const loc: Position['loc'] = { start: { line, column }, end: { line, column: column + len } };
  if (node.loc.source !== undefined) loc.source = node.loc.source;
  return { type: 'V8Position', start: offset, end: offset + len, loc };
}

/**
 * Where V8 reports a `typeof x` whose `x` is in its TDZ. The hole check there has no source
 * position of its own, so V8 names the last position its bytecode recorded before it: a
 * statement's, a property load's, a call's, an operator's (checked case by case against Node 20,
 * test/unit/semantics-typeof-tdz-position.test.ts). Walks `root` (the innermost statement) in
 * evaluation order up to `target`; null when `target` is not reached (it keeps its own position).
 */
export function typeofHolePosition(root: any, target: any, source: string): any {
  if (!root || !target || !(root.start <= target.start && target.end <= root.end)) return null;
  root = innermostStatement(root, target);
  let last: any = null;
  const contains = (n: any) => n && n.start <= target.start && target.end <= n.end;
  const isFunction = (n: any) => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
  const all = (list: any[]): boolean => {
    for (const x of list) if (visit(x)) return true;
    return false;
  };
  const visit = (n: any): boolean => {
    if (!n || typeof n.type !== 'string') return false;
    if (n === target) return true;
    // Code that does not run here (a function, a class member not containing the target).
    if (isFunction(n)) {
      if (!contains(n)) return false;
      last = n.type === 'ArrowFunctionExpression' ? n : (tokenBefore(n, n.params.length ? n.params[0].start : n.body.start, source, '(') ?? n);
      if (all(n.params)) return true;
      if (n.expression) {
        last = n.body;
        return visit(n.body);
      }
      return false;
    }
    switch (n.type) {
      case 'ExpressionStatement':
        last = n.expression;
        return visit(n.expression);
      case 'VariableDeclaration':
        for (const d of n.declarations) {
          if (d.init) {
            last = d.init;
            if (visit(d.init)) return true;
          }
          if (visit(d.id)) return true;
        }
        return false;
      case 'ReturnStatement':
      case 'ThrowStatement':
        last = n;
        return visit(n.argument);
      case 'IfStatement':
        last = n;
        return visit(n.test);
      case 'SwitchStatement':
        last = n;
        return visit(n.discriminant) || all(n.cases.map((k: any) => k.test));
      case 'WhileStatement':
      case 'DoWhileStatement':
        last = n.test;
        return visit(n.test);
      case 'ForStatement':
        for (const part of [n.init, n.test, n.update]) {
          if (!contains(part)) continue;
          if (part.type === 'VariableDeclaration') return visit(part);
          last = part;
          return visit(part);
        }
        return false;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (contains(n.right)) {
          last = n.right;
          return visit(n.right);
        }
        return visit(n.left.type === 'VariableDeclaration' ? n.left.declarations[0].id : n.left);
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (visit(n.superClass)) return true;
        for (const m of n.body.body) {
          if (m.computed && visit(m.key)) return true;
          if (m.type === 'PropertyDefinition' && contains(m.value)) {
            last = m.value;
            return visit(m.value);
          }
          if (m.type === 'MethodDefinition' && contains(m.value)) return visit(m.value);
        }
        return false;
      case 'MemberExpression':
        if (visit(n.object) || (n.computed && visit(n.property))) return true;
        // (`o?.p` records its `?.`.)
        last = (n.optional && tokenAfter(n, n.object.end, source, '?.')) || v8Position(n, source);
        return false;
      case 'CallExpression':
      case 'NewExpression':
        if (visit(n.callee) || all(n.arguments)) return true;
        last = n.type === 'CallExpression' ? v8Position(n, source) : n;
        return false;
      case 'SpreadElement':
        if (visit(n.argument)) return true;
        last = n.argument;
        return false;
      case 'BinaryExpression':
        if (visit(n.left) || visit(n.right)) return true;
        last = tokenAfter(n, n.left.end, source, n.operator) ?? n;
        return false;
      case 'UnaryExpression':
        if (visit(n.argument)) return true;
        if (n.operator === '-' || n.operator === '+' || n.operator === '~' || n.operator === 'delete') last = n;
        return false;
      case 'UpdateExpression':
        if (n.argument.type === 'MemberExpression' ? visit(n.argument.object) || (n.argument.computed && visit(n.argument.property)) : visit(n.argument)) return true;
        last = v8Position(n, source);
        return false;
      case 'AssignmentExpression': {
        const left = n.left;
        if (left.type === 'MemberExpression') {
          if (visit(left.object) || (left.computed && visit(left.property)) || visit(n.right)) return true;
        } else if (left.type === 'Identifier') {
          if (visit(n.right)) return true;
        } else if (visit(n.right) || visit(left)) return true;
        last = v8Position(n, source);
        return false;
      }
      case 'ConditionalExpression':
        if (visit(n.test)) return true;
        return contains(n.alternate) ? visit(n.alternate) : visit(n.consequent);
      case 'SequenceExpression':
        for (const e of n.expressions) {
          last = e;
          if (visit(e)) return true;
        }
        return false;
      case 'ObjectExpression':
        for (const p of n.properties) {
          if (p.type === 'SpreadElement') {
            if (visit(p.argument)) return true;
            continue;
          }
          if (p.computed && visit(p.key)) return true;
          if (!isFunction(p.value) || contains(p.value)) {
            last = p.value;
            if (visit(p.value)) return true;
          }
        }
        return false;
      case 'TemplateLiteral':
        if (n.expressions.length > 0) last = n;
        return all(n.expressions);
      case 'TaggedTemplateExpression':
        if (visit(n.tag)) return true;
        last = n.quasi;
        if (all(n.quasi.expressions)) return true;
        last = n;
        return false;
      case 'ObjectPattern':
        for (const p of n.properties) {
          if (p.type === 'RestElement') {
            if (visit(p.argument)) return true;
            continue;
          }
          if (p.computed && visit(p.key)) return true;
          last = p.value;
          if (visit(p.value)) return true;
        }
        return false;
      case 'ArrayPattern':
        for (const e of n.elements) {
          if (!e) continue;
          last = e;
          if (visit(e)) return true;
        }
        return false;
      case 'AssignmentPattern':
        return visit(n.right) || visit(n.left);
      case 'Identifier':
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'PrivateIdentifier':
        return false;
      default:
        // The rest (logical operators, arrays, await, yield, chains, parentheses) record nothing
        // of their own: their operands in source order.
        for (const key in n) {
          if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue;
          const v = n[key];
          if (Array.isArray(v) ? all(v) : v && typeof v.type === 'string' && visit(v)) return true;
        }
        return false;
    }
  };
  if (!visit(root) || last === null) return null;
  return last.type === 'V8Position' ? last : at(last, last.start, 0, source);
}

/** The last occurrence of `token` before `from`, past whitespace; null when something else is there. */
function tokenBefore(node: any, from: number, source: string, token: string): Position | null {
  let i = from - 1;
  while (i >= node.start && /\s/.test(source[i])) i--;
  const start = i - token.length + 1;
  if (start < node.start || !source.startsWith(token, start)) return null;
  return at(node, start, token.length, source);
}

/** The deepest statement on the path from `root` down to `target` (`root` itself when none). */
function innermostStatement(root: any, target: any): any {
  let found = root;
  for (let n = root; n; ) {
    let next: any = null;
    for (const key in n) {
      if (key === 'loc' || key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      for (const x of Array.isArray(v) ? v : [v]) {
        if (x && typeof x.type === 'string' && x.start <= target.start && target.end <= x.end && x !== target) next = x;
      }
      if (next) break;
    }
    if (next && (/Statement$/.test(next.type) || next.type === 'VariableDeclaration')) found = next;
    n = next;
  }
  return found;
}
