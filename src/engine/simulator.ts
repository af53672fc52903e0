// analyze(): source text in, one serialisable Analysis out. Parses, compiles, simulates the main
// script and the event loop on a virtual clock, and turns what happened into events and diagnostics.
import * as acorn from 'acorn';
import type { Analysis, AnalyzeOptions, ConsoleEvent, Diagnostic, ModuleKind, Observation, Runtime } from './types';
import type { EventLoop } from './interp/eventloop';
import { Interpreter } from './interp/runtime';
import { TraceRecorder } from './traceCodec';
import { Compiler } from './interp/compiler';
import { compileFunctionTemplate, installFunctionMaker, instantiate } from './interp/functions';
import { installGlobals } from './interp/globals';
import { parseDirectives } from './interp/browser/directives';
import { installWeakAtomics } from './interp/weakAtomics';
import { ProcessExit } from './interp/eventloop';
import { Abort, Env, HOISTED_UNDEFINED, Unsupported } from './interp/values';
import { analyzeHoistingSafe } from './hoistingBridge';
import { installLimits, limitHit, LIMIT_DEFAULTS, parseLinear } from './interp/limits';
import { privateNameError, useScriptScopeAsGlobal, v8SyntaxMessage } from './interp/fromStrings';
import { hasTopLevelAwait, isEsmOnlySyntaxError, mayDetectModule, redeclaresWrapperName, wrapperRedeclaration } from './moduleDetection';
import { ConsoleStream, boundedBuiltinsOf } from './interp/consoleStream';
import { v8Position } from './interp/positions';
import { installForeignObjectDetector, sweepForeignObjects, type ForeignObjectDetector } from './membrane';
import type * as TypeScriptSupport from './typescript';
import { firstUsingDeclaration, markUsingDeclarations, misplacedUsingError, topLevelUsing } from './usingDeclarations';

/** `.ts`, `.mts`, `.cts`: erased to JavaScript first (./typescript, loaded only for these files). */
export const TYPESCRIPT_FILE = /\.[mc]?ts$/i;
let typescriptSupport: typeof TypeScriptSupport | undefined;
import { ModuleLoader } from './modules/loader';
import { declaredModuleKind, fileUrl, mainModuleKind } from './modules/resolve';

export const DEFAULTS = {
  maxSteps: 2_000_000,
  maxMillis: 5000,
  maxCallDepth: 9000,
  fetchLatency: 100,
  /** The browser-truth tool's default (--fetch-latency 20). */
  browserFetchLatency: 20,
  seed: 42,
  // Caps (family 6 of issue 8): what one analysis keeps, whatever the program does.
  maxConsoleBytes: 16 * 1024 * 1024,
  maxTraceEvents: 250_000, // ≈ 40 MB of pretty-printed JSON
  maxTaskRecords: 10_000,
  maxArrayBufferBytes: LIMIT_DEFAULTS.maxArrayBufferBytes,
  /** Same-code diagnostics kept from a run that keeps reporting (browser errors in a timer loop). */
  maxDiagnosticsPerCode: 100,
};

/** Thrown by the parser's token hook when the analysis deadline passed mid-parse. */
class ParseDeadline {
  constructor(readonly line: number) {}
}

export interface ParseResult {
  program: acorn.Program | null;
  error: Diagnostic | null;
  /** TypeScript: the erased text (same length and line breaks), the module kind, notes on non-erasable syntax. */
  js?: string;
  moduleKind?: ModuleKind;
  notes?: Diagnostic[];
  /** A syntax error as V8 words and places it (what Node prints); `error` keeps acorn's for module detection. */
  v8Error?: Diagnostic;
}

/** The path the program sees as its own: the file's absolute path when given one (as Node shows it). */
export function simulatedPath(fileName: string): string {
  return fileName.startsWith('/') ? fileName : '/simulated/' + fileName;
}

export function moduleKindOf(fileName: string | undefined, override?: ModuleKind): ModuleKind {
  if (override) return override;
  return fileName && /\.m[jt]s$/i.test(fileName) ? 'module' : 'commonjs';
}

/**
 * `fileName` (optional): a TypeScript file is erased first; a `.ts` file whose module kind was not
 * given (`kindGiven`) gets the kind Node 24 detects from its syntax. `sourceFile`: an imported
 * module's path, recorded on every node's loc (absent for the main file).
 */
export function parseSource(source: string, moduleKind: ModuleKind, deadline = Infinity, fileName?: string, kindGiven = false, sourceFile?: string, usingSyntax: UsingSyntax = false): ParseResult {
  if (fileName && TYPESCRIPT_FILE.test(fileName)) {
    const ts = (typescriptSupport ??= require('./typescript') as typeof TypeScriptSupport);
    const detect = !kindGiven && /\.ts$/i.test(fileName);
    try {
      // The TypeScript parser calls the hook every 1024 tokens itself.
      const onDeadline = deadline === Infinity ? undefined : (t: acorn.Token) => { if (Date.now() > deadline) throw new ParseDeadline(t.loc ? t.loc.start.line : 1); };
      const r = ts.parseTypeScript(source, moduleKind, detect, (js, kind) => parseSource(js, kind, deadline, undefined, false, sourceFile, 'node24'), onDeadline, (kind) => acornOptions(kind, deadline, sourceFile));
      return r as ParseResult;
    } catch (e) {
      if (e instanceof ParseDeadline) return parseDeadlineError(e);
      throw e;
    }
  }
  try {
    const program = parseLinear(source, acornOptions(moduleKind, deadline, sourceFile));
    // acorn reads `using` declarations (explicit resource management); V8 11.3 in Node 20 does not,
    // and a classic script's top level has none (Chromium; Node 24 wraps CommonJS in a function).
    if (/\busing\b/.test(source)) {
      const using = usingSyntax === false ? firstUsingDeclaration(program) : usingSyntax === 'browser' && moduleKind !== 'module' ? topLevelUsing(program) : null;
      if (using) {
        const id = using.declarations[0].id;
        const error: Diagnostic = { code: 'syntax-error', severity: 'error', message: `SyntaxError: Unexpected identifier '${id.name ?? 'using'}'`, line: id.loc.start.line, column: id.loc.start.column, endLine: id.loc.end.line, endColumn: id.loc.end.column };
        return { program: null, error, v8Error: error };
      }
      const unsupported = usingSyntax === false ? null : markUsingDeclarations(program);
      if (unsupported) return { program: null, error: unsupported };
    }
    return { program, error: null };
  } catch (e: any) {
    if (e instanceof ParseDeadline) return parseDeadlineError(e);
    const loc = e && e.loc ? e.loc : { line: 1, column: 0 };
    const parsed = String(e && e.message ? e.message : e).replace(/ \(\d+:\d+\)( in .*)?$/, '');
    const misplaced = misplacedUsingError(parsed, source, e?.pos, loc);
    if (misplaced) return { program: null, error: misplaced, v8Error: misplaced };
    const privateName = e instanceof SyntaxError && typeof (e as any).pos === 'number' ? privateNameError(e, source) : null;
    if (privateName) {
      // Where V8 puts it, as the other syntax errors (the CLI prints its caret from the diagnostic).
      const at = offsetLocation(source, privateName.pos);
      const error: Diagnostic = { code: 'syntax-error', severity: 'error', message: `SyntaxError: ${privateName.message}`, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + privateName.width };
      return { program: null, error, v8Error: error };
    }
    // acorn's wording where V8's differs (what Node prints).
    const message = parsed === 'Redefinition of __proto__ property' ? 'Duplicate __proto__ fields are not allowed in object literals' : e instanceof SyntaxError && typeof (e as any).pos === 'number' ? v8SyntaxMessage(e, source) : parsed;
    const error: Diagnostic = { code: 'syntax-error', severity: 'error', message: `SyntaxError: ${message}`, line: loc.line, column: loc.column, endLine: loc.line, endColumn: loc.column + 1 };
    return { program: null, error, v8Error: typeof e?.pos === 'number' ? v8ParseError(e, source, error) : error };
  }
}

/**
 * How Node 24 runs a parsed TypeScript file: strip-only, or its transform (the constructs noted);
 * null for JavaScript. Its type stripping ends the code with a `//# sourceURL=file://…` comment (V8
 * names the script by its file URL); its transform does not, and maps positions back to the
 * TypeScript text (the line an uncaught error shows).
 */
export type TypeScriptMode = 'strip' | 'transform';
export function typeScriptMode(parsed: ParseResult): TypeScriptMode | null {
  if (parsed.js === undefined) return null;
  return parsed.notes && parsed.notes.length > 0 ? 'transform' : 'strip';
}

/**
 * Which `using` declarations the runtime parses: none (Node 20, .js files), Node 24's (.ts files and
 * the modules they import) or Chromium's (none at a classic script's top level).
 */
export type UsingSyntax = false | 'node24' | 'browser';

/** The parse options of a .js file of this kind (TypeScript's fast path parses with the same). */
function acornOptions(moduleKind: ModuleKind, deadline: number, sourceFile: string | undefined): acorn.Options {
  let tokens = 0;
  // acorn cannot be interrupted from outside; its token hook checks the deadline every 1024 tokens.
  const onToken =
    deadline === Infinity
      ? undefined
      : (t: acorn.Token) => {
          if ((++tokens & 1023) === 0 && Date.now() > deadline) throw new ParseDeadline(t.loc ? t.loc.start.line : 1);
        };
  return {
    onToken,
    ecmaVersion: 'latest',
    sourceType: moduleKind === 'module' ? 'module' : 'script',
    locations: true,
    allowHashBang: true,
    allowReturnOutsideFunction: moduleKind === 'commonjs',
    allowAwaitOutsideFunction: moduleKind === 'module',
    // Imported modules: every node's loc names its file (absent for the main file).
    ...(sourceFile !== undefined ? { sourceFile } : {}),
  };
}

/**
 * V8's wording (fromStrings.ts's table) and place of an acorn error: `await` outside an async
 * function is reported at the `await` (acorn stops at the token after it), and the caret spans the token.
 */
function v8ParseError(e: any, source: string, error: Diagnostic): Diagnostic {
  let message = error.message === 'SyntaxError: Duplicate __proto__ fields are not allowed in object literals' ? error.message.slice(13) : v8SyntaxMessage(e, source);
  let { line, column } = error;
  let width = 1;
  let next: any = null;
  try {
    next = acorn.tokenizer(source.slice(e.pos), { ecmaVersion: 'latest' }).getToken();
  } catch {
    /* an unreadable token: one column */
  }
  // `await x` where await is an identifier (not an async function): acorn stops at `x`, an operand.
  const awaitBefore = /\bawait\s*$/.exec(source.slice(Math.max(0, e.pos - 64), e.pos));
  const operand = next !== null && (['name', 'num', 'string', 'template', '`', 'regexp', '{'].includes(next.type.label) || !!next.type.keyword);
  if (/^Unexpected token/.test(String(e.message)) && awaitBefore && operand) {
    message = 'await is only valid in async functions and the top level bodies of modules';
    const lines = source.slice(0, e.pos - awaitBefore[0].length).split(/\r\n|[\n\r\u2028\u2029]/);
    line = lines.length;
    column = lines[lines.length - 1].length;
    width = 5;
  } else if (next !== null && next.type.label !== 'eof' && next.start === 0 && next.end > 0 && !/[\n\r\u2028\u2029]/.test(source.slice(e.pos, e.pos + next.end))) {
    width = next.end;
  }
  return { ...error, message: `SyntaxError: ${message}`, line, column, endLine: line, endColumn: column + width };
}

/** Line (1-based) and column of a source offset, with every ECMAScript line terminator. */
function offsetLocation(source: string, offset: number): { line: number; column: number } {
  const lines = source.slice(0, offset).split(/\r\n|[\n\r\u2028\u2029]/);
  return { line: lines.length, column: lines[lines.length - 1].length };
}

function parseDeadlineError(e: ParseDeadline): ParseResult {
  return {
    program: null,
    error: { code: 'time-budget', severity: 'error', message: `Simulation stopped: the time budget ran out while parsing the file, at line ${e.line}.`, line: e.line, column: 0, endLine: e.line, endColumn: 1 },
  };
}

function range(node: any): { line: number; column: number; endLine: number; endColumn: number; file?: string } {
  if (!node || !node.loc) return { line: 1, column: 0, endLine: 1, endColumn: 0 };
  if (node.loc.source !== undefined) return { file: node.loc.source, line: node.loc.start.line, column: node.loc.start.column, endLine: node.loc.end.line, endColumn: node.loc.end.column };
  return { line: node.loc.start.line, column: node.loc.start.column, endLine: node.loc.end.line, endColumn: node.loc.end.column };
}

/**
 * The innermost loop statement that contains `node`, within the same function. Descends only into
 * the child that contains the target (a binary search in statement lists), iteratively: linear in
 * the depth, not the size, of the program.
 */
function enclosingLoop(program: any, target: any): any {
  if (!target || typeof target.start !== 'number') return null;
  const contains = (c: any) => c && typeof c === 'object' && typeof c.type === 'string' && c.start <= target.start && c.end >= target.end;
  let loop: any = null;
  let n: any = program;
  for (let depth = 0; n && depth < 100000; depth++) {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') loop = null;
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(n.type)) loop = n;
    if (n === target) return loop;
    let next: any = null;
    for (const k in n) {
      if (k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) {
        let lo = 0;
        let hi = v.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const c = v[mid];
          if (!c || typeof c.start !== 'number') {
            next = v.find((x: any) => x === target) ?? v.find(contains) ?? null;
            break;
          }
          if (c.end < target.end && c.start < target.start) lo = mid + 1;
          else if (c.start > target.start) hi = mid - 1;
          else {
            next = v[mid] === target || contains(c) ? c : null;
            break;
          }
        }
      } else if (v === target || contains(v)) next = v;
      if (next) break;
    }
    // Zero-width or synthetic nodes can share ranges: prefer the exact target when it is a child.
    n = next;
  }
  return null;
}

/**
 * analyze() always returns an Analysis: whatever escapes the simulation (a host stack overflow on a
 * deeply nested program, an engine bug the garbage fuzzer found) becomes a located diagnostic.
 */
export function analyze(source: string, options: AnalyzeOptions = {}): Analysis {
  const started = Date.now();
  try {
    return analyzeUnguarded(source, options, started);
  } catch (e) {
    const fileName = options.fileName ?? 'main.js';
    let message: string;
    try {
      message = e instanceof RangeError && /call stack/.test(e.message) ? 'the program is nested too deeply for the simulation (Maximum call stack size exceeded in the analyser)' : `the simulation failed: ${e instanceof Error ? e.message : typeof e}`;
    } catch {
      message = 'the simulation failed';
    }
    return {
      fileName,
      runtime: options.runtime ?? 'node',
      moduleKind: moduleKindOf(fileName, options.moduleKind),
      console: [],
      tasks: [],
      diagnostics: [{ code: 'unsupported', severity: 'error', message: `Simulation stopped: ${message}.`, line: 1, column: 0, endLine: 1, endColumn: 0 }],
      steps: 0,
      virtualTime: 0,
      exitCode: 2,
      millis: Date.now() - started,
    };
  }
}

/** What every stage of one analysis shares (plain data; no interpreter). */
interface Job {
  source: string;
  options: AnalyzeOptions;
  started: number;
  maxMillis: number;
  fileName: string;
  runtime: Runtime;
  moduleKind: ModuleKind;
  /** The kind was given (option, extension, package.json "type"): no syntax detection. */
  kindDeclared: boolean;
  /** A TypeScript main file: how Node 24 runs it, and its own text (set by the parse stage). */
  typeScript?: { mode: TypeScriptMode; source: string };
  diagnostics: Diagnostic[];
  consoleEvents: ConsoleEvent[];
  base: Omit<Analysis, 'millis'>;
}

/** The interpreter of one analysis and what its console and diagnostics caps count. */
interface Simulation extends Job {
  rt: Interpreter;
  loop: EventLoop;
  consoleCut: ConsoleCut;
  perCode: Map<string, number>;
  keepConsole: (ev: ConsoleEvent, always?: boolean) => boolean;
  foreign: ForeignObjectDetector | null;
  /** require/import/import() of the files the host shipped (src/engine/modules). */
  loader: ModuleLoader;
}

interface ConsoleCut {
  bytes: number;
  lines: number;
  bytesCut: number;
  cutting: boolean;
}

/** The compiled main script (the CommonJS wrapper, the module body, or the classic script). */
interface Compiled {
  main: Function;
  hasTopLevelAwait: boolean;
  /** An ES module main with static imports: linked and evaluated by the module loader instead. */
  viaLoader?: boolean;
}

/** How the run ended. */
interface Outcome {
  exitCode: number;
  stoppedBy: Analysis['stoppedBy'];
}

/**
 * The pipeline: parse → set up the realm → compile → run the script and the event loop → report,
 * then the hoisting model joined with what the run observed. The interpreter (realm, compiled
 * closures, guest heap) is garbage once simulate() returns, before the hoisting pass needs memory.
 */
function analyzeUnguarded(source: string, options: AnalyzeOptions, started: number): Analysis {
  const job = newJob(source, options, started);
  const program = parse(job);
  if (!program) return { ...job.base, millis: Date.now() - started };
  const simulated = simulate(job, program);
  if (!simulated.observations || options.record === 'output') return { ...simulated.analysis, millis: Date.now() - started };
  return reportHoisting(job, program, simulated.analysis, simulated.observations, simulated.jobsQueued);
}

function newJob(source: string, options: AnalyzeOptions, started: number): Job {
  const fileName = options.fileName ?? 'main.js';
  const runtime = options.runtime ?? 'node';
  // With the host's sources, a .js file's kind is its package.json "type" (as in Node); a .ts file
  // without one is detected by the TypeScript parse stage on its erased text (as Node 24).
  const withSources = !!options.modules && !options.moduleKind && runtime === 'node';
  const declared = withSources ? declaredModuleKind(options.modules!, simulatedPath(fileName)) : null;
  const moduleKind = withSources ? declared ?? (TYPESCRIPT_FILE.test(fileName) ? 'commonjs' : mainModuleKind(options.modules!, simulatedPath(fileName))) : moduleKindOf(fileName, options.moduleKind);
  const kindDeclared = !!options.moduleKind || declared !== null;
  const diagnostics: Diagnostic[] = [];
  const consoleEvents: ConsoleEvent[] = [];
  const base = {
    fileName,
    runtime,
    moduleKind,
    console: consoleEvents,
    tasks: [],
    diagnostics,
    steps: 0,
    virtualTime: 0,
    exitCode: 0,
  };

  return { source, options, started, maxMillis: options.maxMillis ?? DEFAULTS.maxMillis, fileName, runtime, moduleKind, kindDeclared, diagnostics, consoleEvents, base };
}

/** Stage 1: the AST, or null with the syntax-error (or parse-budget) stop recorded in job.base. */
function parse(job: Job): any {
  const { source, started, maxMillis, moduleKind, diagnostics, base } = job;
  const usingSyntax = job.runtime === 'browser' ? 'browser' : false;
  let parsed = parseSource(source, moduleKind, started + maxMillis, job.fileName, job.kindDeclared, undefined, usingSyntax);
  // TypeScript: the simulation runs the erased text (positions are the source's; Function#toString shows what Node 24 shows).
  if (parsed.js !== undefined) job.source = parsed.js;
  if (parsed.moduleKind) job.moduleKind = base.moduleKind = parsed.moduleKind;
  if (parsed.notes) diagnostics.push(...parsed.notes);
  const mode = typeScriptMode(parsed);
  if (mode !== null) job.typeScript = { mode, source };
  if (parsed.js === undefined && moduleKind === 'commonjs' && !job.kindDeclared && mayDetectModule(job.fileName, job.runtime, job.options.moduleKind)) {
    // Node's syntax detection (moduleDetection.ts): the file may run as an ES module instead.
    const retry = parsed.program ? redeclaresWrapperName(parsed.program) : isEsmOnlySyntaxError(parsed.error!.message) || /\bawait\b/.test(source);
    if (retry) {
      const asModule = parseSource(source, 'module', started + maxMillis, undefined, false, undefined, usingSyntax);
      // (A syntax error near `await` counts only when the module parse finds top-level await.)
      if (asModule.program && (parsed.program || isEsmOnlySyntaxError(parsed.error!.message) || hasTopLevelAwait(asModule.program))) {
        parsed = asModule;
        job.moduleKind = base.moduleKind = 'module';
      }
    }
  }
  // A file that stays CommonJS (its "type" says so, or a .cjs/.cts) cannot redeclare a wrapper
  // parameter: Node's wrapper function makes `const module = 1` a SyntaxError at load.
  if (parsed.program && job.moduleKind === 'commonjs' && job.runtime === 'node') {
    const id = wrapperRedeclaration(parsed.program);
    if (id) {
      const loc = id.loc.start;
      parsed = { program: null, error: { code: 'syntax-error', severity: 'error', message: `SyntaxError: Identifier '${id.name}' has already been declared`, line: loc.line, column: loc.column, endLine: loc.line, endColumn: loc.column + id.name.length } };
    }
  }
  if (!parsed.program) {
    diagnostics.push(parsed.v8Error ?? parsed.error!);
    const timedOut = parsed.error!.code === 'time-budget';
    base.exitCode = timedOut ? 3 : 1;
    base.stoppedBy = timedOut ? 'time-budget' : 'syntax-error';
    return null;
  }
  return parsed.program;
}

/** Stages 2–4 with the interpreter alive; only plain data leaves. */
function simulate(job: Job, program: any): { analysis: Omit<Analysis, 'millis'>; observations?: Observation[]; jobsQueued: number } {
  const sim = setUp(job);
  const compiled = compile(sim, program);
  if (!('main' in compiled)) return { analysis: compiled, jobsQueued: 0 };
  const outcome = run(sim, program, compiled);
  // Every job gets an id, recorded or not.
  return { analysis: report(sim, outcome), observations: sim.rt.observations, jobsQueued: Math.max(sim.loop.tasks.length, (sim.loop as any).jobIds ?? 0) };
}

/** Stage 2: the interpreter, its realm furnished with the simulated globals, caps and limits. */
function setUp(job: Job): Simulation {
  const { source, options, started, maxMillis, fileName, runtime, diagnostics, consoleEvents } = job;
  const rt = new Interpreter({
    source,
    fileName,
    maxSteps: options.maxSteps ?? DEFAULTS.maxSteps,
    maxMillis: Math.max(0, maxMillis - (Date.now() - started)),
    maxDepth: options.maxCallDepth ?? DEFAULTS.maxCallDepth,
    trace: !!options.trace,
    packTrace: !!options.packTrace,
  });
  rt.maxTraceEvents = options.maxTraceEvents ?? DEFAULTS.maxTraceEvents;
  // Console cap: past maxConsoleBytes, output is counted, not stored (the fatal-error report is always kept).
  const maxConsoleBytes = options.maxConsoleBytes ?? DEFAULTS.maxConsoleBytes;
  // lines: dropped whole; the line that crossed the cap keeps what fits.
  const consoleCut = { bytes: 0, lines: 0, bytesCut: 0, cutting: false };
  const keepConsole = (ev: ConsoleEvent, always = false): boolean => {
    const len = ev.text.length;
    if (!always && (consoleCut.cutting || consoleCut.bytes + len > maxConsoleBytes)) {
      const room = maxConsoleBytes - consoleCut.bytes;
      const first = !consoleCut.cutting;
      consoleCut.cutting = true;
      if (first && room > 0) {
        consoleEvents.push({ ...ev, text: ev.text.slice(0, room) });
        consoleCut.bytes += room;
        consoleCut.bytesCut += len - room;
        return true;
      }
      consoleCut.bytesCut += len;
      consoleCut.lines++;
      return false;
    }
    consoleCut.bytes += len;
    consoleEvents.push(ev);
    return true;
  };
  const perCode = new Map<string, number>();
  /** Diagnostics a run can raise again and again (browser-reported errors): the first few per code. */
  const pushRepeatable = (d: Diagnostic): void => {
    const n = (perCode.get(d.code) ?? 0) + 1;
    perCode.set(d.code, n);
    if (n <= DEFAULTS.maxDiagnosticsPerCode) diagnostics.push(d);
  };
  if (options.progress) rt.progress = options.progress;
  const notAvailableSeen = new Set<string>();
  // Browser profile: the file's `// @lens` directives (clicks, fetch latencies) join the options.
  const directives = runtime === 'browser' ? parseDirectives(source) : null;
  if (directives) for (const d of directives.diagnostics) diagnostics.push(d);
  const { loop } = installGlobals(rt, {
    runtime,
    fetchLatency: options.fetchLatency ?? directives?.fetchLatency ?? (runtime === 'browser' ? DEFAULTS.browserFetchLatency : DEFAULTS.fetchLatency),
    fetchLatencyByUrl: { ...directives?.fetchLatencyByUrl, ...options.fetchLatencyByUrl },
    browser: directives
      ? {
          frameInterval: options.frameInterval ?? directives.frameInterval ?? 1000 / 60,
          maxFrames: options.maxFrames ?? directives.maxFrames ?? 60,
          budget: options.virtualBudget ?? directives.budget ?? 10000,
          // A click named both by `// @lens click` and by the tool's `// browser-truth: --click` (or the CLI) is one click.
          clicks: [...directives.clicks.map((c) => ({ selector: c.selector, at: c.at, node: { line: c.line } })), ...(options.clicks ?? [])].filter((c, i, all) => all.findIndex((o) => o.selector === c.selector && o.at === c.at) === i),
          onNote: (code, message, line) => diagnostics.push({ code, severity: code === 'user-event' ? 'warning' : 'info', message, line, column: 0, endLine: line, endColumn: 0, observed: true }),
        }
      : undefined,
    seed: options.seed ?? DEFAULTS.seed,
    onConsole: (e) => {
      // The event is fresh (globals.ts builds one per call): `order` is added to it, not to a copy —
      // `{ ...e, order }` gave every event a hidden class of its own (V8), 3× slower to read or send.
      const ev = e as ConsoleEvent;
      ev.order = consoleEvents.length + 1;
      if (keepConsole(ev) && rt.trace) rt.trace.push({ t: 'console', step: rt.steps, index: consoleEvents.length - 1 });
    },
    onNotAvailable: (what, node) => {
      const key = what + ':' + (node ? node.start : 0);
      if (notAvailableSeen.has(key)) return;
      notAvailableSeen.add(key);
      diagnostics.push({ code: 'not-available', severity: 'warning', message: `${what} is not available in the simulation (Event Loop Lens never runs your code for real); it throws here instead.`, ...range(node), observed: true });
    },
    onDiagnostic: (d) => diagnostics.push(d),
  });
  // `run` prints no task records: none are made (their labels neither, promise.ts).
  if (options.record === 'output') loop.maxTaskRecords = 0;
  installLimits(rt, { maxArrayBufferBytes: options.maxArrayBufferBytes ?? DEFAULTS.maxArrayBufferBytes });
  // Captured before any guest code runs: the guest may replace globalThis.require.
  const loader = new ModuleLoader(rt, { mainPath: simulatedPath(fileName), mainSource: source, sources: options.modules, diagnostics, builtinRequire: rt.global.require, range });
  installWeakAtomics(rt, loop);
  // import() in eval code and new Function bodies loads relative to the file that made them.
  if (runtime === 'node') rt.moduleContextOf = (node) => loader.contextFor(node && node.loc && node.loc.source !== undefined ? node.loc.source : simulatedPath(fileName));
  rt.mainIsModule = job.moduleKind === 'module';
  if (job.moduleKind === 'module' && runtime === 'node' && options.modules) rt.esmFiles.add(simulatedPath(fileName));
  if (job.typeScript && runtime === 'node') {
    if (job.typeScript.mode === 'strip') rt.sourceUrlFiles.add(simulatedPath(fileName));
    else rt.sourceMappedText.set(simulatedPath(fileName), job.typeScript.source);
  }
  // An ES module has no `require` (Node: "require is not defined in ES module scope"); without the
  // host's sources (the engine called on one text) the simulated built-ins stay reachable as before.
  if (job.moduleKind === 'module' && runtime === 'node' && options.modules) delete rt.global.require;
  // Host side only (the analysis worker's watchdog): the kept console events, streamed while the run goes on.
  if (options.onConsoleBatch) rt.consoleStream = new ConsoleStream(consoleEvents, options.onConsoleBatch, boundedBuiltinsOf(rt.global));
  // TEST ONLY: see AnalyzeOptions.detectForeignObjects (membrane.ts).
  const foreign: ForeignObjectDetector | null = options.detectForeignObjects ? installForeignObjectDetector(rt) : null;
  // TEST ONLY: see AnalyzeOptions.testOnlyHostLeak (set by src/sandbox/analysisWorker.ts under its test hook).
  if (options.testOnlyHostLeak) Object.defineProperty(rt.global, '__hostLeak', { value: options.testOnlyHostLeak, configurable: true, writable: true });
  if (runtime === 'browser') {
    loop.reportError = (e, kind) => {
      // As browser-truth prints Chromium's report: the error's name and message, not its stack.
      const text = `Uncaught ${kind === 'unhandled-rejection' ? '(in promise) ' : ''}${errorText(e).split('\n').filter((l, i, all) => !all.slice(0, i + 1).some((x) => /^\s+at\s/.test(x))).join('\n')}`;
      const node = rt.currentNode;
      keepConsole({ ...range(node), order: consoleEvents.length + 1, kind: rt.task.kind, source: rt.task.source, text, stream: 'stderr', method: 'error', step: rt.steps, time: loop.clock, taskId: rt.task.id });
      pushRepeatable({ code: kind, severity: 'error', message: `${kind === 'uncaught-error' ? 'Uncaught error' : 'Unhandled promise rejection'}: ${errorText(e)} (the browser reports it and the event loop goes on)`, ...range(node), observed: true });
    };
  }

  return { ...job, rt, loop, consoleCut, perCode, keepConsole, foreign, loader };
}

/** Stage 3: the whole file compiled up front to the main function; or the analysis that stops here. */
function compile(sim: Simulation, program: any): Compiled | Omit<Analysis, 'millis'> {
  const { rt, source, moduleKind, runtime, diagnostics, base } = sim;
  // Compile: the whole file up front. Unsupported syntax compiles to a stop at that node.
  const compiler = new Compiler(rt, source);
  installFunctionMaker(compiler);
  compiler.onUnsupported = (u: Unsupported) => {
    diagnostics.push({ code: 'unsupported', severity: 'warning', message: `Unsupported: ${u.message}`, ...range(u.node) });
  };
  const isModule = moduleKind === 'module';
  if (runtime === 'node') compiler.moduleContext = sim.loader.contextFor(simulatedPath(sim.fileName));
  // Also a main that may import() itself (or be imported by what it imports): one record of it.
  const mayImportItself = sim.loader.hasSources && /\bimport\s*\(/.test(source);
  if (isModule && runtime === 'node' && (mayImportItself || program.body.some((st: any) => st.type === 'ImportDeclaration' || ((st.type === 'ExportNamedDeclaration' || st.type === 'ExportAllDeclaration') && st.source)))) {
    return { main: null as any, hasTopLevelAwait: false, viaLoader: true };
  }
  const hasTopLevelAwait = isModule && compiler.hasSuspend({ type: 'BlockStatement', body: program.body });
  // A browser classic script has no CommonJS wrapper: no require/module/exports, `this` is window.
  const paramNames = isModule || runtime === 'browser' ? [] : ['exports', 'require', 'module', '__filename', '__dirname'];
  const mainNode = {
    type: 'FunctionExpression',
    params: paramNames.map((name) => ({ type: 'Identifier', name, start: 0, end: 0, loc: program.loc })),
    body: { type: 'BlockStatement', body: program.body, loc: program.loc, start: program.start, end: program.end },
    async: hasTopLevelAwait,
    generator: false,
    expression: false,
    loc: program.loc,
    start: program.start,
    end: program.end,
  };
  if (isModule) compiler.strict = true;
  if (runtime === 'browser' && !isModule) useScriptScopeAsGlobal(rt);
  try {
    const onEnter = runtime === 'browser' && !isModule ? (env: Env, bindings: ReadonlyMap<string, { slot: number; kind: string }>) => mirrorScriptGlobals(rt, env, bindings) : undefined;
    const template = compileFunctionTemplate(compiler, mainNode, { name: '', kind: 'plain', hideParams: true, onEnter, noArguments: isModule || runtime === 'browser' });
    template.frameName = '(main script)';
    return { main: instantiate(rt, template, rt.newEnv(null, [], 'global', { names: [], kinds: [] })), hasTopLevelAwait };
  } catch (e) {
    if (e instanceof Unsupported) {
      diagnostics.push({ code: 'unsupported', severity: 'error', message: `Unsupported: ${e.message}`, ...range(e.node) });
      return { ...base, exitCode: 2 };
    }
    if (e instanceof Abort && e.reason === 'time-budget') {
      const at = range(e.node);
      diagnostics.push({ code: 'time-budget', severity: 'error', message: `Simulation stopped: the time budget ran out while compiling the file, at line ${at.line}.`, ...at, observed: true });
      return { ...base, exitCode: 3, stoppedBy: 'time-budget' };
    }
    throw e;
  }

}

/** Stage 4: the main script, then the event loop until nothing is left (or a budget, or an exit). */
function run(sim: Simulation, program: any, { main, hasTopLevelAwait, viaLoader }: Compiled): Outcome {
  const { rt, loop, runtime, moduleKind, fileName, consoleEvents, diagnostics } = sim;
  const isModule = moduleKind === 'module';
  let exitCode = 0;
  let stoppedBy: Analysis['stoppedBy'];
  const g = rt.global;
  // `require` is a parameter of the CommonJS wrapper, not a global (an ES module has none at all).
  delete g.require;
  try {
    try {
      if (rt.trace) rt.trace.push({ t: 'phase', step: 0, phase: 'script', time: 0, note: 'Running the main script' });
      let mainPromise: any = null;
      try {
        if (viaLoader) {
          // Link (a missing export is a SyntaxError before any code runs), then Evaluate().
          sim.loader.linkMain(program);
          const evaluated = sim.loader.evaluateMain();
          sim.loader.throwIfRejected(evaluated.promise);
          if (evaluated.async) {
            mainPromise = evaluated.promise;
            watchTopLevelAwait(rt, mainPromise);
          }
        } else if (runtime === 'browser' && !isModule) {
          rt.call(main, g, []);
        } else if (isModule) {
          const r = rt.call(main, undefined, []);
          if (hasTopLevelAwait) {
            mainPromise = r;
            watchTopLevelAwait(rt, mainPromise);
          }
        } else {
          // The main module and its own require (the module loader's: files the host shipped, built-ins).
          const { moduleObj, require } = sim.loader.mainModule();
          const exportsObj = moduleObj.exports;
          // `if (require.main === module) main()` is how scripts start themselves.
          if (g.require) g.require.main = moduleObj;
          require.main = moduleObj;
          rt.call(main, exportsObj, [exportsObj, require, moduleObj, simulatedPath(fileName), simulatedPath(fileName).replace(/\/[^/]*$/, '') || '/']);
          sim.loader.markMainLoaded();
        }
      } catch (e) {
        if (e instanceof Abort || e instanceof ProcessExit) throw e;
        if (isModule) moduleEvaluationError(rt, rt.toGuest(e));
        else loop.uncaught(rt.toGuest(e));
      }
      // After the main script: Node drains nextTicks then promise jobs (CommonJS); an ES module's
      // body is itself evaluated in a promise job, so its microtasks run before the nextTicks.
      if (isModule) loop.runMicrotasks();
      loop.drain();
      loop.run();
      // 'beforeExit' when the loop has nothing left: its listeners may schedule more work.
      if (runtime === 'node' && !loop.waitsForever) {
        while (!loop.waitsForever && loop.emitProcessEvent('beforeExit', processExitCode(g))) {
          loop.drain();
          if (!loop.alive()) break;
          loop.run();
        }
      }
      if (mainPromise && rt.promises.record(mainPromise)?.state === 'pending') {
        exitCode = 13;
        consoleEvents.push({ ...range(program), order: consoleEvents.length + 1, kind: 'sync', source: 'script', text: 'Warning: Detected unsettled top-level await', stream: 'stderr', method: 'warn', step: rt.steps, time: loop.clock, taskId: 0 });
      }
      if (runtime === 'node' && exitCode === 0) exitCode = processExitCode(g);
      if (runtime === 'browser' && exitCode === 0 && loop.browserExitCode) exitCode = loop.browserExitCode();
    } catch (e) {
      if (e instanceof ProcessExit) {
        exitCode = e.code;
        if (e.reason !== 'exit') {
          stoppedBy = e.reason;
          reportFatal(rt, e, consoleEvents, diagnostics, loop.clock);
        }
      } else throw e;
    }
    // process 'exit' listeners run last, with the exit code; nothing they schedule runs.
    if (runtime === 'node' && !loop.waitsForever) {
      try {
        loop.emitProcessEvent('exit', exitCode);
      } catch (e) {
        if (e instanceof ProcessExit) exitCode = e.code;
        else if (!(e instanceof Abort)) exitCode = 7;
        else throw e;
      }
    }
  } catch (e) {
    if (e instanceof Abort) {
      stoppedBy = e.reason === 'time-budget' ? 'time-budget' : e.reason === 'step-budget' ? 'step-budget' : undefined;
      exitCode = 3;
      budgetDiagnostics(rt, program, e, diagnostics, loop);
      if (e.reason === 'cancelled' && e.message.startsWith('Unsupported')) {
        stoppedBy = undefined;
        exitCode = 2;
      }
    } else if (e instanceof Unsupported) {
      diagnostics.push({ code: 'unsupported', severity: 'error', message: `Unsupported: ${e.message}`, ...range(e.node) });
      exitCode = 2;
    } else {
      diagnostics.push({ code: 'unsupported', severity: 'error', message: `The simulation failed here: ${e instanceof Error ? e.message : String(e)}`, ...range(rt.currentNode) });
      exitCode = 2;
    }
  }

  return { exitCode, stoppedBy };
}

/** Stage 5: the run as plain data, with what the caps cut. */
function report(sim: Simulation, { exitCode, stoppedBy }: Outcome): Omit<Analysis, 'millis'> {
  const { rt, loop, base, consoleCut, perCode, foreign } = sim;
  const analysis: Omit<Analysis, 'millis'> = {
    ...base,
    tasks: loop.tasks,
    steps: rt.steps,
    virtualTime: loop.clock,
    exitCode,
    stoppedBy,
    ...(rt.traceLog instanceof TraceRecorder ? { packedTrace: rt.traceLog.finish() } : { trace: rt.traceLog ?? undefined }),
  };
  capDiagnostics(rt, analysis, consoleCut, perCode);
  if (foreign) {
    sweepForeignObjects(foreign, rt.global);
    analysis.foreignObjects = foreign.found;
  }
  return analysis;
}

/** Stage 6: the hoisting model joined with the run's observations; the task cap. */
function reportHoisting(job: Job, program: any, run: Omit<Analysis, 'millis'>, observations: Observation[], queued: number): Analysis {
  const { source, options, started, maxMillis, diagnostics } = job;
  const analysis: Analysis = { ...run, millis: 0 };
  // The hoisting pass gets what is left of the budget, and at least a short grace of its own.
  const hoistingDeadline = Math.max(started + maxMillis, Date.now() + Math.min(500, maxMillis / 4));
  const hoisting = analyzeHoistingSafe(program, source, observations, analysis, hoistingDeadline);
  if (hoisting) {
    analysis.bindings = hoisting.bindings;
    for (const d of hoisting.diagnostics) diagnostics.push(d);
  }
  // Task records past the cap are counted, not kept (the hoisting pass above saw them all).
  const maxTaskRecords = options.maxTaskRecords ?? DEFAULTS.maxTaskRecords;
  if (queued > maxTaskRecords) {
    analysis.tasks = analysis.tasks.slice(0, maxTaskRecords);
    const dropped = queued - analysis.tasks.length;
    analysis.cut = { ...analysis.cut, tasks: dropped };
    diagnostics.push({ code: 'output-cut', severity: 'info', message: `Task records cut after ${maxTaskRecords.toLocaleString('en-US')} (${dropped.toLocaleString('en-US')} more tasks and microtasks ran or were queued).`, line: 1, column: 0, endLine: 1, endColumn: 0 });
  }
  analysis.millis = Date.now() - started;
  return analysis;
}

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb < 1) return n < 1024 ? `${n} bytes` : `${Math.round(n / 102.4) / 10} KB`;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** Notes what the caps cut (console, trace, repeated diagnostics) and the engine limit the run hit. */
function capDiagnostics(rt: Interpreter, analysis: Omit<Analysis, 'millis'>, consoleCut: ConsoleCut, perCode: Map<string, number>): void {
  const diagnostics = analysis.diagnostics;
  const hit = limitHit(rt);
  if (hit) {
    const at = range(hit.node);
    diagnostics.push({ code: 'memory-budget', severity: 'error', message: `${hit.message[0].toUpperCase()}${hit.message.slice(1)} at line ${at.line}: the program got RangeError: ${hit.guestMessage}.`, ...at, observed: true });
  }
  if (consoleCut.cutting) {
    const last = analysis.console[analysis.console.length - 1];
    const at = last ? { line: last.line, column: last.column, endLine: last.endLine, endColumn: last.endColumn } : { line: 1, column: 0, endLine: 1, endColumn: 0 };
    analysis.cut = { ...analysis.cut, consoleLines: consoleCut.lines, consoleBytes: consoleCut.bytesCut };
    diagnostics.push({ code: 'output-cut', severity: 'warning', message: `Console output cut after ${megabytes(consoleCut.bytes)} (${consoleCut.lines.toLocaleString('en-US')} more lines, ${megabytes(consoleCut.bytesCut)} in all, were counted but not kept).`, ...at, observed: true });
  }
  if (rt.traceCutAt >= 0) {
    analysis.cut = { ...analysis.cut, traceFromStep: rt.traceCutAt };
    diagnostics.push({ code: 'output-cut', severity: 'info', message: `Step trace cut after ${rt.maxTraceEvents.toLocaleString('en-US')} events (at step ${rt.traceCutAt.toLocaleString('en-US')}); the simulation went on to step ${rt.steps.toLocaleString('en-US')}.`, line: 1, column: 0, endLine: 1, endColumn: 0 });
  }
  for (const [code, n] of perCode) {
    if (n > DEFAULTS.maxDiagnosticsPerCode) diagnostics.push({ code: 'output-cut', severity: 'info', message: `${(n - DEFAULTS.maxDiagnosticsPerCode).toLocaleString('en-US')} more \`${code}\` diagnostics were not kept.`, line: 1, column: 0, endLine: 1, endColumn: 0 });
  }
}

/**
 * A classic script's top-level `var` and function declarations are properties of the global object
 * (GlobalDeclarationInstantiation): window.x reads and writes the script's binding, both ways.
 * A `var` whose name window already has (`var name`, `var fetch`) stays the script's own binding.
 */
function mirrorScriptGlobals(rt: Interpreter, env: Env, bindings: ReadonlyMap<string, { slot: number; kind: string }>): void {
  const g = rt.global;
  for (const [name, b] of bindings) {
    if (b.kind !== 'var' && b.kind !== 'function') continue;
    if (b.kind === 'var' && name in g) continue;
    const d = Object.getOwnPropertyDescriptor(g, name);
    if (d && !d.configurable) continue;
    const slots = env.slots;
    Object.defineProperty(g, name, {
      get: rt.native(name, 0, () => (slots[b.slot] === HOISTED_UNDEFINED ? undefined : slots[b.slot])),
      set: rt.native(name, 1, (_t, [v]) => {
        slots[b.slot] = v;
        return undefined;
      }),
      enumerable: true,
      configurable: false,
    });
  }
}

/** process.exitCode as set by the program (0 when unset). */
function processExitCode(g: any): number {
  const c = g.process ? g.process.exitCode : undefined;
  return c === undefined || c === null ? 0 : Number(c) | 0;
}

/** Runs no code: only notes when the module's top-level await settles (for the unsettled-TLA exit). */
function watchTopLevelAwait(rt: Interpreter, p: any): void {
  rt.promises.performThenHost(
    p,
    () => undefined,
    (e) => moduleEvaluationError(rt, e),
    'await',
    null,
    null,
  );
}

/**
 * An ES module's evaluation failed. Node's loader sees the rejection three promise jobs later
 * (its own async functions), so promise jobs keep running for three ticks — no nextTicks, no
 * timers — and then the error ends the process.
 */
function moduleEvaluationError(rt: Interpreter, error: any): void {
  const node = rt.currentNode;
  const hop = (n: number) => () => {
    if (n === 0) throw new ProcessExit(1, 'uncaught-error', error, node);
    rt.loop.enqueueMicrotask(hop(n - 1), 'promise', 'module loader', null);
  };
  rt.loop.enqueueMicrotask(hop(2), 'promise', 'module loader', null);
}

export function errorText(e: any): string {
  try {
    if (e && typeof e === 'object' && typeof e.stack === 'string' && e instanceof Object.getPrototypeOf(Object.getPrototypeOf(e))?.constructor) return e.stack;
  } catch {
    /* fall through */
  }
  try {
    if (e && typeof e === 'object' && typeof e.stack === 'string') return e.stack;
  } catch {
    /* fall through */
  }
  const util = require('util') as typeof import('util');
  return util.inspect(e, { customInspect: false });
}

function reportFatal(rt: Interpreter, e: ProcessExit, out: ConsoleEvent[], diagnostics: Diagnostic[], time: number): void {
  const util = require('util') as typeof import('util');
  const err = e.error;
  let node = e.node ?? rt.currentNode;
  // A CommonJS file's report points at the throw; an ES module's at the `new Error(...)` of
  // `throw new Error(...)` (where its stack was taken); errors V8 raises, where V8 places them.
  const esmThrow = node && node.loc && rt.esmFiles.has(node.loc.source !== undefined ? node.loc.source : simulatedPath(rt.fileName));
  if (node && node.type === 'ThrowStatement' && node.argument.type === 'NewExpression' && esmThrow) node = node.argument;
  if (node && node.type !== 'ThrowStatement') node = v8Position(node, rt.sourceOf(node));
  const isError = err !== null && typeof err === 'object' && typeof err.stack === 'string';
  let text: string;
  const shown = isError ? util.inspect(err, { customInspect: false }) : util.inspect(err, { customInspect: false });
  if (e.reason === 'unhandled-rejection' && !isError) {
    // Node 20's report of a non-Error rejection reason, as it prints it.
    text =
      `node:internal/process/promises:389\n      new UnhandledPromiseRejection(reason);\n      ^\n\n` +
      `UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${typeof err === 'string' ? err : shown}".\n` +
      `    at throwUnhandledRejectionsMode (node:internal/process/promises:389:7)\n    at processPromiseRejections (node:internal/process/promises:470:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:96:32) {\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n\nNode.js ${process.version}`;
  } else {
    const loc = node && node.loc ? node.loc.start : null;
    const where = node && node.loc && node.loc.source !== undefined ? node.loc.source : simulatedPath(rt.fileName);
    const srcLine = loc ? (rt.sourceMappedText.get(where) ?? rt.sourceOf(node)).split('\n')[loc.line - 1] ?? '' : '';
    const linkError = isError && rt.linkErrors.has(err);
    const carets = linkError && node.loc.end.line === loc!.line ? '^'.repeat(Math.max(1, node.loc.end.column - loc!.column)) : '^';
    const header = loc ? `${rt.esmFiles.has(where) || rt.sourceUrlFiles.has(where) ? fileUrl(where) : where}:${loc.line}\n${srcLine}\n${' '.repeat(loc.column)}${carets}\n` : '';
    // As Node prints it: an Error's stack after a blank line; an object inspected; a primitive
    // raw, after a blank line before the header, with Node's --trace-uncaught hint.
    if (isError) text = `${header}${linkError ? '' : '\n'}${shown}\n\nNode.js ${process.version}`;
    else if (typeof err === 'object' && err !== null) text = `\n${header}${shown}\n\nNode.js ${process.version}`;
    else text = `\n${header}${String(err)}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)\n\nNode.js ${process.version}`;
  }
  out.push({ ...range(node), order: out.length + 1, kind: rt.task.kind, source: rt.task.source, text, stream: 'stderr', method: 'error', step: rt.steps, time, taskId: rt.task.id });
  const summary = isError ? String(err.stack).split('\n')[0] : shown;
  diagnostics.push({
    code: e.reason === 'unhandled-rejection' ? 'unhandled-rejection' : 'uncaught-error',
    severity: 'error',
    message:
      e.reason === 'uncaught-error'
        ? `Uncaught ${summary} — Node prints it and exits with code 1; nothing after it runs.`
        : `Unhandled promise rejection: ${summary} — Node ends the process with code 1 after the microtask checkpoint.`,
    ...range(node),
    observed: true,
  });
}

function budgetDiagnostics(rt: Interpreter, program: any, e: Abort, diagnostics: Diagnostic[], loop: import('./interp/eventloop').EventLoop): void {
  if (e.reason === 'cancelled') {
    diagnostics.push({ code: 'unsupported', severity: 'error', message: e.message, ...range(e.node) });
    return;
  }
  const node = e.node ?? rt.currentNode;
  const what = e.reason === 'time-budget' ? 'time budget' : `step budget (${rt.maxSteps.toLocaleString('en-US')} steps)`;
  const code = e.reason === 'time-budget' ? 'time-budget' : 'step-budget';
  const inMicrotasks = rt.task.kind === 'microtask' || rt.task.kind === 'nextTick';
  const pending = loop.pendingWork();
  if (inMicrotasks && (pending.timers.length > 0 || pending.immediates > 0)) {
    const names = pending.timers.slice(0, 5).map((t) => `${t.label} scheduled at line ${t.node && t.node.loc ? t.node.loc.start.line : '?'}`);
    if (pending.immediates > 0) names.push(`${pending.immediates} setImmediate callback(s)`);
    diagnostics.push({
      code: 'microtask-starvation',
      severity: 'error',
      message: `Microtask starvation: microtasks kept queueing more microtasks, so the event loop never got back to its task queue. These never ran: ${names.join('; ')}.`,
      ...range(node),
      observed: true,
    });
  }
  const loopNode = enclosingLoop(program, node);
  if (loopNode && !inMicrotasks) {
    diagnostics.push({
      code: 'infinite-loop',
      severity: 'error',
      message: `This loop was still running when the ${what} ran out — an infinite loop? Nothing after it ran.`,
      ...range(loopNode),
      endLine: loopNode.loc.start.line,
      endColumn: loopNode.loc.start.column + 5,
      observed: true,
    });
  }
  diagnostics.push({ code, severity: 'error', message: `Simulation stopped: the ${what} ran out at line ${range(node).line}.`, ...range(node), observed: true });
}

export type { Observation };
