import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as acorn from 'acorn';
import { analyzeHoisting, buildScopeModel, hoverAt, type ScopeModel } from '../../src/engine/hoisting';
import type { Diagnostic, Observation, TaskRecord } from '../../src/engine/types';

const FIX = path.join(__dirname, '..', 'fixtures', 'hoisting');

function parse(src: string, sourceType: 'script' | 'module' = 'script') {
  return acorn.parse(src, { ecmaVersion: 'latest', sourceType });
}
function model(src: string, sourceType: 'script' | 'module' = 'script'): ScopeModel {
  return buildScopeModel(parse(src, sourceType), src);
}
function fixture(name: string) {
  const source = fs.readFileSync(path.join(FIX, name), 'utf8');
  return { source, program: parse(source) };
}
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.line}:${d.column} ${d.severity}${d.observed ? ' observed' : ''}`);

/** Offset of the n-th (0-based) occurrence of `name` as a whole word on a 1-based line. */
function at(src: string, line: number, name: string, nth = 0): number {
  const lines = src.split('\n');
  let off = 0;
  for (let i = 0; i < line - 1; i++) off += lines[i].length + 1;
  const re = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`, 'g');
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(lines[line - 1]))) if (k++ === nth) return off + m.index;
  throw new Error(`${name} not found on line ${line}`);
}

// ---- the static scope model ------------------------------------------------------------------

describe('hoisting: scope model', () => {
  const refAt = (m: ScopeModel, line: number, col: number) => m.references.find((r) => r.start === m.offsetOf(line, col));

  it('resolves var/let/const/function/class/param/catch with their hoisting targets', () => {
    const src = [
      'function f(p) {', //           1
      '  if (p) { var v = 1; let l = 2; }', // 2
      '  try { g(); } catch (err) { return err; }', // 3
      '  function g() {}', // 4
      '  class K {}', // 5
      '  const c = 3;', // 6
      '  return v;', // 7
      '}',
    ].join('\n');
    const m = model(src);
    const byName = (n: string) => m.bindings.find((b) => b.name === n)!;
    assert.equal(byName('f').kind, 'function');
    assert.equal(byName('f').scope.kind, 'global');
    assert.equal(byName('p').kind, 'param');
    assert.equal(byName('v').kind, 'var');
    assert.equal(byName('v').scope.label, 'function f (line 1)', 'var in a block hoists to the function');
    assert.equal(byName('l').scope.kind, 'block');
    assert.equal(byName('l').initialState, 'uninitialized');
    assert.equal(byName('err').kind, 'catch');
    assert.equal(byName('err').scope.kind, 'catch');
    assert.equal(byName('g').initialState, 'function');
    assert.equal(byName('K').kind, 'class');
    assert.equal(byName('c').kind, 'const');
    assert.equal(refAt(m, 3, 8)!.binding, byName('g'));
    assert.equal(refAt(m, 3, 8)!.state, 'function');
    assert.equal(refAt(m, 7, 9)!.binding, byName('v'));
  });

  it('labels, property keys and member names are not references; shorthand {a} is', () => {
    const src = 'const a = 1;\nlab: for (;;) { break lab; }\nconst o = { a, b: a, c: 1 };\no.a; o["a"];\nclass C { a = 1; a2() {} }';
    const m = model(src);
    const names = m.references.filter((r) => r.resolution !== 'global').map((r) => `${r.name}@${m.pos(r.start).line}:${m.pos(r.start).column}`);
    assert.deepEqual(names, ['a@1:6', 'a@3:12', 'a@3:18', 'o@3:6', 'o@4:0', 'o@4:5', 'C@5:6']);
    assert.ok(!m.bindings.some((b) => b.name === 'lab'));
  });

  it('destructuring declares every name; defaults and computed keys are references', () => {
    const m = model('const k = "x";\nconst { a, b: [c, ...d], [k]: e = a, ...rest } = {};');
    assert.deepEqual(
      m.bindings.map((b) => b.name),
      ['k', 'a', 'c', 'd', 'e', 'rest']
    );
    const reads = m.references.filter((r) => r.isRead).map((r) => r.name);
    assert.deepEqual(reads.sort(), ['a', 'k']);
  });

  it('Annex B: a sloppy block function is block-scoped and also a function-level var; not in strict mode', () => {
    const sloppy = model('f;\n{ function f() {} }\nf;');
    const fs_ = sloppy.bindings.filter((b) => b.name === 'f');
    assert.deepEqual(fs_.map((b) => `${b.kind}/${b.scope.kind}`).sort(), ['function/block', 'var/global']);
    assert.equal(sloppy.references[0].state, 'undefined');
    assert.equal(sloppy.references[1].state, 'initialized');
    const strict = model('"use strict";\nf;\n{ function f() {} }');
    assert.equal(strict.bindings.filter((b) => b.name === 'f').length, 1);
    assert.equal(strict.references.find((r) => r.name === 'f')!.resolution, 'undeclared');
    const shadowed = model('let f = 1;\n{ function f() {} }');
    assert.equal(shadowed.bindings.filter((b) => b.name === 'f').length, 2, 'no Annex B var when a let is in the way');
  });

  it('class name inside the body, named function expression name, arguments', () => {
    const m = model('const F = function fact(n) { return n ? n * fact(n - 1) : arguments.length; };\nclass A { static make() { return new A(); } }\nconst arrow = () => arguments;');
    const fact = m.references.find((r) => r.name === 'fact')!;
    assert.equal(fact.binding!.implicit, 'fn-expr-name');
    assert.equal(fact.state, 'function');
    const args = m.references.filter((r) => r.name === 'arguments');
    assert.equal(args[0].resolution, 'arguments');
    assert.equal(args[1].resolution, 'undeclared', 'arrow functions have no own arguments (script top level has none)');
    const innerA = m.references.find((r) => r.name === 'A' && r.isRead)!;
    assert.equal(innerA.binding!.implicit, 'class-inner-name');
  });

  it('for-let gets a per-iteration head scope; for-var hoists; for-of iterable sees the loop let in TDZ', () => {
    const m = model('for (let i = 0; i < 2; i++) {}\nfor (var j = 0; j < 2; j++) {}\nfor (const x of [x]) {}');
    const i = m.bindings.find((b) => b.name === 'i')!;
    assert.equal(i.scope.kind, 'for');
    const j = m.bindings.find((b) => b.name === 'j')!;
    assert.equal(j.scope.kind, 'global');
    assert.ok(j.loopNode);
    const xRead = m.references.find((r) => r.name === 'x' && r.isRead)!;
    assert.equal(xRead.state, 'tdz');
  });

  it('parameters with defaults: each is in TDZ until its own default ran; simple params are not', () => {
    const m = model('function f(a = b, b = a) {}\nfunction g({ w, h = w }) {}\nfunction k(x, y) { return x + y; }');
    const st = m.references.filter((r) => r.isRead).map((r) => `${r.name}:${r.state}`);
    assert.deepEqual(st, ['b:tdz', 'a:initialized', 'w:initialized', 'x:initialized', 'y:initialized']);
  });

  it('switch has one block scope; catch parameter; imports in modules', () => {
    const m = model('import { x as y } from "m";\nswitch (y) { case 1: let z = 1; break; default: z; }\ntry {} catch ({ message }) { message; }', 'module');
    assert.equal(m.root.kind, 'module');
    assert.equal(m.bindings.find((b) => b.name === 'y')!.kind, 'import');
    assert.equal(m.bindings.find((b) => b.name === 'z')!.scope.kind, 'switch');
    assert.equal(m.bindings.find((b) => b.name === 'message')!.kind, 'catch');
  });

  it('reads inside functions are "deferred"; same-context reads before the declaration are TDZ / undefined', () => {
    const m = model('function f() { return L + V; }\nL; V;\nlet L = 1;\nvar V = 2;');
    assert.deepEqual(
      m.references.filter((r) => r.isRead && r.name !== 'f').map((r) => `${r.name}:${r.state}`),
      ['L:deferred', 'V:deferred', 'L:tdz', 'V:undefined']
    );
  });
});

// ---- golden static diagnostics per fixture ---------------------------------------------------

const STATIC_GOLDEN: Record<string, string[]> = {
  'tdz-read.js': ['tdz-read 3:14 warning', 'tdz-read 9:21 warning', 'tdz-read 18:2 warning', 'tdz-read 25:6 warning', 'tdz-read 30:20 warning'],
  'var-undefined-read.js': ['var-undefined-read 2:27 warning', 'var-undefined-read 6:30 warning', 'var-undefined-read 16:21 warning'],
  'call-before-assignment.js': ['call-before-assignment 7:2 warning', 'call-before-assignment 15:2 warning', 'call-before-assignment 22:2 warning'],
  'loop-closure-var.js': ['loop-closure-var 3:42 warning', 'loop-closure-var 10:28 warning'],
  'sequential-await.js': ['sequential-await 4:15 info'],
  'clean.js': [],
};

describe('hoisting: static diagnostics (golden)', () => {
  for (const [name, expected] of Object.entries(STATIC_GOLDEN)) {
    it(name, () => {
      const { source, program } = fixture(name);
      const r = analyzeHoisting({ program, source, observations: [] });
      assert.deepEqual(brief(r.diagnostics), expected);
      for (const d of r.diagnostics) {
        assert.equal(d.observed, false);
        assert.ok(d.message.length > 60, 'a message that teaches');
        if (d.code !== 'sequential-await') assert.ok(d.related && d.related.length >= 1, 'related points at the declaration');
      }
    });
  }

  it('messages name the fix', () => {
    const get = (name: string) => {
      const { source, program } = fixture(name);
      return analyzeHoisting({ program, source }).diagnostics;
    };
    const loop = get('loop-closure-var.js')[0];
    assert.match(loop.message, /`let`/);
    assert.match(loop.message, /3, 3, 3/);
    assert.deepEqual(loop.related!.map((r) => `${r.line}:${r.column}`), ['2:9']);
    const seq = get('sequential-await.js')[0];
    assert.match(seq.message, /Promise\.all\(\[sleep\(30, 'ada'\), sleep\(20, 'stats'\)\]\)/);
    assert.match(seq.message, /const \[user, stats\] = /);
    const tdz = get('tdz-read.js');
    assert.match(tdz[2].message, /calling `readLater\(\)` here runs line 15, which reads `later`/);
    assert.deepEqual(tdz[2].related!.map((r) => `${r.line}:${r.column}`), ['22:6', '15:9']);
    assert.match(tdz[1].message, /even `typeof` throws/);
    const call = get('call-before-assignment.js');
    assert.match(call[2].message, /block/);
  });

  it('functions run synchronously where they are written count as calls (IIFE, executor, forEach, static field)', () => {
    const src = ['(function () {', '  console.log(x);', '})();', 'new Promise((resolve) => resolve(y));', '[1].forEach(() => console.log(z));', 'let x = 1, y = 2, z = 3;', 'class A {', '  static s = helper();', '}', 'function helper() { return Q; }', 'const Q = 1;'].join('\n');
    const r = analyzeHoisting({ program: parse(src), source: src });
    assert.deepEqual(brief(r.diagnostics), ['tdz-read 1:1 warning', 'tdz-read 4:12 warning', 'tdz-read 5:12 warning', 'tdz-read 8:13 warning']);
  });

  it('no false alarms on ordinary patterns', () => {
    const ok = [
      'function a() { return b(); }\nfunction b() { return C; }\nconst C = 1;\na();',
      'setTimeout(() => console.log(later));\nlet later = 1;',
      'document.addEventListener("click", () => state.n++);\nconst state = { n: 0 };',
      'var last;\nfor (const v of [1, 2]) { if (last) console.log(last); last = v; }',
      'let r;\ntry { r = 1; } catch { r = 2; }\nconsole.log(r);',
      'var timer;\nfunction stop() { clearTimeout(timer); }\ntimer = setTimeout(stop, 10);',
      'for (var i = 0; i < 3; i++) { [i].map((x) => x + i); setTimeout(console.log.bind(null, i)); }',
      'for (var i = 0; i < 3; i++) { (function (j) { setTimeout(() => console.log(j)); })(i); }',
      'async function f(get) { await get(1); await get(2); }',
      'async function f(get) { const a = await get(1); const b = await get(a); return b; }',
      'async function f(get) { const a = await get(1); console.log(a); const b = await get(2); return b; }',
      'class A { m() { return B; } }\nclass B extends A {}\nnew B().m();',
      'const o = { f() { return g(); } };\nfunction g() { return o; }\no.f();',
      'function outer() { var v = 1; inner(); function inner() { return v; } }',
      'if (typeof window === "undefined") console.log("node");',
    ];
    for (const src of ok) {
      const r = analyzeHoisting({ program: parse(src), source: src });
      assert.deepEqual(brief(r.diagnostics), [], src);
    }
  });
});

// ---- joined with (hand-written) observations ------------------------------------------------

describe('hoisting: joined with observations', () => {
  it('tdz-read observed: replaces static ones, caught → warning, uncaught → error', () => {
    const { source, program } = fixture('tdz-read.js');
    const obs: Observation[] = [
      { kind: 'tdz-read', start: at(source, 3, 'early'), end: at(source, 3, 'early') + 5, name: 'early', declStart: at(source, 7, 'early'), step: 3 },
      { kind: 'tdz-read', start: at(source, 15, 'later'), end: at(source, 15, 'later') + 5, name: 'later', declStart: at(source, 22, 'later'), step: 12 },
      { kind: 'binding-write', declStart: at(source, 7, 'early'), name: 'early', step: 5, preview: "'ready'" },
      { kind: 'binding-write', declStart: at(source, 22, 'later'), name: 'later', step: 15, preview: '21' },
    ];
    const r = analyzeHoisting({ program, source, observations: obs, analysis: { tasks: [], console: [], steps: 60 } });
    assert.deepEqual(brief(r.diagnostics), [
      'tdz-read 3:14 warning observed',
      'tdz-read 9:21 warning',
      'tdz-read 15:9 warning observed',
      'tdz-read 25:6 warning',
      'tdz-read 30:20 warning',
    ]);
    const later = r.diagnostics[2];
    assert.match(later.message, /was read here while still in its temporal dead zone \(simulation step 12\)/);
    assert.match(later.message, /caught by the program/);
    assert.match(later.message, /call the function only after line 22/);
    assert.deepEqual(later.related!.map((x) => `${x.line}:${x.column}`), ['22:6']);
    const early = r.bindings.find((b) => b.name === 'early')!;
    assert.deepEqual(early.values, [{ step: 5, preview: "'ready'" }]);
    assert.ok(early.tdz);
    assert.equal(early.initialState, 'uninitialized');

    // Uncaught: the run's uncaught-error diagnostic on that line.
    const src2 = 'console.log(a);\nlet a = 1;';
    const u = analyzeHoisting({
      program: parse(src2),
      source: src2,
      observations: [{ kind: 'tdz-read', start: 12, end: 13, name: 'a', declStart: 20, step: 2 }],
      analysis: { tasks: [], console: [], steps: 2, stoppedBy: 'uncaught-error', diagnostics: [{ code: 'uncaught-error', severity: 'error', message: 'x', line: 1, column: 12, endLine: 1, endColumn: 13 }] },
    });
    assert.deepEqual(brief(u.diagnostics), ['tdz-read 1:12 error observed']);
    assert.match(u.diagnostics[0].message, /ended the program/);
  });

  it('no observation for a function called after initialisation → no warning (the simulation knows)', () => {
    const src = 'function show() { return cfg.name; }\nconst cfg = { name: "x" };\nconsole.log(show());';
    const r = analyzeHoisting({ program: parse(src), source: src, observations: [], analysis: { tasks: [], console: [], steps: 9 } });
    assert.deepEqual(r.diagnostics, []);
  });

  it('var-undefined-read and call-before-assignment observed', () => {
    const { source, program } = fixture('call-before-assignment.js');
    const obs: Observation[] = [
      { kind: 'call-before-assignment', start: at(source, 7, 'expressed'), end: at(source, 7, 'expressed') + 9, name: 'expressed', declStart: at(source, 11, 'expressed'), step: 4 },
      { kind: 'call-before-assignment', start: at(source, 22, 'inBlock'), end: at(source, 22, 'inBlock') + 7, name: 'inBlock', declStart: at(source, 27, 'inBlock'), step: 20 },
    ];
    const r = analyzeHoisting({ program, source, observations: obs, analysis: { tasks: [], console: [{ step: 30 } as any], steps: 40 } });
    assert.deepEqual(brief(r.diagnostics), ['call-before-assignment 7:2 warning observed', 'call-before-assignment 15:2 warning', 'call-before-assignment 22:2 warning observed']);
    assert.match(r.diagnostics[0].message, /TypeError: expressed is not a function \(caught by the program\)/);
    assert.match(r.diagnostics[0].message, /Use a function declaration/);

    const v = fixture('var-undefined-read.js');
    const vobs: Observation[] = [
      { kind: 'var-undefined-read', start: at(v.source, 2, 'greeting', 1), end: at(v.source, 2, 'greeting', 1) + 8, name: 'greeting', declStart: at(v.source, 3, 'greeting'), step: 2 },
      { kind: 'var-undefined-read', start: at(v.source, 14, 'limit'), end: at(v.source, 14, 'limit') + 5, name: 'limit', declStart: at(v.source, 17, 'limit'), step: 30 },
    ];
    const rv = analyzeHoisting({ program: v.program, source: v.source, observations: vobs, analysis: { tasks: [], console: [], steps: 50 } });
    assert.deepEqual(brief(rv.diagnostics), ['var-undefined-read 2:27 warning observed', 'var-undefined-read 6:30 warning', 'var-undefined-read 14:9 warning observed']);
    assert.match(rv.diagnostics[2].message, /its assignment on line 17 had not run yet/);
  });

  it('a var declared without initialiser read as undefined is ordinary code, even when observed', () => {
    const src = 'var t;\nif (t) clearTimeout(t);\nt = 1;';
    const r = analyzeHoisting({ program: parse(src), source: src, observations: [{ kind: 'var-undefined-read', start: 11, end: 12, name: 't', declStart: 4, step: 1 }] });
    assert.deepEqual(r.diagnostics, []);
  });

  it('loop-closure-var confirmed by captured-var-read in a later task; a later sync read is not', () => {
    const { source, program } = fixture('loop-closure-var.js');
    const iDecl = at(source, 2, 'i');
    const mDecl = at(source, 19, 'm');
    const tasks: TaskRecord[] = [
      { id: 1, kind: 'macrotask', source: 'setTimeout', line: 3, column: 2, label: 'setTimeout', enqueueStep: 5, enqueueTime: 0, startStep: 100, endStep: 110, startTime: 1, delay: 0 },
      { id: 2, kind: 'macrotask', source: 'setTimeout', line: 21, column: 0, label: 'setTimeout', enqueueStep: 60, enqueueTime: 0, startStep: 200, endStep: 230, startTime: 5, delay: 5 },
    ];
    const obs: Observation[] = [
      { kind: 'binding-write', declStart: iDecl, name: 'i', step: 2, preview: '0' },
      { kind: 'binding-write', declStart: mDecl, name: 'm', step: 40, preview: '0' },
      { kind: 'captured-var-read', start: at(source, 3, 'i', 1), end: at(source, 3, 'i', 1) + 1, name: 'i', declStart: iDecl, step: 101, taskId: 1 },
      { kind: 'captured-var-read', start: at(source, 20, 'm'), end: at(source, 20, 'm') + 1, name: 'm', declStart: mDecl, step: 201, taskId: 2 },
      // n: read by a forEach callback in the same task (the script) — not a loop-closure problem
      { kind: 'captured-var-read', start: at(source, 15, 'n'), end: at(source, 15, 'n') + 1, name: 'n', declStart: at(source, 14, 'n'), step: 30, taskId: 0 },
      { kind: 'binding-write', declStart: at(source, 14, 'n'), name: 'n', step: 28, preview: '0' },
    ];
    const r = analyzeHoisting({ program, source, observations: obs, analysis: { tasks, console: [], steps: 300 } });
    assert.deepEqual(brief(r.diagnostics), ['loop-closure-var 3:42 warning observed', 'loop-closure-var 10:28 warning', 'loop-closure-var 20:17 warning observed']);
    assert.match(r.diagnostics[0].message, /The simulation confirmed it/);
    assert.match(r.diagnostics[2].message, /a function created in this loop runs after the loop has finished/i);
  });

  it('sequential-await with virtual timing from the tasks', () => {
    const { source, program } = fixture('sequential-await.js');
    // Shaped like the simulator's records: a timer task's enqueueTime is its due time, `delay` its delay.
    // loadDashboard: sleep(30) armed at 0, runs at 30 → await (line 4) resumes at 30;
    // sleep(20) armed at 30, runs at 50 → await (line 5) resumes at 50.
    const tasks: TaskRecord[] = [
      { id: 1, kind: 'macrotask', source: 'setTimeout', line: 2, column: 50, label: 'setTimeout', enqueueStep: 40, enqueueTime: 30, startStep: 40, endStep: 44, startTime: 30, delay: 30 },
      { id: 2, kind: 'microtask', source: 'await', line: 4, column: 15, label: 'await', enqueueStep: 43, enqueueTime: 30, startStep: 45, endStep: 50, startTime: 30 },
      { id: 3, kind: 'macrotask', source: 'setTimeout', line: 2, column: 50, label: 'setTimeout', enqueueStep: 60, enqueueTime: 50, startStep: 60, endStep: 64, startTime: 50, delay: 20 },
      { id: 4, kind: 'microtask', source: 'await', line: 5, column: 16, label: 'await', enqueueStep: 63, enqueueTime: 50, startStep: 65, endStep: 70, startTime: 50 },
    ];
    const r = analyzeHoisting({ program, source, analysis: { tasks, console: [], steps: 80 } });
    assert.deepEqual(brief(r.diagnostics), ['sequential-await 4:15 info observed']);
    const m = r.diagnostics[0].message;
    assert.match(m, /`sleep\(30, 'ada'\)` took 30 ms, `sleep\(20, 'stats'\)` took 20 ms — 50 ms in sequence/);
    assert.match(m, /about 30 ms, saving about 20 ms/);
  });
});

// ---- hover ------------------------------------------------------------------------------------

describe('hoisting: hover', () => {
  const hover = (name: string, line: number, col: number, observations: Observation[] = []) => {
    const { source, program } = fixture(name);
    const r = analyzeHoisting({ program, source, observations });
    return hoverAt(r.model, r, line, col);
  };

  it('let in TDZ (exact text)', () => {
    assert.equal(
      hover('tdz-read.js', 3, 16),
      [
        '**`early`** — `let`, declared on line 7',
        'Hoisting: hoisted to the top of the script but uninitialised — in its temporal dead zone (TDZ) until line 7.',
        'Here (line 3): in TDZ until line 7 — reading it here throws ReferenceError.',
        "⚠ tdz-read: Possible TDZ error: Reading `early` here, before its declaration on line 7 has run, throws ReferenceError: Cannot access 'early' before initialization.",
      ].join('\n\n')
    );
  });

  it('var before assignment, function declaration, read inside a function, globals, undeclared, keywords', () => {
    assert.match(hover('var-undefined-read.js', 2, 27)!, /Here \(line 2\): hoisted, `undefined` until line 3\./);
    assert.match(hover('var-undefined-read.js', 2, 27)!, /hoisted to the top of the script, initialised to `undefined`; gets its value on line 3/);
    assert.match(hover('call-before-assignment.js', 2, 14)!, /Here \(line 2\): function, fully hoisted\./);
    assert.match(hover('call-before-assignment.js', 7, 4)!, /calling it here throws TypeError: expressed is not a function/);
    assert.match(hover('tdz-read.js', 15, 9)!, /read inside function `readLater` \(line 14\), which runs later: fine if it is called after line 22/);
    assert.match(hover('tdz-read.js', 3, 3)!, /global, provided by the runtime/);
    assert.match(hover('clean.js', 93, 27)!, /`typeof undefinedGlobalThing` is `"undefined"`/);
    assert.equal(hover('tdz-read.js', 16, 1), null);
    assert.equal(hover('tdz-read.js', 1, 5), null, 'comments are not identifiers');
  });

  it('a var loop variable read by a callback created in the loop', () => {
    const h = hover('loop-closure-var.js', 3, 42)!;
    assert.match(h, /\*\*`i`\*\* — `var`, declared on line 2/);
    assert.match(h, /sees the ONE `i` shared by all iterations, with its value at that time \(3 once the loop has ended\)/);
    assert.match(h, /⚠ loop-closure-var/);
    assert.match(hover('loop-closure-var.js', 6, 42)!, /Here \(line 6\): read inside the arrow function on line 6, which runs later: each loop iteration has its own `j`, so it sees the value of the iteration that created it/);
  });

  it('module imports, parameters, undeclared assignment', () => {
    const src = 'import { a } from "m";\nexport function f(p) { return a + p; }';
    const m = buildScopeModel(parse(src, 'module'), src);
    assert.match(hoverAt(m, null, 2, 30)!, /`import`, declared on line 1/);
    assert.match(hoverAt(m, null, 2, 34)!, /`parameter`, declared on line 2[\s\S]*holds the argument/);
    const s2 = 'total = 1;';
    assert.match(hoverAt(buildScopeModel(parse(s2), s2), null, 1, 1)!, /creates an implicit global `total`/);
  });

  it('values from binding-write observations, and what the simulation saw here', () => {
    const { source } = fixture('tdz-read.js');
    const obs: Observation[] = [
      { kind: 'tdz-read', start: at(source, 3, 'early'), end: at(source, 3, 'early') + 5, name: 'early', declStart: at(source, 7, 'early'), step: 3 },
      { kind: 'binding-write', declStart: at(source, 7, 'early'), name: 'early', step: 5, preview: "'ready'" },
    ];
    const h = hover('tdz-read.js', 3, 14, obs)!;
    assert.match(h, /Simulation: this access threw ReferenceError at step 3 \(TDZ\)\./);
    assert.match(h, /Values in the simulation: `'ready'` \(step 5\)\./);
    assert.match(h, /⚠ tdz-read \(observed\)/);
  });

  it('hover works with a rebuilt model and serialised bindings (CLI path)', () => {
    const { source, program } = fixture('tdz-read.js');
    const r = analyzeHoisting({ program, source, observations: [{ kind: 'binding-write', declStart: at(source, 22, 'later'), name: 'later', step: 15, preview: '21' }] });
    const json = JSON.parse(JSON.stringify({ bindings: r.bindings, diagnostics: r.diagnostics }));
    const h = hoverAt(buildScopeModel(parse(source), source), json, 22, 7)!;
    assert.match(h, /`const`, declared on line 22/);
    assert.match(h, /Here \(line 22\): initialised here \(line 22\); in TDZ before this point\./);
    assert.match(h, /`21` \(step 15\)/);
  });
});
