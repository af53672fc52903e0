// Pure formatting of the inline hints, the execution log and the status summary (no VS Code needed).
import { strict as assert } from 'assert';
import type { Analysis, ConsoleEvent, TaskRecord } from '../../src/engine/types';
import { buildHints, circled, formatExecutionLog, formatHintText, summaryText, truncate } from '../../src/extension/hints';

function ev(order: number, line: number, kind: ConsoleEvent['kind'], source: ConsoleEvent['source'], text: string, extra: Partial<ConsoleEvent> = {}): ConsoleEvent {
  return { order, line, column: 0, endLine: line, endColumn: 10, kind, source, text, stream: 'stdout', method: 'log', step: order * 10, time: 0, taskId: 0, ...extra };
}

function task(id: number, kind: TaskRecord['kind'], source: TaskRecord['source'], line: number, startStep: number | undefined, extra: Partial<TaskRecord> = {}): TaskRecord {
  return { id, kind, source, line, column: 0, label: `${source} callback`, enqueueStep: 0, enqueueTime: 0, startStep, endStep: startStep === undefined ? undefined : startStep + 5, ...extra };
}

function analysis(partial: Partial<Analysis>): Analysis {
  return { fileName: 'a.js', runtime: 'node', moduleKind: 'commonjs', console: [], tasks: [], diagnostics: [], steps: 100, virtualTime: 0, exitCode: 0, millis: 1, ...partial };
}

// The classic: Script Start / Script End / Promise Resolved 1 / Promise Resolved 2 / Timeout Complete
const classic = analysis({
  console: [
    ev(1, 1, 'sync', 'script', 'Script Start'),
    ev(2, 9, 'sync', 'script', 'Script End'),
    ev(3, 6, 'microtask', 'promise', 'Promise Resolved 1', { taskId: 2 }),
    ev(4, 7, 'microtask', 'promise', 'Promise Resolved 2', { taskId: 3 }),
    ev(5, 3, 'macrotask', 'setTimeout', 'Timeout Complete', { taskId: 1, delay: 0 }),
  ],
  tasks: [
    task(1, 'macrotask', 'setTimeout', 2, 60, { delay: 0, callbackLine: 3 }),
    task(2, 'microtask', 'promise', 6, 30, { callbackLine: 6 }),
    task(3, 'microtask', 'promise', 7, 40, { callbackLine: 7 }),
  ],
  virtualTime: 1,
});

describe('extension hints (formatting)', () => {
  it('circles order numbers up to 50, then parenthesises', () => {
    assert.equal(circled(1), '①');
    assert.equal(circled(20), '⑳');
    assert.equal(circled(21), '㉑');
    assert.equal(circled(35), '㉟');
    assert.equal(circled(36), '㊱');
    assert.equal(circled(50), '㊿');
    assert.equal(circled(51), '(51)');
  });

  it('truncates to one line with an ellipsis', () => {
    assert.equal(truncate('abc', 5), 'abc');
    assert.equal(truncate('abcdefgh', 5), 'abcd…');
    assert.equal(truncate('a\nb', 10), 'a ⏎ b');
  });

  it('formats the classic example line by line', () => {
    const hints = buildHints(classic, 'console', { maxTextLength: 40 });
    assert.deepEqual(hints.map((h) => [h.line, h.kind, h.text]), [
      [1, 'sync', '① sync  "Script Start"'],
      [3, 'macrotask', '⑤ macrotask · setTimeout 0 ms  "Timeout Complete"'],
      [6, 'microtask', '③ microtask  "Promise Resolved 1"'],
      [7, 'microtask', '④ microtask  "Promise Resolved 2"'],
      [9, 'sync', '② sync  "Script End"'],
    ]);
  });

  it('shows the first orders and a count for a line that ran many times', () => {
    const runs = Array.from({ length: 12 }, (_, i) => ev(2 + i * 3, 4, 'macrotask', 'setInterval', `tick ${i}`, { delay: 10, time: 10 * (i + 1) }));
    const [h] = buildHints(analysis({ console: runs }), 'console', { maxTextLength: 40 });
    assert.equal(h.text, '② ⑤ ⑧ … ×12 macrotask · setInterval 10 ms  "tick 0" …');
    assert.match(h.hover, /line 4 printed 12 times/);
    assert.equal(h.hover.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| #')).length, 12);
    assert.match(h.hover, /\| ⑤ \| macrotask · setInterval 10 ms \| .* \| 20 ms \| tick 1 \|/);
  });

  it('hover lists order, kind, task, virtual time and output', () => {
    const h = buildHints(classic, 'console').find((x) => x.line === 3)!;
    assert.match(h.hover, /\| ⑤ \| macrotask · setTimeout 0 ms \| setTimeout callback · #1 \| 0 ms \| Timeout Complete \|/);
  });

  it('truncates the printed text per setting', () => {
    const [h] = buildHints(analysis({ console: [ev(1, 1, 'sync', 'script', 'x'.repeat(100))] }), 'console', { maxTextLength: 10 });
    assert.equal(h.text, `① sync  "${'x'.repeat(9)}…"`);
    assert.equal(formatHintText([]), '');
  });

  it('callbacks mode numbers tasks in the order they started, at the callback line', () => {
    const hints = buildHints(classic, 'callbacks');
    assert.deepEqual(hints.map((h) => [h.line, h.text]), [
      [3, '③ macrotask · setTimeout 0 ms'],
      [6, '① microtask · promise'],
      [7, '② microtask · promise'],
    ]);
  });

  it('statements mode uses the trace and falls back to console output without one', () => {
    const withTrace = analysis({
      ...classic,
      trace: [
        { t: 'step', step: 1, line: 1, column: 0, endLine: 1, endColumn: 5, scope: 0 },
        { t: 'step', step: 31, line: 6, column: 0, endLine: 6, endColumn: 5, scope: 0 },
        { t: 'step', step: 32, line: 6, column: 0, endLine: 6, endColumn: 5, scope: 0 },
        { t: 'phase', step: 59, phase: 'timers', time: 1 },
        { t: 'step', step: 61, line: 3, column: 0, endLine: 3, endColumn: 5, scope: 0 },
      ],
    });
    const hints = buildHints(withTrace, 'statements');
    assert.deepEqual(hints.map((h) => [h.line, h.text]), [
      [1, '① sync'],
      [3, '④ macrotask · setTimeout 0 ms'],
      [6, '② microtask · 2 steps'],
    ]);
    assert.equal(buildHints(classic, 'statements').length, 5);
  });

  it('summarises runs and stops for the status bar', () => {
    assert.equal(summaryText(classic), '1 task · 2 microtasks · 1 ms');
    const stopped = analysis({ stoppedBy: 'step-budget', diagnostics: [{ code: 'step-budget', severity: 'error', message: 'x', line: 7, column: 0, endLine: 7, endColumn: 3 }] });
    assert.equal(summaryText(stopped), 'stopped: step budget at line 7');
  });

  it('writes the execution log in execution order with kinds', () => {
    const log = formatExecutionLog(classic, 'classic.js');
    const lines = log.split('\n').filter((l) => /^\s+\d+ /.test(l));
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^\s+1 {2}sync\s+line 1\s+t=0 ms {2}Script Start$/);
    assert.match(lines[4], /^\s+5 {2}macrotask · setTimeout 0 ms\s+line 3 .*Timeout Complete$/);
  });

  it('never throws on odd input', () => {
    const odd = analysis({ console: [ev(1, 0, 'sync', 'script', ''), ev(2, Number.NaN, 'sync', 'script', 'x')] });
    assert.deepEqual(buildHints(odd, 'console'), []);
  });
});
