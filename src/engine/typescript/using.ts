// `using` / `await using` declarations (explicit resource management), which Node 24 runs in .ts files,
// lowered in the AST to the try/finally that disposes them:
//   { S1; using a = e1, b = e2; S2 }
//     → { S1; const a = e1; try { const b = e2; try { S2 } finally { if (b != null) b[Symbol.dispose](); } }
//                            finally { if (a != null) a[Symbol.dispose](); } }
// (`await using`: `await a[Symbol.asyncDispose]()`, or its Symbol.dispose.) Function declarations
// after the declaration stay in the outer list, so they are hoisted as before. Not modelled: the
// SuppressedError of a dispose that throws while an error is pending (the later error wins, as in a
// finally), and the check at the declaration that the value has a dispose method.
// INVARIANT: every node made here spans the declaration it comes from (hints and steps land on it).
import type { Diagnostic } from '../types';

const isUsing = (s: any) => s && s.type === 'VariableDeclaration' && (s.kind === 'using' || s.kind === 'await using');

/** Lowers every `using` in the program; a diagnostic for a form not modelled (`for (using x of …)`). */
export function lowerUsing(program: any): Diagnostic | null {
  let unsupported: any = null;
  const stack: any[] = [program];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    if (typeof n.type !== 'string') continue;
    if ((n.type === 'ForOfStatement' || n.type === 'ForStatement' || n.type === 'ForInStatement') && isUsing(n.left ?? n.init)) unsupported ??= n.left ?? n.init;
    if (n.type === 'SwitchCase' && n.consequent.some(isUsing)) unsupported ??= n.consequent.find(isUsing);
    if (n.type === 'Program' || n.type === 'BlockStatement' || n.type === 'StaticBlock') n.body = lowerList(n.body);
    for (const key in n) {
      if (key === 'loc' || key === 'type') continue;
      const v = n[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  if (!unsupported) return null;
  const loc = unsupported.loc;
  return { code: 'unsupported', severity: 'error', message: 'Unsupported: `using` in a for or switch statement is not simulated.', line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column };
}

function lowerList(list: any[]): any[] {
  const i = list.findIndex(isUsing);
  if (i < 0) return list;
  const decl = list[i];
  const rest = list.slice(i + 1);
  const hoisted = rest.filter((s) => s.type === 'FunctionDeclaration');
  let inner = lowerList(rest.filter((s) => s.type !== 'FunctionDeclaration'));
  const isAwait = decl.kind === 'await using';
  const at = (type: string, extra: object) => ({ type, start: decl.start, end: decl.end, loc: decl.loc, ...extra });
  const id = (name: string) => at('Identifier', { name });
  const member = (object: any, property: any, computed: boolean) => at('MemberExpression', { object, property, computed, optional: false });
  const dispose = (name: string) => {
    const key = (k: string) => member(id('Symbol'), id(k), false);
    // await using: [Symbol.asyncDispose] ?? [Symbol.dispose], called on the value.
    const method = isAwait ? at('LogicalExpression', { operator: '??', left: member(id(name), key('asyncDispose'), true), right: member(id(name), key('dispose'), true) }) : member(id(name), key('dispose'), true);
    let call: any = at('CallExpression', { callee: member(method, id('call'), false), arguments: [id(name)], optional: false });
    if (isAwait) call = at('AwaitExpression', { argument: call });
    return at('IfStatement', {
      test: at('BinaryExpression', { operator: '!=', left: id(name), right: at('Literal', { value: null, raw: 'null' }) }),
      consequent: at('ExpressionStatement', { expression: call }),
      alternate: null,
    });
  };
  // Innermost first: the last declarator's try holds the statements after the declaration.
  const declarators: any[] = decl.declarations;
  for (let k = declarators.length - 1; k >= 0; k--) {
    const d = declarators[k];
    const constDecl = at('VariableDeclaration', { kind: 'const', declarations: [d] });
    const tryStmt = at('TryStatement', { block: at('BlockStatement', { body: inner }), handler: null, finalizer: at('BlockStatement', { body: [dispose(d.id.name)] }) });
    inner = [constDecl, tryStmt];
  }
  return [...list.slice(0, i), ...hoisted, ...inner];
}
