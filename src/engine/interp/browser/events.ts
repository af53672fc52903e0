// EventTarget, Event and its subclasses, and the DOM's dispatch algorithm (DOM §2.9), for the
// browser profile. Invariant: every object the guest sees is a realm object (prototypes made from
// realm objects, functions from rt.native); the hidden state (listeners, an event's flags) lives in
// host WeakMaps keyed by those objects, never reachable from guest code. Listeners are called only
// through rt.call; what they throw is reported (the browser's "report the exception") and the
// dispatch goes on; HostSignals pass untouched. A dispatch started by the event loop (a user click,
// DOMContentLoaded, a message) performs a microtask checkpoint after each listener, as the HTML
// "clean up after running a callback" does with an empty stack; dispatchEvent() and el.click() from
// script do not.
import type { Interpreter } from '../runtime';
import type { BrowserLoop } from './eventLoop';
import { HostSignal } from '../values';

export interface Listener {
  type: string;
  callback: any;
  capture: boolean;
  once: boolean;
  passive: boolean;
  removed: boolean;
  /** An event handler property (onclick = fn): one entry, kept at its first position. */
  handler?: boolean;
}

export interface EventState {
  type: string;
  bubbles: boolean;
  cancelable: boolean;
  composed: boolean;
  trusted: boolean;
  target: any;
  currentTarget: any;
  phase: number;
  stop: boolean;
  stopImmediate: boolean;
  canceled: boolean;
  inPassive: boolean;
  dispatching: boolean;
  path: any[];
  timeStamp: number;
  /** Subclass fields (detail, data, button, ...) from the init dictionary. */
  fields: Map<string, any>;
}

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

export interface EventClass {
  ctor: any;
  proto: any;
}

export class Events {
  readonly listeners = new WeakMap<object, Listener[]>();
  readonly states = new WeakMap<object, EventState>();
  /** get-the-parent: a node's parent, the document's window (dom.ts sets it). */
  parentOf: (target: any, event: EventState) => any = () => null;
  /** A hook when a target gets its first listener of a type (MessagePort's implicit start). */
  readonly targetProto: any;
  readonly targetCtor: any;
  readonly classes = new Map<string, EventClass>();
  private readonly native: Native;
  /** The getter of every event's own isTrusted (set with Event.prototype). */
  private isTrustedGetter: any;

  constructor(
    private readonly rt: Interpreter,
    private readonly browser: BrowserLoop,
    private readonly define: (o: any, name: string | symbol, value: any, enumerable?: boolean) => void,
  ) {
    this.native = (name, length, fn) => rt.native(name, length, fn);
    const native = this.native;
    const self = this;
    this.targetCtor = rt.realm.helpers.nativeCtor(
      (thisArg, _args, newTarget) => {
        if (newTarget === undefined) rt.throwError('TypeError', "Failed to construct 'EventTarget': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
        return thisArg;
      },
      'EventTarget',
      0,
    );
    this.targetProto = this.targetCtor.prototype;
    define(this.targetProto, Symbol.toStringTag, 'EventTarget');
    Object.defineProperty(this.targetProto, Symbol.toStringTag, { value: 'EventTarget', writable: false, enumerable: false, configurable: true });
    const targetOf = (t: any) => (t === undefined || t === null ? rt.global : t);
    define(
      this.targetProto,
      'addEventListener',
      native('addEventListener', 2, (t, [type, callback, options]) => {
        self.add(targetOf(t), String(type), callback, options);
        return undefined;
      }),
      true,
    );
    define(
      this.targetProto,
      'removeEventListener',
      native('removeEventListener', 2, (t, [type, callback, options]) => {
        const capture = typeof options === 'boolean' ? options : !!(options && typeof options === 'object' && options.capture);
        const list = self.listeners.get(targetOf(t));
        if (!list) return undefined;
        const i = list.findIndex((l) => !l.handler && l.type === String(type) && l.callback === callback && l.capture === capture);
        if (i >= 0) {
          list[i].removed = true;
          list.splice(i, 1);
        }
        return undefined;
      }),
      true,
    );
    define(
      this.targetProto,
      'dispatchEvent',
      native('dispatchEvent', 1, (t, [event]) => {
        const st = self.states.get(event);
        if (!st) rt.throwError('TypeError', "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
        if (st.dispatching) throw self.domException('InvalidStateError', "Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.");
        st.trusted = false;
        return self.dispatch(targetOf(t), event, false);
      }),
      true,
    );
    this.makeEventClasses();
  }

  add(target: any, type: string, callback: any, options: any): void {
    if (callback === null || callback === undefined) return;
    if (typeof callback !== 'function' && typeof callback !== 'object') this.rt.throwError('TypeError', "Failed to execute 'addEventListener' on 'EventTarget': The callback provided as parameter 2 is not an object.");
    const o = options;
    const capture = typeof o === 'boolean' ? o : !!(o && typeof o === 'object' && o.capture);
    const once = !!(o && typeof o === 'object' && o.once);
    const passive = !!(o && typeof o === 'object' && o.passive);
    let list = this.listeners.get(target);
    if (!list) this.listeners.set(target, (list = []));
    if (list.some((l) => !l.handler && l.type === type && l.callback === callback && l.capture === capture)) return;
    list.push({ type, callback, capture, once, passive, removed: false });
    this.onAdd(target, type);
  }

  /** dom.ts/messaging.ts hook: a listener was added (MessagePort starts only on onmessage, see there). */
  onAdd: (target: any, type: string) => void = () => undefined;

  /** `on<type>` event handler properties on a prototype (onclick, onmessage, ...). */
  handlerProperties(proto: any, types: string[], onSet?: (target: any, type: string) => void): void {
    const rt: Interpreter = this.rt;
    for (const type of types) {
      const name = 'on' + type;
      Object.defineProperty(proto, name, {
        get: this.native(`get ${name}`, 0, (t) => {
          const l = this.listeners.get(t ?? rt.global)?.find((x) => x.handler && x.type === type);
          return l ? l.callback : null;
        }),
        set: this.native(`set ${name}`, 1, (t, [fn]) => {
          const target = t ?? rt.global;
          let list = this.listeners.get(target);
          if (!list) this.listeners.set(target, (list = []));
          const i = list.findIndex((x) => x.handler && x.type === type);
          if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) {
            if (i >= 0) {
              list[i].removed = true;
              list.splice(i, 1);
            }
          } else if (i >= 0) list[i].callback = fn;
          else list.push({ type, callback: fn, capture: false, once: false, passive: false, removed: false, handler: true });
          if (onSet && typeof fn === 'function') onSet(target, type);
          return undefined;
        }),
        enumerable: true,
        configurable: true,
      });
    }
  }

  /** The DOM's dispatch: capture (outermost first), at target, bubble; returns !defaultPrevented. */
  dispatch(target: any, event: any, fromLoop: boolean, legacyTarget?: any): boolean {
    const st = this.states.get(event)!;
    st.dispatching = true;
    // The window's load event has the document as its target (HTML's legacy target override).
    st.target = legacyTarget ?? target;
    const path: any[] = [target];
    for (let p = this.parentOf(target, st), n = 0; p !== null && p !== undefined && n < 100000; p = this.parentOf(p, st), n++) path.push(p);
    st.path = path;
    // Activation behaviour (a click on a checkbox or radio): the state changes before the
    // listeners, is restored if one cancels the click, else input and change follow (dom.ts).
    const activation = this.activation ? this.activation(path, st, event) : null;
    if (activation) activation.pre();
    try {
      for (let i = path.length - 1; i >= 1 && !st.stop; i--) this.invoke(path[i], st, event, 1, fromLoop, true);
      // At the target, capture listeners first, then the others (DOM, since 2021).
      if (!st.stop) this.invoke(target, st, event, 2, fromLoop, true);
      if (!st.stop) this.invoke(target, st, event, 2, fromLoop, false);
      if (st.bubbles) for (let i = 1; i < path.length && !st.stop; i++) this.invoke(path[i], st, event, 3, fromLoop, false);
    } finally {
      st.dispatching = false;
      st.phase = 0;
      st.currentTarget = null;
      st.stop = false;
      st.stopImmediate = false;
      st.path = [];
    }
    if (activation) {
      if (st.canceled) activation.cancelled();
      else activation.post(fromLoop);
    }
    return !st.canceled;
  }

  activation: ((path: any[], st: EventState, event: any) => { pre(): void; cancelled(): void; post(fromLoop: boolean): void } | null) | null = null;

  private invoke(current: any, st: EventState, event: any, phase: number, fromLoop: boolean, capture: boolean): void {
    const list = this.listeners.get(current);
    if (!list || list.length === 0) return;
    st.currentTarget = current;
    st.phase = phase;
    const rt: Interpreter = this.rt;
    // Listeners added during the dispatch to this target are not called; removed ones are skipped.
    for (const l of list.slice()) {
      if (l.removed || l.type !== st.type || l.capture !== capture) continue;
      if (l.once) {
        l.removed = true;
        const i = list.indexOf(l);
        if (i >= 0) list.splice(i, 1);
      }
      if (l.passive) st.inPassive = true;
      let fn = l.callback;
      let thisArg = current;
      try {
        if (typeof fn !== 'function') {
          thisArg = fn;
          fn = rt.get(fn, 'handleEvent');
          if (typeof fn !== 'function') rt.throwError('TypeError', "Failed to execute 'handleEvent' on 'EventListener': The provided callback is not callable.");
        }
        const r = rt.call(fn, thisArg, [event]);
        if (l.handler && r === false && st.cancelable && !st.inPassive) st.canceled = true;
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        rt.loop.uncaught(rt.toGuest(e));
      }
      st.inPassive = false;
      if (fromLoop) rt.loop.drain();
      if (st.stopImmediate) break;
    }
  }

  /** Host-made events (trusted or not): an instance of the named class with its init fields. */
  create(className: string, type: string, init: Record<string, any>, trusted: boolean): any {
    const cls = this.classes.get(className)!;
    const e = Object.create(cls.proto);
    this.init(e, type, init, trusted, className);
    return e;
  }

  private init(e: any, type: string, init: any, trusted: boolean, className: string): void {
    Object.defineProperty(e, 'isTrusted', { get: this.isTrustedGetter, set: undefined, enumerable: true, configurable: false });
    const fields = new Map<string, any>();
    const spec = FIELDS[className] ?? [];
    for (const [k, def] of spec) fields.set(k, init && init[k] !== undefined ? init[k] : def);
    this.states.set(e, {
      type,
      bubbles: !!(init && init.bubbles),
      cancelable: !!(init && init.cancelable),
      composed: !!(init && init.composed),
      trusted,
      target: null,
      currentTarget: null,
      phase: 0,
      stop: false,
      stopImmediate: false,
      canceled: false,
      inPassive: false,
      dispatching: false,
      path: [],
      timeStamp: this.rt.loop.clock + 1_000_000,
      fields,
    });
  }

  domException(name: string, message: string): any {
    const e = this.rt.makeError('Error', message);
    const proto = this.classes.get('DOMException')?.proto;
    if (proto) Object.setPrototypeOf(e, proto);
    Object.defineProperty(e, 'name', { value: name, writable: true, configurable: true, enumerable: false });
    if (typeof e.stack === 'string') Object.defineProperty(e, 'stack', { value: e.stack.replace(/^Error/, name), writable: true, configurable: true, enumerable: false });
    return e;
  }

  private makeEventClasses(): void {
    const rt: Interpreter = this.rt;
    const native = this.native;
    const define = this.define;
    const self = this;
    const state = (t: any, what: string): EventState => {
      const s = self.states.get(t);
      if (!s) rt.throwError('TypeError', `Illegal invocation (${what})`);
      return s;
    };
    const getter = (proto: any, name: string, fn: (s: EventState, t: any) => any) =>
      Object.defineProperty(proto, name, { get: native(`get ${name}`, 0, (t) => fn(state(t, name), t)), enumerable: true, configurable: true });
    const make = (name: string, parent: EventClass | null) => {
      const ctor: any = rt.realm.helpers.nativeCtor(
        (thisArg, args, newTarget) => {
          if (newTarget === undefined) rt.throwError('TypeError', `Failed to construct '${name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function.`);
          if (args.length < 1) rt.throwError('TypeError', `Failed to construct '${name}': 1 argument required, but only 0 present.`);
          const init = args[1];
          if (init !== undefined && init !== null && typeof init !== 'object') rt.throwError('TypeError', `Failed to construct '${name}': The provided value is not of type '${name}Init'.`);
          self.init(thisArg, String(args[0]), init ?? {}, false, name);
          return thisArg;
        },
        name,
        1,
      );
      if (parent) {
        Object.setPrototypeOf(ctor, parent.ctor);
        Object.setPrototypeOf(ctor.prototype, parent.proto);
      }
      Object.defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
      const cls = { ctor, proto: ctor.prototype };
      this.classes.set(name, cls);
      define(rt.global, name, ctor);
      for (const [k] of OWN_FIELDS[name] ?? []) getter(ctor.prototype, k, (s) => s.fields.get(k));
      return cls;
    };
    const Event = make('Event', null);
    const P = Event.proto;
    // Chromium's order of Event.prototype (what a console preview lists after the own isTrusted).
    getter(P, 'type', (s) => s.type);
    getter(P, 'target', (s) => s.target);
    getter(P, 'currentTarget', (s) => s.currentTarget);
    getter(P, 'eventPhase', (s) => s.phase);
    getter(P, 'bubbles', (s) => s.bubbles);
    getter(P, 'cancelable', (s) => s.cancelable);
    getter(P, 'defaultPrevented', (s) => s.canceled);
    getter(P, 'composed', (s) => s.composed);
    getter(P, 'timeStamp', (s) => s.timeStamp);
    getter(P, 'srcElement', (s) => s.target);
    getter(P, 'returnValue', (s) => !s.canceled);
    getter(P, 'cancelBubble', (s) => s.stop);
    ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach((k, i) => {
      Object.defineProperty(Event.ctor, k, { value: i, enumerable: true });
      Object.defineProperty(P, k, { value: i, enumerable: true });
    });
    // isTrusted is [LegacyUnforgeable]: an own accessor of every event, one getter for all.
    this.isTrustedGetter = native('get isTrusted', 0, (t) => state(t, 'isTrusted').trusted);
    define(P, 'stopPropagation', native('stopPropagation', 0, (t) => ((state(t, 'stopPropagation').stop = true), undefined)), true);
    define(
      P,
      'stopImmediatePropagation',
      native('stopImmediatePropagation', 0, (t) => {
        const s = state(t, 'stopImmediatePropagation');
        s.stop = s.stopImmediate = true;
        return undefined;
      }),
      true,
    );
    define(
      P,
      'preventDefault',
      native('preventDefault', 0, (t) => {
        const s = state(t, 'preventDefault');
        // A passive listener's preventDefault() is ignored (Chromium warns on the console).
        if (s.cancelable && !s.inPassive) s.canceled = true;
        return undefined;
      }),
      true,
    );
    define(P, 'composedPath', native('composedPath', 0, (t) => rt.newArray(state(t, 'composedPath').dispatching ? state(t, 'composedPath').path : [])), true);
    define(
      P,
      'initEvent',
      native('initEvent', 1, (t, [type, bubbles, cancelable]) => {
        const s = state(t, 'initEvent');
        if (s.dispatching) return undefined;
        s.type = String(type);
        s.bubbles = !!bubbles;
        s.cancelable = !!cancelable;
        return undefined;
      }),
      true,
    );
    const UIEvent = make('UIEvent', Event);
    make('CustomEvent', Event);
    const MouseEvent = make('MouseEvent', UIEvent);
    make('PointerEvent', MouseEvent);
    make('KeyboardEvent', UIEvent);
    make('FocusEvent', UIEvent);
    make('InputEvent', UIEvent);
    make('MessageEvent', Event);
    make('ErrorEvent', Event);
    make('PromiseRejectionEvent', Event);
    make('TaskPriorityChangeEvent', Event);
    // DOMException: an Error subclass with a name (NotFoundError, InvalidStateError, ...).
    const DOMException: any = rt.realm.helpers.nativeCtor(
      (_t, [message, name]) => self.domException(name === undefined ? 'Error' : String(name), message === undefined ? '' : String(message)),
      'DOMException',
      0,
    );
    Object.setPrototypeOf(DOMException.prototype, rt.intr.Error.prototype);
    this.classes.set('DOMException', { ctor: DOMException, proto: DOMException.prototype });
    define(rt.global, 'DOMException', DOMException);
  }
}

// Each class's fields in Chromium's order of its prototype (a console preview lists them so).
const UI: [string, any][] = [
  ['view', null],
  ['detail', 0],
  ['sourceCapabilities', null],
  ['which', 0],
];
const MOUSE: [string, any][] = [
  ['screenX', 0],
  ['screenY', 0],
  ['clientX', 0],
  ['clientY', 0],
  ['ctrlKey', false],
  ['shiftKey', false],
  ['altKey', false],
  ['metaKey', false],
  ['button', 0],
  ['buttons', 0],
  ['relatedTarget', null],
  ['pageX', 0],
  ['pageY', 0],
  ['x', 0],
  ['y', 0],
  ['offsetX', 0],
  ['offsetY', 0],
  ['movementX', 0],
  ['movementY', 0],
];
const POINTER: [string, any][] = [
  ['pointerId', 0],
  ['width', 1],
  ['height', 1],
  ['pressure', 0],
  ['tiltX', 0],
  ['tiltY', 0],
  ['azimuthAngle', 0],
  ['altitudeAngle', Math.PI / 2],
  ['tangentialPressure', 0],
  ['twist', 0],
  ['pointerType', ''],
  ['isPrimary', false],
];
/** The fields each class itself adds (getters on its prototype). */
const OWN_FIELDS: Record<string, [string, any][]> = {
  UIEvent: UI,
  CustomEvent: [['detail', null]],
  MouseEvent: MOUSE,
  PointerEvent: POINTER,
  KeyboardEvent: [
    ['key', ''],
    ['code', ''],
    ['location', 0],
    ['ctrlKey', false],
    ['shiftKey', false],
    ['altKey', false],
    ['metaKey', false],
    ['repeat', false],
    ['isComposing', false],
    ['charCode', 0],
    ['keyCode', 0],
  ],
  FocusEvent: [['relatedTarget', null]],
  InputEvent: [
    ['data', null],
    ['isComposing', false],
    ['inputType', ''],
    ['dataTransfer', null],
  ],
  MessageEvent: [
    ['data', null],
    ['origin', ''],
    ['lastEventId', ''],
    ['source', null],
    ['ports', null],
    ['userActivation', null],
  ],
  ErrorEvent: [
    ['message', ''],
    ['filename', ''],
    ['lineno', 0],
    ['colno', 0],
    ['error', null],
  ],
  PromiseRejectionEvent: [
    ['promise', null],
    ['reason', undefined],
  ],
  TaskPriorityChangeEvent: [['previousPriority', 'user-visible']],
};
/** Every field of an instance of the class (its own and its ancestors'). */
const FIELDS: Record<string, [string, any][]> = {
  Event: [],
  UIEvent: UI,
  CustomEvent: OWN_FIELDS.CustomEvent,
  MouseEvent: [...UI, ...MOUSE],
  PointerEvent: [...UI, ...MOUSE, ...POINTER],
  KeyboardEvent: [...UI, ...OWN_FIELDS.KeyboardEvent],
  FocusEvent: [...UI, ...OWN_FIELDS.FocusEvent],
  InputEvent: [...UI, ...OWN_FIELDS.InputEvent],
  MessageEvent: OWN_FIELDS.MessageEvent,
  ErrorEvent: OWN_FIELDS.ErrorEvent,
  PromiseRejectionEvent: OWN_FIELDS.PromiseRejectionEvent,
  TaskPriorityChangeEvent: OWN_FIELDS.TaskPriorityChangeEvent,
};
