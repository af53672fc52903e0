// Status bar summary for the active JavaScript editor; clicking opens the step-through (or the log).
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { isAnalyzable } from './config';
import { summaryText } from './hints';

export const STATUS_CLICK_COMMAND = 'eventLoopLens.statusBarClick';

export class StatusBarController implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('eventLoopLens.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'Event Loop Lens';
    this.item.command = STATUS_CLICK_COMMAND;
    this.disposables.push(
      this.item,
      service.onDidAnalyze(() => this.update()),
      service.onDidStartAnalysis(() => this.update()),
      service.onDidClear(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('eventLoopLens') && this.update()),
    );
    this.update();
  }

  /** The text shown (test API). */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isAnalyzable(editor.document) || !this.service.configuration.enable) {
      this.item.hide();
      return;
    }
    const r = this.service.get(editor.document.uri);
    const pending = this.service.isPending(editor.document.uri);
    if (!r) {
      this.item.text = '$(sync~spin) Event Loop Lens';
      this.item.tooltip = 'Simulating the event loop…';
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    const a = r.analysis;
    const summary = summaryText(a);
    const syntax = a.stoppedBy === 'syntax-error' || a.diagnostics.some((d) => d.code === 'syntax-error');
    const icon = syntax ? '$(error)' : a.stoppedBy ? '$(warning)' : pending ? '$(sync~spin)' : '$(pulse)';
    this.item.text = `${icon} ${summary}${r.stale ? ' (hints stale)' : ''}`;
    const tip = new vscode.MarkdownString(
      `**Event Loop Lens** — simulated, not executed (${a.runtime})\n\n` +
        `${a.console.length} console line${a.console.length === 1 ? '' : 's'}, ${a.steps} steps, ` +
        `virtual time ${a.virtualTime} ms, analysed in ${Math.round(a.millis)} ms.\n\n` +
        (r.stale ? 'The file has a syntax error: the hints are from the last version that parsed.\n\n' : '') +
        'Click to step through the run.',
    );
    this.item.tooltip = tip;
    this.item.backgroundColor = syntax || a.stoppedBy === 'step-budget' || a.stoppedBy === 'time-budget'
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
