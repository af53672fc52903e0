// The CLI contract the editor, the tests and outside tools rely on (run against the built dist/cli.js).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-cli-'));
function write(name: string, src: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, src);
  return f;
}
function cliRun(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60000, maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('CLI', function () {
  this.timeout(60000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: `npm test` builds it first');
  });

  it('run prints what node prints, with the same exit code', () => {
    const r = cliRun('run', path.join(repoRoot, 'examples', 'event-loop.js'));
    assert.equal(r.stdout, 'Script Start\nScript End\nPromise Resolved 1\nPromise Resolved 2\nTimeout Complete\n');
    assert.equal(r.status, 0);
  });

  it('run writes stdout and stderr in the order the program did, as node does into one pipe (2>&1)', () => {
    const file = write('interleaved.js', "console.log('out 1');\nconsole.error('err 1');\nconsole.warn('err 2');\nprocess.stdout.write('out 2 ');\nconsole.info('out 3');\nsetTimeout(() => { console.error('err 3'); throw new Error('late'); }, 1);\n");
    // One file for both streams: the order of the writes is kept.
    const merged = (cmd: string[]) => {
      const out = path.join(tmp, `merged-${Math.random().toString(36).slice(2)}.txt`);
      const fd = fs.openSync(out, 'w');
      spawnSync(process.execPath, cmd, { stdio: ['ignore', fd, fd], timeout: 60000 });
      fs.closeSync(fd);
      return fs.readFileSync(out, 'utf8');
    };
    const real = merged([file]).split('\n').filter((l) => !/node:internal/.test(l)).join('\n');
    assert.equal(merged([cli, 'run', file]), real);
    assert.match(real, /^out 1\nerr 1\nerr 2\nout 2 out 3\nerr 3\n/);
  });

  it('run exits 1 on an uncaught error and prints it to stderr', () => {
    const r = cliRun('run', write('throws.js', "console.log('a');\nthrow new Error('boom');\n"));
    assert.equal(r.stdout, 'a\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Error: boom/);
  });

  it('run reports a thrown non-Error on stderr exactly as node does', () => {
    for (const [name, src] of [['str.js', "console.log(1);\nthrow 'str';\n"], ['obj.js', 'throw { a: 1 };\n'], ['num.js', 'if (true) {\n  throw 5;\n}\n']]) {
      const f = write(name, src);
      const node = spawnSync(process.execPath, [f], { encoding: 'utf8' });
      const r = cliRun('run', f);
      assert.equal(r.stdout, node.stdout);
      assert.equal(r.stderr, node.stderr, name);
      assert.equal(r.status, node.status);
    }
  });

  it('run of a syntax error: a clear message with line and column, exit 1', () => {
    const r = cliRun('run', write('bad.js', 'let x = ;\n'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.js:1/);
    assert.match(r.stderr, /SyntaxError: Unexpected token/);
  });

  it('run of an unreadable file: a clear message, non-zero exit', () => {
    const r = cliRun('run', path.join(tmp, 'does-not-exist.js'));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /cannot read .*does-not-exist\.js: no such file/);
  });

  it('run of an infinite loop stops at the budget, names the line, exits non-zero', () => {
    const r = cliRun('run', write('loop.js', "console.log('start');\nwhile (true) {}\n"), '--max-steps', '100000');
    assert.equal(r.stdout, 'start\n');
    assert.equal(r.status, 3);
    assert.match(r.stderr, /loop\.js:2:1: This loop was still running/);
  });

  it('analyze --json has console events with order, line, kind, source, and diagnostics', () => {
    const r = cliRun('analyze', path.join(repoRoot, 'examples', 'event-loop.js'), '--json');
    assert.equal(r.status, 0);
    const a = JSON.parse(r.stdout);
    assert.deepEqual(
      a.console.map((e: any) => [e.order, e.line, e.kind, e.source, e.text, e.stream]),
      [
        [1, 2, 'sync', 'script', 'Script Start', 'stdout'],
        [2, 16, 'sync', 'script', 'Script End', 'stdout'],
        [3, 10, 'microtask', 'promise', 'Promise Resolved 1', 'stdout'],
        [4, 13, 'microtask', 'promise', 'Promise Resolved 2', 'stdout'],
        [5, 5, 'macrotask', 'setTimeout', 'Timeout Complete', 'stdout'],
      ],
    );
    assert.ok(Array.isArray(a.diagnostics));
    assert.equal(typeof a.steps, 'number');
  });

  it('annotate shows the hints next to the lines and the diagnostics', () => {
    const r = cliRun('annotate', path.join(repoRoot, 'examples', 'var-vs-let-loop.js'));
    assert.equal(r.status, 0);
    assert.match(r.stdout, /setTimeout\(\(\) => console\.log\('var i =', i\), 0\);\s+① ② ③ macrotask · setTimeout 0 ms/);
    assert.match(r.stdout, /\[loop-closure-var\]/);
  });

  it('hover prints the hoisting hover at a position', () => {
    const f = path.join(repoRoot, 'examples', 'hoisting.js');
    const r = cliRun('hover', f, '4', '13');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /count/);
    assert.match(r.stdout, /var/);
  });

  it('--runtime browser has no process.nextTick', () => {
    const r = cliRun('run', write('tick.js', 'try { process.nextTick(() => {}); } catch (e) { console.log(e.message); }\n'), '--runtime', 'browser');
    assert.equal(r.stdout, 'process is not defined\n');
  });

  it('flags may come anywhere on the command line (util.parseArgs)', () => {
    const f = write('tick2.js', "console.log(typeof setImmediate);\n");
    assert.equal(cliRun('run', '--runtime', 'browser', f).stdout, 'undefined\n');
    assert.equal(cliRun('--runtime', 'browser', 'run', f).stdout, 'undefined\n');
    assert.equal(cliRun('run', f, '--runtime=browser').stdout, 'undefined\n');
    const bad = cliRun('run', f, '--frobnicate');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^event-loop-lens: Unknown option '--frobnicate'/);
  });

  it('run has defaults that behave like node: a 1e6-iteration loop finishes', () => {
    const r = cliRun('run', write('million.js', 'let s = 0;\nfor (let i = 0; i < 1e6; i++) s += i;\nconsole.log(s);\n'));
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '499999500000\n');
    assert.equal(r.status, 0);
  });

  it('a built-in call that does not return ends at --max-ms with a clean, located message (exit 3)', () => {
    const t0 = Date.now();
    const r = cliRun('run', write('redos.js', "console.log('a');\nconst re = /^(a+)+\\1$/;\nre.test('a'.repeat(40) + 'b');\n"), '--max-ms', '500');
    assert.ok(Date.now() - t0 < 5_000);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /^event-loop-lens: .*redos\.js:3:\d+: A built-in call at line 3 did not return within the time budget \(500 ms\) — catastrophic regex backtracking\?/);
    assert.doesNotMatch(r.stderr, /\n    at |dist\/|FATAL/);
  });

  it('what the program printed before a hung built-in call is printed, then the located message (exit 3)', () => {
    const r = cliRun('run', '--max-ms', '1000', write('printed-then-hung.js', "console.log('before');\nconst re = /^(a+)+\\1$/;\nconsole.log(re.test('a'.repeat(40) + 'b'));\n"));
    assert.equal(r.stdout, 'before\n');
    assert.match(r.stderr, /^event-loop-lens: .*printed-then-hung\.js:3:\d+: A built-in call at line 3 did not return within the time budget \(1000 ms\)/);
    assert.equal(r.status, 3);
  });

  it('a V8 fatal out-of-memory in the analysis: a clean, located message, never the fatal output', () => {
    const r = cliRun('run', write('oom.js', "console.log('a');\nconst p = 'x'.repeat(2 ** 27).split('');\n"));
    // The engine stops it itself now (a RangeError, as the program would get it) or the analysis
    // process reports the memory budget; either way a clean, located message.
    assert.ok(r.status === 1 || r.status === 3, String(r.status));
    assert.match(r.stderr, /oom\.js:2:\d+: .*(memory|array length)/i);
    assert.doesNotMatch(r.stderr, /FATAL|dist\/|cli\.js|analysis-/);
  });

  it('annotate of a 130k-line file works (no Math.max(...lines))', () => {
    const f = write('long.js', "console.log('top');\n" + '// filler\n'.repeat(130_000));
    const r = cliRun('annotate', f);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^     1 │ console\.log\('top'\);/);
    assert.match(r.stdout, /130001 │ \/\/ filler/);
  });

  it('analyze --json is capped: the trace goes first, then the tasks, with a note in the JSON', () => {
    const { capJson } = require('../../src/cli') as typeof import('../../src/cli');
    const { analyze } = require('../../src/engine') as typeof import('../../src/engine');
    const a = analyze("for (let i = 0; i < 200; i++) setTimeout(() => console.log(i));", { fileName: 'cap.js', trace: true });
    const full = capJson(a, 1e9);
    assert.deepEqual(full.dropped, []);
    const noTrace = capJson(a, Buffer.byteLength(full.text) - 1);
    assert.deepEqual(noTrace.dropped, ['trace']);
    assert.equal(JSON.parse(noTrace.text).trace, undefined);
    assert.deepEqual(JSON.parse(noTrace.text).truncated.dropped, ['trace']);
    const noTasks = capJson(a, Buffer.byteLength(JSON.stringify({ ...a, trace: undefined }, null, 2)) - 1);
    assert.deepEqual(noTasks.dropped, ['trace', 'tasks']);
    assert.equal(JSON.parse(noTasks.text).console.length, 200);
  });

  it('unknown commands and bad arguments are clear errors', () => {
    assert.notEqual(cliRun('frobnicate', 'x.js').status, 0);
    assert.match(cliRun('run', 'x.js', '--runtime', 'deno').stderr, /--runtime must be node or browser/);
  });
});
