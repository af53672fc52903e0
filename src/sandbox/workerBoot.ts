// Boots the analysis worker (bundled to dist/analysis-worker-boot.js; src/sandbox/child.ts starts it).
// INVARIANT: it compiles exactly one text, our own bundle dist/analysis-worker.js — never a program,
// never anything that came over a message — and only reads files next to itself (the child may read
// nothing else). It runs before the bundle, so before the worker's lockdown.
// Why: V8's code cache of the bundle (dist/analysis-worker.cache, made at build time by
// esbuild.codecache.js after a warm-up, in a worker of a process with the analysis process's V8
// flags) saves compiling the engine at every start, and the lazy compilation of the functions the
// warm-up ran. V8 rejects a cache made by another V8 or with other flags (then this compiles the
// bundle as usual); without a cache file the bundle is simply required.
// Build only (esbuild.codecache.js sets workerData.makeCodeCache; the analysis process never does):
// on { type: 'make-code-cache' } it posts { type: 'code-cache', data } — the cache of what ran so far.
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { parentPort, workerData } from 'worker_threads';

const BUNDLE = path.join(__dirname, 'analysis-worker.js');
const CACHE = path.join(__dirname, 'analysis-worker.cache');

/** The CommonJS wrapper the bundle runs in (the cache is only valid for exactly this text). */
function wrapped(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

function boot(): void {
  const making = (workerData as { makeCodeCache?: unknown } | null)?.makeCodeCache === true;
  let cachedData: Buffer | undefined;
  if (!making) {
    try {
      cachedData = fs.readFileSync(CACHE);
    } catch {
      cachedData = undefined;
    }
    if (!cachedData) {
      require(BUNDLE);
      return;
    }
  }
  const script = new vm.Script(wrapped(fs.readFileSync(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData });
  if (making) {
    parentPort!.on('message', (m: { type?: string }) => {
      if (m && m.type === 'make-code-cache') parentPort!.postMessage({ type: 'code-cache', data: script.createCachedData() });
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, BUNDLE, __dirname);
}

boot();
