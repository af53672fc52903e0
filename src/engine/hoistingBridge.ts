// Joins the static hoisting/TDZ model (./hoisting) with what the simulation observed.
// A failure in the model must never lose the run's own result, so it is contained here; the pass
// also stops at its deadline (checked every 1024 AST nodes) with a located diagnostic.
import type { Analysis, BindingInfo, Diagnostic, Observation } from './types';
import { analyzeHoisting, buildScopeModel } from './hoisting';
import { HoistingDeadline, withHoistingDeadline } from './hoisting/model';

export function analyzeHoistingSafe(
  program: any,
  source: string,
  observations: Observation[],
  analysis: Analysis,
  deadline = Infinity,
): { bindings: BindingInfo[]; diagnostics: Diagnostic[] } | null {
  try {
    return withHoistingDeadline(deadline, () => {
      const model = buildScopeModel(program, source);
      const h = analyzeHoisting({ program, source, model, observations, analysis } as any);
      return { bindings: h.bindings, diagnostics: h.diagnostics };
    });
  } catch (e) {
    if (e instanceof HoistingDeadline) {
      const line = e.node && e.node.loc ? e.node.loc.start.line : 1;
      return {
        bindings: [],
        diagnostics: [{ code: 'time-budget', severity: 'warning', message: `The hoisting/TDZ pass ran out of the time budget at line ${line}: no binding facts or hoisting findings for this file.`, line, column: 0, endLine: line, endColumn: 1 }],
      };
    }
    return {
      bindings: [],
      diagnostics: [],
    };
  }
}
