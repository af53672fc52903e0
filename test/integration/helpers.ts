// Shared helpers of the extension-host integration tests.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EventLoopLensApi } from '../../src/extension/extension';
import type { AnalysisResult } from '../../src/extension/analysisService';

export const ROOT = process.env.ELL_ROOT || path.resolve(__dirname, '..', '..', '..');
export const WS = path.join(ROOT, 'test-fixtures', 'ws');
export const EXTENSION_ID = 'event-loop-lens.event-loop-lens';

let api: EventLoopLensApi | undefined;

export async function getApi(): Promise<EventLoopLensApi> {
  if (api) return api;
  const ext = vscode.extensions.getExtension<EventLoopLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  api = await ext.activate();
  assert.ok(api && typeof api.getHints === 'function', 'activate() returns the test API');
  return api;
}

export async function openFile(file: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; result: AnalysisResult }> {
  const a = await getApi();
  const doc = await vscode.workspace.openTextDocument(path.isAbsolute(file) ? file : path.join(WS, file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const result = await a.waitForAnalysis(doc.uri, { timeoutMs: 30_000 });
  return { doc, editor, result };
}

export async function openUntitled(content: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; result: AnalysisResult }> {
  const a = await getApi();
  const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const result = await a.waitForAnalysis(doc.uri, { timeoutMs: 30_000 });
  return { doc, editor, result };
}

/** Edits the document and waits for the analysis of the new version. */
export async function editAndWait(editor: vscode.TextEditor, edit: (b: vscode.TextEditorEdit) => void): Promise<AnalysisResult> {
  const a = await getApi();
  const ok = await editor.edit(edit);
  assert.ok(ok, 'edit applied');
  return a.waitForAnalysis(editor.document.uri, { minVersion: editor.document.version, timeoutMs: 30_000 });
}

/** line → after-text of the applied hints. */
export async function hintTexts(uri: vscode.Uri): Promise<Record<number, string>> {
  const a = await getApi();
  return Object.fromEntries(a.getHints(uri).map((h) => [h.line, h.contentText]));
}

export function lensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Event Loop Lens');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n---\n');
}

export async function setConfig(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('eventLoopLens').update(key, value, vscode.ConfigurationTarget.Global);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
