// Static guarantees of the step-through panel's webview: strict CSP with a nonce, resources only
// from media/, and no HTML sinks in the front end (all user text goes in with textContent).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');

const root = path.join(__dirname, '../..');

// A minimal stand-in for the `vscode` module: enough for buildHtml().
const fakeVscode = {
  Uri: {
    joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), toString() { return this.path; } }),
  },
};

function withFakeVscode<T>(fn: () => T): T {
  const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
  const orig = M._load;
  M._load = function (req: string, parent: unknown, isMain: boolean) {
    if (req === 'vscode') return fakeVscode;
    return orig.call(this, req, parent, isMain);
  };
  try { return fn(); } finally { M._load = orig; }
}

describe('step-through panel webview (static)', () => {
  it('HTML shell: nonce CSP, no remote or inline resources', () => {
    const html = withFakeVscode(() => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { buildHtml } = require('../../src/extension/panel/html');
      const webview = { cspSource: 'https://webview.test', asWebviewUri: (u: { path: string }) => ({ toString: () => `https://webview.test${u.path}` }) };
      return buildHtml(webview, { path: '/ext' }) as string;
    });
    const csp = /content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(csp)![1];
    assert.ok(nonce.length >= 16);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    // The one fetch (the run's trace file): the webview's own resource origin, nothing else.
    assert.match(csp, /(^|; )connect-src https:\/\/webview\.test(;|$)/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce}"`));
    assert.match(scripts[0][1], /src="https:\/\/webview\.test\/ext\/media\/dist\/panel\.js"/);
    assert.equal(scripts[0][2].trim(), '', 'no inline script');
    assert.doesNotMatch(html, /style="/);
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.match(m[1], /^https:\/\/webview\.test\/ext\/media\//);
    // A fresh nonce each time.
    const again = withFakeVscode(() => require('../../src/extension/panel/html').buildHtml({ cspSource: 'x', asWebviewUri: (u: { path: string }) => u.path }, { path: '/ext' }));
    assert.notEqual(/nonce-([A-Za-z0-9]+)/.exec(again)![1], nonce);
  });

  it('front end uses no HTML sinks', () => {
    const src = fs.readFileSync(path.join(root, 'src/webview/panel.ts'), 'utf8');
    assert.doesNotMatch(src, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    const bundle = path.join(root, 'media/dist/panel.js');
    if (fs.existsSync(bundle)) assert.doesNotMatch(fs.readFileSync(bundle, 'utf8'), /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('stylesheet loads nothing remote', () => {
    const css = fs.readFileSync(path.join(root, 'media/panel.css'), 'utf8');
    assert.doesNotMatch(css, /url\(|@import/);
  });
});
