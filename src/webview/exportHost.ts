// The exported page's stand-in for the panel's host (src/extension/panel/controller.ts): it answers
// the panel renderer's messages from a TraceReplay over the page's static data, and draws the source
// with its hints, highlighting the current line. Imported before ./panel, whose first act is
// acquireVsCodeApi(). The program's text is read with JSON.parse from an inert
// <script type="application/json"> block and only ever inserted with textContent.
import { TraceReplay } from '../engine/replay';
import type { Analysis } from '../engine/types';
import type { HostMessage, PanelCommand, PanelPersistedState, RunInfo, WebviewMessage } from '../shared/protocol';
import { DEFAULT_SPEED, SPEEDS } from '../shared/protocol';

interface ExportData { title: string; source: string; hints: [number, string][]; analysis: Analysis }

const dataEl = document.getElementById('lens-data');
const data: ExportData = JSON.parse(dataEl ? dataEl.textContent ?? '{}' : '{}');
const analysis = data.analysis;
const replay = new TraceReplay(analysis);
let stop = 0;
let playing = false;
let speed: number = DEFAULT_SPEED;
let playTimer: number | undefined;

// ---- the source pane ---------------------------------------------------------------------------
const sourceEl = document.getElementById('source');
const lineEls: HTMLElement[] = [];
if (sourceEl) {
  const hints = new Map(data.hints);
  const lines = data.source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((text, i) => {
    const li = document.createElement('li');
    const ln = document.createElement('span'); ln.className = 'ln'; ln.textContent = String(i + 1);
    const code = document.createElement('span'); code.className = 'code'; code.textContent = text;
    li.append(ln, code);
    const hint = hints.get(i + 1);
    if (hint) { const hs = document.createElement('span'); hs.className = 'hint'; hs.textContent = hint; li.append(hs); }
    sourceEl.append(li);
    lineEls.push(li);
  });
}

function highlight(line: number, flash = false): void {
  for (const el of lineEls) el.classList.remove(flash ? 'flash' : 'current');
  const el = lineEls[line - 1];
  if (!el) return;
  el.classList.add(flash ? 'flash' : 'current');
  el.scrollIntoView({ block: 'nearest' });
}

// ---- the host protocol -------------------------------------------------------------------------
function deliver(msg: HostMessage): void {
  // Asynchronous, as a webview's messages are.
  setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: msg })), 0);
}

function run(): RunInfo {
  return {
    version: 1, uri: '', fileName: data.title, title: data.title, runtime: analysis.runtime,
    totalSteps: replay.totalSteps, stopCount: replay.stopCount, timeline: replay.timeline(),
    console: analysis.console.map((c, index) => ({ index, order: c.order, text: c.text, kind: c.kind, source: c.source, stream: c.stream, line: c.line, step: c.step, time: c.time })),
    virtualTime: analysis.virtualTime,
    stopped: analysis.stoppedBy ? `The run stopped: ${analysis.stoppedBy}.` : undefined,
    problem: replay.stopCount ? undefined : 'Nothing to step through: the simulation recorded no steps.',
  };
}

function sendState(seq?: number): void {
  const state = replay.stateAtStop(stop);
  highlight(state.line);
  deliver({ type: 'state', version: 1, state, stopIndex: stop, playing, speed, seq });
}

function gotoStop(i: number, seq?: number): void {
  stop = replay.clampStop(i);
  sendState(seq);
}

function stopPlaying(): void {
  playing = false;
  if (playTimer !== undefined) clearInterval(playTimer);
  playTimer = undefined;
}

function startPlaying(): void {
  if (!replay.stopCount) return;
  if (stop >= replay.lastStop) stop = 0;
  playing = true;
  if (playTimer !== undefined) clearInterval(playTimer);
  playTimer = window.setInterval(() => {
    const next = replay.nextStop(stop);
    if (next === stop) { stopPlaying(); sendState(); return; }
    stop = next;
    if (stop >= replay.lastStop) stopPlaying();
    sendState();
  }, Math.max(10, Math.round(1000 / speed)));
  sendState();
}

function command(c: PanelCommand): void {
  const at = stop;
  switch (c) {
    case 'forward': stopPlaying(); gotoStop(replay.nextStop(at)); break;
    case 'back': stopPlaying(); gotoStop(replay.prevStop(at)); break;
    case 'nextTask': stopPlaying(); gotoStop(replay.nextTaskStop(at) ?? replay.lastStop); break;
    case 'prevTask': stopPlaying(); gotoStop(replay.prevTaskStop(at) ?? 0); break;
    case 'nextConsole': stopPlaying(); gotoStop(replay.nextConsoleStop(at) ?? replay.lastStop); break;
    case 'prevConsole': stopPlaying(); gotoStop(replay.prevConsoleStop(at) ?? 0); break;
    case 'restart': stopPlaying(); gotoStop(0); break;
    case 'end': stopPlaying(); gotoStop(replay.lastStop); break;
    case 'play': startPlaying(); break;
    case 'pause': stopPlaying(); sendState(); break;
    case 'togglePlay': if (playing) { stopPlaying(); sendState(); } else startPlaying(); break;
  }
}

/** What tests read: the page's last render report. */
(window as unknown as { lensExport: { rendered?: unknown; stop: () => number } }).lensExport = { stop: () => stop };

function receive(m: WebviewMessage): void {
  switch (m.type) {
    case 'ready': deliver({ type: 'run', run: run(), state: replay.stateAtStop(stop), stopIndex: stop, playing, speed }); highlight(replay.stateAtStop(stop).line); break;
    case 'command': command(m.command); break;
    case 'gotoStop': stopPlaying(); gotoStop(m.stopIndex, m.seq); break;
    case 'gotoStep': stopPlaying(); gotoStop(replay.nearestStop(m.step)); break;
    case 'gotoConsole': { const k = replay.consoleStop(m.index); if (k !== undefined) { stopPlaying(); gotoStop(k); } break; }
    case 'reveal': highlight(m.line, true); break;
    case 'setSpeed': if ((SPEEDS as readonly number[]).includes(m.speed)) speed = m.speed; break;
    case 'rendered': (window as unknown as { lensExport: { rendered?: unknown } }).lensExport.rendered = m; break;
  }
}

(globalThis as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage: (m: WebviewMessage) => receive(m),
  getState: (): PanelPersistedState | undefined => undefined,
  setState: () => undefined,
});
