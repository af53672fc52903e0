// The step-through panel's webview frame in a page driven by drive.mjs: the innermost webview frame
// that holds the panel's controls (shared by the panel's UI test and the panel-latency bench).
export async function panelFrame(page, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (!/\/webview\//.test(f.url())) continue;
      try { if (await f.evaluate(() => !!document.querySelector('.controls'))) return f; } catch { /* navigating */ }
    }
    if (Date.now() > end) throw new Error('step-through panel webview not found');
    await page.waitForTimeout(250);
  }
}
