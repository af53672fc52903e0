// The garbage fuzzer (issue 8): analyze() must end, and return an Analysis, for ANY text.
// Inputs: random bytes, truncations of the corpus programs, token soup, and AST splices (a random
// subtree of one corpus program replaced by a random subtree of the same family from another,
// spliced by acorn source ranges). Each input is analysed in-process with small budgets, inside
// worker threads, so that
//   - an exception escaping analyze() is counted ("escaped"),
//   - an Analysis that is not well-formed or not serialisable is counted ("malformed"),
//   - a worker that does not answer within --hang-ms is terminated and counted ("hang"),
//   - a worker that dies (V8 fatal error, heap OOM) is counted ("abort"; a V8 fatal in a worker
//     takes the whole process down, which the caller of this process sees as a signal exit).
// Engine safety nets that turned an internal error into a diagnostic ("The simulation failed…")
// are counted as "internal": analyze() held, but the engine has a bug there.
//
//   node test/fuzz/.cache/garbage.cjs [--count N] [--seed S] [--jobs J] [--max-steps N] [--max-ms N]
//        [--hang-ms N] [--keep-failures DIR] [--corpus DIR] [--json]
// (bundled and started by test/fuzz/garbage-run.mjs: `npm run fuzz`)
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import * as acorn from 'acorn';
import { analyze } from '../../src/engine/simulator';
import { mulberry32 } from './generator';

export type GarbageKind = 'bytes' | 'truncation' | 'tokens' | 'splice' | 'nesting' | 'hostile';

export interface GarbageInput {
  index: number;
  kind: GarbageKind;
  fileName: string;
  runtime: 'node' | 'browser';
  source: string;
}

export interface GarbageReport {
  count: number;
  millis: number;
  byKind: Record<GarbageKind, number>;
  escaped: number;
  malformed: number;
  hangs: number;
  aborts: number;
  internal: number;
  /** Inputs that parsed and were simulated. */
  ran: number;
  failures: { index: number; kind: GarbageKind; what: string; detail: string }[];
}

// ---- deterministic generation ---------------------------------------------------------------

/** The differential fuzzer's PRNG (a zero seed would repeat one value, so it becomes 1). */
export function rng(seed: number): () => number {
  return mulberry32(seed >>> 0 || 1);
}

const TOKENS = (
  'var let const function async await yield class extends super new this return if else for while do break continue ' +
  'switch case default try catch finally throw typeof instanceof in of delete void import export from as get set static ' +
  'null undefined true false NaN Infinity x y z f g a b i e p arguments globalThis process console.log setTimeout setInterval ' +
  'setImmediate queueMicrotask Promise Promise.resolve .then .catch .finally process.nextTick Symbol.iterator Proxy Reflect ' +
  'new.target import.meta #p => ... ?. ?? ??= ||= &&= ** **= ++ -- << >> >>> == === != !== <= >= && || ! ~ + - * / % & | ^ ' +
  '= += -= *= /= %= ? : ; , . ( ) [ ] { } ` ${ } 0 1 -1 0x1f 1e308 2**53 10n 0.5 "s" \'q\' /re/g /(a+)+$/ <!-- --> \\u0061 \n \r\n \u2028 @ #'
).split(' ');

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function randomBytes(r: () => number): string {
  const n = Math.floor(r() * r() * 600);
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = r();
    if (c < 0.7) s += String.fromCharCode(32 + Math.floor(r() * 95));
    else if (c < 0.8) s += pick(r, ['\n', '\t', '\r', '\0', '\u2028', '\ufeff']);
    else if (c < 0.95) s += String.fromCharCode(Math.floor(r() * 0x2fff));
    else s += String.fromCharCode(0xd800 + Math.floor(r() * 0x800)); // lone surrogates
  }
  return s;
}

function tokenSoup(r: () => number, corpusTokens: string[]): string {
  const n = 1 + Math.floor(r() * 120);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.6 ? pick(r, TOKENS) : pick(r, corpusTokens));
  return out.join(r() < 0.5 ? ' ' : '');
}

interface Parsed {
  source: string;
  statements: acorn.Node[];
  expressions: acorn.Node[];
}

/** Nodes of one program, by family: statements and expressions (what a splice may swap). */
function collect(source: string, module: boolean): Parsed | null {
  let program: acorn.Node;
  try {
    program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script', allowReturnOutsideFunction: !module, allowAwaitOutsideFunction: module, allowHashBang: true });
  } catch {
    return null;
  }
  const statements: acorn.Node[] = [];
  const expressions: acorn.Node[] = [];
  const visit = (n: any) => {
    if (!n || typeof n.type !== 'string') return;
    if (/Statement$|Declaration$/.test(n.type)) statements.push(n);
    else if (/Expression$|^Identifier$|^Literal$|^TemplateLiteral$/.test(n.type)) expressions.push(n);
    for (const k in n) {
      const v = n[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(program);
  return { source, statements, expressions };
}

function splice(r: () => number, progs: Parsed[]): string {
  const a = pick(r, progs);
  let out = a.source;
  const rounds = 1 + Math.floor(r() * 3);
  for (let k = 0; k < rounds; k++) {
    const current = collect(out, false) ?? a;
    const b = pick(r, progs);
    const family = r() < 0.5 ? 'statements' : 'expressions';
    const from = current[family];
    const to = b[family];
    if (!from.length || !to.length) continue;
    const x = pick(r, from);
    const y = pick(r, to);
    const op = r();
    const text = b.source.slice(y.start, y.end);
    if (op < 0.7) out = out.slice(0, x.start) + text + out.slice(x.end); // swap a subtree
    else if (op < 0.85) out = out.slice(0, x.end) + (family === 'statements' ? '\n' : ', ') + text + out.slice(x.end); // insert after
    else out = out.slice(0, x.start) + out.slice(x.end); // delete
  }
  return out;
}

/** Deeply nested constructs: the parser, compiler and hoisting walkers recurse on them. */
const NESTINGS: [string, string, string][] = [
  ['(', 'x', ')'],
  ['[', '', ']'],
  ['{', '', '}'],
  ['if (x) ', 'f()', ''],
  ['function f() {', '', '}'],
  ['1 + ', '1', ''],
  ['!', '0', ''],
  ['', 'o', '.a'],
  ['x = ', 'x', ''],
  ['() => ', '1', ''],
  ['', 'f', '()'],
  ['x ? ', '1', ' : 0'],
  ['async () => { await ', '1', ' }'],
  ['`${', '1', '}`'],
  ['new ', 'F', '()'],
  ['try { ', '', ' } finally {}'],
];
function nesting(r: () => number): string {
  const [open, mid, close] = pick(r, NESTINGS);
  const depth = Math.floor(10 ** (1 + r() * 3.7)); // 10 .. 50,000
  return `let x = 1, o = {}, F = function () {}; function f() { return 1 }\n${open.repeat(depth)}${mid}${close.repeat(depth)}`;
}

/** Family 6 of issue 8, minus what only the process layer can stop (catastrophic regexes, native scans). */
const HOSTILE = [
  'new Uint8Array(2 ** 32);',
  'new Float64Array(2 ** 28);',
  'const big = new ArrayBuffer(8, { maxByteLength: 2 ** 32 }); big.resize(2 ** 31);',
  'const t = new Uint8Array(1e8); for (;;) t.slice();',
  "'x'.repeat(2 ** 27).split('');",
  'new Array(1e8).fill(0);',
  "const line = 'y'.repeat(1e6); for (let i = 0; i < 2000; i++) console.log(line);",
  'let d = []; for (let i = 0; i < 200000; i++) d = [d]; try { JSON.stringify(d); } catch {} String(d);',
  '(function again() { Promise.resolve().then(again); })();',
  'while (true) {}',
  '(function f() { try { f(); } catch { f(); } })();',
  'setInterval(() => { throw new Error("tick"); }, 0);',
  'structuredClone(new Uint8Array(1e6));',
  'for (;;) new ArrayBuffer(1e6);',
];
function hostile(r: () => number, corpus: string[]): string {
  const s = pick(r, corpus);
  const lines = s.split('\n');
  const at = Math.floor(r() * (lines.length + 1));
  lines.splice(at, 0, pick(r, HOSTILE));
  return lines.join('\n');
}

export function loadCorpus(dir: string): string[] {
  const programs = path.join(dir, 'programs');
  const base = fs.existsSync(programs) ? programs : dir;
  return fs
    .readdirSync(base)
    .filter((f) => /\.m?js$/.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(base, f), 'utf8'));
}

/** The input number `index` of the run seeded `seed` (independent of the others: reproducible alone). */
export function makeInputFactory(corpus: string[]): (seed: number, index: number) => GarbageInput {
  const parsed = corpus.map((s) => collect(s, false)).filter((p): p is Parsed => p !== null);
  const corpusTokens: string[] = [];
  for (const s of corpus) {
    try {
      for (const t of acorn.tokenizer(s, { ecmaVersion: 'latest' })) corpusTokens.push(s.slice(t.start, t.end));
    } catch {
      /* a module: its tokens are in TOKENS anyway */
    }
  }
  if (!corpusTokens.length) corpusTokens.push('x');
  return (seed, index) => {
    const r = rng(seed * 1_000_003 + index);
    const k = r();
    let kind: GarbageKind;
    let source: string;
    if (k < 0.15 || !parsed.length) {
      kind = 'bytes';
      source = randomBytes(r);
    } else if (k < 0.4) {
      kind = 'truncation';
      const s = pick(r, corpus);
      source = s.slice(0, Math.floor(r() * (s.length + 1)));
    } else if (k < 0.6) {
      kind = 'tokens';
      source = tokenSoup(r, corpusTokens);
    } else if (k < 0.9) {
      kind = 'splice';
      source = splice(r, parsed);
    } else if (k < 0.95) {
      kind = 'nesting';
      source = nesting(r);
    } else {
      kind = 'hostile';
      source = hostile(r, corpus);
    }
    const fileName = r() < 0.15 ? 'garbage.mjs' : 'garbage.js';
    return { index, kind, fileName, runtime: r() < 0.2 ? 'browser' : 'node', source };
  };
}

// ---- the worker: analyse, check the result ----------------------------------------------------

interface WorkerResult {
  index: number;
  what: 'ok' | 'escaped' | 'malformed' | 'internal';
  detail?: string;
  /** The input parsed and was simulated (not a syntax error). */
  ran?: boolean;
}

const INTERNAL = /^(The simulation failed here|Simulation stopped: the simulation failed)/;

function check(input: GarbageInput, budgets: { maxSteps: number; maxMillis: number }): WorkerResult {
  let a: any;
  try {
    a = analyze(input.source, { fileName: input.fileName, runtime: input.runtime, maxSteps: budgets.maxSteps, maxMillis: budgets.maxMillis });
  } catch (e: any) {
    return { index: input.index, what: 'escaped', detail: String(e && e.stack ? e.stack : e).slice(0, 2000) };
  }
  if (!a || typeof a !== 'object' || !Array.isArray(a.diagnostics) || !Array.isArray(a.console) || !Array.isArray(a.tasks) || typeof a.exitCode !== 'number') {
    return { index: input.index, what: 'malformed', detail: 'not an Analysis' };
  }
  try {
    JSON.stringify(a);
  } catch (e: any) {
    return { index: input.index, what: 'malformed', detail: `not serialisable: ${e && e.message}` };
  }
  const bad = a.diagnostics.find((d: any) => typeof d.message === 'string' && INTERNAL.test(d.message) && !/nested too deeply/.test(d.message));
  if (bad) return { index: input.index, what: 'internal', detail: bad.message.slice(0, 500) };
  return { index: input.index, what: 'ok', ran: a.stoppedBy !== 'syntax-error' };
}

if (!isMainThread && workerData && workerData.garbageWorker) {
  const budgets = workerData.budgets as { maxSteps: number; maxMillis: number };
  parentPort!.on('message', (input: GarbageInput) => parentPort!.postMessage(check(input, budgets)));
}

// ---- the orchestrator --------------------------------------------------------------------------

export interface GarbageOptions {
  count: number;
  seed: number;
  jobs: number;
  maxSteps: number;
  maxMillis: number;
  hangMs: number;
  corpus: string[];
  keepFailures?: string;
  /** The script the workers run (this bundle). */
  workerScript: string;
  onProgress?: (done: number, report: GarbageReport) => void;
}

export function runGarbageFuzz(opts: GarbageOptions): Promise<GarbageReport> {
  const started = Date.now();
  const make = makeInputFactory(opts.corpus);
  const report: GarbageReport = { count: 0, millis: 0, byKind: { bytes: 0, truncation: 0, tokens: 0, splice: 0, nesting: 0, hostile: 0 }, escaped: 0, malformed: 0, hangs: 0, aborts: 0, internal: 0, ran: 0, failures: [] };
  let next = 0;
  let done = 0;
  const fail = (input: GarbageInput, what: string, detail: string) => {
    if (report.failures.length < 200) report.failures.push({ index: input.index, kind: input.kind, what, detail });
    if (opts.keepFailures) {
      fs.mkdirSync(opts.keepFailures, { recursive: true });
      const base = path.join(opts.keepFailures, `${what}-${opts.seed}-${input.index}`);
      fs.writeFileSync(base + (input.fileName.endsWith('.mjs') ? '.mjs' : '.js'), input.source);
      fs.writeFileSync(base + '.txt', `${what} (${input.kind}, ${input.runtime})\n${detail}\n`);
    }
  };
  return new Promise((resolve) => {
    let live = 0;
    const finish = () => {
      if (live > 0) return;
      report.millis = Date.now() - started;
      resolve(report);
    };
    const spawn = (slot: number) => {
      if (next >= opts.count) return finish();
      live++;
      const w = new Worker(opts.workerScript, { workerData: { garbageWorker: true, budgets: { maxSteps: opts.maxSteps, maxMillis: opts.maxMillis } }, resourceLimits: { maxOldGenerationSizeMb: 1024 }, stdout: true, stderr: true });
      let current: GarbageInput | null = null;
      let timer: NodeJS.Timeout | null = null;
      let ended = false;
      const end = (respawn: boolean) => {
        if (ended) return;
        ended = true;
        if (timer) clearTimeout(timer);
        live--;
        void w.terminate();
        if (respawn) spawn(slot);
        else finish();
      };
      const feed = () => {
        if (next >= opts.count) return end(false);
        current = make(opts.seed, next++);
        report.byKind[current.kind]++;
        // A V8 fatal error takes this process down with the worker: leave the input in flight behind.
        if (opts.keepFailures) fs.writeFileSync(path.join(opts.keepFailures, `inflight-${slot}.txt`), `#${current.index} ${current.kind} ${current.runtime} ${current.fileName}\n${current.source}`);
        timer = setTimeout(() => {
          // No answer: a native call or an engine loop the budgets did not stop.
          report.hangs++;
          report.count++;
          done++;
          fail(current!, 'hang', `no answer within ${opts.hangMs} ms`);
          end(true);
        }, opts.hangMs);
        w.postMessage(current);
      };
      w.on('message', (res: WorkerResult) => {
        if (timer) clearTimeout(timer);
        report.count++;
        done++;
        if (res.ran) report.ran++;
        if (res.what !== 'ok') {
          if (res.what === 'escaped') report.escaped++;
          else if (res.what === 'malformed') report.malformed++;
          else report.internal++;
          fail(current!, res.what, res.detail ?? '');
        }
        if (opts.onProgress && done % 1000 === 0) opts.onProgress(done, report);
        feed();
      });
      const died = (why: string) => {
        if (ended) return;
        if (current) {
          report.aborts++;
          report.count++;
          done++;
          fail(current, 'abort', why);
        }
        end(true);
      };
      w.on('error', (e) => died(`worker error: ${e && (e as any).code ? (e as any).code + ' ' : ''}${e && e.message}`));
      w.on('exit', (code) => died(`worker exited with code ${code}`));
      w.once('online', feed);
    };
    if (opts.keepFailures) fs.mkdirSync(opts.keepFailures, { recursive: true });
    for (let j = 0; j < Math.max(1, opts.jobs); j++) spawn(j);
  });
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

export async function garbageMain(argv: string[], workerScript: string, repoRoot: string): Promise<number> {
  const args = parseArgs(argv);
  const num = (k: string, d: number) => (typeof args[k] === 'string' ? Number(args[k]) : d);
  const corpusDir = typeof args.corpus === 'string' ? args.corpus : path.resolve(repoRoot, '../shared/corpus');
  const opts: GarbageOptions = {
    count: num('count', 100_000),
    seed: num('seed', 1),
    jobs: num('jobs', 2),
    maxSteps: num('max-steps', 200_000),
    maxMillis: num('max-ms', 300),
    hangMs: num('hang-ms', 5000),
    corpus: loadCorpus(corpusDir),
    keepFailures: typeof args['keep-failures'] === 'string' ? args['keep-failures'] : undefined,
    workerScript,
    onProgress: args.json ? undefined : (n, r) => process.stderr.write(`  ${n} inputs, ${((Date.now() - t0) / 1000).toFixed(0)} s: escaped ${r.escaped}, hangs ${r.hangs}, aborts ${r.aborts}, malformed ${r.malformed}, internal ${r.internal}\n`),
  };
  const t0 = Date.now();
  const report = await runGarbageFuzz(opts);
  if (args.json) process.stdout.write(JSON.stringify(report) + '\n');
  else {
    console.log(`garbage fuzz: ${report.count} inputs (seed ${opts.seed}; ${JSON.stringify(report.byKind)}) in ${(report.millis / 1000).toFixed(1)} s`);
    console.log(`  ${report.ran} parsed and were simulated; escaped ${report.escaped}, hangs ${report.hangs}, aborts ${report.aborts}, malformed ${report.malformed}, internal ${report.internal}`);
    for (const f of report.failures.slice(0, 10)) console.log(`  - #${f.index} ${f.kind} ${f.what}: ${f.detail.split('\n')[0]}`);
  }
  return report.escaped + report.hangs + report.aborts + report.malformed + report.internal === 0 ? 0 : 1;
}

if (isMainThread && require.main === module) {
  // The bundle lives in test/fuzz/.cache.
  garbageMain(process.argv.slice(2), __filename, path.resolve(__dirname, '../../..')).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
