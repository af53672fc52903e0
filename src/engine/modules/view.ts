// One file's view of a multi-file analysis: what ran in that file (console events, tasks, trace
// steps, diagnostics), with positions as that file's own. Pure data in, data out. The editor shows
// each document the view of its file, so hints and squiggles of an imported module land in it, not
// at the same line numbers of the file that imported it.
import type { Analysis } from '../types';
import { traceArrayOf, traceOf } from '../traceCodec';

/** `file` absent: the analysed (main) file. */
export function viewOf(analysis: Analysis, file?: string): Analysis {
  const mine = (x: { file?: string }) => x.file === file;
  const strip = <T extends { file?: string }>(x: T): T => {
    if (x.file === undefined) return x;
    const { file: _f, ...rest } = x;
    return rest as T;
  };
  const touched = analysis.console.some((e) => e.file !== undefined) || analysis.diagnostics.some((d) => d.file !== undefined) || analysis.tasks.some((t) => t.file !== undefined);
  if (file === undefined && !touched && !stepsInOtherFiles(analysis)) return analysis;
  const view: Analysis = {
    ...analysis,
    console: analysis.console.filter(mine).map(strip),
    tasks: analysis.tasks.filter(mine).map(strip),
    diagnostics: analysis.diagnostics.filter(mine).map(strip),
  };
  const trace = traceArrayOf(analysis);
  // The view's trace is objects (a multi-file run's, filtered): the packed form is the whole run's.
  if (view.packedTrace) view.packedTrace = undefined;
  if (trace) view.trace = trace.filter((e) => e.t !== 'step' || e.file === file).map((e) => (e.t === 'step' ? strip(e) : e));
  if (file !== undefined) {
    view.bindings = undefined;
    view.fileName = file;
  }
  return view;
}

/** The files other than the main one where something of the run happened. */
export function filesTouched(analysis: Analysis): Set<string> {
  const out = new Set<string>();
  for (const e of analysis.console) if (e.file !== undefined) out.add(e.file);
  for (const d of analysis.diagnostics) if (d.file !== undefined) out.add(d.file);
  for (const t of analysis.tasks) if (t.file !== undefined) out.add(t.file);
  return out;
}

function stepsInOtherFiles(analysis: Analysis): boolean {
  const trace = traceOf(analysis);
  if (!trace) return false;
  for (let i = 0; i < trace.length; i++) {
    const e = trace.at(i)!;
    if (e.t === 'step' && e.file !== undefined) return true;
  }
  return false;
}
