// Bundles the extension, the analysis process (main thread + worker) and the CLI into dist/ (one file each, CommonJS, Node 20).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const entries = [
  { in: 'src/extension/extension.ts', out: 'extension', external: ['vscode'] },
  // The locked-down analysis process (src/sandbox): its main thread and its one analysis worker.
  { in: 'src/sandbox/child.ts', out: 'analysis-process' },
  { in: 'src/sandbox/analysisWorker.ts', out: 'analysis-worker' },
  // Loads analysis-worker.js from V8's code cache when esbuild.codecache.js made one for this Node.
  { in: 'src/sandbox/workerBoot.ts', out: 'analysis-worker-boot' },
  { in: 'src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'src/engine/index.ts', out: 'engine' },
].filter((e) => fs.existsSync(path.join(__dirname, e.in)));

async function main() {
  for (const e of entries) {
    const opts = {
      entryPoints: [e.in],
      outfile: `dist/${e.out}.js`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      external: e.external || [],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
    };
    if (watch) await (await esbuild.context(opts)).watch();
    else await esbuild.build(opts);
  }
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
main().catch((err) => { console.error(err); process.exit(1); });
