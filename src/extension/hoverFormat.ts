// Pure parts of the hover (no `vscode` import; unit-tested): the shapes the engine's hover may
// return, and a summary of the engine's binding facts when the engine has no hover for a position.
import type { BindingInfo } from '../engine/types';

/** What hoverAt may return: markdown text, or an object carrying it. */
export function hoverValueToMarkdown(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value.trim() ? value : undefined;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    for (const k of ['markdown', 'contents', 'text', 'value']) {
      if (typeof v[k] === 'string' && (v[k] as string).trim()) return v[k] as string;
      if (Array.isArray(v[k])) return (v[k] as unknown[]).map(String).join('\n\n');
    }
  }
  return undefined;
}

function contains(r: { line: number; column: number; endLine: number; endColumn: number }, line: number, col: number): boolean {
  if (line < r.line || line > r.endLine) return false;
  if (line === r.line && col < r.column) return false;
  if (line === r.endLine && col > r.endColumn) return false;
  return true;
}

function size(r: { line: number; column: number; endLine: number; endColumn: number }): number {
  return (r.endLine - r.line) * 100_000 + (r.endColumn - r.column);
}

/** The binding fact for `name` at (line 1-based, column 0-based): its declaration, else the innermost scope. */
export function bindingAt(bindings: BindingInfo[], name: string, line: number, column: number): BindingInfo | undefined {
  const named = bindings.filter((b) => b.name === name);
  const decl = named.find((b) => contains(b.decl, line, column));
  if (decl) return decl;
  return named.filter((b) => contains(b.scopeRange, line, column)).sort((a, b) => size(a.scopeRange) - size(b.scopeRange))[0];
}

const STATE: Record<string, string> = {
  undefined: '`undefined` until its declaration runs',
  uninitialized: 'uninitialized: reading it before its declaration throws (TDZ)',
  function: 'the full function, from the start of its scope',
};

export function formatBinding(b: BindingInfo): string {
  const lines = [
    `**${b.name}** — \`${b.kind}\` declared at line ${b.decl.line}, hoisted to ${b.scope}`,
    '',
    `At the start of its scope: ${STATE[b.initialState] ?? b.initialState}.`,
  ];
  if (b.tdz) lines.push(`Temporal dead zone: line ${b.tdz.line} to line ${b.tdz.endLine}.`);
  if (b.values && b.values.length) {
    lines.push('', `Values seen (simulated): ${b.values.slice(0, 8).map((v) => '`' + v.preview.replace(/`/g, "'") + '`').join(', ')}${b.values.length > 8 ? ', …' : ''}`);
  }
  return lines.join('\n');
}
