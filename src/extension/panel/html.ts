// The panel's HTML shell: a strict Content-Security-Policy with a nonce, the stylesheet and the
// script from media/ only, no remote resources, no inline script or style; the one fetch is the
// run's trace file, a local resource. Everything the user's file produces is inserted later by
// media/dist/panel.js with textContent.
import * as crypto from 'crypto';
import * as vscode from 'vscode';

export function makeNonce(): string {
  return crypto.randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function buildHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = makeNonce();
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...p)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    // The run's trace file (./traceFile.ts), fetched from the webview's own resource origin only.
    `connect-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('panel.css')}">
<link rel="stylesheet" href="${media('teach.css')}">
<title>Event Loop Lens</title>
</head>
<body>
<div id="app" class="app" data-loading="true">
  <p class="status" id="status" role="status" aria-live="polite">Loading…</p>
</div>
<script nonce="${nonce}" src="${media('dist', 'panel.js')}"></script>
</body>
</html>`;
}
