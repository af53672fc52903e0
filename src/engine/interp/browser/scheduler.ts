// The Prioritized Task Scheduling API as Chromium ships it: scheduler.postTask(callback,
// { priority, delay, signal }) and scheduler.yield(). Priorities are measured with browser-truth:
// user-blocking tasks run before the normal task queue, a yield continuation right after them,
// user-visible tasks (the default) FIFO with timers and messages, background tasks last.
// Invariant: the scheduler object and its promises are realm objects; callbacks run through rt.call.
import type { Interpreter } from '../runtime';
import type { Promises } from '../promise';
import type { EventLoop, Job, Timer } from '../eventloop';
import type { BrowserLoop } from './eventLoop';
import type { Events } from './events';
import { HostSignal } from '../values';

/** What the scheduler reads of a signal (browser/index.ts): a TaskSignal's also has its priority and priority-change hooks. */
interface SchedulerSignal {
  aborted: boolean;
  reason: any;
  onAbort: (() => void)[];
  priority?: string;
  onPriorityChange?: ((priority: string) => void)[];
}

export function installScheduler(rt: Interpreter, loop: EventLoop, P: Promises, browser: BrowserLoop, events: Events, abortState: (signal: any) => SchedulerSignal | null, define: (o: any, name: string | symbol, value: any, enumerable?: boolean) => void): void {
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const Scheduler: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'Scheduler', 0);
  const scheduler = Object.create(Scheduler.prototype);
  const callbackName = (f: any) => {
    const c = rt.closureOf(f);
    return c ? c.template.name || `callback (line ${c.template.line})` : 'callback';
  };
  define(Scheduler.prototype, 'postTask', native('postTask', 1, (_t, [callback, options]) => {
    if (typeof callback !== 'function') rt.throwError('TypeError', "Failed to execute 'postTask' on 'Scheduler': The callback provided as parameter 1 is not a function.");
    const o = options && typeof options === 'object' ? options : {};
    const signal = o.signal !== undefined ? abortState(o.signal) : null;
    // A TaskSignal's priority, when no priority is given: the task then follows its changes.
    const follows = o.priority === undefined && signal !== null && signal.priority !== undefined;
    let priority = o.priority === undefined ? (follows ? signal!.priority! : 'user-visible') : String(o.priority);
    if (!['user-blocking', 'user-visible', 'background'].includes(priority)) rt.throwError('TypeError', `Failed to execute 'postTask' on 'Scheduler': Failed to read the 'priority' property from 'SchedulerPostTaskOptions': The provided value '${priority}' is not a valid enum value of type TaskPriority.`);
    const delay = Math.max(0, Number(o.delay) | 0);
    const p = P.newPromise();
    if (signal && signal.aborted) {
      P.rejectPromise(p, signal.reason);
      return p;
    }
    let done = false;
    if (signal) signal.onAbort.push(() => {
      if (done) return;
      done = true;
      P.rejectPromise(p, signal.reason);
    });
    const node = rt.callNode;
    const label = `scheduler.postTask (${priority}) → ${callbackName(callback)}`;
    const body = () => {
      if (done) return;
      done = true;
      try {
        P.resolvePromise(p, rt.call(callback, undefined, []));
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        P.rejectPromise(p, rt.toGuest(e));
      }
    };
    // Where the task waits: the normal task queue (user-visible) or a priority queue.
    // `entry`: its place in the normal task queue, taken when it is posted whatever its priority,
    // so that a move to user-visible puts it where its age puts it.
    let job: Job | null = null;
    let entry: Timer | null = null;
    const place = () => {
      if (priority === 'user-visible') entry = loop.repostTask(entry!);
      else browser.postPriority(job!, priority as 'user-blocking' | 'background');
    };
    const post = () => {
      job = browser.job(body, 'macrotask', 'event', 'macrotask', label, node, callback, `postTask ${priority}`);
      entry = loop.postedEntry(job);
      place();
    };
    // A TaskSignal's priority change moves the task, still waiting, to the new priority's queue, at
    // the place its age gives it there.
    if (follows) signal!.onPriorityChange!.push((next) => {
      if (done) return;
      if (job !== null) {
        if (priority === 'user-visible') entry!.cleared = true; // (a posted task, not a timer: no trace event)
        else browser.removePriority(job, priority as 'user-blocking' | 'background');
      }
      priority = next;
      if (job !== null) place();
    });
    if (delay > 0) loop.addTimer({ delay, callback: undefined, args: [], repeat: false, source: 'setTimeout', node, label: `${label} (delay ${delay} ms)`, host: post, nesting: 0, handle: undefined });
    else post();
    return p;
  }), true);
  define(Scheduler.prototype, 'yield', native('yield', 0, () => {
    const p = P.newPromise();
    browser.postPriority(browser.job(() => P.resolvePromise(p, undefined), 'macrotask', 'event', 'macrotask', 'scheduler.yield() continuation', rt.callNode, undefined, 'yield continuation'), 'continuation');
    return p;
  }), true);
  define(rt.global, 'Scheduler', Scheduler);
  define(rt.global, 'scheduler', scheduler, true);
  void events;
}
