// One program per semantic rule, each checked against real Node (ground truth): the simulator's
// stdout and exit code must equal what `node` prints for the same program.
import { strict as assert } from 'assert';
import { describeAgainstNode, runNode, simulate } from '../helpers';

const cases: Record<string, string> = {
  // ---- promise jobs (ECMA-262 §27.2) ----
  'then chains interleave tick by tick': `
    Promise.resolve().then(() => console.log('a1')).then(() => console.log('a2')).then(() => console.log('a3'));
    Promise.resolve().then(() => console.log('b1')).then(() => console.log('b2')).then(() => console.log('b3'));`,
  'resolving with a native promise costs two extra ticks': `
    const p = Promise.resolve(1);
    new Promise((r) => r(p)).then(() => console.log('adopted'));
    Promise.resolve().then(() => console.log('t1')).then(() => console.log('t2')).then(() => console.log('t3')).then(() => console.log('t4'));`,
  'resolving with a thenable runs its then in a job': `
    const thenable = { then(res) { console.log('then called'); res('v'); } };
    Promise.resolve(thenable).then((v) => console.log('got', v));
    Promise.resolve().then(() => console.log('p1')).then(() => console.log('p2')).then(() => console.log('p3'));
    console.log('sync');`,
  'a then handler returning a promise': `
    Promise.resolve().then(() => { console.log('x'); return Promise.resolve('r'); }).then((v) => console.log('got', v));
    Promise.resolve().then(() => console.log('1')).then(() => console.log('2')).then(() => console.log('3')).then(() => console.log('4')).then(() => console.log('5'));`,
  'finally passes values and rejections through, with its extra ticks': `
    Promise.resolve(1).finally(() => console.log('f1')).then((v) => console.log('v', v));
    Promise.reject(new Error('e')).finally(() => console.log('f2')).catch((e) => console.log('caught', e.message));
    Promise.resolve().then(() => console.log('1')).then(() => console.log('2')).then(() => console.log('3')).then(() => console.log('4'));`,
  'executor runs synchronously and throws reject': `
    const p = new Promise((res, rej) => { console.log('executor'); throw new Error('in executor'); });
    p.catch((e) => console.log('caught', e.message));
    console.log('after');`,
  'resolve only once': `
    new Promise((res, rej) => { res(1); res(2); rej(3); }).then((v) => console.log(v));`,
  'combinators: all, allSettled, race, any': `
    Promise.all([1, Promise.resolve(2), new Promise((r) => setTimeout(() => r(3), 10))]).then((v) => console.log('all', v));
    Promise.allSettled([Promise.reject(new Error('no')), 5]).then((r) => console.log(r.map((x) => x.status)));
    Promise.race([new Promise((r) => setTimeout(() => r('slow'), 30)), new Promise((r) => setTimeout(() => r('fast'), 5))]).then((v) => console.log('race', v));
    Promise.any([Promise.reject(1), Promise.reject(2)]).catch((e) => console.log(e.constructor.name, e.errors, e.message));
    Promise.all([]).then((v) => console.log('empty', v));`,
  'then with non-function arguments passes through': `
    Promise.resolve(7).then(null).then(undefined, 5).then((v) => console.log('v', v));
    Promise.reject(8).then(() => 0).catch((e) => console.log('e', e));`,
  'chaining cycle': `
    const p = Promise.resolve().then(() => p);
    p.catch((e) => console.log(e.constructor.name, e.message));`,
  'Promise.resolve returns the same promise': `
    const p = Promise.resolve(1);
    console.log(Promise.resolve(p) === p, new Promise((r) => r(p)) === p);`,
  'subclassed promises': `
    class MyP extends Promise {}
    const p = MyP.resolve(1).then((v) => v + 1);
    console.log(p instanceof MyP, p instanceof Promise);
    p.then((v) => console.log('v', v));`,
  // ---- async / await ----
  'await of a value costs one tick': `
    (async () => { console.log('a'); await 1; console.log('b'); await null; console.log('c'); })();
    Promise.resolve().then(() => console.log('1')).then(() => console.log('2')).then(() => console.log('3'));
    console.log('sync');`,
  'async function returning a promise takes extra ticks': `
    async function f() { return Promise.resolve('f'); }
    async function g() { return 'g'; }
    f().then((v) => console.log(v));
    g().then((v) => console.log(v));
    Promise.resolve().then(() => console.log('1')).then(() => console.log('2')).then(() => console.log('3')).then(() => console.log('4'));`,
  'await a thenable': `
    (async () => { const v = await { then(r) { console.log('then'); r(42); } }; console.log('v', v); })();
    Promise.resolve().then(() => console.log('1')).then(() => console.log('2')).then(() => console.log('3'));`,
  'async1/async2 interview question': `
    async function async1() { console.log('async1 start'); await async2(); console.log('async1 end'); }
    async function async2() { console.log('async2'); }
    console.log('script start');
    setTimeout(function () { console.log('setTimeout'); }, 0);
    async1();
    new Promise(function (resolve) { console.log('promise1'); resolve(); }).then(function () { console.log('promise2'); });
    console.log('script end');`,
  'try/catch/finally around await': `
    async function f() { try { await Promise.reject(new Error('x')); } catch (e) { console.log('caught', e.message); return 'r'; } finally { console.log('finally'); } }
    f().then((v) => console.log('then', v));`,
  'throw before the first await rejects': `
    async function f() { console.log('start'); throw new Error('early'); }
    const p = f();
    console.log('after call');
    p.catch((e) => console.log('caught', e.message));`,
  'await in loops with timers': `
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    (async () => { for (let i = 0; i < 3; i++) { await sleep(10); console.log('tick', i); } })();
    setTimeout(() => console.log('at 15'), 15);`,
  'async methods and arrows keep this': `
    class A { constructor() { this.n = 'A'; } async m() { await 0; return this.n; } }
    new A().m().then((v) => console.log(v));
    const o = { n: 'o', f() { return (async () => { await 0; return this.n; })(); } };
    o.f().then((v) => console.log(v));`,
  'for await over an async generator': `
    async function* gen() { yield 1; await null; yield 2; }
    (async () => { for await (const v of gen()) console.log('v', v); console.log('done'); })();
    Promise.resolve().then(() => console.log('p1')).then(() => console.log('p2')).then(() => console.log('p3')).then(() => console.log('p4'));`,
  'for await over a sync iterable: two jobs per value (async-from-sync iterator)': `
    (async () => { for await (const v of [1, Promise.resolve(2), 3]) console.log('v', v); console.log('done'); })();
    Promise.resolve().then(() => console.log('p1')).then(() => console.log('p2')).then(() => console.log('p3')).then(() => console.log('p4')).then(() => console.log('p5')).then(() => console.log('p6')).then(() => console.log('p7'));`,
  'async generators: completion, return(), break in for await, each tick': `
    async function* g1() { console.log('g start'); yield 'a'; yield Promise.resolve('b'); console.log('after b'); }
    async function* g() { yield 1; return Promise.resolve('r'); }
    async function* h() { try { yield 1; yield 2; } finally { console.log('h finally'); } }
    (async () => { for await (const x of g1()) console.log('got', x); console.log('done'); })();
    (async () => { const it = g(); console.log(await it.next(), await it.next(), await it.next()); })();
    (async () => { for await (const x of h()) { console.log('h', x); break; } console.log('after break'); })();
    (async () => { const it = h(); await it.next(); console.log(await it.return('early'), await it.next()); })();
    let i = 0; (function tick() { if (i++ < 20) Promise.resolve().then(() => { console.log('tick', i); tick(); }); })();`,
  // ---- Node queues ----
  'nextTick before promise jobs after the script': `
    Promise.resolve().then(() => console.log('promise'));
    process.nextTick(() => console.log('tick'));
    queueMicrotask(() => console.log('microtask'));
    console.log('sync');`,
  'nextTick inside a promise job waits for the microtask queue': `
    Promise.resolve().then(() => { console.log('p1'); process.nextTick(() => console.log('tick from p1')); }).then(() => console.log('p2'));
    Promise.resolve().then(() => console.log('q1')).then(() => console.log('q2')).then(() => console.log('q3'));`,
  'setImmediate runs before timers when scheduled in a timer': `
    setTimeout(() => {
      setTimeout(() => console.log('timeout'), 0);
      setImmediate(() => console.log('immediate'));
      process.nextTick(() => console.log('tick'));
    }, 0);`,
  'timers: order by due time then creation, nested timers, intervals': `
    setTimeout(() => console.log('100'), 100);
    setTimeout(() => console.log('0a'), 0);
    setTimeout(() => console.log('1'), 1);
    setTimeout(() => console.log('0b'), 0);
    let n = 0;
    const id = setInterval(() => { console.log('interval', ++n); if (n === 3) clearInterval(id); }, 40);
    setTimeout(() => { console.log('outer'); setTimeout(() => console.log('inner'), 0); }, 20);`,
  'microtasks between timers': `
    setTimeout(() => { console.log('t1'); Promise.resolve().then(() => console.log('p after t1')); }, 0);
    setTimeout(() => console.log('t2'), 0);`,
  'clearTimeout before it fires': `
    const t = setTimeout(() => console.log('never'), 5);
    setTimeout(() => console.log('cleared? yes'), 10);
    clearTimeout(t);`,
  'unref timers do not keep the process alive': `
    setTimeout(() => console.log('x'), 50).unref(); setTimeout(() => console.log('ref'), 10);
    const t = setTimeout(() => console.log('re-ref'), 20); t.unref(); t.ref(); console.log(t.hasRef());`,
  'require.main === module starts the script; exports and module.exports': `
    function main() { console.log('main ran', typeof module.exports, typeof require, __filename.endsWith('.js'), typeof __dirname); }
    if (require.main === module) main();
    exports.x = 1; console.log(module.exports, this === module.exports);`,
  "process 'beforeExit' can schedule more work; 'exit' runs last with the code": `
    process.on('exit', (c) => { console.log('exit', c, process.exitCode); setTimeout(() => console.log('never'), 0); });
    process.on('beforeExit', (c) => { console.log('beforeExit', c); if (!globalThis.again) { globalThis.again = 1; setTimeout(() => console.log('more work'), 5); Promise.resolve().then(() => console.log('micro in beforeExit')); } });
    console.log('main');`,
  "process 'exit' after an uncaught error, process.exitCode and process.exit": `
    process.on('exit', (c) => console.log('exit', c));
    process.exitCode = 3; console.log('a'); setTimeout(() => process.exit(5), 1);`,
  "process 'exit' after an unhandled rejection": `
    process.once('exit', (c) => console.log('exit', c));
    Promise.reject(new Error('u'));`,
  'setTimeout arguments are passed': `
    setTimeout((a, b) => console.log(a + b), 1, 2, 3);`,
  // ---- language ----
  'hoisting and TDZ messages': `
    console.log(typeof hoisted, v);
    var v = 1;
    function hoisted() {}
    try { t; } catch (e) { console.log(e.name, e.message); }
    let t = 1;
    try { fe(); } catch (e) { console.log(e.name, e.message); }
    var fe = function () {};
    try { new K(); } catch (e) { console.log(e.message); }
    class K {}`,
  'var vs let in a loop with closures': `
    for (var i = 0; i < 3; i++) setTimeout(() => console.log('var', i), 0);
    for (let j = 0; j < 3; j++) setTimeout(() => console.log('let', j), 0);`,
  'classes: fields, statics, privates, accessors, super': `
    class A { #x = 1; static count = 0; y = this.#x + 1; constructor() { A.count++; } get x() { return this.#x; } set x(v) { this.#x = v; } #priv() { return 'p'; } callPriv() { return this.#priv(); } static make() { return new this(); } toString() { return 'A!'; } }
    class B extends A { constructor() { super(); this.z = 3; } get x() { return super.x * 10; } describe() { return \`\${super.toString()} B\`; } }
    const b = new B(); b.x = 5;
    console.log(b.x, b.y, b.z, A.count, b.callPriv(), b.describe(), B.make() instanceof B, #x in b ? 'no' : 'x');
    console.log(b, new A(), [A, B]);
    try { A(); } catch (e) { console.log(e.message); }
    class C extends B { static { console.log('static block', this.name); } }`,
  'generators: next/return/throw and delegation': `
    function* inner() { try { yield 1; yield 2; } finally { console.log('inner finally'); } }
    function* outer() { const r = yield* inner(); yield 3; return 'end'; }
    const g = outer();
    console.log(g.next(), g.next(), g.return('early'), g.next());
    function* t() { try { yield 1; } catch (e) { console.log('caught', e); yield 'recovered'; } }
    const h = t(); h.next(); console.log(h.throw('boom'), h.next());
    console.log([...outer()], Array.from({ length: 3 }, (_, i) => i * 2));`,
  'destructuring, spread, defaults, rest': `
    const { a, b: { c = 5 } = {}, ...rest } = { a: 1, d: 4, e: 5 };
    const [x, , y = 9, ...zs] = [1, 2, undefined, 4, 5];
    function f({ p = 1, q } = {}, ...more) { return [p, q, more]; }
    console.log(a, c, rest, x, y, zs, f(), f({ q: 2 }, 3, 4), [...'hi'], { ...{ s: 1 }, t: 2 }, Math.max(...[1, 7, 3]));
    let m, n; [m, n] = [n, m] = [1, 2]; console.log(m, n);
    try { const { z } = null; } catch (e) { console.log(e.message); }`,
  'this rules and call/apply/bind in sloppy mode': `
    function who() { return this === globalThis ? 'global' : typeof this; }
    console.log(who(), who.call(5), who.apply('s'), who.bind(null)(), typeof (() => this)());
    const o = { f() { return this; } }; console.log(o.f() === o, (0, o.f)() === globalThis);`,
  'labels, switch, loops, for-in order': `
    outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; console.log(i, j); } }
    for (const k in { b: 1, a: 2, 1: 3, 0: 4 }) console.log('key', k);
    switch (3) { case 1: console.log(1); case 3: console.log(3); case 4: console.log(4); break; default: console.log('d'); }
    let k = 0; do { k++; } while (k < 5); console.log('k', k);
    blk: { console.log('in block'); break blk; }`,
  'optional chaining, nullish, logical assignment': `
    const o = { a: { b: null, f() { return 'f'; } } };
    console.log(o?.a?.b?.c, o.x?.y.z, o.a.f?.(), o.a.g?.(), o.a.b ?? 'dflt', 0 || 'or', 0 ?? 'nn');
    let p = null; p ??= 1; let q = 1; q &&= 2; let r = 0; r ||= 3; console.log(p, q, r);`,
  'typeof, delete, in, instanceof, void, comma, exponent': `
    const o = { a: 1 }; console.log(delete o.a, 'a' in o, [] instanceof Array, void 0, (1, 2), 2 ** 10, typeof undeclared, typeof null, -0, 0.1 + 0.2, 7 % -3, '5' * '2', 1 / 0);`,
  'errors: names, messages, stack first line, custom errors': `
    class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
    try { throw new MyError('custom'); } catch (e) { console.log(e.name, e.message, e instanceof MyError, e instanceof Error, String(e), e.stack.split('\\n')[0]); }
    try { null.x; } catch (e) { console.log(e.constructor.name, e.message); }
    try { undefined.y = 1; } catch (e) { console.log(e.message); }
    try { (void 0)(); } catch (e) { console.log(e.constructor.name); }
    try { const c = 1; c = 2; } catch (e) { console.log(e.message); }
    try { JSON.parse('{'); } catch (e) { console.log(e.name); }
    try { [].reduce((a, b) => a); } catch (e) { console.log(e.message); }`,
  'built-ins behave as in Node': `
    console.log([3, 1, 2].sort((a, b) => b - a), [1, 2, 3].map((x) => x * 2).filter((x) => x > 2).reduce((a, b) => a + b, 0));
    console.log('abc'.toUpperCase(), 'a-b-c'.split('-'), 'x'.padStart(3, '.'), 'Hello'.replace(/l/g, 'L'), /(\\d+)/.exec('ab12')[1]);
    console.log(JSON.stringify({ a: [1, { b: 2 }], c: 'x' }), JSON.parse('[1,2]'), Object.entries({ a: 1 }), Object.keys([4, 5]));
    console.log(new Map([[1, 'a']]), new Set([1, 2, 2]), new WeakMap() instanceof WeakMap, Symbol('s').toString(), typeof Symbol.iterator);
    console.log(Number('12px'), parseInt('12px'), (1234.5678).toFixed(2), Math.round(2.5), Number.MAX_SAFE_INTEGER, 10n ** 20n);
    console.log([1, [2, [3, [4]]]].flat(Infinity), Array.from(new Set([1, 1, 2])), Object.fromEntries([['k', 'v']]));`,
  'console formatting': `
    console.log('%s is %d years and %i', 'Bob', 42.5, 3.9, 'extra');
    console.log({ a: { b: { c: { d: 1 } } } }, [undefined, null, , 3], { 'quoted-key': 1, f() {}, g: () => 1 });
    console.log(new Error('printed').message, [1, 2, 3].length, 'multi\\nline', ['str'], -0, [ -0 ]);
    console.log(Object.create(null), function named() {}, class K {}, Symbol('x'), 123n, new Date(0).toISOString());
    console.log(Array(120).fill(1).length, 'a'.repeat(3), { long: 'x'.repeat(100) });
    console.info('info'); console.debug('debug');
    console.log(Promise.resolve(4), new Promise(() => {}), [Promise.resolve(1)].length);`,
  'process.stdout.write keeps the text as written': `
    process.stdout.write('a'); process.stdout.write('b\\n'); console.log('c'); process.stdout.write('d\\n\\n');`,
  'functions print by kind: async, generator, class': `
    async function af() {}
    function* gf() {}
    async function* agf() {}
    class A {} class B extends A {}
    console.log(af, gf, agf, A, B, () => {}, function () {}, Math.max, async () => {});
    console.log({ af, gf, A, arrow: () => 1 }, [af]);
    console.log(Object.getPrototypeOf(af).constructor.name, Object.getPrototypeOf(gf).constructor.name, gf.constructor.name, af.length, (async (a, b) => 0).length);
    console.log(Object.prototype.toString.call(af), Object.prototype.toString.call(gf()), String(gf()));`,
  'promises print their state wherever they are nested': `
    const p1 = Promise.resolve(1), p2 = new Promise(() => {}), p3 = Promise.reject('no'); p3.catch(() => {});
    console.log(p1, p2, p3, [p1, p2], { p1, nested: { p2, p3 } });
    console.log(Promise.resolve({ a: 1 }), Promise.resolve('str'), (async () => 5)(), Promise.resolve({ then: 5 }));
    class MyP extends Promise {} console.log(MyP.resolve(3), new Map([['k', p1]]));
    setTimeout(() => console.log(p2, p1), 0);`,
  'getters and setters on object literals': `
    const o = { _v: 1, get v() { console.log('get'); return this._v; }, set v(x) { console.log('set', x); this._v = x; } };
    o.v = 5; console.log(o.v, Object.getOwnPropertyDescriptor(o, 'v').get.name);`,
  'closures: counter and memoize': `
    function counter() { let c = 0; return { inc: () => ++c, get: () => c }; }
    const c1 = counter(); c1.inc(); c1.inc(); console.log(c1.get());
    const memo = (fn) => { const cache = new Map(); return (n) => cache.has(n) ? cache.get(n) : (cache.set(n, fn(n)), cache.get(n)); };
    const fib = memo((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2))); console.log(fib(50));`,
  'arguments object and function properties': `
    function f(a, b) { return [arguments.length, arguments[2], f.length, f.name]; }
    console.log(f(1, 2, 3), ((a, b = 1, ...c) => 0).length, (function () {}).name, (() => {}).name);
    const named = function inner() { return typeof inner; }; console.log(named(), named.name);`,
  'tagged templates and String.raw': `
    const tag = (s, ...v) => s.raw.join('|') + v.join(',');
    console.log(tag\`a\${1}b\${2}c\`, String.raw\`x\\ny\`, \`\${1 + 1} \${[1, 2]} \${{}}\`);`,
  'Date and Math.random are deterministic': `
    const t0 = Date.now();
    // Node's real timer may fire when Date.now() has advanced 49 ms (clock rounding), so allow a little.
    setTimeout(() => console.log('elapsed', Date.now() - t0 >= 45), 50);
    console.log(typeof Math.random(), Math.random() < 1);`,
  // ---- process end ----
  'an uncaught error ends the process with code 1': `
    console.log('before');
    setTimeout(() => console.log('never runs'), 0);
    throw new Error('top-level');`,
  'an unhandled rejection ends the process after the microtask checkpoint': `
    Promise.reject(new Error('nobody catches'));
    Promise.resolve().then(() => console.log('microtask still runs'));
    process.nextTick(() => console.log('tick still runs'));
    setTimeout(() => console.log('timer never runs'), 0);`,
  'a rejection handled later in the same checkpoint is fine': `
    const p = Promise.reject(new Error('late'));
    Promise.resolve().then(() => p.catch((e) => console.log('handled', e.message)));`,
  'process.exit stops everything': `
    setTimeout(() => console.log('never'), 0);
    console.log('bye');
    process.exit(3);`,
  'process.on unhandledRejection keeps the process alive': `
    process.on('unhandledRejection', (r) => console.log('handler got', r));
    Promise.reject('oops');
    setTimeout(() => console.log('still alive'), 0);`,
  'a stack overflow is a catchable RangeError': `
    function r() { return r() + 1; }
    try { r(); } catch (e) { console.log(e instanceof RangeError, e.message); }`,
};

// Longer fixtures: everyday language features and V8's error messages, line by line.
import * as fs from 'fs';
import * as path from 'path';
for (const f of ['misc-language.js', 'builtins-and-classes.js', 'coercion-and-formatting.js', 'realistic-async-patterns.js', 'control-flow-in-async.js', 'node-modules-events-util-timers.js', 'classes-iterators-super.js', 'errors-and-finally.js']) cases[`fixture ${f}`] = fs.readFileSync(path.join(__dirname, '..', 'fixtures', f), 'utf8');
cases['structuredClone and host APIs'] = `
  const o = { a: [1, { b: 2 }], m: new Map([[1, new Set([2])]]), d: new Date(0) }; o.self = o;
  const c = structuredClone(o); console.log(c, c !== o, c.self === c, c.a[1] !== o.a[1]);
  try { structuredClone(() => 1); } catch (e) { console.log(e.name, e.message); }
  console.log(typeof URL, typeof Buffer, typeof TextEncoder);`;

describeAgainstNode('semantics match real Node', cases);

describe('ES modules (.mjs)', () => {
  it('drains promise jobs before nextTicks after the module body, and supports top-level await', () => {
    const src = `
      process.nextTick(() => console.log('tick'));
      Promise.resolve().then(() => console.log('promise'));
      console.log('sync');
      const v = await new Promise((r) => setTimeout(() => r('tla'), 5));
      console.log(v);`;
    const expected = runNode(src, '.mjs');
    const actual = simulate(src, { fileName: 'test.mjs' });
    assert.equal(actual.stdout, expected.stdout);
    assert.equal(actual.exitCode, expected.exitCode);
  });
  for (const [name, src] of Object.entries({
    'a top-level throw lets promise jobs run three more ticks, no nextTicks': `
      let p = Promise.resolve();
      for (let i = 1; i <= 10; i++) p = p.then(() => console.log('P' + i));
      console.log('S');
      process.nextTick(() => console.log('tick'));
      throw new Error('boom');`,
    'a throw after top-level await: four ticks': `
      await null;
      let p = Promise.resolve();
      for (let i = 1; i <= 10; i++) p = p.then(() => console.log('P' + i));
      console.log('S');
      process.nextTick(() => console.log('tick'));
      throw new Error('boom');`,
  })) {
    it(name, () => {
      const expected = runNode(src, '.mjs');
      const actual = simulate(src, { fileName: 'test.mjs' });
      assert.equal(actual.stdout, expected.stdout);
      assert.equal(actual.exitCode, expected.exitCode);
    });
  }
  it('an unsettled top-level await exits with code 13', () => {
    const src = `console.log('start'); await new Promise(() => {}); console.log('never');`;
    const expected = runNode(src, '.mjs');
    const actual = simulate(src, { fileName: 'test.mjs' });
    assert.equal(actual.stdout, expected.stdout);
    assert.equal(actual.exitCode, expected.exitCode);
  });
});
