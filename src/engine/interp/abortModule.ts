// EventTarget, Event, AbortController, AbortSignal and DOMException, simulated as realm objects
// (Node 20's lib/internal/event_target.js and abort_controller.js, the parts programs use):
// listeners run synchronously in registration order with `this` the target; { once, signal };
// a listener's throw is reported as an uncaught exception on the next tick, as Node does;
// AbortSignal.timeout arms an unref'd timer (it never keeps the process alive).
// Invariant: state lives in host WeakMaps keyed by realm objects; guest listeners are called
// only through rt.call; every list the host walks is a snapshot with a bounded length.
import { runsOnNode24, type Interpreter } from './runtime';
import { HostSignal } from './values';
import * as util from 'util';
import { describeReceived } from './globals';
import { constructorName, deeper, definePlatformInspector, pastDepth, placeholder, type Display } from './platformInspect';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

interface Listener {
  fn: any;
  capture: boolean;
  once: boolean;
  removed: boolean;
}
interface TargetState {
  listeners: Map<string, Listener[]>;
}
interface EventState {
  type: string;
  cancelable: boolean;
  defaultPrevented: boolean;
  target: any;
  currentTarget: any;
  stopImmediate: boolean;
  timeStamp: number;
  dispatching: boolean;
}
interface SignalState {
  aborted: boolean;
  reason: any;
  /** A signal AbortSignal.any made: the plain signals it follows. */
  sources?: any[];
  /** The signals AbortSignal.any made of this one (they abort after its own event). */
  dependents?: any[];
}

const MAX_LISTENERS = 100_000;

export interface AbortApi {
  EventTarget: any;
  Event: any;
  CustomEvent: any;
  AbortController: any;
  /** events.getEventListeners of an EventTarget: its listeners of `type`, in order; null for anything else. */
  listenersOf(target: any, type: string): any[] | null;
  MessageEvent: any;
  /** For messagePorts.ts: an event of `type` dispatched on a target (its listeners run in order). */
  dispatch(target: any, event: any): boolean;
  addListener(target: any, type: string, fn: any, options: any): void;
  /** Called after a listener is added to this target (a MessagePort starts on its first 'message' listener). */
  readonly listenerAdded: WeakMap<object, (type: string) => void>;
  /** `on<type>` event handler attributes on a prototype (onabort, onmessage, …). */
  eventHandlerAttribute(proto: any, type: string, check: (o: any) => unknown): void;
  AbortSignal: any;
  DOMException: any;
}

const apis = new WeakMap<Interpreter, AbortApi>();

export function abortApiOf(rt: Interpreter, native: Native, g: any): AbortApi {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeAbort(rt, native, g)));
  return api;
}

function makeAbort(rt: Interpreter, native: Native, g: any): AbortApi {
  const targets = new WeakMap<object, TargetState>();
  const events = new WeakMap<object, EventState>();
  const signals = new WeakMap<object, SignalState>();
  const define = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const getter = (o: any, name: string, get: (self: any) => any, set?: (self: any, v: any) => void) =>
    Object.defineProperty(o, name, { get: native(`get ${name}`, 0, (self) => get(self)), set: set ? native(`set ${name}`, 1, (self, [v]) => void set(self, v)) : undefined, enumerable: true, configurable: true });
  const codeError = (ctor: 'Error' | 'TypeError' | 'RangeError', message: string, code: string) => rt.makeCodedError(ctor, message, code);
  const received = describeReceived;
  const protoFor = (newTarget: any, fallback: any) => {
    const p = rt.get(newTarget, 'prototype');
    return (typeof p === 'object' || typeof p === 'function') && p !== null ? p : fallback;
  };

  // ---- DOMException -----------------------------------------------------------------------------
  const DOM_CODES: Record<string, number> = { IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25 };
  const domNames = new WeakMap<object, { name: string; message: string }>();
  const DOMExceptionCtor: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor DOMException cannot be invoked without 'new'");
      const message = args[0] === undefined ? '' : String(args[0]);
      let name = 'Error';
      const opt = args[1];
      if (opt !== undefined) name = typeof opt === 'object' && opt !== null ? String(rt.get(opt, 'name') ?? 'Error') : String(opt);
      // A realm Error (it gets a stack like every error) moved onto DOMException.prototype.
      const e = rt.makeError('Error', message);
      Object.setPrototypeOf(e, protoFor(newTarget, DOMExceptionCtor.prototype));
      delete e.message;
      domNames.set(e, { name, message });
      if (typeof e.stack === 'string') define(e, 'stack', e.stack.replace(/^Error/, name));
      return e;
    },
    'DOMException',
    0,
  );
  Object.setPrototypeOf(DOMExceptionCtor.prototype, rt.intr.Error.prototype);
  const domOf = (o: any) => domNames.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type DOMException');
  Object.defineProperty(DOMExceptionCtor.prototype, 'name', { get: native('get name', 0, (o) => domOf(o).name), enumerable: true, configurable: true });
  Object.defineProperty(DOMExceptionCtor.prototype, 'message', { get: native('get message', 0, (o) => domOf(o).message), enumerable: true, configurable: true });
  Object.defineProperty(DOMExceptionCtor.prototype, 'code', { get: native('get code', 0, (o) => DOM_CODES[domOf(o).name] ?? 0), enumerable: true, configurable: true });
  Object.defineProperty(DOMExceptionCtor.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
  for (const [k, v] of Object.entries(DOM_CODES)) {
    const constName = k.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_ERR';
    Object.defineProperty(DOMExceptionCtor, constName, { value: v, enumerable: true });
  }
  const domException = (message: string, name: string) => rt.construct(DOMExceptionCtor, [message, name], DOMExceptionCtor);

  // ---- Event --------------------------------------------------------------------------------------
  const eventOf = (o: any): EventState => events.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type Event');
  const EventCtor: any = rt.realm.helpers.nativeCtor(
    (_t, args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor Event cannot be invoked without 'new'");
      if (args.length === 0) throw codeError('TypeError', 'The "type" argument must be specified', 'ERR_MISSING_ARGS');
      const opts = args[1];
      const cancelable = opts !== undefined && opts !== null && !!rt.get(opts, 'cancelable');
      const o = Object.create(protoFor(newTarget, EventCtor.prototype));
      events.set(o, { type: String(args[0]), cancelable, defaultPrevented: false, target: null, currentTarget: null, stopImmediate: false, timeStamp: rt.loop.clock, dispatching: false });
      return o;
    },
    'Event',
    1,
  );
  const ep = EventCtor.prototype;
  getter(ep, 'type', (o) => eventOf(o).type);
  getter(ep, 'target', (o) => eventOf(o).target);
  getter(ep, 'currentTarget', (o) => eventOf(o).currentTarget);
  getter(ep, 'srcElement', (o) => eventOf(o).target);
  getter(ep, 'cancelable', (o) => eventOf(o).cancelable);
  getter(ep, 'defaultPrevented', (o) => eventOf(o).cancelable && eventOf(o).defaultPrevented);
  getter(ep, 'timeStamp', (o) => eventOf(o).timeStamp);
  getter(ep, 'isTrusted', () => false);
  getter(ep, 'bubbles', () => false);
  getter(ep, 'composed', () => false);
  getter(ep, 'eventPhase', (o) => (eventOf(o).dispatching ? 2 : 0));
  getter(ep, 'returnValue', (o) => !(eventOf(o).cancelable && eventOf(o).defaultPrevented));
  define(ep, 'preventDefault', native('preventDefault', 0, (o) => void (eventOf(o).defaultPrevented = true)));
  define(ep, 'stopImmediatePropagation', native('stopImmediatePropagation', 0, (o) => void (eventOf(o).stopImmediate = true)));
  define(ep, 'stopPropagation', native('stopPropagation', 0, (o) => void eventOf(o)));
  define(ep, 'composedPath', native('composedPath', 0, (o) => rt.newArray(eventOf(o).dispatching ? [eventOf(o).currentTarget] : [])));
  // Node's displays (lib/internal/event_target.js, abort_controller.js [inspect.custom]).
  definePlatformInspector(rt, ep, (self, depth, opts) => {
    const es = events.get(self);
    if (!es) return undefined;
    const name = constructorName(self, 'Event');
    if (depth < 0) return name;
    return `${name} ${util.inspect({ type: es.type, defaultPrevented: es.cancelable && es.defaultPrevented, cancelable: es.cancelable, timeStamp: es.timeStamp }, deeper(opts))}`;
  });
  Object.defineProperty(ep, Symbol.toStringTag, { value: 'Event', configurable: true });
  for (const [k, v] of [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]] as const) Object.defineProperty(EventCtor, k, { value: v, enumerable: true });

  /**
   * An Event subclass of Node's (CustomEvent, MessageEvent): Event's constructor with the same
   * arguments, then its own fields read from the init dictionary (`fieldsOf`), each a getter on its
   * prototype that throws ERR_INVALID_THIS on any other receiver.
   */
  const eventSubclass = <F extends Record<string, any>>(name: string, fieldsOf: (init: any) => F, fieldNames: readonly (keyof F & string)[]) => {
    const fields = new WeakMap<object, F>();
    const Ctor: any = rt.realm.helpers.nativeCtor(
      (_t, args, newTarget) => {
        if (newTarget === undefined) rt.throwError('TypeError', `Class constructor ${name} cannot be invoked without 'new'`);
        if (args.length === 0) throw codeError('TypeError', 'The "type" argument must be specified', 'ERR_MISSING_ARGS');
        const o = rt.construct(EventCtor, [args[0], args[1]], newTarget);
        fields.set(o, fieldsOf(args[1] === null ? undefined : args[1]));
        return o;
      },
      name,
      1,
    );
    Object.setPrototypeOf(Ctor, EventCtor);
    Object.setPrototypeOf(Ctor.prototype, ep);
    for (const k of fieldNames) {
      getter(Ctor.prototype, k, (o) => {
        const f = fields.get(o);
        if (!f) throw codeError('TypeError', `Value of "this" must be of type ${name}`, 'ERR_INVALID_THIS');
        return f[k];
      });
    }
    return Ctor;
  };
  const initField = (init: any, k: string) => (init === undefined ? undefined : rt.get(init, k));
  // CustomEvent (lib/internal/event_target.js): `detail`, null by default.
  const CustomEventCtor = eventSubclass('CustomEvent', (init) => ({ detail: initField(init, 'detail') ?? null }), ['detail']);
  Object.defineProperty(CustomEventCtor.prototype, Symbol.toStringTag, { value: 'CustomEvent', writable: false, enumerable: false, configurable: true });
  // MessageEvent (lib/internal/worker/io.js): data, origin, lastEventId, source, ports.
  const MessageEventCtor = eventSubclass(
    'MessageEvent',
    (init) => {
      const ports = initField(init, 'ports');
      return { data: initField(init, 'data') ?? null, origin: String(initField(init, 'origin') ?? ''), lastEventId: String(initField(init, 'lastEventId') ?? ''), source: initField(init, 'source') ?? null, ports: ports === undefined ? rt.newArray([]) : ports };
    },
    ['data', 'origin', 'lastEventId', 'source', 'ports'],
  );

  // ---- EventTarget --------------------------------------------------------------------------------
  const stateOf = (o: any): TargetState => {
    let s = targets.get(o);
    if (!s) {
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null) rt.throwError('TypeError', 'Value of "this" must be of type EventTarget');
      s = { listeners: new Map() };
      targets.set(o, s);
    }
    return s;
  };
  const EventTargetCtor: any = rt.realm.helpers.nativeCtor(
    (_t, _args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor EventTarget cannot be invoked without 'new'");
      const o = Object.create(protoFor(newTarget, EventTargetCtor.prototype));
      targets.set(o, { listeners: new Map() });
      return o;
    },
    'EventTarget',
    0,
  );
  const tp = EventTargetCtor.prototype;
  const listenerAdded = new WeakMap<object, (type: string) => void>();
  /**
   * `on<type>` on a prototype: an event handler attribute, one listener at the place where it was
   * first set (HTML's event handler processing, which Node's EventTarget follows). `check` throws
   * for a receiver of the wrong kind.
   */
  const handlers = new WeakMap<object, Map<string, { handler: any }>>();
  const eventHandlerAttribute = (proto: any, type: string, check: (o: any) => unknown) => {
    const slotOf = (o: any) => {
      let m = handlers.get(o);
      if (!m) handlers.set(o, (m = new Map()));
      return m;
    };
    getter(
      proto,
      'on' + type,
      (o) => {
        check(o);
        return handlers.get(o)?.get(type)?.handler ?? null;
      },
      (o, v) => {
        check(o);
        const m = slotOf(o);
        let h = m.get(type);
        const handler = typeof v === 'function' || (typeof v === 'object' && v !== null) ? v : null;
        if (h) {
          h.handler = handler;
          return;
        }
        if (handler === null) return;
        m.set(type, (h = { handler }));
        const slot = h;
        addListener(o, type, native('', 1, (self, [event]) => (typeof slot.handler === 'function' ? rt.call(slot.handler, self, [event]) : undefined)), undefined);
      },
    );
  };
  const removeListener = (self: any, type: string, fn: any, capture: boolean) => {
    const list = stateOf(self).listeners.get(type);
    if (!list) return;
    const i = list.findIndex((l) => l.fn === fn && l.capture === capture);
    if (i >= 0) {
      list[i].removed = true;
      list.splice(i, 1);
    }
  };
  const addListener = (self: any, typeArg: any, fn: any, options: any) => {
    if (fn === undefined || fn === null) return;
    if (typeof fn !== 'function' && typeof fn !== 'object') throw codeError('TypeError', `The "listener" argument must be an instance of EventListener. Received ${received(fn)}`, 'ERR_INVALID_ARG_TYPE');
    const type = String(typeArg);
    let once = false;
    let capture = false;
    let signal: any;
    if (typeof options === 'boolean') capture = options;
    else if (options !== undefined && options !== null && typeof options === 'object') {
      once = !!rt.get(options, 'once');
      capture = !!rt.get(options, 'capture');
      signal = rt.get(options, 'signal');
    }
    if (signal !== undefined) {
      const ss = signals.get(signal);
      if (!ss) throw codeError('TypeError', `The "options.signal" property must be an instance of AbortSignal. Received ${received(signal)}`, 'ERR_INVALID_ARG_TYPE');
      if (ss.aborted) return;
    }
    const s = stateOf(self);
    const list = s.listeners.get(type) ?? [];
    if (list.some((l) => l.fn === fn && l.capture === capture)) return;
    if (list.length >= MAX_LISTENERS) rt.throwError('RangeError', `The simulation keeps at most ${MAX_LISTENERS} listeners per event`);
    list.push({ fn, capture, once, removed: false });
    s.listeners.set(type, list);
    listenerAdded.get(self)?.(type);
    if (signal !== undefined) addListener(signal, 'abort', native('', 0, () => removeListener(self, type, fn, capture)), { once: true });
  };
  define(tp, 'addEventListener', native('addEventListener', 2, (self, [type, fn, options]) => {
    if (type === undefined) throw codeError('TypeError', 'The "type" and "listener" arguments must be specified', 'ERR_MISSING_ARGS');
    addListener(self, type, fn, options);
    return undefined;
  }));
  define(tp, 'removeEventListener', native('removeEventListener', 2, (self, [type, fn, options]) => {
    const capture = typeof options === 'boolean' ? options : options !== undefined && options !== null && typeof options === 'object' ? !!rt.get(options, 'capture') : false;
    removeListener(self, String(type), fn, capture);
    return undefined;
  }));
  const dispatch = (self: any, event: any): boolean => {
    const es = events.get(event);
    if (!es) throw codeError('TypeError', `The "event" argument must be an instance of Event. Received ${received(event)}`, 'ERR_INVALID_ARG_TYPE');
    if (es.dispatching) throw domException('The event is already being dispatched', 'InvalidStateError');
    es.dispatching = true;
    es.target = self;
    es.currentTarget = self;
    es.stopImmediate = false;
    try {
      const list = (stateOf(self).listeners.get(es.type) ?? []).slice();
      const call = (fn: any) => {
        try {
          if (typeof fn === 'function') rt.call(fn, self, [event]);
          else {
            const h = rt.get(fn, 'handleEvent');
            if (typeof h === 'function') rt.call(h, fn, [event]);
          }
        } catch (e) {
          if (e instanceof HostSignal) throw e;
          // Node reports a listener's exception as uncaught (process.nextTick(() => { throw err })).
          const err = rt.toGuest(e);
          const thrower = native('', 0, () => {
            throw err;
          });
          rt.call(rt.get(g.process, 'nextTick'), g.process, [thrower]);
        }
      };
      for (const l of list) {
        if (es.stopImmediate) break;
        if (l.removed) continue;
        if (l.once) removeListener(self, es.type, l.fn, l.capture);
        call(l.fn);
      }
    } finally {
      es.dispatching = false;
      es.currentTarget = null;
    }
    return !(es.cancelable && es.defaultPrevented);
  };
  define(tp, 'dispatchEvent', native('dispatchEvent', 1, (self, [event]) => dispatch(self, event)));
  // No Symbol.toStringTag on EventTarget.prototype: Node's own inspector prints a subclass as
  // `Emitter {}`, whatever its own properties.
  definePlatformInspector(rt, tp, (self, depth, opts) => {
    if (!targets.has(self)) return undefined;
    const name = constructorName(self, 'EventTarget');
    return depth < 0 ? name : `${name} ${util.inspect({}, deeper(opts))}`;
  });

  // ---- AbortSignal / AbortController ----------------------------------------------------------------
  const signalOf = (o: any): SignalState => signals.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type AbortSignal');
  const AbortSignalCtor: any = rt.realm.helpers.nativeCtor(() => rt.throwError('TypeError', 'Illegal constructor'), 'AbortSignal', 0);
  Object.setPrototypeOf(AbortSignalCtor, EventTargetCtor);
  Object.setPrototypeOf(AbortSignalCtor.prototype, tp);
  const sp = AbortSignalCtor.prototype;
  const newSignal = () => {
    const o = Object.create(sp);
    targets.set(o, { listeners: new Map() });
    signals.set(o, { aborted: false, reason: undefined });
    return o;
  };
  const abortSignal = (signal: any, reason: any) => {
    const s = signalOf(signal);
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason === undefined ? domException('This operation was aborted', 'AbortError') : reason;
    dispatch(signal, rt.construct(EventCtor, ['abort'], EventCtor));
    // Node's abortSignal: the signals AbortSignal.any made of this one abort after its own event, in the order they were made.
    if (s.dependents) for (const d of s.dependents) abortSignal(d, s.reason);
  };
  getter(sp, 'aborted', (o) => signalOf(o).aborted);
  getter(sp, 'reason', (o) => signalOf(o).reason);
  eventHandlerAttribute(sp, 'abort', signalOf);
  define(sp, 'throwIfAborted', native('throwIfAborted', 0, (o) => {
    const s = signalOf(o);
    if (s.aborted) throw s.reason;
    return undefined;
  }));
  const signalDisplay: Display = (self, depth, opts) => {
    const ss = signals.get(self);
    if (!ss) return undefined;
    if (depth < 0) return pastDepth(self, 'AbortSignal', opts);
    return `${constructorName(self, 'AbortSignal')} ${util.inspect({ aborted: ss.aborted }, deeper(opts))}`;
  };
  definePlatformInspector(rt, sp, signalDisplay);
  Object.defineProperty(sp, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
  define(AbortSignalCtor, 'abort', native('abort', 0, (_t, [reason]) => {
    const s = newSignal();
    signalOf(s).aborted = true;
    signalOf(s).reason = reason === undefined ? domException('This operation was aborted', 'AbortError') : reason;
    return s;
  }));
  define(AbortSignalCtor, 'timeout', native('timeout', 1, (_t, [ms]) => {
    if (typeof ms !== 'number' || !Number.isInteger(ms)) throw codeError(typeof ms === 'number' ? 'RangeError' : 'TypeError', typeof ms === 'number' ? `The value of "delay" is out of range. It must be an integer. Received ${ms}` : `The "delay" argument must be of type number. Received ${received(ms)}`, typeof ms === 'number' ? 'ERR_OUT_OF_RANGE' : 'ERR_INVALID_ARG_TYPE');
    const s = newSignal();
    const timer = rt.loop.addTimer({ delay: Math.max(1, ms), callback: undefined, args: [], repeat: false, source: 'setTimeout', node: rt.callNode, label: `AbortSignal.timeout(${ms})`, host: () => abortSignal(s, domException('The operation was aborted due to timeout', 'TimeoutError')), handle: undefined, requestedDelay: ms } as any);
    timer.unref = true;
    return s;
  }));
  // AbortSignal.any(signals), as Node's: an Array of AbortSignals (validated first); a signal made by
  // any() contributes its own sources, so dependents hang only off plain signals.
  // Node 24 (the runtime of .ts files) converts `signals` as a WebIDL sequence (any iterable object).
  const sequenceArgument = runsOnNode24(rt);
  define(AbortSignalCtor, 'any', native('any', 1, (_t, [list]) => {
    const all: any[] = [];
    if (sequenceArgument) {
      const iterable = ((typeof list === 'object' && list !== null) || typeof list === 'function') && typeof rt.get(list, Symbol.iterator) === 'function';
      if (!iterable) throw codeError('TypeError', 'signals cannot be converted to sequence.', 'ERR_INVALID_ARG_TYPE');
      const rec = rt.getIterator(list, null);
      for (let r = rt.iterStep(rec); !r.done && all.length < MAX_LISTENERS; r = rt.iterStep(rec)) all.push(r.value);
    } else {
      if (!Array.isArray(list)) throw codeError('TypeError', `The "signals" argument must be an instance of Array. Received ${received(list)}`, 'ERR_INVALID_ARG_TYPE');
      for (let i = 0; i < list.length && i < MAX_LISTENERS; i++) all.push(list[i]);
    }
    for (let i = 0; i < all.length; i++) {
      if (signals.has(all[i])) continue;
      if (sequenceArgument) throw codeError('TypeError', `signals[${i}] is not of type AbortSignal.`, 'ERR_INVALID_ARG_TYPE');
      throw codeError('TypeError', `The "signals[${i}]" argument must be an instance of AbortSignal. Received ${received(all[i])}`, 'ERR_INVALID_ARG_TYPE');
    }
    const s = newSignal();
    const rs = signalOf(s);
    rs.sources = [];
    for (let i = 0; i < all.length; i++) {
      const os = signalOf(all[i]);
      if (os.aborted) {
        abortSignal(s, os.reason);
        return s;
      }
      for (const source of os.sources ?? [all[i]]) {
        const ss = signalOf(source);
        if (rs.sources.includes(source) || rs.sources.length >= MAX_LISTENERS) continue;
        rs.sources.push(source);
        (ss.dependents ??= []).push(s);
      }
    }
    return s;
  }));

  const controllers = new WeakMap<object, any>();
  const AbortControllerCtor: any = rt.realm.helpers.nativeCtor(
    (_t, _args, newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor AbortController cannot be invoked without 'new'");
      const o = Object.create(protoFor(newTarget, AbortControllerCtor.prototype));
      controllers.set(o, newSignal());
      return o;
    },
    'AbortController',
    0,
  );
  const cp = AbortControllerCtor.prototype;
  const controllerSignal = (o: any) => controllers.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type AbortController');
  getter(cp, 'signal', (o) => controllerSignal(o));
  define(cp, 'abort', native('abort', 0, (o, [reason]) => void abortSignal(controllerSignal(o), reason)));
  definePlatformInspector(rt, cp, (self, depth, opts) => {
    const signal = controllers.get(self);
    if (!signal || depth < 0) return undefined;
    return `${constructorName(self, 'AbortController')} ${util.inspect({ signal: placeholder(signal, signalDisplay) }, deeper(opts))}`;
  });
  Object.defineProperty(cp, Symbol.toStringTag, { value: 'AbortController', configurable: true });

  // Node's isEventTarget: `obj?.constructor?.[kIsEventTarget]`, a static of EventTarget its
  // subclasses inherit (a Get, as Node's; the constructor's chain is walked without a trap).
  const listenersOf = (target: any, type: string): any[] | null => {
    if ((typeof target !== 'object' && typeof target !== 'function') || target === null) return null;
    let isTarget = targets.has(target);
    if (!isTarget) {
      const C = rt.get(target, 'constructor');
      for (let c = C, i = 0; !isTarget && typeof c === 'function' && i < 1000 && !util.types.isProxy(c); c = Object.getPrototypeOf(c), i++) isTarget = c === EventTargetCtor;
    }
    if (!isTarget) return null;
    return (targets.get(target)?.listeners.get(type) ?? []).map((l) => l.fn);
  };
  return { listenersOf, dispatch, addListener, listenerAdded, eventHandlerAttribute, MessageEvent: MessageEventCtor, EventTarget: EventTargetCtor, Event: EventCtor, CustomEvent: CustomEventCtor, AbortController: AbortControllerCtor, AbortSignal: AbortSignalCtor, DOMException: DOMExceptionCtor };
}
