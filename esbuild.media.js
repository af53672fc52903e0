// Bundles the step-through panel's front end (src/webview/panel.ts) → media/dist/panel.js,
// a plain browser script loaded by the webview under a nonce CSP.
const esbuild = require('esbuild');
const watch = process.argv.includes('--watch');
const opts = {
  entryPoints: ['src/webview/panel.ts'],
  outfile: 'media/dist/panel.js',
  bundle: true,
  platform: 'browser',
  target: 'es2020',
  format: 'iife',
  sourcemap: false,
  logLevel: 'warning',
};
(async () => {
  if (watch) await (await esbuild.context(opts)).watch();
  else await esbuild.build(opts);
})().catch((err) => { console.error(err); process.exit(1); });
