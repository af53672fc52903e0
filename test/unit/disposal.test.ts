// src/engine/interp/disposal.ts: `using` / `await using`, SuppressedError, DisposableStack and
// AsyncDisposableStack. What they do against the real runtimes is in
// test/fixtures/typescript/using-disposal.ts (Node 24's golden) and test/browser-corpus/using-disposal.js
// (Chromium's). Here: .js files keep Node 20's language (differential against this Node 20), the
// budgets and process.exit run no dispose, nothing of the host leaks out, and the capability's
// internal slot stays out of what the step trace shows.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/engine/simulator';
import type { AnalyzeOptions } from '../../src/engine/types';

const run = (source: string, opts: AnalyzeOptions) => {
  const a = analyze(source, { detectForeignObjects: true, ...opts });
  assert.deepEqual(a.foreignObjects ?? [], [], 'no foreign object');
  return { a, out: a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + '\n').join('') };
};

describe('explicit resource management (disposal.ts)', () => {
  it("a .js file has Node 20's language: no using, no SuppressedError or disposable stacks", () => {
    assert.match(process.version, /^v20\./);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-using-'));
    const present = "console.log(typeof SuppressedError, typeof DisposableStack, typeof AsyncDisposableStack);\n";
    fs.writeFileSync(path.join(dir, 'present.js'), present);
    const real = spawnSync(process.execPath, [path.join(dir, 'present.js')], { encoding: 'utf8' });
    assert.equal(real.stdout, 'undefined undefined undefined\n');
    assert.equal(run(present, { fileName: 'present.js' }).out, real.stdout);
    // `using` is an identifier to Node 20: a declaration of one is its SyntaxError, at the name.
    const using = "{\n  using res = { [Symbol.dispose]() {} };\n}\n";
    fs.writeFileSync(path.join(dir, 'using.js'), using);
    const r = spawnSync(process.execPath, [path.join(dir, 'using.js')], { encoding: 'utf8' });
    assert.match(r.stderr, /SyntaxError: Unexpected identifier 'res'/);
    const a = analyze(using, { fileName: 'using.js' });
    assert.equal(a.stoppedBy, 'syntax-error');
    const d = a.diagnostics.find((x) => x.code === 'syntax-error')!;
    assert.deepEqual([d.message, d.line, d.column], ["SyntaxError: Unexpected identifier 'res'", 2, 8]);
  });

  it('code from strings: Node 20 has no using; Node 24 and Chromium have it in a function body and a block, not at a script\'s top level', () => {
    const src = "try { new Function('using r = { [Symbol.dispose]() { console.log(\\'disposed\\'); } }; console.log(\\'body\\');')(); } catch (e) { console.log(e.name, e.message); }\ntry { eval('using r = null;'); } catch (e) { console.log(e.name, e.message); }\ntry { eval('{ using r = null; }'); } catch (e) { console.log(e.name, e.message); }\n";
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ell-using-')), 'strings.js');
    fs.writeFileSync(file, src);
    const real = spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout;
    assert.equal(real, "SyntaxError Unexpected identifier 'r'\n".repeat(3));
    assert.equal(run(src, { fileName: 'strings.js' }).out, real);
    // (Checked against Node 24 and Chromium.)
    const modern = "body\ndisposed\nSyntaxError Unexpected identifier 'r'\n";
    assert.equal(run(src, { fileName: 'strings.ts' }).out, modern);
    assert.equal(run(src, { fileName: 'strings.js', runtime: 'browser' }).out, modern);
  });

  it('a .ts file and the browser profile have them; a classic script has no top-level using', () => {
    const present = "{ using r = { [Symbol.dispose]() { console.log('disposed'); } }; console.log(typeof SuppressedError, typeof DisposableStack, typeof AsyncDisposableStack); }\n";
    const expected = 'function function function\ndisposed\n';
    assert.equal(run(present, { fileName: 'present.ts' }).out, expected);
    assert.equal(run(present, { fileName: 'present.js', runtime: 'browser' }).out, expected);
    const top = analyze("console.log('never');\nusing r = null;\n", { fileName: 'top.js', runtime: 'browser' });
    assert.equal(top.stoppedBy, 'syntax-error');
    assert.equal(top.diagnostics[0].message, "SyntaxError: Unexpected identifier 'r'");
    // A CommonJS .ts file's top level is Node's wrapper function: it may have one.
    assert.equal(run("using r = { [Symbol.dispose]() { console.log('at the end'); } };\nconsole.log('first');\n", { fileName: 'top.ts' }).out, 'first\nat the end\n');
  });

  it('a using in a case clause is V8\'s SyntaxError; one in a for (;;) head says it is not simulated', () => {
    const inCase = analyze("switch (1) {\n  case 1:\n    using r = null;\n}\n", { fileName: 'case.ts' });
    assert.equal(inCase.stoppedBy, 'syntax-error');
    const d = inCase.diagnostics.find((x) => x.code === 'syntax-error')!;
    assert.deepEqual([d.message, d.line, d.column], ["SyntaxError: Unexpected identifier 'r'", 3, 10]);
    const head = analyze("for (using r = null; ;) break;\n", { fileName: 'head.ts' });
    const u = head.diagnostics.find((x) => x.code === 'unsupported')!;
    assert.match(u.message, /`using` in the head of a for \(;;\) loop is not simulated/);
    assert.equal(u.line, 1);
  });

  it('a spent budget or process.exit runs no dispose (as it runs no finally)', () => {
    const looping = "{\n  using r = { [Symbol.dispose]() { console.log('disposed'); } };\n  for (;;) {}\n}\n";
    const a = analyze(looping, { fileName: 'loop.ts', maxSteps: 20_000 });
    assert.equal(a.stoppedBy, 'step-budget');
    assert.equal(a.console.length, 0);
    const exit = run("{\n  using r = { [Symbol.dispose]() { console.log('disposed'); } };\n  console.log('exiting');\n  process.exit(0);\n}\n", { fileName: 'exit.ts' });
    assert.equal(exit.out, 'exiting\n');
    // A dispose method that never returns is cut by the budget too, with a located diagnostic.
    const stuck = analyze("{\n  using r = { [Symbol.dispose]() { for (;;) {} } };\n}\n", { fileName: 'stuck.ts', maxSteps: 20_000 });
    assert.equal(stuck.stoppedBy, 'step-budget');
    assert.ok(stuck.diagnostics.some((d) => d.code === 'step-budget' && d.line === 2));
  });

  it('a dispose that recurses without end ends in a RangeError the program can catch', () => {
    const src = "function again() { using r = { [Symbol.dispose]() { again(); } }; }\ntry { again(); } catch (e) { console.log(e.constructor.name, e.message); }\n";
    assert.equal(run(src, { fileName: 'deep.ts' }).out, 'RangeError Maximum call stack size exceeded\n');
  });

  it("their objects are the realm's: no way back to the host through them", () => {
    const probe = `
      const out = [];
      let caught;
      try { using a = { [Symbol.dispose]() { throw new Error('d'); } }; throw new Error('b'); } catch (e) { caught = e; }
      const s = new DisposableStack();
      const as = new AsyncDisposableStack();
      for (const [name, v] of [['SuppressedError', caught], ['DisposableStack', s], ['use', s.use], ['AsyncDisposableStack', as], ['disposeAsync', as.disposeAsync()], ['moved', s.move()]]) {
        let leaked = 'no';
        try { leaked = typeof v.constructor.constructor('return typeof process.binding')(); } catch (e) { leaked = e.name; }
        out.push(name + ':' + leaked);
      }
      console.log(out.join(' '), caught instanceof SuppressedError, caught.suppressed.message);
    `;
    for (const opts of [{ fileName: 'probe.ts' }, { fileName: 'probe.js', runtime: 'browser' as const }]) {
      const { out } = run(probe, opts);
      assert.doesNotMatch(out, /:function/, `no host process.binding reachable (${opts.fileName}): ${out}`);
      assert.match(out, / true b\n$/);
    }
  });

  it("the capability's internal slot is not a binding the trace or the hover shows", () => {
    const src = "function f() {\n  using r = { [Symbol.dispose]() { console.log('disposed'); } };\n  const x = 1;\n  return x;\n}\nf();\n";
    const a = analyze(src, { fileName: 'trace.ts', trace: true });
    assert.equal(a.console.map((e) => e.text).join(','), 'disposed');
    assert.doesNotMatch(JSON.stringify(a), /%disposeCapability/);
    assert.ok((a.bindings ?? []).some((b) => b.name === 'r'), 'the using binding is a binding');
  });
});
