// Mechanical quick-fix edits computed from text and a diagnostic's lines (no `vscode` import; unit-tested).
// These are text transformations only; the engine decides *whether* a fix applies (its diagnostics).

export interface TextEdit {
  /** 0-based line, 0-based columns. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/**
 * `var` → `let` for the `var` that declares a loop variable. `lines` is the document; `hints` are
 * 0-based positions the diagnostic names (its start, its related declaration): the `var` keyword at
 * or before one of them on the same line (or inside a `for (` header) is replaced.
 */
export function varToLet(lines: string[], hints: { line: number; column: number }[]): TextEdit | undefined {
  for (const h of hints) {
    if (h.line < 0 || h.line >= lines.length) continue;
    const all = [...lines[h.line].matchAll(/(?<![\w$.])var(?![\w$])/g)].map((m) => m.index!);
    if (all.length === 0) continue;
    // The nearest `var` at or before the column (a diagnostic may sit on `var`, on the name or on `for`).
    const before = all.filter((i) => i <= h.column);
    const col = before.length ? before[before.length - 1] : all[0];
    return { startLine: h.line, startColumn: col, endLine: h.line, endColumn: col + 3, newText: 'let' };
  }
  return undefined;
}

const AWAIT_STMT = /^(\s*)(?:(const|let|var)\s+([A-Za-z_$][\w$]*|\{[^}]*\}|\[[^\]]*\])\s*=\s*)?await\s+(.+?)\s*;?\s*(\/\/.*)?$/;

/**
 * Consecutive `await` statements (lines `from`..`to`, 0-based, inclusive) → one `Promise.all`:
 *   const a = await f();            const [a, b] = await Promise.all([f(), g()]);
 *   const b = await g();     →
 * Every non-blank line in the span must be one `await` statement; declarations must share a keyword.
 */
export function sequentialAwaitToPromiseAll(lines: string[], from: number, to: number): TextEdit | undefined {
  if (from < 0 || to >= lines.length || to < from) return undefined;
  const stmts: { indent: string; decl?: string; target?: string; expr: string }[] = [];
  for (let i = from; i <= to; i++) {
    const text = lines[i];
    if (!text.trim()) continue;
    const m = AWAIT_STMT.exec(text);
    if (!m) return undefined;
    const expr = m[4].trim();
    if (!expr || /;/.test(expr)) return undefined; // more than one statement on the line
    stmts.push({ indent: m[1], decl: m[2], target: m[3], expr });
  }
  if (stmts.length < 2) return undefined;
  const decls = new Set(stmts.filter((s) => s.decl).map((s) => s.decl));
  if (decls.size > 1) return undefined;
  const indent = stmts[0].indent;
  const exprs = stmts.map((s) => s.expr).join(', ');
  let newText: string;
  if (decls.size === 0) {
    newText = `${indent}await Promise.all([${exprs}]);`;
  } else {
    const decl = [...decls][0];
    const targets = stmts.map((s) => s.target ?? '').join(', ');
    newText = `${indent}${decl} [${targets}] = await Promise.all([${exprs}]);`;
  }
  return { startLine: from, startColumn: 0, endLine: to, endColumn: lines[to].length, newText };
}

/**
 * The span of consecutive await statements around the diagnostic's lines (0-based): starts at the
 * first await line of the span and extends while the next lines are await statements.
 */
export function awaitSpan(lines: string[], fromLine: number, toLine: number): { from: number; to: number } | undefined {
  const isAwait = (i: number) => {
    if (i < 0 || i >= lines.length) return false;
    const m = AWAIT_STMT.exec(lines[i]);
    return !!m && !m[4].includes(';');
  };
  let from = Math.max(0, Math.min(fromLine, toLine));
  let to = Math.min(lines.length - 1, Math.max(fromLine, toLine));
  while (from <= to && !isAwait(from)) from++;
  while (to >= from && !isAwait(to)) to--;
  if (from > to) return undefined;
  // Grow a single-line diagnostic into the run of awaits it belongs to.
  while (isAwait(to + 1)) to++;
  if (from === to) while (isAwait(from - 1)) from--;
  return to > from ? { from, to } : undefined;
}
