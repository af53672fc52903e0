// event-loop-lens: the engine for terminals, CI and tests.
//   event-loop-lens run FILE [--runtime node|browser]     prints what `node FILE` would print
//   event-loop-lens annotate FILE                          the source with execution-order hints
//   event-loop-lens analyze FILE --json                    the Analysis as JSON
//   event-loop-lens hover FILE LINE COL                    the hoisting hover at a position
// The analysis runs in a worker thread with a large stack, so deep guest recursion reaches the
// simulated call-depth limit instead of the host's.
import * as fs from 'fs';
import * as path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import * as acorn from 'acorn';
import { analyze } from './engine';
import type { Analysis, AnalyzeOptions, ConsoleEvent } from './engine/types';
import { buildScopeModel, hoverAt } from './engine/hoisting';
import { buildHints } from './extension/hints';

const USAGE = `Usage:
  event-loop-lens run FILE [--runtime node|browser] [--max-steps N] [--max-ms N]
  event-loop-lens annotate FILE [--runtime node|browser]
  event-loop-lens analyze FILE --json [--trace] [--runtime node|browser]
  event-loop-lens hover FILE LINE COLUMN     (LINE 1-based, COLUMN 1-based)`;

interface Args {
  command: string;
  file: string;
  rest: string[];
  options: AnalyzeOptions;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, file, ...more] = argv;
  const options: AnalyzeOptions = {};
  const rest: string[] = [];
  let json = false;
  for (let i = 0; i < more.length; i++) {
    const a = more[i];
    const next = () => {
      const v = more[++i];
      if (v === undefined) fail(`missing value after ${a}`);
      return v;
    };
    if (a === '--runtime') {
      const r = next();
      if (r !== 'node' && r !== 'browser') fail(`--runtime must be node or browser, not ${r}`);
      options.runtime = r;
    } else if (a === '--max-steps') options.maxSteps = Number(next());
    else if (a === '--max-ms') options.maxMillis = Number(next());
    else if (a === '--trace') options.trace = true;
    else if (a === '--json') json = true;
    else if (a === '--module') options.moduleKind = 'module';
    else rest.push(a);
  }
  return { command, file, rest, options, json };
}

function fail(message: string, code = 2): never {
  process.stderr.write(`event-loop-lens: ${message}\n`);
  process.exit(code);
}

function runInWorker(source: string, options: AnalyzeOptions): Promise<Analysis> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { source, options }, resourceLimits: { stackSizeMb: 64 } });
    w.once('message', (a: Analysis) => resolve(a));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

function writeStream(events: ConsoleEvent[], stream: 'stdout' | 'stderr'): string {
  let out = '';
  for (const e of events) if (e.stream === stream) out += e.text + (e.method === 'write' ? '' : '\n');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.command || args.command === '--help' || args.command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!['run', 'annotate', 'analyze', 'hover'].includes(args.command)) fail(`unknown command '${args.command}'\n${USAGE}`);
  if (!args.file) fail(`missing FILE\n${USAGE}`);
  let source: string;
  try {
    source = fs.readFileSync(args.file, 'utf8');
  } catch (e: any) {
    fail(`cannot read ${args.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  // The absolute path, as Node shows it in stack traces and uncaught-error reports.
  const options: AnalyzeOptions = { ...args.options, fileName: path.resolve(args.file) };
  const analysis = await runInWorker(source, options);

  switch (args.command) {
    case 'run': {
      const syntax = analysis.diagnostics.find((d) => d.code === 'syntax-error');
      if (syntax) {
        process.stderr.write(`${args.file}:${syntax.line}\n${source.split('\n')[syntax.line - 1] ?? ''}\n${' '.repeat(syntax.column)}^\n\n${syntax.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(writeStream(analysis.console, 'stdout'));
      process.stderr.write(writeStream(analysis.console, 'stderr'));
      for (const d of analysis.diagnostics) {
        if (d.code === 'step-budget' || d.code === 'time-budget' || d.code === 'infinite-loop' || d.code === 'microtask-starvation' || (d.code === 'unsupported' && analysis.exitCode === 2)) {
          process.stderr.write(`event-loop-lens: ${args.file}:${d.line}:${d.column + 1}: ${d.message}\n`);
        }
      }
      process.exitCode = analysis.exitCode;
      return;
    }
    case 'analyze': {
      if (!args.json) fail('analyze prints JSON: add --json');
      process.stdout.write(JSON.stringify(analysis, null, 2) + '\n');
      return;
    }
    case 'annotate': {
      process.stdout.write(annotate(source, analysis));
      return;
    }
    case 'hover': {
      const line = Number(args.rest[0]);
      const col = Number(args.rest[1]);
      if (!Number.isInteger(line) || !Number.isInteger(col) || line < 1 || col < 1) fail('hover needs LINE and COLUMN (both 1-based)');
      let program: any;
      try {
        program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: analysis.moduleKind === 'module' ? 'module' : 'script', locations: true, allowHashBang: true, allowReturnOutsideFunction: analysis.moduleKind === 'commonjs', allowAwaitOutsideFunction: analysis.moduleKind === 'module' });
      } catch (e: any) {
        fail(`cannot parse ${args.file}: ${e.message}`, 1);
      }
      const text = hoverAt(buildScopeModel(program, source), analysis as any, line, col - 1);
      if (text === null) {
        process.stdout.write('(no identifier here)\n');
        process.exitCode = 1;
      } else process.stdout.write(text + '\n');
      return;
    }
  }
}

/** The source with the inline hints the editor shows, then the diagnostics. */
export function annotate(source: string, analysis: Analysis): string {
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // The same hints the editor shows (pure formatting shared with the extension).
  const byLine = new Map<number, string>();
  for (const h of buildHints(analysis, 'console')) byLine.set(h.line, h.text);
  const width = Math.min(60, Math.max(...lines.map((l) => l.length), 10));
  const gutter = String(lines.length).length;
  let out = '';
  lines.forEach((text, i) => {
    const n = i + 1;
    const h = byLine.get(n);
    const hint = h ? '  ' + h : '';
    out += `${String(n).padStart(gutter)} │ ${hint ? text.padEnd(width) : text}${hint}\n`;
  });
  if (analysis.diagnostics.length) {
    out += '\nDiagnostics:\n';
    for (const d of [...analysis.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column)) {
      out += `  ${d.severity.padEnd(7)} ${analysis.fileName}:${d.line}:${d.column + 1}  [${d.code}] ${d.message}\n`;
    }
  }
  out += `\n${analysis.console.length} output line(s), ${analysis.tasks.filter((t) => t.kind === 'macrotask').length} task(s), ${analysis.tasks.filter((t) => t.kind === 'microtask').length} microtask(s), virtual time ${analysis.virtualTime} ms, ${analysis.steps} steps, exit code ${analysis.exitCode}\n`;
  return out;
}

if (isMainThread) {
  main().catch((e) => fail(e instanceof Error ? e.message : String(e), 2));
} else {
  const { source, options } = workerData as { source: string; options: AnalyzeOptions };
  parentPort!.postMessage(analyze(source, options));
}
