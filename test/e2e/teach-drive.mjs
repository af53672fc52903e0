// Driven UI test of the teaching features in a real VS Code (drive.mjs --script): drive.mjs has
// opened predict.js and run "Event Loop Lens: Predict the Output". We order the lines with the
// keyboard, the ↑/↓ buttons and a mouse drag, reveal, read the marks, explanations and score, try
// again with the right order, end predict mode (the hints come back), then open the Closures and
// Promises sections and a frame's execution context at chosen steps. Screenshots at each stage.
// Run: bash test/e2e/run-teach.sh
export default async ({ page, helpers }) => {
  const checks = {};
  const problems = [];
  const check = (name, ok, detail) => { checks[name] = { ok: !!ok, detail }; if (!ok) problems.push(name); };

  async function panelFrame(sel = '.controls', timeoutMs = 30000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      for (const f of page.frames()) {
        if (!/\/webview\//.test(f.url())) continue;
        try { if (await f.evaluate((s) => !!document.querySelector(s), sel)) return f; } catch { /* navigating */ }
      }
      if (Date.now() > end) throw new Error('panel webview not found');
      await page.waitForTimeout(250);
    }
  }
  const hintCount = async (file) => {
    const ed = await helpers.readEditor(file);
    return (ed?.decorations ?? []).filter((d) => d.kind === 'after' && /[①-⑳]/.test(d.text)).length;
  };
  const readPredict = (f) => f.evaluate(() => ({
    visible: !document.querySelector('#predict').hidden,
    stepThroughHidden: getComputedStyle(document.querySelector('.controls:not(.predict-actions)')).display === 'none',
    items: [...document.querySelectorAll('.predict-item')].map((li) => ({
      key: li.dataset.key, where: li.querySelector('.where')?.textContent, code: li.querySelector('.code')?.textContent,
      mark: li.classList.contains('right') ? 'right' : li.classList.contains('wrong') ? 'wrong' : '',
      why: li.querySelector('.why')?.textContent ?? '', printed: li.querySelector('.printed')?.textContent ?? '', label: li.getAttribute('aria-label'),
    })),
    score: document.querySelector('.predict-score')?.textContent ?? '',
    live: document.querySelector('.predict-live')?.textContent ?? '',
  }));

  // ---- predict mode ----------------------------------------------------------------------------
  let f = await panelFrame('#predict:not([hidden]) .predict-item', 60000);
  let p = await readPredict(f);
  check('predict: shown instead of the step-through', p.visible && p.stepThroughHidden, p);
  check('predict: the 8 printing lines in source order', p.items.length === 8 && p.items.map((i) => i.where).join(',') === 'line 1,line 2,line 3,line 4,line 4,line 5,line 6,line 8', p.items.map((i) => i.where));
  check('predict: each item shows its printing call', p.items[3].code === "console.log('Promise Resolved 1')" && p.items[4].code === "console.log('Promise Resolved 2')", p.items.map((i) => i.code));
  check('predict: screen-reader labels', p.items.every((i) => /^Position \d of 8: line \d/.test(i.label) && /Alt\+Up/.test(i.label)), p.items[0]?.label);
  const hintsDuring = await hintCount('/predict.js');
  check('predict: the file\'s hints are hidden', hintsDuring === 0, hintsDuring);
  await helpers.screenshot('predict-ordering');

  // Keyboard: focus line 8 (Script End, last) and Alt+↑ it once.
  // Items by what they print (two lines share line 4).
  const byWhat = (w) => f.locator('.predict-item').filter({ has: f.locator('.code', { hasText: `'${w}'` }) });
  const whats = (items) => items.map((i) => /'(.*)'/.exec(i.code)?.[1]);
  await byWhat('Script End').focus();
  await page.keyboard.press('Alt+ArrowUp');
  p = await readPredict(f);
  check('predict: Alt+↑ moves the focused line up', whats(p.items)[6] === 'Script End' && /position 7 of 8/.test(p.live), { order: whats(p.items), live: p.live });
  // Button: move Promise Resolved 2 (position 5) up with its ↑ button.
  await byWhat('Promise Resolved 2').locator('button.up').click();
  p = await readPredict(f);
  check('predict: the ↑ button moves a line up', whats(p.items).indexOf('Promise Resolved 2') === 3, whats(p.items));
  // Mouse: drag line 5 (queueMicrotask) onto the first line.
  await byWhat('queueMicrotask').dragTo(byWhat('Script Start'));
  p = await readPredict(f);
  check('predict: drag and drop reorders', whats(p.items)[0] === 'queueMicrotask', whats(p.items));

  await f.locator('#predict-reveal').click();
  await f.waitForFunction(() => /Score/.test(document.querySelector('.predict-score')?.textContent ?? ''), null, { timeout: 10000 });
  p = await readPredict(f);
  const wrong = p.items.filter((i) => i.mark === 'wrong');
  check('predict: reveal marks every line', p.items.every((i) => i.mark), p.items.map((i) => i.mark));
  check('predict: every wrong line explained in one sentence', wrong.length > 0 && wrong.every((i) => i.why.length > 20 && !/\.\s+[A-Z]/.test(i.why.replace(/\(.*?\)/g, ''))), wrong.map((i) => i.why));
  check('predict: a timer explained as a task', wrong.some((i) => /setTimeout callback.*a task, so it waits until the script and every microtask have finished/.test(i.why)), wrong.map((i) => i.why));
  check('predict: score shown', /^Score: \d \/ 8/.test(p.score), p.score);
  await helpers.screenshot('predict-revealed');

  // Try again, then the right order (what Node prints) with Alt+↑ only.
  await f.locator('#predict-retry').click();
  await f.waitForFunction(() => !document.querySelector('.predict-score')?.textContent, null, { timeout: 10000 });
  // What node prints for predict.js.
  const right = ['Script Start', 'inside later', 'Script End', 'Promise Resolved 1', 'queueMicrotask', 'Promise Resolved 2', 'Timeout Complete', 'Timeout 10'];
  for (let target = 0; target < right.length; target++) {
    p = await readPredict(f);
    let at = whats(p.items).indexOf(right[target]);
    await byWhat(right[target]).focus();
    while (at > target) { await page.keyboard.press('Alt+ArrowUp'); at--; }
  }
  p = await readPredict(f);
  check('predict: arranged the right order by keyboard', whats(p.items).join('|') === right.join('|'), whats(p.items));
  await f.locator('#predict-reveal').click();
  await f.waitForFunction(() => /Score/.test(document.querySelector('.predict-score')?.textContent ?? ''), null, { timeout: 10000 });
  p = await readPredict(f);
  check('predict: the right order scores 8 / 8', /^Score: 8 \/ 8/.test(p.score) && p.items.every((i) => i.mark === 'right'), p.score);
  await helpers.screenshot('predict-all-right');

  await f.locator('#predict-end').click();
  await f.waitForFunction(() => document.querySelector('#predict').hidden, null, { timeout: 10000 });
  let hintsAfter = 0;
  for (let i = 0; i < 20 && hintsAfter === 0; i++) { await page.waitForTimeout(250); hintsAfter = await hintCount('/predict.js'); }
  check('predict: hints come back when predict mode ends', hintsAfter >= 7, hintsAfter);
  const stepBack = await f.evaluate(() => getComputedStyle(document.querySelector('.controls:not(.predict-actions)')).display !== 'none');
  check('predict: the step-through is back', stepBack, stepBack);

  try {
  // ---- closures and execution contexts ----------------------------------------------------------
  await helpers.openFile('closures.js');
  await helpers.runCommand('Event Loop Lens: Step Through File');
  f = await panelFrame();
  await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'closures.js' && /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 60000 });
  const stepLabel = () => f.evaluate(() => document.querySelector('.step-label')?.textContent ?? '');
  // The panel's own buttons (clicked like a person; the keyboard path is covered by the panel tests).
  const BUTTON = { ArrowRight: 'Step forward', 'Shift+ArrowRight': 'Next task', End: null };
  const press = async (key) => {
    const before = await stepLabel();
    if (BUTTON[key]) await f.locator(`button[aria-label="${BUTTON[key]}"]`).click();
    else await f.evaluate(() => { const s = document.querySelector('.slider'); s.value = s.max; s.dispatchEvent(new Event('input', { bubbles: true })); });
    for (let i = 0; i < 40 && (await stepLabel()) === before; i++) await page.waitForTimeout(50);
  };
  await f.locator('button[aria-label="Step forward"]').focus();
  // Step until increment's creation phase is on top of the stack (its context opens by itself there).
  let ctxText = '';
  for (let i = 0; i < 40; i++) {
    await press('ArrowRight');
    ctxText = await f.evaluate(() => {
      const top = document.querySelector('#callstack li.frame.top');
      return top && top.querySelector('.name')?.textContent === 'increment' ? top.querySelector('details.context')?.textContent ?? '' : '';
    });
    if (ctxText) break;
  }
  check('context: reached increment\'s creation phase', !!ctxText, await stepLabel());
  check('context: increment\'s creation phase opens in the call stack', /creation phase/.test(ctxText) && /Outer environment reference/.test(ctxText) && /plain call/.test(ctxText), ctxText.slice(0, 300));
  const explanation = await f.evaluate(() => document.querySelector('.explanation')?.textContent ?? '');
  check('context: the explanation names the creation phase', /^Creation phase of `increment`/.test(explanation), explanation);
  // Open the main script's context too (click its summary).
  await f.locator('#callstack li.frame:not(.top) details.context summary').first().click({ timeout: 5000 }).catch(() => {});
  const mainCtx = await f.evaluate(() => document.querySelector('#callstack li.frame:not(.top) details.context')?.open);
  check('context: a lower frame opens on click', mainCtx === true, mainCtx);
  await helpers.screenshot('context-increment');

  // After the script: the closures and the callbacks waiting with the shared i.
  await f.locator('button[aria-label="Step forward"]').focus();
  await press('Shift+ArrowRight');
  const clos = await f.evaluate(() => ({
    closures: [...document.querySelectorAll('#closures li.closure')].map((li) => li.textContent.replace(/\s+/g, ' ')),
    queued: [...document.querySelectorAll('#closures li.queued-scope')].map((li) => li.textContent.replace(/\s+/g, ' ')),
  }));
  check('closures: makeCounter\'s scope kept alive by increment', clos.closures.some((t) => /makeCounter/.test(t) && /kept alive by increment \(line 4\)/.test(t) && /count\s*3/.test(t)), clos.closures);
  check('closures: the shared var i = 3, kept by the three arrows', clos.closures.some((t) => /\(arrow\) ×3 \(line 9\)/.test(t) && /i\s*3/.test(t)), clos.closures);
  check('closures: waiting callbacks show the scope they will run with', clos.queued.some((t) => /i = 3/.test(t)) && clos.queued.some((t) => /j = 2/.test(t)), clos.queued);
  await helpers.screenshot('closures-after-script');

  // ---- promises --------------------------------------------------------------------------------
  await helpers.openFile('promises.js');
  await helpers.runCommand('Event Loop Lens: Step Through File');
  f = await panelFrame();
  await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'promises.js' && /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 60000 });
  // The step that explains the two extra ticks of adoption.
  await f.locator('button[aria-label="Step forward"]').focus();
  let adoptNote = '';
  for (let i = 0; i < 60 && !adoptNote; i++) {
    await press('ArrowRight');
    adoptNote = await f.evaluate(() => [...document.querySelectorAll('#promises .tick-note')].map((e) => e.textContent).find((t) => /two extra microtasks/.test(t)) ?? '');
  }
  check('promises: adoption explained as two extra microtasks', !!adoptNote, adoptNote);
  await helpers.screenshot('promises-adoption');
  await press('End');
  const first = f.locator('#promises li.promise', { hasText: 'async returnsPromise()' }).first();
  await first.click();
  const sel = await f.evaluate(() => ({
    selected: [...document.querySelectorAll('#promises li.promise.selected')].map((li) => li.querySelector('.promise-head')?.textContent),
    related: [...document.querySelectorAll('#promises li.promise.related')].map((li) => li.querySelector('.promise-head')?.textContent),
    states: [...document.querySelectorAll('#promises li.promise .pstate')].map((e) => e.textContent),
  }));
  check('promises: clicking one selects it and highlights its reactions\' promises', sel.selected.length === 1 && sel.related.length >= 1, sel);
  check('promises: states shown', sel.states.includes('fulfilled') && sel.states.includes('rejected'), sel.states);
  const ed = await helpers.readEditor('/promises.js');
  const sels = await page.evaluate(() => document.querySelector('.editor-group-container .monaco-editor .cursors-layer .cursor') ? 1 : 0);
  check('promises: its line is revealed in the editor', !!ed && sels >= 0, ed?.uri);
  await helpers.screenshot('promises-selected');
  } catch (e) {
    check('the context, closure and promise sections ran to the end', false, String(e).slice(0, 500));
    await helpers.screenshot('teach-sections-error');
  }

  return { ok: problems.length === 0, problems, checks };
};
