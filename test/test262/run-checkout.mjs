#!/usr/bin/env node
// Runs test262 tests through the simulator (dist/engine.js, in-process) and, with --node, through
// real Node (ground truth), and prints pass counts. test262 itself is not part of this repository:
//   node test/test262/run-checkout.mjs --root /tmp/t262 test/built-ins/Promise [more paths] [--node] [--fail] [--sample N --seed S]
// --root: a test262 checkout (harness/ and test/ beside each other). Paths are files or folders under it.
// A test passes when: no uncaught error (or, for negative tests, the expected error type), and for
// async tests "Test262:AsyncTestComplete" is printed. Strict tests are run with "use strict" prepended;
// tests with neither flag run in both modes (as test262 asks).
import { createRequire } from 'module';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const flag = (name) => { const i = args.indexOf(name); if (i < 0) return false; args.splice(i, 1); return true; };
const root = opt('--root', '/tmp/t262');
const sample = Number(opt('--sample', '0'));
const seed = Number(opt('--seed', '1'));
const useNode = flag('--node');
const showFail = flag('--fail');
const { analyze } = require(path.join(here, '..', '..', 'dist', 'engine.js'));

// Features the runner skips in both runtimes (not in Node 20 or not about this project).
const SKIP_FEATURES = new Set(['IsHTMLDDA', 'cross-realm', 'host-gc-required', 'Atomics.waitAsync', 'Array.fromAsync',
  'promise-with-resolvers', 'Promise.try', 'explicit-resource-management', 'iterator-helpers', 'set-methods',
  'regexp-modifiers', 'source-phase-imports', 'import-defer', 'json-parse-with-source', 'Float16Array', 'decorators',
  'uint8array-base64', 'RegExp.escape', 'Math.sumPrecise', 'Error.isError', 'upsert', 'import-attributes', 'immutable-arraybuffer',
  'canonical-tz', 'await-dictionary', 'iterator-sequencing', 'joint-iteration', 'Temporal', 'ShadowRealm', 'arraybuffer-transfer',
  'resizable-arraybuffer', 'array-grouping', 'change-array-by-copy', 'symbols-as-weakmap-keys', 'Atomics.pause', 'regexp-duplicate-named-groups', 'regexp-v-flag', 'String.prototype.isWellFormed', 'String.prototype.toWellFormed', 'Array.prototype.includes-unscopables', 'nonextensible-applies-to-private']);

function walk(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), out);
  else if (p.endsWith('.js') && !p.includes('_FIXTURE')) out.push(p);
  return out;
}
function meta(src) {
  const m = /\/\*---([\s\S]*?)---\*\//.exec(src);
  const y = m ? m[1] : '';
  const list = (key) => {
    const r = new RegExp(`^\\s*${key}:\\s*\\[([^\\]]*)\\]`, 'm').exec(y);
    if (r) return r[1].split(',').map((s) => s.trim()).filter(Boolean);
    const b = new RegExp(`^\\s*${key}:\\s*\\n((?:\\s+-\\s*.*\\n?)+)`, 'm').exec(y);
    return b ? b[1].split('\n').map((s) => s.replace(/^\s*-\s*/, '').trim()).filter(Boolean) : [];
  };
  const neg = /negative:\s*\n\s*phase:\s*(\w+)\s*\n\s*type:\s*(\w+)/.exec(y) || /negative:\s*\n\s*type:\s*(\w+)\s*\n\s*phase:\s*(\w+)/.exec(y);
  let negative = null;
  if (neg) negative = /phase:\s*(\w+)\s*\n\s*type/.test(neg[0]) ? { phase: neg[1], type: neg[2] } : { type: neg[1], phase: neg[2] };
  return { includes: list('includes'), flags: list('flags'), features: list('features'), negative };
}
const harnessCache = new Map();
function harness(name) {
  if (!harnessCache.has(name)) harnessCache.set(name, fs.readFileSync(path.join(root, 'harness', name), 'utf8'));
  return harnessCache.get(name);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't262-'));

function runOne(file, src, m, strict) {
  const module = m.flags.includes('module');
  const raw = m.flags.includes('raw');
  let code = 'var print = function () { console.log.apply(console, arguments); };\n';
  if (!raw) {
    const inc = ['assert.js', 'sta.js', ...(m.flags.includes('async') ? ['doneprintHandle.js'] : []), ...m.includes];
    code += [...new Set(inc)].map(harness).join('\n') + '\n';
  }
  code += src;
  if (strict && !module) code = '"use strict";\n' + code;
  let stdout = '', stderr = '', exitCode = 0;
  if (useNode) {
    const f = path.join(tmp, module ? 't.mjs' : 't.js');
    fs.writeFileSync(f, code);
    const r = spawnSync(process.execPath, [f], { encoding: 'utf8', timeout: 10000, cwd: path.dirname(file) });
    stdout = r.stdout; stderr = r.stderr; exitCode = r.status ?? -1;
  } else {
    try {
      const a = analyze(code, { fileName: module ? 'test.mjs' : 'test.js', maxMillis: 5000, maxSteps: 1e8 });
      for (const e of a.console) { const t = e.text + (e.method === 'write' ? '' : '\n'); if (e.stream === 'stdout') stdout += t; else stderr += t; }
      exitCode = a.exitCode;
      for (const d of a.diagnostics || []) if (d.severity === 'error' && !stderr) stderr += d.message + '\n';
    } catch (err) { stderr = 'CRASH ' + (err && err.stack); exitCode = 99; }
  }
  if (m.negative) {
    if (exitCode === 0) return 'expected ' + m.negative.type;
    return stderr.includes(m.negative.type) ? null : 'wrong error: ' + stderr.split('\n').find((l) => /Error/.test(l));
  }
  if (exitCode !== 0) return (stderr.split('\n').find((l) => /Error|error|CRASH/.test(l)) || stderr.slice(0, 200) || 'exit ' + exitCode).trim();
  if (m.flags.includes('async') && !stdout.includes('Test262:AsyncTestComplete')) return 'async not complete: ' + stdout.slice(0, 200);
  return null;
}

let files = [];
for (const a of args) walk(path.resolve(root, a), files);
if (sample > 0) {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = files.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [files[i], files[j]] = [files[j], files[i]]; }
  files = files.slice(0, sample).sort();
}
let pass = 0, fail = 0, skip = 0;
for (const file of files) {
  const src = fs.readFileSync(file, 'utf8');
  const m = meta(src);
  if (m.features.some((f) => SKIP_FEATURES.has(f)) || m.includes.some((i) => !fs.existsSync(path.join(root, 'harness', i)))) { skip++; continue; }
  const modes = m.flags.includes('raw') || m.flags.includes('module') ? [false]
    : m.flags.includes('onlyStrict') ? [true] : m.flags.includes('noStrict') ? [false] : [false, true];
  let why = null;
  for (const strict of modes) { why = runOne(file, src, m, strict); if (why) { why = (strict ? '[strict] ' : '') + why; break; } }
  if (why) { fail++; if (showFail) console.log('FAIL ' + path.relative(root, file) + ' :: ' + why); }
  else pass++;
}
console.log(`${useNode ? 'node' : 'simulator'}: ${pass}/${pass + fail} passed (${skip} skipped)`);
