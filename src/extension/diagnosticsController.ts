// Engine diagnostics → Problems panel and squiggles (source "Event Loop Lens").
import * as vscode from 'vscode';
import type { Diagnostic as EngineDiagnostic, SourceRange } from '../engine/types';
import type { AnalysisResult, AnalysisService } from './analysisService';

export const DIAGNOSTIC_SOURCE = 'Event Loop Lens';

const SEVERITY: Record<EngineDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Engine range (1-based lines, 0-based columns) → editor range, clamped to the document. */
export function toRange(doc: vscode.TextDocument, r: SourceRange): vscode.Range {
  const lastLine = Math.max(0, doc.lineCount - 1);
  const clampLine = (l: number) => Math.min(lastLine, Math.max(0, (Number.isFinite(l) ? l : 1) - 1));
  const sl = clampLine(r.line);
  const el = clampLine(r.endLine ?? r.line);
  const sc = Math.min(doc.lineAt(sl).text.length, Math.max(0, r.column || 0));
  let ec = Math.min(doc.lineAt(el).text.length, Math.max(0, r.endColumn ?? sc));
  let end = new vscode.Position(el, ec);
  const start = new vscode.Position(sl, sc);
  if (end.isBefore(start)) end = start;
  if (end.isEqual(start)) {
    // An empty range is hard to see: underline the word (or the rest of the line) instead.
    const word = doc.getWordRangeAtPosition(start);
    if (word) return word;
    ec = doc.lineAt(sl).text.length;
    if (ec > sc) return new vscode.Range(start, new vscode.Position(sl, ec));
    const text = doc.lineAt(sl).text;
    const first = doc.lineAt(sl).firstNonWhitespaceCharacterIndex;
    return new vscode.Range(new vscode.Position(sl, Math.min(first, text.length)), new vscode.Position(sl, text.length));
  }
  return new vscode.Range(start, end);
}

export function toDiagnostic(doc: vscode.TextDocument, d: EngineDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(doc, d), d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Warning);
  diag.source = DIAGNOSTIC_SOURCE;
  diag.code = d.code;
  if (d.related && d.related.length) {
    diag.relatedInformation = d.related.map(
      (rel) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(doc, rel)), rel.message),
    );
  }
  if (d.code === 'step-budget' || d.code === 'time-budget') diag.tags = [];
  return diag;
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('eventLoopLens');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.disposables.push(
      this.collection,
      service.onDidAnalyze((r) => this.onResult(r)),
      service.onDidClear((uri) => this.collection.delete(uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('eventLoopLens')) return;
        for (const r of service.all()) this.onResult(r);
      }),
    );
  }

  private onResult(r: AnalysisResult): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri.toString());
    if (!doc || !this.service.configuration.diagnosticsEnabled) {
      this.collection.delete(r.uri);
      return;
    }
    const seen = new Set<string>();
    const list: vscode.Diagnostic[] = [];
    for (const d of r.analysis.diagnostics) {
      const key = `${d.code}:${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        list.push(toDiagnostic(doc, d));
      } catch {
        /* a malformed range never takes the adapter down */
      }
    }
    this.collection.set(r.uri, list);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
