// Driven test of the browser profile in a real VS Code (drive.mjs --script; run by
// test/e2e/run-browser.sh with eventLoopLens.runtime = browser): the inline hints of a file with a
// requestAnimationFrame callback, a user click (`// @lens click`) and a MutationObserver, then the
// step-through panel's Rendering lane at the frame's rendering step. Screenshots go to --out.
export default async ({ page, helpers }) => {
  const checks = {};
  const problems = [];
  const check = (name, ok, detail) => { checks[name] = { ok: !!ok, detail }; if (!ok) problems.push(name); };

  // ---- 1. hints
  let decorations = [];
  for (let i = 0; i < 40; i++) {
    decorations = (await helpers.readEditor('/browser.js'))?.decorations ?? [];
    if (decorations.some((d) => /animation frame/.test(d.text))) break;
    await helpers.settle(500);
  }
  const text = (line) => decorations.filter((d) => d.line === line).map((d) => d.text).join(' ');
  check('hint: animation frame', /animation frame · frame 1 \(16\.7 ms\)/.test(text(15)), text(15));
  check('hint: user click task', /task · click #buy/.test(text(10)), text(10));
  check('hint: MutationObserver microtask', /microtask · MutationObserver/.test(text(7)), text(7));
  check('hint: timer', /macrotask · setTimeout 0 ms/.test(text(16)), text(16));
  await helpers.screenshot('browser-hints');

  // ---- 2. the step-through panel's Rendering lane
  await helpers.runCommand('Event Loop Lens: Step Through File');
  let f = null;
  for (let i = 0; i < 120 && !f; i++) {
    for (const fr of page.frames()) {
      if (!/\/webview\//.test(fr.url())) continue;
      try { if (await fr.evaluate(() => !!document.querySelector('.controls'))) f = fr; } catch { /* navigating */ }
    }
    if (!f) await page.waitForTimeout(250);
  }
  check('panel: opened', !!f, null);
  if (f) {
    await f.waitForFunction(() => /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 30000 });
    const read = () => f.evaluate(() => ({
      step: document.querySelector('.step-label')?.textContent ?? '',
      phase: document.querySelector('.badge.phase')?.textContent ?? '',
      headings: [...document.querySelectorAll('.box')].filter((b) => getComputedStyle(b).display !== 'none').map((b) => b.querySelector('h2 span').textContent),
      rendering: [...document.querySelectorAll('#rendering .items > li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
      bars: [...document.querySelectorAll('.timeline .bar')].map((b) => b.className.replace('bar ', '').split(' ')[0]),
    }));
    const start = await read();
    check('panel: Rendering lane shown', start.headings.includes('Rendering'), start.headings);
    check('panel: node-only queues hidden', !start.headings.includes('nextTick Queue'), start.headings);
    check('panel: frames on the timeline', start.bars.includes('bar-frame') && start.bars.includes('bar-render'), start.bars);
    // Step until the animation-frame queue holds the rAF callback, then on to the frame's rendering step.
    let queued = null, rendering = null;
    for (let i = 0; i < 200 && !rendering; i++) {
      const s = await read();
      if (!queued && s.rendering.some((t) => /requestAnimationFrame/.test(t))) {
        queued = s;
        await helpers.screenshot('browser-raf-queued');
      }
      if (s.phase === 'Rendering') rendering = s;
      else {
        const before = s.step;
        await f.locator('button[aria-label="Step forward"]').click();
        for (let j = 0; j < 40; j++) { if ((await read()).step !== before) break; await page.waitForTimeout(50); }
      }
    }
    check('panel: rAF callback waits in the animation-frame queue', !!queued, queued?.rendering);
    check('panel: the rendering step', !!rendering && rendering.rendering.some((t) => /update the rendering/.test(t)) && rendering.rendering.some((t) => /1 frame rendered · last at 16\.667 ms/.test(t)), rendering?.rendering);
    await helpers.screenshot('browser-rendering-step');
  }
  return { ok: problems.length === 0, problems, checks };
};
