// The browser profile's Web APIs, installed into the realm's window after the shared globals:
// the HTML event loop (requestAnimationFrame, requestIdleCallback, frames), messaging, the DOM,
// user clicks and fetch answered on the virtual clock — modelled on the ground-truth tool
// (../shared/tools/browser-truth: Chromium on a virtual clock; page http://browser-truth.localhost/).
// Invariant: as everywhere in globals, guest code only ever holds realm objects (rt.native,
// rt.newObject, Object.create of realm prototypes); the state behind them is host data.
import type { Interpreter } from '../runtime';
import type { Promises } from '../promise';
import type { EventLoop } from '../eventloop';
import { BrowserLoop, IdleEnd } from './eventLoop';
import { Events } from './events';
import { Dom, PAGE_ORIGIN, PAGE_URL } from './dom';
import { installMessaging } from './messaging';
import { installScheduler } from './scheduler';
import { makeBrowserFormat } from './console';

export interface BrowserOptions {
  frameInterval: number;
  maxFrames: number;
  budget: number;
  fetchLatency: number;
  fetchLatencyByUrl: Record<string, number>;
  clicks: { selector: string; at: number; node?: any }[];
  /** A note for the user (the frame limit, a click with no element to click). */
  onNote: (code: 'frame-limit' | 'user-event' | 'virtual-budget', message: string, line: number) => void;
}

/** The browser-truth tool's floor: Chromium's virtual clock treats a network request as taking at least 10 ms. */
const MIN_FETCH_LATENCY = 10;

export function installBrowser(rt: Interpreter, loop: EventLoop, P: Promises, opts: BrowserOptions, define: (o: any, name: string | symbol, value: any, enumerable?: boolean) => void): { format: (args: any[]) => string } {
  const g = rt.global;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const browser = new BrowserLoop(rt, loop, {
    frameInterval: opts.frameInterval,
    maxFrames: opts.maxFrames,
    budget: opts.budget,
    onBudget: (time) => opts.onNote('virtual-budget', `The simulation stopped the page at ${time} virtual ms (the browser profile's budget, as the browser-truth tool's --budget); timers and frames due later never ran.`, 1),
    onFrameLimit: (frames, time) => opts.onNote('frame-limit', `The simulation stopped the animation after ${frames} animation frames (${Math.round(time)} virtual ms), as the browser-truth tool does (--frames): requestAnimationFrame kept asking for more.`, 1),
  });
  const events = new Events(rt, browser, define);
  // window is an EventTarget: Window.prototype → EventTarget.prototype.
  Object.setPrototypeOf(Object.getPrototypeOf(g), events.targetProto);
  define(g, 'EventTarget', events.targetCtor);
  events.handlerProperties(Object.getPrototypeOf(g), ['load', 'message', 'click', 'error', 'unhandledrejection', 'keydown', 'keyup', 'resize', 'scroll', 'focus', 'blur', 'DOMContentLoaded'].filter((t) => t !== 'DOMContentLoaded'));
  const dom = new Dom(rt, browser, events, define);
  browser.onLoaded = () => dom.loaded();
  define(g, 'document', dom.document, true);
  installMessaging(rt, browser, events, define);

  const callbackName = (f: any) => {
    const c = rt.closureOf(f);
    if (!c) return typeof f === 'function' ? f.name || 'callback' : 'callback';
    return c.template.name || `callback (line ${c.template.line})`;
  };
  const enumerable = (name: string, value: any) => define(g, name, value, true);

  // ---- requestAnimationFrame / requestIdleCallback
  enumerable(
    'requestAnimationFrame',
    native('requestAnimationFrame', 1, (_t, [cb]) => {
      if (typeof cb !== 'function') rt.throwError('TypeError', "Failed to execute 'requestAnimationFrame' on 'Window': The callback provided as parameter 1 is not a function.");
      return browser.requestAnimationFrame(cb, rt.callNode, callbackName(cb));
    }),
  );
  enumerable(
    'cancelAnimationFrame',
    native('cancelAnimationFrame', 1, (_t, [id]) => {
      browser.cancelAnimationFrame(Math.trunc(Number(id)));
      return undefined;
    }),
  );
  const IdleDeadline: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'IdleDeadline', 0);
  define(IdleDeadline.prototype, 'timeRemaining', native('timeRemaining', 0, (t) => Math.max(0, (IdleEnd.get(t) ?? 0) - loop.clock)), true);
  Object.defineProperty(IdleDeadline.prototype, 'didTimeout', { get: native('get didTimeout', 0, () => false), enumerable: true, configurable: true });
  define(g, 'IdleDeadline', IdleDeadline);
  browser.idleDeadlineProto = IdleDeadline.prototype;
  enumerable(
    'requestIdleCallback',
    native('requestIdleCallback', 1, (_t, [cb]) => {
      if (typeof cb !== 'function') rt.throwError('TypeError', "Failed to execute 'requestIdleCallback' on 'Window': parameter 1 is not of type 'Function'.");
      return browser.requestIdleCallback(cb, rt.callNode, callbackName(cb));
    }),
  );
  enumerable(
    'cancelIdleCallback',
    native('cancelIdleCallback', 1, (_t, [id]) => {
      browser.cancelIdleCallback(Math.trunc(Number(id)));
      return undefined;
    }),
  );

  // ---- location, navigator
  const location = rt.newObject();
  const url = new URL(PAGE_URL);
  for (const k of ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const) location[k] = url[k];
  define(location, 'toString', native('toString', 0, () => PAGE_URL));
  enumerable('location', location);
  const navigator = rt.newObject();
  navigator.userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 (simulated by Event Loop Lens)';
  navigator.language = 'en-US';
  navigator.onLine = true;
  navigator.hardwareConcurrency = 2;
  enumerable('navigator', navigator);
  enumerable('origin', PAGE_ORIGIN);
  enumerable('isSecureContext', true);
  enumerable('innerWidth', 800);
  enumerable('innerHeight', 600);
  enumerable('devicePixelRatio', 1);

  // ---- fetch: answered `latency` ms after the call's whole-ms Date.now(), at a stop of its own
  const jsonParse = rt.intr.JSON.parse;
  const Headers: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'Headers', 0);
  const headerMap = new WeakMap<object, Map<string, string>>();
  define(Headers.prototype, 'get', native('get', 1, (t, [name]) => headerMap.get(t)?.get(String(name).toLowerCase()) ?? null), true);
  define(Headers.prototype, 'has', native('has', 1, (t, [name]) => headerMap.get(t)?.has(String(name).toLowerCase()) ?? false), true);
  const makeResponse = (href: string, path: string) => {
    const r = rt.newObject();
    const body = JSON.stringify({ path });
    let used = false;
    r.ok = true;
    r.status = 200;
    r.statusText = 'OK';
    r.url = href;
    r.redirected = false;
    r.type = 'basic';
    const h = Object.create(Headers.prototype);
    headerMap.set(h, new Map([['content-type', 'application/json']]));
    r.headers = h;
    Object.defineProperty(r, 'bodyUsed', { get: native('get bodyUsed', 0, () => used), enumerable: true, configurable: true });
    // The body is read by network tasks, within the stop that delivered the response (the tool
    // waits for them before it delivers the next answer).
    const read = (parse: boolean) => {
      const p = P.newPromise();
      if (used) {
        P.rejectPromise(p, rt.makeError('TypeError', "Failed to execute 'json' on 'Response': body stream already read"));
        return p;
      }
      used = true;
      browser.inStopOrTask(
        () => {
          if (!parse) return P.resolvePromise(p, body);
          try {
            P.resolvePromise(p, Reflect.apply(jsonParse, rt.intr.JSON, [body]));
          } catch (e) {
            P.rejectPromise(p, rt.toGuest(e));
          }
        },
        'fetch',
        `read the body of ${path}`,
        rt.callNode,
      );
      return p;
    };
    define(r, 'json', native('json', 0, () => read(true)));
    define(r, 'text', native('text', 0, () => read(false)));
    return r;
  };
  const abortHooks: { signalOf: (init: any) => any; state: (s: any) => { aborted: boolean; reason: any; onAbort: (() => void)[] } } = { signalOf: () => null, state: () => ({ aborted: false, reason: undefined, onAbort: [] }) };
  enumerable(
    'fetch',
    native('fetch', 1, (_t, [input, init]) => {
      const p = P.newPromise();
      const signal = abortHooks.signalOf(init);
      let settled = false;
      if (signal) {
        const st = abortHooks.state(signal);
        if (st.aborted) {
          P.rejectPromise(p, st.reason);
          return p;
        }
        st.onAbort.push(() => {
          if (settled) return;
          settled = true;
          P.rejectPromise(p, st.reason);
        });
      }
      const raw = typeof input === 'object' && input !== null && typeof input.url === 'string' ? input.url : String(input);
      let u: URL;
      try {
        u = new URL(raw, PAGE_URL);
      } catch {
        P.rejectPromise(p, rt.makeError('TypeError', `Failed to execute 'fetch' on 'Window': Failed to parse URL from ${raw}`));
        return p;
      }
      const path = u.pathname + u.search;
      const by = opts.fetchLatencyByUrl;
      const latency = Math.max(MIN_FETCH_LATENCY, by[raw] ?? by[u.href] ?? by[path] ?? by[u.pathname] ?? opts.fetchLatency);
      // Other origins fail in the tool (no network); here only the reserved `.invalid` names do, so
      // a tutorial's fetch of a real API still gets a simulated answer.
      const fails = u.origin !== PAGE_ORIGIN && (u.hostname.endsWith('.invalid') || u.hostname === 'invalid');
      const due = Math.floor(loop.clock) + latency;
      const webId = ++loop.jobIds;
      const node = rt.callNode;
      const label = `fetch ${raw} (${latency} ms)`;
      if (rt.trace) rt.trace.push({ t: 'webapi-add', step: rt.steps, id: webId, api: 'fetch', label, delay: latency, due, line: node && node.loc ? node.loc.start.line : 0 });
      browser.addFetchStop(due, () => {
        if (rt.trace) rt.trace.push({ t: 'webapi-remove', step: rt.steps, id: webId });
        if (settled) return;
        settled = true;
        browser.runTask(
          browser.job(
            () => {
              if (fails) P.rejectPromise(p, rt.makeError('TypeError', 'Failed to fetch'));
              else P.resolvePromise(p, makeResponse(u.href, path));
            },
            'macrotask',
            'fetch',
            'macrotask',
            `fetch ${raw} answered`,
            node,
            undefined,
            `fetch ${path}`,
          ),
        );
      });
      return p;
    }),
  );

  // ---- the window's error and unhandledrejection events (HTML "report the exception",
  // "notify about rejected promises": a task queued at the checkpoint, skipped if handled by then)
  const scriptUrl = PAGE_ORIGIN + '/__browser-truth/program.js';
  const errorEvent = (error: any): boolean => {
    const node = rt.currentNode;
    let message = 'Uncaught ';
    try {
      message += error !== null && typeof error === 'object' && typeof error.name === 'string' ? `${error.name}: ${error.message}` : String(error);
    } catch {
      message += 'exception';
    }
    const e = events.create('ErrorEvent', 'error', { cancelable: true, message, filename: scriptUrl, lineno: node && node.loc ? node.loc.start.line : 0, colno: node && node.loc ? node.loc.start.column + 1 : 0, error }, true);
    // window.onerror is called as (message, source, lineno, colno, error); returning true cancels.
    const onerror = events.listeners.get(g)?.find((l) => l.handler && l.type === 'error');
    if (onerror) {
      const fn = onerror.callback;
      onerror.callback = native('onerror', 1, (_t, [ev]) => (rt.call(fn, g, [message, scriptUrl, ev.lineno, ev.colno, error]) === true ? false : undefined));
      try {
        return !events.dispatch(g, e, false);
      } finally {
        onerror.callback = fn;
      }
    }
    return !events.dispatch(g, e, false);
  };
  const reported = new WeakSet<object>();
  // As browser-truth's exit code: 1 when an error stayed uncaught (a rejection handled later does not count).
  const reportedToConsole = new WeakSet<object>();
  let uncaughtLive = 0;
  loop.browserExitCode = () => (uncaughtLive > 0 ? 1 : 0);
  loop.browserRejectionHandled = (promise) => {
    if (!reported.has(promise)) return;
    reported.delete(promise);
    // The console's "Uncaught (in promise)" is revoked: it no longer counts for the exit code.
    if (reportedToConsole.delete(promise)) uncaughtLive--;
    const reason = P.record(promise)?.value;
    browser.postTask(() => events.dispatch(g, events.create('PromiseRejectionEvent', 'rejectionhandled', { promise, reason }, true), true), 'event', 'rejectionhandled', rt.callNode, undefined, 'rejectionhandled');
  };
  // HTML reportError(e): "report the exception" now, in this task — the error event, then the console
  // and the exit code unless a listener or onerror cancelled it.
  define(g, 'reportError', native('reportError', 1, (_t, args) => {
    if (args.length === 0) rt.throwError('TypeError', "Failed to execute 'reportError' on 'Window': 1 argument required, but only 0 present.");
    const error = args[0];
    if (!errorEvent(error)) {
      uncaughtLive++;
      loop.reportError?.(error, 'uncaught-error');
    }
    return undefined;
  }));
  loop.browserErrorEvent = (error, kind, promise) => {
    if (kind === 'uncaught-error') {
      const cancelled = errorEvent(error);
      if (!cancelled) uncaughtLive++;
      return cancelled;
    }
    browser.postTask(
      () => {
        const rec = P.record(promise);
        if (rec && rec.isHandled) return;
        reported.add(promise);
        const e = events.create('PromiseRejectionEvent', 'unhandledrejection', { cancelable: true, promise, reason: error }, true);
        if (events.dispatch(g, e, true) && loop.reportError) {
          loop.reportError(error, 'unhandled-rejection');
          reportedToConsole.add(promise);
          uncaughtLive++;
        }
      },
      'event',
      'unhandledrejection',
      rt.currentNode,
      undefined,
      'unhandledrejection',
    );
    return true;
  };

  // ---- localStorage / sessionStorage: plain records of strings; a write costs Chromium's clock 10 ms
  const StorageCtor: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'Storage', 0);
  const SP = StorageCtor.prototype;
  const storages = new WeakSet<object>();
  const store = (t: any) => {
    if (!storages.has(t)) rt.throwError('TypeError', 'Illegal invocation');
    return t;
  };
  const written = (t: any) => {
    if (t === localStorageObj) browser.clockFloor = Math.max(browser.clockFloor, loop.clock + 10);
  };
  define(SP, 'getItem', native('getItem', 1, (t, [k]) => (Object.prototype.hasOwnProperty.call(store(t), String(k)) ? t[String(k)] : null)), true);
  define(SP, 'setItem', native('setItem', 2, (t, [k, v]) => {
    Object.defineProperty(store(t), String(k), { value: String(v), writable: true, enumerable: true, configurable: true });
    written(t);
    return undefined;
  }), true);
  define(SP, 'removeItem', native('removeItem', 1, (t, [k]) => {
    delete store(t)[String(k)];
    written(t);
    return undefined;
  }), true);
  define(SP, 'clear', native('clear', 0, (t) => {
    for (const k of Object.keys(store(t))) delete t[k];
    written(t);
    return undefined;
  }), true);
  define(SP, 'key', native('key', 1, (t, [i]) => Object.keys(store(t))[Number(i)] ?? null), true);
  Object.defineProperty(SP, 'length', { get: native('get length', 0, (t) => Object.keys(store(t)).length), enumerable: true, configurable: true });
  define(g, 'Storage', StorageCtor);
  const localStorageObj = Object.create(SP);
  const sessionStorageObj = Object.create(SP);
  storages.add(localStorageObj);
  storages.add(sessionStorageObj);
  enumerable('localStorage', localStorageObj);
  enumerable('sessionStorage', sessionStorageObj);

  // ---- AbortController / AbortSignal
  /** An AbortSignal's state; a TaskSignal's also has its priority and the hooks its queued tasks registered (scheduler.ts). */
  type SignalState = { aborted: boolean; reason: any; onAbort: (() => void)[]; sources?: any[]; dependents?: any[]; priority?: string; priorityChanging?: boolean; onPriorityChange?: ((priority: string) => void)[] };
  /** `sources`: the signals a dependent one (AbortSignal.any) follows; `dependents`: the ones that follow it. */
  const signals = new WeakMap<object, SignalState>();
  const AbortSignal: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'AbortSignal', 0);
  Object.setPrototypeOf(AbortSignal.prototype, events.targetProto);
  Object.setPrototypeOf(AbortSignal, events.targetCtor);
  const sig = (t: any) => {
    const s = signals.get(t);
    if (!s) rt.throwError('TypeError', 'Illegal invocation');
    return s;
  };
  const newSignal = () => {
    const o = Object.create(AbortSignal.prototype);
    signals.set(o, { aborted: false, reason: undefined, onAbort: [] });
    return o;
  };
  // DOM "signal abort": the dependent signals get the reason first, their abort steps run after the signal's own.
  const runAbortSteps = (signal: any) => {
    for (const f of signals.get(signal)!.onAbort.splice(0)) f();
    events.dispatch(signal, events.create('Event', 'abort', {}, true), false);
  };
  const abort = (signal: any, reason: any) => {
    const s = signals.get(signal)!;
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason === undefined ? events.domException('AbortError', 'signal is aborted without reason') : reason;
    const toAbort: any[] = [];
    for (const d of s.dependents ?? []) {
      const ds = signals.get(d)!;
      if (ds.aborted) continue;
      ds.aborted = true;
      ds.reason = s.reason;
      toAbort.push(d);
    }
    runAbortSteps(signal);
    for (const d of toAbort) runAbortSteps(d);
  };
  Object.defineProperty(AbortSignal.prototype, 'aborted', { get: native('get aborted', 0, (t) => sig(t).aborted), enumerable: true, configurable: true });
  Object.defineProperty(AbortSignal.prototype, 'reason', { get: native('get reason', 0, (t) => sig(t).reason), enumerable: true, configurable: true });
  define(AbortSignal.prototype, 'throwIfAborted', native('throwIfAborted', 0, (t) => {
    if (sig(t).aborted) throw sig(t).reason;
    return undefined;
  }), true);
  events.handlerProperties(AbortSignal.prototype, ['abort']);
  define(AbortSignal, 'abort', native('abort', 0, (_t, [reason]) => {
    const s = newSignal();
    abort(s, reason);
    return s;
  }));
  define(AbortSignal, 'timeout', native('timeout', 1, (_t, [ms]) => {
    const s = newSignal();
    loop.addTimer({ delay: Math.max(0, Number(ms) | 0), callback: undefined, args: [], repeat: false, source: 'setTimeout', node: rt.callNode, label: `AbortSignal.timeout(${Number(ms)})`, host: () => abort(s, events.domException('TimeoutError', 'signal timed out')), nesting: 0, handle: undefined });
    return s;
  }));
  // DOM "create a dependent abort signal": a dependent signal follows the plain signals under its sources.
  define(AbortSignal, 'any', native('any', 1, (_t, [list]) => {
    const fail = (why: string) => rt.throwError('TypeError', `Failed to execute 'any' on 'AbortSignal': ${why}`);
    if (!((typeof list === 'object' && list !== null) || typeof list === 'function') || typeof rt.get(list, Symbol.iterator) !== 'function') fail('The provided value cannot be converted to a sequence.');
    const all: any[] = [];
    const rec = rt.getIterator(list, null);
    for (let r = rt.iterStep(rec); !r.done; r = rt.iterStep(rec)) {
      if (!signals.has(r.value)) fail("Failed to convert value to 'AbortSignal'.");
      all.push(r.value);
    }
    const result = newSignal();
    const rs = signals.get(result)!;
    for (const source of all) {
      const ss = signals.get(source)!;
      if (ss.aborted) {
        rs.aborted = true;
        rs.reason = ss.reason;
        return result;
      }
    }
    rs.sources = [];
    for (const source of all) {
      for (const plain of signals.get(source)!.sources ?? [source]) {
        if (rs.sources.includes(plain)) continue;
        rs.sources.push(plain);
        (signals.get(plain)!.dependents ??= []).push(result);
      }
    }
    return result;
  }));
  define(g, 'AbortSignal', AbortSignal);
  const AbortController: any = rt.realm.helpers.nativeCtor(
    (thisArg, _args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Failed to construct 'AbortController': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
      Object.defineProperty(thisArg, 'signal', { value: newSignal(), enumerable: true, configurable: true });
      return thisArg;
    },
    'AbortController',
    0,
  );
  define(AbortController.prototype, 'abort', native('abort', 0, (t, [reason]) => {
    if (t && signals.has(t.signal)) abort(t.signal, reason);
    return undefined;
  }), true);
  define(g, 'AbortController', AbortController);

  // ---- TaskController / TaskSignal (Prioritized Task Scheduling): an AbortController whose signal
  // has a priority; setPriority moves the signal's queued tasks (scheduler.ts), then fires
  // prioritychange (TaskPriorityChangeEvent, with previousPriority).
  const PRIORITIES = ['user-blocking', 'user-visible', 'background'];
  const TaskSignal: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'TaskSignal', 0);
  Object.setPrototypeOf(TaskSignal.prototype, AbortSignal.prototype);
  Object.setPrototypeOf(TaskSignal, AbortSignal);
  const taskSignal = (t: any) => {
    const s = signals.get(t);
    if (!s || s.priority === undefined) rt.throwError('TypeError', 'Illegal invocation');
    return s;
  };
  const newTaskSignal = (priority: string) => {
    const o = Object.create(TaskSignal.prototype);
    signals.set(o, { aborted: false, reason: undefined, onAbort: [], priority, priorityChanging: false, onPriorityChange: [] });
    return o;
  };
  Object.defineProperty(TaskSignal.prototype, 'priority', { get: native('get priority', 0, (t) => taskSignal(t).priority), enumerable: true, configurable: true });
  events.handlerProperties(TaskSignal.prototype, ['prioritychange']);
  const priorityOf = (v: any, what: string): string => {
    const p = String(v);
    if (!PRIORITIES.includes(p)) rt.throwError('TypeError', `${what}The provided value '${p}' is not a valid enum value of type TaskPriority.`);
    return p;
  };
  // TaskSignal.any(signals, { priority }): AbortSignal.any's dependent signal, with a fixed priority.
  define(TaskSignal, 'any', native('any', 1, (_t, [list, init]) => {
    const dependent = rt.call(AbortSignal.any, AbortSignal, [list]);
    const p = init !== undefined && init !== null && rt.get(init, 'priority') !== undefined ? priorityOf(rt.get(init, 'priority'), "Failed to execute 'any' on 'TaskSignal': Failed to read the 'priority' property from 'TaskSignalAnyInit': ") : 'user-visible';
    const ds = signals.get(dependent)!;
    Object.setPrototypeOf(dependent, TaskSignal.prototype);
    ds.priority = p;
    ds.priorityChanging = false;
    ds.onPriorityChange = [];
    return dependent;
  }));
  define(g, 'TaskSignal', TaskSignal);
  const TaskController: any = rt.realm.helpers.nativeCtor(
    (thisArg, [init], newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Failed to construct 'TaskController': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
      const raw = init !== undefined && init !== null ? rt.get(init, 'priority') : undefined;
      const p = raw === undefined ? 'user-visible' : priorityOf(raw, "Failed to construct 'TaskController': Failed to read the 'priority' property from 'TaskControllerInit': ");
      Object.defineProperty(thisArg, 'signal', { value: newTaskSignal(p), enumerable: true, configurable: true });
      return thisArg;
    },
    'TaskController',
    0,
  );
  Object.setPrototypeOf(TaskController.prototype, AbortController.prototype);
  Object.setPrototypeOf(TaskController, AbortController);
  // "signal priority change": the tasks move first, then the event.
  define(TaskController.prototype, 'setPriority', native('setPriority', 1, (t, [priority]) => {
    const p = priorityOf(priority, "Failed to execute 'setPriority' on 'TaskController': ");
    const signal = t && t.signal;
    const s = signals.get(signal);
    if (!s || s.priority === undefined) rt.throwError('TypeError', 'Illegal invocation');
    if (s.priorityChanging) throw events.domException('NotAllowedError', "Failed to execute 'setPriority' on 'TaskController': Cannot change priority when a prioritychange event is in progress.");
    if (s.priority === p) return undefined;
    s.priorityChanging = true;
    const previous = s.priority;
    s.priority = p;
    try {
      for (const f of s.onPriorityChange!) f(p);
      events.dispatch(signal, events.create('TaskPriorityChangeEvent', 'prioritychange', { previousPriority: previous }, true), false);
    } finally {
      s.priorityChanging = false;
    }
    return undefined;
  }), true);
  // WebIDL interfaces list their constructor last (Chromium).
  for (const [C, tag] of [[TaskSignal, 'TaskSignal'], [TaskController, 'TaskController']] as const) {
    delete C.prototype.constructor;
    Object.defineProperty(C.prototype, 'constructor', { value: C, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: tag, writable: false, enumerable: false, configurable: true });
  }
  define(g, 'TaskController', TaskController);
  abortHooks.signalOf = (init: any) => (init && typeof init === 'object' && signals.has(init.signal) ? init.signal : null);
  abortHooks.state = (s: any) => signals.get(s)!;
  installScheduler(rt, loop, P, browser, events, (s) => signals.get(s) ?? null, define);

  // ---- the user's clicks: a task at its time (a stop of its own)
  for (const c of opts.clicks) {
    // The step-through panel lists the declared clicks with the Web APIs until they happen.
    const webId = ++loop.jobIds;
    const line = c.node && c.node.line ? c.node.line : 0;
    if (rt.trace) rt.trace.push({ t: 'webapi-add', step: rt.steps, id: webId, api: 'user', label: `user click ${c.selector} at ${c.at} ms`, delay: c.at, due: c.at, line });
    browser.addClickStop(c.at, () => {
      if (rt.trace) rt.trace.push({ t: 'webapi-remove', step: rt.steps, id: webId });
      const target = dom.querySelector(c.selector);
      if (!target) {
        opts.onNote('user-event', `The user click on \`${c.selector}\` at ${c.at} ms found no element matching it at that time, so nothing was clicked.`, c.node && c.node.line ? c.node.line : 1);
        return;
      }
      browser.runTask(browser.job(() => dom.userClick(target), 'macrotask', 'event', 'macrotask', `user click ${c.selector}`, null, undefined, `click ${c.selector}`));
    });
  }
  return { format: makeBrowserFormat(rt, { nodeDescription: (v) => dom.describe(v) }) };
}
