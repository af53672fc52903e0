// Joins the static hoisting/TDZ model (./hoisting) with what the simulation observed.
// A failure in the model must never lose the run's own result, so it is contained here.
import type { Analysis, BindingInfo, Diagnostic, Observation } from './types';
import { analyzeHoisting, buildScopeModel } from './hoisting';

export function analyzeHoistingSafe(
  program: any,
  source: string,
  observations: Observation[],
  analysis: Analysis,
): { bindings: BindingInfo[]; diagnostics: Diagnostic[] } | null {
  try {
    const model = buildScopeModel(program, source);
    const h = analyzeHoisting({ program, source, model, observations, analysis } as any);
    return { bindings: h.bindings, diagnostics: h.diagnostics };
  } catch (e) {
    return {
      bindings: [],
      diagnostics: [],
    };
  }
}
