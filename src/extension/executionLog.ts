// The execution log: an output channel listing every console line in execution order, with its kind.
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalysisResult, AnalysisService } from './analysisService';
import { formatExecutionLog } from './hints';

export class ExecutionLogController implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Event Loop Lens');
  private readonly disposables: vscode.Disposable[] = [];
  private shownUri: string | undefined;
  private lastText = '';
  /** The log is only kept up to date once the user asked for it (it costs a copy per analysis). */
  private opened = false;

  constructor(private readonly service: AnalysisService) {
    this.disposables.push(
      this.channel,
      service.onDidAnalyze((r) => {
        if (!this.opened) return;
        // Follows the active editor's document.
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (r.uri.toString() === active || r.uri.toString() === this.shownUri) this.write(r);
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (!this.opened) return;
        const r = e && service.get(e.document.uri);
        if (r) this.write(r);
      }),
    );
  }

  /** The log text last written (test API). */
  get text(): string {
    return this.lastText;
  }

  show(uri?: vscode.Uri): void {
    this.opened = true;
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const r = target && this.service.get(target);
    if (r) this.write(r);
    else if (!this.lastText) {
      this.lastText = 'Event Loop Lens — open a JavaScript file to see its simulated execution log.\n';
      this.channel.replace(this.lastText);
    }
    this.channel.show(true);
  }

  private write(r: AnalysisResult): void {
    this.shownUri = r.uri.toString();
    const title = r.uri.scheme === 'file' ? path.basename(r.uri.fsPath) : r.uri.path;
    this.lastText = formatExecutionLog(r.analysis, title);
    this.channel.replace(this.lastText);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
