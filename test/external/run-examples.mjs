// A local runner for public example and quiz collections (not part of `npm test`; the collections
// are not in the repo). Each program runs in real Node (`node FILE`, CommonJS) and in the simulator
// (dist/engine.js, in-process; `npm run build` first), and passes when stdout and the uncaught
// error's report agree (stack frames and the file-position header left out: the simulator reports
// its own frames).
//
//   node test/external/run-examples.mjs [--list-failures] [--diff] [--module] [--exact-errors] [--only SUBSTR] SUITE=GITDIR...
//
// SUITE is one of
//   mdn        github:mdn/interactive-examples            live-examples/js-examples/**/*.js
//   lydia      github:lydiahallie/javascript-questions    README.md, the first code block of each question
//   sudheerj   github:sudheerj/javascript-interview-questions  README.md "Coding Exercise" questions
//   typeofnan  github:nas5w/typeofnan-javascript-quizzes  content/questions/*/index.md code blocks
// GITDIR is a git directory (no work tree needed; files are read with `git show`).
//
// Quiz snippets are classified before they run, not forced: "browser" (they read window/document or
// other browser-only globals, so Node's output is not the quiz's answer), "multi-file" (one block is
// several modules), "fragment" (Node cannot parse it as a script, it shows a shape, not a program),
// "nondeterministic" (two Node runs print different things), "timeout" (Node does not end in 10 s),
// "network" (Node's run reached for the network; the simulator answers fetch with a simulated response).
// The same classification applies to every suite except browser/multi-file/fragment, which are quiz-only.
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
const flag = (name) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return false;
  argv.splice(i, 1);
  return true;
};
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const { analyze } = require(path.resolve(opt('engine', path.join(root, 'dist', 'engine.js'))));
const listFailures = flag('list-failures');
const showDiff = flag('diff');
const only = opt('only', '');
// --module: every program runs as an ES module (FILE.mjs in Node and in the simulator).
const asModule = flag('module');
// --exact-errors: the uncaught report's header (file:line, source line, caret) and its first frame
// in the program's own file are compared too.
const exactErrors = flag('exact-errors');
// --raw-stdout: stdout compared byte for byte, stack frames included.
const rawStdout = flag('raw-stdout');
const suites = argv.map((a) => {
  const [name, gitDir] = a.split('=');
  return { name, gitDir };
});
if (suites.length === 0 || suites.some((s) => !s.gitDir)) {
  console.error('usage: node test/external/run-examples.mjs [--list-failures] [--diff] [--only SUBSTR] SUITE=GITDIR...');
  process.exit(2);
}

const git = (gitDir, ...args) => {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const show = (gitDir, file) => git(gitDir, 'show', `HEAD:${file}`);

/** The code blocks (```js / ```javascript) of a Markdown text, in order. */
function codeBlocks(md) {
  const out = [];
  const re = /^```(?:js|javascript|jsx)?\s*\n([\s\S]*?)^```/gm;
  let m;
  while ((m = re.exec(md))) out.push(m[1]);
  return out;
}

const extractors = {
  mdn(gitDir) {
    const files = git(gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', 'live-examples/js-examples').split('\n').filter((f) => f.endsWith('.js'));
    return files.map((f) => ({ id: f.replace('live-examples/js-examples/', ''), code: show(gitDir, f), quiz: false }));
  },
  lydia(gitDir) {
    const md = show(gitDir, 'README.md');
    const parts = md.split(/^###### /m).slice(1);
    return parts.map((p) => {
      const title = p.split('\n')[0].trim();
      const block = codeBlocks(p.split(/<details>/)[0])[0];
      return { id: title.slice(0, 60), code: block, quiz: true };
    });
  },
  sudheerj(gitDir) {
    const md = show(gitDir, 'README.md');
    const start = md.indexOf('### Coding Exercise');
    const parts = md.slice(start).split(/^#### /m).slice(1);
    return parts.map((p) => {
      const title = p.split('\n')[0].trim();
      const block = codeBlocks(p.split(/<details>/)[0])[0];
      return { id: title.slice(0, 60), code: block, quiz: true };
    });
  },
  typeofnan(gitDir) {
    const files = git(gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', 'content/questions').split('\n').filter((f) => f.endsWith('index.md'));
    return files.map((f) => {
      const md = show(gitDir, f).split('<!-- explanation -->')[0];
      return { id: f.split('/')[2], code: codeBlocks(md).join('\n'), quiz: true };
    });
  },
};

const BROWSER = /\b(window|document|navigator|localStorage|sessionStorage|alert|prompt|confirm|location|XMLHttpRequest|HTMLElement)\b/;
const MULTI_FILE = /^\s*\/\/\s*[\w.-]+\.(m?js|ts)\s*$|\bimport\b[^;\n]*\bfrom\b|^\s*export\s|\brequire\(['"]\.\//m;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
let counter = 0;

function runNode(code) {
  const file = path.join(work, `p${++counter}${asModule ? '.mjs' : '.js'}`);
  fs.writeFileSync(file, code);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 10000 });
  return { file, stdout: r.stdout || '', stderr: r.stderr || '', exitCode: r.status ?? -1, timedOut: r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM' };
}

function runSim(code, file) {
  const a = analyze(code, { fileName: file, maxMillis: 10000 });
  let stdout = '';
  let stderr = '';
  for (const e of a.console) {
    const text = e.text + (e.method === 'write' ? '' : '\n');
    if (e.stream === 'stdout') stdout += text;
    else stderr += text;
  }
  if (a.stoppedBy === 'syntax-error') {
    const d = a.diagnostics.find((x) => x.code === 'syntax-error');
    stderr += `\n${d ? d.message : 'SyntaxError'}\n`;
  }
  return { stdout, stderr, exitCode: a.exitCode };
}

// Stack frames and the uncaught report's header (file:line, the source line, the caret) are the
// hosts' own; what is compared is everything else.
const FRAME = /^\s+at .*$|^\s+\.\.\. \d+ more lines? matching cause stack trace.*$/;
function normOut(s, file) {
  if (rawStdout) return s.split(file).join('FILE');
  return s
    .split(file).join('FILE')
    .split('\n')
    .filter((l) => !FRAME.test(l))
    .join('\n');
}
function normErr(s, file) {
  const lines = s.split(file).join('FILE').split('\n');
  const out = [];
  let i = 0;
  // The header: "FILE:LINE", the source line, the caret line, a blank line.
  if (/^(file:\/\/)?FILE:\d+$/.test(lines[0] ?? '')) {
    i = 1;
    while (i < lines.length && lines[i] !== '') i++;
    if (exactErrors) out.push(...lines.slice(0, i));
  }
  let firstFrame = exactErrors;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (firstFrame && /^\s+at .*FILE/.test(l)) {
      out.push(l);
      firstFrame = false;
    }
    if (FRAME.test(l) || /^Node\.js v\d/.test(l) || /^\(Use `node --trace-/.test(l)) continue;
    out.push(l);
  }
  return out.join('\n').trim();
}

let grand = [];
for (const suite of suites) {
  const programs = extractors[suite.name](suite.gitDir).filter((p) => !only || p.id.includes(only));
  const counts = { total: programs.length, pass: 0, nodePass: 0, compared: 0, classified: {} };
  const failures = [];
  for (const p of programs) {
    let cls = null;
    if (!p.code || !p.code.trim()) cls = 'no-code';
    else if (p.quiz && BROWSER.test(p.code)) cls = 'browser';
    else if (p.quiz && MULTI_FILE.test(p.code)) cls = 'multi-file';
    const node = cls ? null : runNode(p.code);
    if (!cls && node.timedOut) cls = 'timeout';
    if (!cls && /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|fetch failed/.test(node.stderr)) cls = 'network';
    if (!cls && p.quiz && node.exitCode !== 0 && /^SyntaxError/m.test(node.stderr)) cls = 'fragment';
    if (!cls) {
      const again = runNode(p.code);
      if (normOut(again.stdout, again.file) !== normOut(node.stdout, node.file)) cls = 'nondeterministic';
    }
    if (cls) {
      counts.classified[cls] = (counts.classified[cls] || 0) + 1;
      continue;
    }
    counts.compared++;
    // Node's own score: an MDN example passes in Node when it ends without an uncaught error.
    if (node.exitCode === 0 || p.quiz) counts.nodePass++;
    let sim;
    try {
      sim = runSim(p.code, node.file);
    } catch (e) {
      sim = { stdout: '', stderr: `simulator crashed: ${e && e.stack}`, exitCode: -2 };
    }
    const want = { out: normOut(node.stdout, node.file), err: normErr(node.stderr, node.file), code: node.exitCode };
    const got = { out: normOut(sim.stdout, node.file), err: normErr(sim.stderr, node.file), code: sim.exitCode };
    const ok = want.out === got.out && want.err === got.err && want.code === got.code;
    if (ok) counts.pass++;
    else failures.push({ id: p.id, want, got, code: p.code });
  }
  const cls = Object.entries(counts.classified).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`${suite.name}: simulator ${counts.pass}/${counts.compared}, node ${counts.nodePass}/${counts.compared} (of ${counts.total}${cls ? `; classified: ${cls}` : ''})`);
  if (listFailures) {
    for (const f of failures) {
      console.log(`  FAIL ${f.id}`);
      if (showDiff) {
        const a = f.want.out.split('\n');
        const b = f.got.out.split('\n');
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (a[i] !== b[i]) console.log(`    line ${i + 1}:\n      node: ${JSON.stringify(a[i])}\n      sim:  ${JSON.stringify(b[i])}`);
        }
        if (f.want.err !== f.got.err) console.log(`    stderr:\n      node: ${JSON.stringify(f.want.err)}\n      sim:  ${JSON.stringify(f.got.err)}`);
        if (f.want.code !== f.got.code) console.log(`    exit: node ${f.want.code}, sim ${f.got.code}`);
      }
    }
  }
  grand.push(counts);
}
fs.rmSync(work, { recursive: true, force: true });
