// The typed message protocol between the step-through panel's host (src/extension/panel) and its
// webview (src/webview/panel.ts → media/dist/panel.js). Both sides import these types; nothing here
// imports `vscode` or the DOM. The webview holds no JavaScript semantics: it draws the StepState the
// engine's replay produced and sends back what the user asked for.

import type { LoopPhase, QueueName, RunKind, Runtime, StepState } from '../engine/types';
import type { TimelineBar } from '../engine/replay';
import type { PredictItem, PredictResult } from '../engine/teach/predict';
import type { TraceFileShape } from './traceFileLayout';

export type { PredictItem, PredictResult };

export type { StepState, QueueName, LoopPhase };

/** A timeline bar as the webview draws it. */
export type TimelineBarView = TimelineBar;

/** One console line (all of them are sent once per analysis; the state says how many are printed). */
export interface ConsoleLineView {
  index: number;
  order: number;
  text: string;
  kind: RunKind;
  source: string;
  stream: 'stdout' | 'stderr';
  line: number;
  step: number;
  time: number;
}

/** Everything that changes only when the file is re-analysed. */
export interface RunInfo {
  /** Increments with every new analysis; state messages carry it so old answers can be dropped. */
  version: number;
  /** The bound document's URI (string form), kept by the webview for the serializer. */
  uri: string;
  fileName: string;
  /** Short display name (basename). */
  title: string;
  runtime: Runtime;
  totalSteps: number;
  /** Number of stops (positions the slider and the step buttons move over). */
  stopCount: number;
  timeline: TimelineBarView[];
  console: ConsoleLineView[];
  virtualTime: number;
  /** Why the run stopped, when not by itself (budget, uncaught error, …), as a sentence. */
  stopped?: string;
  /** A file without a trace (syntax error, analysis failure): the reason, shown instead of the state. */
  problem?: string;
  /** The document has unsaved edits newer than this analysis (shown as "analysing…"). */
  pending?: boolean;
}

/**
 * The run's step trace for the webview's own replay (src/webview/localReplay.ts): the slider, the
 * keys and the buttons then draw any step without a round trip to the extension host (issue 13).
 * The packed trace is a file (src/extension/panel/traceFile.ts) the webview fetches, of the shape
 * the message states (src/shared/traceFileLayout.ts: the string table's end offsets, its strings,
 * the event bytes). The webview checks it (checkPackedTrace) before reading it.
 */
export interface PanelTraceFile extends TraceFileShape {
  version: number;
  /** The file's webview URI (asWebviewUri). */
  url: string;
  /** Analysis.steps, and the declared kind of each binding name (what the replay reads besides the trace and the console). */
  steps: number;
  bindings: { name: string; kind: string }[];
}

/** Host → webview. */
export type HostMessage =
  | { type: 'run'; run: RunInfo; state: StepState; stopIndex: number; playing: boolean; speed: number }
  /** After the run (once its file is written): where to fetch its trace for the webview's own replay. */
  | { type: 'trace'; trace: PanelTraceFile }
  | { type: 'state'; version: number; state: StepState; stopIndex: number; playing: boolean; speed: number; seq?: number }
  | { type: 'status'; text: string; busy: boolean }
  | { type: 'focus'; target: 'controls' | 'slider' }
  /** Predict the Output: the printing lines in source order (the output stays hidden until reveal). */
  | { type: 'predict'; title: string; runtime: Runtime; items: PredictItem[]; note?: string }
  | { type: 'predictResult'; result: PredictResult }
  | { type: 'predictEnd' };

export type PanelCommand =
  | 'forward'
  | 'back'
  | 'nextTask'
  | 'prevTask'
  | 'nextConsole'
  | 'prevConsole'
  | 'restart'
  | 'end'
  | 'play'
  | 'pause'
  | 'togglePlay';

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready'; restored?: PanelPersistedState }
  | { type: 'command'; command: PanelCommand }
  /** Slider: go to stop index `stopIndex` (throttled by the webview: one request in flight). */
  | { type: 'gotoStop'; stopIndex: number; seq: number }
  /** The webview moved to stop `stopIndex` by itself (its own replay): the host follows (editor, memento). */
  | { type: 'moved'; version: number; stopIndex: number }
  /** The webview read run `version`'s trace file (`ok`: its own replay is open), or gave up on it: the host deletes the file. */
  | { type: 'traceRead'; version: number; ok: boolean }
  /** Timeline / console click: go to a step number. */
  | { type: 'gotoStep'; step: number }
  | { type: 'gotoConsole'; index: number }
  | { type: 'reveal'; line: number; column: number; file?: string }
  | { type: 'setSpeed'; speed: number }
  /** Sent after each render: what the panel shows (for tests and for the screen-reader summary). */
  | { type: 'rendered'; version: number; step: number; stopIndex: number; view: RenderedView }
  /** Predict the Output: the learner's order (item keys, first = runs first); try again; leave. */
  | { type: 'predictReveal'; order: string[] }
  | { type: 'predictRetry' }
  | { type: 'predictEnd' }
  /** Sent after each render of predict mode (for tests and the screen-reader summary). */
  | { type: 'predictRendered'; view: PredictRenderedView };

/** What predict mode shows, as text. */
export interface PredictRenderedView {
  phase: 'ordering' | 'revealed';
  items: string[];
  marks: string[];
  explanations: string[];
  score: string;
}

/** The text the panel displays, per box (item texts as shown). */
export interface RenderedView {
  headings: string[];
  callStack: string[];
  webApis: string[];
  taskQueue: string[];
  microtaskQueue: string[];
  nextTickQueue: string[];
  immediateQueue: string[];
  /** Browser profile: the Rendering lane (its phase line, the animation-frame queue, frames so far). */
  rendering?: string[];
  console: string[];
  scope: string[];
  /** Teaching sections (src/webview/sections/teach.ts): frames' contexts, closures, promises. */
  contexts?: string[];
  closures?: string[];
  promises?: string[];
  explanation: string;
  phase: string;
  clock: string;
}

/** What the webview keeps with setState() so the panel comes back after a window reload. */
export interface PanelPersistedState {
  /** The bound document's URI (string form). */
  uri?: string;
  step?: number;
  speed?: number;
}

/** Steps per second offered by the speed control. */
export const SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;
export const DEFAULT_SPEED = 4;

export const VIEW_TYPE = 'eventLoopLens.stepThrough';
