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
    // (`with` is simulated since issue 9: `import.meta` is still a stop.)
    const r = simulate("console.log('before');\nconsole.log(import.meta.url);\nconsole.log('after');", { fileName: 'test.mjs' });
    assert.equal(r.stdout, 'before\n');
    const d = r.analysis.diagnostics.find((x) => x.code === 'unsupported');
    assert.ok(d);
    assert.equal(d!.line, 2);
    assert.match(d!.message, /`import.meta` is not supported/);
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

// ---- caps and engine limits (issue 8, family 6): each fails on the engine before the issue ----
describe('caps: what one analysis keeps, and what the guest may allocate', function () {
  this.timeout(60000);
  const budgetHit = (src: string) => {
    const r = simulate(src);
    const d = r.analysis.diagnostics.find((x) => x.code === 'memory-budget');
    return { r, d };
  };

  // Before: every one of these allocated (4 GB typed arrays worked).
  const allocations: Record<string, string> = {
    'new Uint8Array(n)': 'new Uint8Array(2 ** 32)',
    'new ArrayBuffer(n)': 'new ArrayBuffer(2 ** 32)',
    'new Float64Array(n)': 'new Float64Array(2 ** 29)',
    'BigInt64Array': 'new BigInt64Array(2 ** 29)',
    'the buffer’s constructor': 'new (new Uint8Array(1).buffer.constructor)(2 ** 32)',
    'the prototype’s constructor': 'new (Object.getPrototypeOf(new Int32Array(1)).constructor)(2 ** 30)',
    'a subclass (super)': 'class Big extends Uint8Array {}\nnew Big(2 ** 32)',
    'Reflect.construct with a subclass newTarget': 'class S extends Uint16Array {}\nReflect.construct(Uint16Array, [2 ** 31], S)',
    'TypedArray.from of an array-like': 'Float64Array.from({ length: 2 ** 29 })',
    'a typed array from an array-like': 'new Float64Array({ length: 2 ** 29 })',
    'slice (species)': 'const t = new Uint8Array(2 ** 27); const keep = []; for (;;) keep.push(t.slice());',
    // (a hog takes most of the budget first: mapping 2**27 elements through a guest arrow takes too long)
    'map without a constructor': "const hog = new Uint8Array(255 * 2 ** 20); const t = new Uint8Array(2 ** 20 + 1); Object.defineProperty(t, 'constructor', { value: undefined }); t.map((x) => x);",
    'filter': 'const hog = new Uint8Array(255 * 2 ** 20); const t = new Uint8Array(2 ** 20 + 1); t.filter(() => true);',
    'ArrayBuffer slice': 'const b = new ArrayBuffer(2 ** 27); const keep = []; for (;;) keep.push(b.slice(0));',
    'resize': 'const b = new ArrayBuffer(8, { maxByteLength: 2 ** 32 }); b.resize(2 ** 32);',
    'structuredClone': 'const t = new Uint8Array(2 ** 27); const keep = []; for (;;) keep.push(structuredClone(t));',
    'many small buffers': 'const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 20));',
  };
  for (const [name, code] of Object.entries(allocations)) {
    it(`the ArrayBuffer budget holds for ${name}`, () => {
      const { r, d } = budgetHit(`console.log('start');\ntry {\n${code}\n} catch (e) { console.log(e.name + ': ' + e.message); }`);
      assert.equal(r.stdout, 'start\nRangeError: Array buffer allocation failed\n', r.stdout + r.stderr);
      assert.ok(d, 'the memory-budget diagnostic');
      assert.match(d!.message, /^The memory budget for ArrayBuffers \(256 MB\) ran out at line \d+/);
      assert.ok(d!.line >= 3, `located in the program (line ${d!.line})`);
    });
  }

  it('small allocations, DataView and subarray are untouched; the budget is an option', () => {
    const r = simulate('const b = new ArrayBuffer(16); const v = new DataView(b); v.setUint8(0, 7);\nconst t = new Uint8Array(b).subarray(0, 4);\nconsole.log(t, t.buffer === b, new Uint8Array(1 << 20).length);');
    assert.equal(r.stdout, 'Uint8Array(4) [ 7, 0, 0, 0 ] true 1048576\n');
    const small = simulate('try { new Uint8Array(2048); } catch (e) { console.log(e.message); }', { maxArrayBufferBytes: 1024 });
    assert.equal(small.stdout, 'Array buffer allocation failed\n');
  });

  // Before: a V8 fatal error that aborted the process.
  it("'x'.repeat(2**27).split('') is a RangeError and a located diagnostic", () => {
    const { r, d } = budgetHit("try { 'x'.repeat(2 ** 27).split(''); } catch (e) { console.log(e.name, e.message); }");
    assert.equal(r.stdout, 'RangeError Invalid array length\n');
    assert.ok(d && d.line === 1 && /split/.test(d.message));
  });

  // Before: 108 s and 7.8 GB.
  it('new Array(1e8).fill(0) is a RangeError and a located diagnostic', () => {
    const started = Date.now();
    const { r, d } = budgetHit("console.log('a');\nconst a = new Array(1e8).fill(0);");
    assert.ok(Date.now() - started < 5000);
    assert.ok(d && d.line === 2, JSON.stringify(r.analysis.diagnostics));
    assert.ok(r.analysis.diagnostics.some((x) => x.code === 'uncaught-error' && /RangeError/.test(x.message)));
    assert.equal(simulate('console.log(new Array(10).fill(1).join(""), new Array(5e6).fill(0).length)').stdout, '1111111111 5000000\n');
  });

  // Before: minutes with the analysis worker's large stack (V8's join and JSON serializer are quadratic in depth).
  it('String() and JSON.stringify of a 200k-deep array throw as Node does, quickly', () => {
    const started = Date.now();
    const r = simulate("let a = [];\nfor (let i = 0; i < 200000; i++) a = [a];\nfor (const f of [() => String(a), () => JSON.stringify(a), () => a.join(), () => a.toLocaleString()]) {\n  try { f(); } catch (e) { console.log(e.name, e.message); }\n}", { maxSteps: 1e7 });
    assert.equal(r.stdout, 'RangeError Maximum call stack size exceeded\n'.repeat(4));
    assert.ok(Date.now() - started < 5000);
    assert.equal(simulate('console.log(String([1, [2, [3]]]), JSON.stringify({ a: [1, { b: 2 }] }))').stdout, '1,2,3 {"a":[1,{"b":2}]}\n');
  });

  // Before: 3.9 GB for 2,000 lines of 1 MB.
  it('console output is cut at maxConsoleBytes, counted, with one diagnostic', () => {
    const r = simulate("const s = 'y'.repeat(1000);\nfor (let i = 0; i < 50; i++) console.log(s);\nconsole.log('end');", { maxConsoleBytes: 10_500 });
    assert.equal(r.analysis.console.length, 11);
    assert.equal(r.analysis.console[10].text.length, 500);
    assert.deepEqual(r.analysis.cut, { consoleLines: 40, consoleBytes: 39_503 });
    const d = r.analysis.diagnostics.filter((x) => x.code === 'output-cut');
    assert.equal(d.length, 1);
    assert.equal(d[0].message, 'Console output cut after 10.3 KB (40 more lines, 38.6 KB in all, were counted but not kept).');
  });

  it('an uncaught error is still reported after the console was cut', () => {
    const r = simulate("for (let i = 0; i < 100; i++) console.log('x'.repeat(100));\nthrow new Error('boom');", { maxConsoleBytes: 1000 });
    assert.match(r.stderr, /Error: boom/);
    assert.equal(r.exitCode, 1);
  });

  // Before: 2.7 GB and 420 MB of JSON; with 1e7 steps a fatal heap OOM.
  it('the step trace stops at maxTraceEvents and the run goes on', () => {
    const r = simulate("let i = 0;\nwhile (i < 100000) i++;\nconsole.log('done', i);", { trace: true, maxTraceEvents: 5000 });
    assert.equal(r.stdout, 'done 100000\n');
    assert.ok(r.analysis.trace!.length <= 5001);
    assert.ok(r.analysis.cut && r.analysis.cut.traceFromStep! > 0);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'output-cut' && /Step trace cut after 5,000 events/.test(d.message)));
  });

  // Before: 15 MB of JSON for a 5-line file.
  it('task records are capped and counted', () => {
    const r = simulate('function again() { Promise.resolve().then(again); }\nagain();', { maxSteps: 100_000, maxTaskRecords: 1000 });
    assert.equal(r.analysis.tasks.length, 1000);
    assert.ok(r.analysis.cut!.tasks! > 10_000);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'output-cut' && /Task records cut after 1,000/.test(d.message)));
    assert.ok(JSON.stringify(r.analysis).length < 1_000_000);
  });

  it('browser-reported errors keep the first 100 diagnostics', () => {
    const r = simulate("setInterval(() => { throw new Error('tick'); }, 1);", { runtime: 'browser', maxSteps: 20_000 });
    assert.equal(r.analysis.diagnostics.filter((d) => d.code === 'uncaught-error').length, 100);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'output-cut' && /more `uncaught-error` diagnostics/.test(d.message)));
  });

  // Before: native loops calling expression-bodied arrows never checked a budget (a hang, then a V8 fatal).
  it('an endless iterator spread, and Array.from calling an arrow, end at the time budget', () => {
    for (const src of ['const it = { [Symbol.iterator]() { return { next: () => ({ value: 1, done: false }) }; } };\n[...it];', 'Array.from({ length: 1e9 }, () => 1);']) {
      const started = Date.now();
      const r = simulate(src, { maxMillis: 300 });
      assert.ok(Date.now() - started < 3000, src);
      assert.equal(r.analysis.stoppedBy, 'time-budget', src);
    }
  });

  // Before: the parse, the compile and the hoisting pass ran outside the budget (hoisting: 94 s for 200k lines).
  it('parsing, compiling and the hoisting pass are inside the time budget, with located diagnostics', () => {
    let big = '';
    for (let i = 0; i < 60_000; i++) big += `let v${i} = ${i}; function f${i}() { return v${i}; }\n`;
    const started = Date.now();
    const r = simulate(big, { maxMillis: 30 });
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    const d = r.analysis.diagnostics.find((x) => x.code === 'time-budget');
    assert.ok(d, JSON.stringify(r.analysis.diagnostics.slice(0, 3)));
    assert.match(d!.message, /while (parsing|compiling)|ran out/);
    assert.ok(d!.line >= 1);
  });

  // Before: 20k lines 1.7 s, 200k lines > 240 s (quadratic). After: 0.1 s and 1.8 s on an idle machine.
  it('the hoisting pass is linear: 100,000 lines cost about 10× 10,000 lines, not 100×', () => {
    const { analyzeHoistingSafe } = require('../../src/engine/hoistingBridge');
    const { parseSource } = require('../../src/engine/simulator');
    const timeFor = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += i % 4 === 0 ? `var v${i} = ${i};\n` : i % 4 === 1 ? `let l${i} = v${i - 1} + 1;\n` : i % 4 === 2 ? `function f${i}(a) { return a + ${i}; }\n` : `f${i - 1}(l${i - 2});\n`;
      const program = parseSource(s, 'commonjs').program;
      const started = Date.now();
      const h = analyzeHoistingSafe(program, s, [], { tasks: [], console: [], diagnostics: [], steps: 0 });
      assert.equal(h.bindings.length, n);
      return Date.now() - started;
    };
    timeFor(2000); // warm-up
    const small = timeFor(10_000);
    const large = timeFor(100_000);
    assert.ok(large < 30 * small + 1000, `10k lines: ${small} ms, 100k lines: ${large} ms`);
    assert.ok(large < 20_000, `${large} ms`);
  });

  it('analyze() returns an Analysis for a program nested too deeply for the host stack', () => {
    for (const src of ['if (1) '.repeat(3000) + 'f()', 'f' + '()'.repeat(20000), 'o' + '.a'.repeat(20000)]) {
      const a = simulate(src).analysis;
      assert.ok(Array.isArray(a.diagnostics) && a.diagnostics.length > 0);
    }
  });
});
