// `npm run fuzz:differential [-- --count N --seed S --keep-failures DIR --sim engine|cli|"node {file}" --minimize]`
// Bundles test/fuzz/main.ts (and, for --sim engine, the engine) with esbuild into test/fuzz/.cache/,
// then generates programs, runs each in real Node and in the simulator, and compares.
import { build } from 'esbuild';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cache = path.join(here, '.cache');
const require = createRequire(import.meta.url);

async function bundle(entry, out) {
  await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', sourcemap: 'inline' });
  return out;
}

/** true when some .ts file under `dir` is newer than `mtime` (a stale dist/engine.js is not used). */
function newerSource(dir, mtime) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() ? newerSource(p, mtime) : e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > mtime) return true;
  }
  return false;
}

/** analyze() from dist/engine.js when the build made it and it is fresh, else a bundle of src/engine/index.ts. */
export async function loadAnalyze() {
  const dist = path.join(root, 'dist/engine.js');
  if (fs.existsSync(dist) && !newerSource(path.join(root, 'src'), fs.statSync(dist).mtimeMs)) {
    const m = require(dist);
    if (typeof m.analyze === 'function') return m.analyze;
  }
  const m = require(await bundle(path.join(root, 'src/engine/index.ts'), path.join(cache, 'engine.cjs')));
  return m.analyze;
}

fs.mkdirSync(cache, { recursive: true });
const { fuzzMain } = require(await bundle(path.join(here, 'main.ts'), path.join(cache, 'fuzz.cjs')));
const code = await fuzzMain(process.argv.slice(2), { loadAnalyze, repoRoot: root });
process.exitCode = code;
