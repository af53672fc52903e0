import type * as vscode from 'vscode';

/** JavaScript in any scheme (files, untitled buffers, virtual workspaces). */
export const JS_SELECTOR: vscode.DocumentSelector = [{ language: 'javascript' }];
export const CodeActionsSelector = JS_SELECTOR;
