// Node's syntax detection for a `.js` file of no declared type (on by default in Node 20.19+, 22.7+):
// a file that fails to compile as CommonJS only because of ES-module syntax — import/export,
// import.meta, top-level await — or because it redeclares one of the CommonJS wrapper's names at its
// top level (`const module = 1`, `let require`, `class exports {}`), is run as an ES module instead
// (lib/internal/modules/cjs/loader.js, shouldRetryAsESM). `.cjs` files and an explicit module kind
// are never re-detected.
import type { ModuleKind } from './types';
import { isFunctionOrClass, someNode } from './interp/ast';

const WRAPPER_NAMES = new Set(['module', 'require', 'exports', '__filename', '__dirname']);

/** acorn's wording for ES-module-only syntax met in a script. */
const ESM_ONLY = [/'import' and 'export' may appear only with 'sourceType: module'/, /Cannot use 'import\.meta' outside a module/, /Cannot use keyword 'await' outside an async function/];

export function mayDetectModule(fileName: string, runtime: string, explicit: ModuleKind | undefined): boolean {
  return runtime === 'node' && explicit === undefined && !/\.c[jt]s$/i.test(fileName);
}

/** A CommonJS parse error that makes Node retry the file as an ES module. */
export function isEsmOnlySyntaxError(message: string): boolean {
  return ESM_ONLY.some((re) => re.test(message));
}

/** A top-level let/const/class that redeclares a wrapper parameter (a SyntaxError in the CommonJS wrapper). */
export function redeclaresWrapperName(program: any): boolean {
  return wrapperRedeclaration(program) !== null;
}

/**
 * The first top-level let/const/class that redeclares a parameter of Node's CommonJS wrapper
 * (exports, require, module, __filename, __dirname): in a file that stays CommonJS, V8's
 * "Identifier 'module' has already been declared" at that identifier.
 */
export function wrapperRedeclaration(program: any): any | null {
  for (const st of program.body) {
    if (st.type === 'VariableDeclaration' && st.kind !== 'var') {
      for (const d of st.declarations) {
        const id = wrapperNameIn(d.id);
        if (id) return id;
      }
    } else if (st.type === 'ClassDeclaration' && st.id && WRAPPER_NAMES.has(st.id.name)) return st.id;
  }
  return null;
}

function wrapperNameIn(p: any): any | null {
  if (!p) return null;
  switch (p.type) {
    case 'Identifier':
      return WRAPPER_NAMES.has(p.name) ? p : null;
    case 'ObjectPattern':
      for (const q of p.properties) {
        const id = wrapperNameIn(q.type === 'RestElement' ? q.argument : q.value);
        if (id) return id;
      }
      return null;
    case 'ArrayPattern':
      for (const q of p.elements) {
        const id = wrapperNameIn(q);
        if (id) return id;
      }
      return null;
    case 'RestElement':
      return wrapperNameIn(p.argument);
    case 'AssignmentPattern':
      return wrapperNameIn(p.left);
  }
  return null;
}

/** `await` (or `for await`) outside any function: top-level await. */
export function hasTopLevelAwait(program: any): boolean {
  return someNode(program.body, (n) => n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await), (n) => !isFunctionOrClass(n));
}
