// Messaging within the page: MessageChannel/MessagePort, window.postMessage and BroadcastChannel.
// Each message is a task on the task queue (FIFO with the timers due, as in Chromium: a
// setTimeout(0) and a message run in the order they were posted), dispatched as a MessageEvent by
// the event loop (a microtask checkpoint after each listener). The data is structured-cloned when
// posted. A port delivers only once started (its onmessage setter or start()); messages posted
// before wait in its queue. BroadcastChannel messages go through the browser process in Chromium:
// they are queued when the posting task ends (after its microtasks).
// Invariant: ports and channels are realm objects; their state lives in host WeakMaps.
import type { Interpreter } from '../runtime';
import type { BrowserLoop } from './eventLoop';
import type { Events } from './events';
import { PAGE_ORIGIN } from './dom';

interface PortState {
  other: any;
  started: boolean;
  closed: boolean;
  /** Messages not delivered yet: one delivery task at a time (`delivering`), as Chromium's port does. */
  pending: any[];
  delivering: boolean;
  /** Messages dispatched so far: the first delivery task of a port carries one message, later ones all that wait. */
  delivered: number;
}

interface ChannelState {
  name: string;
  closed: boolean;
}

export function installMessaging(rt: Interpreter, browser: BrowserLoop, events: Events, define: (o: any, name: string | symbol, value: any, enumerable?: boolean) => void): void {
  const g = rt.global;
  const native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => rt.native(name, length, fn);
  const clone = g.structuredClone;
  const ports = new WeakMap<object, PortState>();
  const cls = (name: string, construct: ((thisArg: any, args: any[]) => any) | null) => {
    const ctor: any = rt.realm.helpers.nativeCtor(
      (thisArg, args, newTarget) => {
        if (newTarget === undefined) rt.throwError('TypeError', `Failed to construct '${name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function.`);
        if (!construct) rt.throwError('TypeError', 'Illegal constructor');
        return construct(thisArg, args);
      },
      name,
      0,
    );
    Object.setPrototypeOf(ctor.prototype, events.targetProto);
    Object.setPrototypeOf(ctor, events.targetCtor);
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
    define(g, name, ctor);
    return ctor;
  };
  const deliver = (target: any, data: any, origin: string, source: any, label: string, detail: string, now = false) => {
    (now ? browser.runAsTask : browser.postTask).call(browser, 
      () => {
        const e = events.create('MessageEvent', 'message', { data, origin, source, ports: rt.newArray([]) }, true);
        events.dispatch(target, e, true);
      },
      'postMessage',
      label,
      rt.callNode,
      undefined,
      detail,
    );
  };

  // ---- MessageChannel / MessagePort
  const Port = cls('MessagePort', null);
  const portState = (t: any, what: string) => {
    const s = ports.get(t);
    if (!s) rt.throwError('TypeError', `Illegal invocation (${what})`);
    return s;
  };
  // A started port delivers its queue in tasks, the next posted when the previous one has run:
  // the first task carries one message, each later one every message waiting when it runs
  // (measured: m1, m2, m3 posted, then a setTimeout(0), run as m1, timeout, m2, m3).
  const pump = (port: any) => {
    const s = ports.get(port)!;
    if (!s.started || s.delivering || s.closed || s.pending.length === 0) return;
    s.delivering = true;
    browser.postTask(
      () => {
        const batch = s.delivered === 0 ? s.pending.splice(0, 1) : s.pending.splice(0);
        s.delivered += batch.length;
        try {
          for (const data of batch) {
            if (s.closed) break;
            const e = events.create('MessageEvent', 'message', { data, origin: '', source: null, ports: rt.newArray([]) }, true);
            events.dispatch(port, e, true);
          }
        } finally {
          s.delivering = false;
          pump(port);
        }
      },
      'postMessage',
      'message (MessagePort)',
      rt.callNode,
      undefined,
      'message',
    );
  };
  const start = (port: any) => {
    const s = ports.get(port)!;
    if (s.started) return;
    s.started = true;
    pump(port);
  };
  define(Port.prototype, 'postMessage', native('postMessage', 1, (t, [message]) => {
    const s = portState(t, 'postMessage');
    const data = rt.call(clone, undefined, [message]);
    if (s.closed || !s.other) return undefined;
    const to = ports.get(s.other)!;
    if (to.closed) return undefined;
    to.pending.push(data);
    pump(s.other);
    return undefined;
  }), true);
  define(Port.prototype, 'start', native('start', 0, (t) => (portState(t, 'start'), start(t), undefined)), true);
  define(Port.prototype, 'close', native('close', 0, (t) => {
    const s = portState(t, 'close');
    s.closed = true;
    return undefined;
  }), true);
  events.handlerProperties(Port.prototype, ['message', 'messageerror'], (target, type) => {
    if (type === 'message' && ports.has(target)) start(target);
  });
  cls('MessageChannel', (thisArg) => {
    const a = Object.create(Port.prototype);
    const b = Object.create(Port.prototype);
    ports.set(a, { other: b, started: false, closed: false, pending: [], delivering: false, delivered: 0 });
    ports.set(b, { other: a, started: false, closed: false, pending: [], delivering: false, delivered: 0 });
    Object.defineProperty(thisArg, 'port1', { value: a, enumerable: true, configurable: true });
    Object.defineProperty(thisArg, 'port2', { value: b, enumerable: true, configurable: true });
    return thisArg;
  });

  // ---- window.postMessage
  define(
    g,
    'postMessage',
    native('postMessage', 1, (_t, args) => {
      const [message, targetOrigin] = args;
      if (args.length === 0) rt.throwError('TypeError', "Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present.");
      const to = targetOrigin && typeof targetOrigin === 'object' ? targetOrigin.targetOrigin ?? '/' : targetOrigin === undefined ? '/' : String(targetOrigin);
      const data = rt.call(clone, undefined, [message]);
      if (to !== '*' && to !== '/') {
        let origin: string;
        try {
          origin = new URL(String(to)).origin;
        } catch {
          throw events.domException('SyntaxError', `Failed to execute 'postMessage' on 'Window': Invalid target origin '${String(to)}' in a call to 'postMessage'.`);
        }
        if (origin !== PAGE_ORIGIN) return undefined;
      }
      deliver(g, data, PAGE_ORIGIN, g, 'message (window.postMessage)', 'message');
      return undefined;
    }),
    true,
  );

  // ---- BroadcastChannel
  const channels: any[] = [];
  const chans = new WeakMap<object, ChannelState>();
  const BC = cls('BroadcastChannel', (thisArg, [name]) => {
    if (name === undefined) rt.throwError('TypeError', "Failed to construct 'BroadcastChannel': 1 argument required, but only 0 present.");
    chans.set(thisArg, { name: String(name), closed: false });
    channels.push(thisArg);
    return thisArg;
  });
  const chan = (t: any, what: string) => {
    const s = chans.get(t);
    if (!s) rt.throwError('TypeError', `Illegal invocation (${what})`);
    return s;
  };
  Object.defineProperty(BC.prototype, 'name', { get: native('get name', 0, (t) => chan(t, 'name').name), enumerable: true, configurable: true });
  define(BC.prototype, 'postMessage', native('postMessage', 1, (t, [message]) => {
    const s = chan(t, 'postMessage');
    if (s.closed) throw events.domException('InvalidStateError', "Failed to execute 'postMessage' on 'BroadcastChannel': Channel is closed");
    const data = rt.call(clone, undefined, [message]);
    const to = channels.filter((c) => c !== t && !chans.get(c)!.closed && chans.get(c)!.name === s.name);
    browser.afterTask(() => {
      for (const c of to) if (!chans.get(c)!.closed) deliver(c, data, PAGE_ORIGIN, null, `message (BroadcastChannel '${s.name}')`, 'BroadcastChannel message', browser.loopStarted);
    });
    return undefined;
  }), true);
  define(BC.prototype, 'close', native('close', 0, (t) => {
    chan(t, 'close').closed = true;
    return undefined;
  }), true);
  events.handlerProperties(BC.prototype, ['message', 'messageerror']);
}
