// The engine's public contract: plain, serialisable data shared by the CLI, the analysis worker,
// the VS Code adapters and the webview. Nothing here imports `vscode` or holds live guest objects.

export type Runtime = 'node' | 'browser';
export type ModuleKind = 'commonjs' | 'module';

/** Which queue a piece of code ran from. `sync` = the main script. */
export type RunKind = 'sync' | 'microtask' | 'macrotask' | 'nextTick' | 'animationFrame';

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
  | 'fetch'
  // The browser profile (src/engine/interp/browser): frames, idle periods, messages, DOM events.
  | 'requestAnimationFrame'
  | 'requestIdleCallback'
  | 'postMessage'
  | 'event'
  | 'MutationObserver';

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
  /**
   * Browser profile: user clicks (a trusted click on the first element matching `selector` at virtual
   * `at` ms), besides the file's own `// @lens click SEL at MS` directives; the CLI's `--click SEL@MS`.
   */
  clicks?: { selector: string; at: number }[];
  /** Browser profile: virtual ms between rendering opportunities (default 1000/60). */
  frameInterval?: number;
  /** Browser profile: animation frames run before the simulation stops an endless animation (default 60, as browser-truth). */
  maxFrames?: number;
  /** Browser profile: virtual ms the page runs before the simulation stops it (default 10000, as browser-truth's --budget). */
  virtualBudget?: number;
  /** Record the step trace (for step-through); off for plain runs, which are faster. */
  trace?: boolean;
  /** With `trace`: return it as `Analysis.packedTrace` (src/engine/traceCodec.ts), not as objects (the analysis worker sets it). */
  packTrace?: boolean;
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
  /**
   * The module graph's sources, read by the host before the job (src/engine/modules/graph.ts): the
   * analysis never reads files. Absent: `require`/`import` of files is "not available" as before.
   */
  modules?: ModuleSources;
}

/** What the host read for one analysis: absolute path → text (modules and package.json files). */
export interface ModuleSources {
  files: Record<string, string>;
  /** Paths the host looked up and found absent (any other path not in `files` was never read). */
  absent?: string[];
  /** Paths a cap or the workspace boundary kept the host from reading, with the reason. */
  stopped?: Record<string, string>;
}

export interface SourceRange {
  /** Absolute path of the file the range is in, when it is not the analysed (main) file. */
  file?: string;
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
  /** Browser profile: what the task was, for labels (`frame 1 (16.7 ms)`, `click #buy`, `MutationObserver`). */
  detail?: string;
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
  /** Node would never exit: only an open, ref'd handle (a MessagePort) is left, and nothing can reach it. */
  | 'open-handle'
  /** A require/import the host did not load (a computed specifier, a cap, the workspace boundary). */
  | 'module-not-loaded'
  | 'tdz-read'
  | 'var-undefined-read'
  | 'call-before-assignment'
  | 'loop-closure-var'
  | 'sequential-await'
  /** TypeScript Node 24 runs only with --experimental-transform-types (enum, namespace, …): simulated with that transform. */
  | 'typescript-transform'

  /** Browser profile: a malformed `// @lens` directive, a user click with nothing to click, the frame limit. */
  | 'directive'
  | 'user-event'
  | 'frame-limit'
  | 'virtual-budget';

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
  /** The file it was scheduled in, when not the main one. */
  file?: string;
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
  /** Browser profile: see ConsoleEvent.detail. */
  detail?: string;
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
  /** The same trace packed (with `packTrace`; read it with traceOf() from src/engine/traceCodec.ts). */
  packedTrace?: import('./traceCodec').PackedTrace;
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

export type QueueName = 'microtask' | 'macrotask' | 'nextTick' | 'immediate' | 'animationFrame';
/** animationFrames / render / idleCallbacks: the browser's rendering opportunity (frames every 16.7 ms). */
export type LoopPhase = 'script' | 'microtasks' | 'nextTicks' | 'timers' | 'check' | 'task' | 'idle' | 'done' | 'animationFrames' | 'render' | 'idleCallbacks';

export type TraceEvent =
  /** A new step: the statement/expression about to run, and the lexical scope it runs in. */
  | { t: 'step'; step: number; line: number; column: number; endLine: number; endColumn: number; scope: number; file?: string }
  /** A call frame was pushed / popped (`file`: the function's file when not the main one). */
  | { t: 'push'; step: number; name: string; line: number; column: number; file?: string }
  | { t: 'pop'; step: number }
  /** A scope (environment) was created, with its bindings and their initial states. */
  | { t: 'scope'; step: number; id: number; parent: number; label: string; bindings: { name: string; kind: BindingKind | 'global'; state: 'value' | 'uninitialized'; preview: string }[] }
  /** A binding got a value (declaration initialised or assigned). */
  | { t: 'bind'; step: number; scope: number; name: string; preview: string }
  /** Something entered or left a queue. */
  | { t: 'enqueue'; step: number; queue: QueueName; id: number; label: string; line: number }
  | { t: 'dequeue'; step: number; queue: QueueName; id: number }
  /** Web APIs: a timer/fetch is pending, and when it leaves the Web API box. */
  | { t: 'webapi-add'; step: number; id: number; api: 'setTimeout' | 'setInterval' | 'fetch' | 'requestIdleCallback' | 'user'; label: string; delay: number; due: number; line: number }
  | { t: 'webapi-remove'; step: number; id: number }
  | { t: 'console'; step: number; index: number }
  | { t: 'phase'; step: number; phase: LoopPhase; time: number; note?: string }
  // Teaching (src/engine/interp/teachTrace.ts records them, src/engine/teach reads them back).
  /** An execution context was entered; its creation phase is done (env = its environment, outer = the function's [[Environment]]). */
  | { t: 'ctx'; step: number; env: number; outer: number; outer2: number; name: string; line: number; column: number; this: ThisKind; thisPreview?: string; via?: string; callLine: number; fnKind: string; strict: boolean }
  /** A function object was created in environment `env` (env2: its parent, when env itself is untraced). */
  | { t: 'fn'; step: number; env: number; env2: number; name: string; line: number; column: number }
  /** The callback of queue item / timer `id` will run in a scope whose outer environment is `env`. */
  | { t: 'cb'; step: number; id: number; env: number; env2: number; name: string; line: number }
  | { t: 'p-new'; step: number; id: number; line: number; column: number; origin?: string }
  | { t: 'p-origin'; step: number; id: number; origin: string; line?: number }
  | { t: 'p-settle'; step: number; id: number; state: 'fulfilled' | 'rejected'; preview: string }
  /** A reaction registered on promise `id`; `derived` = the promise it settles (0: none, e.g. await). */
  | { t: 'p-react'; step: number; id: number; kind: ReactionKind; handler: string; line: number; derived: number }
  /** Promise `id` was resolved with a thenable (`target` = its promise id, 0 for a non-promise thenable); job = the NewPromiseResolveThenableJob. */
  | { t: 'p-adopt'; step: number; id: number; target: number; job: number; line: number }
  /** Settling promise `id` queued reaction job `job`. */
  | { t: 'p-job'; step: number; id: number; job: number; kind: ReactionKind; state: 'fulfilled' | 'rejected'; env?: number; env2?: number; name?: string; line?: number };

/** Where a function's `this` came from. */
export type ThisKind = 'call' | 'method' | 'new' | 'arrow' | 'bound' | 'explicit' | 'builtin' | 'loop' | 'script';
/** What registered a promise reaction. */
export type ReactionKind = 'then' | 'catch' | 'finally' | 'await' | 'all' | 'allSettled' | 'race' | 'any' | 'adopt' | 'internal';

/** The state of the simulation at one step, rebuilt from the trace. */
export interface StepState {
  step: number;
  totalSteps: number;
  /** The file of the current step when it is in an imported module (the editor highlights none then). */
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  phase: LoopPhase;
  time: number;
  callStack: { name: string; line: number; column: number; file?: string }[];
  webApis: { id: number; api: string; label: string; delay: number; due: number; line: number }[];
  queues: Record<QueueName, { id: number; label: string; line: number }[]>;
  /** Console lines printed so far (indexes into Analysis.console). */
  consoleCount: number;
  scopes: { id: number; label: string; bindings: { name: string; kind: string; state: 'value' | 'uninitialized'; preview: string }[] }[];
  /** One sentence that explains this step. */
  explanation: string;
  /** Execution contexts, closures and promises at this step (src/engine/teach), when the trace recorded them. */
  teach?: import('./teach/types').TeachState;
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
