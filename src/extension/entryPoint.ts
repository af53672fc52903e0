// The pinned entry point: "Event Loop Lens: Simulate From This File" makes the active file the run
// that every file of its module graph shows (a library file with no top-level calls gets the hints
// of the program that uses it); the status bar says which entry is pinned; "Unpin Entry" undoes it.
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';

export const PIN_ENTRY_COMMAND = 'eventLoopLens.simulateFromThisFile';
export const UNPIN_ENTRY_COMMAND = 'eventLoopLens.unpinEntry';

export class EntryPointController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('eventLoopLens.entry', vscode.StatusBarAlignment.Left, 99);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.item.name = 'Event Loop Lens: pinned entry';
    this.item.command = UNPIN_ENTRY_COMMAND;
    this.disposables.push(
      this.item,
      vscode.commands.registerCommand(PIN_ENTRY_COMMAND, async (uri?: vscode.Uri) => {
        const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
        if (!target || target.scheme !== 'file') {
          void vscode.window.showWarningMessage('Event Loop Lens: open a JavaScript file on disk to pin it as the entry.');
          return;
        }
        await this.service.setEntry(target);
      }),
      vscode.commands.registerCommand(UNPIN_ENTRY_COMMAND, () => this.service.setEntry(undefined)),
      service.onDidChangeEntry((uri) => this.render(uri)),
    );
    this.render(service.pinnedEntry);
  }

  /** The status bar text (tests read it). */
  get text(): string {
    return this.service.pinnedEntry ? this.item.text : '';
  }

  private render(uri: vscode.Uri | undefined): void {
    void vscode.commands.executeCommand('setContext', 'eventLoopLens.entryPinned', !!uri);
    if (!uri) {
      this.item.hide();
      return;
    }
    this.item.text = `$(pin) Entry: ${path.basename(uri.fsPath)}`;
    this.item.tooltip = `Event Loop Lens simulates from ${vscode.workspace.asRelativePath(uri)}; files it imports show its run. Click to unpin.`;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
