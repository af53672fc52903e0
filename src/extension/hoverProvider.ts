// Hover on identifiers: the engine's hoisting hover (src/engine/hoisting `hoverAt`, run in the
// worker); when the engine has none, a summary of the binding facts the Analysis carries.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { isAnalyzable } from './config';
import { bindingAt, formatBinding, hoverValueToMarkdown } from './hoverFormat';

export class LensHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.service.configuration.enable || !isAnalyzable(doc)) return undefined;
    const range = doc.getWordRangeAtPosition(pos, /[A-Za-z_$][\w$]*/);
    if (!range) return undefined;
    const name = doc.getText(range);
    let value: unknown;
    try {
      value = await this.service.hover(doc, pos.line + 1, pos.character);
    } catch {
      value = undefined;
    }
    if (token.isCancellationRequested) return undefined;
    let md = hoverValueToMarkdown(value);
    if (value === undefined) {
      // The engine could not answer (e.g. still busy): summarise the binding facts we have.
      const bindings = this.service.get(doc.uri)?.hintSource.bindings;
      const b = bindings && bindingAt(bindings, name, pos.line + 1, pos.character);
      if (b) md = formatBinding(b);
    }
    if (!md) return undefined;
    const m = new vscode.MarkdownString(md);
    m.isTrusted = false;
    m.supportHtml = false;
    return new vscode.Hover(m, range);
  }
}
