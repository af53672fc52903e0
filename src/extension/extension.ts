// Activation: wires the live analysis service to one small controller per concern
// (hints, diagnostics, quick fixes, hover, status bar, execution log) and the step-through panel.
// The user's file is never executed: the engine simulates it in a locked-down child process
// (src/sandbox), whose start-up self-check is shown when a layer did not take effect.
import * as path from 'path';
import * as vscode from 'vscode';
import { AnalysisResult, AnalysisService } from './analysisService';
import { CodeActionsSelector, JS_SELECTOR } from './selectors';
import { QuickFixProvider } from './codeActions';
import { DiagnosticsController } from './diagnosticsController';
import { ExecutionLogController } from './executionLog';
import { AppliedHint, HintsController } from './hintsController';
import { LensHoverProvider } from './hoverProvider';
import { SANDBOX_LOG_COMMAND, SandboxStatusController, STATUS_CLICK_COMMAND, StatusBarController } from './statusBar';
import { AnalysisHost, missingLayers } from '../sandbox/host';
import { getStepThrough, registerStepThrough } from './panel';
import { readConfig } from './config';
import { EntryPointController } from './entryPoint';
import { PredictController } from './predictController';
import { registerExport } from './exportController';

export const STEP_THROUGH_COMMAND = 'eventLoopLens.stepThrough';

/** Returned from activate(): used by the integration tests (and available to other extensions). */
export interface EventLoopLensApi {
  service: AnalysisService;
  getHints(uri: vscode.Uri): AppliedHint[];
  /** Resolves with the first accepted analysis of `uri` at or after `minVersion` (default: the document's current version). */
  waitForAnalysis(uri: vscode.Uri, options?: { minVersion?: number; timeoutMs?: number }): Promise<AnalysisResult>;
  statusText(): string;
  /** The sandbox layers the analysis process's self-check found missing (empty: all active). */
  sandboxWarnings(): Promise<string[]>;
  executionLog(): string;
  hintsEnabled(): boolean;
  /** ms spent building and rendering the last hints (benchmark). */
  hintTimings(): { buildMs: number; renderMs: number };
  /** Lines whose hints are rendered in `editor` now (only around the viewport). */
  renderedHintLines(editor: vscode.TextEditor): number[];
  /** Lines whose hints are dimmed while stepping through (output the current step has not printed yet). */
  dimmedHintLines(uri: vscode.Uri): number[];
  /** The pinned entry's status bar text ('' when none is pinned). */
  entryText(): string;
}

export function activate(context: vscode.ExtensionContext): EventLoopLensApi {
  const host = AnalysisHost.forDist(path.join(context.extensionPath, 'dist'));
  const service = new AnalysisService(host);
  const hints = new HintsController(service);
  const diagnostics = new DiagnosticsController(service);
  const status = new StatusBarController(service);
  const log = new ExecutionLogController(service);
  const sandboxLog = vscode.window.createOutputChannel('Event Loop Lens: Analysis Process', { log: true });
  const sandbox = new SandboxStatusController(sandboxLog);
  const entry = new EntryPointController(service);
  context.subscriptions.push(host, service, hints, diagnostics, status, log, sandboxLog, sandbox, entry);
  const sandboxWarnings = host.selfCheck().then((check) => {
    const missing = missingLayers(check);
    sandbox.report(missing);
    return missing;
  });

  // Menus and keybindings show for the languages analysed (`editorLangId in eventLoopLens.languages`).
  const publishLanguages = () => void vscode.commands.executeCommand('setContext', 'eventLoopLens.languages', readConfig().languages);
  publishLanguages();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('eventLoopLens.languages')) publishLanguages();
    }),
    vscode.languages.registerHoverProvider(JS_SELECTOR, new LensHoverProvider(service)),
    vscode.languages.registerCodeActionsProvider(CodeActionsSelector, new QuickFixProvider(), {
      providedCodeActionKinds: QuickFixProvider.kinds,
    }),
    vscode.commands.registerCommand('eventLoopLens.toggleHints', async () => {
      const on = !hints.isEnabled;
      hints.setEnabled(on);
      try {
        await vscode.workspace.getConfiguration('eventLoopLens').update('hints.enabled', on, vscode.ConfigurationTarget.Global);
      } catch {
        /* the in-memory toggle already applied */
      }
      void vscode.window.setStatusBarMessage(`Event Loop Lens: hints ${on ? 'on' : 'off'}`, 2000);
    }),
    vscode.commands.registerCommand('eventLoopLens.reanalyze', () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc) service.reanalyze(doc);
    }),
    vscode.commands.registerCommand('eventLoopLens.showExecutionLog', () => log.show()),
    vscode.commands.registerCommand(SANDBOX_LOG_COMMAND, () => sandboxLog.show(true)),
    vscode.commands.registerCommand(STATUS_CLICK_COMMAND, async () => {
      const all = await vscode.commands.getCommands(true);
      if (all.includes(STEP_THROUGH_COMMAND)) await vscode.commands.executeCommand(STEP_THROUGH_COMMAND);
      else log.show();
    }),
  );

  registerPanel(context, service);
  const stepThrough = getStepThrough();
  if (stepThrough) context.subscriptions.push(hints.followStepThrough(stepThrough.onDidChangeStep));
  // Teaching: Predict the Output (in the step-through panel) and Share a run (HTML export).
  if (stepThrough) context.subscriptions.push(new PredictController(stepThrough, hints));
  registerExport(context, service);
  service.start();

  return {
    service,
    getHints: (uri) => hints.getHints(uri),
    waitForAnalysis: (uri, options) => waitForAnalysis(service, uri, options),
    statusText: () => status.text,
    sandboxWarnings: () => sandboxWarnings,
    executionLog: () => log.text,
    hintsEnabled: () => hints.isEnabled,
    hintTimings: () => ({ ...hints.lastTimings }),
    renderedHintLines: (editor) => hints.renderedLines(editor),
    dimmedHintLines: (uri) => hints.dimmedLines(uri),
    entryText: () => entry.text,
  };
}

/** The step-through panel (src/extension/panel) gets its traced analyses from the shared service. */
function registerPanel(context: vscode.ExtensionContext, service: AnalysisService): void {
  try {
    registerStepThrough(context, service);
  } catch (err) {
    console.error('[event-loop-lens] step-through panel failed to register:', err);
  }
}

function waitForAnalysis(
  service: AnalysisService,
  uri: vscode.Uri,
  options: { minVersion?: number; timeoutMs?: number } = {},
): Promise<AnalysisResult> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const minVersion = options.minVersion ?? doc?.version ?? 0;
  const ok = (r: AnalysisResult | undefined): r is AnalysisResult =>
    !!r && r.uri.toString() === uri.toString() && r.version >= minVersion && !service.isPending(uri);
  const now = service.get(uri);
  if (ok(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no analysis of ${uri.toString()} (version >= ${minVersion}) within ${options.timeoutMs ?? 20000} ms`));
    }, options.timeoutMs ?? 20000);
    const sub = service.onDidAnalyze((r) => {
      if (!ok(r)) return;
      clearTimeout(timer);
      sub.dispose();
      // Resolve after every listener has applied the result (decorations, diagnostics).
      setImmediate(() => resolve(r));
    });
  });
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
