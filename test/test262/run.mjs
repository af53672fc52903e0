// A local test262 runner for the simulator (not part of `npm test`; test262 itself is not in the repo).
//
//   node test/test262/run.mjs --git-dir /path/to/test262/.git [--sample N] [--seed S] [--node] [--list-failures]
//        [--all-features] [--show] [--engine FILE] PATH...
//
// PATH: folders or files inside test262 (e.g. test/language/eval-code). The files are taken from the
// git directory with `git archive` (no work tree needed). Each test runs in place, next to its
// _FIXTURE files, once in the simulator (dist/engine.js, in-process; `npm run build` first) and, with
// --node, once in real Node (`node FILE`) for comparison, in its own mode: strict when flagged
// onlyStrict, as written when raw, sloppy otherwise. A module test is written over its own file (it
// may import itself) under a package.json of "type": "module" at the archive's root, so its fixtures
// are modules too; a script test is written beside it as NAME.cjs (a CommonJS script that can
// import() those module fixtures). The simulator gets the fixture files as the CLI gives them
// (collectSources over the disk, AnalyzeOptions.modules). A test passes when: a negative parse/early
// test stops with a syntax error; a negative runtime/resolution test ends with an uncaught error of
// the expected type; any other test ends with exit code 0 (async tests: after printing
// Test262:AsyncTestComplete). Tests that need a feature Node 20 lacks (NODE20_LACKS) or a host hook
// this host cannot give (HOST_LACKS) are counted as skipped, unless --all-features.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
// --engine FILE: another build of src/engine/index.ts (to compare two versions of the simulator).
const { analyze, collectSources } = require(path.resolve(opt('engine', path.join(root, 'dist', 'engine.js'))));
const flag = (name) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return false;
  argv.splice(i, 1);
  return true;
};
const gitDir = opt('git-dir', process.env.TEST262_GIT_DIR);
const sample = Number(opt('sample', 0));
const seed = Number(opt('seed', 1));
const withNode = flag('node');
const listFailures = flag('list-failures');
const allFeatures = flag('all-features');
// --show: print the simulator's output (and the diagnostics) of each failing test.
const show = flag('show');
const paths = argv;
if (!gitDir || paths.length === 0) {
  console.error('usage: node test/test262/run.mjs --git-dir DIR [--sample N] [--seed S] [--node] [--list-failures] [--all-features] PATH...');
  process.exit(2);
}

// Features (test262's features.txt) that Node 20 does not have: each checked on Node 20.20 (a probe
// of the global, method or syntax).
const NODE20_LACKS = new Set([
  'Array.fromAsync', 'array-grouping', 'arraybuffer-transfer', 'iterator-helpers', 'promise-with-resolvers', 'promise-try',
  'set-methods', 'Float16Array', 'Math.sumPrecise', 'RegExp.escape', 'Error.isError', 'uint8array-base64',
  'json-parse-with-source', 'Atomics.pause', 'regexp-duplicate-named-groups', 'regexp-modifiers',
  'explicit-resource-management', 'upsert', 'Iterator.prototype.join', 'error-stack-accessor', 'ShadowRealm', 'Temporal',
  'decorators', 'iterator-sequencing', 'joint-iteration', 'iterator-chunking', 'iterator-includes', 'immutable-arraybuffer',
  'source-phase-imports', 'source-phase-imports-module-source', 'import-defer', 'export-defer', 'import-text', 'import-bytes',
  'await-dictionary', 'nonextensible-applies-to-private', 'canonical-tz', 'tail-call-optimization',
]);
// Host hooks this runner's $262 does not give, in Node or in the simulator (a second realm, [[IsHTMLDDA]], a GC).
const HOST_LACKS = new Set(['cross-realm', 'IsHTMLDDA', 'host-gc-required']);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'test262-'));
// A file's whole folder comes with it (its fixtures).
const folders = paths.map((p) => (p.endsWith('.js') ? path.posix.dirname(p) : p));
const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', 'HEAD', 'harness', ...folders], { maxBuffer: 1 << 30 });
if (archive.status !== 0) {
  console.error(String(archive.stderr));
  process.exit(2);
}
spawnSync('tar', ['-x', '-C', work], { input: archive.stdout, maxBuffer: 1 << 30 });
// Fixtures are modules (they use import/export): one package.json above all of them says so.
fs.writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');

function walk(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) for (const f of fs.readdirSync(p).sort()) walk(path.join(p, f), out);
  else if (p.endsWith('.js') && !p.includes('_FIXTURE')) out.push(p);
  return out;
}
let files = paths.flatMap((p) => walk(path.join(work, p), []));

// A seeded sample (mulberry32), so two runs pick the same tests.
if (sample > 0 && files.length > sample) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
  files = files.slice(0, sample).sort();
}

function meta(src) {
  const m = /\/\*---([\s\S]*?)---\*\//.exec(src);
  const y = m ? m[1] : '';
  const list = (key) => {
    const inline = new RegExp(`^${key}:\\s*\\[(.*)\\]`, 'm').exec(y);
    if (inline) return inline[1].split(',').map((s) => s.trim()).filter(Boolean);
    const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-.*\\n?)*)`, 'm').exec(y);
    return block ? block[1].split('\n').map((s) => s.replace(/^\s*-\s*/, '').replace(/\s+#.*$/, '').trim()).filter(Boolean) : [];
  };
  const neg = /^negative:\s*\n\s+phase:\s*(\w+)\s*\n\s+type:\s*(\w+)/m.exec(y) || /^negative:\s*\n\s+type:\s*(\w+)\s*\n\s+phase:\s*(\w+)/m.exec(y);
  let negative = null;
  if (neg) negative = /phase:\s*\w+\s*\n\s+type/.test(y) ? { phase: neg[1], type: neg[2] } : { phase: neg[2], type: neg[1] };
  return { includes: list('includes'), flags: list('flags'), features: list('features'), negative };
}

const harnessCache = new Map();
const harness = (name) => {
  if (!harnessCache.has(name)) harnessCache.set(name, fs.readFileSync(path.join(work, 'harness', name), 'utf8'));
  return harnessCache.get(name);
};
// The host hooks test262 expects ($262), as far as a single-realm host can give them.
const HOST = `var print = function (m) { console.log(m); };\nvar $262 = { global: globalThis, evalScript: function (s) { return (0, eval)(s); }, gc: function () {}, agent: {}, detachArrayBuffer: function () { throw new Test262Error('detachArrayBuffer not available'); } };\n`;

function programOf(file) {
  const src = fs.readFileSync(file, 'utf8');
  const m = meta(src);
  const flags = new Set(m.flags);
  const isModule = flags.has('module');
  const raw = flags.has('raw');
  const strict = flags.has('onlyStrict');
  let prelude = '';
  if (!raw) {
    const inc = ['assert.js', 'sta.js', ...(flags.has('async') ? ['doneprintHandle.js'] : []), ...m.includes];
    prelude = HOST + [...new Set(inc)].map(harness).join('\n') + '\n';
  }
  const text = (strict ? '"use strict";\n' : '') + prelude + src;
  // Where the test runs: over its own file (a module may import itself), or beside it as a script.
  const runAs = isModule ? file : file.replace(/\.js$/, '.cjs');
  return { src, text, m, flags, isModule, runAs };
}

function verdict(p, { syntaxError, exitCode, stdout, stderr }) {
  const neg = p.m.negative;
  if (neg && (neg.phase === 'parse' || neg.phase === 'early')) return syntaxError;
  if (neg) return exitCode !== 0 && new RegExp(`\\b${neg.type}\\b`).test(stderr + stdout);
  if (p.flags.has('async')) return /Test262:AsyncTestComplete/.test(stdout) && !/Test262:AsyncTestFailure/.test(stdout);
  return exitCode === 0 && !syntaxError;
}

/** Why a failing run failed, in one line (for --list-failures). */
function reason(r) {
  const line = (r.stderr.split('\n').find((l) => /Error|error/.test(l)) || r.stdout.split('\n').find((l) => /Test262:AsyncTestFailure/.test(l)) || '').trim();
  return (line || `exit ${r.exitCode}`).slice(0, 160);
}

// The CLI's reader (src/sources/disk.ts): files from disk, directories and missing files as "no such file".
const diskReader = {
  async read(p) {
    try {
      if (!fs.statSync(p).isFile()) return null;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  },
};

async function simulate(p) {
  const modules = collectSources ? await collectSources(p.runAs, p.text, diskReader) : undefined;
  const a = analyze(p.text, { fileName: p.runAs, modules, maxMillis: 5000, maxSteps: 5_000_000 });
  let stdout = '';
  let stderr = '';
  for (const e of a.console) {
    if (e.stream === 'stdout') stdout += e.text + '\n';
    else stderr += e.text + '\n';
  }
  for (const d of a.diagnostics) if (d.severity === 'error') stderr += d.message + '\n';
  return { syntaxError: a.stoppedBy === 'syntax-error', exitCode: a.exitCode, stdout, stderr };
}

function runNode(p) {
  const r = spawnSync(process.execPath, [p.runAs], { encoding: 'utf8', timeout: 10000, cwd: path.dirname(p.runAs) });
  const stderr = r.stderr || '';
  return { syntaxError: r.status !== 0 && /^SyntaxError/m.test(stderr), exitCode: r.status ?? -1, stdout: r.stdout || '', stderr };
}

let pass = 0;
let nodePass = 0;
let skipped = 0;
const failures = [];
const started = Date.now();
for (const file of files) {
  const p = programOf(file);
  const rel = path.relative(work, file);
  const lacking = p.m.features.filter((f) => NODE20_LACKS.has(f) || HOST_LACKS.has(f));
  if (lacking.length && !allFeatures) {
    skipped++;
    continue;
  }
  fs.writeFileSync(p.runAs, p.text);
  let ok = false;
  let why = '';
  try {
    const r = await simulate(p);
    ok = verdict(p, r);
    if (!ok) why = reason(r);
    if (!ok && show) console.log(`--- ${path.relative(work, file)}\n${r.stdout}${r.stderr}---`);
  } catch (e) {
    ok = false;
    why = 'CRASH ' + String(e && e.message).split('\n')[0];
  }
  let nodeOk = false;
  let nodeWhy = '';
  if (withNode) {
    const r = runNode(p);
    nodeOk = verdict(p, r);
    if (!nodeOk) nodeWhy = reason(r);
  }
  // Put the test back as it was: another test may import it.
  if (p.isModule) fs.writeFileSync(file, p.src);
  else fs.rmSync(p.runAs, { force: true });
  if (nodeOk) nodePass++;
  if (ok) pass++;
  else failures.push(withNode ? `${rel} (node ${nodeOk ? 'passes' : 'fails too: ' + nodeWhy}) :: ${why}` : `${rel} :: ${why}`);
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
const ran = files.length - skipped;
if (listFailures) for (const f of failures) console.log('FAIL', f);
console.log(`${paths.join(' ')}: simulator ${pass}/${ran}${withNode ? `, node ${nodePass}/${ran}` : ''}${skipped ? `, ${skipped} skipped by feature (--all-features runs them)` : ''} (${secs} s)`);
fs.rmSync(work, { recursive: true, force: true });
