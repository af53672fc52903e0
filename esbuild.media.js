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
// The exported page (src/export/html.ts inlines it): the same renderer over static data.
const exportOpts = { ...opts, entryPoints: ['src/webview/exportPage.ts'], outfile: 'media/dist/export.js' };
(async () => {
  if (watch) { await (await esbuild.context(opts)).watch(); await (await esbuild.context(exportOpts)).watch(); }
  else { await esbuild.build(opts); await esbuild.build(exportOpts); }
})().catch((err) => { console.error(err); process.exit(1); });
