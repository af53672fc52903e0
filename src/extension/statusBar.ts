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
    // The whole run (with modules, `analysis` is only this document's part of it).
    const a = r.full ?? r.analysis;
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

export const SANDBOX_LOG_COMMAND = 'eventLoopLens.showSandboxLog';

/**
 * The analysis process's self-check, made visible: when a layer of the sandbox did not take effect
 * in this runtime (no permission model, code generation allowed, …) a warning item stays in the
 * status bar and the log says which. Never silent; hidden when every layer holds.
 */
export class SandboxStatusController implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('eventLoopLens.sandbox', vscode.StatusBarAlignment.Right, 99);
  private missing: string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.item.name = 'Event Loop Lens sandbox';
    this.item.command = SANDBOX_LOG_COMMAND;
  }

  /** The layers that did not take effect (empty: all hold). Test API. */
  get missingLayers(): string[] {
    return [...this.missing];
  }

  /** Shows the warning (and logs it) when `missing` is not empty; logs the check either way. */
  report(missing: string[]): void {
    this.missing = [...missing];
    if (missing.length === 0) {
      this.log.info('Analysis process self-check: every sandbox layer is active (code generation off, permission model, empty environment, lockdown).');
      this.item.hide();
      return;
    }
    for (const m of missing) this.log.warn(`Analysis process self-check: ${m}.`);
    this.item.text = '$(shield) Event Loop Lens: sandbox incomplete';
    this.item.tooltip = `Some protection layers of the analysis process did not take effect in this runtime:\n- ${missing.join('\n- ')}\nFiles are still only simulated, never executed. Click for the log.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
