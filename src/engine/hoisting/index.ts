/**
 * Hoisting & TDZ: a static scope model of the file, joined with what the simulation observed.
 * Pure TS, no `vscode` import.
 *
 * How to call it (from analyze() after the simulation has run):
 *
 *   import { analyzeHoisting, buildScopeModel, hoverAt } from './hoisting';
 *   const model = buildScopeModel(program, source);            // program: acorn.Program of `source`
 *   const h = analyzeHoisting({ program, source, model, observations, analysis });
 *   //   observations: the Observation[] the simulator recorded (offset-keyed; [] for static only)
 *   //   analysis:     { tasks, console, steps, diagnostics?, stoppedBy? } of the run (optional)
 *   analysis.bindings = h.bindings;                            // BindingInfo[] (serialisable)
 *   analysis.diagnostics.push(...h.diagnostics);               // tdz-read, var-undefined-read,
 *                                                               // call-before-assignment, loop-closure-var, sequential-await
 *   hoverAt(model, h, line, column);                           // string | null; line 1-based, column 0-based
 *
 * `hoverAt` also accepts `{ bindings, diagnostics }` from a serialised Analysis together with a model
 * rebuilt from the same source (binding ids are deterministic for the same source text), e.g. in the CLI:
 *   hoverAt(buildScopeModel(acorn.parse(src, opts), src), analysis, line, col)
 * Passing `analysis.diagnostics` with the run's `uncaught-error` lets observed errors be classified as
 * uncaught ('error') or caught ('warning'); without it a lexical try/catch check decides.
 */
export { buildScopeModel, patternIdentifiers, HOST_GLOBALS } from './model';
export type { ScopeModel, Scope, ScopeKind, Binding, Reference, ResolvedState, FunctionInfo } from './model';
export { analyzeHoisting, deferringApi } from './analyze';
export type { HoistingInput, HoistingResult } from './analyze';
export { hoverAt } from './hover';
export type { HoverData } from './hover';
