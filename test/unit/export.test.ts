// Share a run: the exported page keeps the program's text as inert data (the XSS probe stays text),
// loads nothing, and carries the trace the renderer steps through; annotate --markdown escapes it.
// The page itself is driven in headless Chromium by test/e2e/export-page.mjs.
import { strict as assert } from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { analyze } from '../../src/engine/simulator';
import { buildExportHtml, exportData, inertJson } from '../../src/export/html';
import { annotateMarkdown, mdText, renderExport } from '../../src/export/cli';

const XSS = `console.log('</script><img src=x onerror=alert(1)>');
console.log("<!-- <script>alert(2)</script>", '</style>', "\\u2028");
setTimeout(() => console.log('\`\`\`</textarea><svg onload=alert(3)>'), 0);
`;
const media = path.join(__dirname, '../../media');

describe('share a run: HTML export', () => {
  const a = analyze(XSS, { trace: true, fileName: 'xss.js' });

  it('inert JSON: no < > & or line separators survive, and it parses back to the same data', () => {
    const data = exportData(a, XSS, 'xss.js');
    const text = inertJson(data);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(data)));
  });

  it('the page: one data block, one nonce script, a CSP without network, the program text nowhere as markup', () => {
    const html = buildExportHtml(exportData(a, XSS, 'xss.js'), 'console.log("renderer </script> inside")', 'body{}');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
    assert.equal(scripts.length, 2);
    assert.match(scripts[0][1], /type="application\/json" id="lens-data"/);
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(html)![1];
    assert.match(scripts[1][1], new RegExp(`nonce="${nonce}"`));
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|https?:\/\/(?!www\.w3\.org)/);
    assert.doesNotMatch(html, /<img|<svg|<textarea|<!-- <script/i);
    assert.equal(html.match(/<\/script>/gi)!.length, 2, 'the renderer\'s own "</script>" was escaped');
    // The data block holds the source exactly.
    const block = /<script type="application\/json" id="lens-data">([\s\S]*?)<\/script>/.exec(html)![1];
    assert.equal(JSON.parse(block).source, XSS);
  });

  it('with the built renderer: a complete page with every stop of the run', function () {
    if (!fs.existsSync(path.join(media, 'dist/export.js'))) this.skip();
    const r = renderExport(XSS, a, 'xss.js', media);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.ok(r.stops > 3);
    assert.ok(r.html.length < 2_000_000);
    assert.equal([...r.html.matchAll(/<script\b/gi)].length, 2);
  });
});

describe('share a run: annotate --markdown', () => {
  const a = analyze(XSS, { fileName: 'xss.js' });
  const md = annotateMarkdown(XSS, a, 'xss.js');

  it('the source sits in a fence longer than any backtick run in it', () => {
    assert.match(md, /\n````js\n/);
  });

  it('outputs in a table, escaped: markup shows as text in a renderer that allows HTML', () => {
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, 3);
    assert.doesNotMatch(rows.join('\n'), /<|>/);
    assert.match(rows[0], /&lt;\/script&gt;&lt;img src=x onerror=alert\\\(1\\\)&gt;/);
    assert.match(rows[2], /macrotask \\\(setTimeout 0 ms\\\)/);
  });

  it('mdText escapes Markdown punctuation and HTML', () => {
    assert.equal(mdText('a|b*c<d>&'), 'a\\|b\\*c&lt;d&gt;&amp;');
  });
});

describe('teaching views use no HTML sinks', () => {
  it('sections, predict view and the export host insert text only', () => {
    const dir = path.join(__dirname, '../../src/webview');
    for (const f of ['sections/teach.ts', 'sections/predict.ts', 'sections/dom.ts', 'exportHost.ts', 'exportPage.ts']) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.doesNotMatch(src, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, f);
    }
    const bundle = path.join(media, 'dist/export.js');
    if (fs.existsSync(bundle)) assert.doesNotMatch(fs.readFileSync(bundle, 'utf8'), /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('share a run: the CLI (dist/cli.js)', function () {
  this.timeout(60000);
  const cli = path.join(__dirname, '../../dist/cli.js');
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const os = require('os') as typeof import('os');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60000 });
  before(function () { if (!fs.existsSync(cli) || !fs.existsSync(path.join(media, 'dist/export.js'))) this.skip(); });

  it('export FILE --html OUT writes the page; without --html it is a clear usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-export-'));
    const file = path.join(dir, 'xss.js');
    fs.writeFileSync(file, XSS);
    const out = path.join(dir, 'xss.html');
    const r = run('export', file, '--html', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /wrote .*xss\.html \([\d,]+ bytes, [\d,]+ steps\)/);
    const html = fs.readFileSync(out, 'utf8');
    assert.equal([...html.matchAll(/<script\b/gi)].length, 2);
    assert.doesNotMatch(html, /<img|<svg/i);
    const bad = run('export', file);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /export writes HTML: add --html OUT/);
  });

  it('annotate FILE --markdown prints the Markdown', () => {
    const r = run('annotate', path.join(__dirname, '../../examples/event-loop.js'), '--markdown');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^## event\\-loop\\\.js — what it prints, and when/);
    assert.match(r.stdout, /\| 3 \| 10 \| microtask \\\(promise\\\) \| Promise Resolved 1 \|/);
  });
});
