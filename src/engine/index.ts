// Public entry of the engine: source text in, one serialisable Analysis out. Never imports `vscode`.
export * from './types';
export { analyze } from './simulator';
