// ES module corners test262's module-code folder found (issue 9): top-level await inside exported
// declarations, class heritage and computed keys, and for-in heads; a module importing itself;
// indirect exports that do not resolve (a SyntaxError before anything runs); anonymous default
// exports named "default"; import() of a module its graph is still evaluating. Each program is
// compared with real Node (stdout and exit code), multi-file ones written to a temporary folder
// under a package.json of "type": "module", with the membrane's foreign-object check on.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { collectSources } from '../../src/engine/modules/graph';
import { diskReader } from '../../src/sources/disk';
import { describeAgainstNode } from '../helpers';

describeAgainstNode(
  'modules: top-level await in exports, classes and for-in heads (against node)',
  {
    'export let/const/var and export default await': `
export let a = await Promise.resolve(1);
export const b = await 2, c = 3;
export var { d = await 4 } = {};
export default await Promise.resolve('dflt');
console.log(a, b, c, d);
`,
    'export class extends an awaited value; keys that await, in source order': `
const order = [];
const key = async (k) => { order.push(k); return k; };
class Base { static base = true; }
export class C extends (await Promise.resolve(Base)) {
  [await key('m1')]() { return 1; }
  static [await key('s1')] = 2;
  [(order.push('m2'), 'm2')]() { return 3; }
}
const D = class extends (await Base) {};
export default class extends (await Promise.resolve(C)) {}
console.log(C.name, D.name, C.base, new C().m1(), C.s1, new C().m2(), order.join(','));
`,
    'a class expression in an await position, and one that throws while heritage awaits': `
const E = await class { static x = 1; };
console.log(typeof E, E.name, E.x);
const G = [class extends (await Promise.resolve(E)) {}][0];
console.log(G.name === '', G.x);
try {
  class F extends (await 42) {}
} catch (e) {
  console.log(e.constructor.name, e.message);
}
`,
    'for-in heads that await, and the TDZ of the loop names': `
for (const k in await Promise.resolve({ p: 1, q: 2 })) console.log('key', k);
var v;
for (v in [await null]) console.log('var', v);
try {
  for (let k in (await 0, k)) console.log('never');
} catch (e) {
  console.log(e.constructor.name);
}
`,
  },
  { moduleKind: 'module', fileName: 'test.mjs' },
);

/** Writes a project (name → text) to a fresh folder and compares its `main.js` with node. */
async function compareProject(files: Record<string, string>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-mod262-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const main = path.join(dir, 'main.js');
  const r = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8', timeout: 20000 });
  const source = fs.readFileSync(main, 'utf8');
  const modules = await collectSources(main, source, diskReader);
  const analysis = analyze(source, { fileName: main, modules, maxMillis: 20000, detectForeignObjects: true });
  let stdout = '';
  for (const e of analysis.console) if (e.stream === 'stdout') stdout += e.text + (e.method === 'write' ? '' : '\n');
  assert.equal(stdout, r.stdout, `stdout differs (node stderr: ${r.stderr})`);
  assert.equal(analysis.exitCode, r.status, `exit code differs: ${JSON.stringify(analysis.diagnostics.slice(0, 3))}`);
  assert.deepEqual(analysis.foreignObjects ?? [], [], 'no host object reached guest code');
}

describe('modules: graphs test262 checks, against node', function () {
  this.timeout(60000);
  it('a module that imports itself every way runs once; its namespace holds itself', () =>
    compareProject({
      'main.js': `
import {} from './main.js';
import './main.js';
import * as ns1 from './main.js';
import dflt from './main.js';
export * from './main.js';
export * as self from './main.js';
import * as ns from './main.js';
export default 'd';
globalThis.runs = (globalThis.runs ?? 0) + 1;
console.log(globalThis.runs, ns1 === ns, ns.self === ns, ns.default, Object.keys(ns).join());
`,
    }));
  it('a namespace object keeps every invariant of ECMA-262 10.4.6 and prints as Node prints it', () =>
    compareProject({
      'main.js': `
import * as ns from './main.js';
export * as self from './main.js';
export let a = 1;
export function f() {}
export class K { [Symbol.for('nodejs.util.inspect.custom')]() { return 'K!'; } }
export const k = new K();
console.log(ns);
console.log({ ns }, [ns]);
console.log(Object.isExtensible(ns), Object.getPrototypeOf(ns), Reflect.ownKeys(ns), Object.prototype.toString.call(ns));
console.log(Reflect.defineProperty(ns, 'a', { value: 1 }), Reflect.defineProperty(ns, 'a', { value: 2 }), Reflect.defineProperty(ns, 'a', { enumerable: false }));
console.log(Object.preventExtensions(ns) === ns, Reflect.preventExtensions(ns), Reflect.setPrototypeOf(ns, null), Reflect.setPrototypeOf(ns, {}));
console.log(Object.getOwnPropertyDescriptor(ns, Symbol.toStringTag), Object.getOwnPropertyDescriptor(ns, 'a'), Object.getOwnPropertyDescriptor(ns, 'zz'));
a = 5;
console.log(ns.a, Object.keys(ns).join(), 'a' in ns, Symbol.toStringTag in ns, Reflect.deleteProperty(ns, 'a'), Reflect.deleteProperty(ns, 'zz'));
try { ns.a = 3; } catch (e) { console.log(e.constructor.name); }
try { Object.defineProperty(ns, 'b', { value: 1 }); } catch (e) { console.log(e.constructor.name); }
await import('./tdz.js');
`,
      'tdz.js': `import * as ns from './tdz.js';\ntry { Object.keys(ns); } catch (e) { console.log('tdz', e.constructor.name); }\nexport let late = 1;\n`,
    }));
  it('an indirect export that does not resolve stops the graph before anything runs', () =>
    compareProject({
      'main.js': `console.log('main ran');\nimport './middle.js';\n`,
      'middle.js': `console.log('middle ran');\nexport { missing } from './leaf.js';\n`,
      'leaf.js': `console.log('leaf ran');\nexport const present = 1;\n`,
    }));
  it('an indirect export through a cycle, and an ambiguous star export, are SyntaxErrors', () =>
    compareProject({
      'main.js': `import('./cycle.js').catch((e) => console.log('cycle', e.constructor.name));\nimport('./amb.js').catch((e) => console.log('amb', e.constructor.name));\n`,
      'cycle.js': `export { x } from './cycle2.js';\nconsole.log('cycle ran');\n`,
      'cycle2.js': `export { x } from './cycle.js';\n`,
      'amb.js': `export { same } from './stars.js';\nconsole.log('amb ran');\n`,
      'stars.js': `export * from './s1.js';\nexport * from './s2.js';\n`,
      's1.js': `export const same = 1;\n`,
      's2.js': `export const same = 2;\n`,
    }));
  it("import()'s second argument: read at once (V8's TypeErrors reject at once), then Node's attribute checks", () => {
    const files: Record<string, string> = { 'j.json': '{ "a": 1 }\n' };
    for (let i = 0; i < 12; i++) files[`f${i}.js`] = `export default ${i};\n`;
    files['main.js'] = `
const log = [];
const spy = new Proxy({ type: 'json', other: 1 }, {
  ownKeys: (t) => { log.push('ownKeys'); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor: (t, k) => { log.push('gopd ' + String(k)); return k === 'other' ? { value: 1, enumerable: false, configurable: true } : Reflect.getOwnPropertyDescriptor(t, k); },
  get: (t, k) => { log.push('get ' + String(k)); return t[k]; },
});
const tries = [{ with: { foo: 'bar' } }, { with: { type: 'css' } }, { with: { type: 1 } }, 1, { with: 1 }, { assert: { type: 'json' } },
  { with: undefined, assert: { type: 'json' } }, {}, undefined, null, { with: spy }, { get with() { throw new RangeError('boom'); } }];
const load = [(o) => import('./f0.js', o), (o) => import('./f1.js', o), (o) => import('./f2.js', o), (o) => import('./f3.js', o),
  (o) => import('./f4.js', o), (o) => import('./f5.js', o), (o) => import('./f6.js', o), (o) => import('./f7.js', o),
  (o) => import('./f8.js', o), (o) => import('./f9.js', o), (o) => import('./f10.js', o), (o) => import('./f11.js', o)];
let i = 0;
for (const o of tries) {
  const n = i++;
  const p = load[n](o);
  log.push('after ' + n);
  await p.then((m) => console.log(n, 'ok', m.default), (e) => console.log(n, 'rejected', e.constructor.name, e.code, e.message));
}
console.log((await import('./j.json', { with: { type: 'json' } })).default.a);
await import('./j.json').catch((e) => console.log(e.code));
console.log(log.join(' | '));
`;
    return compareProject(files);
  });
  it('import() whose arguments await or yield', () =>
    compareProject({
      'main.js': `const m = await import(await Promise.resolve('./x.js'), await undefined);\nfunction* g() { return import(yield, yield); }\nconst it = g(); it.next(); it.next('./x.js');\nconst r = it.next(undefined);\nconsole.log(m.default, (await r.value).default);\nconst h = function* () { import('', yield); }(); h.next(); console.log(JSON.stringify(h.return(5)));\n`,
      'x.js': `export default 'x';\n`,
    }));
  it('a main module with no static imports that import()s itself is one module (live bindings, evaluated once)', () =>
    compareProject({
      'main.js': `
globalThis.runs = (globalThis.runs ?? 0) + 1;
let x = 0;
export { x, x as y };
const [a, b] = await Promise.all([import('./main.js'), import('./main.js')]);
x = 1;
console.log(globalThis.runs, a === b, a.x, a.y);
`,
    }));
  it('import() in eval code and in a new Function body loads relative to the file', () =>
    compareProject({
      'main.js': `
const viaEval = eval("import('./x.js')");
const viaFunction = new Function("return import('./x.js')")();
console.log(Object.getPrototypeOf(viaEval) === Promise.prototype);
console.log((await viaEval).default, (await viaFunction).default, (await import('./x.js')).default);
`,
      'x.js': `export default 'x';\n`,
    }));
  it('anonymous default exports are named "default"', () =>
    compareProject({
      'main.js': `import c from './c.js';\nimport a from './a.js';\nimport f from './f.js';\nimport k from './k.js';\nconsole.log(c.name, a.name, f.name, k.name);\n`,
      'c.js': `export default (class { static m() {} });\n`,
      'a.js': `export default () => 1;\n`,
      'f.js': `export default (function () {});\n`,
      'k.js': `export default class {}\n`,
    }));
  it('import() of a module the graph is still evaluating resolves after it ran, at the tick Node resolves it', () =>
    compareProject({
      'main.js': `import './a.js';\nimport './b.js';\nexport function tick() { let n = 0; const step = () => { globalThis.log.push('t' + n); if (++n < 12) Promise.resolve().then(step); }; Promise.resolve().then(step); }\nsetTimeout(() => console.log(globalThis.log.join(' ')));\n`,
      'a.js': `import { tick } from './main.js';\nglobalThis.log = [];\ntick();\nimport('./b.js').then(() => log.push('B-resolved'));\nimport('./main.js').then(() => log.push('main-resolved'));\nlog.push('A');\n`,
      'b.js': `import { tick } from './main.js';\nlog.push('B');\n`,
    }));
});
