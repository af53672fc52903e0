// Every analysis ends: step and time budgets, the call-depth limit, and diagnostics that name the line.
import { strict as assert } from 'assert';
import { simulate } from '../helpers';

describe('bounded analysis', function () {
  this.timeout(30000);

  it('an infinite loop: infinite-loop and step-budget diagnostics naming the loop line', () => {
    const r = simulate("console.log('a');\nlet i = 0;\nwhile (true) {\n  i++;\n}\nconsole.log('never');", { maxSteps: 50000 });
    assert.equal(r.stdout, 'a\n');
    assert.equal(r.analysis.stoppedBy, 'step-budget');
    const loop = r.analysis.diagnostics.find((d) => d.code === 'infinite-loop');
    assert.ok(loop, 'infinite-loop diagnostic');
    assert.equal(loop!.line, 3);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'step-budget'));
  });

  it('an empty infinite loop and infinite recursion through timers end too', () => {
    assert.equal(simulate('for (;;) {}', { maxSteps: 10000 }).analysis.stoppedBy, 'step-budget');
    assert.equal(simulate('setInterval(() => {}, 1);', { maxSteps: 10000 }).analysis.stoppedBy, 'step-budget');
  });

  it('microtask starvation lists the macrotasks that never ran', () => {
    const r = simulate("setTimeout(() => console.log('never'), 0);\nsetImmediate(() => {});\nfunction again() { Promise.resolve().then(again); }\nagain();", { maxSteps: 20000 });
    const d = r.analysis.diagnostics.find((x) => x.code === 'microtask-starvation');
    assert.ok(d, 'starvation diagnostic');
    assert.match(d!.message, /setTimeout 0 ms → callback \(line 1\) scheduled at line 1/);
    assert.match(d!.message, /setImmediate/);
    assert.equal(r.stdout, '');
  });

  it('nextTick recursion starves the loop as well', () => {
    const r = simulate("setTimeout(() => console.log('never'), 0);\nfunction t() { process.nextTick(t); }\nt();", { maxSteps: 20000 });
    assert.ok(r.analysis.diagnostics.some((x) => x.code === 'microtask-starvation'));
  });

  it('the time budget stops a long run', () => {
    const started = Date.now();
    const r = simulate('let x = 0; while (true) { x++; }', { maxSteps: 1e12, maxMillis: 200 });
    assert.equal(r.analysis.stoppedBy, 'time-budget');
    assert.ok(Date.now() - started < 5000);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'time-budget'));
  });

  it('deep recursion throws a catchable RangeError at the call-depth limit', () => {
    const r = simulate("function f(n) { return f(n + 1); }\ntry { f(0); } catch (e) { console.log(e.name, e.message); }\nconsole.log('after');", { maxCallDepth: 500 });
    assert.equal(r.stdout, 'RangeError Maximum call stack size exceeded\nafter\n');
  });

  it('an uncaught RangeError from recursion ends the process with exit code 1', () => {
    const r = simulate('function f() { f(); }\nf();', { maxCallDepth: 300 });
    assert.equal(r.exitCode, 1);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'uncaught-error' && d.message.includes('RangeError')));
  });

  it('is deterministic: same input, same output and trace', () => {
    const src = "let s = 0; for (let i = 0; i < 5; i++) setTimeout(() => { s += Math.random(); console.log(i, Date.now()); }, i * 7);";
    const a = simulate(src, { trace: true });
    const b = simulate(src, { trace: true });
    assert.equal(a.stdout, b.stdout);
    assert.deepEqual(a.analysis.trace, b.analysis.trace);
  });

  it('unsupported syntax stops at the node with a clear diagnostic', () => {
    const r = simulate("console.log('before');\nwith (Math) { console.log(PI); }\nconsole.log('after');");
    assert.equal(r.stdout, 'before\n');
    const d = r.analysis.diagnostics.find((x) => x.code === 'unsupported' && x.severity === 'error');
    assert.ok(d);
    assert.equal(d!.line, 2);
    assert.match(d!.message, /`with` is not supported/);
  });

  it('a syntax error is a structured diagnostic, never a throw', () => {
    const r = simulate('function (');
    assert.equal(r.analysis.stoppedBy, 'syntax-error');
    const d = r.analysis.diagnostics[0];
    assert.equal(d.code, 'syntax-error');
    assert.equal(d.line, 1);
    assert.equal(d.column, 9);
  });
});
