// worker_threads entry (bundled to dist/worker.js): runs the engine off the extension host's thread.
// Messages in:  { id, type: 'analyze', source, options }
//               { id, type: 'hover', source, line, column, options, data }   (line 1-based, column 0-based;
//                 data = { bindings, diagnostics } of the document's latest Analysis, or null)
// Messages out: { id, ok: true, value } | { id, ok: false, error }
// A newer edit or a runaway analysis is handled by the host, which terminates this worker.
import { parentPort } from 'worker_threads';
import * as acorn from 'acorn';
import { analyze } from './index';
import { buildScopeModel, hoverAt } from './hoisting';
import type { HoverData } from './hoisting';
import type { AnalyzeOptions } from './types';

type Request =
  | { id: number; type: 'analyze'; source: string; options: AnalyzeOptions }
  | { id: number; type: 'hover'; source: string; line: number; column: number; options: AnalyzeOptions; data?: HoverData | null };

// Hovers come in bursts over the same text: keep the last scope model.
let cached: { source: string; moduleKind: string; model: ReturnType<typeof buildScopeModel> } | undefined;

function moduleKindOf(options: AnalyzeOptions): 'module' | 'commonjs' {
  if (options.moduleKind) return options.moduleKind;
  return /\.mjs$/i.test(options.fileName ?? '') ? 'module' : 'commonjs';
}

function scopeModel(source: string, options: AnalyzeOptions) {
  const moduleKind = moduleKindOf(options);
  if (cached && cached.source === source && cached.moduleKind === moduleKind) return cached.model;
  const program = acorn.parse(source, {
    ecmaVersion: 'latest',
    sourceType: moduleKind === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: moduleKind !== 'module',
    locations: true,
  });
  const model = buildScopeModel(program, source);
  cached = { source, moduleKind, model };
  return model;
}

function handle(msg: Request): unknown {
  if (msg.type === 'analyze') return analyze(String(msg.source ?? ''), msg.options ?? {});
  if (msg.type === 'hover') {
    let model;
    try {
      model = scopeModel(String(msg.source ?? ''), msg.options ?? {});
    } catch {
      return null; // does not parse: no hover
    }
    return hoverAt(model, msg.data ?? null, msg.line, msg.column) ?? null;
  }
  throw new Error(`unknown request ${(msg as { type?: string }).type}`);
}

parentPort?.on('message', (msg: Request) => {
  try {
    const value = handle(msg);
    parentPort!.postMessage({ id: msg.id, ok: true, value });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: msg?.id, ok: false, error: e && e.stack ? e.stack : String(err) });
  }
});
