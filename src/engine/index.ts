// Public entry of the engine: source text in, one serialisable Analysis out. Never imports `vscode`.
export * from './types';
export { analyze } from './simulator';
// The host's walk of the module graph (pure: the caller's reader does the reading), for hosts that
// embed the engine in-process like the CLI gives it AnalyzeOptions.modules (test/test262/run.mjs).
export { collectSources } from './modules/graph';
