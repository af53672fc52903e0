// Custom steps for drive.mjs (run after it opened drive.js and hovered `label`):
// hover the inline hint of the timer's line, open the execution log, break the syntax (stale
// hints + one diagnostic), read the status bar. Screenshots go to the --out folder.
export default async ({ page, helpers }) => {
  const out = {};
  const suffix = '/drive.js';
  await page.keyboard.press('Escape');
  await page.mouse.move(1, 1);
  await helpers.settle(500);

  // 1. Hover the after-text of the hint "⑤ macrotask · setTimeout …" (line 4).
  const box = await page.evaluate(() => {
    for (const s of document.querySelectorAll('.monaco-editor .view-lines > .view-line span')) {
      const c = getComputedStyle(s, '::after').content;
      if (c && c.includes('⑤')) {
        const r = s.getBoundingClientRect();
        return { x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2, w: r.width };
      }
    }
    return null;
  });
  out.hintBox = box;
  if (box) {
    await page.mouse.move(box.x - 5, box.y);
    await page.mouse.move(box.x, box.y, { steps: 3 });
    try {
      await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-resizable-hover .monaco-hover-content').first().waitFor({ state: 'visible', timeout: 10000 });
      await helpers.settle(800);
      out.hintHover = await page.evaluate(() => [...document.querySelectorAll('.monaco-hover-content')]
        .filter((e) => e.offsetWidth || e.offsetHeight).map((e) => e.innerText.trim()).filter(Boolean).join('\n---\n'));
    } catch (err) {
      out.hintHoverError = String(err);
    }
    await helpers.screenshot('hint-hover');
  }
  await page.mouse.move(1, 1);
  await page.keyboard.press('Escape');

  // 2. The status bar summary.
  out.statusBar = (await helpers.readChrome()).statusBar.filter((s) => /task|microtask|stopped|syntax/.test(s.text));

  // 3. Execution log (output channel).
  await helpers.runCommand('Event Loop Lens: Show Execution Log');
  await helpers.settle(1500);
  out.executionLog = await page.evaluate(() => {
    const el = [...document.querySelectorAll('.monaco-editor')].find((e) => (e.getAttribute('data-uri') || '').includes('output'));
    return el ? el.querySelector('.view-lines')?.innerText.replace(/\u00a0/g, ' ') : null;
  });
  await helpers.screenshot('execution-log');

  // 4. Break the syntax at the end of the file: the hints stay, marked stale; one diagnostic.
  await page.locator('.monaco-editor[data-uri$="drive.js"] .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nlet 1x = ;', { delay: 20 });
  await helpers.settle(2000);
  out.staleEditor = (await helpers.readEditor(suffix))?.decorations ?? null;
  out.statusBarStale = (await helpers.readChrome()).statusBar.filter((s) => /task|microtask|stopped|syntax/.test(s.text));
  await helpers.runCommand('View: Focus Problems (Errors, Warnings, Infos)').catch(() => undefined);
  await helpers.settle(1000);
  out.problems = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
  await helpers.screenshot('syntax-error-stale-hints');
  // Undo the edit so nothing is left modified.
  await page.locator('.monaco-editor[data-uri$="drive.js"] .view-lines').first().click();
  for (let i = 0; i < 15; i++) {
    const lines = (await helpers.readEditor(suffix))?.lines ?? [];
    if (!lines.some((l) => /let 1x|^let/.test(l.text)) && lines.filter((l) => l.line > 10).length === 0) break;
    await page.keyboard.press('Control+Z');
    await helpers.settle(150);
  }
  await helpers.settle(1500);
  out.afterUndo = (await helpers.readEditor(suffix))?.decorations ?? null;
  return out;
};
