// The named exports Node 20 gives an ES module that imports a CommonJS module: what cjs-module-lexer
// finds in its source, without running it. Found on the AST (the lexer scans tokens; the patterns
// are the ones its README lists): `exports.x =`, `module.exports.x =`, `exports['x'] =`,
// `Object.defineProperty(exports, 'x', …)`, `module.exports = { a, b: c, 'd': e, ...require('y') }`
// (up to the first value that is not an identifier), and re-exports `module.exports = require('y')`,
// `__exportStar(require('y'), exports)`, `__export(require('y'))`.
import { parseLinear } from '../interp/limits';

export interface CjsExports {
  exports: string[];
  reexports: string[];
}

const MAX_NODES = 2_000_000;

export function detectCjsExports(source: string): CjsExports {
  const exports = new Set<string>();
  const reexports: string[] = [];
  let program: any;
  try {
    program = parseLinear(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: false });
  } catch {
    return { exports: [], reexports: [] };
  }
  const isExportsObj = (n: any): boolean =>
    (n.type === 'Identifier' && n.name === 'exports') || (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports');
  const isModuleExports = (n: any): boolean => n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.type === 'Identifier' && n.property.name === 'exports';
  const requireSpec = (n: any): string | null =>
    n && n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1 && n.arguments[0].type === 'Literal' && typeof n.arguments[0].value === 'string' ? n.arguments[0].value : null;
  const keyName = (k: any, computed: boolean): string | null => {
    if (!computed && k.type === 'Identifier') return k.name;
    if (k.type === 'Literal' && typeof k.value === 'string') return k.value;
    return null;
  };
  const startsWithIdentifier = (n: any): boolean => {
    while (n.type === 'MemberExpression' || n.type === 'CallExpression') n = n.type === 'MemberExpression' ? n.object : n.callee;
    return n.type === 'Identifier';
  };
  const objectLiteral = (o: any) => {
    for (const p of o.properties) {
      if (p.type === 'SpreadElement') {
        const s = requireSpec(p.argument);
        if (s) reexports.push(s);
        continue;
      }
      if (p.kind !== 'init' || p.method) return;
      const k = keyName(p.key, p.computed);
      if (k === null) return;
      if (p.shorthand || p.value.type === 'Identifier') {
        exports.add(k);
        continue;
      }
      // `b: require('c')`: b is found, then the lexer stops reading the object.
      if (startsWithIdentifier(p.value)) exports.add(k);
      return;
    }
  };
  let count = 0;
  const stack: any[] = [program];
  while (stack.length && count++ < MAX_NODES) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
      continue;
    }
    if (typeof n.type !== 'string') continue;
    if (n.type === 'AssignmentExpression' && n.operator === '=') {
      const l = n.left;
      if (l.type === 'MemberExpression' && isExportsObj(l.object)) {
        const k = keyName(l.property, l.computed);
        if (k !== null) exports.add(k);
      } else if (isModuleExports(l)) {
        const s = requireSpec(n.right);
        if (s) reexports.push(s);
        else if (n.right.type === 'ObjectExpression') objectLiteral(n.right);
      }
    } else if (n.type === 'CallExpression') {
      const c = n.callee;
      if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.object.name === 'Object' && c.property.name === 'defineProperty' && n.arguments.length >= 2 && isExportsObj(n.arguments[0])) {
        const k = n.arguments[1].type === 'Literal' && typeof n.arguments[1].value === 'string' ? n.arguments[1].value : null;
        if (k !== null && lexerDescriptor(n.arguments[2])) exports.add(k);
      } else if (c.type === 'Identifier' && (c.name === '__exportStar' || c.name === '__export' || /^__exportStar$/.test(c.name)) && n.arguments.length >= 1) {
        const s = requireSpec(n.arguments[0]);
        if (s) reexports.push(s);
      } else if (c.type === 'MemberExpression' && !c.computed && c.property.name === '__exportStar' && n.arguments.length >= 1) {
        const s = requireSpec(n.arguments[0]);
        if (s) reexports.push(s);
      }
    }
    for (const k in n) {
      if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
      const v = n[k];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return { exports: [...exports], reexports };
}

/**
 * cjs-module-lexer's EXPORTS_DEFINE_VALUE: `{ enumerable: true,? value: … }` or a getter whose body is
 * only `return id`, `return id.id` or `return id['key']` (tsc's re-export getters); any other
 * descriptor is not detected by Node (the name is then not a named export).
 */
function lexerDescriptor(d: any): boolean {
  if (!d || d.type !== 'ObjectExpression') return false;
  const props = d.properties.slice();
  const keyName = (p: any) => (p.type === 'Property' && !p.computed ? (p.key.type === 'Identifier' ? p.key.name : p.key.value) : null);
  if (props.length > 0 && keyName(props[0]) === 'enumerable' && props[0].value.type === 'Literal' && props[0].value.value === true && props[0].kind === 'init') props.shift();
  if (props.length !== 1) return false;
  const p = props[0];
  const name = keyName(p);
  if (name === 'value' && p.kind === 'init' && !p.method) return true;
  if (name !== 'get' || p.kind !== 'init') return false;
  const fn = p.value;
  if (!fn || fn.type !== 'FunctionExpression' || fn.params.length !== 0 || fn.async || fn.generator) return false;
  const body = fn.body.body;
  if (body.length !== 1 || body[0].type !== 'ReturnStatement' || !body[0].argument) return false;
  const r = body[0].argument;
  if (r.type === 'Identifier') return true;
  return (
    r.type === 'MemberExpression' &&
    r.object.type === 'Identifier' &&
    ((!r.computed && r.property.type === 'Identifier') || (r.computed && r.property.type === 'Literal' && typeof r.property.value === 'string'))
  );
}
