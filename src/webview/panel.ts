// The step-through panel's front end (bundled by esbuild.media.js → media/dist/panel.js).
// It draws the StepState the host sends — or, for the slider, the keys and the buttons, the one its
// own replay of the run's trace computes (./localReplay.ts) — and sends back what the user asks for. It knows no
// JavaScript semantics. Every piece of text from the user's file goes in with textContent — never
// innerHTML — so a file that logs `<img src=x onerror=alert(1)>` shows exactly those characters.
import type {
  ConsoleLineView, HostMessage, PanelCommand, PanelPersistedState, RenderedView, RunInfo, StepState, TimelineBarView, WebviewMessage,
} from '../shared/protocol';
import { DEFAULT_SPEED, SPEEDS } from '../shared/protocol';
import { clear, h } from './sections/dom';
import { createTeachSections } from './sections/teach';
import { createPredictView } from './sections/predict';
import { LocalReplay } from './localReplay';

interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): PanelPersistedState | undefined;
  setState(s: PanelPersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

// Text-only DOM helpers (one copy for the panel and its sections).

function post(msg: WebviewMessage): void {
  vscode.postMessage(msg);
}

// ---- state ------------------------------------------------------------------------------------

let run: RunInfo | undefined;
let state: StepState | undefined;
let stopIndex = 0;
let playing = false;
let speed = DEFAULT_SPEED;
const persisted: PanelPersistedState = vscode.getState() ?? {};

// Slider throttle: at most one request in flight; the latest wanted position wins.
let sliderSeq = 0;
let inFlight = false;
/** What the Console box shows (it is rebuilt only when that changes); a 'rendered' report is queued. */
let consoleShown: { run: RunInfo | undefined; count: number } = { run: undefined, count: -1 };
let reportPending = false;
let wantedStop: number | undefined;
/** The webview's own replay of the run (src/webview/localReplay.ts), once built; null: ask the host. */
let local: LocalReplay | null = null;
/** A local move stopped playing: the host's play states still in flight are not drawn. */
let ignorePlayingStates = false;

// ---- layout ----------------------------------------------------------------------------------

const app = document.getElementById('app')!;
clear(app);
app.removeAttribute('data-loading');

const statusEl = h('p', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' });
const titleEl = h('h1', { class: 'title' });
const runtimeEl = h('span', { class: 'badge runtime', title: 'Runtime profile' });
const phaseEl = h('span', { class: 'badge phase', 'aria-label': 'Event-loop phase' });
const clockEl = h('span', { class: 'badge clock', 'aria-label': 'Virtual clock' });
const stepLabel = h('span', { class: 'step-label', 'aria-live': 'off' });

function button(label: string, symbol: string, command: PanelCommand, key: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'ctl', 'aria-label': label, title: `${label} (${key})`, 'data-command': command },
    h('span', { class: 'sym', 'aria-hidden': 'true', text: symbol }), h('span', { class: 'ctl-text', text: label.split(' ').slice(0, 2).join(' ') }));
  b.addEventListener('click', () => runCommand(command));
  return b;
}

const restartBtn = button('Restart', '↺', 'restart', 'Home');
const backBtn = button('Step back', '◀', 'back', '←');
const fwdBtn = button('Step forward', '▶', 'forward', '→');
const taskBtn = button('Next task', '⇥', 'nextTask', 'Shift+→');
const outBtn = button('Next output', '⤓', 'nextConsole', 'O');
const playBtn = button('Play', '▷', 'togglePlay', 'Space');
playBtn.classList.add('play');
const speedSel = h('select', { class: 'speed', 'aria-label': 'Playback speed (steps per second)', title: 'Playback speed' });
for (const s of SPEEDS) speedSel.append(h('option', { value: s, text: `${s}/s` }));
speedSel.addEventListener('change', () => { speed = Number(speedSel.value); post({ type: 'setSpeed', speed }); persist(); });
const slider = h('input', { type: 'range', class: 'slider', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Position in the run (step)' });
slider.addEventListener('input', () => { wantedStop = Number(slider.value); pump(); });

const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Step controls' },
  restartBtn, backBtn, fwdBtn, taskBtn, outBtn, playBtn, speedSel);
const sliderRow = h('div', { class: 'slider-row' }, slider, stepLabel);

const explanationEl = h('p', { class: 'explanation', id: 'explanation', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
const stoppedEl = h('p', { class: 'stopped', role: 'note' });
const timelineEl = h('div', { class: 'timeline', role: 'group', 'aria-label': 'Timeline: script, microtask drains, tasks and idle gaps; click to jump' });
const timelineMarker = h('div', { class: 'timeline-marker', 'aria-hidden': 'true' });

function section(id: string, heading: string, extraClass = ''): { box: HTMLElement; body: HTMLElement; count: HTMLElement } {
  const count = h('span', { class: 'count', 'aria-hidden': 'true' });
  const hd = h('h2', { id: `${id}-h` }, h('span', { text: heading }), count);
  const body = h('ul', { class: 'items', role: 'list', 'aria-labelledby': `${id}-h` });
  const box = h('section', { class: `box ${id} ${extraClass}`, id, 'aria-labelledby': `${id}-h` }, hd, body);
  return { box, body, count };
}

const stackBox = section('callstack', 'Call Stack');
const webBox = section('webapis', 'Web APIs');
const taskBox = section('taskqueue', 'Task Queue');
const microBox = section('microtaskqueue', 'Microtask Queue');
const tickBox = section('nexttickqueue', 'nextTick Queue', 'node-only');
const immBox = section('immediatequeue', 'Immediate Queue', 'node-only');
const renderBox = section('rendering', 'Rendering', 'browser-only');
const consoleBox = section('console', 'Console');
const scopeBox = section('scope', 'Scope');

// Execution contexts (inside the call stack), Closures and Promises (src/webview/sections/teach.ts).
const teach = createTeachSections(post);
// Predict the Output (src/webview/sections/predict.ts): replaces the step-through while it is on.
const predict = createPredictView(post, (on) => app.classList.toggle('predicting', on));
const header = h('header', { class: 'header' }, titleEl, runtimeEl, phaseEl, clockEl);
const grid = h('main', { class: 'grid' },
  stackBox.box, webBox.box, taskBox.box, microBox.box, tickBox.box, immBox.box, renderBox.box, consoleBox.box, scopeBox.box, ...teach.boxes);
app.append(predict.root, header, statusEl, controls, sliderRow, explanationEl, stoppedEl, h('div', { class: 'timeline-wrap' }, timelineEl, timelineMarker), grid);

// ---- rendering ---------------------------------------------------------------------------------

function persist(): void {
  persisted.speed = speed;
  if (state) persisted.step = state.step;
  vscode.setState(persisted);
}

function setStatus(text: string, busy: boolean): void {
  statusEl.textContent = text;
  statusEl.classList.toggle('busy', busy);
  statusEl.hidden = !text;
}

function emptyItem(text: string): HTMLLIElement {
  return h('li', { class: 'empty', text });
}

function fillList(box: { body: HTMLElement; count: HTMLElement }, items: HTMLElement[], emptyText: string): void {
  clear(box.body);
  box.count.textContent = items.length ? String(items.length) : '';
  if (!items.length) box.body.append(emptyItem(emptyText));
  else for (const it of items) box.body.append(it);
}

function lineLink(line: number, column = 0, what = 'Reveal'): HTMLElement {
  const a = h('button', { type: 'button', class: 'line-link', text: `line ${line}`, title: `${what} line ${line}`, 'aria-label': `${what} line ${line} in the editor` });
  a.addEventListener('click', (ev) => { ev.stopPropagation(); post({ type: 'reveal', line, column }); });
  return a;
}

function phaseText(p: StepState['phase']): string {
  switch (p) {
    case 'script': return 'Running script';
    case 'microtasks': return 'Draining microtasks';
    case 'nextTicks': return 'Draining nextTicks';
    case 'timers': return 'Timers phase';
    case 'check': return 'Check phase';
    case 'task': return 'Running a task';
    case 'idle': return 'Idle';
    case 'animationFrames': return 'Animation frames';
    case 'render': return 'Rendering';
    case 'idleCallbacks': return 'Idle callbacks';
    case 'done': return 'Done';
    default: return String(p);
  }
}

function renderRun(): void {
  if (!run) return;
  titleEl.textContent = run.title;
  titleEl.title = run.fileName;
  runtimeEl.textContent = run.runtime === 'node' ? 'Node' : 'Browser';
  app.classList.toggle('runtime-node', run.runtime === 'node');
  app.classList.toggle('runtime-browser', run.runtime === 'browser');
  slider.max = String(Math.max(0, run.stopCount - 1));
  stoppedEl.textContent = run.stopped ?? '';
  stoppedEl.hidden = !run.stopped;
  if (run.problem) setStatus(run.problem, false);
  else if (!run.pending) setStatus('', false);
  renderTimeline();
}

let timelineBars: { bar: TimelineBarView; el: HTMLElement }[] = [];

function renderTimeline(): void {
  clear(timelineEl);
  timelineBars = [];
  if (!run) return;
  let bars = run.timeline;
  const MAX = 600;
  if (bars.length > MAX) {
    // Merge neighbours so the picture stays light; the slider still reaches every step.
    const per = Math.ceil(bars.length / MAX);
    const merged: TimelineBarView[] = [];
    for (let i = 0; i < bars.length; i += per) {
      const group = bars.slice(i, i + per);
      const first = group[0], last = group[group.length - 1];
      const kinds = new Set(group.map((b) => b.kind));
      merged.push({ ...first, kind: kinds.size === 1 ? first.kind : 'phase', label: `${group.length} segments`, endStep: last.endStep, endStop: last.endStop, endTime: last.endTime, count: group.reduce((n, b) => n + b.count, 0) });
    }
    bars = merged;
  }
  // Fit every bar in the width: idle gaps get a small fixed share, step bars share the rest in
  // proportion to their number of steps (at least 1 px each), so the picture never overflows.
  const dense = bars.length > 60;
  timelineEl.classList.toggle('dense', dense);
  const avail = Math.max(100, (timelineEl.clientWidth || 600) - (dense ? 0 : 2 * (bars.length - 1)));
  const idleCount = bars.filter((b) => b.kind === 'idle').length;
  const idleWidth = idleCount ? Math.min(34, (avail * 0.2) / idleCount) : 0;
  const spanOf = (b: TimelineBarView) => Math.max(1, b.endStop - b.startStop + 1);
  const stepBars = bars.filter((b) => b.kind !== 'idle');
  let rest = avail - idleCount * idleWidth;
  let totalSpan = stepBars.reduce((n, b) => n + spanOf(b), 0);
  const tiny = new Set<TimelineBarView>();
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    for (const b of stepBars) {
      if (tiny.has(b) || (rest * spanOf(b)) / totalSpan >= 1) continue;
      tiny.add(b); rest -= 1; totalSpan -= spanOf(b); changed = true;
    }
    if (!changed) break;
  }
  for (const bar of bars) {
    const span = spanOf(bar);
    const desc = bar.kind === 'idle'
      ? `${bar.label}: clock ${bar.startTime} → ${bar.endTime} ms`
      : `${bar.label}: steps ${bar.startStop + 1}–${bar.endStop + 1}, ${bar.startTime === bar.endTime ? `at ${bar.startTime} ms` : `${bar.startTime}–${bar.endTime} ms`}`;
    const el = h('button', { type: 'button', class: `bar bar-${bar.kind}`, title: desc, 'aria-label': `Jump to ${desc}` },
      h('span', { class: 'bar-label', text: bar.kind === 'idle' ? `${bar.endTime - bar.startTime}ms` : bar.label }));
    const w = bar.kind === 'idle' ? idleWidth : tiny.has(bar) ? 1 : Math.max(1, (rest * span) / Math.max(1, totalSpan));
    if (w < 24) el.classList.add('narrow');
    // Many bars: one tab stop would become hundreds; the slider is the keyboard path then.
    if (bars.length > 20) el.tabIndex = -1;
    el.style.flex = `0 0 ${w}px`;
    el.style.width = `${w}px`;
    el.addEventListener('click', (ev) => {
      const rect = el.getBoundingClientRect();
      const frac = rect.width > 0 ? Math.min(1, Math.max(0, (ev.clientX - rect.left) / rect.width)) : 0;
      const target = bar.kind === 'idle' ? bar.startStop : bar.startStop + Math.floor(frac * (bar.endStop - bar.startStop + 1));
      const clamped = Math.min(bar.endStop, Math.max(bar.startStop, target));
      // Keyboard activation (no pointer position) jumps to the start of the bar.
      goStop(ev.detail === 0 ? bar.startStop : clamped);
    });
    timelineEl.append(el);
    timelineBars.push({ bar, el });
  }
  placeMarker();
}

function placeMarker(): void {
  if (!run || !timelineBars.length) { timelineMarker.hidden = true; return; }
  let hit = timelineBars.find((b) => b.bar.kind !== 'idle' && stopIndex >= b.bar.startStop && stopIndex <= b.bar.endStop);
  if (!hit) hit = timelineBars.find((b) => stopIndex <= b.bar.endStop) ?? timelineBars[timelineBars.length - 1];
  for (const b of timelineBars) b.el.classList.toggle('current', b === hit);
  const span = Math.max(1, hit.bar.endStop - hit.bar.startStop + 1);
  const frac = hit.bar.kind === 'idle' ? 0.5 : (Math.min(Math.max(stopIndex, hit.bar.startStop), hit.bar.endStop) - hit.bar.startStop + 0.5) / span;
  timelineMarker.hidden = false;
  timelineMarker.style.left = `${hit.el.offsetLeft + frac * hit.el.offsetWidth}px`;
}

function renderState(): void {
  if (!state || !run) return;
  const s = state;
  phaseEl.textContent = phaseText(s.phase);
  phaseEl.dataset.phase = s.phase;
  clockEl.textContent = `clock ${s.time} ms`;
  stepLabel.textContent = `Step ${stopIndex + 1} / ${run.stopCount}`;
  stepLabel.title = `Interpreter step ${s.step} of ${run.totalSteps}`;
  slider.value = String(stopIndex);
  slider.setAttribute('aria-valuetext', `Step ${stopIndex + 1} of ${run.stopCount}, line ${s.line}`);
  explanationEl.textContent = s.explanation;
  // Announce each step, but not the stream of them while playing.
  explanationEl.setAttribute('aria-live', playing ? 'off' : 'polite');
  playBtn.setAttribute('aria-pressed', String(playing));
  playBtn.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  (playBtn.querySelector('.sym') as HTMLElement).textContent = playing ? '❚❚' : '▷';
  (playBtn.querySelector('.ctl-text') as HTMLElement).textContent = playing ? 'Pause' : 'Play';
  speedSel.value = String(speed);
  const atStart = stopIndex <= 0, atEnd = stopIndex >= run.stopCount - 1;
  backBtn.disabled = atStart; restartBtn.disabled = atStart;
  fwdBtn.disabled = atEnd; taskBtn.disabled = atEnd; outBtn.disabled = atEnd;

  // Call stack: top of the stack first, like the pictures.
  fillList(stackBox, s.callStack.slice().reverse().map((f, i) => {
    // A frame of an imported module shows `file:line` and opens that file.
    const where = f.file ? `${f.file.split('/').pop()}:${f.line}` : `line ${f.line}`;
    const reveal = f.file ? { type: 'reveal' as const, line: f.line, column: f.column, file: f.file } : { type: 'reveal' as const, line: f.line, column: f.column };
    const link = f.file ? h('button', { type: 'button', class: 'line-link', text: where, title: `Open ${f.file} at line ${f.line}`, 'aria-label': `Open ${where} in the editor` }) : lineLink(f.line, f.column);
    if (f.file) link.addEventListener('click', (ev) => { ev.stopPropagation(); post(reveal); });
    const li = h('li', { class: `item frame${i === 0 ? ' top' : ''}`, tabindex: 0, role: 'listitem', 'aria-label': `${f.name}, ${where}` },
      h('span', { class: 'name', text: f.name }), link);
    li.addEventListener('click', () => post(reveal));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') post(reveal); });
    return li;
  }), '(empty)');

  fillList(webBox, s.webApis.map((w) => h('li', { class: `item webapi api-${w.api}` },
    h('span', { class: 'name', text: w.label }),
    h('span', { class: 'meta', text: w.api === 'fetch' ? `response at ${w.due} ms` : `${w.api === 'setInterval' ? `every ${w.delay} ms · ` : ''}due at ${w.due} ms` }),
    lineLink(w.line, 0, 'Scheduled at'))), '(none pending)');

  const queueItems = (q: { id: number; label: string; line: number }[]) => q.map((x) => h('li', { class: 'item task' },
    h('span', { class: 'name', text: x.label }), x.line > 0 ? lineLink(x.line, 0, 'Scheduled at') : undefined));
  fillList(taskBox, queueItems(s.queues.macrotask), '(empty)');
  fillList(microBox, queueItems(s.queues.microtask), '(empty)');
  fillList(tickBox, queueItems(s.queues.nextTick), '(empty)');
  fillList(immBox, queueItems(s.queues.immediate), '(empty)');
  if (run.runtime === 'browser') renderRendering(s);

  teach.render(s, stackBox.body);
  // The console window changes only when a line is printed (or the run changes): a move through a
  // long run mostly keeps it (up to CONSOLE_WINDOW lines rebuilt per move was the slowest box).
  if (consoleShown.run !== run || consoleShown.count !== s.consoleCount) {
    renderConsole(s.consoleCount);
    consoleShown = { run, count: s.consoleCount };
  }
  renderScopes(s);
  placeMarker();
  persist();
  reportRendered();
}


/**
 * Tells the host what the panel shows (tests, the screen-reader summary) — after this task, so
 * reading every box back (styles, texts) is not on the way to the frame that shows the step; one
 * report for a burst of moves, with what is on screen then.
 */
function reportRendered(): void {
  if (reportPending) return;
  reportPending = true;
  setTimeout(() => {
    reportPending = false;
    if (!state || !run) return;
    post({ type: 'rendered', version: run.version, step: state.step, stopIndex, view: snapshotView() });
  }, 0);
}

// ---- the browser's Rendering lane: the rendering step (now or between frames), the
// animation-frame queue, and the frames rendered so far (the timeline's render bars up to here).
function renderRendering(s: StepState): void {
  const inFrame = s.phase === 'animationFrames' || s.phase === 'render' || s.phase === 'idleCallbacks';
  const frames = (run?.timeline ?? []).filter((b) => b.kind === 'render' && b.startStop <= stopIndex);
  const last = frames[frames.length - 1];
  const stepText = s.phase === 'animationFrames' ? 'Now: running animation-frame callbacks'
    : s.phase === 'render' ? 'Now: update the rendering (style, layout, paint)'
    : s.phase === 'idleCallbacks' ? 'Now: idle period (requestIdleCallback)'
    : 'Between frames: a rendering opportunity every 16.7 ms';
  const items: HTMLElement[] = [h('li', { class: `render-step${inFrame ? ' active' : ''}`, text: stepText })];
  for (const x of s.queues.animationFrame) items.push(h('li', { class: 'item task raf' }, h('span', { class: 'name', text: x.label }), x.line > 0 ? lineLink(x.line, 0, 'Requested at') : undefined));
  if (s.queues.animationFrame.length === 0) items.push(h('li', { class: 'item empty raf-empty', text: 'animation-frame queue: (empty)' }));
  items.push(h('li', { class: 'render-step frames', text: frames.length ? `${frames.length} frame${frames.length === 1 ? '' : 's'} rendered · last at ${last.startTime} ms` : 'no frame rendered yet' }));
  clear(renderBox.body);
  renderBox.body.append(...items);
  renderBox.count.textContent = String(s.queues.animationFrame.length);
}

function texts(box: { body: HTMLElement }, sel = '.item'): string[] {
  return Array.from(box.body.querySelectorAll(sel)).map((el) => (el.textContent ?? '').trim());
}

function snapshotView(): RenderedView {
  const visible = (b: { box: HTMLElement }) => getComputedStyle(b.box).display !== 'none';
  return {
    headings: [stackBox, webBox, taskBox, microBox, tickBox, immBox, renderBox, consoleBox, scopeBox].filter(visible).map((b) => b.box.querySelector('h2 span')!.textContent ?? ''),
    callStack: texts(stackBox),
    webApis: texts(webBox),
    taskQueue: texts(taskBox),
    microtaskQueue: texts(microBox),
    nextTickQueue: texts(tickBox),
    immediateQueue: texts(immBox),
    rendering: texts(renderBox, '.item, .render-step'),
    console: Array.from(consoleBox.body.querySelectorAll('.console-line .text')).map((el) => el.textContent ?? ''),
    scope: texts(scopeBox),
    explanation: explanationEl.textContent ?? '',
    phase: phaseEl.textContent ?? '',
    clock: clockEl.textContent ?? '',
    ...teach.view(),
  };
}

const CONSOLE_WINDOW = 300;
function renderConsole(count: number): void {
  if (!run) return;
  const from = Math.max(0, count - CONSOLE_WINDOW);
  const lines: ConsoleLineView[] = run.console.slice(from, count);
  const items: HTMLElement[] = [];
  if (from > 0) items.push(h('li', { class: 'empty', text: `… ${from} earlier lines` }));
  lines.forEach((c, k) => {
    const li = h('li', { class: `item console-line kind-${c.kind}${c.stream === 'stderr' ? ' stderr' : ''}${k === lines.length - 1 ? ' latest' : ''}`, tabindex: 0, role: 'listitem',
      title: `#${c.order} · ${c.kind} · line ${c.line} · step ${c.step} · ${c.time} ms — click to jump to the step that printed it` },
    h('span', { class: 'order', text: String(c.order) }),
    h('span', { class: 'kind', text: c.kind === 'animationFrame' ? 'frame' : c.kind }),
    h('span', { class: 'text', text: c.text }));
    const jump = () => {
      const k = local && local.version === run?.version ? local.consoleStop(c.index) : undefined;
      if (k !== undefined) moveLocally(k);
      else post({ type: 'gotoConsole', index: c.index });
    };
    li.addEventListener('click', jump);
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') jump(); });
    items.push(li);
  });
  fillList(consoleBox, items, '(no output yet)');
  consoleBox.count.textContent = count ? `${count}/${run.console.length}` : '';
  const last = consoleBox.body.lastElementChild as HTMLElement | null;
  if (last) consoleBox.body.scrollTop = consoleBox.body.scrollHeight;
}

function renderScopes(s: StepState): void {
  const items: HTMLElement[] = [];
  s.scopes.forEach((sc, i) => {
    const kind = i === 0 ? 'current' : i === s.scopes.length - 1 ? 'global' : 'closure';
    // Outer scopes without bindings (the empty global of a CommonJS file) are left out.
    if (!sc.bindings.length && i > 0) return;
    items.push(h('li', { class: `scope-head scope-${kind}`, text: `${sc.label}${i === 0 && s.callStack.length ? ' (current)' : ''}` }));
    if (!sc.bindings.length) items.push(h('li', { class: 'empty', text: '(no bindings)' }));
    for (const b of sc.bindings) {
      const tdz = b.state === 'uninitialized';
      const undef = !tdz && b.preview === 'undefined';
      items.push(h('li', { class: `item binding${tdz ? ' tdz' : ''}${undef ? ' undef' : ''}`, 'aria-label': `${b.kind} ${b.name}: ${tdz ? 'uninitialised (temporal dead zone)' : b.preview}` },
        h('span', { class: 'bkind', text: b.kind }),
        h('span', { class: 'name', text: b.name }),
        h('span', { class: 'value', text: tdz ? 'uninitialised (TDZ)' : b.preview })));
    }
  });
  fillList(scopeBox, items, '(no scope yet)');
  scopeBox.count.textContent = '';
}

// ---- navigation --------------------------------------------------------------------------------

/** Draws stop `target` from the webview's own replay and tells the host where the panel is. */
function moveLocally(target: number): void {
  if (!local || !run || local.version !== run.version) return;
  const k = local.clamp(target);
  // Any answer the host still owes (a request made before the replay was ready) is now stale.
  sliderSeq++;
  inFlight = false;
  if (playing) ignorePlayingStates = true;
  playing = false;
  const t0 = performance.now();
  if (k !== stopIndex || !state) {
    state = local.stateAt(k);
    stopIndex = k;
  }
  const t1 = performance.now();
  renderState();
  tellHostMoved();
  timing.local = { state: t1 - t0, draw: performance.now() - t1 };
  lastLocalDraw = performance.now();
}

/** The host follows the panel's own moves (editor highlight, memento): at most one message per 50 ms, the last one always. */
let movedTimer: number | undefined;
let movedAt = 0;
function tellHostMoved(): void {
  if (movedTimer !== undefined) return;
  const send = () => {
    movedTimer = undefined;
    movedAt = performance.now();
    if (run) post({ type: 'moved', version: run.version, stopIndex });
  };
  const wait = 50 - (performance.now() - movedAt);
  if (wait <= 0) send();
  else movedTimer = window.setTimeout(send, wait);
}

// A slider drag fires input events faster than frames: one draw per frame, with the latest position
// (a lone move is drawn at once).
let lastLocalDraw = -Infinity;
let localFrame = false;
function drawWantedLocally(): void {
  localFrame = false;
  if (wantedStop === undefined) return;
  const target = wantedStop;
  wantedStop = undefined;
  moveLocally(target);
}

/** A button or key: a move the own replay can make is drawn here; the rest (play, pause) goes to the host. */
function runCommand(command: PanelCommand): void {
  const k = local && run && local.version === run.version ? local.target(command, stopIndex) : undefined;
  if (k !== undefined) { moveLocally(k); return; }
  if (command === 'play' || command === 'togglePlay') ignorePlayingStates = false;
  post({ type: 'command', command });
}

function pump(): void {
  if (local && run && local.version === run.version && wantedStop !== undefined) {
    if (localFrame) return;
    if (performance.now() - lastLocalDraw >= 12) { drawWantedLocally(); return; }
    localFrame = true;
    // requestAnimationFrame does not run while the panel is hidden: a timer then.
    requestAnimationFrame(drawWantedLocally);
    window.setTimeout(() => { if (localFrame) drawWantedLocally(); }, 100);
    return;
  }
  if (inFlight || wantedStop === undefined || !run) return;
  if (wantedStop === stopIndex) { wantedStop = undefined; return; }
  inFlight = true;
  const target = wantedStop;
  wantedStop = undefined;
  post({ type: 'gotoStop', stopIndex: target, seq: ++sliderSeq });
  // Never wedge the slider if an answer is lost.
  setTimeout(() => { if (inFlight) { inFlight = false; pump(); } }, 500);
}

function goStop(i: number): void {
  wantedStop = i;
  pump();
}

/** When the last host message arrived and when its drawing ended (read by bench/panel-latency-drive.mjs). */
const timing: { received: number; drawn: number; local?: { state: number; draw: number } } = { received: 0, drawn: 0 };
(window as unknown as { __ellPanelTiming: typeof timing }).__ellPanelTiming = timing;

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  timing.received = performance.now();
  onHostMessage(ev);
  timing.drawn = performance.now();
});

function onHostMessage(ev: MessageEvent<HostMessage>): void {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'run':
      if (!run || run.uri !== m.run.uri) teach.reset();
      run = m.run; state = m.state; stopIndex = m.stopIndex; playing = m.playing; speed = m.speed;
      persisted.uri = run.uri;
      app.classList.remove('problem');
      app.classList.toggle('problem', !!run.problem);
      renderRun();
      renderState();
      // The own replay comes after this first frame, when the host says where the trace is ('trace');
      // until then, and when it cannot be built, moves are asked of the host.
      local?.dispose();
      local = null;
      ignorePlayingStates = false;
      break;
    case 'trace': {
      const forRun = run, offer = m.trace;
      if (!forRun || !offer || offer.version !== forRun.version) return;
      void LocalReplay.load(forRun, offer).catch(() => null).then((opened) => {
        post({ type: 'traceRead', version: offer.version, ok: !!opened });
        if (run !== forRun) { opened?.dispose(); return; }
        local?.dispose();
        local = opened;
      });
      break;
    }
    case 'state':
      if (!run || m.version !== run.version) return;
      if (ignorePlayingStates && m.playing) return;
      if (!m.playing) ignorePlayingStates = false;
      // An answer to an older gotoStop (its request outlived the 500 ms unwedge timer) must not move
      // the slider back from where the user has since put it.
      if (m.seq !== undefined && m.seq < sliderSeq) return;
      state = m.state; stopIndex = m.stopIndex; playing = m.playing; speed = m.speed;
      if (m.seq !== undefined && m.seq === sliderSeq) inFlight = false;
      renderState();
      if (!run.problem && statusEl.classList.contains('busy') === false) setStatus('', false);
      pump();
      break;
    case 'status':
      setStatus(m.text, m.busy);
      break;
    case 'focus':
      (m.target === 'slider' ? slider : fwdBtn).focus();
      break;
    default:
      predict.onMessage(m);
  }
}

// Keyboard: arrows step, Shift+arrows jump by task, O / Shift+O next / previous output,
// Space plays/pauses, Home / End. Not while typing in the speed select or moving the slider.
document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'SELECT' || t.tagName === 'INPUT')) return;
  if (predict.active) return; // predict mode has keys of its own
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  let cmd: PanelCommand | undefined;
  switch (e.key) {
    case 'ArrowRight': cmd = e.shiftKey ? 'nextTask' : 'forward'; break;
    case 'ArrowLeft': cmd = e.shiftKey ? 'prevTask' : 'back'; break;
    case 'o': cmd = 'nextConsole'; break;
    case 'O': cmd = 'prevConsole'; break;
    case 'Home': cmd = 'restart'; break;
    case 'End': cmd = 'end'; break;
    case ' ':
      if (t && t.tagName === 'BUTTON') return; // Space activates the focused button
      cmd = 'togglePlay'; break;
    case 'p': cmd = 'togglePlay'; break;
  }
  if (cmd) { e.preventDefault(); runCommand(cmd); }
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => renderTimeline(), 100); });

setStatus('Loading…', true);
post({ type: 'ready', restored: persisted });
