// Hand-written traces for the replay tests (the shape the simulator records).
import type { Analysis, ConsoleEvent, TraceEvent } from '../../src/engine/types';

/**
 * The classic example:
 *  1 console.log('Script Start');
 *  2 setTimeout(() => {
 *  3   console.log('Timeout Complete');
 *  4 }, 0);
 *  5 Promise.resolve().then(() => {
 *  6   console.log('Promise Resolved 1');
 *  7 }).then(() => {
 *  8   console.log('Promise Resolved 2');
 *  9 });
 */
export function classicAnalysis(): Analysis {
  const st = (step: number, line: number, scope = 0, column = 0, endColumn = 30): TraceEvent => ({ t: 'step', step, line, column, endLine: line, endColumn, scope });
  const trace: TraceEvent[] = [
    { t: 'phase', step: 1, phase: 'script', time: 0 },
    { t: 'push', step: 1, name: '(script)', line: 1, column: 0 },
    { t: 'scope', step: 1, id: 0, parent: -1, label: 'global', bindings: [{ name: 'later', kind: 'let', state: 'uninitialized', preview: '' }, { name: 'v', kind: 'var', state: 'value', preview: 'undefined' }] },
    st(1, 1),
    { t: 'console', step: 1, index: 0 },
    st(2, 2),
    { t: 'webapi-add', step: 2, id: 100, api: 'setTimeout', label: 'setTimeout callback', delay: 0, due: 1, line: 2 },
    st(3, 5),
    { t: 'enqueue', step: 3, queue: 'microtask', id: 1, label: 'then callback', line: 5 },
    { t: 'bind', step: 3, scope: 0, name: 'v', preview: '42' },
    st(4, 10),
    { t: 'bind', step: 4, scope: 0, name: 'later', preview: "'set'" },
    { t: 'pop', step: 5 },
    { t: 'phase', step: 5, phase: 'microtasks', time: 0 },
    { t: 'dequeue', step: 6, queue: 'microtask', id: 1 },
    { t: 'push', step: 6, name: 'then callback', line: 5, column: 24 },
    { t: 'scope', step: 6, id: 1, parent: 0, label: 'function (line 5)', bindings: [] },
    st(6, 6, 1, 2),
    { t: 'console', step: 6, index: 1 },
    { t: 'pop', step: 7 },
    { t: 'enqueue', step: 7, queue: 'microtask', id: 2, label: 'then callback', line: 7 },
    { t: 'dequeue', step: 8, queue: 'microtask', id: 2 },
    { t: 'push', step: 8, name: 'then callback', line: 7, column: 8 },
    { t: 'scope', step: 8, id: 2, parent: 0, label: 'function (line 7)', bindings: [] },
    st(8, 8, 2, 2),
    { t: 'console', step: 8, index: 2 },
    { t: 'pop', step: 9 },
    { t: 'phase', step: 10, phase: 'idle', time: 0 },
    { t: 'phase', step: 11, phase: 'timers', time: 1 },
    { t: 'webapi-remove', step: 11, id: 100 },
    { t: 'enqueue', step: 11, queue: 'macrotask', id: 3, label: 'setTimeout callback', line: 2 },
    { t: 'dequeue', step: 12, queue: 'macrotask', id: 3 },
    { t: 'push', step: 12, name: 'setTimeout callback', line: 2, column: 11 },
    { t: 'scope', step: 12, id: 3, parent: 0, label: 'function (line 2)', bindings: [] },
    st(12, 3, 3, 2),
    { t: 'console', step: 12, index: 3 },
    { t: 'pop', step: 13 },
    { t: 'phase', step: 13, phase: 'done', time: 1 },
  ];
  const c = (order: number, text: string, kind: ConsoleEvent['kind'], source: ConsoleEvent['source'], line: number, step: number, time: number): ConsoleEvent =>
    ({ order, text, kind, source, line, column: 2, endLine: line, endColumn: 30, stream: 'stdout', method: 'log', step, time, taskId: 0 });
  return {
    fileName: 'classic.js', runtime: 'node', moduleKind: 'commonjs',
    console: [
      c(1, 'Script Start', 'sync', 'script', 1, 1, 0),
      c(2, 'Promise Resolved 1', 'microtask', 'promise', 6, 6, 0),
      c(3, 'Promise Resolved 2', 'microtask', 'promise', 8, 8, 0),
      c(4, 'Timeout Complete', 'macrotask', 'setTimeout', 3, 12, 1),
    ],
    tasks: [], diagnostics: [], steps: 13, virtualTime: 1, exitCode: 0, trace, millis: 1,
  };
}

/** A long synthetic run: `n` steps, a loop of calls, timers and microtasks. */
export function longAnalysis(n: number): Analysis {
  const trace: TraceEvent[] = [];
  trace.push({ t: 'phase', step: 1, phase: 'script', time: 0 });
  trace.push({ t: 'scope', step: 1, id: 0, parent: -1, label: 'global', bindings: [{ name: 'i', kind: 'let', state: 'uninitialized', preview: '' }] });
  trace.push({ t: 'push', step: 1, name: '(script)', line: 1, column: 0 });
  let scopeId = 1;
  const consoleEvents: Analysis['console'] = [];
  for (let s = 1; s <= n; s++) {
    trace.push({ t: 'step', step: s, line: 1 + (s % 50), column: 0, endLine: 1 + (s % 50), endColumn: 10, scope: s % 7 === 0 ? scopeId - 1 : 0 });
    trace.push({ t: 'bind', step: s, scope: 0, name: 'i', preview: String(s) });
    if (s % 7 === 0) { trace.push({ t: 'push', step: s, name: 'f', line: 3, column: 0 }); trace.push({ t: 'scope', step: s, id: scopeId++, parent: 0, label: 'function f', bindings: [{ name: 'x', kind: 'param', state: 'value', preview: String(s) }] }); }
    if (s % 7 === 1 && s > 1) trace.push({ t: 'pop', step: s });
    if (s % 100 === 0) trace.push({ t: 'enqueue', step: s, queue: 'microtask', id: s, label: 'then callback', line: 4 });
    if (s % 100 === 50 && s > 100) trace.push({ t: 'dequeue', step: s, queue: 'microtask', id: s - 150 });
    if (s % 1000 === 0) { trace.push({ t: 'console', step: s, index: consoleEvents.length }); consoleEvents.push({ order: consoleEvents.length + 1, text: `tick ${s}`, kind: 'sync', source: 'script', line: 5, column: 0, endLine: 5, endColumn: 10, stream: 'stdout', method: 'log', step: s, time: 0, taskId: 0 }); }
  }
  return { fileName: 'long.js', runtime: 'node', moduleKind: 'commonjs', console: consoleEvents, tasks: [], diagnostics: [], steps: n, virtualTime: 0, exitCode: 0, trace, millis: 1 };
}
