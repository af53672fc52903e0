// TypeScript files (.ts, .mts, .cts): erased to JavaScript with every position kept (./erase.ts), then
// parsed by the same parser as a .js file, then the non-erasable constructs lowered in the AST
// (./lower.ts). The simulator loads this module only for TypeScript files.
import type { Diagnostic, ModuleKind } from '../types';
import { eraseTypeScript } from './erase';
import { lower } from './lower';

/** `.ts`, `.mts`, `.cts` (not `.d.ts`: a declaration file has no code to simulate). */
export function isTypeScriptFile(fileName: string | undefined): boolean {
  return !!fileName && /\.[mc]?ts$/i.test(fileName);
}

export interface TypeScriptParse {
  program: any | null;
  error: Diagnostic | null;
  /** The erased text: same length and line breaks as the source. */
  js?: string;
  moduleKind?: ModuleKind;
  notes?: Diagnostic[];
}

let last: { source: string; key: string; result: ReturnType<typeof eraseTypeScript> } | undefined;

/**
 * `parseJs` parses the erased text exactly as a .js file is parsed (src/engine/simulator.ts).
 * `detect`: a `.ts` file without a module kind from outside: Node 24 detects it from the syntax left
 * after stripping.
 */
export function parseTypeScript(
  source: string,
  moduleKind: ModuleKind,
  detect: boolean,
  parseJs: (js: string, kind: ModuleKind) => { program: any | null; error: Diagnostic | null },
  onToken?: (t: any) => void,
): TypeScriptParse {
  // The same text is often analysed again (the step-through's traced run, a hover, a settings
  // change): its erasure is kept (plain data; the program is parsed anew each time).
  const key = `${moduleKind}:${detect}`;
  const r = last && last.source === source && last.key === key ? last.result : eraseTypeScript(source, moduleKind, detect, onToken);
  last = { source, key, result: r };
  if (!r.ok) return { program: null, error: r.error };
  const { js, jsWithEnums, plans, notes } = r.erased;
  let kind = r.erased.moduleKind;
  let parsed = parseJs(js, detect ? 'commonjs' : kind);
  if (detect) {
    // Node 24's syntax detection: CommonJS unless the stripped text only parses as a module
    // (import/export, import.meta, top-level await).
    kind = 'commonjs';
    if (!parsed.program) {
      const asModule = parseJs(js, 'module');
      if (asModule.program) {
        parsed = asModule;
        kind = 'module';
      }
    }
  }
  if (!parsed.program) return { program: null, error: parsed.error, js, moduleKind: kind };
  const errors = lower(parsed.program, plans, jsWithEnums, kind === 'module' ? 'module' : 'script');
  if (errors.length) return { program: null, error: errors[0], js, moduleKind: kind };
  return { program: parsed.program, error: null, js, moduleKind: kind, notes };
}
