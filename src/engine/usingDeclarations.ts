// `using` / `await using` declarations (explicit resource management, ES2026 14.3.1), which Node 24
// (the runtime of .ts files) and Chromium run; Node 20 (.js files) does not parse them
// (simulator.ts parseSource). They are not rewritten: each declaration is marked here and the
// interpreter runs it (src/engine/interp/disposal.ts: AddDisposableResource at the declaration,
// DisposeResources when its statement list completes, with the SuppressedError of a dispose that
// throws while an error is pending).
//   kind  'using' / 'await using' → 'const' (the bindings are const: TDZ, no reassignment; the
//         hoisting model and the scope analysis treat them so), and
//   disposal  'sync-dispose' / 'async-dispose' (the hint of the declaration).
// `for (using x of xs)` disposes each iteration's value (statements.ts disposingLoopBody); a
// declaration in a `for (;;)` head (one capability for the whole loop) is not simulated: the
// diagnostic says so.
// INVARIANT: nothing is added to or moved in the tree; only the declaration nodes change.
import type { Diagnostic } from './types';

export type DisposeHint = 'sync-dispose' | 'async-dispose';

const isUsing = (s: any): boolean => !!s && s.type === 'VariableDeclaration' && (s.kind === 'using' || s.kind === 'await using');

/** The first `using` declaration (in source order) directly in a program's top-level statements. */
export function topLevelUsing(program: any): any {
  return program.body.find(isUsing) ?? null;
}

/** Marks every `using` declaration of the program; a diagnostic for a form not simulated. */
export function markUsingDeclarations(program: any): Diagnostic | null {
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
    // (acorn rejects one in a case clause or a for-in head, as V8 does.)
    if (n.type === 'ForStatement' && isUsing(n.init) && (!unsupported || n.init.start < unsupported.start)) unsupported = n.init;
    if (isUsing(n)) {
      n.disposal = n.kind === 'using' ? 'sync-dispose' : 'async-dispose';
      n.kind = 'const';
    }
    for (const key in n) {
      if (key === 'loc' || key === 'type') continue;
      const v = n[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  if (!unsupported) return null;
  const loc = unsupported.loc;
  const what = unsupported.disposal === 'async-dispose' || unsupported.kind === 'await using' ? '`await using`' : '`using`';
  return { code: 'unsupported', severity: 'error', message: `Unsupported: ${what} in the head of a for (;;) loop is not simulated.`, line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column };
}

/**
 * acorn's error for a `using` where the language has none (a script's top level, a case clause) as
 * V8 reports it: V8 reads `using` as an identifier and stops at the name after it. null for any
 * other error. (`pos` is where acorn stopped: the `using` keyword.)
 */
export function misplacedUsingError(message: string, source: string, pos: unknown, loc: { line: number; column: number }): Diagnostic | null {
  if (!/^Using declaration cannot appear/.test(message) || typeof pos !== 'number') return null;
  const m = /^(?:await\s+)?using\s+/.exec(source.slice(pos));
  const name = m ? (/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/u.exec(source.slice(pos + m[0].length)) ?? [''])[0] : '';
  if (!m || !name) return null;
  const column = loc.column + m[0].length;
  return { code: 'syntax-error', severity: 'error', message: `SyntaxError: Unexpected identifier '${name}'`, line: loc.line, column, endLine: loc.line, endColumn: column + name.length };
}

/** The first `using` / `await using` declaration in a program's text (an iterative walk). */
export function firstUsingDeclaration(program: any): any {
  const stack: any[] = [program];
  let first: any = null;
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (n.type === 'VariableDeclaration' && (n.kind === 'using' || n.kind === 'await using') && (first === null || n.start < first.start)) first = n;
    for (const k in n) {
      if (k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return first;
}
