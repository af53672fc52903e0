// Share a run from the editor: command `eventLoopLens.exportHtml` writes the file's run as one
// self-contained HTML page (src/export: the panel's renderer over static data, nothing of the program
// runs, no network) next to the file or where the user chooses.
import { isAnalyzable } from './config';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis, AnalyzeOptions } from '../engine/types';
import { renderExport } from '../export/cli';

export const EXPORT_COMMAND = 'eventLoopLens.exportHtml';

/** What the export page records: the editor step-through's caps, smaller (a page to share). */
export const EXPORT_TRACE: Partial<AnalyzeOptions> = { trace: true, maxSteps: 100_000, maxTraceEvents: 150_000 };

export function registerExport(context: vscode.ExtensionContext, analyzer: { analyze(d: vscode.TextDocument, extra?: Partial<AnalyzeOptions>): Promise<Analysis> }): void {
  context.subscriptions.push(vscode.commands.registerCommand(EXPORT_COMMAND, async (fileArg?: unknown, targetArg?: unknown) => {
    const doc = fileArg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(fileArg) : vscode.window.activeTextEditor?.document;
    if (!doc || !isAnalyzable(doc)) {
      void vscode.window.showInformationMessage('Event Loop Lens: open a JavaScript or TypeScript file to export its run.');
      return undefined;
    }
    const base = path.basename(doc.uri.path) || 'untitled.js';
    let target = targetArg instanceof vscode.Uri ? targetArg : undefined;
    if (!target) {
      const suggested = doc.uri.scheme === 'file' ? vscode.Uri.file(doc.uri.fsPath.replace(/\.[cm]?js$/i, '') + '.lens.html') : undefined;
      target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { 'HTML page': ['html'] }, title: 'Export the run as a self-contained HTML page' });
      if (!target) return undefined;
    }
    const analysis = await analyzer.analyze(doc, EXPORT_TRACE);
    const out = renderExport(doc.getText(), analysis, base, path.join(context.extensionPath, 'media'));
    if (!out.ok) {
      void vscode.window.showErrorMessage(`Event Loop Lens: ${out.message}`);
      return undefined;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(out.html, 'utf8'));
    if (!(targetArg instanceof vscode.Uri)) void vscode.window.showInformationMessage(`Event Loop Lens: exported ${base} (${out.stops} steps) to ${target.fsPath || target.toString()}.`);
    return target.toString();
  }));
}
