// The live analysis of every open JavaScript document, shared by all adapters (hints, diagnostics,
// hover, status bar, execution log) and by the step-through panel (src/extension/panel).
//
// Stable API (the panel relies on it):
//   service.get(uri)                 → AnalysisResult | undefined   (latest result for the document)
//   service.getAnalysis(uri)         → Analysis | undefined         (shorthand: get(uri)?.analysis)
//   service.onDidAnalyze(listener)   → fires AnalysisResult after every accepted analysis
//   service.analyze(document, extra) → Promise<Analysis>            (one-off run in the worker, e.g.
//                                       { trace: true } for stepping; does not replace the live result)
//   service.optionsFor(document)     → AnalyzeOptions built from the settings
//   service.reanalyze(document)      → re-runs the live analysis now
import * as vscode from 'vscode';
import type { Analysis, AnalyzeOptions } from '../engine/types';
import { analyzeOptionsFor, fileNameOf, isAnalyzable, LensConfig, readConfig } from './config';
import { AnalysisHost, analysisOf } from '../sandbox/host';
import { sourcesFor } from './moduleSources';
import { filesTouched, viewOf } from '../engine/modules/view';

export interface AnalysisTimings {
  /** performance.now() of the edit (or open/save) that triggered this run. */
  triggeredAt: number;
  /** When the debounce ended and the request went to the worker. */
  startedAt: number;
  /** When the worker's answer arrived. */
  finishedAt: number;
  /** When every onDidAnalyze listener (decorations, diagnostics, …) had applied it. */
  appliedAt?: number;
  /** Engine's own wall-clock ms. */
  engineMillis: number;
}

export interface AnalysisResult {
  uri: vscode.Uri;
  /** Document version the analysis was made from. */
  version: number;
  /** The latest analysis (may be a syntax-error analysis). */
  analysis: Analysis;
  /** The analysis hints are taken from: `analysis`, or the last good one while there is a syntax error. */
  hintSource: Analysis;
  /** true while `hintSource` is an older analysis kept because the file currently has a syntax error. */
  stale: boolean;
  /** What triggered it. */
  reason: 'open' | 'edit' | 'save' | 'config' | 'command';
  timings: AnalysisTimings;
  /** The whole run, every file's events (`analysis` is this document's view of it). */
  full?: Analysis;
  /** Set when this document shows another file's run (the pinned entry, or the file that imported it). */
  from?: vscode.Uri;
}

interface DocState {
  timer?: NodeJS.Timeout;
  triggeredAt: number;
  reason: AnalysisResult['reason'];
  result?: AnalysisResult;
  lastGood?: Analysis;
  /** Token of the run in flight (a newer run or edit replaces it). */
  pending?: number;
  /** The files the last run's module graph read (editing one re-runs this document). */
  deps?: Set<string>;
  /** This document's own last run (kept while it shows another file's run). */
  own?: AnalysisResult;
}

let runTokens = 0;
let hoverSeq = 0;

export function hasSyntaxError(a: Analysis): boolean {
  return a.stoppedBy === 'syntax-error' || a.diagnostics.some((d) => d.code === 'syntax-error');
}

export class AnalysisService implements vscode.Disposable {
  private readonly states = new Map<string, DocState>();
  private readonly emitter = new vscode.EventEmitter<AnalysisResult>();
  private readonly startEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly clearEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private config: LensConfig = readConfig();

  /** Fires after each accepted analysis (stale results from older versions are dropped). */
  readonly onDidAnalyze = this.emitter.event;
  /** Fires when an analysis request is sent to the worker (status bar shows "analysing"). */
  readonly onDidStartAnalysis = this.startEmitter.event;
  /** Fires when a document's result is dropped (closed, or the extension disabled): clear its UI. */
  readonly onDidClear = this.clearEmitter.event;

  constructor(private readonly host: AnalysisHost) {
    this.disposables.push(
      this.emitter,
      this.entryEmitter,
      this.startEmitter,
      this.clearEmitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 'open', 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.schedule(e.document, 'edit', this.config.debounceMs);
        this.scheduleDependents(e.document, 'edit');
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        this.schedule(d, 'save', 0);
        this.scheduleDependents(d, 'save');
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('eventLoopLens')) return;
        const before = this.config;
        this.config = readConfig();
        // Only settings that change the engine's input re-run it (hint display settings do not).
        const engineKeys: (keyof LensConfig)[] = ['enable', 'runtime', 'maxSteps', 'maxMillis', 'fetchLatency', 'fetchLatencyByUrl', 'frameRate'];
        const traceChanged = (before.hintMode === 'statements') !== (this.config.hintMode === 'statements');
        const languagesChanged = before.languages.join() !== this.config.languages.join();
        if (!traceChanged && !languagesChanged && engineKeys.every((k) => JSON.stringify(before[k]) === JSON.stringify(this.config[k]))) return;
        for (const d of vscode.workspace.textDocuments) {
          if (!this.config.enable || !isAnalyzable(d)) this.forget(d.uri);
          else this.schedule(d, 'config', 0);
        }
      }),
    );
  }

  // ---- modules: dependents, the pinned entry ---------------------------------------------------

  private entry: vscode.Uri | undefined;
  private readonly entryEmitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when an entry file is pinned or unpinned. */
  readonly onDidChangeEntry = this.entryEmitter.event;

  get pinnedEntry(): vscode.Uri | undefined {
    return this.entry;
  }

  /** Pins `uri` as the entry: files of its module graph show its run. `undefined` unpins. */
  async setEntry(uri: vscode.Uri | undefined): Promise<void> {
    const before = this.entry;
    this.entry = uri;
    this.entryEmitter.fire(uri);
    if (uri) {
      const doc = await vscode.workspace.openTextDocument(uri);
      this.schedule(doc, 'command', 0);
    } else if (before) {
      // Everyone goes back to their own run.
      for (const d of vscode.workspace.textDocuments) this.schedule(d, 'command', 0);
    }
  }

  /** Editing a file re-runs the open documents whose module graph read it. */
  private scheduleDependents(changed: vscode.TextDocument, reason: AnalysisResult['reason']): void {
    if (changed.uri.scheme !== 'file') return;
    const path = changed.uri.fsPath;
    for (const d of vscode.workspace.textDocuments) {
      if (d === changed) continue;
      const s = this.states.get(d.uri.toString());
      if (s?.deps?.has(path)) this.schedule(d, reason, this.config.debounceMs);
    }
  }

  /** The documents (other than the one run) that get a view of this run. */
  private propagate(full: Analysis, ran: vscode.TextDocument, ranResult: AnalysisResult): void {
    const pinned = this.entry !== undefined && this.entry.toString() === ran.uri.toString();
    const touched = filesTouched(full);
    const deps = this.states.get(ran.uri.toString())?.deps ?? new Set<string>();
    for (const d of vscode.workspace.textDocuments) {
      if (d === ran || d.uri.scheme !== 'file' || !isAnalyzable(d)) continue;
      const path = d.uri.fsPath;
      if (!touched.has(path) && !(pinned && deps.has(path))) continue;
      const s = this.states.get(d.uri.toString());
      // Without a pinned entry, a file shows the importer's run only while its own printed nothing.
      const own = s?.own ?? s?.result;
      if (!pinned && own && own.from === undefined && own.analysis.console.length > 0) continue;
      const view = viewOf(full, path);
      const result: AnalysisResult = { ...ranResult, uri: d.uri, version: d.version, analysis: view, hintSource: view, stale: false, full, from: ran.uri };
      let st = s;
      if (!st) this.states.set(d.uri.toString(), (st = { triggeredAt: 0, reason: ranResult.reason }));
      if (st.result && st.result.from === undefined) st.own = st.result;
      st.result = result;
      this.emitter.fire(result);
    }
  }

  get configuration(): LensConfig {
    return this.config;
  }

  /** Analyse what is open already (called once on activation). */
  start(): void {
    this.host.warmUp();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 'open', 0);
  }

  get(uri: vscode.Uri): AnalysisResult | undefined {
    return this.states.get(uri.toString())?.result;
  }

  getAnalysis(uri: vscode.Uri): Analysis | undefined {
    return this.get(uri)?.analysis;
  }

  /** Every document with a result. */
  all(): AnalysisResult[] {
    return [...this.states.values()].flatMap((s) => (s.result ? [s.result] : []));
  }

  isPending(uri: vscode.Uri): boolean {
    const s = this.states.get(uri.toString());
    return !!s && (s.timer !== undefined || s.pending !== undefined);
  }

  optionsFor(document: vscode.TextDocument, extra?: Partial<AnalyzeOptions>): AnalyzeOptions {
    return analyzeOptionsFor(document, this.config, extra);
  }

  /** A one-off analysis in a worker (does not touch the live result). Never rejects. */
  async analyze(document: vscode.TextDocument, extra?: Partial<AnalyzeOptions>): Promise<Analysis> {
    const options = this.optionsFor(document, extra);
    if (document.uri.scheme === 'file' && options.runtime !== 'browser' && !options.modules) options.modules = await sourcesFor(document.uri.fsPath, document.getText());
    return this.runJob(`oneoff:${document.uri.toString()}`, document.getText(), options);
  }

  /** Re-run the live analysis of `document` now. */
  reanalyze(document: vscode.TextDocument): void {
    this.schedule(document, 'command', 0);
  }

  /** Runs the engine's hoisting hover in a worker: markdown, null when there is none, undefined on failure. */
  async hover(document: vscode.TextDocument, line: number, column: number): Promise<unknown> {
    const r = this.get(document.uri);
    const current = r && !r.stale && !hasSyntaxError(r.analysis) ? r.analysis : undefined;
    const outcome = await this.host.run<unknown>(
      // A unique key: hovers never cancel (terminate) one another or the live analysis.
      `hover:${document.uri.toString()}:${++hoverSeq}`,
      {
        type: 'hover',
        source: document.getText(),
        line,
        column,
        options: this.optionsFor(document, { trace: false, moduleKind: current?.moduleKind }),
        // The simulation's facts (values seen, observed errors) when they belong to this text.
        data: current && r!.version === document.version ? { bindings: current.bindings, diagnostics: current.diagnostics } : null,
      },
      Math.max(1_000, this.config.maxMillis + 2_000),
    );
    // null: the engine has no hover here; undefined: the engine could not answer (fallback allowed).
    return outcome.status === 'ok' ? outcome.value ?? null : undefined;
  }

  schedule(document: vscode.TextDocument, reason: AnalysisResult['reason'], delayMs: number): void {
    if (!this.config.enable || !isAnalyzable(document)) return;
    const key = document.uri.toString();
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { triggeredAt: 0, reason }));
    s.triggeredAt = performance.now();
    s.reason = reason;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    // A newer edit cancels the analysis of the older text right away.
    if (s.pending !== undefined) {
      this.host.cancel(key);
      s.pending = undefined;
    }
    if (delayMs <= 0) void this.run(document, s);
    else s.timer = setTimeout(() => void this.run(document, s!), delayMs);
  }

  private async run(document: vscode.TextDocument, s: DocState): Promise<void> {
    s.timer = undefined;
    if (document.isClosed) return;
    // A file of the pinned entry's graph shows the entry's run: run the entry instead.
    const entry = this.entry;
    if (entry && entry.toString() !== document.uri.toString() && document.uri.scheme === 'file' && this.states.get(entry.toString())?.deps?.has(document.uri.fsPath)) {
      const entryDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.toString());
      if (entryDoc) return this.run(entryDoc, this.states.get(entry.toString())!);
    }
    const key = document.uri.toString();
    const version = document.version;
    const options = this.optionsFor(document);
    if (document.uri.scheme === 'file' && options.runtime !== 'browser') {
      options.modules = await sourcesFor(document.uri.fsPath, document.getText());
      if (options.modules) s.deps = new Set(Object.keys(options.modules.files).filter((p) => p !== document.uri.fsPath));
    }
    const startedAt = performance.now();
    const token = ++runTokens;
    s.pending = token;
    this.startEmitter.fire(document.uri);
    const full = await this.runJob(key, document.getText(), options);
    // This document's view: events of imported files go to their own documents (propagate below).
    const analysis = viewOf(full);
    if (s.pending !== token || document.isClosed || document.version !== version) return; // superseded
    s.pending = undefined;
    if (this.states.get(key) !== s) return; // forgotten meanwhile
    const finishedAt = performance.now();
    const syntax = hasSyntaxError(analysis);
    if (!syntax) s.lastGood = analysis;
    const stale = syntax && !!s.lastGood;
    const result: AnalysisResult = {
      uri: document.uri,
      version,
      analysis,
      hintSource: stale ? s.lastGood! : analysis,
      stale,
      reason: s.reason,
      timings: { triggeredAt: s.triggeredAt, startedAt, finishedAt, engineMillis: analysis.millis },
      full,
    };
    // A file that printed nothing of its own keeps the view of the run that used it (an importer's).
    const quiet = analysis.console.length === 0 && !analysis.diagnostics.some((d) => d.severity === 'error');
    if (quiet && s.result?.from !== undefined && s.result.full && filesTouched(s.result.full).has(document.uri.fsPath)) {
      s.own = result;
      this.propagate(full, document, result);
      return;
    }
    s.result = result;
    s.own = undefined;
    this.emitter.fire(result);
    result.timings.appliedAt = performance.now();
    this.propagate(full, document, result);
  }

  /** Runs one analysis in the analysis process and always returns an Analysis (failures become one located diagnostic). */
  private async runJob(key: string, source: string, options: AnalyzeOptions): Promise<Analysis> {
    const budget = options.maxMillis ?? this.config.maxMillis;
    // The engine stops itself at its time budget, the analysis process stops its worker 500 ms later;
    // the hard deadline (the child is killed) is the backstop for native code that does not return.
    const outcome = await this.host.run<Analysis>(key, { type: 'analyze', source, options: { ...options, maxMillis: budget } }, budget + 2_000);
    return analysisOf(outcome, source, { ...options, maxMillis: budget });
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const s = this.states.get(key);
    if (!s) return;
    if (s.timer) clearTimeout(s.timer);
    this.host.cancel(key);
    this.states.delete(key);
    this.clearEmitter.fire(uri);
  }

  dispose(): void {
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
    this.states.clear();
    for (const d of this.disposables) d.dispose();
  }
}

export { fileNameOf };
