// Node's MessageChannel and MessagePort (lib/internal/worker/io.js over libuv), on the simulated
// event loop, as measured on Node 20:
//   - postMessage clones its value (structuredClone: a DataCloneError is the caller's) and queues it
//     on the entangled port; a port that has not started keeps its messages until it starts
//     (onmessage set, a 'message' listener added, start());
//   - a started port's messages are delivered in the poll phase (after the timers, before the
//     immediates), each dispatch followed by the microtask checkpoint;
//   - close() closes both ports: messages already queued are still delivered, and each port's
//     'close' event fires in the close callbacks phase (after the immediates), this one first;
//   - a ref'd open port keeps the process alive (ref(), and a message listener, ref it; unref()
//     does not). When only such a port is left, real Node waits forever: the run stops there with an
//     `open-handle` diagnostic on the channel, and no beforeExit or exit event.
// `port.on('message', fn)` calls fn with the message's data; addEventListener listeners and
// onmessage get a MessageEvent. Nothing here hands a host object to the guest.
import type { Interpreter } from './runtime';
import type { Diagnostic } from '../types';
import { abortApiOf } from './abortModule';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

/** A message on its way: delivered by its poll job unless receiveMessageOnPort took it first. */
interface Message {
  data: any;
  taken: boolean;
}

interface PortState {
  other: any;
  /** Messages that arrived before the port started. */
  waiting: Message[];
  /** Messages scheduled for delivery, oldest first. */
  inbox: Message[];
  started: boolean;
  closed: boolean;
  refed: boolean;
  /** Where the channel was made (the open-handle diagnostic). */
  node: any;
}

export interface NodeMessaging {
  MessageChannel: any;
  MessagePort: any;
  /** worker_threads.receiveMessageOnPort. */
  receiveMessageOnPort: any;
}

const apis = new WeakMap<Interpreter, NodeMessaging>();

export function nodeMessagingOf(rt: Interpreter, native: Native, g: any, report: (d: Diagnostic) => void): NodeMessaging {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeMessaging(rt, native, g, report)));
  return api;
}

function makeMessaging(rt: Interpreter, native: Native, g: any, report: (d: Diagnostic) => void): NodeMessaging {
  const events = abortApiOf(rt, native, g);
  const loop = rt.loop;
  const ports = new WeakMap<object, PortState>();
  const define = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const codeError = (ctor: 'TypeError', message: string, code: string) => rt.makeCodedError(ctor, message, code);
  const stateOf = (o: any, what: string): PortState => {
    const s = ports.get(o);
    if (!s) throw codeError('TypeError', `Value of "this" must be of type MessagePort (${what})`, 'ERR_INVALID_THIS');
    return s;
  };
  const live = (port: any, s: PortState) => {
    if (s.refed && !s.closed) loop.liveHandles.add(port);
    else loop.liveHandles.delete(port);
  };

  // The poll phase's delivery of one message to a started port.
  const schedule = (port: any, message: Message) => {
    const s = ports.get(port)!;
    s.inbox.push(message);
    const job = loop.makeJob(
      () => {
        if (message.taken) return;
        message.taken = true;
        s.inbox.splice(s.inbox.indexOf(message), 1);
        const event = rt.construct(events.MessageEvent, ['message', rt.realm.membrane.record2('data', message.data, 'ports', rt.newArray([]))], events.MessageEvent);
        events.dispatch(port, event);
      },
      'macrotask',
      'postMessage',
      'macrotask',
      'MessagePort message',
      s.node,
    );
    job.handle = port;
    loop.pollJobs.push(job);
  };
  const start = (port: any, s: PortState) => {
    if (s.started || s.closed) return;
    s.started = true;
    for (const m of s.waiting.splice(0)) schedule(port, m);
  };

  // ---- MessagePort ------------------------------------------------------------------------------
  const MessagePort: any = rt.realm.helpers.nativeCtor(
    () => {
      throw codeError('TypeError', 'Constructor cannot be called', 'ERR_CONSTRUCT_CALL_INVALID');
    },
    'MessagePort',
    0,
  );
  // MessagePort.prototype → NodeEventTarget's (on, once, off…) → EventTarget.prototype, as in Node.
  const nodeEventTarget = Object.create(events.EventTarget.prototype);
  Object.setPrototypeOf(MessagePort.prototype, nodeEventTarget);
  Object.setPrototypeOf(MessagePort, events.EventTarget);
  const mp = MessagePort.prototype;
  // Node's own order: postMessage, start, constructor, ref, unref, hasRef, onmessage, onmessageerror, close.
  delete mp.constructor;
  define(mp, 'postMessage', native('postMessage', 1, (o, [value]) => {
    const s = stateOf(o, 'postMessage');
    const data = rt.call(g.structuredClone, undefined, [value]);
    if (s.closed || s.other === null) return undefined;
    const to = ports.get(s.other)!;
    if (to.closed) return undefined;
    const message: Message = { data, taken: false };
    if (to.started) schedule(s.other, message);
    else to.waiting.push(message);
    return undefined;
  }));
  define(mp, 'start', native('start', 0, (o) => {
    start(o, stateOf(o, 'start'));
    return undefined;
  }));
  define(mp, 'constructor', MessagePort);
  define(mp, 'ref', native('ref', 0, (o) => {
    const s = stateOf(o, 'ref');
    s.refed = true;
    live(o, s);
    return undefined;
  }));
  define(mp, 'unref', native('unref', 0, (o) => {
    const s = stateOf(o, 'unref');
    s.refed = false;
    live(o, s);
    return undefined;
  }));
  define(mp, 'hasRef', native('hasRef', 0, (o) => {
    const s = stateOf(o, 'hasRef');
    return s.refed && !s.closed;
  }));
  // (Setting onmessage adds its listener: the port starts and is ref'd, as for any 'message' listener.)
  events.eventHandlerAttribute(mp, 'message', (o) => stateOf(o, 'onmessage'));
  events.eventHandlerAttribute(mp, 'messageerror', (o) => stateOf(o, 'onmessageerror'));
  define(mp, 'close', native('close', 0, (o) => {
    const s = stateOf(o, 'close');
    if (s.closed) return undefined;
    const pair = s.other === null ? [o] : [o, s.other];
    for (const p of pair) {
      const ps = ports.get(p)!;
      ps.closed = true;
      ps.waiting.length = 0;
      live(p, ps);
    }
    for (const p of pair) {
      loop.closeJobs.push(loop.makeJob(() => void events.dispatch(p, rt.construct(events.Event, ['close'], events.Event)), 'macrotask', 'postMessage', 'macrotask', 'MessagePort close', s.node));
    }
    return undefined;
  }));
  // Node's EventEmitter-style methods (NodeEventTarget): a 'message' listener gets the data.
  const nodeStyle = new WeakMap<object, any>();
  const wrap = (type: string, fn: any) => {
    let w = nodeStyle.get(fn);
    if (!w) {
      w = native('', 1, (self, [event]) => rt.call(fn, self, type === 'message' ? [rt.get(event, 'data')] : []));
      if ((typeof fn === 'object' || typeof fn === 'function') && fn !== null) nodeStyle.set(fn, w);
    }
    return w;
  };
  const on = native('on', 2, (o, [type, fn]) => {
    if (typeof fn !== 'function') throw codeError('TypeError', `The "listener" argument must be of type function. Received ${typeof fn}`, 'ERR_INVALID_ARG_TYPE');
    events.addListener(o, String(type), wrap(String(type), fn), undefined);
    return o;
  });
  const off = native('off', 2, (o, [type, fn]) => {
    const w = nodeStyle.get(fn);
    if (w) rt.call(rt.get(o, 'removeEventListener'), o, [type, w]);
    return o;
  });
  for (const [name, f] of [['on', on], ['addListener', on], ['off', off], ['removeListener', off]] as const) define(nodeEventTarget, name, f);
  define(nodeEventTarget, 'once', native('once', 2, (o, [type, fn]) => {
    const opts = rt.newObject();
    opts.once = true;
    events.addListener(o, String(type), wrap(String(type), fn), opts);
    return o;
  }));
  Object.defineProperty(mp, Symbol.toStringTag, { value: 'MessagePort', writable: false, enumerable: false, configurable: true });

  const newPort = (node: any): any => {
    const port = Object.create(mp);
    ports.set(port, { other: null, waiting: [], inbox: [], started: false, closed: false, refed: false, node });
    // A 'message' listener starts and refs the port (Node's kNewListener).
    events.listenerAdded.set(port, (type) => {
      if (type !== 'message') return;
      const s = ports.get(port)!;
      s.refed = true;
      start(port, s);
      live(port, s);
    });
    return port;
  };

  // ---- MessageChannel ----------------------------------------------------------------------------
  const MessageChannel: any = rt.realm.helpers.nativeCtor(
    (_t, _args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor MessageChannel cannot be invoked without 'new'");
      const node = rt.callNode ?? rt.currentNode;
      const port1 = newPort(node);
      const port2 = newPort(node);
      ports.get(port1)!.other = port2;
      ports.get(port2)!.other = port1;
      const proto = rt.get(newTarget, 'prototype');
      const channel = Object.create((typeof proto === 'object' && proto !== null) || typeof proto === 'function' ? proto : MessageChannel.prototype);
      Object.defineProperty(channel, 'port1', { value: port1, writable: true, enumerable: true, configurable: true });
      Object.defineProperty(channel, 'port2', { value: port2, writable: true, enumerable: true, configurable: true });
      return channel;
    },
    'MessageChannel',
    0,
  );

  // Real Node would wait forever for a message no one can send: say so, where the channel was made.
  loop.onlyHandlesLeft = () => {
    const first = [...loop.liveHandles][0];
    const node = first !== undefined ? ports.get(first)?.node : undefined;
    const loc = node && node.loc ? node.loc : { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
    report({
      code: 'open-handle',
      severity: 'warning',
      message: 'Node never exits here: a MessagePort of this channel is open and ref\'d (a message listener or ref() keeps it), and nothing else is left to run. Real Node waits forever; the simulation stops. Close the port (port.close()) or unref() it.',
      line: loc.start.line,
      column: loc.start.column,
      endLine: loc.end.line,
      endColumn: loc.end.column,
    });
  };
  // worker_threads.receiveMessageOnPort(port): the oldest message not delivered yet, as { message }, or undefined.
  const receiveMessageOnPort = native('receiveMessageOnPort', 1, (_t, [port]) => {
    const s = ports.get(port);
    if (!s) throw codeError('TypeError', 'The "port" argument must be a MessagePort instance', 'ERR_INVALID_ARG_TYPE');
    const m = s.inbox.find((x) => !x.taken) ?? s.waiting.find((x) => !x.taken);
    if (m === undefined) return undefined;
    m.taken = true;
    const list = s.inbox.includes(m) ? s.inbox : s.waiting;
    list.splice(list.indexOf(m), 1);
    const out = rt.newObject();
    out.message = m.data;
    return out;
  });
  return { MessageChannel, MessagePort, receiveMessageOnPort };
}
