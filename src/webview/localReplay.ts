// The step-through panel's own replay (issue 13): after the run, the host says where the run's
// packed trace is (HostMessage 'trace': a file, src/extension/panel/traceFile.ts); the webview
// fetches it (LocalReplay.load), checks it (checkPackedTrace: the whole trace, as
// the host checked the analysis process's), indexes it with the engine's TraceReplay, and draws
// the steps the slider, the keys and the buttons ask for without a round trip to the extension
// host — the host is told where the panel went ('moved') and follows (editor highlight, memento).
// Anything it cannot do (play, a trace that fails the check) goes to the host as before.
import { TraceReplay, indexInBackground } from '../engine/replay';
import { checkPackedTrace } from '../engine/traceCodec';
import type { Analysis } from '../engine/types';
import type { PanelCommand, PanelTraceFile, RunInfo, StepState } from '../shared/protocol';
import { packedTraceOfFile } from '../shared/traceFileLayout';

export class LocalReplay {
  private constructor(readonly version: number, private readonly replay: TraceReplay) {}

  /**
   * Fetches the trace file the host offered for `run` and opens its replay; null when the file
   * cannot be read, is not the size the offer says, or fails the check.
   */
  static async load(run: RunInfo, offer: PanelTraceFile): Promise<LocalReplay | null> {
    const res = await fetch(offer.url);
    if (!res.ok) return null;
    // The offer's lengths cut the file (traceFileLayout.ts); everything else is checkPackedTrace's.
    const packed = packedTraceOfFile(await res.arrayBuffer(), offer);
    if (!packed) return null;
    const checked = checkPackedTrace(packed);
    if (typeof checked === 'string') return null;
    const analysis = {
      fileName: run.fileName, runtime: run.runtime, moduleKind: 'commonjs', tasks: [], diagnostics: [], virtualTime: run.virtualTime, exitCode: 0, millis: 0,
      // The replay reads a console line's text, order and step (explanations, navigation).
      console: run.console,
      steps: typeof offer.steps === 'number' ? offer.steps : 0,
      bindings: Array.isArray(offer.bindings) ? offer.bindings : [],
      packedTrace: checked,
    } as unknown as Analysis;
    const replay = new TraceReplay(analysis);
    // The same trace as the host's: the same stops (anything else is not this run).
    if (replay.stopCount !== run.stopCount) return null;
    const local = new LocalReplay(run.version, replay);
    // The rest of the states index between frames, until a newer run replaces this one.
    indexInBackground(replay, () => !local.disposed);
    return local;
  }

  /** Set when a newer run replaced this one (its background indexing stops). */
  disposed = false;

  dispose(): void {
    this.disposed = true;
  }

  clamp(i: number): number {
    return this.replay.clampStop(i);
  }

  stateAt(stop: number): StepState {
    return this.replay.stateAtStop(stop);
  }

  /** Where a navigation command goes from stop `at` (undefined: not a move this replay makes; the host does it). */
  target(command: PanelCommand, at: number): number | undefined {
    const r = this.replay;
    switch (command) {
      case 'forward': return r.nextStop(at);
      case 'back': return r.prevStop(at);
      case 'nextTask': return r.nextTaskStop(at) ?? r.lastStop;
      case 'prevTask': return r.prevTaskStop(at) ?? 0;
      case 'nextConsole': return r.nextConsoleStop(at) ?? r.lastStop;
      case 'prevConsole': return r.prevConsoleStop(at) ?? 0;
      case 'restart': return 0;
      case 'end': return r.lastStop;
      default: return undefined;
    }
  }

  /** The stop that printed console line `index`. */
  consoleStop(index: number): number | undefined {
    return this.replay.consoleStop(index);
  }
}
