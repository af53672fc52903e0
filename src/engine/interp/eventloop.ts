// The simulated event loop: microtask queue, Node's nextTick queue, timers on a virtual clock,
// setImmediate's check phase, simulated I/O (fetch), and the browser profile's task queue.
// Timers never wait in real time: when nothing is runnable the clock jumps to the next due time.
import type { QueueName, Runtime, RunKind, RunSource, TaskRecord } from '../types';
import type { Interpreter } from './runtime';
import type { Closure } from './runtime';
import { HostSignal } from './values';
import { traceCallbackScope } from './teachTrace';

export interface Job {
  id: number;
  /** Called with `arg` and `arg2`: a shared host function and its data need no closure per job (promise reactions, awaits). */
  run: (arg: any, arg2: any) => void;
  arg: any;
  arg2: any;
  kind: Exclude<RunKind, 'sync'>;
  source: RunSource;
  queue: QueueName;
  record: TaskRecord | null;
  delay?: number;
  /** Where the step that starts this job points: the callback, or the await being resumed. */
  at: any;
  /** Browser profile: see TaskRecord.detail. */
  detail?: string;
  /** Node's poll phase: the handle (a MessagePort) whose work this is; it keeps the loop alive only while that handle is live. */
  handle?: object;
}

export interface Timer {
  id: number;
  due: number;
  seq: number;
  delay: number;
  callback: any;
  args: any[];
  repeat: boolean;
  cleared: boolean;
  source: 'setTimeout' | 'setInterval' | 'fetch';
  node: any;
  label: string;
  /** Host action instead of a guest callback (fetch completion). */
  host: (() => void) | null;
  nesting: number;
  /** timeout.unref(): does not keep the event loop alive. */
  unref?: boolean;
  /** The delay the program asked for (before Node's 1 ms clamp), for display. */
  requestedDelay?: number;
  /** Guest-visible handle (Node's Timeout object or the browser's number). */
  handle: any;
  /** Browser profile: a task posted to the task queue (a message, an event), run instead of a callback. */
  job?: Job | null;
}

/** The program ended the process (uncaught error, unhandled rejection, process.exit): a HostSignal. */
export class ProcessExit extends HostSignal {
  // code and node are writable: process.exit() throws one preallocated signal (globals.ts).
  constructor(
    public code: number,
    public readonly reason: 'uncaught-error' | 'unhandled-rejection' | 'exit',
    public readonly error?: any,
    public node?: any,
  ) {
    super();
  }
}

const MAX_TASK_RECORDS = 50000;

export class EventLoop {
  clock = 0;
  private seq = 0;
  jobIds = 0;
  private microtasks: Job[] = [];
  private microHead = 0;
  private nextTicks: Job[] = [];
  private tickHead = 0;
  readonly timers: Timer[] = [];
  private immediates: Job[] = [];
  readonly tasks: TaskRecord[] = [];
  /** Task records kept (the rest are counted by job id only); `run` keeps none (simulator.ts). */
  maxTaskRecords = MAX_TASK_RECORDS;
  /** Rejected promises with no handler yet, in rejection order. */
  private pendingRejections = new Map<any, { reason: any; node: any }>();
  timerNesting = 0;
  /** Set when the main script (or an ES module body) has finished. */
  phase: 'script' | 'microtasks' | 'nextTicks' | 'timers' | 'check' | 'poll' | 'close' | 'task' | 'animationFrames' | 'render' | 'idleCallbacks' = 'script';
  /** Browser profile: the HTML event loop (browser/eventLoop.ts) runs the loop after the script. */
  browser: { run(): void } | null = null;
  /** Callbacks guest code registered with process.on('unhandledRejection' | 'uncaughtException'). */
  processListeners: { unhandledRejection: any[]; uncaughtException: any[]; beforeExit: { fn: any; once: boolean }[]; exit: { fn: any; once: boolean }[] } = {
    unhandledRejection: [],
    uncaughtException: [],
    beforeExit: [],
    exit: [],
  };

  /** Calls process 'beforeExit' / 'exit' listeners (in registration order); false when there were none. */
  emitProcessEvent(event: 'beforeExit' | 'exit', code: number): boolean {
    const list = this.processListeners[event];
    if (list.length === 0) return false;
    for (const l of [...list]) {
      if (l.once) list.splice(list.indexOf(l), 1);
      this.rt.call(l.fn, this.rt.global.process, [code]);
    }
    return true;
  }

  /** Is anything left that keeps Node's event loop alive (ref'd timers, immediates, poll and close work)? */
  alive(): boolean {
    return this.immediates.length > 0 || this.pollAlive() || this.closeJobs.length > 0 || this.liveHandles.size > 0 || this.timers.some((t) => !t.cleared && !t.unref);
  }
  /** Poll work that keeps the loop alive: an unref'd port's messages wait for a loop something else keeps going. */
  private pollAlive(): boolean {
    for (const j of this.pollJobs) if (j.handle === undefined || this.liveHandles.has(j.handle)) return true;
    return false;
  }
  /**
   * Node: the poll phase's work (a MessagePort's message deliveries) and the close callbacks phase's
   * ('close' events), in the order queued (messagePorts.ts).
   */
  readonly pollJobs: Job[] = [];
  readonly closeJobs: Job[] = [];
  /** Node: handles that keep the loop alive with no timer (a ref'd, open MessagePort). */
  readonly liveHandles = new Set<object>();
  /** Node: the loop has only live handles left, so real Node would wait forever (messagePorts.ts reports it). */
  onlyHandlesLeft: (() => void) | null = null;
  /** Set when that happened: Node emits no beforeExit and no exit (the process never gets there). */
  waitsForever = false;
  /** Runs a phase's queue: the jobs queued before it began and those they queue, at most max(queued, 1000). */
  private runPhaseQueue(phase: 'poll' | 'close', queue: Job[]): void {
    this.setPhase(phase);
    const budget = Math.max(queue.length, 1000);
    let ran = 0;
    try {
      while (ran < queue.length && ran < budget) {
        this.runJob(queue[ran++]);
        this.drain();
      }
    } finally {
      queue.splice(0, ran);
    }
  }
  /** Browser profile: the window's error / unhandledrejection events; true when a listener cancelled the report. */
  browserErrorEvent: ((e: any, kind: 'uncaught-error' | 'unhandled-rejection', promise?: any) => boolean) | null = null;
  /** Browser profile: errors reported by the loop (the program goes on). */
  reportError: ((e: any, kind: 'uncaught-error' | 'unhandled-rejection') => void) | null = null;

  constructor(
    private readonly rt: Interpreter,
    readonly runtime: Runtime,
  ) {}

  private newRecord(kind: TaskRecord['kind'], source: RunSource, label: string, node: any, callbackLine?: number, delay?: number): TaskRecord | null {
    if (this.tasks.length >= this.maxTaskRecords) return null;
    const rec: TaskRecord = {
      id: this.jobIds + 1,
      kind,
      source,
      line: node && node.loc ? node.loc.start.line : 0,
      column: node && node.loc ? node.loc.start.column : 0,
      callbackLine,
      label,
      enqueueStep: this.rt.steps,
      enqueueTime: this.clock,
      delay,
      // Set when it runs (runJob): declared now, so a record keeps one shape and no property array.
      startStep: undefined,
      startTime: undefined,
      endStep: undefined,
    };
    if (node && node.loc && node.loc.source !== undefined) rec.file = node.loc.source;
    this.tasks.push(rec);
    return rec;
  }

  /** Will the next job's label be kept (a task record or the trace)? A long chain keeps neither. */
  keepsLabels(): boolean {
    return this.rt.trace !== null || this.tasks.length < this.maxTaskRecords;
  }

  makeJob(run: (arg: any, arg2: any) => void, kind: Job['kind'], source: RunSource, queue: QueueName, label: string, node: any, callbackLine?: number, delay?: number, at?: any, arg?: any, arg2?: any): Job {
    const record = this.newRecord(kind, source, label, node, callbackLine, delay);
    const job: Job = { id: ++this.jobIds, run, arg, arg2, kind, source, queue, record, delay, at: at ?? node };
    if (this.rt.trace) this.rt.trace.push({ t: 'enqueue', step: this.rt.steps, queue, id: job.id, label, line: node && node.loc ? node.loc.start.line : 0 });
    return job;
  }

  /** Id of the job or timer queued last (teachTrace.ts: which job a settlement queued). */
  get lastJobId(): number {
    return this.jobIds;
  }

  enqueueMicrotask(run: (arg: any, arg2: any) => void, source: RunSource, label: string, node: any, callbackLine?: number, _closure?: Closure | null, at?: any, arg?: any, arg2?: any): void {
    this.microtasks.push(this.makeJob(run, 'microtask', source, 'microtask', label, node, callbackLine, undefined, at, arg, arg2));
  }

  enqueueNextTick(run: () => void, label: string, node: any, callbackLine?: number, at?: any): void {
    this.nextTicks.push(this.makeJob(run, 'nextTick', 'nextTick', 'nextTick', label, node, callbackLine, undefined, at));
  }

  enqueueImmediate(run: () => void, label: string, node: any, callbackLine?: number, at?: any): Job {
    const job = this.makeJob(run, 'macrotask', 'setImmediate', 'immediate', label, node, callbackLine, undefined, at);
    this.immediates.push(job);
    return job;
  }

  cancelImmediate(job: Job): void {
    const i = this.immediates.indexOf(job);
    if (i >= 0) {
      this.immediates.splice(i, 1);
      if (this.rt.trace) this.rt.trace.push({ t: 'dequeue', step: this.rt.steps, queue: 'immediate', id: job.id });
    }
  }

  addTimer(t: Omit<Timer, 'id' | 'seq' | 'due' | 'cleared' | 'nesting'> & { nesting?: number }): Timer {
    // One fixed object shape for every timer keeps the heap's comparisons monomorphic.
    const timer: Timer = {
      id: ++this.jobIds,
      due: this.clock + t.delay,
      seq: ++this.seq,
      delay: t.delay,
      callback: t.callback,
      args: t.args,
      repeat: t.repeat,
      cleared: false,
      source: t.source,
      node: t.node,
      label: t.label,
      host: t.host,
      nesting: t.nesting ?? 0,
      requestedDelay: t.requestedDelay,
      handle: t.handle,
      unref: false,
      job: t.job ?? null,
    };
    this.insertTimer(timer);
    if (this.rt.trace) {
      this.rt.trace.push({ t: 'webapi-add', step: this.rt.steps, id: timer.id, api: timer.source, label: timer.label, delay: timer.delay, due: timer.due, line: t.node && t.node.loc ? t.node.loc.start.line : 0 });
      traceCallbackScope(this.rt, timer.id, timer.callback);
    }
    return timer;
  }

  /** Timers form a binary min-heap on (due time, creation order): equal due times fire FIFO. */
  private static before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  insertTimer(timer: Timer): void {
    const h = this.timers;
    let i = h.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!EventLoop.before(h[i], h[parent])) break;
      const tmp = h[i];
      h[i] = h[parent];
      h[parent] = tmp;
      i = parent;
    }
  }

  popTimer(): Timer | undefined {
    const h = this.timers;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && EventLoop.before(h[l], h[m])) m = l;
        if (r < h.length && EventLoop.before(h[r], h[m])) m = r;
        if (m === i) break;
        const tmp = h[i];
        h[i] = h[m];
        h[m] = tmp;
        i = m;
      }
    }
    return top;
  }

  /** The next live timer (cleared ones are dropped lazily). */
  peekTimer(): Timer | undefined {
    while (this.timers.length > 0 && this.timers[0].cleared) this.popTimer();
    return this.timers[0];
  }

  /** Browser profile: a task for the task queue now (a message, an event), FIFO with the timers due. */
  postTask(job: Job): Timer {
    const t = this.postedEntry(job);
    this.insertTimer(t);
    return t;
  }

  /** The task queue's entry for a job posted now (its time and sequence), not queued yet. */
  postedEntry(job: Job): Timer {
    return { id: job.id, due: this.clock, seq: ++this.seq, delay: 0, callback: undefined, args: [], repeat: false, cleared: false, source: 'setTimeout', node: null, label: job.record ? job.record.label : '', host: null, nesting: 0, requestedDelay: 0, handle: undefined, unref: false, job };
  }

  /** A posted task queued again where it was (its time and sequence), after it left the queue (a TaskSignal's priority change). */
  repostTask(old: Timer): Timer {
    const t: Timer = { ...old, cleared: false };
    this.insertTimer(t);
    return t;
  }

  clearTimer(timer: Timer): void {
    if (timer.cleared) return;
    timer.cleared = true;
    if (this.rt.trace) this.rt.trace.push({ t: 'webapi-remove', step: this.rt.steps, id: timer.id });
  }

  trackRejection(p: any, rec: { value: any; node: any }): void {
    this.pendingRejections.set(p, { reason: rec.value, node: this.rt.currentNode ?? rec.node });
  }

  untrackRejection(p: any): void {
    this.pendingRejections.delete(p);
    if (this.browserRejectionHandled) this.browserRejectionHandled(p);
  }
  /** Browser profile: the page's exit code as browser-truth gives it (1 when an error stayed uncaught). */
  browserExitCode: (() => number) | null = null;
  /** Browser profile: a rejection already reported got a handler (the window's rejectionhandled event). */
  browserRejectionHandled: ((p: any) => void) | null = null;

  pendingWork(): { timers: Timer[]; immediates: number } {
    return { timers: this.timers.filter((t) => !t.cleared).sort((a, b) => (EventLoop.before(a, b) ? -1 : 1)), immediates: this.immediates.length };
  }

  // ---- running jobs --------------------------------------------------------------------------

  runJob(job: Job): void {
    const rt = this.rt;
    const prevTask = rt.task;
    // The job itself is the current task (it has the fields CurrentTask reads): no object per job.
    rt.task = job;
    // Starting a job is a step of its own: the queue gives up the job and its callback is pushed.
    rt.loopStep(job.at);
    if (rt.trace) rt.trace.push({ t: 'dequeue', step: rt.steps, queue: job.queue, id: job.id });
    if (job.record) {
      job.record.startStep = rt.steps;
      job.record.startTime = this.clock;
    }
    try {
      job.run(job.arg, job.arg2);
    } catch (e) {
      // A stopped run keeps the task it stopped in (for the diagnostics).
      if (e instanceof HostSignal) throw e;
      this.uncaught(rt.toGuest(e));
    }
    if (job.record) job.record.endStep = rt.steps;
    rt.task = prevTask;
  }

  /** An exception no guest code caught: Node ends the process, a browser reports it and goes on. */
  uncaught(error: any): void {
    if (this.runtime === 'node' && this.processListeners.uncaughtException.length > 0) {
      for (const l of this.processListeners.uncaughtException) this.rt.call(l, undefined, [error, 'uncaughtException']);
      return;
    }
    if (this.runtime === 'browser' && this.reportError) {
      if (this.browserErrorEvent && this.browserErrorEvent(error, 'uncaught-error')) return;
      this.reportError(error, 'uncaught-error');
      return;
    }
    throw new ProcessExit(1, 'uncaught-error', error, this.rt.currentNode);
  }

  setPhase(phase: EventLoop['phase'], note?: string): void {
    this.phase = phase;
    const rt = this.rt;
    if (rt.trace) {
      const map: Record<string, any> = { script: 'script', microtasks: 'microtasks', nextTicks: 'nextTicks', timers: 'timers', check: 'check', poll: 'task', close: 'task', task: 'task', animationFrames: 'animationFrames', render: 'render', idleCallbacks: 'idleCallbacks' };
      rt.trace.push({ t: 'phase', step: rt.steps, phase: map[phase], time: this.clock, note });
    }
  }

  /** V8's microtask checkpoint: run jobs until the queue is empty (including ones they add). */
  runMicrotasks(): void {
    if (this.microHead >= this.microtasks.length) return;
    const prev = this.phase;
    this.setPhase('microtasks');
    while (this.microHead < this.microtasks.length) {
      const job = this.microtasks[this.microHead];
      this.microtasks[this.microHead++] = undefined as any;
      this.runJob(job);
      if (this.microHead > 4096 && this.microHead * 2 > this.microtasks.length) {
        this.microtasks = this.microtasks.slice(this.microHead);
        this.microHead = 0;
      }
    }
    this.microtasks.length = 0;
    this.microHead = 0;
    this.phase = prev;
  }

  /** Node's processTicksAndRejections: all nextTicks, then microtasks, until both are empty. */
  drain(): void {
    if (this.runtime === 'browser') {
      this.runMicrotasks();
      this.processRejections();
      return;
    }
    do {
      if (this.tickHead < this.nextTicks.length) this.setPhase('nextTicks');
      while (this.tickHead < this.nextTicks.length) {
        const job = this.nextTicks[this.tickHead];
        this.nextTicks[this.tickHead++] = undefined as any;
        this.runJob(job);
      }
      this.nextTicks.length = 0;
      this.tickHead = 0;
      this.runMicrotasks();
    } while (this.tickHead < this.nextTicks.length || this.processRejections());
  }

  /** Node's UnhandledPromiseRejection error for a reason that is not an Error. */
  private unhandledRejectionError(reason: any): any {
    const rt = this.rt;
    // noSideEffectsToString: no guest toString runs.
    const ctorName = (o: any): string => {
      for (let p = Object.getPrototypeOf(o), n = 0; p !== null && n < 100; p = Object.getPrototypeOf(p), n++) {
        const d = Object.getOwnPropertyDescriptor(p, 'constructor');
        if (d && 'value' in d && typeof d.value === 'function') {
          const nd = Object.getOwnPropertyDescriptor(d.value, 'name');
          return nd && typeof nd.value === 'string' && nd.value ? nd.value : 'Object';
        }
      }
      return 'Object';
    };
    const shown = typeof reason === 'symbol' ? reason.toString() : typeof reason === 'object' && reason !== null ? `#<${ctorName(reason)}>` : String(reason);
    const e = rt.makeError('Error', `This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${shown}".`);
    e.code = 'ERR_UNHANDLED_REJECTION';
    Object.defineProperty(e, 'name', { value: 'UnhandledPromiseRejection', writable: true, enumerable: false, configurable: true });
    return e;
  }

  /** Unhandled rejections still unhandled after the checkpoint: Node ends the process. */
  private processRejections(): boolean {
    if (this.pendingRejections.size === 0) return false;
    const pending = [...this.pendingRejections.entries()];
    this.pendingRejections.clear();
    for (const [promise, { reason, node }] of pending) {
      if (this.runtime === 'node' && this.processListeners.unhandledRejection.length > 0) {
        for (const l of this.processListeners.unhandledRejection) this.rt.call(l, undefined, [reason, promise]);
        continue;
      }
      // --unhandled-rejections=throw (Node's default): raised as an uncaught exception, which an
      // 'uncaughtException' listener receives with origin 'unhandledRejection'.
      if (this.runtime === 'node' && this.processListeners.uncaughtException.length > 0) {
        // Node's isErrorLike: an object with an own `stack`.
        const error = typeof reason === 'object' && reason !== null && Object.prototype.hasOwnProperty.call(reason, 'stack') ? reason : this.unhandledRejectionError(reason);
        for (const l of this.processListeners.uncaughtException) this.rt.call(l, undefined, [error, 'unhandledRejection']);
        continue;
      }
      if (this.runtime === 'browser' && this.reportError) {
        if (this.browserErrorEvent && this.browserErrorEvent(reason, 'unhandled-rejection', promise)) continue;
        this.reportError(reason, 'unhandled-rejection');
        continue;
      }
      throw new ProcessExit(1, 'unhandled-rejection', reason, node);
    }
    return this.tickHead < this.nextTicks.length || this.microHead < this.microtasks.length;
  }

  // ---- the loop ------------------------------------------------------------------------------

  /** Runs the event loop after the main script until nothing is left to do. */
  run(): void {
    if (this.runtime === 'browser') return this.runBrowser();
    // uv_run: a loop with nothing ref'd left does not iterate (an unref'd port's messages stay);
    // after that, each iteration's end decides whether another one runs.
    if (!this.alive()) return;
    for (;;) {
      // Timers phase: every timer due at the loop's current time, each followed by a checkpoint.
      this.runDueTimers();
      // Poll phase: MessagePort deliveries.
      if (this.pollJobs.length > 0) this.runPhaseQueue('poll', this.pollJobs);
      // Check phase: the immediates queued before the phase began.
      if (this.immediates.length > 0) {
        this.setPhase('check');
        const batch = this.immediates;
        this.immediates = [];
        for (let i = 0; i < batch.length; i++) {
          this.runJob(batch[i]);
          this.drain();
        }
      }
      // Close callbacks phase: 'close' events of closed MessagePorts.
      if (this.closeJobs.length > 0) this.runPhaseQueue('close', this.closeJobs);
      if (this.immediates.length > 0 || this.pollAlive() || this.closeJobs.length > 0) continue;
      const next = this.peekTimer();
      // A live handle keeps the loop waiting, and an unref'd timer still fires while it waits.
      if (!next || !(this.timers.some((t) => !t.cleared && !t.unref) || this.liveHandles.size > 0)) {
        if (this.liveHandles.size > 0) {
          this.waitsForever = true;
          if (this.onlyHandlesLeft) this.onlyHandlesLeft();
        }
        return;
      }
      if (next.due > this.clock) this.clock = next.due;
    }
  }

  private runDueTimers(): void {
    const now = this.clock;
    let first = true;
    for (let t = this.peekTimer(); t !== undefined && t.due <= now; t = this.peekTimer()) {
      this.popTimer();
      if (first) {
        this.setPhase('timers');
        first = false;
      }
      this.fireTimer(t, now);
      this.drain();
    }
  }

  fireTimer(t: Timer, now: number): void {
    const rt = this.rt;
    if (t.job) {
      // A posted task (browser): not a timer, so the timer nesting level is 0 while it runs.
      const prev = this.timerNesting;
      this.timerNesting = 0;
      try {
        this.runJob(t.job);
        this.drain();
      } finally {
        this.timerNesting = prev;
      }
      t.cleared = true;
      return;
    }
    if (rt.trace) rt.trace.push({ t: 'webapi-remove', step: rt.steps, id: t.id });
    const job = this.makeJob(
      () => {
        if (t.host) t.host();
        else rt.call(t.callback, this.runtime === 'node' ? t.handle : undefined, t.args);
      },
      'macrotask',
      t.source,
      'macrotask',
      t.label,
      t.node,
      callbackLine(rt, t.callback),
      t.requestedDelay ?? t.delay,
      rt.closureOf(t.callback)?.template.node,
    );
    const prevNesting = this.timerNesting;
    this.timerNesting = t.nesting + 1;
    // Browser: an interval is queued again as its tick starts, before the callback (Chromium: a
    // timer the callback sets for the same time runs after the next tick); each tick is one nesting
    // level deeper, and past 5 the interval is at least 4 ms (HTML timer initialization steps).
    const browserRepeat = t.repeat && this.runtime === 'browser';
    if (browserRepeat) {
      t.nesting++;
      if (t.nesting > 5 && t.delay < 4) t.delay = 4;
      this.requeue(t, now);
    }
    try {
      this.runJob(job);
      // Browser: the task's microtask checkpoint is part of the task (same timer nesting level).
      if (this.runtime === 'browser') this.drain();
    } finally {
      this.timerNesting = prevNesting;
    }
    if (browserRepeat) return;
    if (t.repeat && !t.cleared) this.requeue(t, now);
    else t.cleared = true;
  }

  private requeue(t: Timer, now: number): void {
    const rt = this.rt;
    {
      // setInterval: rescheduled from the time this timers phase started.
      t.due = now + t.delay;
      t.seq = ++this.seq;
      this.insertTimer(t);
      if (rt.trace) rt.trace.push({ t: 'webapi-add', step: rt.steps, id: t.id, api: t.source, label: t.label, delay: t.delay, due: t.due, line: t.node && t.node.loc ? t.node.loc.start.line : 0 });
    }
  }

  private runBrowser(): void {
    if (this.browser) return this.browser.run();
    for (;;) {
      const next = this.peekTimer();
      if (!next) return;
      if (next.due > this.clock) this.clock = next.due;
      this.popTimer();
      this.setPhase('task');
      this.fireTimer(next, this.clock);
      this.drain();
    }
  }
}

function callbackLine(rt: Interpreter, f: any): number | undefined {
  const c = rt.closureOf(f);
  return c ? c.template.line : undefined;
}
