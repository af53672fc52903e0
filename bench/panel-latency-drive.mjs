// Driven by drive.mjs --script (bench/panel-latency.sh): the step-through panel of a ~100,000-step
// run in the real VS Code workbench (code-server + Chromium), moved like a person moves it — the
// slider's own `input` event and the panel's keys (→, End, Home) dispatched inside the webview —
// timed from that event to the first animation frame after the panel shows the new step (the
// webview rebuilds the state from its own copy of the packed trace and draws it). Issue 13's
// target: under 50 ms for any step.
import { panelFrame } from '../test/e2e/panel-frame.mjs';

export default async ({ page }) => {
  const t0 = Date.now();
  const f = await panelFrame(page, 120000);
  await f.waitForFunction(() => /long-100k/.test(document.querySelector('.title')?.textContent ?? '') && /Step \d+ \/ \d+/.test(document.querySelector('.step-label')?.textContent ?? ''), null, { timeout: 180000 });
  const openMs = Date.now() - t0;
  const result = await f.evaluate(async () => {
    const slider = document.querySelector('.slider');
    const label = document.querySelector('.step-label');
    const count = Number(slider.max) + 1;
    // When the host's answer arrived and when the panel finished drawing it (the panel's own marks).
    const timing = window.__ellPanelTiming ?? { received: NaN, drawn: NaN };
    const roundTrips = [];
    const draws = [];
    const localState = [];
    const domTimes = [];
    const current = () => Number(/Step (\d+)/.exec(label.textContent)?.[1] ?? 1) - 1;
    const move = (target, act) => new Promise((resolve) => {
      const want = `Step ${target + 1} / ${count}`;
      if (label.textContent === want) { resolve(0); return; }
      const start = performance.now();
      let timer;
      const obs = new MutationObserver(() => {
        if (label.textContent !== want) return;
        obs.disconnect();
        clearTimeout(timer);
        // A move the panel's own replay made has no host answer: its state and drawing times instead.
        if (timing.local && timing.received < start) { localState.push(timing.local.state); draws.push(timing.local.draw); }
        else { roundTrips.push(timing.received - start); draws.push(timing.drawn - timing.received); }
        timing.local = undefined;
        domTimes.push(performance.now() - start);
        // On screen: the first frame after the DOM changed.
        requestAnimationFrame(() => resolve(performance.now() - start));
      });
      obs.observe(label, { childList: true, characterData: true, subtree: true });
      timer = setTimeout(() => { obs.disconnect(); resolve(NaN); }, 10000);
      act();
    });
    const slide = (target) => move(target, () => { slider.value = String(target); slider.dispatchEvent(new Event('input', { bubbles: true })); });
    const key = (k, target) => move(target, () => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    const pause = () => new Promise((r) => setTimeout(r, 30));
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 5; i++) { await slide(Math.floor((count * i) / 5)); await pause(); }
    const slider1 = [];
    for (let i = 0; i < 40; i++) { slider1.push(await slide(Math.floor(rand() * count))); await pause(); }
    const lastStep = [];
    const home = [];
    for (let i = 0; i < 5; i++) {
      home.push(await key('Home', 0)); await pause();
      lastStep.push(await key('End', count - 1)); await pause();
    }
    await slide(Math.floor(count / 2)); await pause();
    const forward = [];
    for (let i = 0; i < 20; i++) { forward.push(await key('ArrowRight', current() + 1)); await pause(); }
    return { count, slider: slider1, end: lastStep, home, forward, roundTrips, draws, localState, domTimes };
  });
  const stats = (xs) => {
    const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return { n: xs.length, lost: xs.length - s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
  };
  const out = { stops: result.count, openMs, slider: stats(result.slider), end: stats(result.end), home: stats(result.home), forward: stats(result.forward) };
  const all = [...result.slider, ...result.end, ...result.home, ...result.forward];
  out.all = stats(all);
  out.roundTrip = stats(result.roundTrips);
  out.draw = stats(result.draws);
  out.localState = stats(result.localState);
  out.dom = stats(result.domTimes);
  out.ok = out.all.lost === 0;
  return out;
};
