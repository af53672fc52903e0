// Bundles the extension-host integration tests (test/integration) into out/test/integration/.
// Kept apart from esbuild.js (the product bundles). `vscode` and `mocha` stay external.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, 'test', 'integration');
// The editor suite only (the step-through panel has its own runner, test/integration/panelRunner.ts).
const mine = (f) => ['index.ts', 'runTest.ts', 'editor.test.ts', 'examples.test.ts', 'bench.test.ts', 'bench-panel.test.ts'].includes(f) || /^extension-.*\.test\.ts$/.test(f);
const entries = fs.readdirSync(dir).filter(mine).map((f) => path.join('test', 'integration', f));

esbuild
  .build({
    entryPoints: entries,
    outdir: 'out/test/integration',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha', '@vscode/test-electron'],
    logLevel: 'warning',
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
