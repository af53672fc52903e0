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

/** Runs inside the spawned process (argv[2] === '--make'): a worker boots the bundle, runs the warm-up, hands back the cache. */
function make() {
  const { Worker } = require('worker_threads');
  const read = (...p) => fs.readFileSync(path.join(__dirname, ...p), 'utf8');
  const programs = fs.readdirSync(path.join(__dirname, 'bench', 'programs')).filter((f) => f.endsWith('.js')).map((f) => ({ source: read('bench', 'programs', f), ext: '.js' }));
  programs.push({ source: read('bench', 'tutorial-200.js'), ext: '.js' });
  // The TypeScript eraser and the browser profile are compiled into the cache too (first use is cold).
  programs.push({ source: read('examples', 'event-loop.ts'), ext: '.ts' });
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
