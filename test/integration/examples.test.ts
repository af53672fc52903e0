// The classic examples in examples/: exact hints (line → order/kind/text) and diagnostics (code, range).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, getApi, hintTexts, lensDiagnostics, openFile, ROOT } from './helpers';

const EX = path.join(ROOT, 'examples');
const has = (f: string) => fs.existsSync(path.join(EX, f));

function diagSummary(uri: vscode.Uri): string[] {
  return lensDiagnostics(uri).map((d) => {
    const r = d.range;
    const rel = (d.relatedInformation ?? []).map((x) => ` → ${x.location.range.start.line + 1}`).join('');
    return `${codeOf(d)} ${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}${rel}`;
  });
}

describe('examples/ in the editor', function () {
  this.timeout(120_000);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('event-loop.js: Script Start, Script End, Promise Resolved 1, 2, Timeout Complete', async function () {
    if (!has('event-loop.js')) this.skip();
    const { doc } = await openFile(path.join(EX, 'event-loop.js'));
    assert.deepEqual(await hintTexts(doc.uri), {
      2: '① sync  "Script Start"',
      5: '⑤ macrotask · setTimeout 0 ms  "Timeout Complete"',
      10: '③ microtask  "Promise Resolved 1"',
      13: '④ microtask  "Promise Resolved 2"',
      16: '② sync  "Script End"',
    });
    assert.deepEqual(diagSummary(doc.uri), []);
  });

  it('tutorial-1-4-3-2.js', async function () {
    if (!has('tutorial-1-4-3-2.js')) this.skip();
    const { doc } = await openFile(path.join(EX, 'tutorial-1-4-3-2.js'));
    assert.deepEqual(await hintTexts(doc.uri), {
      2: '① sync  "1"',
      3: '④ macrotask · setTimeout 0 ms  "2"',
      4: '③ microtask  "3"',
      5: '② sync  "4"',
    });
  });

  it('sync-micro-macro.js: nextTick, then microtasks, then the timer (text truncated at 40)', async function () {
    if (!has('sync-micro-macro.js')) this.skip();
    const { doc } = await openFile(path.join(EX, 'sync-micro-macro.js'));
    assert.deepEqual(await hintTexts(doc.uri), {
      2: '① sync  "1: sync"',
      4: '⑥ macrotask · setTimeout 0 ms  "4: macrotask (setTimeout)"',
      6: '④ microtask  "3: microtask (queueMicrotask)"',
      8: '⑤ microtask  "3b: microtask (promise)"',
      10: '③ nextTick  "2: nextTick (before promise jobs in Nod…"',
      12: '② sync  "1b: sync, still"',
    });
  });

  it('hoisting.js: var read while undefined, TDZ read, call before assignment — each pointing at its declaration', async function () {
    if (!has('hoisting.js')) this.skip();
    const { doc } = await openFile(path.join(EX, 'hoisting.js'));
    assert.deepEqual(diagSummary(doc.uri), [
      'var-undefined-read 4:12-4:17 → 21',
      'tdz-read 7:14-7:19 → 22',
      'call-before-assignment 13:2-13:7 → 23',
    ]);
    assert.deepEqual(await hintTexts(doc.uri), {
      3: '① sync  "hello world"',
      4: '② sync  "undefined"',
      9: '③ sync  "ReferenceError: Cannot access \'total\' b…"',
      15: '④ sync  "TypeError: shout is not a function"',
      26: '⑤ sync  "1 10 DONE"',
    });
  });

  it('var-vs-let-loop.js: 3, 3, 3 vs 0, 1, 2 and the loop-closure diagnostic', async function () {
    if (!has('var-vs-let-loop.js')) this.skip();
    const { doc } = await openFile(path.join(EX, 'var-vs-let-loop.js'));
    assert.deepEqual(await hintTexts(doc.uri), {
      4: '① ② ③ macrotask · setTimeout 0 ms  "var i = 3"',
      8: '④ ⑤ ⑥ macrotask · setTimeout 0 ms  "let j = 0" …',
    });
    assert.deepEqual(diagSummary(doc.uri), ['loop-closure-var 4:42-4:43 → 3']);
  });

  it('microtask-starvation.js: the starvation diagnostic names the timer that never ran', async function () {
    if (!has('microtask-starvation.js')) this.skip();
    const api = await getApi();
    const { doc, result } = await openFile(path.join(EX, 'microtask-starvation.js'));
    assert.deepEqual(await hintTexts(doc.uri), { 11: '① sync  "scheduled"' });
    const starve = lensDiagnostics(doc.uri).find((d) => codeOf(d) === 'microtask-starvation');
    assert.ok(starve, JSON.stringify(diagSummary(doc.uri)));
    assert.match(starve.message, /never ran/);
    assert.ok(result.analysis.stoppedBy);
    assert.match(api.statusText(), /stopped: /);
  });

  it('xss.js: printed markup stays text in hints and hovers', async function () {
    if (!has('xss.js')) this.skip();
    const api = await getApi();
    const { doc } = await openFile(path.join(EX, 'xss.js'));
    assert.deepEqual(await hintTexts(doc.uri), {
      2: '① sync  "<img src=x onerror=alert(1)>"',
      3: '② macrotask · setTimeout 0 ms  "<script>alert("xss")</script>"',
    });
    const hover = api.getHints(doc.uri).find((h) => h.line === 2)!.hover;
    assert.ok(!/(^|[^\\])</.test(hover), 'every < is escaped in the hover markdown');
    assert.match(hover, /\\<img src=x onerror=alert\(1\)\\>/);
  });
});
