// The exported HTML page (event-loop-lens export FILE --html OUT) opened from disk in headless
// Chromium: every example navigates with the keyboard, nothing loads from the network, no dialog
// opens, no script of the program runs, program text shows as text. A screenshot per example in
// test-output/export/. Run: node test/e2e/export-page.mjs  (after npm run build)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const paths = JSON.parse(fs.readFileSync(path.join(process.env.HOME, '.cache/vscode-e2e/paths.json'), 'utf8'));
const require = createRequire(import.meta.url);
const { chromium } = require(paths.playwrightCore);
const outDir = path.join(root, 'test-output', 'export');
fs.mkdirSync(outDir, { recursive: true });

const examples = (process.argv.slice(2).length ? process.argv.slice(2) : fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.js')).map((f) => path.join('examples', f)));
// The XSS probe the issue names: it tries to close the data block and run markup.
const probe = path.join(outDir, 'xss-probe.js');
fs.writeFileSync(probe, `console.log('</script><img src=x onerror=alert(1)>');\nconsole.log("<!-- <script>window.__pwned = 1</script>");\nsetTimeout(() => console.log('</style><svg onload=alert(2)>'), 0);\nglobalThis.__pwned = 2;\n`);
examples.push(path.relative(root, probe));

const results = [];
const browser = await chromium.launch({ executablePath: paths.chromium, args: ['--no-sandbox'] });
try {
  for (const ex of examples) {
    const name = path.basename(ex, '.js');
    const html = path.join(outDir, `${name}.html`);
    execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'export', path.join(root, ex), '--html', html], { stdio: 'pipe' });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const requests = [];
    const dialogs = [];
    const errors = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto('file://' + html);
    await page.waitForSelector('.step-label');
    const stepText = () => page.evaluate(() => document.querySelector('.step-label')?.textContent ?? '');
    const first = await stepText();
    const explanations = [];
    await page.focus('body');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(40);
      explanations.push(await page.evaluate(() => document.querySelector('.explanation')?.textContent ?? ''));
    }
    const afterSteps = await stepText();
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
    const end = await page.evaluate(() => ({
      step: document.querySelector('.step-label')?.textContent ?? '',
      console: [...document.querySelectorAll('#console .console-line .text')].map((e) => e.textContent),
      sourceLines: document.querySelectorAll('#source li').length,
      hints: [...document.querySelectorAll('#source .hint')].map((e) => e.textContent),
      current: document.querySelector('#source li.current .ln')?.textContent ?? '',
      imgs: document.querySelectorAll('img, svg').length,
      pwned: (window).__pwned,
      scripts: document.querySelectorAll('script').length,
      promises: document.querySelectorAll('#promises li.promise').length,
      closures: document.querySelectorAll('#closures li.closure').length,
    }));
    // Back to a middle step for the screenshot: Home, then forward to the first console output.
    await page.keyboard.press('Home');
    await page.keyboard.press('o');
    await page.keyboard.press('o');
    await page.waitForTimeout(100);
    const shot = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    const ok = first !== afterSteps && end.step.startsWith('Step ') && requests.length === 0 && dialogs.length === 0 && errors.length === 0 && end.imgs === 0 && end.pwned === undefined && end.scripts === 2 && end.sourceLines > 0;
    results.push({ name, ok, first, afterSteps, end, requests, dialogs, errors, explanations: explanations.slice(0, 3), shot });
    await context.close();
  }
} finally {
  await browser.close();
}
const probeResult = results.find((r) => r.name === 'xss-probe');
const probeOk = probeResult && probeResult.end.console.some((t) => t === "</script><img src=x onerror=alert(1)>") && probeResult.end.console.some((t) => t.includes('<svg onload=alert(2)>'));
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.first} → ${r.afterSteps} → ${r.end.step}; ${r.end.console.length} console lines, ${r.end.hints.length} hints, ${r.end.promises} promises, ${r.end.closures} closures; requests ${r.requests.length}, dialogs ${r.dialogs.length}, errors ${r.errors.join(' | ') || 0}`);
console.log(`${probeOk ? 'ok  ' : 'FAIL'} the XSS probe prints its markup as text`);
process.exit(results.every((r) => r.ok) && probeOk ? 0 : 1);
