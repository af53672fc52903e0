// analyze(): source text in, one serialisable Analysis out. Parses, compiles, simulates the main
// script and the event loop on a virtual clock, and turns what happened into events and diagnostics.
import * as acorn from 'acorn';
import type { Analysis, AnalyzeOptions, ConsoleEvent, Diagnostic, ModuleKind, Observation } from './types';
import { Interpreter } from './interp/runtime';
import { Compiler } from './interp/compiler';
import { compileFunctionTemplate, installFunctionMaker, instantiate } from './interp/functions';
import { installGlobals } from './interp/globals';
import { ProcessExit } from './interp/eventloop';
import { Abort, Unsupported } from './interp/values';
import { analyzeHoistingSafe } from './hoistingBridge';

export const DEFAULTS = {
  maxSteps: 2_000_000,
  maxMillis: 5000,
  maxCallDepth: 9000,
  fetchLatency: 100,
  seed: 42,
};

export interface ParseResult {
  program: acorn.Program | null;
  error: Diagnostic | null;
}

/** The path the program sees as its own: the file's absolute path when given one (as Node shows it). */
export function simulatedPath(fileName: string): string {
  return fileName.startsWith('/') ? fileName : '/simulated/' + fileName;
}

export function moduleKindOf(fileName: string | undefined, override?: ModuleKind): ModuleKind {
  if (override) return override;
  return fileName && /\.mjs$/i.test(fileName) ? 'module' : 'commonjs';
}

export function parseSource(source: string, moduleKind: ModuleKind): ParseResult {
  try {
    const program = acorn.parse(source, {
      ecmaVersion: 'latest',
      sourceType: moduleKind === 'module' ? 'module' : 'script',
      locations: true,
      allowHashBang: true,
      allowReturnOutsideFunction: moduleKind === 'commonjs',
      allowAwaitOutsideFunction: moduleKind === 'module',
    });
    return { program, error: null };
  } catch (e: any) {
    const loc = e && e.loc ? e.loc : { line: 1, column: 0 };
    const message = String(e && e.message ? e.message : e).replace(/ \(\d+:\d+\)$/, '');
    return {
      program: null,
      error: { code: 'syntax-error', severity: 'error', message: `SyntaxError: ${message}`, line: loc.line, column: loc.column, endLine: loc.line, endColumn: loc.column + 1 },
    };
  }
}

function range(node: any): { line: number; column: number; endLine: number; endColumn: number } {
  if (!node || !node.loc) return { line: 1, column: 0, endLine: 1, endColumn: 0 };
  return { line: node.loc.start.line, column: node.loc.start.column, endLine: node.loc.end.line, endColumn: node.loc.end.column };
}

/** The innermost loop statement that contains `node`, within the same function. */
function enclosingLoop(program: any, target: any): any {
  if (!target) return null;
  let found: any = null;
  const visit = (n: any, loop: any) => {
    if (!n || typeof n !== 'object' || found) return;
    if (Array.isArray(n)) return n.forEach((x) => visit(x, loop));
    if (typeof n.type !== 'string') return;
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') loop = null;
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(n.type)) loop = n;
    if (n === target) {
      found = loop;
      return;
    }
    if (n.start > target.start || n.end < target.end) return;
    for (const k in n) if (k !== 'loc') visit(n[k], loop);
  };
  visit(program, null);
  return found;
}

export function analyze(source: string, options: AnalyzeOptions = {}): Analysis {
  const started = Date.now();
  const fileName = options.fileName ?? 'main.js';
  const runtime = options.runtime ?? 'node';
  const moduleKind = moduleKindOf(fileName, options.moduleKind);
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

  const parsed = parseSource(source, moduleKind);
  if (!parsed.program) {
    diagnostics.push(parsed.error!);
    return { ...base, exitCode: 1, stoppedBy: 'syntax-error', millis: Date.now() - started };
  }
  const program: any = parsed.program;

  const rt = new Interpreter({
    source,
    fileName,
    maxSteps: options.maxSteps ?? DEFAULTS.maxSteps,
    maxMillis: options.maxMillis ?? DEFAULTS.maxMillis,
    maxDepth: options.maxCallDepth ?? DEFAULTS.maxCallDepth,
    trace: !!options.trace,
  });
  const notAvailableSeen = new Set<string>();
  const { loop } = installGlobals(rt, {
    runtime,
    fetchLatency: options.fetchLatency ?? DEFAULTS.fetchLatency,
    fetchLatencyByUrl: options.fetchLatencyByUrl ?? {},
    seed: options.seed ?? DEFAULTS.seed,
    onConsole: (e) => {
      const ev = { ...e, order: consoleEvents.length + 1 } as ConsoleEvent;
      consoleEvents.push(ev);
      if (rt.trace) rt.trace.push({ t: 'console', step: rt.steps, index: consoleEvents.length - 1 });
    },
    onNotAvailable: (what, node) => {
      const key = what + ':' + (node ? node.start : 0);
      if (notAvailableSeen.has(key)) return;
      notAvailableSeen.add(key);
      diagnostics.push({ code: 'not-available', severity: 'warning', message: `${what} is not available in the simulation (Event Loop Lens never runs your code for real); it throws here instead.`, ...range(node), observed: true });
    },
  });
  if (runtime === 'browser') {
    loop.reportError = (e, kind) => {
      const text = `Uncaught ${kind === 'unhandled-rejection' ? '(in promise) ' : ''}${errorText(e)}`;
      const node = rt.currentNode;
      consoleEvents.push({ ...range(node), order: consoleEvents.length + 1, kind: rt.task.kind, source: rt.task.source, text, stream: 'stderr', method: 'error', step: rt.steps, time: loop.clock, taskId: rt.task.id });
      diagnostics.push({ code: kind, severity: 'error', message: `${kind === 'uncaught-error' ? 'Uncaught error' : 'Unhandled promise rejection'}: ${errorText(e)} (the browser reports it and the event loop goes on)`, ...range(node), observed: true });
    };
  }

  // Compile: the whole file up front. Unsupported syntax compiles to a stop at that node.
  const compiler = new Compiler(rt, source);
  installFunctionMaker(compiler);
  compiler.onUnsupported = (u: Unsupported) => {
    diagnostics.push({ code: 'unsupported', severity: 'warning', message: `Unsupported: ${u.message}`, ...range(u.node) });
  };
  const isModule = moduleKind === 'module';
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
  let main: Function;
  try {
    const template = compileFunctionTemplate(compiler, mainNode, { name: '', kind: 'plain', hideParams: true });
    template.frameName = '(main script)';
    main = instantiate(rt, template, rt.newEnv(null, [], 'global', { names: [], kinds: [] }));
  } catch (e) {
    if (e instanceof Unsupported) {
      diagnostics.push({ code: 'unsupported', severity: 'error', message: `Unsupported: ${e.message}`, ...range(e.node) });
      return { ...base, exitCode: 2, millis: Date.now() - started };
    }
    throw e;
  }

  let exitCode = 0;
  let stoppedBy: Analysis['stoppedBy'];
  const g = rt.global;
  try {
    try {
      if (rt.trace) rt.trace.push({ t: 'phase', step: 0, phase: 'script', time: 0, note: 'Running the main script' });
      let mainPromise: any = null;
      try {
        if (runtime === 'browser' && !isModule) {
          rt.call(main, g, []);
        } else if (isModule) {
          const r = rt.call(main, undefined, []);
          if (hasTopLevelAwait) {
            mainPromise = r;
            watchTopLevelAwait(rt, mainPromise);
          }
        } else {
          const moduleObj = rt.newObject();
          const exportsObj = rt.newObject();
          moduleObj.exports = exportsObj;
          moduleObj.id = '.';
          moduleObj.filename = simulatedPath(fileName);
          moduleObj.loaded = false;
          moduleObj.children = rt.newArray([]);
          moduleObj.paths = rt.newArray([]);
          // `if (require.main === module) main()` is how scripts start themselves.
          if (g.require) {
            g.require.main = moduleObj;
            Object.defineProperty(moduleObj, 'require', { value: g.require, writable: true, configurable: true, enumerable: false });
          }
          rt.call(main, exportsObj, [exportsObj, g.require, moduleObj, simulatedPath(fileName), simulatedPath(fileName).replace(/\/[^/]*$/, '') || '/']);
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
      if (runtime === 'node') {
        while (loop.emitProcessEvent('beforeExit', processExitCode(g))) {
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
    if (runtime === 'node') {
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

  const analysis: Analysis = {
    ...base,
    tasks: loop.tasks,
    steps: rt.steps,
    virtualTime: loop.clock,
    exitCode,
    stoppedBy,
    trace: rt.trace ?? undefined,
    millis: 0,
  };
  const hoisting = analyzeHoistingSafe(program, source, rt.observations, analysis);
  if (hoisting) {
    analysis.bindings = hoisting.bindings;
    for (const d of hoisting.diagnostics) diagnostics.push(d);
  }
  analysis.millis = Date.now() - started;
  return analysis;
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
  // V8 points at the `new Error(...)` of `throw new Error(...)`, else at the throw statement.
  if (node && node.type === 'ThrowStatement' && node.argument.type === 'NewExpression') node = node.argument;
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
    const srcLine = loc ? rt.source.split('\n')[loc.line - 1] ?? '' : '';
    const header = loc ? `${simulatedPath(rt.fileName)}:${loc.line}\n${srcLine}\n${' '.repeat(loc.column)}^\n` : '';
    // As Node prints it: an Error's stack after a blank line; an object inspected; a primitive
    // raw, after a blank line before the header, with Node's --trace-uncaught hint.
    if (isError) text = `${header}\n${shown}\n\nNode.js ${process.version}`;
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
