// Custom steps for drive.mjs (after it opened modules/main.js and ran "Simulate From This File"):
// open the imported lib.js, read its hints (from main.js's run), type an unsaved edit into it, and
// read the hints again; the pinned entry shows in the status bar. Screenshots go to --out.
export default async ({ page, helpers }) => {
  const out = {};
  await helpers.settle(1500);
  out.statusBar = (await helpers.readChrome()).statusBar.filter((s) => /Entry/.test(s.text)).map((s) => s.text);
  await helpers.openFile('modules/lib.js');
  await page.waitForFunction(() => [...document.querySelectorAll('.view-line span')].some((s) => (getComputedStyle(s, '::after').content || '').includes('hello Ada')), null, { timeout: 90000 });
  await helpers.settle(800);
  out.before = (await helpers.readEditor('/modules/lib.js')).decorations;
  await helpers.screenshot('lib-hints-from-main');
  // An unsaved edit: one more line of output at the end of greet's body (the tab shows it dirty).
  await page.keyboard.press('Control+G');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.type(" console.log('edited, not saved');", { delay: 5 });
  // Line 3 now prints twice in a row (② ③, the hint shows the first text and an ellipsis) and
  // everything after it is renumbered: the timer's line becomes ⑤.
  await page.waitForFunction(() => [...document.querySelectorAll('.view-line span')].some((s) => /⑤ macrotask/.test(getComputedStyle(s, '::after').content || '')), null, { timeout: 90000 });
  await helpers.settle(800);
  out.after = (await helpers.readEditor('/modules/lib.js')).decorations;
  out.dirty = (await helpers.readChrome()).tabs;
  await helpers.screenshot('lib-hints-after-unsaved-edit');
  return out;
};
