import type * as vscode from 'vscode';

/** The languages the engine can simulate; `eventLoopLens.languages` picks which of them are analysed. */
export const SUPPORTED_LANGUAGES = ['javascript', 'typescript'] as const;

/** JavaScript and TypeScript in any scheme (files, untitled buffers, virtual workspaces). */
export const JS_SELECTOR: vscode.DocumentSelector = SUPPORTED_LANGUAGES.map((language) => ({ language }));
export const CodeActionsSelector = JS_SELECTOR;
