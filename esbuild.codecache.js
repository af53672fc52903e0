// Makes dist/analysis-worker.cache: V8's code cache of the analysis worker's bundle, after a warm-up,
// for the Node that runs the build (src/sandbox/workerBoot.ts loads it; V8 rejects it elsewhere).
// A cache is only accepted under the same V8 flags, so the warm-up runs in a worker of a process
// started with the analysis process's own V8 flags (AnalysisHost.childArgs(), without the Node-level
// permission flags, which V8 does not see and which would forbid writing the file). The warm-up runs
// our own bench programs, never a user's. `node esbuild.codecache.js` (after esbuild.js).
// A failure leaves no cache (the worker then compiles its bundle as before): never a failed build.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dist = path.join(__dirname, 'dist');
const out = path.join(dist, 'analysis-worker.cache');
const NODE_ONLY = /^--(experimental-permission|permission|allow-|no-addons|no-warnings)/;

function v8FlagsOfTheAnalysisProcess() {
  const esbuild = require('esbuild');
  const tmp = path.join(os.tmpdir(), `ell-host-${process.pid}.cjs`);
  esbuild.buildSync({ stdin: { contents: "module.exports = require('./src/sandbox/host');", resolveDir: __dirname, loader: 'js' }, outfile: tmp, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  try {
    const { AnalysisHost, PROCESS_FILE } = require(tmp);
    const args = new AnalysisHost({ distDir: dist }).childArgs();
    return args.slice(0, args.findIndex((a) => a.endsWith(PROCESS_FILE))).filter((a) => !NODE_ONLY.test(a));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

const TS_CLASSES = `interface Item { id: number; name: string; tags?: string[] }
type Handler<T> = (value: T) => Promise<void>;
class Store<T extends { id: number }> implements Iterable<T> {
  private readonly items: Map<number, T> = new Map();
  protected static count: number = 0;
  declare?: number;
  sure!: string;
  add(item: T): this { this.items.set(item.id, item); Store.count++; return this; }
  get(id: number): T | undefined { return this.items.get(id); }
  get size(): number { return this.items.size; }
  *[Symbol.iterator](): Iterator<T> { yield* this.items.values(); }
}
function delay<T,>(ms: number, value: T): Promise<T> { return new Promise<T>((resolve) => setTimeout(() => resolve(value), ms)); }
async function load(store: Store<Item>, ids: readonly number[]): Promise<number> {
  let total: number = 0;
  for (const id of ids) { const item = store.get(id)!; total += (item as Item).name.length satisfies number + (item.tags?.length ?? 0); }
  return delay<number>(1, total);
}
const store = new Store<Item>();
for (let k: number = 0; k < 3; k++) store.add({ id: k, name: 'n' + k as string });
const handler: Handler<number> = async (v: number): Promise<void> => { if (v < 0) throw new Error('neg'); };
load(store, [0, 1, 2]).then((n: number) => handler(n)).then(() => console.log(store.size, [...store].length));
`;
const TS_TRANSFORMS = `enum Color { Red, Green = 'g' }
namespace Shapes { export const unit = 1; export namespace Inner { export function area(r: number): number { return r * r * unit; } } }
abstract class Animal { constructor(protected readonly name: string) {} abstract speak(): string; }
class Dog extends Animal { speak(): string { return this.name + ' ' + Color.Red; } }
const x = <number>(Shapes.Inner.area(2) as unknown);
Promise.resolve(new Dog('d').speak()).then((s) => console.log(s, x, Color[0]));
`;

/** Runs inside the spawned process (argv[2] === '--make'): a worker boots the bundle, runs the warm-up, hands back the cache. */
function make() {
  const { Worker } = require('worker_threads');
  const read = (...p) => fs.readFileSync(path.join(__dirname, ...p), 'utf8');
  const programs = fs.readdirSync(path.join(__dirname, 'bench', 'programs')).filter((f) => f.endsWith('.js')).map((f) => ({ source: read('bench', 'programs', f), ext: '.js' }));
  programs.push({ source: read('bench', 'tutorial-200.js'), ext: '.js' });
  // The TypeScript eraser and the browser profile are compiled into the cache too (first use is cold).
  programs.push({ source: read('examples', 'event-loop.ts'), ext: '.ts' });
  // TypeScript's fast path on class members and generics, and the full pipeline (enum, namespace,
  // parameter properties, abstract: acorn-typescript, the eraser, the lowering) it falls back to.
  programs.push({ source: TS_CLASSES, ext: '.ts' });
  programs.push({ source: TS_TRANSFORMS, ext: '.ts' });
  programs.push({ source: read('examples', 'browser-event-loop.js'), ext: '.js', runtime: 'browser' });
  const w = new Worker(path.join(dist, 'analysis-worker-boot.js'), {
    workerData: { makeCodeCache: true, progress: new SharedArrayBuffer(8) },
    resourceLimits: { stackSizeMb: 64 },
  });
  let id = 0;
  const next = () => {
    if (id < programs.length) {
      // Small budgets: the warm-up is about which functions get compiled, not about finishing.
      const p = programs[id];
      w.postMessage({ id: ++id, request: { type: 'analyze', source: p.source, options: { fileName: `warm-up-${id}${p.ext}`, maxSteps: 200_000, maxMillis: 5_000, trace: id % 2 === 0, ...(p.runtime ? { runtime: p.runtime } : {}) } } });
    } else w.postMessage({ type: 'make-code-cache' });
  };
  const timer = setTimeout(() => process.exit(3), 60_000);
  w.on('message', (m) => {
    if (m && m.type === 'ready') return next();
    if (m && m.type === 'code-cache') {
      fs.writeFileSync(out, Buffer.from(m.data));
      clearTimeout(timer);
      process.exit(0);
    }
    if (m && m.id === id && 'ok' in m) next();
  });
  w.on('error', () => process.exit(4));
}

if (process.argv[2] === '--make') make();
else {
  fs.rmSync(out, { force: true });
  try {
    const flags = v8FlagsOfTheAnalysisProcess();
    const r = spawnSync(process.execPath, [...flags, __filename, '--make'], { stdio: 'inherit', timeout: 90_000 });
    if (r.status !== 0 || !fs.existsSync(out)) console.warn(`code cache not made (exit ${r.status}): the analysis worker will compile its bundle at start`);
  } catch (e) {
    console.warn(`code cache not made: ${e && e.message}`);
  }
}
