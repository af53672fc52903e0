// The interpreter's run-time core: guest function objects and calls, property access that never
// touches host prototypes, error conversion, the call stack, step/time budgets and observations.
import * as util from 'util';
import type { BindingKind, Observation, RunKind, RunSource, TraceEvent } from '../types';
import { Realm, type Intrinsics } from '../realm';
import { v8Position } from './positions';
import { Abort, Env, GeneratorReturn, HOISTED_UNDEFINED, HostSignal, Signal, SignalKind, Slot, UNINITIALIZED } from './values';
import type { FunctionTemplate, ScopeTraceInfo } from './compiler';
import type { EventLoop } from './eventloop';
import type { Promises } from './promise';
import type { ConsoleStream } from './consoleStream';
import { fileUrl } from '../modules/resolve';
import { TraceRecorder } from '../traceCodec';

/** Where trace events go: an array, or the packed recorder (the analysis worker's, issue 13). */
export interface TraceSink {
  push(e: TraceEvent): unknown;
  readonly length: number;
}

/** A guest function as the interpreter sees it (stored in a hidden slot of its realm wrapper). */
export interface Closure {
  template: FunctionTemplate;
  env: Env;
  /** For arrows: nothing (this resolves lexically). */
  homeObject: any;
  /** Class constructors: the instance field initialisers, run at construction. */
  fields: ((thisValue: any) => void) | null;
  wrapper: Function;
  /** `class X extends Y`: Y (for super(...)). */
  parentCtor: any;
}

export interface Frame {
  name: string;
  /** Line/column of the function's definition. */
  line: number;
  column: number;
  /** The call expression (in the caller) that created this frame. */
  callNode: any;
  closure: Closure | null;
  /** The call's `this` as the caller passed it (V8 names method frames after it). */
  receiver?: any;
  /** Called by `new`. */
  construct?: boolean;
}

/** The task or microtask the interpreter is running; console events inherit it. */
export interface CurrentTask {
  id: number;
  kind: RunKind;
  source: RunSource;
  delay?: number;
  detail?: string;
}

const HostError = Error;
const hostFunctionText = Function.prototype.toString;
/** Thrown when a preview would call guest code (see Interpreter.preview). */
class PreviewRefused extends HostSignal {}
const PREVIEW_REFUSED = new PreviewRefused();

/** Publishes "a built-in call at `node` is running" for the watchdog; returns the previous flag. */
function enterNative(progress: Int32Array, node: any): number {
  const was = progress[1];
  if (node) progress[0] = node.start;
  progress[1] = 1;
  return was;
}

export class Interpreter {
  readonly realm: Realm;
  readonly intr: Intrinsics;
  readonly global: any;
  readonly source: string;
  readonly fileName: string;
  readonly observations: Observation[] = [];
  /** Texts of the imported modules by path (their nodes' loc.source), for source slices of their code. */
  readonly moduleSources = new Map<string, string>();
  /** Errors of ES module linking (a missing export): Node reports them with the name underlined, no blank line. */
  readonly linkErrors = new WeakSet<object>();
  /** Paths of the ES modules of the run: V8 names their positions by file URL (`file:///…`). */
  readonly esmFiles = new Set<string>();
  /**
   * Files V8 names by their file URL though they are not ES modules: TypeScript that Node 24's type
   * stripping ran, whose code ends with a `//# sourceURL=file://…` comment (not the transform mode).
   */
  readonly sourceUrlFiles = new Set<string>();
  /** TypeScript files Node 24 ran through its transform: their own text, which its source maps show. */
  readonly sourceMappedText = new Map<string, string>();
  /** The main file runs as an ES module (its top-level frame is nameless, as V8 prints it). */
  mainIsModule = false;
  /** Set by the module loader: brings namespace objects' shown values up to date before console output. */
  beforeInspect: (() => void) | null = null;
  /** Module namespace objects (proxies here, exotic objects in V8): a failed write is worded as V8 words it. */
  readonly moduleNamespaces = new WeakSet<object>();
  /** Set by the simulator (Node profile): the module context (import()) of the file `node` is in, for code from strings. */
  moduleContextOf: ((node: any) => import('../modules/loader').ModuleContext) | null = null;
  /** The source text `node` was parsed from (the main file's, or an imported module's). */
  sourceOf(node: any): string {
    const file = node && node.loc ? node.loc.source : undefined;
    return file === undefined ? this.source : this.moduleSources.get(file) ?? this.source;
  }
  /** The step trace while it records (null when off, or once it reached maxTraceEvents). */
  trace: TraceSink | null;
  /** The recorded trace, also after recording stopped. */
  readonly traceLog: TraceEvent[] | TraceRecorder | null;
  maxTraceEvents = Infinity;
  /** Step at which the trace stopped recording at its cap (-1: it did not). */
  traceCutAt = -1;

  steps = 0;
  /** Next step count at which `check()` must run (budgets, tracing). */
  checkAt = 0;
  maxSteps: number;
  deadline: number;
  depth = 0;
  maxDepth: number;
  readonly stack: Frame[] = [];
  /** The call expression currently invoking a host-implemented built-in (for console locations). */
  callNode: any = null;
  /** While tracing: the last built-in called (teachTrace.ts: was `this` bound by Function.prototype.bind?). */
  builtinCallee: any = null;
  /** The statement being executed (for diagnostics on budget hits). */
  currentNode: any = null;
  /** AnalyzeOptions.progress: [0] offset of the node running, [1] 1 inside a built-in call (watchdog). */
  progress: Int32Array | null = null;
  /** AnalyzeOptions.onConsoleBatch: kept console events streamed to the host while the run goes on. */
  consoleStream: ConsoleStream | null = null;
  currentEnvId = 0;
  envCounter = 1;
  task: CurrentTask = { id: 0, kind: 'sync', source: 'script' };
  private capturedReads = new Set<string>();
  // Set by globals.ts when the realm is furnished.
  loop!: EventLoop;
  promises!: Promises;
  /**
   * Built-in getters that are not enumerable but that Chromium's console evaluates in an object's
   * preview, as it does the platform's attributes (V8's own accessors: DisposableStack's `disposed`).
   */
  readonly previewGetters = new WeakSet<object>();
  /** `using` declarations and the disposable stacks (disposal.ts): set in the profiles that have them. */
  disposal: import('./disposal').Disposal | null = null;
  generatorPrototype: any;
  asyncGeneratorPrototype: any;

  constructor(opts: { source: string; fileName: string; maxSteps: number; maxMillis: number; maxDepth: number; trace: boolean; packTrace?: boolean }) {
    this.realm = new Realm();
    this.intr = this.realm.intrinsics;
    this.global = this.realm.global;
    this.source = opts.source;
    this.fileName = opts.fileName;
    this.maxSteps = opts.maxSteps;
    this.deadline = Date.now() + opts.maxMillis;
    this.maxDepth = opts.maxDepth;
    this.trace = this.traceLog = opts.trace ? (opts.packTrace ? new TraceRecorder() : []) : null;
    this.checkAt = opts.trace ? 0 : Math.min(4096, this.maxSteps);
    const R = this.global.Reflect;
    this.realmApply = R.apply;
    this.realmConstruct = R.construct;
    this.errorToString = this.intr.Error.prototype.toString;
    this.stepBudgetMessage = `Step budget of ${this.maxSteps.toLocaleString('en-US')} steps exhausted`;
  }

  // ---- steps and budgets ---------------------------------------------------------------------

  /** Called when `steps` reaches `checkAt`: budgets, and the trace when recording. */
  check(node: any, env: Env | null): void {
    const progress = this.progress;
    if (progress !== null && node) {
      progress[0] = node.start;
      progress[1] = 0;
    }
    if (this.aborted !== null) throw this.aborted;
    if (this.steps > this.maxSteps) this.raiseAbort('step-budget', node);
    if (this.trace !== null && this.trace.length >= this.maxTraceEvents) {
      // The trace cap: stop recording, keep running (the run's result does not depend on the trace).
      this.traceCutAt = this.steps;
      this.trace = null;
    }
    if (this.trace) {
      this.checkAt = this.steps + 1;
      if (node && node.loc) {
        const ev: TraceEvent = {
          t: 'step',
          step: this.steps,
          line: node.loc.start.line,
          column: node.loc.start.column,
          endLine: node.loc.end.line,
          endColumn: node.loc.end.column,
          scope: env ? env.id : 0,
        };
        // Code of an imported module: its nodes carry their file (acorn's sourceFile).
        if (node.loc.source !== undefined) ev.file = node.loc.source;
        this.trace.push(ev);
      }
      if ((this.steps & 1023) === 0) {
        if (this.consoleStream !== null) this.consoleStream.tick();
        if (Date.now() > this.deadline) this.raiseAbort('time-budget', node);
      }
      return;
    }
    this.checkAt = Math.min(this.steps + 4096, this.maxSteps + 1);
    if (this.consoleStream !== null) this.consoleStream.tick();
    if (Date.now() > this.deadline) this.raiseAbort('time-budget', node);
  }

  /**
   * A spent budget: the abort is preallocated (raising it with the host stack nearly full cannot turn
   * into a host RangeError a guest `catch` would see) and sticky: every later step, call and catch
   * rethrows it (checkAt 0 sends every step to check(); maxDepth -1 sends every call to tooDeep()).
   */
  aborted: Abort | null = null;
  // Realm intrinsics host code calls, captured before the guest can replace them (membrane.ts).
  private readonly realmApply: typeof Reflect.apply;
  private readonly realmConstruct: typeof Reflect.construct;
  private readonly errorToString: Function;
  /** Errors that already carry the guest's stack. */
  private readonly guestStacked = new WeakSet<object>();
  private readonly budgetAbort = new Abort('step-budget', null, '');
  private stepBudgetMessage = '';
  /** Closure invocations (for the deadline check in invoke()). */
  private calls = 0;
  raiseAbort(reason: 'step-budget' | 'time-budget', node: any): never {
    if (this.aborted === null) {
      const a = this.budgetAbort;
      a.reason = reason;
      a.node = node;
      a.message = reason === 'step-budget' ? this.stepBudgetMessage : 'Time budget exhausted';
      this.aborted = a;
      this.checkAt = 0;
      this.maxDepth = -1;
    }
    throw this.aborted;
  }

  private tooDeep(): never {
    if (this.aborted !== null) throw this.aborted;
    if (this.previewing) throw PREVIEW_REFUSED;
    this.throwError('RangeError', 'Maximum call stack size exceeded');
  }

  /** A step that is not a statement: a task or microtask starting (shown at `node`). */
  loopStep(node: any): void {
    this.currentNode = node;
    if (++this.steps >= this.checkAt) this.check(node, null);
  }

  step(node: any, env: Env | null): void {
    this.currentNode = node;
    if (++this.steps >= this.checkAt) this.check(node, env);
  }

  newEnv(parent: Env | null, slots: any[], label?: string, names?: ScopeTraceInfo): Env {
    const env = new Env(parent, slots, this.envCounter++);
    if (this.trace && names) this.traceScope(env, label ?? 'block', names);
    return env;
  }

  /** Records a new scope. Names that are null (internal slots like `this`) are not shown. */
  traceScope(env: Env, label: string, info: ScopeTraceInfo): void {
    const bindings: Extract<TraceEvent, { t: 'scope' }>['bindings'] = [];
    info.names.forEach((name, i) => {
      if (name === null) return;
      const v = env.slots[i];
      const kind = info.kinds[i];
      bindings.push({
        name,
        kind: (kind === 'internal' ? 'var' : kind) as BindingKind,
        state: v === UNINITIALIZED ? 'uninitialized' : 'value',
        preview: v === UNINITIALIZED ? '<uninitialized>' : this.preview(v === HOISTED_UNDEFINED ? undefined : v),
      });
    });
    this.trace!.push({ t: 'scope', step: this.steps, id: env.id, parent: env.parent ? env.parent.id : 0, label, bindings });
  }

  traceBind(env: Env, name: string, value: any): void {
    this.trace!.push({ t: 'bind', step: this.steps, scope: env.id, name, preview: this.preview(value) });
  }

  /**
   * A short rendering for the trace and observations. It must run no guest code (Node never inspects
   * the program's values): util.inspect reads Symbol.toStringTag and error names through getters and
   * proxies, so while it runs any guest function call is refused (maxDepth -1 → tooDeep()).
   */
  preview(v: any): string {
    const savedDepth = this.maxDepth;
    this.previewing = true;
    this.maxDepth = -1;
    try {
      const s = util.inspect(v, { depth: 1, breakLength: Infinity, customInspect: false, maxArrayLength: 10, maxStringLength: 60 });
      return s.length > 80 ? s.slice(0, 79) + '…' : s;
    } catch (e) {
      if (e instanceof HostSignal && e !== PREVIEW_REFUSED) throw e;
      return '<value>';
    } finally {
      this.previewing = false;
      if (this.aborted === null) this.maxDepth = savedDepth;
    }
  }
  private previewing = false;
  /** Set while Node's util.inspect may call a guest custom inspector (inspectCustom.ts). */
  inspectCall: ((closure: Closure, thisArg: any, args: any, newTarget: any) => any) | null = null;
  /** process.emitWarning from host code (the Node profile's globals set it): a warning of `type` with `code`. */
  emitProcessWarning: ((message: string, type: string, code: string) => void) | null = null;
  /** The analysis's seeded generator (Math.random's): set by globals.ts. */
  random: (() => number) | null = null;
  /** The Node profile's user-timing classes (performanceEntries.ts), for perf_hooks. */
  userTiming: (() => import('./performanceEntries').UserTiming) | null = null;

  // ---- observations --------------------------------------------------------------------------

  observe(o: Observation): void {
    // Observations are offsets into the main file: code of imported modules (nodes with a file) has none.
    const n = this.currentNode;
    if (n && n.loc && n.loc.source !== undefined) return;
    if (this.observations.length < 10000) this.observations.push(o);
  }

  observeCapturedRead(node: any, declStart: number): void {
    if (this.observations.length >= 10000) return; // observe() keeps no more: neither does the seen-set
    const key = node.start + ':' + this.task.id;
    if (this.capturedReads.has(key)) return;
    this.capturedReads.add(key);
    this.observe({ kind: 'captured-var-read', start: node.start, end: node.end, name: node.name, declStart, step: this.steps, taskId: this.task.id });
  }

  // ---- errors --------------------------------------------------------------------------------

  /** A Node-style error: the realm's error with the guest's stack and Node's `code` (ERR_INVALID_ARG_TYPE…). */
  makeCodedError(ctor: 'Error' | 'TypeError' | 'RangeError', message: string, code: string): any {
    const e = this.makeError(ctor, message);
    e.code = code;
    return e;
  }

  makeError(ctor: 'Error' | 'TypeError' | 'RangeError' | 'ReferenceError' | 'SyntaxError' | 'EvalError', message: string): any {
    const e = new (this.intr[ctor] as ErrorConstructor)(message);
    this.setGuestStack(e);
    return e;
  }

  throwError(ctor: 'Error' | 'TypeError' | 'RangeError' | 'ReferenceError' | 'SyntaxError' | 'EvalError', message: string): never {
    throw this.makeError(ctor, message);
  }

  /** The guest call stack as V8 prints it under the error message. */
  stackText(limit = 10): string {
    const lines: string[] = [];
    const node = this.currentNode;
    for (let i = this.stack.length - 1, at = node; i >= 0 && lines.length < limit; i--) {
      const f = this.stack[i];
      at = v8Position(at, this.sourceOf(at));
      const path = at && at.loc && at.loc.source !== undefined ? at.loc.source : this.fileName;
      const esm = this.esmFiles.size > 0 && this.esmFiles.has(path);
      const file = esm || (this.sourceUrlFiles.size > 0 && this.sourceUrlFiles.has(path)) ? fileUrl(path) : path;
      const pos = at && at.loc ? `${file}:${at.loc.start.line}:${at.loc.start.column + 1}` : file;
      // An ES module's top level is a nameless frame in V8's stack.
      const name = f.name === '(module)' || ((esm || this.mainIsModule) && f.name === '(main script)') ? '' : i === 0 && f.name === '(main script)' ? 'Object.<anonymous>' : frameLabel(this, f, i);
      lines.push(name ? `    at ${name} (${pos})` : `    at ${pos}`);
      at = f.callNode;
    }
    return lines.join('\n');
  }

  /**
   * Gives an error the guest's stack. Like V8, the frames are captured now and the header
   * ("Name: message") is rendered when `stack` is first read, so a name set after construction shows.
   */
  setGuestStack(e: any, framesAtThrow?: string): void {
    // Error.stackTraceLimit is the guest's (membrane.ts): not a number → no stack, as in V8.
    const limit = this.realm.membrane.stackTraceLimit();
    if (typeof limit !== 'number') return;
    const frames = framesAtThrow ?? this.stackText(limit >= 0 ? Math.min(limit, 200) : 0);
    const errorToString = this.errorToString;
    const define = (value: any) => Object.defineProperty(e, 'stack', { value, writable: true, configurable: true, enumerable: false });
    try {
      Object.defineProperty(e, 'stack', {
        get: this.native('stack', 0, () => {
          let head: string;
          try {
            head = String(Reflect.apply(errorToString, e, []));
          } catch (err) {
            if (err instanceof HostSignal) throw err;
            head = 'Error';
          }
          const value = frames ? head + '\n' + frames : head;
          // A preview's read is not the program's: the header stays unrendered until the guest reads it.
          if (!this.previewing) define(value);
          return value;
        }),
        set: this.native('stack', 1, (_t, { 0: v }) => define(v)),
        configurable: true,
        enumerable: false,
      });
      // Only once it worked: with the host stack nearly full this can fail, and a catch further up retries.
      this.guestStacked.add(e);
    } catch (err) {
      if (err instanceof HostSignal) throw err;
      /* frozen or exotic: keep V8's */
    }
  }

  /** Converts an exception from host code into the guest value it stands for. */
  toGuest(e: any): any {
    if (e instanceof HostSignal || e instanceof GeneratorReturn) throw e;
    if (this.aborted !== null) throw this.aborted;
    // Budgets are checked at every catch too: a program that lives at the host stack's limit (where
    // check() itself cannot be called) reaches a catch one frame up, where this can.
    if (this.steps > this.maxSteps) this.raiseAbort('step-budget', this.currentNode);
    if (Date.now() > this.deadline) this.raiseAbort('time-budget', this.currentNode);
    if (!(e instanceof HostError)) return this.thrownByNative(e);
    // No regex here: a regex compiled for the first time with the stack nearly full is a V8 fatal OOM.
    const name = e.name in this.intr && typeof e.name === 'string' && e.name.endsWith('Error') ? e.name : 'Error';
    const g = new (this.intr as any)[name](e.message);
    this.setGuestStack(g, this.unwoundFrames(e));
    return g;
  }

  // ---- property access (never through host prototypes) ---------------------------------------

  protoOfPrimitive(v: any): any {
    switch (typeof v) {
      case 'string':
        return this.intr.StringPrototype;
      case 'number':
        return this.intr.NumberPrototype;
      case 'boolean':
        return this.intr.BooleanPrototype;
      case 'symbol':
        return this.intr.SymbolPrototype;
      case 'bigint':
        return this.intr.BigIntPrototype;
    }
    return null;
  }

  get(obj: any, key: any, node?: any): any {
    if (typeof obj === 'object' || typeof obj === 'function') {
      if (obj !== null) return obj[key];
    } else if (obj !== undefined) {
      if (typeof obj === 'string' && (typeof key === 'number' || key === 'length')) return obj[key];
      return Reflect.get(this.protoOfPrimitive(obj), key, obj);
    }
    this.throwError('TypeError', `Cannot read properties of ${obj} (reading '${keyText(key)}')`);
  }

  set(obj: any, key: any, value: any, strict: boolean): void {
    if ((typeof obj === 'object' || typeof obj === 'function') && obj !== null) {
      if (strict) {
        try {
          obj[key] = value;
        } catch (e) {
          throw this.withGuestReceiverText(e, obj);
        }
      } else Reflect.set(obj, key, value);
      return;
    }
    if (obj === undefined || obj === null) this.throwError('TypeError', `Cannot set properties of ${obj} (setting '${keyText(key)}')`);
    // OrdinarySet with a primitive receiver: an inherited setter runs (this = the primitive); a
    // string's own index and length are read-only; anything else cannot be created on a primitive.
    const own = typeof obj === 'string' && (key === 'length' || (typeof key !== 'symbol' && String(key >>> 0) === String(key) && key >>> 0 < obj.length));
    if (!own && Reflect.set(this.protoOfPrimitive(obj), key, value, obj)) return;
    if (strict) {
      const text = `${typeof obj} '${String(obj)}'`;
      this.throwError('TypeError', own ? `Cannot assign to read only property '${keyText(key)}' of ${text}` : `Cannot create property '${keyText(key)}' on ${text}`);
    }
  }

  /**
   * V8 names the receiver of a failed strict write or delete from the host's view, where a realm
   * object has no known constructor ('[object Object]') and a guest function's text is its
   * trampoline's: the names Node prints ('#<Object>', the function's source) instead.
   */
  withGuestReceiverText(e: any, obj: any): any {
    if (!(e instanceof TypeError) || typeof e.message !== 'string') return e;
    if (this.moduleNamespaces.has(obj)) {
      const m = /^'set' on proxy: trap returned falsish for property '(.*)'$/.exec(e.message);
      if (m) e.message = Reflect.ownKeys(obj).includes(m[1]) ? `Cannot assign to read only property '${m[1]}' of object '[object Module]'` : `Cannot add property ${m[1]}, object is not extensible`;
      return e;
    }
    if (typeof obj === 'function') {
      const c = this.closureOf(obj);
      if (c) {
        const node = c.template.node;
        const text = node.__text ?? this.sourceOf(node).slice(node.__textStart ?? node.start, node.end);
        e.message = e.message.split(Reflect.apply(hostFunctionText, obj, [])).join(text);
      }
    } else if (!Array.isArray(obj) && /\[object \w+\]/.test(e.message)) {
      // The nearest 'constructor' data property names it (none on the chain: V8's text stays).
      let proto = Object.getPrototypeOf(obj);
      for (let i = 0; proto !== null && i < 64; i++, proto = Object.getPrototypeOf(proto)) {
        const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
        if (!d) continue;
        const name = typeof d.value === 'function' && typeof d.value.name === 'string' && d.value.name ? d.value.name : 'Object';
        e.message = e.message.replace(/\[object \w+\]/, `#<${name}>`);
        break;
      }
    }
    return e;
  }

  toObject(v: any): any {
    if ((typeof v === 'object' || typeof v === 'function') && v !== null) return v;
    if (v === undefined || v === null) this.throwError('TypeError', `Cannot convert undefined or null to object`);
    return this.intr.Object(v);
  }

  newObject(): any {
    return this.realm.newObject();
  }

  newArray(items: ArrayLike<any>): any[] {
    return this.realm.newArray(items);
  }

  newArrayWithHoles(items: ArrayLike<any>): any[] {
    return this.realm.newArrayWithHoles(items);
  }

  /** A built-in implemented by the host, as a realm function (never a host function object). */
  native(name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any): any {
    const f = this.realm.helpers.native(fn, name, length);
    if (name.startsWith('get ')) this.engineGetters.add(f);
    return f;
  }
  /** The getters this engine made (rt.native 'get …'): the only ones host formatting may run (browser/console.ts). */
  readonly engineGetters = new WeakSet<object>();

  /** Methods remember the object they were defined on, for `super`. */
  setHomeObject(f: any, home: any, name: string | null): void {
    const c = Slot.get<Closure>(f);
    if (c) c.homeObject = home;
    if (name !== null) Object.defineProperty(f, 'name', { value: name, configurable: true });
  }

  // ---- calls ---------------------------------------------------------------------------------

  closureOf(f: any): Closure | undefined {
    return Slot.get<Closure>(f);
  }

  /** Calls any guest-visible function value. */
  call(f: any, thisArg: any, args: any[], node?: any): any {
    const c = Slot.get<Closure>(f);
    if (c !== undefined) return this.invoke(c, thisArg, args, undefined, node);
    return this.callBuiltin(f, thisArg, args, node);
  }

  /** A call of anything but a guest closure (kept out of call() so that one stays small enough to inline). */
  callBuiltin(f: any, thisArg: any, args: any[], node?: any): any {
    if (typeof f !== 'function') this.throwError('TypeError', `${node ? calleeText(node, this.source) : this.describe(f)} is not a function`);
    const prev = this.callNode;
    this.callNode = node;
    if (this.trace !== null) this.builtinCallee = f;
    const progress = this.progress;
    const wasNative = progress !== null ? enterNative(progress, node) : 0;
    // It might never return (a regex, a native loop): the output so far goes to the host first.
    if (this.consoleStream !== null) this.consoleStream.beforeNative(f);
    try {
      // The realm's Reflect.apply: a guest proxy's trap gets a realm argument list (membrane.ts).
      return this.realmApply(f, thisArg, args);
    } catch (e) {
      throw this.thrownByNative(e);
    } finally {
      this.callNode = prev;
      if (progress !== null) progress[1] = wasNative;
    }
  }

  /**
   * The guest frames of an error that has no guest stack yet (a host stack overflow, an error a realm
   * built-in threw), taken at the deepest guest frame it unwinds (retried one frame up when the host
   * stack is too full to render them); toGuest gives them to the error it hands the guest.
   */
  private unwound: { error: any; frames: string | null } = { error: undefined, frames: null };
  private noteUnwind(e: any): void {
    if (!util.types.isNativeError(e) || this.guestStacked.has(e)) return;
    try {
      const limit = this.realm.membrane.stackTraceLimit();
      this.unwound = { error: e, frames: typeof limit === 'number' ? this.stackText(limit >= 0 ? Math.min(limit, 200) : 0) : null };
    } catch {
      /* the host stack is full: the next frame up tries again */
    }
  }
  private unwoundFrames(e: any): string | undefined {
    return this.unwound.error === e && this.unwound.frames !== null ? this.unwound.frames : undefined;
  }

  /** An error a realm built-in threw (it captured no stack, see membrane.ts) gets the guest's stack here. */
  thrownByNative(e: any): any {
    if (util.types.isNativeError(e) && !(e instanceof HostError) && !this.guestStacked.has(e)) this.setGuestStack(e, this.unwoundFrames(e));
    return e;
  }

  construct(f: any, args: any[], newTarget: any, node?: any): any {
    const c = Slot.get<Closure>(f);
    if (c !== undefined) {
      if (!c.template.constructible) this.throwError('TypeError', `${node ? calleeText(node, this.source) : c.template.name} is not a constructor`);
      return this.invoke(c, undefined, args, newTarget, node);
    }
    if (typeof f !== 'function' || !isConstructor(f)) this.throwError('TypeError', `${node ? calleeText(node, this.source) : this.describe(f)} is not a constructor`);
    const prev = this.callNode;
    this.callNode = node;
    const progress = this.progress;
    const wasNative = progress !== null ? enterNative(progress, node) : 0;
    if (this.consoleStream !== null) this.consoleStream.beforeNative(f);
    try {
      const o = this.realmConstruct(f, args, newTarget);
      if (util.types.isNativeError(o)) this.setGuestStack(o);
      return o;
    } catch (e) {
      throw this.thrownByNative(e);
    } finally {
      this.callNode = prev;
      if (progress !== null) progress[1] = wasNative;
    }
  }

  /**
   * Frames are reused by depth: nothing keeps a popped frame (stackText and teachTrace read the stack
   * as it is), so a call allocates no frame object.
   */
  private readonly framePool: Frame[] = [];
  pushFrame(closure: Closure, callNode: any, receiver?: any, construct = false): void {
    const t = closure.template;
    const d = this.stack.length;
    let f = this.framePool[d];
    if (f === undefined) f = this.framePool[d] = { name: t.frameName, line: t.line, column: t.column, callNode, closure, receiver, construct };
    else {
      f.name = t.frameName;
      f.line = t.line;
      f.column = t.column;
      f.callNode = callNode;
      f.closure = closure;
      f.receiver = receiver;
      f.construct = construct;
    }
    this.stack.push(f);
  }

  describe(v: any): string {
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'function') return v.name || 'function';
    if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'object' : '#<Object>';
    return String(v);
  }

  /** Runs a guest closure: a frame, a fresh scope, parameters bound, body run. */
  invoke(c: Closure, thisArg: any, args: any[], newTarget: any, node: any): any {
    const t = c.template;
    if (t.classConstructor && newTarget === undefined) {
      this.throwError('TypeError', `Class constructor ${t.name} cannot be invoked without 'new'`);
    }
    if (this.depth >= this.maxDepth) this.tooDeep();
    // Native loops (spread, Array.from, sort...) call expression-bodied arrows, which run no statement
    // and so no step: every 4096 calls, the deadline (steps still count statements only).
    if ((++this.calls & 4095) === 0 && Date.now() > this.deadline) this.raiseAbort('time-budget', node ?? this.currentNode);
    this.depth++;
    this.pushFrame(c, node ?? this.callNode, thisArg, newTarget !== undefined);
    if (this.trace) {
      const file = t.node.loc ? t.node.loc.source : undefined;
      this.trace.push(file === undefined ? { t: 'push', step: this.steps, name: t.frameName, line: t.line, column: t.column } : { t: 'push', step: this.steps, name: t.frameName, line: t.line, column: t.column, file });
    }
    try {
      return t.call(this, c, thisArg, args, newTarget);
    } catch (e) {
      if (e !== this.unwound.error) this.noteUnwind(e);
      throw e;
    } finally {
      this.depth--;
      this.stack.pop();
      if (this.trace) this.trace.push({ t: 'pop', step: this.steps });
    }
  }

  // ---- iteration -----------------------------------------------------------------------------

  getIterator(obj: any, node: any): { iterator: any; next: any } {
    const method = obj === null || obj === undefined ? undefined : this.get(obj, Symbol.iterator);
    if (typeof method !== 'function') {
      // A pattern's value has no expression V8 can print: it names the value and the failed lookup.
      const lookup = node && /Pattern$/.test(node.type) ? ' (cannot read property Symbol(Symbol.iterator))' : '';
      if (node && node.loc && !/Pattern$/.test(node.type)) this.currentNode = node;
      this.throwError('TypeError', `${node ? iterableText(node, this.source, obj) : this.describe(obj)} is not iterable${lookup}`);
    }
    const iterator = this.call(method, obj, []);
    if (typeof iterator !== 'object' || iterator === null) this.throwError('TypeError', 'Result of the Symbol.iterator method is not an object');
    return { iterator, next: this.get(iterator, 'next') };
  }

  /** Fast path for plain arrays whose iteration has not been patched. */
  isPlainArrayIteration(obj: any): boolean {
    return Array.isArray(obj) && obj[Symbol.iterator] === this.intr.ArrayValues && this.intr.ArrayIteratorPrototype.next === this.intr.ArrayIteratorNext;
  }

  iterStep(rec: { iterator: any; next: any }): any {
    const r = this.call(rec.next, rec.iterator, []);
    if (typeof r !== 'object' || r === null) this.throwError('TypeError', `Iterator result ${this.describe(r)} is not an object`);
    return r;
  }

  /**
   * 7.4.11 IteratorClose(iteratorRecord, normal completion): a non-object `return()` result is a
   * TypeError. Callers closing on a throw completion catch what this throws and keep their error.
   */
  iterClose(rec: { iterator: any }): void {
    const ret = this.get(rec.iterator, 'return');
    if (ret === undefined || ret === null) return;
    const r = this.call(ret, rec.iterator, []);
    if ((typeof r !== 'object' && typeof r !== 'function') || r === null) this.throwError('TypeError', `Iterator result ${this.describe(r)} is not an object`);
  }

  /** Spreads an iterable into a host array. */
  spreadInto(out: any[], value: any, node: any): void {
    if (this.isPlainArrayIteration(value)) {
      for (let i = 0; i < value.length; i++) out.push(value[i]);
      return;
    }
    if (typeof value === 'string' && this.intr.StringPrototype[Symbol.iterator] === stringIter) {
      for (const ch of value) out.push(ch);
      return;
    }
    const rec = this.getIterator(value, node);
    for (;;) {
      const r = this.iterStep(rec);
      if (r.done) return;
      // An endless iterator: V8 aborts the process when an array outgrows 2**27 elements.
      if (out.length >= MAX_SPREAD_LENGTH) this.throwError('RangeError', 'Invalid array length');
      out.push(r.value);
    }
  }
}

const stringIter = String.prototype[Symbol.iterator];
const MAX_SPREAD_LENGTH = 1 << 26;

export function keyText(key: any): string {
  return typeof key === 'symbol' ? key.toString() : String(key);
}

const constructProbe: ProxyHandler<any> = { construct: () => constructProbe };
/** IsConstructor: guest functions know; for built-ins, ask V8 without calling them. */
export function isConstructor(f: any): boolean {
  const c = Slot.get<Closure>(f);
  if (c) return c.template.constructible;
  try {
    // Through a proxy whose construct trap answers: the guest's `prototype` getter never runs.
    Reflect.construct(new Proxy(f, constructProbe), []);
    return true;
  } catch {
    return false;
  }
}

/** V8-style rendering of a callee for "x is not a function". */
export function calleeText(node: any, source: string): string {
  const callee = node.type === 'CallExpression' || node.type === 'NewExpression' ? node.callee : node;
  return exprText(callee, source);
}

export function exprText(n: any, source: string): string {
  switch (n.type) {
    case 'Identifier':
      return n.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MemberExpression': {
      const obj = exprText(n.object, source);
      if (n.computed) {
        // V8's CallPrinter shows a string key as a property name (`o["x"]` → `o.x`), a number in brackets.
        if (n.property.type === 'Literal') return typeof n.property.value === 'string' ? `${obj}.${n.property.value}` : `${obj}[${n.property.raw}]`;
        if (n.property.type === 'TemplateLiteral' && n.property.expressions.length === 0) return `${obj}.${n.property.quasis[0].value.cooked}`;
        return `${obj}[${exprText(n.property, source)}]`;
      }
      return `${obj}.${n.property.type === 'PrivateIdentifier' ? '#' + n.property.name : n.property.name}`;
    }
    case 'ChainExpression':
      return exprText(n.expression, source);
    case 'CallExpression':
      return `${exprText(n.callee, source)}(...)`;
    case 'Literal':
      return n.raw;
    default:
      return '(intermediate value)';
  }
}

/**
 * A frame's name as V8 serializes a call site: `new F` for a construct call; for a method call (a
 * receiver that is not the global object or undefined) `Type.name`, with ` [as key]` when the
 * receiver holds the function under another key, or `Type.key` / `Type.<anonymous>` for a nameless
 * function; else the function's name, or nothing (V8 then prints the location alone).
 */
function frameLabel(rt: Interpreter, f: Frame, index: number): string {
  const fnName = f.name === '<anonymous>' ? '' : f.name;
  if (f.construct) return `new ${fnName || '<anonymous>'}`;
  const r = f.receiver;
  // Node calls a timer's callback as the Timeout's _onTimeout, an immediate's as _onImmediate.
  const task = rt.task;
  if (index === 0 && task.kind === 'macrotask' && rt.loop && rt.loop.runtime === 'node') {
    const timer = task.source === 'setTimeout' || task.source === 'setInterval' ? ['Timeout', '_onTimeout'] : task.source === 'setImmediate' ? ['Immediate', '_onImmediate'] : null;
    if (timer) return fnName ? `${timer[0]}.${fnName} [as ${timer[1]}]` : `${timer[0]}.${timer[1]}`;
  }
  // V8's GetDebugName: the function's own "name" when it is a non-empty string data property (a
  // computed key's `[Symbol.iterator]`, a getter's `get x`, a renamed function), else its own name.
  const debugName = f.closure ? ownNameOf(f.closure.wrapper) ?? fnName : fnName;
  if (r === undefined || r === null || r === rt.global || !f.closure) return debugName;
  let typeName = '';
  let methodName = '';
  try {
    typeName = receiverTypeName(rt, r);
    methodName = methodNameOf(r, f.closure.wrapper, fnName);
  } catch (e) {
    if (e instanceof HostSignal) throw e;
  }
  if (debugName) {
    // The receiver's type goes before an identifier only (V8: `get x [as x]`, `[Symbol.iterator]`,
    // an inferred dotted name `obj.run` stand alone).
    const prefix = typeName && IDENTIFIER_NAME.test(debugName) ? typeName + '.' : '';
    const as = methodName && methodName !== debugName && !debugName.endsWith('.' + methodName) ? ` [as ${methodName}]` : '';
    return prefix + debugName + as;
  }
  return `${typeName ? typeName + '.' : ''}${methodName || '<anonymous>'}`;
}

/** V8's GetTypeName without side effects: a class's name for a static call, else the receiver's constructor's. */
function receiverTypeName(rt: Interpreter, r: any): string {
  if (typeof r !== 'object' && typeof r !== 'function') {
    const proto = rt.protoOfPrimitive(r);
    const d = proto && Object.getOwnPropertyDescriptor(proto, 'constructor');
    return d && typeof d.value === 'function' ? String(d.value.name) : '';
  }
  if (util.types.isProxy(r)) return 'Proxy';
  if (typeof r === 'function') {
    const c = rt.closureOf(r);
    return c && c.template.classConstructor ? c.template.name : 'Function';
  }
  let proto = Object.getPrototypeOf(r);
  for (let i = 0; proto !== null && i < 64; i++, proto = Object.getPrototypeOf(proto)) {
    if (util.types.isProxy(proto)) return 'Object';
    const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (d && typeof d.value === 'function' && typeof d.value.name === 'string' && d.value.name) return d.value.name;
  }
  return 'Object';
}

/** The key under which the receiver (or its prototypes) holds `fn`, read without running getters or traps. */
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** A function's own "name" data property when it is a non-empty string (read without running any guest code). */
function ownNameOf(fn: any): string | undefined {
  if (typeof fn !== 'function' || util.types.isProxy(fn)) return undefined;
  const d = Object.getOwnPropertyDescriptor(fn, 'name');
  return d !== undefined && typeof d.value === 'string' && d.value !== '' ? d.value : undefined;
}

/** V8's GetMethodName: the string key that holds the function (as a value, getter or setter); a getter's "get " stripped. */
function methodNameOf(r: any, fn: any, name: string): string {
  if (typeof r !== 'object' && typeof r !== 'function') return '';
  const fnName = name.startsWith('get ') || name.startsWith('set ') ? name.slice(4) : name;
  const holds = (o: any, k: string | symbol) => {
    const d = Object.getOwnPropertyDescriptor(o, k);
    return d !== undefined && ('value' in d ? d.value === fn : d.get === fn || d.set === fn);
  };
  let budget = 2000;
  for (let o = r, i = 0; o !== null && i < 64; i++, o = Object.getPrototypeOf(o)) {
    if (util.types.isProxy(o)) return '';
    if (fnName && holds(o, fnName)) return fnName;
  }
  for (let o = r, i = 0; o !== null && i < 64; i++, o = Object.getPrototypeOf(o)) {
    if (util.types.isProxy(o)) return '';
    for (const k of Object.getOwnPropertyNames(o)) {
      if (--budget < 0) return '';
      if (holds(o, k)) return k;
    }
  }
  return '';
}

function iterableText(node: any, source: string, value: any): string {
  // V8 names the expression as written: "obj is not iterable", "{} is not iterable".
  if (node && node.type === 'AwaitExpression') return '(intermediate value)';
  if (node && node.type === 'HiddenVariable') return node.name;
  // No expression to print (a parameter, a nested pattern): V8's default call site, "number 1".
  if (node && /Pattern$/.test(node.type)) {
    if (value === null) return 'object null';
    if (value === undefined) return 'undefined';
    return typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${String(value)}` : typeof value;
  }
  if (node && typeof node.start === 'number' && node.end > node.start && !/Pattern$/.test(node.type)) {
    const text = source.slice(node.start, node.end);
    if (text.length <= 60 && !text.includes('\n')) return text;
  }
  if (typeof value === 'object' && value !== null) return 'object';
  if (typeof value === 'function') return 'function';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** V8's text for a value it has no expression for ("number 1", 'string "a"', "object null", "object"). */
export function typedText(v: unknown): string {
  if (v === null) return 'object null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  return typeof v;
}

/** Is this run's main file TypeScript, whose ground truth is Node 24 (not Node 20, that of .js files)? */
export function runsOnNode24(rt: Interpreter): boolean {
  return /\.[mc]?ts$/i.test(rt.fileName);
}

export { Signal, SignalKind, UNINITIALIZED, HOISTED_UNDEFINED, Env };
