// Pure formatting of inline hints from an Analysis (no `vscode` import: unit-tested directly).
// It only reads what the engine recorded; it knows nothing about JavaScript semantics.
import type { Analysis, ConsoleEvent, RunKind, TaskRecord, TraceEvent } from '../engine/types';
import { traceOf, type TraceSeq } from '../engine/traceCodec';

export type HintMode = 'console' | 'callbacks' | 'statements';

/** One run shown in a hint's hover. */
export interface HintRun {
  order: number;
  kind: RunKind;
  /** e.g. "setTimeout 0 ms", "promise", "" for sync. */
  detail: string;
  /** The kind as the hint words it when not the kind's own name: "animation frame", "task" (browser). */
  word?: string;
  task: string;
  time: number;
  output?: string;
  stream?: 'stdout' | 'stderr';
}

export interface LineHint {
  /** 1-based line the hint is shown after. */
  line: number;
  /** Kind used for the colour (first run's kind). */
  kind: RunKind;
  /** The after-text, e.g. `① sync  "Script Start"`. */
  text: string;
  /** Markdown listing every run of the line. */
  hover: string;
  runs: HintRun[];
}

export interface HintOptions {
  maxTextLength?: number;
  /** How many orders before `… ×N` (default 3). */
  maxOrders?: number;
  /** How many runs the hover lists (default 50). */
  maxHoverRows?: number;
  /** false: leave `hover` empty (the caller formats it with formatHintHover when it is needed). */
  hover?: boolean;
}

const CIRCLED_1_20 = 0x2460; // ①..⑳
const CIRCLED_21_35 = 0x3251; // ㉑..㉟
const CIRCLED_36_50 = 0x32b1; // ㊱..㊿

/** ① … ㊿, then (51), (52), … */
export function circled(n: number): string {
  if (!Number.isInteger(n) || n < 1) return `(${n})`;
  if (n <= 20) return String.fromCodePoint(CIRCLED_1_20 + n - 1);
  if (n <= 35) return String.fromCodePoint(CIRCLED_21_35 + n - 21);
  if (n <= 50) return String.fromCodePoint(CIRCLED_36_50 + n - 36);
  return `(${n})`;
}

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\r?\n/g, ' ⏎ ').replace(/\t/g, ' ');
  const chars = Array.from(oneLine);
  if (chars.length <= max) return oneLine;
  return chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

export function kindLabel(kind: RunKind | TaskRecord['kind']): RunKind {
  return kind === 'script' ? 'sync' : kind;
}

/** Browser task sources worded "task" (the HTML spec's word) rather than "macrotask". */
const BROWSER_TASK_SOURCES = new Set(['event', 'postMessage', 'requestIdleCallback']);

/** How a hint words a run's kind: "animation frame", "task" for the browser's events and messages. */
export function kindWord(kind: RunKind, source: string): string | undefined {
  if (kind === 'animationFrame') return 'animation frame';
  if (kind === 'macrotask' && BROWSER_TASK_SOURCES.has(source)) return 'task';
  return undefined;
}

/** `setTimeout 0 ms`, `setInterval 10 ms`, `setImmediate`, … — what started a macrotask. */
export function sourceDetail(kind: RunKind, source: string, delay: number | undefined, detail?: string): string {
  // Browser profile: the engine names the frame, the event, the observer (`frame 1 (16.7 ms)`, `click #buy`).
  if (detail) return detail;
  if (kind !== 'macrotask') return '';
  if ((source === 'setTimeout' || source === 'setInterval') && delay !== undefined) return `${source} ${delay} ms`;
  if (source === 'script') return '';
  return source;
}

function kindWithDetail(run: { kind: RunKind; detail: string; word?: string }): string {
  const kind = run.word ?? run.kind;
  return run.detail ? `${kind} · ${run.detail}` : kind;
}

function taskName(t: TaskRecord | undefined, kind: RunKind): string {
  if (!t) return kind === 'sync' ? 'main script' : `${kind}`;
  if (t.kind === 'script') return 'main script';
  const label = t.label || `${t.source} (queued at line ${t.line})`;
  return `${label} · #${t.id}`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Formats the after-text from the runs of one line. */
export function formatHintText(runs: HintRun[], opts: HintOptions = {}): string {
  const maxOrders = opts.maxOrders ?? 3;
  const maxText = opts.maxTextLength ?? 40;
  if (runs.length === 0) return '';
  const orders = runs.slice(0, maxOrders).map((r) => circled(r.order)).join(' ');
  const more = runs.length > maxOrders ? ` … ×${runs.length}` : '';
  const kinds = [...new Set(runs.map(kindWithDetail))];
  const kindText = kinds.length === 1 ? kinds[0] : [...new Set(runs.map((r) => r.kind))].join('/');
  let text = '';
  const outputs = runs.filter((r) => r.output !== undefined).map((r) => r.output as string);
  if (outputs.length > 0 && maxText > 0) {
    const same = outputs.every((o) => o === outputs[0]);
    text = `  "${truncate(outputs[0], maxText)}"${same ? '' : ' …'}`;
  }
  return `${orders}${more} ${kindText}${text}`;
}

/** Markdown for the hover of a hint: every run of the line. */
export function formatHintHover(line: number, runs: HintRun[], mode: HintMode, opts: HintOptions = {}): string {
  const maxRows = opts.maxHoverRows ?? 50;
  const what = mode === 'console' ? 'printed' : mode === 'callbacks' ? 'started a callback' : 'ran';
  const times = runs.length === 1 ? 'once' : `${runs.length} times`;
  const rows = runs.slice(0, maxRows).map((r) => {
    const out = r.output === undefined ? '' : escapeMd(truncate(r.output, 120)) + (r.stream === 'stderr' ? ' *(stderr)*' : '');
    return `| ${circled(r.order)} | ${escapeMd(kindWithDetail(r))} | ${escapeMd(r.task)} | ${r.time} ms | ${out} |`;
  });
  const head = [
    `**Event Loop Lens** — line ${line} ${what} ${times}`,
    '',
    `| # | kind | task | virtual time | ${mode === 'console' ? 'output' : ''} |`,
    '|---|---|---|---|---|',
  ];
  const tail = runs.length > maxRows ? ['', `… and ${runs.length - maxRows} more`] : [];
  return [...head, ...rows, ...tail].join('\n');
}

function groupByLine(runs: { line: number; run: HintRun }[]): Map<number, HintRun[]> {
  const byLine = new Map<number, HintRun[]>();
  for (const { line, run } of runs) {
    if (!Number.isFinite(line) || line < 1) continue;
    let list = byLine.get(line);
    if (!list) byLine.set(line, (list = []));
    list.push(run);
  }
  return byLine;
}

function consoleRuns(analysis: Analysis): { line: number; run: HintRun }[] {
  const tasks = new Map(analysis.tasks.map((t) => [t.id, t]));
  return [...analysis.console]
    .sort((a, b) => a.order - b.order)
    .map((e: ConsoleEvent) => {
      const t = tasks.get(e.taskId);
      const delay = e.delay ?? t?.delay;
      return {
        line: e.line,
        run: {
          order: e.order,
          kind: e.kind,
          detail: sourceDetail(e.kind, e.source, delay, e.detail ?? t?.detail),
          word: kindWord(e.kind, e.source),
          task: taskName(t, e.kind),
          time: e.time,
          output: e.text,
          stream: e.stream,
        },
      };
    });
}

/** Tasks that ran, in the order they started, numbered from 1. */
function startedTasks(analysis: Analysis): { task: TaskRecord; order: number }[] {
  return analysis.tasks
    .filter((t) => t.startStep !== undefined)
    .sort((a, b) => (a.startStep! - b.startStep!) || (a.id - b.id))
    .map((task, i) => ({ task, order: i + 1 }));
}

function callbackRuns(analysis: Analysis): { line: number; run: HintRun }[] {
  return startedTasks(analysis).map(({ task, order }) => {
    const kind = kindLabel(task.kind);
    return {
      line: task.callbackLine ?? task.line,
      run: {
        order,
        kind,
        detail: sourceDetail(kind, task.source, task.delay, task.detail) || (kind === 'sync' ? '' : task.source),
        word: kindWord(kind, task.source),
        task: taskName(task, kind),
        time: task.startTime ?? task.enqueueTime,
      },
    };
  });
}

function statementRuns(analysis: Analysis, trace: TraceSeq): { line: number; run: HintRun }[] {
  let started = startedTasks(analysis);
  // The main script is run ① when the engine does not list it as a task.
  if (!started.some(({ task }) => task.kind === 'script')) {
    const script: TaskRecord = { id: 0, kind: 'script', source: 'script', line: 1, column: 0, label: 'main script', enqueueStep: 0, enqueueTime: 0, startStep: 0 };
    started = [{ task: script, order: 1 }, ...started.map(({ task, order }) => ({ task, order: order + 1 }))];
  }
  const ranges = started
    .filter(({ task }) => task.startStep !== undefined && task.kind !== 'script')
    .map(({ task, order }) => ({ task, order, from: task.startStep!, to: task.endStep ?? Number.MAX_SAFE_INTEGER }));
  const script = started.find(({ task }) => task.kind === 'script');
  let time = 0;
  const out: { line: number; run: HintRun }[] = [];
  let r = 0;
  for (let i = 0; i < trace.length; i++) {
    const ev = trace.at(i)!;
    if (ev.t === 'phase') time = ev.time;
    if (ev.t !== 'step') continue;
    // Ranges are disjoint and sorted by start; steps come in order.
    while (r < ranges.length && ranges[r].to < ev.step) r++;
    const hit = r < ranges.length && ranges[r].from <= ev.step && ev.step <= ranges[r].to ? ranges[r] : undefined;
    const task = hit?.task ?? script?.task;
    const kind = task ? kindLabel(task.kind) : 'sync';
    out.push({
      line: ev.line,
      run: {
        order: hit?.order ?? script?.order ?? 1,
        kind,
        detail: task ? sourceDetail(kind, task.source, task.delay, task.detail) : '',
        word: task ? kindWord(kind, task.source) : undefined,
        task: taskName(task, kind),
        time,
      },
    });
  }
  return out;
}

/** The hints for an analysis under a mode. */
export function buildHints(analysis: Analysis, mode: HintMode, opts: HintOptions = {}): LineHint[] {
  let runs: { line: number; run: HintRun }[];
  if (mode === 'callbacks') runs = callbackRuns(analysis);
  else if (mode === 'statements' && (traceOf(analysis)?.length ?? 0) > 0) runs = statementRuns(analysis, traceOf(analysis)!);
  else runs = consoleRuns(analysis);
  if (mode === 'statements' && runs.length > 0) {
    // One entry per distinct run of a line: task order, with the number of steps in the count.
    const byLine = groupByLine(runs);
    const hints: LineHint[] = [];
    for (const [line, list] of byLine) {
      const distinct: HintRun[] = [];
      for (const run of list) if (!distinct.some((d) => d.order === run.order)) distinct.push(run);
      const text = formatHintText(distinct, opts) + (list.length > 1 ? ` · ${list.length} steps` : '');
      hints.push({ line, kind: distinct[0].kind, text, hover: opts.hover === false ? '' : formatHintHover(line, distinct, mode, opts), runs: distinct });
    }
    return hints.sort((a, b) => a.line - b.line);
  }
  const byLine = groupByLine(runs);
  return [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, list]) => ({
      line,
      kind: list[0].kind,
      text: formatHintText(list, opts),
      hover: opts.hover === false ? '' : formatHintHover(line, list, mode, opts),
      runs: list,
    }));
}

/** One line per console event, in execution order (the execution log). */
export function formatExecutionLog(analysis: Analysis, title: string): string {
  const tasks = new Map(analysis.tasks.map((t) => [t.id, t]));
  const lines: string[] = [];
  lines.push(`Event Loop Lens — ${title} (${analysis.runtime}, ${analysis.moduleKind}; simulated, not executed)`);
  lines.push('');
  for (const e of [...analysis.console].sort((a, b) => a.order - b.order)) {
    const t = tasks.get(e.taskId);
    const detail = sourceDetail(e.kind, e.source, e.delay ?? t?.delay, e.detail ?? t?.detail);
    const word = kindWord(e.kind, e.source) ?? e.kind;
    const kind = detail ? `${word} · ${detail}` : word;
    const stream = e.stream === 'stderr' ? ' [stderr]' : '';
    const text = e.text.replace(/\n/g, '\n' + ' '.repeat(8));
    lines.push(`${String(e.order).padStart(4)}  ${kind.padEnd(28)} line ${String(e.line).padEnd(5)} t=${e.time} ms${stream}  ${text}`);
  }
  if (analysis.console.length === 0) lines.push('(no console output)');
  lines.push('');
  lines.push(summaryText(analysis));
  for (const d of analysis.diagnostics) lines.push(`${d.severity}: line ${d.line}: ${d.message} [${d.code}]`);
  return lines.join('\n') + '\n';
}

/** Counts used by the status bar and the log. */
export function runCounts(analysis: Analysis): { tasks: number; microtasks: number; nextTicks: number } {
  let tasks = 0;
  let microtasks = 0;
  let nextTicks = 0;
  for (const t of analysis.tasks) {
    if (t.startStep === undefined) continue;
    if (t.kind === 'macrotask') tasks++;
    else if (t.kind === 'microtask') microtasks++;
    else if (t.kind === 'nextTick') nextTicks++;
  }
  return { tasks, microtasks, nextTicks };
}

const STOP_TEXT: Record<NonNullable<Analysis['stoppedBy']>, string> = {
  'step-budget': 'step budget',
  'time-budget': 'time budget',
  'memory-budget': 'memory budget',
  'uncaught-error': 'uncaught error',
  'unhandled-rejection': 'unhandled rejection',
  'syntax-error': 'syntax error',
  'microtask-starvation': 'microtask starvation',
};

/** Short status text: "3 tasks · 4 microtasks · 10 ms" or "stopped: step budget at line 7". */
export function summaryText(analysis: Analysis): string {
  if (analysis.stoppedBy) {
    const d = analysis.diagnostics.find((x) => x.code === analysis.stoppedBy) ??
      analysis.diagnostics.find((x) => x.severity === 'error');
    return `stopped: ${STOP_TEXT[analysis.stoppedBy] ?? analysis.stoppedBy}${d ? ` at line ${d.line}` : ''}`;
  }
  const c = runCounts(analysis);
  const parts = [`${c.tasks} task${c.tasks === 1 ? '' : 's'}`, `${c.microtasks} microtask${c.microtasks === 1 ? '' : 's'}`];
  if (c.nextTicks) parts.push(`${c.nextTicks} nextTick${c.nextTicks === 1 ? '' : 's'}`);
  parts.push(`${analysis.virtualTime} ms`);
  return parts.join(' · ');
}
