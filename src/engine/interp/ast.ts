// A generic walk over acorn nodes, for the compiler's small structural questions.

/** Calls `enter` on every node under `root` (depth first); returning false skips that node's children. */
export function walkNodes(root: any, enter: (node: any) => boolean | void): void {
  const visit = (n: any): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (typeof n.type !== 'string' || enter(n) === false) return;
    for (const k in n) if (k !== 'loc') visit(n[k]);
  };
  visit(root);
}

/** Does any node under `root` satisfy `test`? `descend` says which nodes to look inside. */
export function someNode(root: any, test: (node: any) => boolean, descend: (node: any) => boolean = () => true): boolean {
  let found = false;
  walkNodes(root, (n) => {
    if (found) return false;
    if (test(n)) {
      found = true;
      return false;
    }
    return descend(n);
  });
  return found;
}

const FUNCTION_OR_CLASS = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression', 'ClassExpression', 'ClassDeclaration']);
export const isFunctionOrClass = (n: any): boolean => FUNCTION_OR_CLASS.has(n.type);
