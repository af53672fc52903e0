// `using` / `await using` declarations (explicit resource management, ES2026 14.3.1), which Node 24
// (the runtime of .ts files) and Chromium run; Node 20 (.js files) does not parse them
// (simulator.ts parseSource). They are not rewritten: each declaration is marked here and the
// interpreter runs it (src/engine/interp/disposal.ts: AddDisposableResource at the declaration,
// DisposeResources when its statement list completes, with the SuppressedError of a dispose that
// throws while an error is pending).
//   kind  'using' / 'await using' → 'const' (the bindings are const: TDZ, no reassignment; the
//         hoisting model and the scope analysis treat them so), and
//   disposal  'sync-dispose' / 'async-dispose' (the hint of the declaration).
// A declaration in a for head or a switch case (a dispose capability per iteration / per case
// block) is not simulated: the diagnostic says so.
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
    if ((n.type === 'ForOfStatement' || n.type === 'ForStatement' || n.type === 'ForInStatement') && isUsing(n.left ?? n.init)) {
      const d = n.left ?? n.init;
      if (!unsupported || d.start < unsupported.start) unsupported = d;
    }
    if (n.type === 'SwitchCase') {
      const d = n.consequent.find(isUsing);
      if (d && (!unsupported || d.start < unsupported.start)) unsupported = d;
    }
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
  return { code: 'unsupported', severity: 'error', message: `Unsupported: ${what} in a for or switch statement is not simulated.`, line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column };
}
