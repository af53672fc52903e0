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
