// Entry of the step-through feature: `registerStepThrough(context, analyzer)` is called from
// activate(). It registers the command `eventLoopLens.stepThrough` (palette, editor title, status
// bar), the panel's navigation commands (keybindings), the webview serializer (restores the panel
// after a window reload) and a hidden test hook command.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Analysis } from '../../engine/types';
import { PanelCommand, PanelPersistedState, VIEW_TYPE } from '../../shared/protocol';
import { StepPosition, StepThroughController, TraceAnalyzer } from './controller';
import { AnalysisHost } from '../../sandbox/host';
import { analyzeOptionsFor, isAnalyzable, readConfig } from '../config';

export { StepThroughController, CONTEXT_BOUND } from './controller';
export type { StepPosition, TraceAnalyzer } from './controller';

export const COMMAND = 'eventLoopLens.stepThrough';
/** Hidden command returning the StepThroughApi object (for integration tests in the same host). */
export const TEST_HOOK_COMMAND = 'eventLoopLens.stepThrough.testHook';

const NAV_COMMANDS: Record<string, PanelCommand> = {
  'eventLoopLens.stepThrough.forward': 'forward',
  'eventLoopLens.stepThrough.back': 'back',
  'eventLoopLens.stepThrough.nextTask': 'nextTask',
  'eventLoopLens.stepThrough.nextConsole': 'nextConsole',
  'eventLoopLens.stepThrough.togglePlay': 'togglePlay',
  'eventLoopLens.stepThrough.restart': 'restart',
};

export interface StepThroughApi {
  readonly controller: StepThroughController;
  /** Fires when the step-through position changes (undefined when the panel closes). */
  readonly onDidChangeStep: vscode.Event<StepPosition | undefined>;
  /** The step-through position for `uri` (undefined when the panel is not bound to it). */
  position(uri?: vscode.Uri): StepPosition | undefined;
  open(document?: vscode.TextDocument): Promise<void>;
}

let current: StepThroughApi | undefined;

/** The registered step-through (for other adapters, e.g. to dim the hints of steps not reached). */
export function getStepThrough(): StepThroughApi | undefined {
  return current;
}

/** A fallback analyzer when no AnalysisService is passed: its own analysis process. */
function ownWorkerAnalyzer(context: vscode.ExtensionContext): TraceAnalyzer {
  const host = AnalysisHost.forDist(path.join(context.extensionPath, 'dist'));
  context.subscriptions.push(host);
  return {
    async analyze(document, extra) {
      const options = analyzeOptionsFor(document, readConfig(document.uri), extra);
      const out = await host.run<Analysis>(`step:${document.uri.toString()}`, { type: 'analyze', source: document.getText(), options }, (options.maxMillis ?? 2000) + 1500);
      if (out.status === 'ok') return out.value;
      throw new Error(out.status === 'error' ? out.message : out.status);
    },
  };
}

/** A document the step-through can run: the languages Event Loop Lens analyses (JavaScript, TypeScript). */
function isJavaScript(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && isAnalyzable(doc);
}

export function registerStepThrough(context: vscode.ExtensionContext, analyzer?: TraceAnalyzer): StepThroughApi {
  const controller = new StepThroughController(
    context.extensionUri,
    analyzer ?? ownWorkerAnalyzer(context),
    context.workspaceState,
    // The runs' trace files the webview fetches for its own replay (./traceFile.ts).
    vscode.Uri.joinPath(context.globalStorageUri, 'step-through-traces'),
  );
  const api: StepThroughApi = {
    controller,
    onDidChangeStep: controller.onDidChangeStep,
    position: (uri) => controller.position(uri),
    async open(document) {
      const doc = document ?? vscode.window.activeTextEditor?.document;
      if (!isJavaScript(doc)) {
        const fallback = controller.boundDocument;
        if (fallback) return controller.open(fallback);
        void vscode.window.showInformationMessage('Event Loop Lens: open a JavaScript file to step through it.');
        return;
      }
      await controller.open(doc);
    },
  };
  current = api;
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(COMMAND, async (arg?: unknown) => {
      // From the editor title the argument is the file's URI.
      let doc: vscode.TextDocument | undefined;
      if (arg instanceof vscode.Uri) doc = await vscode.workspace.openTextDocument(arg);
      await api.open(doc);
    }),
    ...Object.entries(NAV_COMMANDS).map(([id, cmd]) => vscode.commands.registerCommand(id, () => controller.command(cmd))),
    vscode.commands.registerCommand(TEST_HOOK_COMMAND, () => api),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await controller.restore(panel, (state ?? undefined) as PanelPersistedState | undefined);
      },
    }),
    { dispose: () => { if (current === api) current = undefined; } },
  );
  return api;
}
