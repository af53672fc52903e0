// Predict the Output: the printing lines of a run in source order, and the grading of a learner's
// order with one sentence per wrong line, generated from what the trace recorded (the queue each
// output ran from, timer due times, microtask ticks, promise adoption, await of a non-promise) —
// nothing written per example. Pure TypeScript, no `vscode`.
import type { Analysis, ConsoleEvent, TaskRecord, TraceEvent } from '../types';
import { traceOf, type TraceSeq } from '../traceCodec';

export interface PredictItem {
  /** Stable key of the output (its order in the run is NOT derivable from it). */
  key: string;
  line: number;
  column: number;
  /** The source line, trimmed. */
  code: string;
  /** 1-based: the nth output of this console call (loops print from one line several times). */
  occurrence: number;
  /** How many outputs this console call made. */
  of: number;
}

export interface PredictResult {
  score: number;
  total: number;
  items: {
    key: string;
    code: string;
    line: number;
    printed: string;
    yourPosition: number;
    actualPosition: number;
    correct: boolean;
    /** One sentence, for a wrong line. */
    explanation?: string;
  }[];
  /** The keys in the order they really printed. */
  actualOrder: string[];
}

export const MAX_PREDICT_ITEMS = 30;

type Category = 'sync' | 'nextTick' | 'microtask' | 'await' | 'timer' | 'immediate' | 'task';

interface Out {
  key: string;
  ev: ConsoleEvent;
  sig: string;
  code: string;
  occurrence: number;
  of: number;
  category: Category;
  task?: TaskRecord;
  /** 1-based position of its microtask within its drain. */
  tick?: number;
  /** Ticks of every microtask of the run (job id → tick). */
  ticks: Map<number, number>;
}

function sourceLine(source: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const k = source.indexOf('\n', start);
    if (k < 0) return '';
    start = k + 1;
  }
  const end = source.indexOf('\n', start);
  const text = source.slice(start, end < 0 ? source.length : end).trim();
  return text.length > 90 ? text.slice(0, 89) + '…' : text;
}

/** The printing call itself (`console.log('A')`) when it sits on one line; else its source line. */
function callText(source: string, e: ConsoleEvent): string {
  const whole = sourceLine(source, e.line);
  if (e.endLine !== e.line || e.endColumn <= e.column) return whole;
  let start = 0;
  for (let l = 1; l < e.line; l++) {
    const k = source.indexOf('\n', start);
    if (k < 0) return whole;
    start = k + 1;
  }
  const text = source.slice(start + e.column, start + e.endColumn).trim();
  return text && text.length <= 90 ? text : whole;
}

function categoryOf(e: ConsoleEvent): Category {
  if (e.kind === 'sync') return 'sync';
  if (e.kind === 'nextTick') return 'nextTick';
  if (e.kind === 'microtask') return e.source === 'await' ? 'await' : 'microtask';
  if (e.source === 'setImmediate') return 'immediate';
  if (e.source === 'setTimeout' || e.source === 'setInterval') return 'timer';
  return 'task';
}

/** The outputs a learner orders: console lines of the run (the first MAX_PREDICT_ITEMS). */
function outputs(analysis: Analysis, source: string): Out[] {
  const events = analysis.console.slice(0, MAX_PREDICT_ITEMS);
  const perSig = new Map<string, number>();
  for (const e of events) perSig.set(`${e.line}:${e.column}`, (perSig.get(`${e.line}:${e.column}`) ?? 0) + 1);
  const seen = new Map<string, number>();
  const byId = new Map<number, TaskRecord>();
  for (const t of analysis.tasks) byId.set(t.id, t);
  // Microtask ticks: position of each microtask within the drain it ran in.
  const tickOf = new Map<number, number>();
  const started = analysis.tasks.filter((t) => t.startStep !== undefined).sort((a, b) => a.startStep! - b.startStep! || a.id - b.id);
  let tick = 0;
  for (const t of started) {
    if (t.kind === 'microtask') tickOf.set(t.id, ++tick);
    else if (t.kind !== 'nextTick') tick = 0;
  }
  return events.map((ev) => {
    const sig = `${ev.line}:${ev.column}`;
    const occurrence = (seen.get(sig) ?? 0) + 1;
    seen.set(sig, occurrence);
    return {
      key: `p${ev.line}_${ev.column}_${occurrence}`,
      ev, sig, code: callText(source, ev), occurrence, of: perSig.get(sig)!,
      category: categoryOf(ev), task: byId.get(ev.taskId), tick: tickOf.get(ev.taskId), ticks: tickOf,
    };
  });
}

/** The printing lines in source order (repeats of one line in the order they print). */
export function predictItems(analysis: Analysis, source: string): PredictItem[] {
  return outputs(analysis, source)
    .slice()
    .sort((a, b) => a.ev.line - b.ev.line || a.ev.column - b.ev.column || a.occurrence - b.occurrence)
    .map((o) => ({ key: o.key, line: o.ev.line, column: o.ev.column, code: o.code, occurrence: o.occurrence, of: o.of }));
}

const RANK: Record<Category, number> = { sync: 0, nextTick: 1, microtask: 2, await: 2, timer: 3, task: 3, immediate: 3 };

function q(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return `\`${one.length > 40 ? one.slice(0, 39) + '…' : one}\``;
}

/** Why promise chains take the ticks they take, from the trace: adoption and await-wrapping on the way to `job`. */
function chainReason(trace: TraceSeq | undefined, job: number | undefined, tickOf: Map<number, number>): string {
  if (!trace || job === undefined) return '';
  // job ← settlement of promise p (p-job); p settled inside job j (the dequeue before its p-settle); repeat.
  const pJob = new Map<number, number>();
  const settledIn = new Map<number, number>();
  const adopted = new Map<number, number>();
  let running = 0;
  let awaitsWrapped = 0;
  const wrappedIn = new Set<number>();
  for (let i = 0; i < trace.length; i++) {
    const e = trace.at(i)!;
    if (e.t === 'dequeue') running = e.id;
    else if (e.t === 'p-job') pJob.set(e.job, e.id);
    else if (e.t === 'p-settle' && !settledIn.has(e.id)) settledIn.set(e.id, running);
    else if (e.t === 'p-adopt') adopted.set(e.id, e.line);
    else if (e.t === 'p-origin' && e.origin === 'await (wrapped value)') wrappedIn.add(e.id);
  }
  const adoptLines: number[] = [];
  let j: number | undefined = job;
  for (let hops = 0; j && hops < 50; hops++) {
    const p = pJob.get(j);
    if (p === undefined) break;
    if (adopted.has(p)) adoptLines.push(adopted.get(p)!);
    if (wrappedIn.has(p)) awaitsWrapped++;
    j = settledIn.get(p);
  }
  if (adoptLines.length) return ` — on its way a promise was resolved with another promise (line ${adoptLines[0]}: returning a promise from an async function or a then handler), which costs two extra microtasks`;
  if (awaitsWrapped) return ` — each \`await\` on the way costs a microtask, even of a value that is not a promise`;
  // A chained handler is queued only when the promise before it settles, inside an earlier microtask.
  const p0 = pJob.get(job);
  const before = p0 !== undefined ? settledIn.get(p0) : undefined;
  if (before !== undefined && tickOf.has(before)) return `, because it waits for the promise before it in the chain, which settled only in tick ${tickOf.get(before)}`;
  return '';
}

function describe(o: Out): string {
  switch (o.category) {
    case 'sync': return 'synchronous';
    case 'nextTick': return 'a process.nextTick callback';
    case 'microtask': return o.ev.source === 'queueMicrotask' ? 'a queueMicrotask callback' : 'a promise reaction (microtask)';
    case 'await': return 'code after an `await` (a microtask)';
    case 'timer': return `a ${o.ev.source} callback (${o.task?.delay ?? o.ev.delay ?? 0} ms, line ${o.task?.line ?? o.ev.line})`;
    case 'immediate': return 'a setImmediate callback';
    case 'task': return `a task (${o.ev.source})`;
  }
}

/** One sentence: why `x` printed where it did rather than where the learner put it (in place of `y`). */
function explain(x: Out, y: Out, xBeforeY: boolean, analysis: Analysis): string {
  const X = q(x.ev.text), Y = q(y.ev.text);
  const rel = xBeforeY ? 'before' : 'after';
  if (RANK[x.category] !== RANK[y.category]) {
    switch (x.category) {
      case 'sync': return `${X} is synchronous: it prints while the main script is still on the call stack, before anything waiting in a queue — so it comes ${rel} ${Y}, ${describe(y)}.`;
      case 'nextTick': return `${X} is a process.nextTick callback: Node runs those as soon as the call stack empties, before promise microtasks and timers — so it comes ${rel} ${Y}, ${describe(y)}.`;
      case 'microtask':
      case 'await':
        return x.category === 'await'
          ? `${X} runs after an \`await\` resumes, which is a microtask: after all synchronous code, before any timer — even setTimeout(…, 0) — so it comes ${rel} ${Y}, ${describe(y)}.`
          : `${X} is a microtask (${x.ev.source === 'queueMicrotask' ? 'queueMicrotask' : 'a promise reaction'}): it runs when the call stack empties, before any timer — even setTimeout(…, 0) — so it comes ${rel} ${Y}, ${describe(y)}.`;
      default:
        return `${X} runs in ${describe(x)}: a task, so it waits until the script and every microtask have finished — it comes ${rel} ${Y}, ${describe(y)}.`;
    }
  }
  if (x.category === 'sync') {
    return `${X} and ${Y} are both synchronous, so they print in the order the code runs: line ${x.ev.line} runs ${rel} line ${y.ev.line}${x.ev.line > y.ev.line === xBeforeY ? ' (a function call runs its body where it is called, not where it is written)' : ''}.`;
  }
  if (RANK[x.category] === 2 || x.category === 'nextTick') {
    if (x.category === 'nextTick') return `${X} and ${Y} are both nextTick callbacks: they run in the order they were queued, so ${X} comes ${rel}.`;
    const tx = x.tick, ty = y.tick;
    const ticks = tx !== undefined && ty !== undefined ? `${X} runs in microtask tick ${tx}, ${Y} in tick ${ty}: ` : '';
    return `${ticks}microtasks run in the order they were queued, and ${X}'s job was queued ${rel === 'before' ? 'earlier' : 'later'}${chainReason(traceOf(analysis), x.task?.id, x.ticks)}.`;
  }
  // Both tasks.
  const dx = x.ev.time, dy = y.ev.time;
  if (x.category === 'timer' && y.category === 'timer') {
    if (dx !== dy) return `Timers run in order of due time: ${X} runs at ${dx} ms and ${Y} at ${dy} ms on the virtual clock, so ${X} comes ${rel}.`;
    return `${X} and ${Y} are both due at ${dx} ms: timers due at the same time run in the order they were scheduled, so ${X} comes ${rel}.`;
  }
  if (x.category === 'immediate' || y.category === 'immediate') {
    return `${X} runs in ${describe(x)} and ${Y} in ${describe(y)}: Node runs due timers, then the check phase (setImmediate), in each turn of the loop — here ${X} comes ${rel}.`;
  }
  return `${X} (${describe(x)}) and ${Y} (${describe(y)}) are both tasks: the event loop takes one per turn, in the order they became ready, so ${X} comes ${rel}.`;
}

/**
 * Grades `order` (item keys, first = printed first). A position is right when the line the learner
 * put there is the line that printed there (repeats of one line are interchangeable).
 */
export function gradePrediction(analysis: Analysis, source: string, order: string[]): PredictResult {
  const outs = outputs(analysis, source);
  const byKey = new Map(outs.map((o) => [o.key, o]));
  const actualOrder = outs.map((o) => o.key);
  // Unknown or missing keys: appended in source order, so the grade is over exactly the items.
  const given = order.filter((k, i) => byKey.has(k) && order.indexOf(k) === i);
  for (const it of predictItems(analysis, source)) if (!given.includes(it.key)) given.push(it.key);
  let score = 0;
  const items = given.map((key, pos) => {
    const x = byKey.get(key)!;
    const y = outs[pos];
    const correct = x.sig === y.sig;
    if (correct) score++;
    const actualPosition = outs.indexOf(x);
    return {
      key, code: x.code, line: x.ev.line, printed: x.ev.text, yourPosition: pos + 1, actualPosition: actualPosition + 1, correct,
      explanation: correct ? undefined : explain(x, y, actualPosition < pos, analysis),
    };
  });
  return { score, total: outs.length, items, actualOrder };
}
