// The HTML event loop of the browser profile, on the virtual clock, following the ground-truth
// tool's model (../shared/tools/browser-truth): tasks (timers, posted messages, events) run FIFO by
// the time they became runnable; *stops* come between them: fetch answers, user clicks, and
// rendering opportunities at k × frameInterval ms (k = 1, 2, ...) when something wants a frame.
//
// Invariant: at a stop at time T, every task runnable at or before T has already run. A stop runs,
// in this order: the fetch answers due (each a task, in call order), the user clicks due (each a
// task whose listeners are each followed by a microtask checkpoint), then at a frame boundary the
// animation-frame callbacks requested before the frame began (each followed by a checkpoint), the
// "update the rendering" step, and the idle callbacks requested before the idle period began (each
// its own task). Tasks queued during a stop run after it, at the same time. Guest callbacks are only
// ever called through rt.call (the membrane's rule); HostSignals pass every catch untouched.
import type { Interpreter } from '../runtime';
import type { EventLoop, Job, Timer } from '../eventloop';
import type { RunSource, QueueName } from '../../types';
import { HostSignal } from '../values';

export interface Stop {
  at: number;
  seq: number;
  run: () => void;
}

interface FrameCallback {
  id: number;
  callback: any;
  job: Job;
  cancelled: boolean;
}

interface IdleCallback {
  id: number;
  callback: any;
  node: any;
  webId: number;
  cancelled: boolean;
}

export interface BrowserLoopOptions {
  frameInterval: number;
  maxFrames: number;
  /** Virtual ms the page runs (the tool's --budget): what is due later never runs. */
  budget: number;
  onBudget: (time: number) => void;
  /** The loop stopped an endless animation at the frame limit. */
  onFrameLimit: (frames: number, time: number) => void;
}

export class BrowserLoop {
  private rafId = 0;
  private rafs: FrameCallback[] = [];
  /** The frame's callbacks while it runs (cancelAnimationFrame can still cancel them). */
  private frameBatch: FrameCallback[] = [];
  private idleId = 0;
  private idles: IdleCallback[] = [];
  /** The last frame boundary a stop was made at. */
  private lastBoundary = 0;
  /** Frames that ran animation-frame callbacks (the tool's --frames counts these). */
  framesRun = 0;
  /** Fetch answers and user clicks: stops at a time, in order. */
  private fetchStops: Stop[] = [];
  private clickStops: Stop[] = [];
  private stopSeq = 0;
  /** Tasks that must run inside the current stop (a response body read while its answer is delivered). */
  private inStop: (() => void)[] | null = null;
  /**
   * Chromium's virtual clock treats a localStorage write as taking 10 ms: when the clock next moves,
   * it jumps at least here, and timers that fell due in between run late (browser-truth README).
   */
  clockFloor = 0;
  /** The DOM changed since the last rendering step: render at the next boundary. */
  domDirty = false;
  /** DOMContentLoaded and load, dispatched after the script (dom.ts sets it). */
  onLoaded: (() => void) | null = null;

  constructor(
    private readonly rt: Interpreter,
    private readonly loop: EventLoop,
    private readonly opts: BrowserLoopOptions,
  ) {
    loop.browser = this;
  }

  boundary(k: number): number {
    // Whole microseconds, as the tool's clock: 16.667, 33.333, 50, ...
    return Math.round(k * this.opts.frameInterval * 1000) / 1000;
  }

  private nextBoundaryIndex(): number {
    const clock = this.loop.clock;
    let k = Math.max(this.lastBoundary + 1, Math.floor(clock / this.opts.frameInterval));
    while (this.boundary(k) < clock - 1e-9) k++;
    return k;
  }

  private wantsBoundary(): boolean {
    return this.domDirty || this.rafs.some((r) => !r.cancelled) || this.idles.some((r) => !r.cancelled);
  }

  // ---- jobs ------------------------------------------------------------------------------------

  job(run: () => void, kind: Job['kind'], source: RunSource, queue: QueueName, label: string, node: any, callback?: any, detail?: string): Job {
    const c = callback ? this.rt.closureOf(callback) : undefined;
    const job = this.loop.makeJob(run, kind, source, queue, label, node, c ? c.template.line : undefined, undefined, c ? c.template.node : node);
    if (detail !== undefined) this.setDetail(job, detail);
    return job;
  }

  setDetail(job: Job, detail: string): void {
    job.detail = detail;
    if (job.record) job.record.detail = detail;
  }

  /** Work queued for when the running task ends (BroadcastChannel deliveries). */
  private endOfTask: (() => void)[] = [];
  afterTask(fn: () => void): void {
    this.endOfTask.push(fn);
  }
  /**
   * BroadcastChannel messages come back through the browser process: posted during the script
   * they are queued when it ends (the channel's connection is still being set up); later, they run
   * right after the posting task, before the tasks it queued (measured with the tool).
   */
  private flushEndOfTask(): void {
    while (this.endOfTask.length > 0) this.endOfTask.shift()!();
  }
  /** The script has ended: from now on end-of-task work runs as tasks at once (see flushEndOfTask). */
  loopStarted = false;

  /** A task on the task queue (a message, an event); in a stop that must finish first, run within it. */
  postTask(run: () => void, source: RunSource, label: string, node: any, callback?: any, detail?: string): void {
    this.loop.postTask(this.job(run, 'macrotask', source, 'macrotask', label, node, callback, detail));
  }

  /** A job as a task of the normal task queue; the queue entry, to take it out again (clearTimer). */
  postJob(job: Job): Timer {
    return this.loop.postTask(job);
  }

  /** postTask's arguments, run as a task of its own at once. */
  runAsTask(run: () => void, source: RunSource, label: string, node: any, callback?: any, detail?: string): void {
    this.runTask(this.job(run, 'macrotask', source, 'macrotask', label, node, callback, detail));
  }

  /** Runs a job as a task of its own now: the job, then a microtask checkpoint (timer nesting level 0). */
  runTask(job: Job, phase: 'task' | 'animationFrames' | 'idleCallbacks' = 'task'): void {
    const loop = this.loop;
    if (loop.phase !== phase) loop.setPhase(phase);
    const prev = loop.timerNesting;
    loop.timerNesting = 0;
    try {
      loop.runJob(job);
      loop.drain();
    } finally {
      loop.timerNesting = prev;
    }
    this.flushEndOfTask();
  }

  /** A guest callback the event loop calls with an empty stack: report what it throws, then the checkpoint. */
  callFromLoop(fn: any, thisArg: any, args: any[]): void {
    try {
      this.rt.call(fn, thisArg, args);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      this.loop.uncaught(this.rt.toGuest(e));
    }
    this.loop.drain();
  }

  // ---- requestAnimationFrame / requestIdleCallback ----------------------------------------------

  requestAnimationFrame(callback: any, node: any, name: string): number {
    const id = ++this.rafId;
    const entry: FrameCallback = { id, callback, cancelled: false, job: null as any };
    entry.job = this.job(() => this.rt.call(callback, undefined, [this.loop.clock + 1_000_000]), 'animationFrame', 'requestAnimationFrame', 'animationFrame', `requestAnimationFrame → ${name}`, node, callback);
    this.rafs.push(entry);
    return id;
  }

  cancelAnimationFrame(id: number): void {
    const r = this.rafs.find((x) => x.id === id && !x.cancelled) ?? this.frameBatch.find((x) => x.id === id && !x.cancelled);
    if (!r) return;
    r.cancelled = true;
    const rt = this.rt;
    if (rt.trace) rt.trace.push({ t: 'dequeue', step: rt.steps, queue: 'animationFrame', id: r.job.id });
  }

  requestIdleCallback(callback: any, node: any, name: string): number {
    const id = ++this.idleId;
    const webId = ++this.loop.jobIds;
    const rt = this.rt;
    if (rt.trace) rt.trace.push({ t: 'webapi-add', step: rt.steps, id: webId, api: 'requestIdleCallback', label: `requestIdleCallback → ${name}`, delay: 0, due: this.boundary(this.nextBoundaryIndex()), line: node && node.loc ? node.loc.start.line : 0 });
    this.idles.push({ id, callback, node, webId, cancelled: false });
    this.idleNames.set(id, name);
    return id;
  }
  private idleNames = new Map<number, string>();

  cancelIdleCallback(id: number): void {
    const r = this.idles.find((x) => x.id === id && !x.cancelled) ?? this.idleBatch?.find((x) => x.id === id && !x.cancelled);
    if (!r) return;
    r.cancelled = true;
    const rt = this.rt;
    if (rt.trace) rt.trace.push({ t: 'webapi-remove', step: rt.steps, id: r.webId });
  }

  // ---- stops -----------------------------------------------------------------------------------

  addFetchStop(at: number, run: () => void): void {
    insertStop(this.fetchStops, { at, seq: ++this.stopSeq, run });
  }

  addClickStop(at: number, run: () => void): void {
    insertStop(this.clickStops, { at, seq: ++this.stopSeq, run });
  }

  /** A task that belongs to the stop being run (runs before the stop's next step), else a plain task. */
  inStopOrTask(run: () => void, source: RunSource, label: string, node: any): void {
    if (this.inStop) this.inStop.push(() => this.runTask(this.job(run, 'macrotask', source, 'macrotask', label, node)));
    else this.postTask(run, source, label, node);
  }

  private runStopTasks(): void {
    const q = this.inStop!;
    while (q.length > 0) q.shift()!();
  }

  private nextStopTime(): number {
    let t = Infinity;
    if (this.fetchStops.length) t = Math.min(t, this.fetchStops[0].at);
    if (this.clickStops.length) t = Math.min(t, this.clickStops[0].at);
    if (this.wantsBoundary()) t = Math.min(t, this.boundary(this.nextBoundaryIndex()));
    if (this.idleBatch) t = Math.min(t, this.idleRetryAt);
    return t;
  }

  /**
   * Chromium starts an idle period only when no timer is due within the next 1 ms; otherwise it
   * tries again 1 ms later (measured with the tool: after a frame at 16.667 ms with a timer due at
   * 17, the idle callbacks ran at 17.667). Timers due now (a setTimeout(0) from a frame) do not count.
   */
  private idleBatch: IdleCallback[] | null = null;
  private idleRetryAt = Infinity;
  private tryIdle(now: number): void {
    let next = Infinity;
    const heap = this.loop.timers;
    for (let i = 0; i < heap.length; i++) {
      const tm = heap[i];
      if (!tm.cleared && !tm.job && tm.due > now + 1e-9 && tm.due < next) next = tm.due;
    }
    if (next - now >= 1 - 1e-6) {
      const batch = this.idleBatch!;
      this.idleBatch = null;
      this.idleRetryAt = Infinity;
      this.idlePeriod(now, batch);
    } else this.idleRetryAt = now + 1;
  }

  /**
   * scheduler.postTask / scheduler.yield priorities (Chromium's): user-blocking tasks, then yield
   * continuations, run before the normal task queue (timers, messages, user-visible tasks, events);
   * background tasks only when nothing else is runnable now.
   */
  private readonly prio: { high: Job[]; cont: Job[]; low: Job[] } = { high: [], cont: [], low: [] };
  postPriority(job: Job, level: 'user-blocking' | 'continuation' | 'background'): void {
    const queue = level === 'user-blocking' ? this.prio.high : level === 'continuation' ? this.prio.cont : this.prio.low;
    // In enqueue order (job ids grow): a task a priority change moves in goes where its age puts it.
    let i = queue.length;
    while (i > 0 && queue[i - 1].id > job.id) i--;
    queue.splice(i, 0, job);
  }
  /** Takes a job out of its priority queue (a TaskSignal's priority change moves it); false if it is not there. */
  removePriority(job: Job, level: 'user-blocking' | 'background'): boolean {
    const queue = level === 'user-blocking' ? this.prio.high : this.prio.low;
    const i = queue.indexOf(job);
    if (i < 0) return false;
    queue.splice(i, 1);
    return true;
  }

  run(): void {
    const loop = this.loop;
    this.flushEndOfTask();
    this.loopStarted = true;
    if (this.onLoaded) this.onLoaded();
    for (;;) {
      const urgent = this.prio.high.shift() ?? this.prio.cont.shift();
      if (urgent) {
        this.runTask(urgent);
        continue;
      }
      const stopAt = this.nextStopTime();
      const next = loop.peekTimer();
      if (this.prio.low.length > 0 && !(next && next.due <= loop.clock) && stopAt > loop.clock) {
        this.runTask(this.prio.low.shift()!);
        continue;
      }
      if (!next && stopAt === Infinity) return;
      if (Math.min(stopAt, next ? next.due : Infinity) > this.opts.budget) {
        this.opts.onBudget(this.opts.budget);
        return;
      }
      if (next && next.due <= stopAt) {
        if (next.due > loop.clock) loop.clock = Math.max(next.due, this.clockFloor);
        loop.popTimer();
        loop.setPhase('task');
        loop.fireTimer(next, loop.clock);
        loop.drain();
        this.flushEndOfTask();
        continue;
      }
      if (stopAt > loop.clock) loop.clock = stopAt;
      if (this.clockFloor > loop.clock) {
        // A storage write moved Chromium's clock on: what fell due in between runs late, at the floor.
        loop.clock = this.clockFloor;
        continue;
      }
      if (!this.stop(loop.clock)) return;
    }
  }

  /** One stop at time `now`; false when the loop must end (the frame limit). */
  private stop(now: number): boolean {
    this.inStop = [];
    try {
      while (this.fetchStops.length && this.fetchStops[0].at <= now) {
        // The phase first: the task's queue entry belongs to this stop, not to the one before.
        this.loop.setPhase('task', `fetch answered at ${Math.round(now * 10) / 10} ms`);
        this.fetchStops.shift()!.run();
        this.runStopTasks();
      }
      let clicked = false;
      while (this.clickStops.length && this.clickStops[0].at <= now) {
        this.loop.setPhase('task', `user input at ${Math.round(now * 10) / 10} ms`);
        this.clickStops.shift()!.run();
        this.runStopTasks();
        clicked = true;
      }
      const k = this.nextBoundaryIndex();
      const atBoundary = Math.abs(this.boundary(k) - now) < 1e-6;
      if (atBoundary) this.lastBoundary = k;
      const live = this.rafs.filter((r) => !r.cancelled);
      if (atBoundary && live.length > 0) {
        if (this.framesRun >= this.opts.maxFrames) {
          this.opts.onFrameLimit(this.framesRun, now);
          return false;
        }
        this.framesRun++;
        this.frame(k, now);
      } else if (clicked || (atBoundary && this.domDirty)) this.render(k, now, clicked && !atBoundary);
      if (atBoundary && this.idles.some((r) => !r.cancelled)) {
        this.idleBatch = [...(this.idleBatch ?? []), ...this.idles];
        this.idles = [];
        this.tryIdle(now);
      } else if (this.idleBatch && now >= this.idleRetryAt - 1e-9) this.tryIdle(now);
      return true;
    } finally {
      this.inStop = null;
    }
  }

  private frameDetail(k: number, now: number): string {
    return `frame ${k} (${Math.round(now * 10) / 10} ms)`;
  }

  /** The rendering opportunity: the animation-frame callbacks requested before it, then the render step. */
  private frame(k: number, now: number): void {
    const batch = this.rafs;
    this.rafs = [];
    this.frameBatch = batch;
    this.loop.setPhase('animationFrames', `Animation frame ${k} at ${Math.round(now * 10) / 10} ms: ${batch.filter((r) => !r.cancelled).length} requestAnimationFrame callback(s)`);
    for (const r of batch) {
      // cancelAnimationFrame works for a callback of the same frame, until it runs.
      if (r.cancelled) continue;
      r.cancelled = true;
      this.setDetail(r.job, this.frameDetail(k, now));
      this.runTask(r.job, 'animationFrames');
    }
    this.frameBatch = [];
    this.render(k, now, false);
  }

  private render(k: number, now: number, afterInput: boolean): void {
    this.domDirty = false;
    this.loop.setPhase('render', afterInput ? `Update the rendering after the user input at ${Math.round(now * 10) / 10} ms` : `Update the rendering: ${this.frameDetail(k, now)} — style, layout, paint`);
  }

  /** The idle period after a frame boundary: each idle callback requested before it is a task. */
  private idlePeriod(now: number, batch: IdleCallback[]): void {
    this.loop.setPhase('idleCallbacks', `Idle period at ${Math.round(now * 10) / 10} ms: ${batch.filter((r) => !r.cancelled).length} idle callback(s)`);
    const rt = this.rt;
    for (const r of batch) {
      if (r.cancelled) continue;
      r.cancelled = true;
      if (rt.trace) rt.trace.push({ t: 'webapi-remove', step: rt.steps, id: r.webId });
      const deadline = this.idleDeadline(now);
      const job = this.job(() => rt.call(r.callback, undefined, [deadline]), 'macrotask', 'requestIdleCallback', 'macrotask', `requestIdleCallback → ${this.idleNames.get(r.id) ?? 'callback'}`, r.node, r.callback, 'idle callback');
      this.runTask(job, 'idleCallbacks');
    }
  }

  /** IdleDeadline: timeRemaining() up to the next frame boundary (at most 50 ms), didTimeout false. */
  idleDeadlineProto: any = null;
  private idleDeadline(now: number): any {
    const d = Object.create(this.idleDeadlineProto);
    const end = Math.min(now + 50, this.boundary(this.lastBoundary + 1));
    IdleEnd.set(d, end);
    return d;
  }
}

export const IdleEnd = new WeakMap<object, number>();

function insertStop(list: Stop[], s: Stop): void {
  let i = list.length;
  while (i > 0 && (list[i - 1].at > s.at || (list[i - 1].at === s.at && list[i - 1].seq > s.seq))) i--;
  list.splice(i, 0, s);
}
