// Integration tests inside a real VS Code extension host: hints, diagnostics, hovers, quick fixes,
// live edits, stale hints on a syntax error, budgets, languages, commands.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  codeOf, editAndWait, getApi, hintTexts, hoverText, lensDiagnostics, openFile, openUntitled, ROOT, setConfig, sleep,
} from './helpers';

const CLASSIC = fs.readFileSync(path.join(ROOT, 'test-fixtures', 'ws', 'classic.js'), 'utf8');

async function closeActive(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('Event Loop Lens in the editor', function () {
  this.timeout(120_000);

  before(async () => {
    await getApi();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates for JavaScript and returns the test API', async () => {
    const api = await getApi();
    assert.equal(typeof api.waitForAnalysis, 'function');
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['eventLoopLens.toggleHints', 'eventLoopLens.reanalyze', 'eventLoopLens.showExecutionLog']) assert.ok(cmds.includes(c), c);
  });

  it('classic example: one hint per printing line, with order, kind and text', async () => {
    const { doc, result } = await openFile('classic.js');
    assert.deepEqual(await hintTexts(doc.uri), {
      1: '① sync  "Script Start"',
      3: '⑤ macrotask · setTimeout 0 ms  "Timeout Complete"',
      6: '③ microtask  "Promise Resolved 1"',
      7: '④ microtask  "Promise Resolved 2"',
      8: '② sync  "Script End"',
    });
    const api = await getApi();
    assert.deepEqual(api.getHints(doc.uri).map((h) => [h.line, h.kind]), [[1, 'sync'], [3, 'macrotask'], [6, 'microtask'], [7, 'microtask'], [8, 'sync']]);
    assert.deepEqual(lensDiagnostics(doc.uri), []);
    assert.equal(result.stale, false);
    assert.match(api.statusText(), /1 task · 2 microtasks · \d+ ms/);
  });

  it('the hover of a hint lists every run of its line', async () => {
    const { doc } = await openFile('interval.js');
    const api = await getApi();
    const hints = api.getHints(doc.uri);
    assert.deepEqual(hints.map((h) => [h.line, h.contentText]), [[4, '① ② ③ … ×12 macrotask · setInterval 10 ms  "tick 1" …']]);
    const rows = hints[0].hover.split('\n').filter((l) => /^\| [^#-]/.test(l));
    assert.equal(rows.length, 12);
    assert.match(rows[0], /^\| ① \| macrotask · setInterval 10 ms \| .+ \| 10 ms \| tick 1 \|$/);
    assert.match(rows[11], /^\| ⑫ \| macrotask · setInterval 10 ms \| .+ \| 120 ms \| tick 12 \|$/);
  });

  it('Node queues in a .cjs file: nextTick before promise jobs, setImmediate last', async () => {
    const { doc } = await openFile('commonjs.cjs');
    assert.deepEqual(await hintTexts(doc.uri), {
      1: '② nextTick  "nextTick"',
      2: '③ microtask  "promise"',
      3: '④ macrotask · setImmediate  "immediate"',
      4: '① sync  "sync"',
    });
  });

  it('.mjs is an ES module: top-level await continues in a microtask', async () => {
    const { doc, result } = await openFile('module.mjs');
    assert.equal(result.analysis.moduleKind, 'module');
    assert.deepEqual(await hintTexts(doc.uri), { 1: '① sync  "module start"', 3: '② microtask  "after top-level await"' });
  });

  it('TDZ read: a diagnostic on the read with related information at the declaration, and a hover', async () => {
    const { doc } = await openFile('tdz.js');
    const diags = lensDiagnostics(doc.uri);
    const tdz = diags.filter((d) => codeOf(d) === 'tdz-read');
    assert.equal(tdz.length, 1, JSON.stringify(diags.map((d) => [codeOf(d), d.range.start.line, d.message])));
    assert.deepEqual([tdz[0].range.start.line, tdz[0].range.start.character, tdz[0].range.end.line, tdz[0].range.end.character], [1, 14, 1, 19]);
    assert.equal(tdz[0].source, 'Event Loop Lens');
    const rel = tdz[0].relatedInformation ?? [];
    assert.ok(rel.length >= 1, 'related information');
    assert.equal(rel[0].location.uri.toString(), doc.uri.toString());
    assert.equal(rel[0].location.range.start.line, 8, 'points at `let value` on line 9');
    assert.deepEqual(await hintTexts(doc.uri), { 7: '① sync  "ReferenceError"', 10: '② sync  "1"' });
    const hover = await hoverText(doc.uri, new vscode.Position(1, 16));
    assert.match(hover, /`value`/);
    assert.match(hover, /let/);
    assert.match(hover, /TDZ|temporal dead zone/i);
  });

  it('var in a loop captured by a timer: diagnostic, quick fix var → let, hints follow', async () => {
    const { doc, editor } = await openUntitled(fs.readFileSync(path.join(ROOT, 'test-fixtures', 'ws', 'loop-closure.js'), 'utf8'));
    assert.deepEqual(await hintTexts(doc.uri), { 2: '① ② ③ macrotask · setTimeout 0 ms  "3"' });
    const diag = lensDiagnostics(doc.uri).find((d) => codeOf(d) === 'loop-closure-var');
    assert.ok(diag, `loop-closure-var in ${JSON.stringify(lensDiagnostics(doc.uri).map(codeOf))}`);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range)) ?? [];
    const fix = actions.find((a) => /let/.test(a.title) && a.edit);
    assert.ok(fix, `quick fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    const before = doc.version;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(doc.lineAt(0).text, 'for (let i = 0; i < 3; i++) {');
    const api = await getApi();
    await api.waitForAnalysis(doc.uri, { minVersion: before + 1 });
    assert.deepEqual(await hintTexts(doc.uri), { 2: '① ② ③ macrotask · setTimeout 0 ms  "0" …' });
    assert.deepEqual(lensDiagnostics(doc.uri).filter((d) => codeOf(d) === 'loop-closure-var'), []);
    void editor;
    await closeActive();
  });

  it('sequential independent awaits: quick fix wraps them in Promise.all', async () => {
    const { doc, result } = await openUntitled(fs.readFileSync(path.join(ROOT, 'test-fixtures', 'ws', 'sequential-await.js'), 'utf8'));
    assert.equal(result.analysis.virtualTime, 300);
    const diag = lensDiagnostics(doc.uri).find((d) => codeOf(d) === 'sequential-await');
    assert.ok(diag, `sequential-await in ${JSON.stringify(lensDiagnostics(doc.uri).map((d) => [codeOf(d), d.range.start.line]))}`);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range)) ?? [];
    const fix = actions.find((a) => /Promise\.all/.test(a.title) && a.edit);
    assert.ok(fix, `quick fix in ${JSON.stringify(actions.map((a) => a.title))}`);
    const before = doc.version;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(doc.lineAt(3).text, "  const [a, b] = await Promise.all([wait(100, 'a'), wait(200, 'b')]);");
    const api = await getApi();
    const after = await api.waitForAnalysis(doc.uri, { minVersion: before + 1 });
    assert.equal(after.analysis.virtualTime, 200);
    assert.deepEqual(await hintTexts(doc.uri), { 5: '① microtask  "a b"' });
    await closeActive();
  });

  it('edits: hints follow the text', async () => {
    const { doc, editor } = await openUntitled(CLASSIC);
    await editAndWait(editor, (b) => b.insert(new vscode.Position(0, 0), "console.log('First');\n"));
    assert.deepEqual(await hintTexts(doc.uri), {
      1: '① sync  "First"',
      2: '② sync  "Script Start"',
      4: '⑥ macrotask · setTimeout 0 ms  "Timeout Complete"',
      7: '④ microtask  "Promise Resolved 1"',
      8: '⑤ microtask  "Promise Resolved 2"',
      9: '③ sync  "Script End"',
    });
    // Delete the timer: its hint goes away, the others renumber.
    await editAndWait(editor, (b) => b.delete(new vscode.Range(2, 0, 5, 0)));
    assert.deepEqual(await hintTexts(doc.uri), {
      1: '① sync  "First"',
      2: '② sync  "Script Start"',
      4: '④ microtask  "Promise Resolved 1"',
      5: '⑤ microtask  "Promise Resolved 2"',
      6: '③ sync  "Script End"',
    });
    await closeActive();
  });

  it('a syntax error keeps the last hints (marked stale) and raises exactly one diagnostic', async () => {
    const { doc, editor } = await openUntitled(CLASSIC);
    const good = await hintTexts(doc.uri);
    const r = await editAndWait(editor, (b) => b.insert(new vscode.Position(8, 0), 'console.log(\n'));
    assert.equal(r.stale, true);
    const diags = lensDiagnostics(doc.uri);
    assert.equal(diags.length, 1, JSON.stringify(diags.map((d) => [codeOf(d), d.message])));
    assert.equal(codeOf(diags[0]), 'syntax-error');
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    const api = await getApi();
    const stale = api.getHints(doc.uri);
    assert.ok(stale.length > 0 && stale.every((h) => h.stale));
    assert.deepEqual(Object.fromEntries(stale.map((h) => [h.line, h.text])), good);
    assert.ok(stale.every((h) => h.contentText.includes('stale')));
    assert.match(api.statusText(), /syntax error/);
    // Still broken, a line inserted above: the stale hints move with their lines.
    await editAndWait(editor, (b) => b.insert(new vscode.Position(0, 0), '// moved\n'));
    assert.equal(lensDiagnostics(doc.uri).length, 1);
    const moved = api.getHints(doc.uri);
    assert.deepEqual(Object.fromEntries(moved.map((h) => [h.line, h.text])), Object.fromEntries(Object.entries(good).map(([l, t]) => [Number(l) + 1, t])));
    assert.ok(moved.every((h) => h.stale));
    // Fixing it brings fresh hints back and clears the diagnostic.
    await editAndWait(editor, (b) => {
      b.delete(new vscode.Range(9, 0, 10, 0));
      b.delete(new vscode.Range(0, 0, 1, 0));
    });
    assert.deepEqual(await hintTexts(doc.uri), good);
    assert.deepEqual(lensDiagnostics(doc.uri), []);
    await closeActive();
  });

  it('an infinite loop ends with the budget diagnostic at the loop while the extension host stays responsive', async () => {
    const api = await getApi();
    // Measure the extension host's event-loop lag while the analysis runs in the worker.
    let maxLag = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      maxLag = Math.max(maxLag, now - last - 10);
      last = now;
    }, 10);
    try {
      const t0 = Date.now();
      const { doc, result } = await openFile('infinite.js');
      const took = Date.now() - t0;
      assert.ok(['step-budget', 'time-budget'].includes(result.analysis.stoppedBy ?? ''), `stoppedBy ${result.analysis.stoppedBy}`);
      const diags = lensDiagnostics(doc.uri).filter((d) => ['step-budget', 'time-budget', 'infinite-loop'].includes(codeOf(d)));
      assert.equal(diags.length >= 1, true, JSON.stringify(lensDiagnostics(doc.uri).map(codeOf)));
      assert.ok(diags[0].range.start.line >= 2 && diags[0].range.start.line <= 4, `budget diagnostic names the loop (line ${diags[0].range.start.line + 1})`);
      assert.deepEqual(await hintTexts(doc.uri), { 1: '① sync  "before the loop"' });
      assert.match(api.statusText(), /stopped: (step|time) budget at line [345]/);
      console.log(`      infinite loop: analysis ended after ${took} ms; extension host max event-loop lag ${maxLag} ms`);
      // A blocked host would lag by the whole analysis (hundreds of ms); the margin covers a loaded machine.
      assert.ok(maxLag < 250, `extension host lag ${maxLag} ms`);
    } finally {
      clearInterval(ticker);
    }
  });

  it('edits are debounced, and a newer edit cancels the analysis still running for an older one', async () => {
    const api = await getApi();
    const { doc, editor } = await openUntitled("console.log('v0');\n");
    const seen: { version: number; first?: string; stopped?: string }[] = [];
    const sub = api.service.onDidAnalyze((r) => {
      if (r.uri.toString() === doc.uri.toString()) seen.push({ version: r.version, first: r.analysis.console[0]?.text, stopped: r.analysis.stoppedBy });
    });
    try {
      // A burst of edits inside the debounce window: one analysis, of the last text.
      await setConfig('debounce', 1500);
      for (let i = 1; i <= 5; i++) await editor.edit((b) => b.replace(new vscode.Range(0, 0, 1, 0), `console.log('v${i}');\n`));
      const r = await api.waitForAnalysis(doc.uri, { minVersion: doc.version });
      assert.deepEqual(seen.map((x) => x.version), [doc.version], 'one analysis for the burst of edits');
      assert.equal(r.analysis.console[0]?.text, 'v5');
      // No debounce: a slow analysis (an infinite loop running to its step budget) is cancelled
      // by the next edit and never applied.
      await setConfig('debounce', 0);
      await setConfig('maxSteps', 500_000_000);
      await setConfig('maxMillis', 30_000);
      await api.waitForAnalysis(doc.uri, { minVersion: doc.version });
      seen.length = 0;
      await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), "console.log('spin');\nwhile (true) {}\n"));
      await sleep(20);
      assert.ok(api.service.isPending(doc.uri), 'the slow analysis is running');
      await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), "console.log('done');\n"));
      const last = await api.waitForAnalysis(doc.uri, { minVersion: doc.version });
      assert.equal(last.analysis.console[0]?.text, 'done');
      assert.deepEqual(seen.map((x) => x.first), ['done'], `only the newest text was applied (${JSON.stringify(seen)})`);
    } finally {
      sub.dispose();
      await setConfig('debounce', undefined);
      await setConfig('maxSteps', undefined);
      await setConfig('maxMillis', undefined);
    }
    await closeActive();
  });

  it('bad input gives a clear diagnostic, never a crash; an empty file gives nothing', async () => {
    const api = await getApi();
    const { doc, result } = await openUntitled('\u0000 ))) console.log(\'x\' \uFFFF');
    assert.equal(result.stale, false);
    assert.deepEqual(api.getHints(doc.uri), []);
    const diags = lensDiagnostics(doc.uri);
    assert.deepEqual(diags.map(codeOf), ['syntax-error']);
    assert.ok(diags[0].message.length > 0);
    await closeActive();
    const empty = await openUntitled('');
    assert.deepEqual(api.getHints(empty.doc.uri), []);
    assert.deepEqual(lensDiagnostics(empty.doc.uri), []);
    assert.match(api.statusText(), /0 tasks · 0 microtasks · 0 ms/);
    await closeActive();
  });

  it('untitled JavaScript is analysed; other languages are not', async () => {
    const api = await getApi();
    const { doc } = await openUntitled("setTimeout(() => console.log('later'), 5);\nconsole.log('now');\n");
    assert.deepEqual(await hintTexts(doc.uri), { 1: '② macrotask · setTimeout 5 ms  "later"', 2: '① sync  "now"' });
    await closeActive();
    const txt = await vscode.workspace.openTextDocument(path.join(ROOT, 'test-fixtures', 'ws', 'notes.txt'));
    await vscode.window.showTextDocument(txt);
    await sleep(600);
    assert.equal(api.service.get(txt.uri), undefined);
    assert.deepEqual(api.getHints(txt.uri), []);
    assert.deepEqual(lensDiagnostics(txt.uri), []);
  });

  it('commands: execution log, toggle hints, re-analyse', async () => {
    const api = await getApi();
    const { doc } = await openFile('classic.js');
    await vscode.commands.executeCommand('eventLoopLens.showExecutionLog');
    const log = api.executionLog().split('\n').filter((l) => /^\s+\d+ /.test(l));
    assert.equal(log.length, 5);
    assert.match(log[0], /^\s+1 {2}sync\s+line 1 .* Script Start$/);
    assert.match(log[4], /^\s+5 {2}macrotask · setTimeout 0 ms\s+line 3 .* Timeout Complete$/);
    await vscode.commands.executeCommand('eventLoopLens.toggleHints');
    assert.equal(api.hintsEnabled(), false);
    await vscode.commands.executeCommand('eventLoopLens.toggleHints');
    assert.equal(api.hintsEnabled(), true);
    const v = api.service.get(doc.uri)!;
    await vscode.commands.executeCommand('eventLoopLens.reanalyze');
    // The re-analysis first reads the file's imports, so it is not pending at once: wait for a new result.
    const until = Date.now() + 30000;
    while (api.service.get(doc.uri) === v && Date.now() < until) await sleep(25);
    const again = await api.waitForAnalysis(doc.uri);
    assert.ok(again !== v, 're-analysed');
  });

  it('settings: statements mode hints every statement that ran, with the run it ran in', async () => {
    const api = await getApi();
    await setConfig('hints.mode', 'statements');
    try {
      const { doc } = await openFile('classic.js');
      const r = await api.waitForAnalysis(doc.uri);
      if (!r.analysis.trace && !r.analysis.packedTrace) await api.waitForAnalysis(doc.uri, { minVersion: doc.version });
      // The decorations of the console-mode run may still be on screen: wait (up to 5 s) for the
      // statements-mode ones rather than a fixed pause (300 ms was too short on a loaded machine).
      let h = await hintTexts(doc.uri);
      for (let i = 0; i < 50 && h[1] !== '① sync'; i++) {
        await sleep(100);
        h = await hintTexts(doc.uri);
      }
      assert.equal(h[1], '① sync');
      assert.match(h[3] ?? '', /^\S+ macrotask · setTimeout 0 ms/);
      assert.match(h[6] ?? '', /^\S+ microtask/);
      assert.equal(h[8], '① sync');
    } finally {
      await setConfig('hints.mode', undefined);
    }
  });

  it('the status bar item opens the step-through (or the execution log)', async () => {
    const api = await getApi();
    await openFile('classic.js');
    assert.match(api.statusText(), /1 task · 2 microtasks/);
    await vscode.commands.executeCommand('eventLoopLens.statusBarClick');
    await sleep(500);
    const cmds = await vscode.commands.getCommands(true);
    if (!cmds.includes('eventLoopLens.stepThrough')) assert.match(api.executionLog(), /Script Start/);
  });

  it('settings: the browser runtime profile has no process.nextTick', async () => {
    const api = await getApi();
    await setConfig('runtime', 'browser');
    try {
      const { doc } = await openFile('commonjs.cjs');
      let r = await api.waitForAnalysis(doc.uri);
      for (let i = 0; i < 20 && r.analysis.runtime !== 'browser'; i++) {
        await sleep(100);
        r = await api.waitForAnalysis(doc.uri);
      }
      assert.equal(r.analysis.runtime, 'browser');
      assert.deepEqual(lensDiagnostics(doc.uri).map(codeOf), ['uncaught-error']);
      // The uncaught error is what the program printed (on stderr), at the line that threw.
      assert.deepEqual(await hintTexts(doc.uri), { 1: '① sync  "Uncaught ReferenceError: process is not…"' });
    } finally {
      await setConfig('runtime', undefined);
    }
  });

  it('settings: callbacks mode hints the callbacks that started tasks', async () => {
    const api = await getApi();
    await setConfig('hints.mode', 'callbacks');
    try {
      const { doc } = await openFile('classic.js');
      await sleep(100);
      const texts = Object.values(await hintTexts(doc.uri));
      assert.ok(texts.some((t) => /macrotask · setTimeout 0 ms/.test(t)), JSON.stringify(texts));
      assert.ok(texts.some((t) => /microtask/.test(t)), JSON.stringify(texts));
      void api;
    } finally {
      await setConfig('hints.mode', undefined);
    }
  });
});
