// Inline execution-order hints: `after` decorations at the end of each line that produced output.
import * as vscode from 'vscode';
import type { RunKind } from '../engine/types';
import type { AnalysisResult, AnalysisService } from './analysisService';
import { buildHints, formatHintHover, LineHint } from './hints';

const KINDS: RunKind[] = ['sync', 'microtask', 'macrotask', 'nextTick', 'animationFrame'];

export interface AppliedHint extends LineHint {
  stale: boolean;
  /** The exact after-text given to the editor. */
  contentText: string;
}

export class HintsController implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly applied = new Map<string, AppliedHint[]>();
  /** The analysis each document's hints were built from (stale hints keep their edited positions). */
  private readonly builtFrom = new Map<string, unknown>();
  private readonly disposables: vscode.Disposable[] = [];
  private enabled: boolean;
  /** The line window each editor's decorations cover (hints are rendered around the viewport only). */
  private readonly windows = new WeakMap<vscode.TextEditor, { from: number; to: number }>();
  private readonly renderedByEditor = new WeakMap<vscode.TextEditor, number[]>();
  /** While stepping through a file: how many console lines the current step has printed. */
  private readonly reached = new Map<string, number>();
  /** Wall-clock ms of the last hint build and render (reported by the benchmark). */
  readonly lastTimings = { buildMs: 0, renderMs: 0 };

  constructor(private readonly service: AnalysisService) {
    this.enabled = service.configuration.hintsEnabled;
    for (const kind of KINDS) {
      this.types.set(kind, this.makeType(`eventLoopLens.${kind}Foreground`, false));
      this.types.set(`${kind}:stale`, this.makeType('eventLoopLens.staleForeground', true));
      this.types.set(`${kind}:dim`, this.makeType(`eventLoopLens.${kind}Foreground`, false, true));
    }
    this.disposables.push(
      service.onDidAnalyze((r) => this.onResult(r)),
      service.onDidClear((uri) => this.clear(uri)),
      // Hints move with the text until the next analysis replaces them (stale hints especially).
      vscode.workspace.onDidChangeTextDocument((e) => this.shift(e)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        const w = this.windows.get(e.textEditor);
        const v = visibleWindow(e.visibleRanges, 0);
        if (!w || v.from - WINDOW_MARGIN / 3 < w.from || v.to + WINDOW_MARGIN / 3 > w.to) this.render(e.textEditor);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const e of editors) this.render(e);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('eventLoopLens')) return;
        this.enabled = service.configuration.hintsEnabled;
        this.refreshAll();
      }),
    );
  }

  /**
   * Follows the step-through panel: hints of output the current step has not printed yet are
   * dimmed (console-output hints, whose numbers are the output order).
   */
  followStepThrough(onDidChangeStep: vscode.Event<{ uri: vscode.Uri; state: { consoleCount: number } } | undefined>): vscode.Disposable {
    return onDidChangeStep((pos) => {
      // Most moves print nothing: the dimming is the same, no re-render (a panel move stays cheap).
      if (pos && this.reached.size === 1 && this.reached.get(pos.uri.toString()) === pos.state.consoleCount) return;
      const before = [...this.reached.keys()];
      this.reached.clear();
      if (pos) this.reached.set(pos.uri.toString(), pos.state.consoleCount);
      const touched = new Set([...before, ...this.reached.keys()]);
      for (const e of vscode.window.visibleTextEditors) if (touched.has(e.document.uri.toString())) this.render(e);
    });
  }

  /** Lines whose hints are dimmed right now (for tests). */
  dimmedLines(uri: vscode.Uri): number[] {
    const count = this.reached.get(uri.toString());
    if (count === undefined) return [];
    return (this.applied.get(uri.toString()) ?? []).filter((h) => this.isDimmed(h, count)).map((h) => h.line);
  }

  private isDimmed(h: AppliedHint, reachedCount: number | undefined): boolean {
    if (reachedCount === undefined || h.stale || this.service.configuration.hintMode !== 'console') return false;
    return h.runs.length > 0 && Math.min(...h.runs.map((r) => r.order)) > reachedCount;
  }

  private makeType(color: string, stale: boolean, dim = false): vscode.TextEditorDecorationType {
    return vscode.window.createTextEditorDecorationType({
      after: {
        color: new vscode.ThemeColor(color),
        margin: '0 0 0 2em',
        fontStyle: stale ? 'italic' : 'normal',
        textDecoration: stale ? 'none; opacity: 0.55' : dim ? 'none; opacity: 0.35' : 'none',
      },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  setEnabled(on: boolean): void {
    this.enabled = on;
    this.refreshAll();
  }

  /** Documents whose hints are hidden for now (Predict the Output: the answer must not show). */
  private readonly hiddenFor = new Set<string>();

  setHiddenFor(uri: vscode.Uri, hidden: boolean): void {
    if (hidden) this.hiddenFor.add(uri.toString());
    else this.hiddenFor.delete(uri.toString());
    this.refreshAll();
  }

  isHiddenFor(uri: vscode.Uri): boolean {
    return this.hiddenFor.has(uri.toString());
  }

  /** The hints currently applied to a document (test API). */
  /** The lines of the hints rendered in an editor right now (test API). */
  renderedLines(editor: vscode.TextEditor): number[] {
    return this.renderedByEditor.get(editor) ?? [];
  }

  getHints(uri: vscode.Uri): AppliedHint[] {
    const hints = this.applied.get(uri.toString()) ?? [];
    for (const h of hints) this.hoverOf(h);
    return hints;
  }

  private hoverOf(h: AppliedHint): string {
    if (!h.hover) h.hover = formatHintHover(h.line, h.runs, this.service.configuration.hintMode);
    return h.hover;
  }

  private onResult(r: AnalysisResult): void {
    const t0 = performance.now();
    const key = r.uri.toString();
    const current = this.applied.get(key);
    if (r.stale && current && this.builtFrom.get(key) === r.hintSource) {
      // Still the last good run's hints, at the lines they moved to: just mark them stale.
      this.applied.set(key, current.map((h) => ({ ...h, stale: true, contentText: staleText(h.text) })));
    } else {
      const cfg = this.service.configuration;
      // Hovers are formatted lazily, for the hints that get rendered (or asked for).
      const hints = buildHints(r.hintSource, cfg.hintMode, { maxTextLength: cfg.hintMaxTextLength, hover: false });
      this.applied.set(key, hints.map((h) => ({ ...h, stale: r.stale, contentText: r.stale ? staleText(h.text) : h.text })));
      this.builtFrom.set(key, r.hintSource);
    }
    const t1 = performance.now();
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === key) this.render(e);
    this.lastTimings.buildMs = t1 - t0;
    this.lastTimings.renderMs = performance.now() - t1;
  }

  /** Keeps hint lines in step with edits (lines inserted/removed above them). */
  private shift(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const hints = this.applied.get(key);
    if (!hints || hints.length === 0 || e.contentChanges.length === 0) return;
    const changes = [...e.contentChanges].sort((a, b) => b.range.start.line - a.range.start.line);
    let list = hints;
    for (const c of changes) {
      const first = c.range.start.line + 1; // 1-based
      const last = c.range.end.line + 1;
      const added = c.text.split('\n').length - 1;
      const delta = added - (last - first);
      if (delta === 0) continue;
      const startCol = c.range.start.character;
      const endCol = c.range.end.character;
      list = list.flatMap((h) => {
        if (h.line < first || (h.line === first && startCol > 0)) return [h]; // its text stays put
        if (h.line > last || (h.line === last && endCol === 0)) return [{ ...h, line: h.line + delta, hover: '' }]; // moves
        return []; // its line was replaced
      });
    }
    this.applied.set(key, list);
  }

  private refreshAll(): void {
    this.builtFrom.clear();
    for (const r of this.service.all()) this.onResult(r);
    for (const e of vscode.window.visibleTextEditors) this.render(e);
  }

  private clear(uri: vscode.Uri): void {
    this.applied.delete(uri.toString());
    this.builtFrom.delete(uri.toString());
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) this.render(e);
  }

  private render(editor: vscode.TextEditor): void {
    const hints = this.enabled && !this.hiddenFor.has(editor.document.uri.toString()) ? this.applied.get(editor.document.uri.toString()) ?? [] : [];
    const buckets = new Map<string, vscode.DecorationOptions[]>();
    for (const key of this.types.keys()) buckets.set(key, []);
    const doc = editor.document;
    // Only the lines around the viewport get decorations (a 2,000-line file may have 800 hints;
    // setDecorations costs per decoration). Scrolling near the window's edge renders again.
    const win = visibleWindow(editor.visibleRanges, WINDOW_MARGIN);
    this.windows.set(editor, win);
    const reachedCount = this.reached.get(doc.uri.toString());
    for (const h of hints) {
      if (h.line < 1 || h.line > doc.lineCount || h.line < win.from || h.line > win.to) continue;
      const end = doc.lineAt(h.line - 1).range.end;
      const hover = new vscode.MarkdownString(this.hoverOf(h));
      hover.supportThemeIcons = false;
      const key = h.stale ? `${h.kind}:stale` : this.isDimmed(h, reachedCount) ? `${h.kind}:dim` : h.kind;
      buckets.get(key)?.push({
        range: new vscode.Range(end, end),
        hoverMessage: hover,
        renderOptions: { after: { contentText: h.contentText } },
      });
    }
    for (const [key, type] of this.types) editor.setDecorations(type, buckets.get(key) ?? []);
    this.renderedByEditor.set(editor, [...buckets.values()].flat().map((o) => o.range.start.line + 1).sort((a, b) => a - b));
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function staleText(text: string): string {
  return `${text}  (stale: fix the syntax error)`;
}

/** Lines rendered above and below the visible ranges. */
const WINDOW_MARGIN = 60;

function visibleWindow(ranges: readonly vscode.Range[], margin: number): { from: number; to: number } {
  if (!ranges || ranges.length === 0) return { from: 1, to: 2 * margin + 100 };
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (const r of ranges) {
    from = Math.min(from, r.start.line + 1);
    to = Math.max(to, r.end.line + 1);
  }
  return { from: Math.max(1, from - margin), to: to + margin };
}
