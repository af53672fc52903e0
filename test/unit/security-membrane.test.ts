// Layer 1, the membrane (src/engine/membrane.ts): no host object is ever observable by guest code, host
// control-flow signals are never catchable, the stack-trace hook and species paths are not the guest's,
// hidden slots are per kind, and guest errors show guest frames only. One `describe` per family of
// issue 8. Every program here also runs with the foreign-object detector on, which must find nothing.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { simulate, corpusDir, repoRoot, type RunResult } from '../helpers';
import type { AnalyzeOptions } from '../../src/engine/types';

/** Every program this file runs, for the detector sweep at the end. */
const programs: { name: string; source: string; options: AnalyzeOptions }[] = [];

function run(name: string, source: string, options: AnalyzeOptions = {}): RunResult {
  programs.push({ name, source, options });
  return simulate(source, { maxMillis: 3000, ...options });
}

// A guest prelude: `probe(label, ...values)` prints "HOST <label>" for any value whose prototype chain
// does not end at the guest's own Object.prototype (null-prototype objects are the guest's own).
const PRELUDE = `
  const chainEnd = (x) => { let p = x, last = x; while ((p = Object.getPrototypeOf(p)) !== null) last = p; return last; };
  const isObj = (x) => x !== null && (typeof x === 'object' || typeof x === 'function');
  const probe = (label, ...xs) => { for (const x of xs) if (isObj(x) && Object.getPrototypeOf(x) !== null && chainEnd(x) !== Object.prototype) console.log('HOST ' + label); };
  const trap = (label, ret = 1) => new Proxy(function () {}, {
    apply(t, self, args) { probe(label + ' args', args, self); for (const a of args) probe(label + ' arg', a); return typeof ret === 'function' ? ret(...args) : ret; },
    construct(t, args, nt) { probe(label + ' construct args', args, nt); return {}; },
  });
  const definer = (label) => new Proxy({}, { defineProperty(t, k, d) { probe(label + ' descriptor', d); return Reflect.defineProperty(t, k, d); } });
`;

function hostLines(r: RunResult): string[] {
  return [...new Set((r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('HOST ')))];
}

describe('membrane — family 1: a guest Proxy trap gets realm argument lists and descriptors', () => {
  it('apply/construct traps called by the event loop, built-ins and promise jobs get realm arrays', () => {
    const r = run(
      'callbacks',
      `${PRELUDE}
      setTimeout(trap('setTimeout'), 1, 'a', {});
      const iv = setInterval(trap('setInterval'), 1, 'b'); setTimeout(() => clearInterval(iv), 3);
      setImmediate(trap('setImmediate'), 'c');
      queueMicrotask(trap('queueMicrotask'));
      process.nextTick(trap('nextTick'), 1, 2);
      Promise.resolve(1).then(trap('then'));
      Promise.reject(1).catch(trap('catch'));
      Promise.resolve(1).finally(trap('finally'));
      const E = require('events'); const e = new E(); e.on('x', trap('listener')); e.emit('x', 1, {});
      [3, 1, 2].sort(trap('comparator', () => 0)); [1].map(trap('map')); JSON.parse('{"a":1}', trap('reviver', (k, v) => v));
      Reflect.apply(trap('Reflect.apply'), null, [1]); trap('call').call(null, 1); new (trap('new'))(1); Reflect.construct(trap('Reflect.construct'), [1]);
      require('util').promisify(trap('promisified'))(1);
      process.on('exit', trap('exit listener'));
      console.log('done');`,
    );
    assert.deepEqual(hostLines(r), []);
    assert.match(r.stdout, /done/);
  });

  it('host operators reaching a guest proxy (ToPrimitive, getters, instanceof, iteration, await, console, fetch) hand it realm values', () => {
    const r = run(
      'operators',
      `${PRELUDE}
      const prim = { [Symbol.toPrimitive]: trap('toPrimitive', () => 7) };
      \`\${prim}\`; prim + 1; prim == 1; String(prim); Number(prim);
      ({ valueOf: trap('valueOf', () => 2) }) * 2;
      ({ toString: trap('toString', () => 'x') }) + '';
      const o = {}; Object.defineProperty(o, 'g', { get: trap('getter') }); o.g;
      ({}) instanceof { [Symbol.hasInstance]: trap('hasInstance') };
      try { for (const v of { [Symbol.iterator]: trap('iterator') }); } catch (e) {}
      try { [...{ [Symbol.iterator]: trap('spread') }]; } catch (e) {}
      (async () => { await { then: trap('thenable') }; })();
      Promise.resolve({ then: trap('resolve thenable') });
      console.log('%s %d %i %f %j', { toString: trap('%s', () => 's') }, { valueOf: trap('%d', () => 1) }, { valueOf: trap('%i', () => 1) }, { valueOf: trap('%f', () => 1) }, { toJSON: trap('%j', () => 1) });
      fetch({ toString: trap('fetch url', () => 'u') });
      console.log('done');`,
    );
    assert.deepEqual(hostLines(r), []);
    assert.match(r.stdout, /done/);
  });

  it('defineProperty traps get realm descriptors (assignment, class fields, Error.captureStackTrace, Object.assign)', () => {
    const r = run(
      'descriptors',
      `${PRELUDE}
      const a = definer('assignment'); a.x = 1;
      const b = definer('defineProperty'); Object.defineProperty(b, 'y', { value: 1, configurable: true });
      class Base { constructor() { return definer('class field'); } }
      class Derived extends Base { field = 1; }
      new Derived();
      Error.captureStackTrace(definer('captureStackTrace'));
      Object.assign(definer('Object.assign'), { z: 1 });
      console.log('done');`,
    );
    assert.deepEqual(hostLines(r), []);
    assert.match(r.stdout, /done/);
  });

  it('the guest reads the realm Function everywhere (no host Function compiles strings)', () => {
    // The guest's Function interprets its text (fromStrings.ts): reaching it is fine, reaching the host's is not.
    const r = run(
      'host function',
      `const p = new Proxy(function () {}, { apply(t, s, args) { const F = args.constructor.constructor; console.log(F === Function && F('return this')() === globalThis ? 'guest Function' : 'HOST Function'); } });
      setTimeout(p, 0, 1);`,
    );
    assert.equal(r.stdout, 'guest Function\n');
  });

  it('Proxy still looks and behaves like the native one', () => {
    const r = run(
      'native proxy',
      `console.log(typeof Proxy, Proxy.name, Proxy.length, Proxy.prototype, Object.getOwnPropertyNames(Proxy).sort().join());
      try { Proxy({}, {}); } catch (e) { console.log(e.constructor === TypeError, e.message); }
      try { new Proxy(1, {}); } catch (e) { console.log(e.message); }
      try { new Proxy({}, { get: 1 }).x; } catch (e) { console.log(e.message); }
      const h = {}; const p = new Proxy({ a: 1 }, h); console.log(p.a); h.get = () => 42; console.log(p.a);
      console.log(typeof new Proxy(function () {}, {}), typeof new Proxy({}, {}), new Proxy([1, 2], {}), new Proxy({ k: 'v' }, {}));
      const { proxy, revoke } = Proxy.revocable({}, { get: () => 5 }); console.log(proxy.q); revoke();
      try { proxy.q; } catch (e) { console.log(e.message); }
      console.log(Array.isArray(new Proxy([], {})), Object.keys(new Proxy({ a: 1, b: 2 }, {})).join());`,
    );
    assert.equal(
      r.stdout,
      [
        'function Proxy 2 undefined length,name,revocable',
        "true Constructor Proxy requires 'new'",
        'Cannot create proxy with a non-object as target or handler',
        "'1' returned for property 'get' of object '#<Object>' is not a function",
        '1',
        '42',
        "function object [ 1, 2 ] { k: 'v' }",
        '5',
        "Cannot perform 'get' on a proxy that has been revoked",
        'true a,b',
        '',
      ].join('\n'),
    );
  });

  it("the interpreter's own proxies (async functions, generators) do not take traps from a polluted Object.prototype", () => {
    const r = run(
      'polluted handler',
      `${PRELUDE}
      Object.prototype.defineProperty = function (t, k, d) { probe('inherited defineProperty trap', d); return Reflect.defineProperty(t, k, d); };
      Object.prototype.get = function (t, k, r) { console.log('HOST inherited get trap'); return Reflect.get(t, k, r); };
      async function af(a, b, c, d, e, f, g, h) {} function* gen() {} async function* agen() {}
      af.x = 1; gen.y = 2; agen.z = 3; af.length; gen.name;
      delete Object.prototype.defineProperty; delete Object.prototype.get;
      console.log(af.length, Object.keys(af).join());`,
    );
    assert.deepEqual(hostLines(r), []);
    assert.equal(r.stdout, '8 x\n');
  });

  it('structuredClone returns realm objects only', () => {
    const r = run(
      'structuredClone',
      `${PRELUDE}
      const c = structuredClone({ a: [1, { b: 2 }], m: new Map([[1, { c: 3 }]]), s: new Set([{}]), d: new Date(0), r: /x/g, e: new TypeError('t') });
      probe('clone', c, c.a, c.a[1], c.m, c.m.get(1), c.s, [...c.s][0], c.d, c.r, c.e);
      console.log(c.a[1].b, c.m.get(1).c, c.e instanceof TypeError, c.d instanceof Date);`,
    );
    assert.deepEqual(hostLines(r), []);
    assert.equal(r.stdout, '2 3 true true\n');
  });

  it("structuredClone runs none of the guest's patched setters, iterators or methods (as the real one)", () => {
    const r = run(
      'structuredClone patched',
      `const src = { a: [1, 2], m: new Map([[1, 2]]), s: new Set([3]), d: new Date(0) };
Object.defineProperty(Array.prototype, '0', { set(v) { console.log('SETTER RAN'); }, configurable: true });
Object.defineProperty(Object.prototype, 'a', { set(v) { console.log('SETTER RAN'); }, configurable: true });
const mi = Object.getPrototypeOf(new Map().entries()); const oldNext = mi.next; mi.next = function () { console.log('NEXT RAN'); return oldNext.call(this); };
Map.prototype[Symbol.iterator] = function* () { console.log('ITER RAN'); };
const oldSet = Map.prototype.set; Map.prototype.set = function () { console.log('SET RAN'); };
const oldAdd = Set.prototype.add; Set.prototype.add = function () { console.log('ADD RAN'); };
const oldGetTime = Date.prototype.getTime; Date.prototype.getTime = () => 5;
const c = structuredClone(src);
delete Array.prototype[0]; delete Object.prototype.a; mi.next = oldNext; Map.prototype.set = oldSet; Set.prototype.add = oldAdd; Date.prototype.getTime = oldGetTime;
console.log(c.a, c.m.get(1), c.s.has(3), c.d.toISOString());`,
    );
    assert.equal(r.stdout, '[ 1, 2 ] 2 true 1970-01-01T00:00:00.000Z\n');
  });

  it('the detector sees a host object that reaches guest code (it can fail)', () => {
    const hostObject = { secret: 1 };
    const r = simulate(`console.log(typeof __hostLeak);`, { testOnlyHostLeak: hostObject, detectForeignObjects: true });
    assert.ok(Array.isArray(r.analysis.foreignObjects), 'the analysis reports foreignObjects when detecting');
    assert.ok(r.analysis.foreignObjects!.length > 0, 'a host object reachable from the guest global is reported');
    const clean = simulate(`console.log(1)`, { detectForeignObjects: true });
    assert.deepEqual(clean.analysis.foreignObjects, []);
    assert.equal(simulate(`console.log(1)`).analysis.foreignObjects, undefined, 'off by default');
  });
});

describe('membrane — family 2: host signals are not catchable and run no guest finally', () => {
  const cases: Record<string, string> = {
    'try/catch/finally': `try { process.exit(3); } catch (e) { console.log('CAUGHT', e); } finally { console.log('FINALLY'); }`,
    'promise executor': `new Promise(() => { process.exit(3); }); console.log('AFTER');`,
    'async function': `(async () => { try { process.exit(3); } catch (e) { console.log('CAUGHT'); } finally { console.log('FINALLY'); } })(); console.log('AFTER');`,
    'then handler': `Promise.resolve().then(() => { process.exit(3); }).catch(() => console.log('CAUGHT')).finally(() => console.log('FINALLY'));`,
    generator: `function* g() { try { process.exit(3); yield 1; } catch (e) { console.log('CAUGHT'); } finally { console.log('FINALLY'); } } try { g().next(); } catch (e) { console.log('CAUGHT outside'); }`,
    'generator return()': `function* g() { try { yield 1; } finally { process.exit(3); } } const it = g(); it.next(); try { it.return(); } catch (e) { console.log('CAUGHT'); } finally { console.log('FINALLY'); }`,
    'for-of iterator close': `const it = { [Symbol.iterator]() { return { next: () => ({ value: 1 }), return() { console.log('FINALLY return'); return {}; } }; } }; for (const x of it) { process.exit(3); }`,
    'EventEmitter listener': `const E = require('events'); const e = new E(); e.on('x', () => process.exit(3)); try { e.emit('x'); } catch (er) { console.log('CAUGHT'); } finally { console.log('FINALLY'); }`,
    'util.promisify': `const f = require('util').promisify((cb) => process.exit(3)); f().catch(() => console.log('CAUGHT'));`,
    'getter in a catch': `try { throw { get message() { process.exit(3); } }; } catch (e) { try { e.message; } catch (e2) { console.log('CAUGHT'); } finally { console.log('FINALLY'); } }`,
  };
  for (const [name, body] of Object.entries(cases)) {
    it(`process.exit() in ${name}`, () => {
      const r = run(`exit ${name}`, body + `\nprocess.on('exit', (c) => console.log('exit listener', c));`);
      assert.equal(r.exitCode, 3, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /CAUGHT|FINALLY|AFTER/);
      assert.doesNotMatch(r.stderr, /CAUGHT|FINALLY|AFTER/);
    });
  }

  it("'exit' listeners still run after process.exit(), as in Node", () => {
    const r = run('exit listeners', `process.on('exit', (c) => console.log('exit', c)); try { process.exit(4); } finally { console.log('FINALLY'); }`);
    assert.equal(r.stdout, 'exit 4\n');
    assert.equal(r.exitCode, 4);
  });

  it('a spent budget is sticky: a host catch on the way (the stack getter) does not let the guest go on', () => {
    const r = run(
      'sticky abort',
      `const e = new Error('x'); Object.defineProperty(e, 'name', { get() { for (;;); } });
      try { e.stack; } catch (err) { console.log('CAUGHT'); } finally { console.log('FINALLY'); }
      console.log('SURVIVED');`,
      { maxMillis: 300, maxSteps: 1e10 },
    );
    assert.equal(r.analysis.stoppedBy, 'time-budget');
    assert.equal(r.stdout, '');
  });

  it('a budget abort raised with the host stack nearly full is not turned into a catchable RangeError', function () {
    this.timeout(20000);
    const started = Date.now();
    const r = run('abort near stack limit', `function f() { try { f(); } catch (e) { for (let i = 0; i < 3000; i++); f(); } }\nfor (;;) { try { f(); } catch (e) {} }`, { maxMillis: 1000, maxSteps: 1e10, maxCallDepth: 1e6 });
    const took = Date.now() - started;
    assert.equal(r.analysis.stoppedBy, 'time-budget');
    assert.ok(took < 6000, `took ${took} ms against a 1 s budget`);
  });
});

describe('membrane — family 3: the stack-trace hook is never the guest\'s', () => {
  it('a rebound globalThis.Error.prepareStackTrace is never read or called, and no CallSite reaches the guest', () => {
    const r = run(
      'prepareStackTrace',
      `const RealError = Error; let read = 0, called = 0;
      globalThis.Error = { get prepareStackTrace() { read++; return (e, sites) => { called++; globalThis.sites = sites; return 'HOOKED'; }; } };
      const stacks = [];
      try { null.x; } catch (e) { stacks.push(e.stack); }
      try { JSON.parse('{'); } catch (e) { stacks.push(e.stack); }
      try { 'x'.repeat(2 ** 29); } catch (e) { stacks.push(e.stack); }
      try { new Array(-1); } catch (e) { stacks.push(e.stack); }
      stacks.push(new RealError('a').stack, new TypeError('b').stack);
      const o = {}; RealError.captureStackTrace(o); stacks.push(o.stack);
      console.log(read, called, typeof globalThis.sites, stacks.every((s) => typeof s === 'string' && !s.includes('HOOKED')));`,
    );
    assert.equal(r.stdout, '0 0 undefined true\n');
  });

  it('Error.stackTraceLimit reads 10, can be set, and limits guest stacks', () => {
    const r = run(
      'stackTraceLimit',
      `console.log(Error.stackTraceLimit);
      function a() { b(); } function b() { c(); } function c() { throw new Error('deep'); }
      Error.stackTraceLimit = 2; try { a(); } catch (e) { console.log(e.stack.split('\\n').length); }
      Error.stackTraceLimit = 10; try { a(); } catch (e) { console.log(e.stack.split('\\n').length >= 5); }`,
    );
    assert.equal(r.stdout, '10\n3\ntrue\n');
  });
});

describe('membrane — family 4: no guest code runs after analyze() returns', () => {
  it('a promise rejected later with a guest species: marking it handled runs no guest code, then or later', async () => {
    const r = run(
      'species after',
      `const p = new Promise((res, rej) => setTimeout(rej, 1, new Error('x')));
      p.constructor = { [Symbol.species]: function (exec) { console.log('species ran'); exec(() => console.log('resolve ran'), () => {}); } };
      const q = new Promise((res, rej) => setTimeout(rej, 1, 1));
      Object.defineProperty(q, 'constructor', { get() { console.log('constructor getter ran'); return Promise; } });
      console.log('end');`,
    );
    const before = r.analysis.console.length;
    await new Promise((res) => setImmediate(res));
    await new Promise((res) => setTimeout(res, 10));
    assert.equal(r.analysis.console.length, before, 'no console event after analyze() returned');
    assert.equal(r.stdout, 'end\n', 'Node never consults them either');
    assert.equal(r.exitCode, 1);
  });
});

describe('membrane — host code runs no guest code on its own behalf', () => {
  for (const trace of [false, true]) {
    it(`value previews (observations${trace ? ', trace' : ''}) call no guest getter and render no error header early`, () => {
      const r = run(
        `previews ${trace}`,
        `const o = { get [Symbol.toStringTag]() { console.log('TAG READ'); return 'T'; } };
        const p = new Proxy({}, { getPrototypeOf() { console.log('TRAP RAN'); return null; }, get() { console.log('TRAP RAN'); } });
        const e = new Error('x'); let n = 0; Object.defineProperty(e, 'name', { get() { n++; return 'N'; } });
        const e2 = e; let e3 = e; e3 = e2;
        console.log(n, e.stack.split('\\n')[0]);`,
        { trace },
      );
      assert.equal(r.stdout, '0 N: x\n');
    });
  }
  it('objects the interpreter makes for the guest (array literals, rest arrays, iterator results, allSettled records) run no guest push or setter', () => {
    const r = run(
      'data properties',
      `const push = Array.prototype.push; Array.prototype.push = function () { console.log('PUSH RAN'); };
for (const k of ['0', 'done', 'status', 'reason', 'value']) Object.defineProperty(Object.prototype, k, { set(v) { console.log('SETTER RAN', k); }, configurable: true });
function* g() { yield 1; }
const r = g().next(), a = [1, 2], b = [...'ab', , 3], c = ((...xs) => xs)(4, 5);
Promise.allSettled([1, Promise.reject(2)]).then((rs) => { for (const k of ['0', 'done', 'status', 'reason', 'value']) delete Object.prototype[k]; Array.prototype.push = push; console.log(r, rs, a, b, c); });`,
    );
    assert.equal(r.stdout, "{ value: 1, done: false } [\n  { status: 'fulfilled', value: 1 },\n  { status: 'rejected', reason: 2 }\n] [ 1, 2 ] [ 'a', 'b', <1 empty item>, 3 ] [ 4, 5 ]\n");
  });
});

describe('membrane — family 5: each kind of built-in object keeps its own hidden slot', () => {
  it('EventEmitter methods on a promise, a timer, an immediate and generators add listeners as in Node and break nothing', () => {
    const r = run(
      'slots',
      `const E = require('events'); let ok = 0;
      const p = Promise.resolve(7); E.prototype.on.call(p, 'x', () => console.log('promise emitted')); E.prototype.emit.call(p, 'x'); p.then((v) => { if (v === 7) ok++; });
      const t = setTimeout(() => console.log('CLEARED TIMER RAN'), 10); E.prototype.on.call(t, 'x', () => {}); clearTimeout(t);
      const i = setInterval(() => console.log('CLEARED INTERVAL RAN'), 1); E.prototype.on.call(i, 'x', () => {}); clearInterval(i);
      const im = setImmediate(() => console.log('CLEARED IMMEDIATE RAN')); E.prototype.on.call(im, 'x', () => {}); clearImmediate(im);
      function* g() { yield 1; } const it = g(); E.prototype.on.call(it, 'y', () => {}); if (it.next().value === 1) ok++;
      async function* ag() { yield 1; } const a = ag(); E.prototype.on.call(a, 'q', () => {}); a.next().then((r) => { if (r.value === 1) ok++; });
      setTimeout(() => console.log(ok), 20);`,
    );
    assert.equal(r.stdout, 'promise emitted\n3\n');
    assert.equal(r.stderr, '');
  });

  it('generator methods on the wrong receiver throw the TypeError Node throws, without touching it', () => {
    const r = run(
      'wrong receiver',
      `function* g() { yield 1; } const next = g().next; const p = Promise.resolve(2);
      try { next.call(p); } catch (e) { console.log(e.constructor.name, e.message); }
      p.then((v) => console.log('promise still', v));`,
    );
    assert.equal(r.stdout, 'TypeError Method [Generator].prototype.next called on incompatible receiver #<Promise>\npromise still 2\n');
  });
});

describe('membrane — family 7: guest errors show guest frames only, as V8 prints them', () => {
  const HOST_FRAME = /dist\/|node:internal|\.ts:\d|src\/engine|<anonymous>\)/;
  it('uncaught infinite recursion prints the guest frames', () => {
    const r = run('recursion', `function f(n) { return f(n + 1) + 1; }\nf(0);`, { fileName: '/abs/file.js' });
    assert.doesNotMatch(r.stderr, HOST_FRAME);
    assert.match(r.stderr, /RangeError: Maximum call stack size exceeded\n {4}at f \(\/abs\/file\.js:1:\d+\)/);
  });

  it('errors raised by realm natives and by the interpreter carry guest frames in e.stack', () => {
    const r = run(
      'error kinds',
      `function check(f) { try { f(); } catch (e) { const lines = String(e.stack).split('\\n'); console.log(lines[0], lines.slice(1).every((l) => /^ {4}at (\\S+ \\()?\\/abs\\/file\\.js:\\d+:\\d+\\)?$/.test(l)) && lines.length > 1); } }
      function inner() { 'x'.repeat(2 ** 29); } check(() => inner());
      check(() => JSON.parse('{'));
      check(() => new Array(-1));
      check(() => [].reduce((a) => a));
      check(() => null.x);
      check(() => undefinedName);
      check(() => { const c = 1; c = 2; });
      check(() => (void 0)());
      check(() => { class A {} A(); });
      check(() => 1n + 1);
      check(() => Symbol() + '');
      check(() => new Function('return 1'));
      check(() => { function r() { r(); } r(); });`,
      { fileName: '/abs/file.js' },
    );
    assert.doesNotMatch(r.stdout, HOST_FRAME);
    for (const line of r.stdout.trim().split('\n')) assert.match(line, / true$/, line);
  });
});

describe('membrane — the foreign-object detector over every program', () => {
  const dirs = [path.join(corpusDir, 'programs'), path.join(repoRoot, 'test', 'fixtures'), path.join(repoRoot, 'test', 'redteam')];
  const files = dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => /\.m?js$/.test(f)).map((f) => path.join(d, f)) : []));
  it('the corpus, the semantics fixtures and the red-team probes are present', () => assert.ok(files.length >= 100, `${files.length} files`));
  it('no foreign object in the corpus, the fixtures and the red-team probes', function () {
    this.timeout(300000);
    const found: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      if (source.includes('@redteam cli-only')) continue;
      const r = simulate(source, { fileName: file, detectForeignObjects: true, maxMillis: 3000 });
      for (const f of r.analysis.foreignObjects ?? ['detector off']) found.push(`${path.basename(file)}: ${JSON.stringify(f)}`);
    }
    assert.deepEqual(found, []);
  });
  it('no foreign object in any program of this file and of security.test.ts', () => {
    const found: string[] = [];
    for (const p of programs) {
      const r = simulate(p.source, { maxMillis: 3000, ...p.options, detectForeignObjects: true });
      for (const f of r.analysis.foreignObjects ?? ['detector off']) found.push(`${p.name}: ${JSON.stringify(f)}`);
    }
    assert.ok(programs.length > 20);
    assert.deepEqual(found, []);
  });
});
