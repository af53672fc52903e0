// Predict the Output, the editor side: command `eventLoopLens.predict` hides the file's inline hints,
// opens the step-through panel in predict mode with the file's printing lines (src/engine/teach/
// predict.ts), grades the learner's order when they reveal, and gives the hints back when predict
// mode ends (the End button, the panel closing, or the command run again on another file).
import { isAnalyzable } from './config';
import * as vscode from 'vscode';
import { gradePrediction, MAX_PREDICT_ITEMS, predictItems } from '../engine/teach/predict';
import type { PredictRenderedView, PredictResult, WebviewMessage } from '../shared/protocol';
import type { HintsController } from './hintsController';
import type { StepThroughApi } from './panel';

export const PREDICT_COMMAND = 'eventLoopLens.predict';
/** Hidden test hook: returns the PredictController. */
export const PREDICT_TEST_HOOK = 'eventLoopLens.predict.testHook';

export class PredictController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  /** Test hooks: what the webview last showed, the last result. */
  lastView: PredictRenderedView | undefined;
  lastResult: PredictResult | undefined;
  private readonly viewEmitter = new vscode.EventEmitter<PredictRenderedView>();
  readonly onDidRender = this.viewEmitter.event;

  constructor(private readonly stepThrough: StepThroughApi, private readonly hints: HintsController) {
    const c = stepThrough.controller;
    this.disposables.push(
      this.viewEmitter,
      c.onDidReceiveOtherMessage((m) => this.onMessage(m)),
      c.onDidChangeStep((p) => { if (!p && this.uri) this.end(false); }),
      vscode.commands.registerCommand(PREDICT_COMMAND, (arg?: unknown) => this.start(arg instanceof vscode.Uri ? arg : undefined)),
      vscode.commands.registerCommand(PREDICT_TEST_HOOK, () => this),
    );
  }

  get active(): boolean { return !!this.uri; }

  async start(uri?: vscode.Uri): Promise<void> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !isAnalyzable(doc)) {
      void vscode.window.showInformationMessage('Event Loop Lens: open a JavaScript or TypeScript file to predict its output.');
      return;
    }
    if (this.uri && this.uri.toString() !== doc.uri.toString()) this.end(true);
    this.uri = doc.uri;
    this.hints.setHiddenFor(doc.uri, true);
    const c = this.stepThrough.controller;
    const rendered = c.lastRendered ? Promise.resolve() : new Promise<void>((resolve) => {
      const sub = c.onDidRender(() => { sub.dispose(); resolve(); });
      setTimeout(() => { sub.dispose(); resolve(); }, 15000);
    });
    await c.open(doc);
    await rendered;
    this.post();
  }

  private post(): void {
    const c = this.stepThrough.controller;
    const analysis = c.currentReplay?.analysis;
    const doc = c.boundDocument;
    if (!analysis || !doc || !this.uri) return;
    const items = predictItems(analysis, doc.getText());
    const title = doc.uri.path.split('/').pop() || 'untitled';
    const syntax = analysis.diagnostics.find((d) => d.code === 'syntax-error');
    const stopped = analysis.stoppedBy && analysis.stoppedBy !== 'uncaught-error' && analysis.stoppedBy !== 'unhandled-rejection' && !syntax ? ` The simulation stopped early (${analysis.stoppedBy}): only the lines it printed are listed.` : '';
    const more = analysis.console.length > MAX_PREDICT_ITEMS ? ` The run prints ${analysis.console.length} lines: the first ${MAX_PREDICT_ITEMS} are listed.` : '';
    let note: string | undefined;
    if (syntax) note = `Nothing to predict: ${syntax.message} (line ${syntax.line}).`;
    else if (!items.length) note = 'This file prints nothing: there is nothing to predict.' + stopped;
    else if (stopped || more) note = `Put these lines in the order you think they print (Alt+↑/Alt+↓, the arrows, or drag), then Reveal.${stopped}${more}`;
    c.postMessage({ type: 'predict', title, runtime: analysis.runtime, items, note });
  }

  private onMessage(m: WebviewMessage): void {
    if (!this.uri) return;
    const c = this.stepThrough.controller;
    switch (m.type) {
      case 'predictReveal': {
        const analysis = c.currentReplay?.analysis;
        const doc = c.boundDocument;
        if (!analysis || !doc || !Array.isArray(m.order)) return;
        const result = gradePrediction(analysis, doc.getText(), m.order.filter((k) => typeof k === 'string').slice(0, 1000));
        this.lastResult = result;
        c.postMessage({ type: 'predictResult', result });
        break;
      }
      case 'predictRetry':
        this.post();
        break;
      case 'predictEnd':
        this.end(true);
        break;
      case 'predictRendered':
        this.lastView = m.view;
        this.viewEmitter.fire(m.view);
        break;
    }
  }

  /** Leaves predict mode: the hints come back; the panel shows the step-through again. */
  end(tellPanel: boolean): void {
    if (!this.uri) return;
    this.hints.setHiddenFor(this.uri, false);
    this.uri = undefined;
    if (tellPanel) this.stepThrough.controller.postMessage({ type: 'predictEnd' });
  }

  dispose(): void {
    if (this.uri) this.hints.setHiddenFor(this.uri, false);
    for (const d of this.disposables) d.dispose();
  }
}
