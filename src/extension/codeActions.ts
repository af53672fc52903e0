// Quick fixes for the mechanical cases: `var` → `let` (loop-closure-var) and Promise.all (sequential-await).
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnosticsController';
import { awaitSpan, sequentialAwaitToPromiseAll, TextEdit, varToLet } from './fixes';

function documentLines(doc: vscode.TextDocument): string[] {
  const lines: string[] = [];
  for (let i = 0; i < doc.lineCount; i++) lines.push(doc.lineAt(i).text);
  return lines;
}

function toWorkspaceEdit(uri: vscode.Uri, e: TextEdit): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(e.startLine, e.startColumn, e.endLine, e.endColumn), e.newText);
  return edit;
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      try {
        const a = this.fixFor(doc, d);
        if (a) actions.push(a);
      } catch {
        /* no fix rather than an error */
      }
    }
    return actions;
  }

  private fixFor(doc: vscode.TextDocument, d: vscode.Diagnostic): vscode.CodeAction | undefined {
    const code = codeOf(d);
    const lines = documentLines(doc);
    const related = (d.relatedInformation ?? []).filter((r) => r.location.uri.toString() === doc.uri.toString());
    if (code === 'loop-closure-var') {
      const hints = [
        ...related.map((r) => ({ line: r.location.range.start.line, column: r.location.range.start.character })),
        { line: d.range.start.line, column: d.range.start.character },
        { line: d.range.end.line, column: d.range.end.character },
      ];
      const e = varToLet(lines, hints);
      if (!e) return undefined;
      const a = new vscode.CodeAction('Declare the loop variable with `let` (one binding per iteration)', vscode.CodeActionKind.QuickFix);
      a.edit = toWorkspaceEdit(doc.uri, e);
      a.diagnostics = [d];
      a.isPreferred = true;
      return a;
    }
    if (code === 'sequential-await') {
      const linesTouched = [d.range.start.line, d.range.end.line, ...related.map((r) => r.location.range.start.line), ...related.map((r) => r.location.range.end.line)];
      const span = awaitSpan(lines, Math.min(...linesTouched), Math.max(...linesTouched));
      if (!span) return undefined;
      const e = sequentialAwaitToPromiseAll(lines, span.from, span.to);
      if (!e) return undefined;
      const a = new vscode.CodeAction('Run the independent awaits together with `Promise.all`', vscode.CodeActionKind.QuickFix);
      a.edit = toWorkspaceEdit(doc.uri, e);
      a.diagnostics = [d];
      return a;
    }
    return undefined;
  }
}
