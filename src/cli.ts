// event-loop-lens: the engine for terminals, CI and tests.
//   event-loop-lens run FILE [--runtime node|browser]     prints what `node FILE` would print
//   event-loop-lens annotate FILE                          the source with execution-order hints
//   event-loop-lens analyze FILE --json                    the Analysis as JSON
//   event-loop-lens hover FILE LINE COL                    the hoisting hover at a position
//   event-loop-lens annotate FILE --markdown               the same, as Markdown (documents, blog posts)
//   event-loop-lens export FILE --html OUT                 one self-contained HTML page of the run (src/export)
// The analysis runs in the locked-down analysis process (src/sandbox): this process only reads the
// file, sends it, and prints what came back (validated data). It prints clean, located messages only:
// never the analysis process's stderr, never a stack trace of its own.
// Defaults behave like `node`: a wall-time budget of 10 s and a step cap real programs do not reach.
// Exit codes: what `node FILE` would exit with; 1 uncaught error / syntax error, 2 unsupported or
// bad usage, 3 a budget ran out.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs as parseNodeArgs } from 'util';
import type { Analysis, AnalyzeOptions, ConsoleEvent } from './engine/types';
import { AnalysisHost, analysisOf, PROCESS_FILE } from './sandbox/host';
import { buildHints } from './extension/hints';
import { collectSources } from './engine/modules/graph';
import { diskReader } from './sources/disk';
import { parseClickFlag } from './engine/interp/browser/directives';
import { viewOf } from './engine/modules/view';
import { annotateMarkdown, writeExport } from './export/cli';
import { withTraceObjects } from './engine/traceCodec';

const USAGE = `Usage:
  event-loop-lens run FILE [--runtime node|browser] [--max-steps N] [--max-ms N] [--module]
  event-loop-lens annotate FILE [--runtime node|browser] [--max-steps N] [--max-ms N]
  event-loop-lens analyze FILE --json [--trace] [--runtime node|browser] [--max-steps N] [--max-ms N]
  event-loop-lens annotate FILE --markdown    (Markdown for documents and blog posts)
  event-loop-lens export FILE --html OUT     (one self-contained HTML page: source, hints, step-through)
  event-loop-lens hover FILE LINE COLUMN     (LINE 1-based, COLUMN 1-based)
Options may come anywhere on the command line.
  --max-ms N      wall-clock budget of the simulation (default 10000)
  --max-steps N   step cap (default 1e9)
Browser profile (the flags of ../shared/tools/browser-truth, so one program runs the same way in both):
  --click SEL@MS        a user click on the first element matching SEL at virtual MS ms (repeatable)
  --fetch-latency MS    fetch() answers MS virtual ms after the call (browser default 20)
  --frame-interval MS   virtual ms between rendering opportunities (default 16.667)
  --frames N            animation frames before an endless animation is stopped (default 60)`;

export const CLI_DEFAULTS = { maxMillis: 10_000, maxSteps: 1_000_000_000 };
/** `analyze --json` output cap: beyond it the trace, then the tasks (…) are dropped, with a note. */
export const JSON_CAP_BYTES = 64 * 1024 * 1024;

interface Args {
  command: string;
  file: string;
  rest: string[];
  options: AnalyzeOptions;
  json: boolean;
  markdown?: boolean;
  html?: string;
}

function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) fail(`${flag} must be a positive number, not ${v}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        runtime: { type: 'string' },
        'max-steps': { type: 'string' },
        'max-ms': { type: 'string' },
        trace: { type: 'boolean' },
        json: { type: 'boolean' },
        module: { type: 'boolean' },
        click: { type: 'string', multiple: true },
        'fetch-latency': { type: 'string' },
        'frame-interval': { type: 'string' },
        frames: { type: 'string' },
        markdown: { type: 'boolean' },
        html: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: '--help', file: '', rest: [], options: {}, json: false };
  const [command, file, ...rest] = positionals;
  const options: AnalyzeOptions = {};
  if (values.runtime !== undefined) {
    if (values.runtime !== 'node' && values.runtime !== 'browser') fail(`--runtime must be node or browser, not ${values.runtime}`);
    options.runtime = values.runtime;
  }
  options.maxSteps = positiveNumber('--max-steps', values['max-steps']) ?? CLI_DEFAULTS.maxSteps;
  options.maxMillis = positiveNumber('--max-ms', values['max-ms']) ?? CLI_DEFAULTS.maxMillis;
  if (values.trace) options.trace = true;
  if (values.module) options.moduleKind = 'module';
  for (const c of values.click ?? []) {
    const click = parseClickFlag(c);
    if (!click) fail(`--click takes SELECTOR@MS (e.g. '#buy@100'), not ${c}`);
    (options.clicks ??= []).push(click);
  }
  if (values['fetch-latency'] !== undefined) options.fetchLatency = positiveNumber('--fetch-latency', values['fetch-latency']);
  if (values['frame-interval'] !== undefined) options.frameInterval = positiveNumber('--frame-interval', values['frame-interval']);
  if (values.frames !== undefined) options.maxFrames = positiveNumber('--frames', values.frames);
  // `run` prints the output, the exit code and budget stops: nothing else need be recorded.
  if (command === 'run') options.record = 'output';
  return { command, file, rest, options, json: !!values.json, markdown: !!values.markdown, html: values.html };
}

function fail(message: string, code = 2): never {
  process.stderr.write(`event-loop-lens: ${message}\n`);
  process.exit(code);
}

/** The directory of the analysis process's bundles: next to this file (dist/cli.js), else ../dist. */
function distDir(): string {
  return fs.existsSync(path.join(__dirname, PROCESS_FILE)) ? __dirname : path.resolve(__dirname, '..', 'dist');
}

/**
 * The console events in the order the program wrote them, each to its stream (`2>&1` shows what
 * Node's would: its stdout and stderr writes to a pipe or a file are synchronous). Runs of one
 * stream go out as one write.
 */
function writeConsole(events: ConsoleEvent[]): void {
  let run = '';
  let stream: 'stdout' | 'stderr' | null = null;
  const flush = () => {
    if (stream !== null && run !== '') (stream === 'stdout' ? process.stdout : process.stderr).write(run);
    run = '';
  };
  for (const e of events) {
    if (e.stream !== stream) {
      flush();
      stream = e.stream;
    }
    run += e.text + (e.method === 'write' ? '' : '\n');
  }
  flush();
}

// What `run` says on stderr besides the program's output: the analysis stopped, or Node would not have exited.
const BUDGET_CODES = new Set(['step-budget', 'time-budget', 'memory-budget', 'infinite-loop', 'microtask-starvation', 'output-cut', 'open-handle']);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.command || args.command === '--help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!['run', 'annotate', 'analyze', 'hover', 'export'].includes(args.command)) fail(`unknown command '${args.command}'\n${USAGE}`);
  if (args.command === 'export' && !args.html) fail('export writes HTML: add --html OUT');
  // The exported page steps through the run: it needs the trace (capped like the editor's step-through).
  // A page to share stays small enough to open anywhere (≈ 12 MB at most); the run goes on past the cut.
  if (args.command === 'export') Object.assign(args.options, { trace: true, maxTraceEvents: 150_000, maxSteps: Math.min(args.options.maxSteps ?? CLI_DEFAULTS.maxSteps, 100_000) });
  if (!args.file) fail(`missing FILE\n${USAGE}`);
  if (args.command === 'analyze' && !args.json) fail('analyze prints JSON: add --json');
  // Start the analysis process now: it boots while this process reads the file.
  const host = AnalysisHost.forDist(distDir(), { spare: args.command === 'hover' ? 1 : 0 });
  host.prestart();
  let hoverAt: { line: number; column: number } | undefined;
  if (args.command === 'hover') {
    const line = Number(args.rest[0]);
    const col = Number(args.rest[1]);
    if (!Number.isInteger(line) || !Number.isInteger(col) || line < 1 || col < 1) fail('hover needs LINE and COLUMN (both 1-based)');
    hoverAt = { line, column: col - 1 };
  }
  let source: string;
  try {
    source = fs.readFileSync(args.file, 'utf8');
  } catch (e: any) {
    fail(`cannot read ${args.file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : String(e.message).split('\n')[0]}`);
  }
  // The absolute path, as Node shows it in stack traces and uncaught-error reports.
  const options: AnalyzeOptions = { ...args.options, fileName: path.resolve(args.file) };
  // The analysis process reads no files: the module graph's sources go with the job.
  if (options.runtime !== 'browser') options.modules = await collectSources(options.fileName!, source, diskReader);
  const hardDeadline = (options.maxMillis ?? CLI_DEFAULTS.maxMillis) + 2_000;
  try {
    const analysis = analysisOf(await host.run<Analysis>('cli', { type: 'analyze', source, options }, hardDeadline), source, options);
    switch (args.command) {
      case 'run':
        return printRun(args.file, source, analysis);
      case 'analyze':
        return printJson(analysis);
      case 'annotate':
        // The hints of this file (lines of imported modules that ran are theirs, not this file's).
        process.stdout.write(args.markdown ? annotateMarkdown(source, viewOf(analysis), path.basename(args.file)) : annotate(source, viewOf(analysis), analysis));
        return;
      case 'export': {
        const out = writeExport(source, analysis, path.basename(args.file), args.html!, path.resolve(__dirname, '..', 'media'));
        if (!out.ok) fail(out.message);
        process.stderr.write(`event-loop-lens: wrote ${args.html} (${out.bytes.toLocaleString('en-US')} bytes, ${out.stops.toLocaleString('en-US')} steps)\n`);
        return;
      }
      case 'hover': {
        const syntax = analysis.diagnostics.find((d) => d.code === 'syntax-error');
        if (syntax) fail(`cannot parse ${args.file}: ${syntax.message} (${syntax.line}:${syntax.column + 1})`, 1);
        const out = await host.run<string | null>('cli-hover', {
          type: 'hover',
          source,
          line: hoverAt!.line,
          column: hoverAt!.column,
          options: { ...options, modules: undefined, moduleKind: analysis.moduleKind },
          data: { bindings: analysis.bindings, diagnostics: analysis.diagnostics },
        }, hardDeadline);
        if (out.status !== 'ok') fail(`the hover could not be computed (${out.status})`, 2);
        if (out.value === null) {
          process.stdout.write('(no identifier here)\n');
          process.exitCode = 1;
        } else process.stdout.write(out.value + '\n');
        return;
      }
    }
  } finally {
    host.dispose();
  }
}

/** The Node the simulation is true to, and the frames its loaders print under a compile error. */
const NODE_VERSION = 'v20.20.2';
const NODE_CJS_COMPILE_FRAMES = [
  '    at wrapSafe (node:internal/modules/cjs/loader:1464:18)',
  '    at Module._compile (node:internal/modules/cjs/loader:1495:20)',
  '    at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)',
  '    at Module.load (node:internal/modules/cjs/loader:1266:32)',
  '    at Module._load (node:internal/modules/cjs/loader:1091:12)',
  '    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)',
  '    at node:internal/main/run_main_module:28:49',
].join('\n');
const NODE_ESM_COMPILE_FRAMES = [
  '    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)',
  '    at ModuleLoader.moduleStrategy (node:internal/modules/esm/translators:146:18)',
  '    at #translate (node:internal/modules/esm/loader:497:12)',
  '    at ModuleLoader.loadAndTranslate (node:internal/modules/esm/loader:544:27)',
  '    at async ModuleJob._link (node:internal/modules/esm/module_job:148:19)',
].join('\n');

function printRun(file: string, source: string, analysis: Analysis): void {
  // The main file's own syntax error stops the run; an imported file's is a SyntaxError its importer may catch.
  const syntax = analysis.diagnostics.find((d) => d.code === 'syntax-error' && !d.file);
  if (syntax && analysis.runtime === 'browser') {
    // As the browser's console reports a script it cannot compile (nothing of it runs).
    process.stderr.write(`Uncaught ${syntax.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (syntax) {
    // As Node 20.20 reports a file it cannot compile: its path (a file URL for an ES module), the
    // line, carets under the token, the error and the loader's frames.
    const abs = path.resolve(file);
    const esm = analysis.moduleKind === 'module';
    const header = esm ? `file://${abs.split(path.sep).map(encodeURIComponent).join('/')}` : abs;
    const width = syntax.endLine === syntax.line && syntax.endColumn > syntax.column ? syntax.endColumn - syntax.column : 1;
    const frames = esm ? NODE_ESM_COMPILE_FRAMES : NODE_CJS_COMPILE_FRAMES;
    process.stderr.write(`${header}:${syntax.line}\n${source.split(/\r?\n/)[syntax.line - 1] ?? ''}\n${' '.repeat(syntax.column)}${'^'.repeat(width)}\n\n${syntax.message}\n${frames}\n\nNode.js ${NODE_VERSION}\n`);
    process.exitCode = 1;
    return;
  }
  writeConsole(analysis.console);
  for (const d of analysis.diagnostics) {
    if (BUDGET_CODES.has(d.code) || (d.code === 'unsupported' && analysis.exitCode === 2)) {
      process.stderr.write(`event-loop-lens: ${file}:${d.line}:${d.column + 1}: ${d.message}\n`);
    }
  }
  process.exitCode = analysis.exitCode;
}

/** The Analysis as JSON, at most JSON_CAP_BYTES: the trace goes first, then the tasks, bindings, console. */
export function capJson(analysis: Analysis, cap = JSON_CAP_BYTES): { text: string; dropped: string[] } {
  const dropped: string[] = [];
  let value: Record<string, unknown> = { ...analysis };
  const render = (): string | null => {
    try {
      const text = JSON.stringify(value, null, 2);
      return Buffer.byteLength(text) <= cap ? text : null;
    } catch {
      return null; // longer than a string can be
    }
  };
  let text = render();
  for (const field of ['trace', 'tasks', 'bindings', 'console'] as const) {
    if (text !== null) break;
    if (value[field] === undefined) continue;
    dropped.push(field);
    value = {
      ...value,
      [field]: field === 'trace' || field === 'bindings' ? undefined : [],
      truncated: { dropped: [...dropped], reason: `the JSON output would be larger than ${Math.round(cap / 1024 / 1024)} MB` },
    };
    text = render();
  }
  if (text === null) {
    dropped.push('everything but the diagnostics');
    value = { fileName: analysis.fileName, diagnostics: analysis.diagnostics.slice(0, 1000), exitCode: analysis.exitCode, truncated: { dropped: [...dropped], reason: 'the JSON output would be too large' } };
    text = JSON.stringify(value, null, 2);
  }
  return { text, dropped };
}

function printJson(analysis: Analysis): void {
  const { text, dropped } = capJson(withTraceObjects(analysis));
  if (dropped.length) process.stderr.write(`event-loop-lens: the JSON output was capped at ${Math.round(JSON_CAP_BYTES / 1024 / 1024)} MB: dropped ${dropped.join(', ')} (see "truncated" in the JSON)\n`);
  process.stdout.write(text + '\n');
}

/** The source with the inline hints the editor shows, then the diagnostics. */
export function annotate(source: string, analysis: Analysis, run: Analysis = analysis): string {
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // The same hints the editor shows (pure formatting shared with the extension).
  const byLine = new Map<number, string>();
  for (const h of buildHints(analysis, 'console')) byLine.set(h.line, h.text);
  // A loop, not Math.max(...lines): a spread of 125k+ arguments overflows the stack.
  let longest = 10;
  for (const l of lines) if (l.length > longest) longest = l.length;
  const width = Math.min(60, longest);
  const gutter = String(lines.length).length;
  const out: string[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    const h = byLine.get(n);
    const hint = h ? '  ' + h : '';
    out.push(`${String(n).padStart(gutter)} │ ${hint ? text.padEnd(width) : text}${hint}\n`);
  });
  if (analysis.diagnostics.length) {
    out.push('\nDiagnostics:\n');
    for (const d of [...analysis.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column)) {
      out.push(`  ${d.severity.padEnd(7)} ${analysis.fileName}:${d.line}:${d.column + 1}  [${d.code}] ${d.message}\n`);
    }
  }
  out.push(`\n${run.console.length} output line(s), ${run.tasks.filter((t) => t.kind === 'macrotask').length} task(s), ${run.tasks.filter((t) => t.kind === 'microtask').length} microtask(s), virtual time ${run.virtualTime} ms, ${run.steps} steps, exit code ${run.exitCode}\n`);
  return out.join('');
}

if (require.main === module) {
  main().catch((e) => fail(`internal error: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`, 2));
}
