// What public example and quiz collections exercise (issue 9; measured locally with
// test/external/run-examples.mjs): V8's exact TypeError texts for destructuring null/undefined and
// non-iterables. Each program's simulated stdout must equal real Node's.
import { strict as assert } from 'assert';
import { describeAgainstNode, runNode, simulate } from '../helpers';

describeAgainstNode('destructuring errors name what V8 names', {
  'object patterns: a default on the first property, nested patterns, computed and rest first': `
    const tries = {
      plainParam: () => { function f({ side }) {} f(); },
      defaultParam: () => { function f({ side = 3, other = 4 }) { return side * other; } f(); },
      defaultSecond: () => { function f({ w, h = 2 }) {} f(); },
      defaultAfterDefault: () => { function f({ w = 1 } = {}) {} f(null); },
      nullParam: () => { function f({ q }) {} f(null); },
      named: () => { let box; const { lid } = box; },
      member: () => { const shelf = {}; const { lid } = shelf.top; },
      call: () => { function none() {} const { lid } = none(); },
      defaultDecl: () => { const { lid = 0 } = undefined; },
      nested: () => { const { top: { lid } } = { top: undefined }; },
      nestedInArray: () => { const [{ lid }] = [null]; },
      nestedParam: () => { function f({ top: { lid } }) {} f({}); },
      computedFirst: () => { let box; const { ['k' + 1]: v } = box; },
      restFirst: () => { let box; const { ...all } = box; },
      empty: () => { let box; const {} = box; },
      forOf: () => { for (const { lid } of [undefined]); },
      forOfAssign: () => { let lid; for ({ lid } of [undefined]); },
      assign: () => { let lid; ({ lid } = null); },
      catchParam: () => { try { throw undefined; } catch ({ lid }) {} },
    };
    for (const [name, f] of Object.entries(tries)) {
      try { f(); console.log(name, 'no error'); } catch (e) { console.log(name, e.constructor.name, e.message); }
    }`,
  'the same inside async functions, around await': `
    async function run() {
      const tries = {
        awaited: async () => { const { lid } = await undefined; },
        awaitedDefault: async () => { const { lid = 1 } = await null; },
        awaitedArray: async () => { const [first] = await undefined; },
        afterAwait: async (x) => { await 0; const { lid } = x; },
        param: async ({ lid }) => { await 0; },
        forOf: async () => { for (const [a] of [7]) await a; },
      };
      for (const [name, f] of Object.entries(tries)) {
        try { await f(); console.log(name, 'no error'); } catch (e) { console.log(name, e.message); }
      }
    }
    run();`,
  'array patterns on non-iterables: a parameter names the value with its type': `
    const values = [undefined, null, 1, true, {}, () => 0, 5n];
    for (const v of values) {
      try { (function ([first]) {})(v); } catch (e) { console.log(e.message); }
      try { const [[inner]] = [v]; } catch (e) { console.log(e.message); }
      try { for (const [a] of [v]); } catch (e) { console.log(e.message); }
      try { try { throw v; } catch ([a]) {} } catch (e) { console.log(e.message); }
      try { const [x] = v; } catch (e) { console.log(e.message); }
    }`,
});

describeAgainstNode('strict-mode write and delete failures name the receiver as Node does', {
  'read-only, getter-only, frozen, proxies, functions and primitives': `
    'use strict';
    class Point {}
    const targets = {
      frozenPlain: () => { const o = Object.freeze({ speed: 1 }); o.speed = 2; },
      frozenInstance: () => { const o = Object.freeze(new Point()); o.x = 1; },
      inheritedReadOnly: () => { const o = Object.create(Object.freeze({ speed: 1 })); o.speed = 2; },
      nullProtoChain: () => { const o = Object.create(Object.create(null, { speed: { value: 1 } })); o.speed = 2; },
      getterOnly: () => { const o = { get speed() { return 1; } }; o.speed = 2; },
      frozenArray: () => { const a = Object.freeze([1]); a[0] = 2; },
      functionName: () => { function engine() { return 1; } engine.name = 'x'; },
      readOnlyGlobal: () => { Infinity = 0; },
      definedGlobal: () => { Object.defineProperty(globalThis, 'LIMIT', { value: 1 }); LIMIT = 2; },
      stringLength: () => { 'abc'.length = 1; },
      stringIndex: () => { 'abc'[0] = 'z'; },
      numberProperty: () => { (5).unit = 'kg'; },
      deleteFrozen: () => { const o = Object.freeze({ speed: 1 }); delete o.speed; },
      deleteFrozenArray: () => { const a = Object.freeze([1]); delete a[0]; },
      deleteInstance: () => { const o = Object.freeze(Object.assign(new Point(), { x: 1 })); delete o.x; },
      deleteProxy: () => { const p = new Proxy({ x: 1 }, { deleteProperty() { return false; } }); delete p.x; },
      deleteBuiltin: () => { delete Math.PI; },
      setProxy: () => { const p = new Proxy({}, { set() { return false; } }); p.x = 1; },
    };
    for (const [name, f] of Object.entries(targets)) {
      try { f(); console.log(name, 'no error'); } catch (e) { console.log(name, e.constructor.name + ':', e.message); }
    }`,
  'an inherited setter runs for a primitive receiver, sloppy and strict': `
    Object.defineProperty(String.prototype, 'shout', { set(v) { console.log('set', typeof this, String(this), v); }, configurable: true });
    'abc'.shout = 1;
    (function () { 'use strict'; 'xyz'.shout = 2; })();
    (function () { 'use strict'; try { (1).shout = 3; } catch (e) { console.log(e.message); } })();`,
});

// describeAgainstNode compares stdout and the exit code: here the SyntaxError's line itself.
describe('syntax errors worded as V8 words them', function () {
  this.timeout(60000);
  const cases: Record<string, string> = {
  'a with statement in strict code': `'use strict';\nwith ({}) {}`,
  'two constructors': `class Engine { constructor() {} constructor() {} }`,
  'continue to a label that names a block': `outer: { for (;;) { continue outer; } }`,
  'break to a label that does not exist': `for (;;) { break nowhere; }`,
  'a decimal with a leading zero in strict code': `'use strict';\nconst n = 09;`,
  'a legacy octal in strict code': `'use strict';\nconst n = 012;`,
  };
  for (const [name, src] of Object.entries(cases)) {
    it(name, () => {
      const expected = /^SyntaxError: .*$/m.exec(runNode(src).stderr);
      const syntax = simulate(src).analysis.diagnostics.find((d) => d.code === 'syntax-error');
      assert.ok(expected, 'node reports a SyntaxError');
      assert.equal(syntax && syntax.message, expected![0]);
    });
  }
});

describeAgainstNode(
  'an ES module body is not a function: no arguments object',
  {
    'arguments at the top level and in a top-level arrow': `
      console.log(typeof arguments);
      const count = () => arguments.length;
      try { console.log(count(1, 2, 3)); } catch (e) { console.log(e.name, e.message); }
      function real() { return arguments.length; }
      console.log(real(1, 2));`,
  },
  { moduleKind: 'module' },
);

describeAgainstNode('a CommonJS body is the wrapper function: its five arguments', {
  'arguments at the top level and in a top-level arrow': `
    const count = () => arguments.length;
    console.log(typeof arguments, count(1, 2, 3), typeof arguments[1]);`,
});

// The uncaught report's caret and the top frame's line:column, where V8 places them.
describe('error positions as V8 records them', function () {
  this.timeout(60000);
  const cases: Record<string, string> = {
    'reading a property of undefined names the property': `const cfg = {};\nconsole.log(cfg.theme.color);`,
    'a computed read names the bracket': `const rows = {};\nconsole.log(rows.list[0]);`,
    'calling a missing method names the method': `const cart = {};\ncart.checkout(1);`,
    'calling a method named by a keyword names the call': `const store = {};\nstore.delete('k');`,
    'a computed call names the call': `const api = {};\napi['fetch' + 'All']();`,
    'new of an undefined class names new': `const made = new Widget();`,
    'a class in its TDZ via new names new': `const w = new Gadget();\nclass Gadget {}`,
    'writing a property of null names the operator': `let node = null;\nnode.value = 3;`,
    'a const reassignment names the operator': `const limit = 1;\nlimit += 2;`,
    'a const increment names the operator': `const count = 0;\ncount++;`,
    'an undeclared strict write names the operator': `'use strict';\ntotal = 1;`,
    'spreading a non-iterable names the value': `const n = 5;\nconst list = [...n];`,
    'for-of over a non-iterable names the value': `const n = 5;\nfor (const x of n) {}`,
    'destructuring undefined names the first property': `const box = {};\nconst { lid } = box.top;`,
    'throw in a function: the throw statement': `function fail() {\n  throw new Error('no');\n}\nfail();`,
    'a frame per call, at the callee property': `const svc = { run() { return this.missing.x; } };\nconst wrap = { go() { return svc.run(); } };\nwrap.go();`,
  };
  const report = (stderr: string) => {
    const lines = stderr.split('\n');
    const frame = lines.find((l) => /^\s+at /.test(l)) ?? '';
    return [lines[0].replace(/^.*:(\d+)$/, 'line $1'), lines[1], lines[2], frame.replace(/\(?[^ ()]*:(\d+:\d+)\)?$/, '$1')].join('\n');
  };
  for (const [name, src] of Object.entries(cases)) {
    it(name, () => {
      const node = runNode(src);
      const sim = simulate(src);
      assert.equal(sim.exitCode, node.exitCode);
      assert.equal(report(sim.stderr), report(node.stderr));
    });
  }
});

describeAgainstNode('stack traces as Node prints them', {
  'frames named like V8 call sites': `
    const FILE = /(file:\\/\\/)?(\\/[^ ()]*|test)\\.m?js/g;
    // Node's own frames (node:internal/...) are the host's: the simulation shows the program's.
    const own = (s) => s.replace(FILE, 'FILE').split('\\n').filter((l) => !/\\(node:|at node:|\\(<anonymous>\\)/.test(l)).join('\\n');
    const trace = (tag) => console.log(tag, own(new Error('t').stack).split('\\n').slice(2).join('\\n'));
    class Shelf { static make() { trace('static'); return new Shelf(); } constructor() { trace('ctor'); } put() { trace('method'); } }
    Shelf.make().put();
    const tools = { run() { trace('object method'); }, alias: null };
    tools.alias = tools.run;
    tools.run();
    tools.alias();
    (function () { trace('nameless'); })();
    (function () { 'use strict'; trace('nameless strict'); })();
    function Legacy() { trace('old-style constructor'); }
    new Legacy();
    (function () { trace('primitive receiver'); }).call(7);`,
  'an uncaught-style print of a caught error at the top level': `
    const FILE = /(file:\\/\\/)?(\\/[^ ()]*|test)\\.m?js/g;
    // Node's own frames (node:internal/...) are the host's: the simulation shows the program's.
    const own = (s) => s.replace(FILE, 'FILE').split('\\n').filter((l) => !/\\(node:|at node:|\\(<anonymous>\\)/.test(l)).join('\\n');
    try { const cfg = {}; cfg.theme.color; } catch (e) { console.log(own(e.stack)); }
    try { [].reduce((a, b) => a + b); } catch (e) { console.log(String(e)); }`,
  'a timer callback is the Timeout _onTimeout': `
    const FILE = /(file:\\/\\/)?(\\/[^ ()]*|test)\\.m?js/g;
    // Node's own frames (node:internal/...) are the host's: the simulation shows the program's.
    const own = (s) => s.replace(FILE, 'FILE').split('\\n').filter((l) => !/\\(node:|at node:|\\(<anonymous>\\)/.test(l)).join('\\n');
    setTimeout(function tick() { console.log(own(new Error('t').stack)); }, 1);
    setTimeout(() => { console.log(own(new Error('u').stack)); }, 2);`,
  'microtasks and nextTicks: the callback frame alone': `
    const FILE = /(file:\\/\\/)?(\\/[^ ()]*|test)\\.m?js/g;
    // Node's own frames (node:internal/...) are the host's: the simulation shows the program's.
    const own = (s) => s.replace(FILE, 'FILE').split('\\n').filter((l) => !/\\(node:|at node:|\\(<anonymous>\\)/.test(l)).join('\\n');
    Promise.resolve().then(() => console.log(own(new Error('p').stack)));
    process.nextTick(() => console.log(own(new Error('n').stack)));
    queueMicrotask(() => console.log(own(new Error('q').stack)));
    (async function job() { await null; console.log(own(new Error('a').stack)); })();`,
});

describeAgainstNode(
  'stack traces of an ES module',
  {
    'the module frame is nameless': `
    const FILE = /(file:\\/\\/)?(\\/[^ ()]*|test)\\.m?js/g;
    // Node's own frames (node:internal/...) are the host's: the simulation shows the program's.
    const own = (s) => s.replace(FILE, 'FILE').split('\\n').filter((l) => !/\\(node:|at node:|\\(<anonymous>\\)/.test(l)).join('\\n');
      function where() { return own(new Error('w').stack); }
      console.log(where());`,
  },
  { moduleKind: 'module' },
);

// The errors these paths make (caught host TypeErrors renamed, V8-positioned guest errors, stack
// frames naming receivers) stay realm objects: the membrane's detector finds nothing foreign.
describe('the error paths above leak no host object', function () {
  this.timeout(60000);
  const programs: Record<string, string> = {
    'strict write and delete failures': `'use strict';
      const seen = [];
      for (const f of [() => { Object.freeze({ a: 1 }).a = 2; }, () => { delete Object.freeze([1])[0]; }, () => { const p = new Proxy({}, { deleteProperty: () => false }); delete p.x; }, () => { 'abc'.length = 0; }, () => { function g() {} g.name = 'h'; }]) {
        try { f(); } catch (e) { seen.push(e, e.constructor, Object.getPrototypeOf(e)); }
      }
      globalThis.kept = seen;`,
    'destructuring and iteration errors': `
      const seen = [];
      for (const f of [() => { const { a } = undefined; }, () => { const [x] = {}; }, ({ q }) => q, () => { for (const [a] of [1]); }]) {
        try { f(); } catch (e) { seen.push(e, e.stack); }
      }
      globalThis.kept = seen;`,
    'stacks with method frames, timers and microtasks': `
      class Box { open() { return new Error('b'); } }
      globalThis.kept = [new Box().open(), { m() { return new Error('m'); } }.m()];
      setTimeout(() => { globalThis.t = new Error('t'); });
      Promise.resolve().then(() => { globalThis.p = new Error('p'); });`,
  };
  for (const [name, src] of Object.entries(programs)) {
    it(name, () => {
      const r = simulate(src, { detectForeignObjects: true });
      assert.deepEqual(r.analysis.foreignObjects, []);
    });
  }
});
