// Where the editor's analyses get their imports from (src/engine/modules/graph.ts): an open
// document's current text (unsaved edits count), otherwise the file through `vscode.workspace.fs` —
// only inside the workspace folders (their node_modules included). Anything else is "denied", and
// the engine reports the import it stopped with a located diagnostic.
import * as vscode from 'vscode';
import { collectSources, type ReadResult, type SourceReader } from '../engine/modules/graph';
import type { ModuleSources } from '../engine/types';

function insideWorkspace(fsPath: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && (fsPath === f.uri.fsPath || fsPath.startsWith(f.uri.fsPath.replace(/\/$/, '') + '/')));
}

export const workspaceReader: SourceReader = {
  async read(path: string): Promise<ReadResult> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    if (open) return open.getText();
    if (!insideWorkspace(path)) return { denied: `${path} is outside the workspace folders (Event Loop Lens reads only inside them)` };
    const uri = vscode.Uri.file(path);
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type & vscode.FileType.Directory) return null;
      const bytes = await vscode.workspace.fs.readFile(uri);
      return new TextDecoder('utf-8').decode(bytes);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'FileIsADirectory' || e.code === 'FileNotADirectory')) return null;
      return { denied: `${path} could not be read` };
    }
  },
};

/** The module graph of `entryPath` (whose current text is `text`) for one analysis. */
export async function sourcesFor(entryPath: string, text: string): Promise<ModuleSources | undefined> {
  try {
    return await collectSources(entryPath, text, workspaceReader);
  } catch {
    return undefined;
  }
}
