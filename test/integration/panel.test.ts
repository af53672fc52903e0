// Integration tests of the step-through panel, inside a real VS Code extension host.
// They open the classic "Script Start / Script End / Promise Resolved 1 / Promise Resolved 2 /
// Timeout Complete" example, run the command, step, and assert the states the webview receives and
// renders (stack frames, each queue, console so far), that step back returns the same state, and
// that the editor highlight follows.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StepThroughApi } from '../../src/extension/panel';
import type { StepState } from '../../src/shared/protocol';

const WS = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.resolve(__dirname, '../../test-fixtures/panel');

async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(WS, name));
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

let api: StepThroughApi;

/** Goes to stop `stop` and waits until the webview reports it rendered that stop of the current run. */
async function gotoAndRender(stop: number): Promise<StepState> {
  const c = api.controller;
  c.gotoStop(stop);
  const s = c.lastState!;
  await waitFor(`render of stop ${stop}`, () => c.lastRendered && c.lastRendered.stopIndex === c.currentStop && c.lastRendered.version === c.lastRunMessage?.run.version);
  return s;
}

describe('Step-through panel (classic example)', function () {
  this.timeout(60_000);
  let editor: vscode.TextEditor;

  before(async () => {
    editor = await openFixture('classic.js');
    await vscode.commands.executeCommand('eventLoopLens.stepThrough');
    api = (await vscode.commands.executeCommand<StepThroughApi>('eventLoopLens.stepThrough.testHook'))!;
    assert.ok(api, 'test hook returns the step-through API');
    await waitFor('the first run', () => api.controller.lastRunMessage);
    await waitFor('the first render', () => api.controller.lastRendered);
  });

  it('opens one panel beside the editor, bound to the file, reused on a second run', async () => {
    const c = api.controller;
    assert.ok(c.isOpen);
    assert.equal(c.boundDocument?.uri.fsPath, editor.document.uri.fsPath);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /eventLoopLens\.stepThrough/.test((t.input as vscode.TabInputWebview).viewType));
    assert.equal(tabs().length, 1);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('eventLoopLens.stepThrough');
    assert.equal(tabs().length, 1, 'the panel is reused, not duplicated');
    assert.notEqual(tabs()[0].group.viewColumn, vscode.ViewColumn.One, 'the panel sits beside the editor');
    const run = c.lastRunMessage!.run;
    assert.equal(run.title, 'classic.js');
    assert.deepEqual(run.console.map((l) => l.text), ['Script Start', 'Script End', 'Promise Resolved 1', 'Promise Resolved 2', 'Timeout Complete']);
    assert.ok(run.stopCount > 5);
    assert.deepEqual(run.timeline.filter((b) => b.kind !== 'phase').map((b) => b.kind), ['script', 'microtasks', 'idle', 'task']);
  });

  it("the webview reads the run's trace from a file for its own replay, and the host deletes the file once read", async () => {
    const c = api.controller;
    const offered: { version: number; url: string; files: string[] }[] = [];
    const sub = c.onDidPost((m) => { if (m.type === 'trace') offered.push({ version: m.trace.version, url: m.trace.url, files: c.pendingTraceFiles }); });
    const before = c.lastRunMessage!.run.version;
    await c.reanalyze();
    const version = c.lastRunMessage!.run.version;
    assert.ok(version > before, 'a new run');
    const read = await waitFor('the webview read the trace file', () => c.lastTraceRead?.version === version && c.lastTraceRead);
    sub.dispose();
    assert.equal(read.ok, true, "the webview's own replay opened from the file (fetched, checked, the host's stop count)");
    // (The run before may be offered too: its file was still being written when this test began.)
    const mine = offered.filter((o) => o.version === version);
    assert.equal(mine.length, 1, 'one offer for the run');
    assert.match(mine[0].url, /step-through-traces/);
    const file = mine[0].files.find((f) => path.basename(f).startsWith(`trace-${version}-`));
    assert.ok(file, `its file was written before the offer (${mine[0].files.join(', ')})`);
    await waitFor('the file deleted', () => !fs.existsSync(file));
    assert.deepEqual(c.pendingTraceFiles, []);
  });

  it('after "Script End": the script on the stack, timer in Web APIs, one microtask queued, task queue empty', async () => {
    const r = api.controller.currentReplay!;
    const s = await gotoAndRender(r.consoleStop(1)!);
    assert.equal(s.consoleCount, 2);
    assert.deepEqual(s.callStack.map((f) => f.name), ['(main script)']);
    assert.deepEqual(s.webApis.map((w) => w.api), ['setTimeout']);
    assert.equal(s.webApis[0].due, 1, 'setTimeout 0 → due at 1 ms (Node clamps to 1)');
    assert.equal(s.queues.microtask.length, 1, 'the first then callback waits');
    assert.match(s.queues.microtask[0].label, /then/);
    assert.deepEqual(s.queues.macrotask, []);
    assert.equal(s.phase, 'script');
    const v = api.controller.lastRendered!.view;
    assert.deepEqual(v.console, ['Script Start', 'Script End']);
    for (const h of ['Call Stack', 'Web APIs', 'Task Queue', 'Microtask Queue', 'nextTick Queue', 'Immediate Queue', 'Console', 'Scope']) assert.ok(v.headings.includes(h), h);
    assert.equal(v.microtaskQueue.length, 1);
    assert.match(v.microtaskQueue[0], /then callback/);
    assert.match(v.webApis[0], /setTimeout/);
    assert.match(v.webApis[0], /due at 1 ms/);
    assert.deepEqual(v.taskQueue, []);
    assert.match(v.callStack[0], /main script/);
    // The inline hints of output not printed yet at this step are dimmed.
    const ext = vscode.extensions.getExtension('event-loop-lens.event-loop-lens')!.exports as { dimmedHintLines(uri: vscode.Uri): number[] };
    const lineOf = (text: string) => editor.document.getText().split('\n').findIndex((l) => l.includes(`'${text}'`)) + 1;
    const expected = ['Promise Resolved 1', 'Promise Resolved 2', 'Timeout Complete'].map(lineOf).sort((a, b) => a - b);
    const dimmed = await waitFor('dimmed hints', () => {
      const d = ext.dimmedHintLines(editor.document.uri);
      return d.length === expected.length ? d : undefined;
    });
    assert.deepEqual([...dimmed].sort((a, b) => a - b), expected);
  });

  it('the script returns, the loop drains microtasks: "Promise Resolved 1" runs on an otherwise empty stack', async () => {
    const r = api.controller.currentReplay!;
    const at = r.consoleStop(2)!;
    const start = r.prevTaskStop(at + 1)!;
    assert.ok(start < at);
    const st = await gotoAndRender(start);
    assert.match(st.explanation, /^Call stack empty → running microtasks: `then callback/);
    assert.equal(st.callStack.length, 1);
    assert.deepEqual(st.queues.microtask, []);
    // Between the script's last statement and this start: a stop where the stack is empty.
    const between = [];
    for (let k = r.consoleStop(1)! + 1; k < start; k++) between.push(r.stateAtStop(k));
    assert.ok(between.some((b) => b.callStack.length === 0), 'the stack empties before the microtask runs');
    const s = await gotoAndRender(at);
    assert.equal(s.consoleCount, 3);
    assert.equal(s.phase, 'microtasks');
    assert.equal(s.webApis.length, 1, 'the timer is still pending');
    assert.deepEqual(api.controller.lastRendered!.view.console, ['Script Start', 'Script End', 'Promise Resolved 1']);
  });

  it('"Timeout Complete" runs as a task after the microtasks; then all queues are empty', async () => {
    const r = api.controller.currentReplay!;
    const at = r.consoleStop(4)!;
    const start = r.prevTaskStop(at + 1, { macrotasksOnly: true })!;
    assert.ok(start !== undefined && start < at);
    const before = r.stateAtStop(start - 1);
    assert.deepEqual(before.queues.microtask, []);
    assert.equal(before.consoleCount, 4);
    const st = await gotoAndRender(start);
    assert.match(st.explanation, /next task/);
    assert.equal(st.time, 1);
    const s = await gotoAndRender(at);
    assert.equal(s.consoleCount, 5);
    assert.deepEqual(s.webApis, []);
    assert.deepEqual(s.queues.microtask, []);
    assert.deepEqual(s.queues.macrotask, []);
    const v = api.controller.lastRendered!.view;
    assert.deepEqual(v.console, ['Script Start', 'Script End', 'Promise Resolved 1', 'Promise Resolved 2', 'Timeout Complete']);
    assert.match(v.clock, /1 ms/);
  });

  it('step forward then back returns the same state (through the panel commands)', async () => {
    const c = api.controller;
    await gotoAndRender(c.currentReplay!.consoleStop(1)!);
    const before = c.lastState!;
    const beforeView = c.lastRendered!.view;
    for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('eventLoopLens.stepThrough.forward');
    assert.ok(c.currentStop > c.currentReplay!.consoleStop(1)!);
    assert.notDeepEqual(c.lastState, before);
    for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('eventLoopLens.stepThrough.back');
    assert.deepEqual(c.lastState, before);
    await waitFor('render after back', () => c.lastRendered?.stopIndex === c.currentStop && c.lastRendered.step === before.step);
    assert.deepEqual(c.lastRendered!.view, beforeView);
  });

  it('next task / next output / restart', async () => {
    const c = api.controller;
    const r = c.currentReplay!;
    c.command('restart');
    assert.equal(c.currentStop, 0);
    c.command('nextConsole');
    assert.equal(c.currentStop, r.consoleStop(0));
    assert.equal(c.lastState!.consoleCount, 1);
    c.command('nextTask');
    assert.equal(c.currentStop, r.nextTaskStop(r.consoleStop(0)!));
    assert.match(c.lastState!.explanation, /microtask/);
    c.command('end');
    assert.equal(c.currentStop, r.lastStop);
  });

  it('the editor highlight follows the step and is revealed', async () => {
    const c = api.controller;
    const r = c.currentReplay!;
    for (const [idx, text] of [[0, 'Script Start'], [2, 'Promise Resolved 1'], [4, 'Timeout Complete']] as const) {
      const s = await gotoAndRender(r.consoleStop(idx)!);
      const range = c.currentRange()!;
      assert.ok(range, 'a highlighted range');
      assert.equal(range.start.line, s.line - 1);
      assert.ok(editor.document.lineAt(range.start.line).text.includes(text), `stop of output ${idx} highlights its console.log line`);
      const ed = vscode.window.visibleTextEditors.find((e) => e.document === editor.document)!;
      assert.ok(ed.visibleRanges.some((v) => v.contains(range.start)), 'revealed');
    }
  });

  it('play advances on its own and pause stops', async () => {
    const c = api.controller;
    c.command('restart');
    c.setSpeed(64);
    c.command('play');
    await waitFor('playback to move', () => c.currentStop > 2);
    c.command('pause');
    const at = c.currentStop;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c.currentStop, at);
    assert.equal(c.isPlaying, false);
  });

  it('editing the file re-analyses and keeps the position (nearest step)', async () => {
    const c = api.controller;
    const r = c.currentReplay!;
    await gotoAndRender(r.consoleStop(2)!);
    const step = c.currentStep;
    const version = c.lastRunMessage!.run.version;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(editor.document.lineCount, 0), "\nconsole.log('Added Line');\n");
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the re-analysis', () => c.lastRunMessage!.run.version > version && c.lastRendered?.version === c.lastRunMessage!.run.version);
    const run = c.lastRunMessage!.run;
    assert.deepEqual(run.console.map((l) => l.text), ['Script Start', 'Script End', 'Added Line', 'Promise Resolved 1', 'Promise Resolved 2', 'Timeout Complete']);
    assert.equal(c.currentStop, c.currentReplay!.nearestStop(step));
    assert.ok(Math.abs(c.currentStep - step) <= 1, `kept the step (${step} → ${c.currentStep})`);
    // Undo the edit so the buffer matches the file again.
    await vscode.commands.executeCommand('undo');
    await waitFor('re-analysis after undo', () => c.lastRunMessage!.run.console.length === 5);
  });

  it('a syntax error keeps the last good run on screen and says why', async () => {
    const c = api.controller;
    const version = c.lastRunMessage!.run.version;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(0, 0), 'let = ;\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the syntax-error status', () => /last good run/.test(c.lastStatus ?? ''));
    assert.equal(c.lastRunMessage!.run.version, version, 'the run on screen is unchanged');
    await vscode.commands.executeCommand('undo');
    await waitFor('re-analysis after undo', () => c.lastRunMessage!.run.version > version);
  });

  it('restores into a panel recreated by the serializer (the host-kept position wins over stale webview state)', async () => {
    const c = api.controller;
    const stop = c.currentReplay!.consoleStop(3)!;
    const step = c.currentReplay!.stepOfStop(stop);
    await gotoAndRender(stop);
    await new Promise((r) => setTimeout(r, 500)); // the position memento is written 250 ms after a move
    const panel = vscode.window.createWebviewPanel('eventLoopLens.stepThrough', 'restored', vscode.ViewColumn.Beside, {});
    await c.restore(panel, { uri: editor.document.uri.toString(), step: 0, speed: 8 });
    await waitFor('render after restore', () => c.lastRendered?.step === step && c.lastRendered.version === c.lastRunMessage?.run.version);
    assert.equal(c.currentStop, stop);
    assert.equal(c.lastState!.consoleCount, 4);
  });
});

describe('Step-through panel (HTML in console output)', function () {
  this.timeout(60_000);
  it('shows <img src=x onerror=alert(1)> as text', async () => {
    await openFixture('xss.js');
    await vscode.commands.executeCommand('eventLoopLens.stepThrough');
    const c = api.controller;
    await waitFor('the xss run', () => c.lastRunMessage?.run.title === 'xss.js' && c.lastRendered?.version === c.lastRunMessage.run.version);
    c.command('end');
    await waitFor('render at the end', () => c.lastRendered?.stopIndex === c.currentStop && c.lastRendered.version === c.lastRunMessage?.run.version);
    const v = c.lastRendered!.view;
    assert.deepEqual(v.console, ['<img src=x onerror=alert(1)>', '28', '<script>alert("x")</script> & <b>not bold</b>']);
    assert.ok(v.scope.some((t) => t.includes('<img src=x onerror=alert(1)>')), 'the binding preview too');
  });
});
