// Reads the `eventLoopLens.*` settings and turns them into engine options. No JS semantics here.
import * as vscode from 'vscode';
import type { AnalyzeOptions, Runtime } from '../engine/types';
import { SUPPORTED_LANGUAGES } from './selectors';

export type HintMode = 'console' | 'callbacks' | 'statements';

export interface LensConfig {
  enable: boolean;
  runtime: Runtime;
  hintsEnabled: boolean;
  hintMode: HintMode;
  hintMaxTextLength: number;
  debounceMs: number;
  maxSteps: number;
  maxMillis: number;
  /** undefined: the profile's default (Node 100 ms, browser 20 ms as the browser-truth tool). */
  fetchLatency: number | undefined;
  /** Per-URL fetch latencies (`{"/api/user": 300}`), besides the file's `// @lens fetch` directives. */
  fetchLatencyByUrl: Record<string, number>;
  /** Browser profile: rendering opportunities per second (default 60). */
  frameRate: number;
  diagnosticsEnabled: boolean;
  /** Language ids analysed (`eventLoopLens.languages`): javascript, typescript. */
  languages: string[];
}

export const SECTION = 'eventLoopLens';

export function readConfig(scope?: vscode.ConfigurationScope): LensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const num = (key: string, def: number, min: number, max: number) => {
    const v = Number(c.get<number>(key, def));
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  const mode = c.get<string>('hints.mode', 'console');
  return {
    enable: c.get<boolean>('enable', true),
    runtime: c.get<string>('runtime', 'node') === 'browser' ? 'browser' : 'node',
    hintsEnabled: c.get<boolean>('hints.enabled', true),
    hintMode: mode === 'callbacks' || mode === 'statements' ? mode : 'console',
    hintMaxTextLength: num('hints.maxTextLength', 40, 4, 400),
    debounceMs: num('debounce', 200, 0, 10_000),
    // A 1e6-iteration loop (~1e7 steps) finishes within the keystroke time budget.
    maxSteps: num('maxSteps', 20_000_000, 1_000, 1_000_000_000),
    maxMillis: num('maxMillis', 2_000, 50, 60_000),
    fetchLatency: c.inspect('fetchLatency') && [c.inspect('fetchLatency')!.globalValue, c.inspect('fetchLatency')!.workspaceValue, c.inspect('fetchLatency')!.workspaceFolderValue].some((v) => v !== undefined) ? num('fetchLatency', 100, 0, 3_600_000) : undefined,
    fetchLatencyByUrl: latencies(c.get<unknown>('fetchLatencyByUrl', {})),
    frameRate: num('browser.frameRate', 60, 1, 240),
    diagnosticsEnabled: c.get<boolean>('diagnostics.enabled', true),
    languages: languagesOf(c.get<unknown>('languages')),
  };
}

/** `{ url: ms }` with finite, non-negative numbers only (a hand-edited settings.json may hold anything). */
function latencies(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [k, ms] of Object.entries(v as Record<string, unknown>)) if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out[k] = Math.min(ms, 3_600_000);
  return out;
}

/** Engine options for one document under the given configuration. */
export function analyzeOptionsFor(document: vscode.TextDocument, cfg: LensConfig, extra?: Partial<AnalyzeOptions>): AnalyzeOptions {
  return {
    fileName: fileNameOf(document),
    runtime: cfg.runtime,
    maxSteps: cfg.maxSteps,
    maxMillis: cfg.maxMillis,
    fetchLatency: cfg.fetchLatency,
    fetchLatencyByUrl: cfg.fetchLatencyByUrl,
    frameInterval: 1000 / cfg.frameRate,
    trace: cfg.hintMode === 'statements',
    ...extra,
  };
}

/** The supported languages the setting lists (an unknown id or a non-list: ignored). */
function languagesOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [...SUPPORTED_LANGUAGES];
  return v.filter((x): x is string => typeof x === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(x));
}

/** A file name the engine can derive the language and module kind from (`.mjs` → ES module, `.ts` → TypeScript). */
export function fileNameOf(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'untitled') {
    const name = document.uri.path || 'Untitled';
    if (document.languageId === 'typescript') return /\.(m|c)?ts$/i.test(name) ? name : `${name}.ts`;
    return /\.(m|c)?js$/i.test(name) ? name : `${name}.js`;
  }
  return document.fileName || document.uri.path;
}

/** Schemes we never analyse even when their language is JavaScript (diff/SCM views, output). */
const SKIPPED_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'debug', 'review', 'pr', 'conflictResolution']);

/**
 * Documents we analyse: the languages of `eventLoopLens.languages` (default JavaScript — .js, .mjs,
 * .cjs — and TypeScript — .ts, .mts, .cts), untitled buffers included; not declaration files.
 */
export function isAnalyzable(document: vscode.TextDocument): boolean {
  if (!readConfig(document.uri).languages.includes(document.languageId)) return false;
  if (document.languageId === 'typescript' && /\.d\.[mc]?ts$/i.test(document.uri.path)) return false;
  if (SKIPPED_SCHEMES.has(document.uri.scheme)) return false;
  return true;
}
