// Modules in the real editor (issue 11): a two-file project whose imported file shows the hints of
// the run that used it, follows an unsaved edit of that file, and an entry file pinned.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { getApi, hintTexts, WS } from './helpers';

const MAIN = path.join(WS, 'modules', 'main.js');
const LIB = path.join(WS, 'modules', 'lib.js');

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await f();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('modules in the editor', function () {
  this.timeout(120_000);

  after(async () => {
    await vscode.commands.executeCommand('eventLoopLens.unpinEntry');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the imported file shows the hints of the run of the file that required it', async () => {
    const api = await getApi();
    const lib = await vscode.workspace.openTextDocument(LIB);
    await vscode.window.showTextDocument(lib, { preview: false, viewColumn: vscode.ViewColumn.Two });
    const main = await vscode.workspace.openTextDocument(MAIN);
    await vscode.window.showTextDocument(main, { preview: false, viewColumn: vscode.ViewColumn.One });
    const r = await api.waitForAnalysis(main.uri, { timeoutMs: 30_000 });
    assert.deepEqual(r.analysis.console.map((e) => e.text), ['main starts'], 'main.js shows only its own line');
    assert.deepEqual(r.full!.console.map((e) => e.text), ['main starts', 'hello Ada', 'micro Lin', 'later Lin']);
    const hints = await until('hints in lib.js', async () => {
      const h = await hintTexts(lib.uri);
      return Object.keys(h).length >= 3 ? h : undefined;
    });
    assert.match(hints[3], /② sync .*hello Ada/);
    assert.match(hints[8], /③ microtask .*micro Lin/);
    assert.match(hints[7], /④ macrotask · setTimeout 10 ms .*later Lin/);
    assert.match((await hintTexts(main.uri))[4], /① sync .*main starts/);
  });

  it('an unsaved edit of the imported file re-runs main.js, and the hints follow it', async () => {
    const api = await getApi();
    const lib = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === LIB)!;
    const editor = await vscode.window.showTextDocument(lib, { preview: false, viewColumn: vscode.ViewColumn.Two });
    const line = lib.lineAt(2);
    assert.ok(line.text.includes("'hello '"));
    const ok = await editor.edit((b) => b.replace(line.range, "  console.log('bonjour ' + name, 'from the unsaved text');"));
    assert.ok(ok && lib.isDirty, 'lib.js has unsaved changes');
    const main = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === MAIN)!;
    const r = await until('main.js re-run with the unsaved lib.js', () => {
      const x = api.service.get(main.uri);
      return x && x.full && x.full.console.some((e) => e.text.startsWith('bonjour')) ? x : undefined;
    });
    assert.equal(r.full!.console[1].text, 'bonjour Ada from the unsaved text');
    const hints = await until('lib.js hints of the edited text', async () => {
      const h = await hintTexts(lib.uri);
      return h[3] && h[3].includes('bonjour') ? h : undefined;
    });
    assert.match(hints[3], /② sync .*bonjour Ada/);
  });

  it('Simulate From This File pins the entry (status bar), and Unpin Entry File undoes it', async () => {
    const api = await getApi();
    const main = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === MAIN)!;
    await vscode.window.showTextDocument(main, { preview: false, viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('eventLoopLens.simulateFromThisFile');
    assert.equal(api.service.pinnedEntry?.fsPath, MAIN);
    assert.equal(api.entryText(), '$(pin) Entry: main.js');
    // With the entry pinned, re-analysing lib.js shows main.js's run in it.
    const lib = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === LIB)!;
    api.service.reanalyze(lib);
    const r = await until('lib.js result from the pinned entry', () => {
      const x = api.service.get(lib.uri);
      return x && x.from?.fsPath === MAIN ? x : undefined;
    });
    assert.ok(r.analysis.console.some((e) => e.line === 3));
    await vscode.commands.executeCommand('eventLoopLens.unpinEntry');
    assert.equal(api.service.pinnedEntry, undefined);
    assert.equal(api.entryText(), '');
  });
});
