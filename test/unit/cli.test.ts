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
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60000 });
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

  it('unknown commands and bad arguments are clear errors', () => {
    assert.notEqual(cliRun('frobnicate', 'x.js').status, 0);
    assert.match(cliRun('run', 'x.js', '--runtime', 'deno').stderr, /--runtime must be node or browser/);
  });
});
