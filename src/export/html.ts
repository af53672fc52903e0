// Share a run: one self-contained HTML file — the source with its hints, and the step-through
// (stack, queues, console, timeline, contexts, closures, promises) driven by the panel's own renderer
// (media/dist/export.js, inlined) over static data.
//
// Invariant: the program's text only ever reaches the page as DATA — inside a
// `<script type="application/json">` block with every `<`, `>`, `&` and line separator escaped as
// \uXXXX, parsed with JSON.parse and inserted with textContent by the renderer — so nothing of the
// program runs and no markup of it is parsed. The CSP allows only the page's own nonce'd script and
// style and no network at all (default-src 'none'), so the page opens from disk and loads nothing.
import * as crypto from 'crypto';
import type { Analysis } from '../engine/types';
import { buildHints } from '../extension/hints';
import { traceArrayOf } from '../engine/traceCodec';

export interface ExportData {
  title: string;
  source: string;
  /** Inline hint text per line (1-based line → text), as the editor shows them. */
  hints: [number, string][];
  analysis: Analysis;
}

/** JSON that is inert inside a <script type="application/json"> element (and inside HTML generally). */
export function inertJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The data the page needs (the trace and what the replay reads; nothing host-only). */
export function exportData(analysis: Analysis, source: string, title: string): ExportData {
  const hints = buildHints(analysis, 'console', { hover: false }).map((h) => [h.line, h.text] as [number, string]);
  const kept: Analysis = {
    fileName: title, runtime: analysis.runtime, moduleKind: analysis.moduleKind, console: analysis.console, tasks: analysis.tasks,
    diagnostics: analysis.diagnostics, steps: analysis.steps, virtualTime: analysis.virtualTime, exitCode: analysis.exitCode,
    stoppedBy: analysis.stoppedBy, bindings: analysis.bindings?.map((b) => ({ ...b, values: undefined })), trace: traceArrayOf(analysis), cut: analysis.cut, millis: 0,
  };
  return { title, source, hints, analysis: kept };
}

/**
 * The page. `script` is media/dist/export.js, `css` the panel's stylesheets; both are the
 * extension's own files, never the program's.
 */
export function buildExportHtml(data: ExportData, script: string, css: string): string {
  const nonce = crypto.randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, 'img-src data:', "form-action 'none'", "base-uri 'none'"].join('; ');
  // A `</script` inside the bundle would end the element early; `<\/script` means the same in JS.
  const safeScript = script.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const safeCss = css.replace(/<\/(style)/gi, '<\\/$1');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="Event Loop Lens">
<title>${escapeHtml(`Event Loop Lens — ${data.title}`)}</title>
<style nonce="${nonce}">${safeCss}</style>
</head>
<body class="vscode-dark exported">
<div class="export-layout">
<section class="export-source" aria-label="Source with execution-order hints"><h2 id="source-h">${escapeHtml(data.title)}</h2><ol id="source" class="source" aria-labelledby="source-h"></ol></section>
<div id="app" class="app" data-loading="true"><p class="status" id="status" role="status" aria-live="polite">Loading…</p></div>
</div>
<script type="application/json" id="lens-data">${inertJson(data)}</script>
<script nonce="${nonce}">${safeScript}</script>
</body>
</html>
`;
}

/** Theme variables the webview gets from VS Code, for a page outside it (a dark theme). */
export const EXPORT_THEME_CSS = `
:root {
  --vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e; --vscode-sideBar-background: #252526;
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; --vscode-editor-font-size: 12px;
  --vscode-descriptionForeground: #a0a0a0; --vscode-disabledForeground: #8b8b8b; --vscode-focusBorder: #007fd4;
  --vscode-badge-background: #4d4d4d; --vscode-badge-foreground: #ffffff; --vscode-panel-border: #444;
  --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #1177bb;
  --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #ffffff; --vscode-button-secondaryHoverBackground: #45494e;
  --vscode-dropdown-background: #3c3c3c; --vscode-dropdown-foreground: #f0f0f0; --vscode-textLink-foreground: #3794ff;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-inactiveSelectionBackground: #37373d; --vscode-errorForeground: #f48771; --vscode-textBlockQuote-background: #222;
  --vscode-editor-findMatchHighlightBackground: rgba(234,92,0,0.33);
}
.export-layout { display: grid; grid-template-columns: minmax(280px, 1fr) 2fr; gap: 12px; align-items: start; }
@media (max-width: 900px) { .export-layout { grid-template-columns: 1fr; } }
.export-source { position: sticky; top: 0; max-height: 100vh; overflow: auto; border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 4px 8px; }
.export-source h2 { font-size: 0.95em; margin: 2px 0 6px; font-family: var(--vscode-editor-font-family); }
.source { list-style: none; margin: 0; padding: 0; font-family: var(--vscode-editor-font-family); font-size: 12px; }
.source li { display: flex; gap: 8px; white-space: pre; padding: 0 4px; border-radius: 2px; }
.source .ln { min-width: 3ch; text-align: right; color: var(--vscode-descriptionForeground); user-select: none; }
.source .code { flex: 0 1 auto; }
.source .hint { color: #c586c0; margin-left: 12px; }
.source li.current { background: #3a3d41; outline: 1px solid var(--vscode-focusBorder); }
.source li.flash { background: #5a4a00; }
`;
