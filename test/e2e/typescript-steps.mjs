// Custom steps for drive.mjs in the TypeScript driven test (test/e2e/drive-typescript.sh), run after
// it opened drive.ts and hovered `total`: read the Problems panel (line and column of each finding),
// the squiggle under the TDZ read, then open the step-through panel on the .ts file.
export default async ({ page, helpers }) => {
  const out = {};
  await page.keyboard.press('Escape');
  await page.mouse.move(1, 1);
  await helpers.settle(500);

  // 1. The squiggle of the TDZ read on line 10: its left edge must be at `later`'s column.
  out.squiggle = await page.evaluate(() => {
    const editor = [...document.querySelectorAll('.monaco-editor')].find((e) => (e.getAttribute('data-uri') || '').endsWith('/drive.ts'));
    if (!editor) return null;
    const lines = [...editor.querySelectorAll('.view-lines > .view-line')];
    const line10 = lines.find((l) => l.innerText.replace(/\u00a0/g, ' ').startsWith('function early()'));
    const squiggles = [...editor.querySelectorAll('.view-overlays .squiggly-warning, .view-overlays [class*="squiggly-warning"]')];
    if (!line10 || !squiggles.length) return { line10: !!line10, squiggles: squiggles.length };
    const top = line10.getBoundingClientRect().top;
    const sq = squiggles.map((s) => s.getBoundingClientRect()).find((r) => Math.abs(r.top - top) < 4);
    // Where `later` starts in line 10, in pixels: a Range over the text node.
    const text = line10.innerText.replace(/\u00a0/g, ' ');
    const col = text.indexOf('later');
    let x = null;
    const walker = document.createTreeWalker(line10, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.textContent.length;
      if (seen + len > col) {
        const r = document.createRange();
        r.setStart(n, col - seen);
        r.setEnd(n, col - seen + 1);
        x = r.getBoundingClientRect().left;
        break;
      }
      seen += len;
    }
    return { column: col, laterLeft: x, squiggleLeft: sq ? sq.left : null, squiggleWidth: sq ? sq.width : null, charWidth: x !== null ? line10.getBoundingClientRect().width / Math.max(1, text.length) : null };
  });
  await helpers.screenshot('typescript-hints-and-squiggle');

  // 2. The Problems panel: each finding with its line and column.
  await helpers.runCommand('View: Focus Problems (Errors, Warnings, Infos)').catch(() => undefined);
  await helpers.settle(1200);
  out.problems = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
  await helpers.screenshot('typescript-problems');

  // 3. Step through the TypeScript file (the command is offered for typescript editors).
  await page.locator('.monaco-editor[data-uri$="drive.ts"] .view-lines').first().click();
  await helpers.runCommand('Event Loop Lens: Step Through File');
  await helpers.settle(2500);
  out.webviews = (await helpers.readWebviews({ waitMs: 4000 })).map((w) => (w.text || '').slice(0, 2000));
  await helpers.screenshot('typescript-step-through');
  return out;
};
