// The step-through panel's host side: one webview panel beside the editor, bound to one document,
// reused for the next file. It owns the TraceReplay of the document's traced analysis, answers the
// webview's navigation requests with StepStates, highlights the current step in the editor and
// re-analyses on edit, keeping the step (or the nearest). No JavaScript semantics here.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis, AnalyzeOptions } from '../../engine/types';
import { TraceReplay, indexInBackground } from '../../engine/replay';
import { packTrace, traceOf, type PackedTrace } from '../../engine/traceCodec';
import {
  DEFAULT_SPEED, HostMessage, PanelCommand, PanelPersistedState, RenderedView, RunInfo, SPEEDS, StepState, VIEW_TYPE, WebviewMessage,
} from '../../shared/protocol';
import { buildHtml } from './html';
import { TraceFiles } from './traceFile';

/** How the panel gets a traced analysis (the shared AnalysisService satisfies this). */
export interface TraceAnalyzer {
  analyze(document: vscode.TextDocument, extra?: Partial<AnalyzeOptions>): Promise<Analysis>;
  readonly configuration?: { debounceMs?: number; maxSteps?: number };
}

/**
 * The step-through records at most this many steps (the live hints use the full budget). A million
 * traced steps is ~100 MB to move out of the worker and ~1 s to index on the extension host's thread.
 */
export const TRACE_STEP_CAP = 300_000;

/** A packed trace larger than this is not sent to the webview (its moves then go through the host). */
const PANEL_TRACE_MAX_BYTES = 64 * 1024 * 1024;

/** Where the step-through is, for other adapters (e.g. dimming the hints of steps not reached). */
export interface StepPosition {
  uri: vscode.Uri;
  step: number;
  /** Stop index (several stops can share one step number). */
  stop: number;
  analysis: Analysis;
  state: StepState;
}

export interface RenderedReport { version: number; step: number; stopIndex: number; view: RenderedView }

const MEMENTO_KEY = 'eventLoopLens.stepThrough.position';

export const CONTEXT_BOUND = 'eventLoopLens.stepThroughBound';

export class StepThroughController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  private replay: TraceReplay | undefined;
  private run: RunInfo | undefined;
  private version = 0;
  /** Current stop (index into the replay's stops). */
  private stop = 0;
  private playing = false;
  private speed = DEFAULT_SPEED;
  private playTimer: NodeJS.Timeout | undefined;
  private editTimer: NodeJS.Timeout | undefined;
  private analysisSeq = 0;
  private ready = false;
  private readonly stepEmitter = new vscode.EventEmitter<StepPosition | undefined>();
  private readonly postedEmitter = new vscode.EventEmitter<HostMessage>();
  /** Fires whenever the current step (or the bound document) changes; undefined when the panel closes. */
  readonly onDidChangeStep = this.stepEmitter.event;
  /** Test hook: fires with every message posted to the webview. */
  readonly onDidPost = this.postedEmitter.event;
  /** Test hook: the last state / run posted to the webview. */
  lastState: StepState | undefined;
  lastRunMessage: Extract<HostMessage, { type: 'run' }> | undefined;
  lastStatus: string | undefined;
  /** Test hook: what the webview last reported it rendered. */
  lastRendered: RenderedReport | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedReport>();
  readonly onDidRender = this.renderedEmitter.event;
  /** Webview messages this controller does not handle itself (predict mode: src/extension/predictController.ts). */
  private readonly otherMessageEmitter = new vscode.EventEmitter<WebviewMessage>();
  readonly onDidReceiveOtherMessage = this.otherMessageEmitter.event;

  private readonly lineDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly rangeDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.focusedStackFrameHighlightBackground'),
    borderColor: new vscode.ThemeColor('focusBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 1px 0',
    before: { contentText: '▶', color: new vscode.ThemeColor('debugIcon.continueForeground'), margin: '0 2px 0 0' },
  });
  /** Lines whose console output has not been printed yet at the current step. */
  private readonly dimDecoration = vscode.window.createTextEditorDecorationType({ opacity: '0.55' });
  /** The dimmed lines last set per editor (as a key). */
  private dimApplied = new WeakMap<vscode.TextEditor, string>();

  private persistTimer: NodeJS.Timeout | undefined;
  /** The runs' trace files for the webview's own replay (./traceFile.ts). */
  private readonly traceFiles: TraceFiles;
  /** Test hook: what the webview last said of a trace file. */
  lastTraceRead: { version: number; ok: boolean } | undefined;

  /**
   * @param memento where the position is also kept (workspaceState): the webview's own state can
   *   lag behind after fast moves, the host's is written on every settled move.
   * @param traceDir where the runs' trace files are written for the webview (the extension's global
   *   storage); without one, the webview asks the host for every move.
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyzer: TraceAnalyzer,
    private readonly memento?: vscode.Memento,
    private readonly traceDir?: vscode.Uri,
  ) {
    this.traceFiles = new TraceFiles(traceDir?.scheme === 'file' ? traceDir.fsPath : undefined);
    this.disposables.push(
      this.traceFiles,
      this.stepEmitter,
      this.postedEmitter,
      this.renderedEmitter,
      this.otherMessageEmitter,
      this.lineDecoration,
      this.rangeDecoration,
      this.dimDecoration,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.document || e.document !== this.document || e.contentChanges.length === 0) return;
        this.scheduleReanalysis();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.post({ type: 'status', text: 'The file was closed; reopen it to keep stepping.', busy: false });
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.applyEditorDecorations(false)),
    );
  }

  // ---- Public API ------------------------------------------------------------------------

  get boundDocument(): vscode.TextDocument | undefined { return this.document; }
  /** Interpreter step number of the current stop. */
  get currentStep(): number { return this.replay ? this.replay.stepOfStop(this.stop) : 0; }
  get currentStop(): number { return this.stop; }
  get isOpen(): boolean { return !!this.panel; }
  get isPlaying(): boolean { return this.playing; }
  get currentReplay(): TraceReplay | undefined { return this.replay; }
  /** Test hook: the trace files written for the webview and not deleted yet. */
  get pendingTraceFiles(): string[] { return this.traceFiles.pending; }

  position(uri?: vscode.Uri): StepPosition | undefined {
    if (!this.document || !this.replay || !this.lastState) return undefined;
    if (uri && uri.toString() !== this.document.uri.toString()) return undefined;
    return { uri: this.document.uri, step: this.currentStep, stop: this.stop, analysis: this.replay.analysis, state: this.lastState };
  }

  /** Opens (or reveals) the panel bound to `document` and analyses it. */
  async open(document: vscode.TextDocument, opts: { step?: number; preserveFocus?: boolean } = {}): Promise<void> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        this.titleFor(document),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: opts.preserveFocus ?? true },
        this.webviewOptions(),
      );
      this.adopt(panel);
    } else {
      const panelColumn = this.panel.viewColumn;
      const active = vscode.window.activeTextEditor;
      if (panelColumn !== undefined && active && active.document === document && active.viewColumn === panelColumn) {
        // The file was opened in the panel's own group: show it beside the panel, not behind it.
        const other = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
        await vscode.window.showTextDocument(document, { viewColumn: other, preserveFocus: false, selection: active.selection });
      }
      this.panel.reveal(panelColumn ?? vscode.ViewColumn.Beside, opts.preserveFocus ?? true);
    }
    const same = this.document && this.document.uri.toString() === document.uri.toString();
    await this.bind(document, same ? this.currentStep : opts.step, !same);
  }

  /** Takes over a panel restored by the serializer after a window reload. */
  async restore(panel: vscode.WebviewPanel, state: PanelPersistedState | undefined): Promise<void> {
    this.panel?.dispose();
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
    if (state?.speed && (SPEEDS as readonly number[]).includes(state.speed)) this.speed = state.speed;
    if (!state?.uri) {
      this.post({ type: 'status', text: 'Open a JavaScript file and run “Event Loop Lens: Step Through File”.', busy: false });
      return;
    }
    try {
      const saved = this.memento?.get<PanelPersistedState>(MEMENTO_KEY);
      const step = saved && saved.uri === state.uri && typeof saved.step === 'number' ? saved.step : state.step;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri));
      await this.bind(document, step, true);
    } catch {
      this.post({ type: 'status', text: 'The file this panel was stepping through is no longer available.', busy: false });
    }
  }

  /** Runs one of the panel commands (also used by keybindings and tests). */
  command(command: PanelCommand): void {
    const r = this.replay;
    if (!r) return;
    const at = this.stop;
    switch (command) {
      case 'forward': this.stopPlaying(); this.gotoStop(r.nextStop(at)); break;
      case 'back': this.stopPlaying(); this.gotoStop(r.prevStop(at)); break;
      case 'nextTask': this.stopPlaying(); this.gotoStop(r.nextTaskStop(at) ?? r.lastStop); break;
      case 'prevTask': this.stopPlaying(); this.gotoStop(r.prevTaskStop(at) ?? 0); break;
      case 'nextConsole': this.stopPlaying(); this.gotoStop(r.nextConsoleStop(at) ?? r.lastStop); break;
      case 'prevConsole': this.stopPlaying(); this.gotoStop(r.prevConsoleStop(at) ?? 0); break;
      case 'restart': this.stopPlaying(); this.gotoStop(0); break;
      case 'end': this.stopPlaying(); this.gotoStop(r.lastStop); break;
      case 'play': this.startPlaying(); break;
      case 'pause': this.stopPlaying(); this.sendState(); break;
      case 'togglePlay': if (this.playing) { this.stopPlaying(); this.sendState(); } else this.startPlaying(); break;
    }
  }

  /** Moves to interpreter step `step` (its first stop, or the nearest). */
  goto(step: number, seq?: number): void {
    const r = this.replay;
    if (!r) return;
    this.gotoStop(r.nearestStop(step), seq);
  }

  /** Moves to stop `index` (clamped). */
  gotoStop(index: number, seq?: number): void {
    const r = this.replay;
    if (!r) return;
    this.stop = r.clampStop(index);
    this.sendState(seq);
  }

  /** Moves to the stop that printed console line `index`. */
  gotoConsole(index: number): void {
    const k = this.replay?.consoleStop(index);
    if (k !== undefined) { this.stopPlaying(); this.gotoStop(k); }
  }

  setSpeed(speed: number): void {
    if (!(SPEEDS as readonly number[]).includes(speed)) return;
    this.speed = speed;
    if (this.playing) { this.stopPlaying(); this.startPlaying(); }
  }

  /** Re-analyses the bound document now (keeps the step). Resolves when the new run is posted. */
  async reanalyze(): Promise<void> {
    if (this.document) await this.bind(this.document, this.currentStep, false);
  }

  dispose(): void {
    this.stopPlaying();
    if (this.persistTimer) clearTimeout(this.persistTimer);
    if (this.editTimer) clearTimeout(this.editTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  // ---- Panel plumbing --------------------------------------------------------------------

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), ...(this.traceDir ? [this.traceDir] : [])],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-icon.svg');
    panel.webview.html = buildHtml(panel.webview, this.extensionUri);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(m)),
      panel.onDidDispose(() => this.onPanelDisposed(panel)),
      panel.onDidChangeViewState((e) => { if (e.webviewPanel.visible) this.applyEditorDecorations(false); }),
    );
    void vscode.commands.executeCommand('setContext', CONTEXT_BOUND, true);
  }

  private onPanelDisposed(panel: vscode.WebviewPanel): void {
    if (panel !== this.panel) return;
    this.stopPlaying();
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.ready = false;
    this.traceFiles.keepOnly();
    this.clearEditorDecorations();
    this.document = undefined;
    this.replay = undefined;
    this.run = undefined;
    this.lastState = undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_BOUND, false);
    this.stepEmitter.fire(undefined);
  }

  private titleFor(document: vscode.TextDocument): string {
    return `Event Loop: ${path.basename(document.uri.path) || 'untitled'}`;
  }

  private onMessage(m: WebviewMessage): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (m.restored?.speed && !this.run) this.setSpeed(m.restored.speed);
        if (this.run && this.lastState) this.postRun();
        else if (this.lastStatus) this.post({ type: 'status', text: this.lastStatus, busy: true });
        break;
      case 'command': this.command(m.command); break;
      case 'gotoStop': this.stopPlaying(); this.gotoStop(m.stopIndex, m.seq); break;
      case 'moved': this.followWebview(m.version, m.stopIndex); break;
      case 'traceRead':
        if (typeof m.version !== 'number') break;
        this.traceFiles.done(m.version);
        this.lastTraceRead = { version: m.version, ok: m.ok === true };
        break;
      case 'gotoStep': this.stopPlaying(); this.goto(m.step); break;
      case 'gotoConsole': this.gotoConsole(m.index); break;
      case 'reveal': void this.revealInEditor(m.line, m.column, m.file); break;
      case 'setSpeed': this.setSpeed(m.speed); break;
      case 'rendered':
        this.lastRendered = { version: m.version, step: m.step, stopIndex: m.stopIndex, view: m.view };
        this.renderedEmitter.fire(this.lastRendered);
        break;
      default:
        this.otherMessageEmitter.fire(m);
    }
  }

  /**
   * The webview drew stop `stopIndex` from its own replay: follow it (editor highlight, memento,
   * onDidChangeStep), without posting the state back.
   */
  private followWebview(version: number, stopIndex: number): void {
    const r = this.replay;
    if (!r || !this.run || version !== this.run.version || typeof stopIndex !== 'number' || !Number.isFinite(stopIndex)) return;
    this.stopPlaying();
    this.stop = r.clampStop(stopIndex);
    this.lastState = r.stateAtStop(this.stop);
    this.afterMove();
  }

  /** Posts a message other adapters own (predict mode). */
  postMessage(msg: HostMessage): void {
    this.post(msg);
  }

  private post(msg: HostMessage): void {
    if (msg.type === 'status') this.lastStatus = msg.text;
    this.postedEmitter.fire(msg);
    if (!this.panel || !this.ready) return;
    void this.panel.webview.postMessage(msg);
  }

  // ---- Analysis --------------------------------------------------------------------------

  private scheduleReanalysis(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    if (this.run) this.post({ type: 'status', text: 'File changed — re-analysing…', busy: true });
    const delay = Math.max(50, this.analyzer.configuration?.debounceMs ?? 250);
    this.editTimer = setTimeout(() => { this.editTimer = undefined; void this.reanalyze(); }, delay);
  }

  private async bind(document: vscode.TextDocument, keepStep: number | undefined, fresh: boolean): Promise<void> {
    const seq = ++this.analysisSeq;
    const changedDoc = this.document !== document;
    if (changedDoc) this.clearEditorDecorations();
    this.document = document;
    if (this.panel) this.panel.title = this.titleFor(document);
    if (fresh || !this.run) this.post({ type: 'status', text: `Simulating ${path.basename(document.uri.path)}…`, busy: true });
    let analysis: Analysis;
    try {
      analysis = await this.analyzer.analyze(document, { trace: true, maxSteps: this.traceCap(), maxTraceEvents: 4 * this.traceCap() });
    } catch (err) {
      if (seq !== this.analysisSeq) return;
      this.post({ type: 'status', text: `Could not analyse the file: ${(err as Error).message}`, busy: false });
      return;
    }
    if (seq !== this.analysisSeq || this.document !== document) return; // superseded by a newer request
    const hasTrace = (traceOf(analysis)?.length ?? 0) > 0;
    if (!hasTrace && this.replay && !changedDoc) {
      // Syntax error (or a failed run) while editing: keep the last good run on screen, say why.
      const d = analysis.diagnostics.find((x) => x.severity === 'error') ?? analysis.diagnostics[0];
      const why = d ? `${d.message} (line ${d.line})` : 'the file could not be simulated';
      this.post({ type: 'status', text: `Showing the last good run — ${why}.`, busy: false });
      return;
    }
    const replay = new TraceReplay(analysis);
    this.replay = replay;
    this.version++;
    this.stop = keepStep !== undefined ? replay.nearestStop(keepStep) : 0;
    this.run = this.makeRun(analysis, replay, hasTrace);
    this.lastStatus = undefined;
    this.lastState = replay.stateAtStop(this.stop);
    this.postRun();
    this.afterMove();
    // The rest of the states index (issue 13), until another run replaces this one.
    indexInBackground(replay, () => this.replay === replay);
  }

  private traceCap(): number {
    const configured = this.analyzer.configuration?.maxSteps;
    return Math.min(TRACE_STEP_CAP, configured && configured > 0 ? configured : TRACE_STEP_CAP);
  }

  private makeRun(analysis: Analysis, replay: TraceReplay, hasTrace: boolean): RunInfo {
    let problem: string | undefined;
    if (!hasTrace) {
      const d = analysis.diagnostics.find((x) => x.severity === 'error') ?? analysis.diagnostics[0];
      problem = d ? `Nothing to step through: ${d.message} (line ${d.line}).` : 'Nothing to step through: the simulation recorded no steps.';
    }
    let stopped = analysis.stoppedBy ? describeStop(analysis) : undefined;
    const configured = this.analyzer.configuration?.maxSteps;
    if (analysis.stoppedBy === 'step-budget' && configured && configured > this.traceCap()) {
      stopped = `The step-through records the first ${this.traceCap().toLocaleString('en-US')} steps; the run stops here (the hints use the full budget of ${configured.toLocaleString('en-US')} steps).`;
    }
    return {
      version: this.version,
      uri: this.document ? this.document.uri.toString() : '',
      fileName: analysis.fileName,
      title: path.basename(analysis.fileName || 'untitled.js'),
      runtime: analysis.runtime,
      totalSteps: replay.totalSteps,
      stopCount: replay.stopCount,
      timeline: replay.timeline(),
      console: analysis.console.map((c, index) => ({
        index, order: c.order, text: c.text, kind: c.kind, source: c.source, stream: c.stream, line: c.line, step: c.step, time: c.time,
      })),
      virtualTime: analysis.virtualTime,
      stopped,
      problem,
    };
  }

  private postRun(): void {
    if (!this.run || !this.lastState || !this.replay) return;
    const msg: HostMessage = { type: 'run', run: this.run, state: this.lastState, stopIndex: this.stop, playing: this.playing, speed: this.speed };
    this.lastRunMessage = msg;
    this.post(msg);
    if (this.panel && this.ready) void this.offerTrace(this.replay, this.run.version);
  }

  /**
   * After the run message: the run's trace for the webview's own replay (packed: a few bytes per
   * event), as a file the webview fetches (./traceFile.ts says why), when it is not too large.
   */
  private async offerTrace(replay: TraceReplay, version: number): Promise<void> {
    this.traceFiles.keepOnly(version);
    const a = replay.analysis;
    if (!replay.stopCount) return;
    let packed: PackedTrace | undefined = a.packedTrace;
    if (!packed && a.trace) packed = packTrace(a.trace);
    if (!packed || packed.bytes.byteLength > PANEL_TRACE_MAX_BYTES) return;
    const offer = await this.traceFiles.offer(version, packed);
    const panel = this.panel;
    if (!offer) return;
    // Superseded while the file was written (a newer run, or the panel closed).
    if (!panel || this.replay !== replay || !this.run || this.run.version !== version) { this.traceFiles.done(version); return; }
    this.post({
      type: 'trace',
      trace: {
        version,
        url: panel.webview.asWebviewUri(vscode.Uri.file(offer.file)).toString(),
        count: offer.count,
        stringEndsCount: offer.stringEndsCount,
        stringsLength: offer.stringsLength,
        bytesLength: offer.bytesLength,
        steps: a.steps,
        bindings: (a.bindings ?? []).map((b) => ({ name: b.name, kind: b.kind })),
      },
    });
  }

  private sendState(seq?: number): void {
    const r = this.replay;
    if (!r || !this.run) return;
    const state = r.stateAtStop(this.stop);
    this.lastState = state;
    this.post({ type: 'state', version: this.run.version, state, stopIndex: this.stop, playing: this.playing, speed: this.speed, seq });
    this.afterMove();
  }

  private afterMove(): void {
    this.applyEditorDecorations(true);
    if (this.memento && this.document) {
      if (this.persistTimer) clearTimeout(this.persistTimer);
      const position: PanelPersistedState = { uri: this.document.uri.toString(), step: this.currentStep, speed: this.speed };
      this.persistTimer = setTimeout(() => void this.memento!.update(MEMENTO_KEY, position), 250);
    }
    if (this.document && this.replay && this.lastState) {
      this.stepEmitter.fire({ uri: this.document.uri, step: this.currentStep, stop: this.stop, analysis: this.replay.analysis, state: this.lastState });
    }
  }

  // ---- Play ------------------------------------------------------------------------------

  private startPlaying(): void {
    const r = this.replay;
    if (!r || !r.stopCount) return;
    if (this.stop >= r.lastStop) this.stop = 0;
    this.playing = true;
    if (this.playTimer) clearInterval(this.playTimer);
    this.playTimer = setInterval(() => {
      const rr = this.replay;
      if (!rr || !this.playing) return this.stopPlaying();
      const next = rr.nextStop(this.stop);
      if (next === this.stop) { this.stopPlaying(); this.sendState(); return; }
      this.stop = next;
      if (this.stop >= rr.lastStop) this.playing = false;
      this.sendState();
      if (!this.playing) this.stopPlaying();
    }, Math.max(10, Math.round(1000 / this.speed)));
    this.sendState();
  }

  private stopPlaying(): void {
    this.playing = false;
    if (this.playTimer) clearInterval(this.playTimer);
    this.playTimer = undefined;
  }

  // ---- Editor ----------------------------------------------------------------------------

  private editorsForDocument(): vscode.TextEditor[] {
    const doc = this.document;
    if (!doc) return [];
    return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === doc.uri.toString());
  }

  /** The range of the current step in the editor (0-based), or undefined before the first step. */
  currentRange(): vscode.Range | undefined {
    const s = this.lastState;
    const doc = this.document;
    // A step in an imported module is not at this document's lines.
    if (!s || !doc || s.file !== undefined || s.line <= 0 || s.line > doc.lineCount) return undefined;
    const start = new vscode.Position(s.line - 1, Math.max(0, s.column));
    const endLine = Math.min(doc.lineCount, Math.max(s.line, s.endLine || s.line)) - 1;
    let end = new vscode.Position(endLine, Math.max(0, s.endColumn));
    if (end.isBefore(start)) end = start;
    return doc.validateRange(new vscode.Range(start, end));
  }

  private applyEditorDecorations(reveal: boolean): void {
    const editors = this.editorsForDocument();
    if (!editors.length) return;
    const range = this.currentRange();
    const dim = this.dimRanges();
    // The dimmed lines change only when a move crosses a printing step: set them only then.
    const dimKey = dim.map((r) => r.start.line).join(',');
    for (const ed of editors) {
      ed.setDecorations(this.lineDecoration, range ? [new vscode.Range(range.start.line, 0, range.start.line, 0)] : []);
      ed.setDecorations(this.rangeDecoration, range && !range.isEmpty ? [range] : []);
      if (this.dimApplied.get(ed) !== dimKey) {
        ed.setDecorations(this.dimDecoration, dim);
        this.dimApplied.set(ed, dimKey);
      }
      if (reveal && range) ed.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private dimRanges(): vscode.Range[] {
    const r = this.replay;
    const doc = this.document;
    if (!r || !doc || !this.lastState) return [];
    const firstStepByLine = new Map<number, number>();
    for (const c of r.analysis.console) {
      const prev = firstStepByLine.get(c.line);
      if (prev === undefined || c.step < prev) firstStepByLine.set(c.line, c.step);
    }
    const out: vscode.Range[] = [];
    for (const [line, step] of firstStepByLine) {
      if (step > this.currentStep && line >= 1 && line <= doc.lineCount) out.push(doc.lineAt(line - 1).range);
    }
    return out;
  }

  private clearEditorDecorations(): void {
    this.dimApplied = new WeakMap();
    for (const ed of this.editorsForDocument()) {
      ed.setDecorations(this.lineDecoration, []);
      ed.setDecorations(this.rangeDecoration, []);
      ed.setDecorations(this.dimDecoration, []);
    }
  }

  private async revealInEditor(line: number, column: number, file?: string): Promise<void> {
    // A frame of an imported module: that file (a path the analysis' own module graph read).
    // The path came from the analysis process (untrusted data): only files inside the workspace folders.
    const inWorkspace = (p: string) => (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && p.startsWith(f.uri.fsPath.replace(/\/$/, '') + '/'));
    if (file !== undefined && (typeof file !== 'string' || !inWorkspace(file))) return;
    const doc = file ? await vscode.workspace.openTextDocument(vscode.Uri.file(file)).then((d) => d, () => undefined) : this.document;
    if (!doc || line < 1) return;
    const pos = doc.validatePosition(new vscode.Position(line - 1, Math.max(0, column)));
    const visible = this.editorsForDocument()[0];
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function describeStop(a: Analysis): string {
  const d = a.diagnostics.find((x) => x.code === a.stoppedBy) ?? a.diagnostics.find((x) => x.severity === 'error');
  const where = d ? ` at line ${d.line}` : '';
  switch (a.stoppedBy) {
    case 'step-budget': return `The simulation stopped at its step budget${where}.`;
    case 'time-budget': return `The simulation stopped at its time budget${where}.`;
    case 'uncaught-error': return `The program ends with an uncaught error${where}${d ? `: ${d.message}` : ''}.`;
    case 'unhandled-rejection': return `The program ends with an unhandled rejection${where}${d ? `: ${d.message}` : ''}.`;
    case 'microtask-starvation': return `Microtask starvation${where}: the task queue never gets a turn.`;
    case 'syntax-error': return `Syntax error${where}.`;
    default: return `Stopped: ${a.stoppedBy}.`;
  }
}
