// Driven UI test of the step-through panel (drive.mjs --script). drive.mjs has already opened
// classic.js and run "Event Loop Lens: Step Through File" from the Command Palette. Here we click
// the panel's buttons like a person, read the panel's text from the webview, check that HTML in
// console output renders as text, move the slider over a long run, and take screenshots.
import { panelFrame as findPanelFrame } from './panel-frame.mjs';

export default async ({ page, helpers }) => {
  const checks = {};
  const problems = [];
  const check = (name, ok, detail) => { checks[name] = { ok: !!ok, detail }; if (!ok) problems.push(name); };

  const panelFrame = (timeoutMs) => findPanelFrame(page, timeoutMs);

  const read = (f) => f.evaluate(() => {
    const list = (id) => [...document.querySelectorAll(`#${id} .items > li`)].map((li) => li.textContent.replace(/\s+/g, ' ').trim());
    return {
      title: document.querySelector('.title')?.textContent ?? '',
      step: document.querySelector('.step-label')?.textContent ?? '',
      phase: document.querySelector('.badge.phase')?.textContent ?? '',
      clock: document.querySelector('.badge.clock')?.textContent ?? '',
      explanation: document.querySelector('.explanation')?.textContent ?? '',
      headings: [...document.querySelectorAll('.box')].filter((b) => getComputedStyle(b).display !== 'none').map((b) => b.querySelector('h2 span').textContent),
      callStack: list('callstack'), webApis: list('webapis'), taskQueue: list('taskqueue'), microtaskQueue: list('microtaskqueue'),
      nextTickQueue: list('nexttickqueue'), immediateQueue: list('immediatequeue'),
      console: [...document.querySelectorAll('#console .console-line .text')].map((e) => e.textContent),
      scope: list('scope'),
      imgCount: document.querySelectorAll('img').length,
      scriptCount: [...document.querySelectorAll('script')].filter((e) => /alert/.test(e.textContent)).length,
      bars: document.querySelectorAll('.timeline .bar').length,
      status: document.querySelector('.status')?.textContent ?? '',
    };
  });

  const waitStepChange = async (f, prev, timeoutMs = 5000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await f.evaluate(() => document.querySelector('.step-label')?.textContent ?? '');
      if (s && s !== prev) return s;
      if (Date.now() > end) return s;
      await page.waitForTimeout(50);
    }
  };

  const click = async (f, label) => {
    const before = await f.evaluate(() => document.querySelector('.step-label')?.textContent ?? '');
    await f.locator(`button[aria-label="${label}"]`).click();
    await waitStepChange(f, before);
  };

  // ---- classic example ---------------------------------------------------------------------------
  let f = await panelFrame();
  await f.waitForFunction(() => /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 30000 });
  const first = await read(f);
  check('classic: title', first.title === 'classic.js', first.title);
  check('classic: headings', ['Call Stack', 'Web APIs', 'Task Queue', 'Microtask Queue', 'Console', 'Scope'].every((h) => first.headings.includes(h)), first.headings);
  check('classic: node queues shown', first.headings.includes('nextTick Queue') && first.headings.includes('Immediate Queue'), first.headings);
  check('classic: timeline drawn', first.bars >= 3, first.bars);
  await helpers.screenshot('panel-start');

  const seen = [];
  for (let i = 0; i < 4; i++) { await click(f, 'Step forward'); seen.push(await read(f)); }
  check('classic: step forward moves', new Set(seen.map((s) => s.step)).size === 4, seen.map((s) => s.step));
  await helpers.screenshot('panel-stepped');

  // Run to each console output and read what the panel says there.
  await click(f, 'Restart');
  const outputs = [];
  for (let i = 0; i < 6; i++) {
    const s0 = await read(f);
    if (s0.console.length >= 5) break;
    await click(f, 'Next output');
    const s1 = await read(f);
    outputs.push(s1);
    if (s1.console.length === 2) await helpers.screenshot('panel-script-end');
    if (s1.console.length === 3) await helpers.screenshot('panel-microtask');
  }
  const afterEnd = outputs.find((o) => o.console.length === 2);
  check('classic: after Script End, a microtask and a timer wait', !!afterEnd && afterEnd.microtaskQueue.length === 1 && !/empty/.test(afterEnd.microtaskQueue[0]) && afterEnd.webApis.some((w) => /setTimeout/.test(w) && /due at 1 ms/.test(w)), afterEnd && { micro: afterEnd.microtaskQueue, web: afterEnd.webApis });
  const atP1 = outputs.find((o) => o.console.length === 3);
  check('classic: Promise Resolved 1 printed from a microtask', !!atP1 && atP1.console[2] === 'Promise Resolved 1', atP1 && atP1.console);
  const last = await read(f);
  check('classic: console in order', JSON.stringify(last.console) === JSON.stringify(['Script Start', 'Script End', 'Promise Resolved 1', 'Promise Resolved 2', 'Timeout Complete']), last.console);
  check('classic: explanation present', last.explanation.length > 10, last.explanation);
  await helpers.screenshot('panel-timeout');

  // The editor follows: the ▶ marker decoration sits on the current line.
  const ed = await helpers.readEditor('/classic.js');
  const marked = (ed?.decorations ?? []).filter((d) => d.kind === 'before' && d.text === '▶');
  check('classic: editor highlight on a console.log line', marked.length === 1 && /console\.log/.test(ed.lines.find((l) => l.line === marked[0].line)?.text ?? ''), marked);

  // Step back returns to the previous text.
  const beforeBack = await read(f);
  await click(f, 'Step back');
  await click(f, 'Step forward');
  const again = await read(f);
  check('classic: back then forward shows the same state', JSON.stringify(again) === JSON.stringify(beforeBack), { before: beforeBack.step, after: again.step });

  // Keyboard: focus a button, press Home → restart.
  await f.locator('button[aria-label="Step forward"]').focus();
  const prevStep = (await read(f)).step;
  await page.keyboard.press('Home');
  const home = await waitStepChange(f, prevStep);
  check('classic: Home key restarts', home !== prevStep, { prevStep, home });

  // Console click jumps to the step that printed it.
  await f.locator('button[aria-label="Restart"]').isEnabled();
  await page.keyboard.press('End');
  await waitStepChange(f, home);
  const endStep = (await read(f)).step;
  await f.locator('#console .console-line').nth(1).click();
  const jumped = await waitStepChange(f, endStep);
  const atJump = await read(f);
  check('classic: console click jumps to its step', jumped !== endStep && atJump.console.length === 2, { jumped, console: atJump.console });

  // Keyboard shortcut from the editor (Ctrl+Alt+. = step forward; not a debugger key).
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
  const beforeKey = (await read(f)).step;
  await page.keyboard.press('Control+Alt+Period');
  const afterKey = await waitStepChange(f, beforeKey, 3000);
  check('classic: Ctrl+Alt+. in the editor steps forward', afterKey !== beforeKey, { beforeKey, afterKey });

  // The editor-title button for JavaScript files.
  const titleActions = await page.evaluate(() => [...document.querySelectorAll('.editor-actions .action-item a, .editor-actions .action-item .action-label')]
    .map((a) => a.getAttribute('aria-label') || a.getAttribute('title') || '').filter(Boolean));
  check('classic: editor title has the Step Through button', titleActions.some((t) => /Step Through File/.test(t)), titleActions);

  // ---- XSS example ---------------------------------------------------------------------------------
  await helpers.openFile('xss.js');
  await helpers.runCommand('Event Loop Lens: Step Through File');
  await page.waitForTimeout(500);
  f = await panelFrame();
  await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'xss.js', null, { timeout: 30000 });
  await f.locator('button[aria-label="Step forward"]').focus();
  await page.keyboard.press('End');
  await f.waitForFunction(() => document.querySelectorAll('#console .console-line').length >= 3, null, { timeout: 10000 }).catch(() => {});
  const x = await read(f);
  check('xss: payload shown as text', x.console.includes('<img src=x onerror=alert(1)>'), x.console);
  check('xss: script-looking output shown as text', x.console.includes('<script>alert("x")</script> & <b>not bold</b>'), x.console);
  check('xss: no element injected', x.imgCount === 0 && x.scriptCount === 0, { img: x.imgCount, script: x.scriptCount });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.waitForTimeout(300);
  check('xss: no alert fired', dialogs.length === 0, dialogs);
  await helpers.screenshot('panel-xss');

  // ---- long run: the slider ---------------------------------------------------------------------------
  await helpers.openFile('long.js');
  await helpers.runCommand('Event Loop Lens: Step Through File');
  f = await panelFrame();
  await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'long.js' && /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 60000 });
  const max = Number(await f.evaluate(() => document.querySelector('.slider').max));
  const t0 = Date.now();
  // Drag-like burst: 60 input events in quick succession, then wait for the panel to settle on the last.
  await f.evaluate(async (mx) => {
    const s = document.querySelector('.slider');
    for (let i = 1; i <= 60; i++) {
      s.value = String(Math.round((mx * i) / 60 * 0.77));
      s.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 8));
    }
  }, max);
  const want = Math.round(max * 0.77);
  await f.waitForFunction((w) => Number(document.querySelector('.slider').value) === w && !document.querySelector('.status.busy'), want, { timeout: 10000 }).catch(() => {});
  const settleMs = Date.now() - t0;
  const longState = await read(f);
  check('long: slider settles quickly on the last position', settleMs < 3000 && Number(await f.evaluate(() => document.querySelector('.slider').value)) === want, { max, settleMs, step: longState.step });
  await helpers.screenshot('panel-long-slider');

  // ---- window reload: the serializer restores the panel at the same position ---------------------
  const beforeReload = await read(f);
  await page.waitForTimeout(1000); // let the webview state (setState) and the position memento settle
  // "Developer: Reload Window" shuts the workbench down properly (state flushed), like a user would.
  const nav = page.waitForEvent('framenavigated', { predicate: (fr) => fr === page.mainFrame(), timeout: 60000 }).catch(() => null);
  await helpers.runCommand('Developer: Reload Window');
  await nav;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  let restored = null;
  try {
    // A restored panel that is not the active tab of its group loads when shown: show it.
    const tab = page.locator('.tabs-container .tab', { hasText: 'Event Loop:' }).first();
    await tab.waitFor({ timeout: 60000 });
    await tab.click();
    f = await panelFrame(60000);
    await f.waitForFunction(() => document.querySelector('.title')?.textContent === 'long.js' && /Step \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 60000 });
    restored = await read(f);
  } catch (e) { restored = { error: String(e) }; }
  check('reload: panel restored on the same file and step', !!restored && restored.title === 'long.js' && restored.step === beforeReload.step, { before: beforeReload.step, after: restored && (restored.step ?? restored.error) });
  await helpers.screenshot('panel-after-reload');

  return { ok: problems.length === 0, problems, checks };
};
