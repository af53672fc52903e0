// The engine's public contract: plain, serialisable data shared by the CLI, the analysis worker,
// the VS Code adapters and the webview. Nothing here imports `vscode` or holds live guest objects.

export type Runtime = 'node' | 'browser';
export type ModuleKind = 'commonjs' | 'module';

/** Which queue a piece of code ran from. `sync` = the main script. */
export type RunKind = 'sync' | 'microtask' | 'macrotask' | 'nextTick';

/** What scheduled the task/microtask that was running. */
export type RunSource =
  | 'script'
  | 'setTimeout'
  | 'setInterval'
  | 'setImmediate'
  | 'promise'
  | 'await'
  | 'queueMicrotask'
  | 'nextTick'
  | 'fetch';

export interface AnalyzeOptions {
  /** File name, used for the module kind (`.mjs` → ES module) and messages. */
  fileName?: string;
  runtime?: Runtime;
  /** Overrides the module kind derived from the file name. */
  moduleKind?: ModuleKind;
  /** Maximum number of interpreter steps (statements + calls). */
  maxSteps?: number;
  /** Maximum wall-clock milliseconds for the whole analysis. */
  maxMillis?: number;
  /** Guest call depth at which `RangeError: Maximum call stack size exceeded` is thrown. */
  maxCallDepth?: number;
  /** Simulated latency of `fetch` in virtual ms (default 100); per-URL overrides. */
  fetchLatency?: number;
  fetchLatencyByUrl?: Record<string, number>;
  /** Record the step trace (for step-through); off for plain runs, which are faster. */
  trace?: boolean;
  /** Seed for Math.random. */
  seed?: number;
  // Caps on what one analysis keeps (limits.ts, simulator.ts); each cut is noted in `Analysis.cut` and a diagnostic.
  /** UTF-16 code units of console text kept (default 16 MiB); past it output is counted, not stored. */
  maxConsoleBytes?: number;
  /** Step-trace events recorded (default 250,000); past it recording stops and the run goes on. */
  maxTraceEvents?: number;
  /** Task records kept in `Analysis.tasks` (default 10,000); the rest are counted. */
  maxTaskRecords?: number;
  /**
   * What the caller uses: 'all' (default), or 'output' — the console, the exit code and the run's own
   * diagnostics only, as the CLI's `run` prints them: no task records, no hoisting/TDZ pass (no
   * bindings, no hoisting findings). The simulation itself is the same.
   */
  record?: 'all' | 'output';
  /** Cumulative bytes of ArrayBuffer/typed-array backing stores the program may allocate (default 256 MiB). */
  maxArrayBufferBytes?: number;
  /**
   * Host side only, never handed to guest code: the interpreter publishes where it is, for the
   * analysis process's watchdog (src/sandbox): [0] = source offset of the current node,
   * [1] = 1 while a built-in (non-closure) call is running. Written with plain stores.
   */
  progress?: Int32Array;
  /**
   * Host side only, never handed to guest code (src/sandbox/analysisWorker.ts sets it; it can never
   * arrive over the protocol): receives the console events the run keeps (after maxConsoleBytes), in
   * order, each once, in batches while the run goes on (src/engine/interp/consoleStream.ts) — so the
   * output before a stop the engine cannot report (a hung built-in call, the heap, a kill) survives.
   * `atBuiltinCall`: sent because a built-in call is about to run (small, frequent batches).
   */
  onConsoleBatch?: (events: ConsoleEvent[], atBuiltinCall: boolean) => void;
  /**
   * TEST ONLY (src/sandbox/analysisWorker.ts sets it when the analysis process was started with the
   * test hook; it can never arrive over the protocol): installed as the guest global `__hostLeak`,
   * to prove the locked-down process holds on its own when layer 1 is bypassed.
   */
  testOnlyHostLeak?: object;
  /**
   * TEST ONLY: check every value that crosses into guest code for a prototype chain that ends outside
   * the realm (src/engine/membrane.ts), and report them in `Analysis.foreignObjects`. Off by default;
   * costs nothing when off.
   */
  detectForeignObjects?: boolean;
}

export interface SourceRange {
  line: number; // 1-based
  column: number; // 0-based
  endLine: number;
  endColumn: number;
}

export interface ConsoleEvent extends SourceRange {
  /** 1-based order of this output in the whole run. */
  order: number;
  kind: RunKind;
  source: RunSource;
  /** The text printed (without the trailing newline). */
  text: string;
  stream: 'stdout' | 'stderr';
  /** console method: log, info, debug, warn, error, table, ... */
  method: string;
  /** Step number at which it was printed, virtual time, id of the task it ran in. */
  step: number;
  time: number;
  taskId: number;
  /** Delay of the timer that started the task (macrotasks from timers). */
  delay?: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInfo extends SourceRange {
  message: string;
}

export type DiagnosticCode =
  | 'syntax-error'
  | 'unsupported'
  | 'uncaught-error'
  | 'unhandled-rejection'
  | 'step-budget'
  | 'time-budget'
  /** The analysis process's heap ran out (src/sandbox: the worker's or the whole process's), or the ArrayBuffer budget (limits.ts). */
  | 'memory-budget'
  /** A cap cut console output, the step trace or the task records (Analysis.cut says how much). */
  | 'output-cut'
  | 'infinite-loop'
  | 'microtask-starvation'
  | 'not-available'
  | 'tdz-read'
  | 'var-undefined-read'
  | 'call-before-assignment'
  | 'loop-closure-var'
  | 'sequential-await';

export interface Diagnostic extends SourceRange {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  related?: RelatedInfo[];
  /** true when the simulation saw it happen (vs. a static "possible" finding). */
  observed?: boolean;
}

/** A task or microtask: when it was queued, when it ran. */
export interface TaskRecord {
  id: number;
  kind: Exclude<RunKind, 'sync'> | 'script';
  source: RunSource;
  /** Where it was scheduled (the call site). */
  line: number;
  column: number;
  /** Where its callback is defined, when known. */
  callbackLine?: number;
  label: string;
  enqueueStep: number;
  enqueueTime: number;
  /** Absent when it never ran. */
  startStep?: number;
  endStep?: number;
  startTime?: number;
  delay?: number;
}

export interface Analysis {
  fileName: string;
  runtime: Runtime;
  moduleKind: ModuleKind;
  /** Console output in execution order. */
  console: ConsoleEvent[];
  /** Every task/microtask the run queued, in queue order. */
  tasks: TaskRecord[];
  diagnostics: Diagnostic[];
  /** Number of interpreter steps simulated. */
  steps: number;
  /** Virtual clock at the end, in ms. */
  virtualTime: number;
  /** What `node FILE` would exit with. */
  exitCode: number;
  /** Why the run stopped, when not by itself. */
  stoppedBy?: 'step-budget' | 'time-budget' | 'memory-budget' | 'uncaught-error' | 'unhandled-rejection' | 'syntax-error' | 'microtask-starvation';
  /** Hoisting/binding facts (issue: hoisting and TDZ). */
  bindings?: BindingInfo[];
  /** Step trace, when `trace: true`. */
  trace?: TraceEvent[];
  /** What the caps (AnalyzeOptions.max*) left out, when they cut anything. */
  cut?: {
    /** Console lines counted but not stored, and their text length. */
    consoleLines?: number;
    consoleBytes?: number;
    /** The trace stopped recording at this step (the run went on). */
    traceFromStep?: number;
    /** Task records not kept. */
    tasks?: number;
  };
  /** Wall-clock ms spent. */
  millis: number;
  /** With `detectForeignObjects`: host-realm values guest code could see (must be empty). */
  foreignObjects?: { where: string; what: string; line: number }[];
}

// ---- Hoisting / bindings -------------------------------------------------------------------

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'catch' | 'import';
export type InitialState = 'undefined' | 'uninitialized' | 'function';

export interface BindingInfo {
  id: number;
  name: string;
  kind: BindingKind;
  /** The declaring identifier. */
  decl: SourceRange;
  /** Scope it lives in: e.g. "function main (line 3)", "module", "block (line 7)". */
  scope: string;
  scopeRange: SourceRange;
  initialState: InitialState;
  /** For let/const/class: from the scope start to the end of the declaration. */
  tdz?: SourceRange;
  /** Values seen at run time: preview text and the step it was set at (first few). */
  values?: { step: number; preview: string }[];
}

// ---- Step trace ----------------------------------------------------------------------------
// The simulation records a flat log; the state at any step is rebuilt by folding it
// (src/engine/replay.ts). Values are previews (strings), never live guest objects.

export type QueueName = 'microtask' | 'macrotask' | 'nextTick' | 'immediate';
export type LoopPhase = 'script' | 'microtasks' | 'nextTicks' | 'timers' | 'check' | 'task' | 'idle' | 'done';

export type TraceEvent =
  /** A new step: the statement/expression about to run, and the lexical scope it runs in. */
  | { t: 'step'; step: number; line: number; column: number; endLine: number; endColumn: number; scope: number }
  /** A call frame was pushed / popped. */
  | { t: 'push'; step: number; name: string; line: number; column: number }
  | { t: 'pop'; step: number }
  /** A scope (environment) was created, with its bindings and their initial states. */
  | { t: 'scope'; step: number; id: number; parent: number; label: string; bindings: { name: string; kind: BindingKind | 'global'; state: 'value' | 'uninitialized'; preview: string }[] }
  /** A binding got a value (declaration initialised or assigned). */
  | { t: 'bind'; step: number; scope: number; name: string; preview: string }
  /** Something entered or left a queue. */
  | { t: 'enqueue'; step: number; queue: QueueName; id: number; label: string; line: number }
  | { t: 'dequeue'; step: number; queue: QueueName; id: number }
  /** Web APIs: a timer/fetch is pending, and when it leaves the Web API box. */
  | { t: 'webapi-add'; step: number; id: number; api: 'setTimeout' | 'setInterval' | 'fetch'; label: string; delay: number; due: number; line: number }
  | { t: 'webapi-remove'; step: number; id: number }
  | { t: 'console'; step: number; index: number }
  | { t: 'phase'; step: number; phase: LoopPhase; time: number; note?: string };

/** The state of the simulation at one step, rebuilt from the trace. */
export interface StepState {
  step: number;
  totalSteps: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  phase: LoopPhase;
  time: number;
  callStack: { name: string; line: number; column: number }[];
  webApis: { id: number; api: string; label: string; delay: number; due: number; line: number }[];
  queues: Record<QueueName, { id: number; label: string; line: number }[]>;
  /** Console lines printed so far (indexes into Analysis.console). */
  consoleCount: number;
  scopes: { id: number; label: string; bindings: { name: string; kind: string; state: 'value' | 'uninitialized'; preview: string }[] }[];
  /** One sentence that explains this step. */
  explanation: string;
}

// ---- Runtime observations (simulation → hoisting model) ------------------------------------
// Offsets are 0-based character offsets into the source (acorn's `start`/`end`);
// `declStart` is the `start` of the declaring identifier of the binding involved.

export type Observation =
  /** A let/const/class binding was accessed while uninitialised (a ReferenceError was thrown). */
  | { kind: 'tdz-read'; start: number; end: number; name: string; declStart: number; step: number }
  /** A `var` binding was read while it still held the `undefined` it was hoisted with. */
  | { kind: 'var-undefined-read'; start: number; end: number; name: string; declStart: number; step: number }
  /** A call whose callee was a `var` still `undefined` from hoisting (TypeError: x is not a function). */
  | { kind: 'call-before-assignment'; start: number; end: number; name: string; declStart: number; step: number }
  /** A binding was initialised or assigned (first few per binding). */
  | { kind: 'binding-write'; declStart: number; name: string; step: number; preview: string }
  /** A function read a `var` binding captured from an outer function, while running in task `taskId`. */
  | { kind: 'captured-var-read'; start: number; end: number; name: string; declStart: number; step: number; taskId: number };
