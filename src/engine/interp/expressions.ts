// Expression handlers, named after ESTree node types. Each compiles a node into `(env) => value`;
// the gen* variants compile nodes containing `await`/`yield` into generator closures.
import type { Compiler, Fn, GFn, Resolved } from './compiler';
import { Env, HOISTED_UNDEFINED, UNINITIALIZED, Unsupported } from './values';
import type { Closure, Interpreter } from './runtime';
import { functionNameForKey, compileFunctionExpression, compileClass, compileClassGen, compileSuperCall, compileSuperMember, privateGet, privateSet, privateHas, privateKeyReader } from './functions';
import { compileAssignPattern, compileAssignPatternGen } from './patterns';
import { AWAIT, YIELD, YIELD_ASYNC, yieldDelegate } from './suspend';
import { dynamicCallee, dynamicDelete, dynamicReader, dynamicScopesFor, dynamicWriter } from './dynamic';
import { compileDirectEval, directEvalCall, isDirectEvalSyntax } from './fromStrings';
import { positionAt, typeofHolePosition } from './positions';

type Handler = (c: Compiler, node: any) => Fn;
type GHandler = (c: Compiler, node: any) => GFn;

/** A call site's remembered function before its first guest-function call (never a guest value). */
const NOT_CALLED_YET = Symbol('not called yet');

/** Marks a short-circuited optional chain (`a?.b.c` with `a` nullish) until ChainExpression. */
export const CHAIN_BREAK: unique symbol = Symbol('optional chain short-circuit');

function envAt(env: Env, hops: number): Env {
  while (hops-- > 0) env = env.parent!;
  return env;
}

// ---- identifiers ---------------------------------------------------------------------------

export function readBinding(c: Compiler, node: any, r: Resolved, forTypeof = false): Fn {
  const rt = c.rt;
  const { hops, decl } = r;
  const slot = decl.slot;
  const name = node.name;
  if (decl.kind === 'import') {
    // A live binding into another module's environment (ECMA-262 16.2.1.6.3 CreateImportBinding).
    return () => decl.link!.read();
  }
  if (decl.mapped !== undefined) {
    const { recordSlot, index } = decl.mapped;
    return (env) => envAt(env, hops).slots[recordSlot][1][index]();
  }
  if (decl.kind === 'let' || decl.kind === 'const' || decl.kind === 'class') {
    const tdz = (): never => {
      rt.observe({ kind: 'tdz-read', start: node.start, end: node.end, name, declStart: decl.declNode?.start ?? -1, step: rt.steps });
      rt.currentNode = node;
      return rt.throwError('ReferenceError', `Cannot access '${name}' before initialization`);
    };
    if (hops === 0)
      return (env) => {
        const v = env.slots[slot];
        return v === UNINITIALIZED ? tdz() : v;
      };
    if (hops === 1)
      return (env) => {
        const v = env.parent!.slots[slot];
        return v === UNINITIALIZED ? tdz() : v;
      };
    return (env) => {
      const v = envAt(env, hops).slots[slot];
      return v === UNINITIALIZED ? tdz() : v;
    };
  }
  if (decl.kind === 'var') {
    const hoisted = (): undefined => {
      rt.observe({ kind: 'var-undefined-read', start: node.start, end: node.end, name, declStart: decl.declNode?.start ?? -1, step: rt.steps });
      return undefined;
    };
    if (decl.loopVar && r.captured) {
      return (env) => {
        rt.observeCapturedRead(node, decl.declNode.start);
        const v = envAt(env, hops).slots[slot];
        return v === HOISTED_UNDEFINED ? hoisted() : v;
      };
    }
    if (hops === 0)
      return (env) => {
        const v = env.slots[slot];
        return v === HOISTED_UNDEFINED ? hoisted() : v;
      };
    return (env) => {
      const v = envAt(env, hops).slots[slot];
      return v === HOISTED_UNDEFINED ? hoisted() : v;
    };
  }
  if (decl.kind === 'internal' && name === 'this') {
    // Derived constructors: `this` is uninitialised until super() returns.
    return (env) => {
      const v = envAt(env, hops).slots[slot];
      if (v === UNINITIALIZED) rt.throwError('ReferenceError', "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
      return v;
    };
  }
  if (hops === 0) return (env) => env.slots[slot];
  if (hops === 1) return (env) => env.parent!.slots[slot];
  if (hops === 2) return (env) => env.parent!.parent!.slots[slot];
  return (env) => envAt(env, hops).slots[slot];
}

/** Are a binding's writes observed (its first five feed the hoisting hints)? Internal bindings' never are. */
export function writesObserved(decl: Resolved['decl']): boolean {
  return decl.declNode != null && decl.kind !== 'internal';
}

export function writeBinding(c: Compiler, node: any, r: Resolved, isDeclaration: boolean): (env: Env, v: any) => void {
  const rt = c.rt;
  const { hops, decl } = r;
  const slot = decl.slot;
  const name = decl.name;
  const observed = writesObserved(decl);
  const record = (env: Env, v: any) => {
    if (observed && decl.writes < 5) {
      decl.writes++;
      rt.observe({ kind: 'binding-write', declStart: decl.declNode.start, name, step: rt.steps, preview: rt.preview(v) });
    }
    if (rt.trace) rt.traceBind(env, name, v);
  };
  if (decl.kind === 'import') {
    return () => {
      rt.currentNode = node;
      rt.throwError('TypeError', 'Assignment to constant variable.');
    };
  }
  if (!isDeclaration && decl.kind === 'const') {
    // `(function f() { f = 1 })()`: ignored in sloppy code (SetMutableBinding of an immutable binding).
    if (decl.sloppyReadOnly && !c.strict) return () => undefined;
    return (env) => {
      rt.currentNode = node;
      if (envAt(env, hops).slots[slot] === UNINITIALIZED) rt.throwError('ReferenceError', `Cannot access '${name}' before initialization`);
      rt.throwError('TypeError', decl.using ? 'Assignment to using variable.' : 'Assignment to constant variable.');
    };
  }
  if (!isDeclaration && (decl.kind === 'let' || decl.kind === 'class')) {
    return (env, v) => {
      const e = envAt(env, hops);
      if (e.slots[slot] === UNINITIALIZED) {
        rt.observe({ kind: 'tdz-read', start: node.start, end: node.end, name, declStart: decl.declNode?.start ?? -1, step: rt.steps });
        rt.currentNode = node;
        rt.throwError('ReferenceError', `Cannot access '${name}' before initialization`);
      }
      e.slots[slot] = v;
      if (rt.trace !== null || decl.writes < 5) record(e, v);
    };
  }
  if (decl.mapped !== undefined) {
    const { recordSlot, index } = decl.mapped;
    return (env, v) => {
      const e = envAt(env, hops);
      e.slots[recordSlot][2][index](v);
      e.slots[slot] = v;
      if (rt.trace !== null || (observed && decl.writes < 5)) record(e, v);
    };
  }
  return (env, v) => {
    const e = envAt(env, hops);
    e.slots[slot] = v;
    if (rt.trace !== null || (observed && decl.writes < 5)) record(e, v);
  };
}

function globalRead(c: Compiler, node: any, forTypeof: boolean): Fn {
  const rt = c.rt;
  const g = rt.global;
  const name = node.name;
  if (forTypeof) return () => g[name];
  return () => {
    const v = g[name];
    if (v === undefined && !(name in g)) {
      rt.currentNode = node;
      rt.throwError('ReferenceError', `${name} is not defined`);
    }
    return v;
  };
}

export function identifierReader(c: Compiler, node: any, forTypeof = false): Fn {
  const dyn = dynamicScopesFor(c, node.name);
  if (dyn !== null) return dynamicReader(c, node, dyn, staticReader(c, node, forTypeof), forTypeof);
  return staticReader(c, node, forTypeof);
}

function staticReader(c: Compiler, node: any, forTypeof: boolean): Fn {
  const r = c.resolve(node.name);
  if (!r) return globalRead(c, node, forTypeof);
  return readBinding(c, node, r, forTypeof);
}

export function identifierWriter(c: Compiler, node: any): (env: Env, v: any) => void {
  const dyn = dynamicScopesFor(c, node.name);
  if (dyn !== null) return dynamicWriter(c, node, dyn, staticWriter(c, node));
  return staticWriter(c, node);
}

function staticWriter(c: Compiler, node: any): (env: Env, v: any) => void {
  const r = c.resolve(node.name);
  if (r) return writeBinding(c, node, r, false);
  const rt = c.rt;
  const g = rt.global;
  const name = node.name;
  const strict = c.strict;
  // (Host code is strict: a sloppy write to a read-only global such as NaN must fail silently.)
  if (!strict) return (_env, v) => void Reflect.set(g, name, v);
  return (_env, v) => {
    if (!(name in g)) {
      rt.currentNode = node;
      rt.throwError('ReferenceError', `${name} is not defined`);
    }
    rt.set(g, name, v, true);
  };
}

// ---- references (for assignment and update) -------------------------------------------------

export interface Ref {
  /** Evaluates the base (object, key) once; returns an opaque handle. */
  prepare: (env: Env) => any;
  get: (env: Env, h: any) => any;
  set: (env: Env, h: any, v: any) => void;
}

function memberKey(c: Compiler, node: any): Fn {
  if (node.computed) return c.expr(node.property);
  const k = node.property.name;
  return () => k;
}

export function compileRef(c: Compiler, node: any): Ref {
  const rt = c.rt;
  if (node.type === 'Identifier') {
    // (V8 looks a with/eval name up again when it writes it: so do identifierReader/identifierWriter.)
    const get = identifierReader(c, node);
    const set = identifierWriter(c, node);
    return { prepare: () => null, get: (env) => get(env), set: (env, _h, v) => set(env, v) };
  }
  if (node.type === 'MemberExpression') {
    if (node.object.type === 'Super') {
      const sm = compileSuperMember(c, node);
      return { prepare: (env) => sm.key(env), get: (env, k) => sm.get(env, k), set: (env, k, v) => sm.set(env, k, v) };
    }
    if (node.property.type === 'PrivateIdentifier') {
      const obj = c.expr(node.object);
      const name = node.property.name;
      const pk = privateKeyReader(c, name);
      return { prepare: (env) => obj(env), get: (env, o) => privateGet(c.rt, o, pk(env), name), set: (env, o, v) => privateSet(c.rt, o, pk(env), name, v) };
    }
    const obj = c.expr(node.object);
    const key = memberKey(c, node);
    const strict = c.strict;
    const computed = node.computed;
    return {
      prepare: (env) => {
        const o = obj(env);
        let k = key(env);
        if (computed && ((typeof k === 'object' && k !== null) || typeof k === 'function')) {
          // GetValue's RequireObjectCoercible(base) comes before ToPropertyKey(key): V8 names no key.
          if (o === null || o === undefined) rt.throwError('TypeError', `Cannot read properties of ${o}`);
          k = String(k);
        }
        return [o, k];
      },
      get: (_env, h) => rt.get(h[0], h[1]),
      set: (_env, h, v) => rt.set(h[0], h[1], v, strict),
    };
  }
  throw new Unsupported(node, 'Invalid assignment target');
}

// ---- operators -----------------------------------------------------------------------------

export function binaryOp(op: string, rt: Interpreter): (a: any, b: any) => any {
  switch (op) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => a / b;
    case '%':
      return (a, b) => a % b;
    case '**':
      return (a, b) => a ** b;
    case '==':
      return (a, b) => a == b;
    case '!=':
      return (a, b) => a != b;
    case '===':
      return (a, b) => a === b;
    case '!==':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '<<':
      return (a, b) => a << b;
    case '>>':
      return (a, b) => a >> b;
    case '>>>':
      return (a, b) => a >>> b;
    case '&':
      return (a, b) => a & b;
    case '|':
      return (a, b) => a | b;
    case '^':
      return (a, b) => a ^ b;
    case 'in':
      return (a, b) => {
        if ((typeof b !== 'object' && typeof b !== 'function') || b === null) {
          rt.throwError('TypeError', `Cannot use 'in' operator to search for '${typeof a === 'symbol' ? a.toString() : String(a)}' in ${typeof b === 'string' ? b : String(b)}`);
        }
        return a in b;
      };
    case 'instanceof':
      return (a, b) => {
        if (typeof b !== 'function' && (typeof b !== 'object' || b === null || typeof b[Symbol.hasInstance] !== 'function')) {
          rt.throwError('TypeError', "Right-hand side of 'instanceof' is not callable");
        }
        return a instanceof b;
      };
  }
  throw new Error(`unknown operator ${op}`);
}

function logical(op: string, l: any, rf: () => any): any {
  if (op === '&&') return l ? rf() : l;
  if (op === '||') return l ? l : rf();
  return l === null || l === undefined ? rf() : l;
}

// ---- handlers ------------------------------------------------------------------------------

export const expressionHandlers: Record<string, Handler> = {
  Identifier(c, node) {
    if (node.name === 'undefined' && !c.resolve('undefined')) return () => undefined;
    return identifierReader(c, node);
  },

  Literal(c, node) {
    if (node.regex) {
      const { pattern, flags } = node.regex;
      const R = c.rt.intr.RegExp;
      return () => new R(pattern, flags);
    }
    if (node.bigint !== undefined) {
      const v = BigInt(node.bigint);
      return () => v;
    }
    const v = node.value;
    return () => v;
  },

  TemplateLiteral(c, node) {
    const quasis: string[] = node.quasis.map((q: any) => q.value.cooked);
    const exprs: Fn[] = node.expressions.map((e: any) => c.expr(e));
    if (exprs.length === 0) {
      const s = quasis[0];
      return () => s;
    }
    return (env) => {
      let s = quasis[0];
      for (let i = 0; i < exprs.length; i++) s += `${exprs[i](env)}` + quasis[i + 1];
      return s;
    };
  },

  TaggedTemplateExpression(c, node) {
    const rt = c.rt;
    const q = node.quasi;
    const templateObject = templateObjectOf(rt, q);
    const exprs: Fn[] = q.expressions.map((e: any) => c.expr(e));
    const callee = calleeWithThis(c, node.tag);
    return (env) => {
      const [f, thisArg] = callee(env);
      const args = [templateObject()];
      for (const e of exprs) args.push(e(env));
      return rt.call(f, thisArg, args, node);
    };
  },

  ThisExpression(c, node) {
    const r = c.resolve('this');
    if (!r) return () => undefined;
    return readBinding(c, { ...node, name: 'this' }, r);
  },

  ArrayExpression(c, node) {
    const rt = c.rt;
    const hasSpread = node.elements.some((e: any) => e && e.type === 'SpreadElement');
    const hasHole = node.elements.some((e: any) => e === null);
    const els: (Fn | null)[] = node.elements.map((e: any) => (e === null ? null : e.type === 'SpreadElement' ? c.expr(e.argument) : c.expr(e)));
    // Elements are collected host-side and the realm array is made in one go (membrane.ts): an array
    // literal never calls the guest's Array.prototype.push or an index setter on Array.prototype.
    if (!hasSpread && !hasHole) {
      return (env) => {
        const list: any[] = [];
        for (let i = 0; i < els.length; i++) list.push(els[i]!(env));
        return rt.newArray(list);
      };
    }
    const spread = node.elements.map((e: any) => e && e.type === 'SpreadElement');
    return (env) => {
      const list: any[] = [];
      for (let i = 0; i < els.length; i++) {
        const f = els[i];
        if (f === null) list.length++;
        else if (spread[i]) rt.spreadInto(list, f(env), node.elements[i].argument);
        else list.push(f(env));
      }
      return rt.newArrayWithHoles(list);
    };
  },

  ObjectExpression(c, node) {
    return compileObjectLiteral(c, node, (n) => c.expr(n));
  },

  FunctionExpression(c, node) {
    return compileFunctionExpression(c, node);
  },
  ArrowFunctionExpression(c, node) {
    return compileFunctionExpression(c, node);
  },
  ClassExpression(c, node) {
    return compileClass(c, node);
  },

  UnaryExpression(c, node) {
    const rt = c.rt;
    const op = node.operator;
    if (op === 'typeof') {
      if (node.argument.type === 'Identifier') {
        // Only a lexical binding can throw here (its TDZ), at the position V8 last recorded.
        const r = c.resolve(node.argument.name);
        if (r && (r.decl.kind === 'let' || r.decl.kind === 'const' || r.decl.kind === 'class' || r.decl.kind === 'import')) {
          const at = typeofHolePosition(c.statement, node.argument, c.source);
          if (at !== null) positionAt(node.argument, at);
        }
      }
      const arg = node.argument.type === 'Identifier' ? identifierReader(c, node.argument, true) : c.expr(node.argument);
      return (env) => typeof arg(env);
    }
    if (op === 'delete') {
      const a = node.argument;
      if (a.type === 'MemberExpression' && a.object.type !== 'Super') {
        const obj = c.expr(a.object);
        const key = memberKey(c, a);
        const strict = c.strict;
        return (env) => {
          const o = rt.toObject(obj(env));
          const k = key(env);
          if (strict) {
            // The host is strict too: V8 words the failure (a proxy's falsish trap, a frozen array).
            try {
              return delete o[k];
            } catch (e) {
              throw rt.withGuestReceiverText(e, o);
            }
          }
          return Reflect.deleteProperty(o, k);
        };
      }
      if (a.type === 'MemberExpression') {
        // 13.5.1.2 step 4: a super reference is evaluated, then ReferenceError. V8 evaluates only
        // the key expression here (no this-binding check first: `delete super[(super(), 0)]` calls super).
        const key = a.computed ? c.expr(a.property) : null;
        return (env) => {
          if (key) key(env);
          return rt.throwError('ReferenceError', "Unsupported reference to 'super'");
        };
      }
      if (a.type === 'Identifier') {
        const g = rt.global;
        const staticDelete: Fn = c.resolve(a.name) ? () => false : () => Reflect.deleteProperty(g, a.name);
        const dyn = dynamicScopesFor(c, a.name);
        return dyn === null ? staticDelete : dynamicDelete(c, a, dyn, staticDelete);
      }
      const f = c.expr(a);
      return (env) => (f(env), true);
    }
    const arg = c.expr(node.argument);
    switch (op) {
      case '!':
        return (env) => !arg(env);
      case '-':
        return (env) => -arg(env);
      case '+':
        return (env) => +arg(env);
      case '~':
        return (env) => ~arg(env);
      case 'void':
        return (env) => void arg(env);
    }
    throw new Unsupported(node, `operator ${op}`);
  },

  UpdateExpression(c, node) {
    positionAt(node.argument, node);
    const ref = compileRef(c, node.argument);
    const inc = node.operator === '++';
    const prefix = node.prefix;
    if (node.argument.type === 'Identifier') {
      const get = identifierReader(c, node.argument);
      const set = identifierWriter(c, node.argument);
      const r = dynamicScopesFor(c, node.argument.name) === null ? c.resolve(node.argument.name) : null;
      const d = r ? r.decl : null;
      if (r && d && d.mapped === undefined && (d.kind === 'let' || d.kind === 'param' || (d.kind === 'var' && !(d.loopVar && r.captured)))) {
        // `i++` on a number held in its slot (a TDZ, a hoisted undefined or a non-number takes the general path below).
        const hops = r.hops;
        const slot = d.slot;
        return (env) => {
          let e = env;
          for (let h = hops; h > 0; h--) e = e.parent!;
          const old = e.slots[slot];
          if (typeof old === 'number') {
            const nv = inc ? old + 1 : old - 1;
            set(env, nv);
            return prefix ? nv : old;
          }
          const o = get(env);
          const n: any = typeof o === 'bigint' ? o : +o;
          const nv = inc ? n + (typeof n === 'bigint' ? 1n : (1 as any)) : n - (typeof n === 'bigint' ? 1n : (1 as any));
          set(env, nv);
          return prefix ? nv : n;
        };
      }
      return (env) => {
        const old = get(env);
        const n: any = typeof old === 'bigint' ? old : +old;
        const nv = inc ? n + (typeof n === "bigint" ? 1n : (1 as any)) : n - (typeof n === 'bigint' ? 1n : (1 as any));
        set(env, nv);
        return prefix ? nv : n;
      };
    }
    return (env) => {
      const h = ref.prepare(env);
      const old = ref.get(env, h);
      const n: any = typeof old === 'bigint' ? old : +old;
      const nv = inc ? n + (typeof n === 'bigint' ? 1n : (1 as any)) : n - (typeof n === 'bigint' ? 1n : (1 as any));
      ref.set(env, h, nv);
      return prefix ? nv : n;
    };
  },

  BinaryExpression(c, node) {
    if (node.left.type === 'PrivateIdentifier') {
      const name = node.left.name;
      const pk = privateKeyReader(c, name);
      const right = c.expr(node.right);
      return (env) => privateHas(c.rt, right(env), pk(env), name);
    }
    const l = c.expr(node.left);
    const rn = node.right;
    if (rn.type === 'Literal' && (typeof rn.value === 'number' || typeof rn.value === 'string')) {
      // `i < 1000`, `x % 7`, `s + "!"`: the constant inline, one closure call less.
      const k = rn.value;
      switch (node.operator) {
        case '+':
          return (env) => l(env) + k;
        case '-':
          return (env) => l(env) - k;
        case '*':
          return (env) => l(env) * k;
        case '%':
          return (env) => l(env) % k;
        case '<':
          return (env) => l(env) < k;
        case '<=':
          return (env) => l(env) <= k;
        case '>':
          return (env) => l(env) > k;
        case '>=':
          return (env) => l(env) >= k;
        case '===':
          return (env) => l(env) === k;
        case '!==':
          return (env) => l(env) !== k;
        case '&':
          return (env) => l(env) & k;
      }
    }
    const r = c.expr(node.right);
    switch (node.operator) {
      case '+':
        return (env) => l(env) + r(env);
      case '-':
        return (env) => l(env) - r(env);
      case '*':
        return (env) => l(env) * r(env);
      case '%':
        return (env) => l(env) % r(env);
      case '<':
        return (env) => l(env) < r(env);
      case '<=':
        return (env) => l(env) <= r(env);
      case '>':
        return (env) => l(env) > r(env);
      case '>=':
        return (env) => l(env) >= r(env);
      case '===':
        return (env) => l(env) === r(env);
      case '!==':
        return (env) => l(env) !== r(env);
      case '&':
        return (env) => l(env) & r(env);
      case '|':
        return (env) => l(env) | r(env);
      case '^':
        return (env) => l(env) ^ r(env);
    }
    const op = binaryOp(node.operator, c.rt);
    return (env) => op(l(env), r(env));
  },

  LogicalExpression(c, node) {
    const l = c.expr(node.left);
    const r = c.expr(node.right);
    switch (node.operator) {
      case '&&':
        return (env) => l(env) && r(env);
      case '||':
        return (env) => l(env) || r(env);
      default:
        return (env) => l(env) ?? r(env);
    }
  },

  ConditionalExpression(c, node) {
    const t = c.expr(node.test);
    const a = c.expr(node.consequent);
    const b = c.expr(node.alternate);
    return (env) => (t(env) ? a(env) : b(env));
  },

  SequenceExpression(c, node) {
    const fs: Fn[] = node.expressions.map((e: any) => c.expr(e));
    return (env) => {
      let v;
      for (let i = 0; i < fs.length; i++) v = fs[i](env);
      return v;
    };
  },

  AssignmentExpression(c, node) {
    const op = node.operator;
    const target = node.left;
    if (op === '=') {
      if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') {
        const value = c.expr(node.right);
        const assign = compileAssignPattern(c, target, 'assign', node.right);
        return (env) => {
          const v = value(env);
          assign(env, v);
          return v;
        };
      }
      // `(fn) = function () {}`: a parenthesized target gives no name (IsIdentifierRef is false).
      const value = target.start > node.start ? c.expr(node.right) : namedValue(c, node.right, target);
      if (target.type === 'Identifier') {
        const set = identifierWriter(c, target);
        positionAt(target, node);
        return (env) => {
          const v = value(env);
          set(env, v);
          return v;
        };
      }
      if (target.type === 'MemberExpression' && target.object.type !== 'Super' && target.property.type !== 'PrivateIdentifier') {
        const rt = c.rt;
        const obj = c.expr(target.object);
        const key = memberKey(c, target);
        const strict = c.strict;
        return (env) => {
          const o = obj(env);
          const k = key(env);
          const v = value(env);
          rt.currentNode = node;
          rt.set(o, k, v, strict);
          return v;
        };
      }
      const ref = compileRef(c, target);
      return (env) => {
        const h = ref.prepare(env);
        const v = value(env);
        ref.set(env, h, v);
        return v;
      };
    }
    positionAt(target, node);
    const ref = compileRef(c, target);
    const value = namedValue(c, node.right, target);
    if (op === '&&=' || op === '||=' || op === '??=') {
      const lop = op.slice(0, 2);
      return (env) => {
        const h = ref.prepare(env);
        const cur = ref.get(env, h);
        return logical(lop, cur, () => {
          const v = value(env);
          ref.set(env, h, v);
          return v;
        });
      };
    }
    const bop = binaryOp(op.slice(0, -1), c.rt);
    if (target.type === 'Identifier') {
      // compileRef's identifier reference without its wrappers: read, operate, write.
      const get = identifierReader(c, target);
      const set = identifierWriter(c, target);
      if (op === '+=')
        return (env) => {
          const v = get(env) + value(env);
          set(env, v);
          return v;
        };
      return (env) => {
        const v = bop(get(env), value(env));
        set(env, v);
        return v;
      };
    }
    return (env) => {
      const h = ref.prepare(env);
      const v = bop(ref.get(env, h), value(env));
      ref.set(env, h, v);
      return v;
    };
  },

  MemberExpression(c, node) {
    const rt = c.rt;
    if (node.object.type === 'Super') {
      const sm = compileSuperMember(c, node);
      return (env) => sm.get(env, sm.key(env));
    }
    const obj = c.expr(node.object);
    const optional = node.optional;
    if (node.property.type === 'PrivateIdentifier') {
      const name = node.property.name;
      const pk = privateKeyReader(c, name);
      return (env) => {
        const o = obj(env);
        if (o === CHAIN_BREAK) return CHAIN_BREAK;
        if (optional && (o === null || o === undefined)) return CHAIN_BREAK;
        return privateGet(rt, o, pk(env), name);
      };
    }
    if (!node.computed) {
      const k = node.property.name;
      return (env) => {
        const o = obj(env);
        if (typeof o === 'object' && o !== null) return o[k];
        if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
        rt.currentNode = node;
        return rt.get(o, k);
      };
    }
    const key = c.expr(node.property);
    return (env) => {
      const o = obj(env);
      if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
      const k = key(env);
      if (typeof o === 'object' && o !== null && typeof k !== 'object') return o[k];
      rt.currentNode = node;
      // RequireObjectCoercible(base) before ToPropertyKey(key), as in compileRef.
      if ((o === null || o === undefined) && typeof k === 'object' && k !== null) rt.throwError('TypeError', `Cannot read properties of ${o}`);
      return rt.get(o, typeof k === 'object' && k !== null ? String(k) : k);
    };
  },

  ChainExpression(c, node) {
    const f = c.expr(node.expression);
    return (env) => {
      const v = f(env);
      return v === CHAIN_BREAK ? undefined : v;
    };
  },

  CallExpression(c, node) {
    if (node.callee.type === 'Super') return compileSuperCall(c, node);
    const rt = c.rt;
    const ce = node.callee;
    // Most calls need no [function, this] pair per call: a member callee (this is the object) or
    // a plain expression (this is undefined) is evaluated inline. The rest go through calleeWithThis.
    const directEval = isDirectEvalSyntax(node);
    const memberCall = !directEval && ce.type === 'MemberExpression' && ce.object.type !== 'Super' && ce.property.type !== 'PrivateIdentifier';
    const plainCall = !directEval && !memberCall && ce.type !== 'MemberExpression' && ce.type !== 'ChainExpression' && (ce.type !== 'Identifier' || dynamicScopesFor(c, ce.name) === null);
    const memberObj = memberCall ? c.expr(ce.object) : null;
    const memberKeyF = memberCall ? memberKey(c, ce) : null;
    const plainF = plainCall ? c.expr(ce) : null;
    const callee = memberCall || plainCall ? null! : calleeWithThis(c, node.callee);
    const args = compileArgs(c, node.arguments);
    const optional = node.optional;
    if (directEval) return compileDirectEval(c, node, callee, args);
    // A `var` function expression called before its assignment ran.
    let hoistedCheck: ((env: Env) => void) | null = null;
    if (node.callee.type === 'Identifier') {
      const r = c.resolve(node.callee.name);
      if (r && r.decl.kind === 'var') {
        const { hops, decl } = r;
        const id = node.callee;
        hoistedCheck = (env) => {
          if (envAt(env, hops).slots[decl.slot] === HOISTED_UNDEFINED) {
            rt.observe({ kind: 'call-before-assignment', start: id.start, end: id.end, name: id.name, declStart: decl.declNode?.start ?? -1, step: rt.steps });
            rt.currentNode = node;
            rt.throwError('TypeError', `${id.name} is not a function`);
          }
        };
      }
    }
    if (memberCall) {
      const obj = memberObj!;
      const key = memberKeyF!;
      const objOptional = ce.optional;
      // The guest function this site called last, and its closure record.
      let lastF: any = NOT_CALLED_YET;
      let lastC: Closure | undefined;
      return (env) => {
        const o = obj(env);
        if (o === CHAIN_BREAK || (objOptional && (o === null || o === undefined))) return CHAIN_BREAK;
        const k = key(env);
        rt.currentNode = ce;
        const f = rt.get(o, typeof k === 'object' && k !== null ? String(k) : k);
        if (optional && (f === null || f === undefined)) return CHAIN_BREAK;
        const a = args(env);
        rt.currentNode = node;
        if (f === lastF) return rt.invoke(lastC!, o, a, undefined, node);
        const cl = rt.closureOf(f);
        if (cl === undefined) return rt.callBuiltin(f, o, a, node);
        lastF = f;
        lastC = cl;
        return rt.invoke(cl, o, a, undefined, node);
      };
    }
    if (plainCall) {
      const fn = plainF!;
      // The guest function this site called last, and its closure record (a function's record never changes).
      let lastF: any = NOT_CALLED_YET;
      let lastC: Closure | undefined;
      return (env) => {
        if (hoistedCheck !== null) hoistedCheck(env);
        const f = fn(env);
        if (f === CHAIN_BREAK || (optional && (f === null || f === undefined))) return CHAIN_BREAK;
        const a = args(env);
        rt.currentNode = node;
        if (f === lastF) return rt.invoke(lastC!, undefined, a, undefined, node);
        const cl = rt.closureOf(f);
        if (cl === undefined) return rt.callBuiltin(f, undefined, a, node);
        lastF = f;
        lastC = cl;
        return rt.invoke(cl, undefined, a, undefined, node);
      };
    }
    return (env) => {
      if (hoistedCheck !== null) hoistedCheck(env);
      const ft = callee(env);
      if (ft === CHAIN_BREAK) return CHAIN_BREAK;
      const f = ft[0];
      if (optional && (f === null || f === undefined)) return CHAIN_BREAK;
      const a = args(env);
      rt.currentNode = node;
      return rt.call(f, ft[1], a, node);
    };
  },

  NewExpression(c, node) {
    const rt = c.rt;
    positionAt(node.callee, node);
    const callee = c.expr(node.callee);
    const args = compileArgs(c, node.arguments);
    return (env) => {
      const f = callee(env);
      const a = args(env);
      rt.currentNode = node;
      return rt.construct(f, a, f, node);
    };
  },

  MetaProperty(c, node) {
    if (node.meta.name === 'new' && node.property.name === 'target') {
      const r = c.resolve('new.target');
      if (!r) return () => undefined;
      return readBinding(c, { ...node, name: 'new.target' }, r);
    }
    const mc = c.moduleContext;
    if (mc && node.meta.name === 'import' && node.property.name === 'meta') return () => mc.importMeta();
    throw new Unsupported(node, '`import.meta` is not supported by the simulation');
  },

  AwaitExpression(c, node) {
    throw new Unsupported(node, '`await` is only valid in async functions and at the top level of modules');
  },
  YieldExpression(c, node) {
    throw new Unsupported(node, '`yield` outside a generator');
  },
  ImportExpression(c, node) {
    const rt = c.rt;
    const mc = c.moduleContext;
    if (mc) {
      const spec = c.expr(node.source);
      const opts = node.options ? c.expr(node.options) : null;
      return (env) => {
        const s = spec(env);
        const o = opts ? opts(env) : undefined;
        rt.currentNode = node;
        return mc.importDynamic(s, node, o);
      };
    }
    return () => {
      rt.currentNode = node;
      rt.throwError('Error', 'import() is not available in the simulation: Event Loop Lens never loads modules');
    };
  },
  ParenthesizedExpression(c, node) {
    return c.expr(node.expression);
  },
};

/**
 * `await e` whose operand cannot suspend: the operand's plain closure, for parents that inline the
 * await (one generator less per evaluation and per resume). null for anything else.
 */
export function awaitOperand(c: Compiler, node: any): Fn | null {
  if (node.type !== 'AwaitExpression' || c.hasSuspend(node.argument)) return null;
  return c.expr(node.argument);
}

/**
 * An expression statement of the commonest suspending forms, `await e;`, `x = await e;` and
 * `x op= await e;` (x an identifier, e unable to suspend), as its parts, so that a loop or a
 * statement list runs it inline (statements.ts): no generator per run and one `yield*` less each
 * time it resumes. The same evaluation order as the general handlers: the statement's step, the
 * reference x, its value (op=), e, the await, the operator, the write. null for anything else.
 */
export interface FusedAwait {
  stmt: any;
  awaitNode: any;
  /** The operand of the await. */
  arg: Fn;
  /** The target x (null: `await e;`). */
  ref: Ref | null;
  /** op of `x op= await e` (null: `=` or no target). */
  op: ((a: any, b: any) => any) | null;
}

export function fusedAwaitParts(c: Compiler, stmt: any): FusedAwait | null {
  const expr = stmt.expression;
  if (expr.type === 'AwaitExpression') {
    const arg = awaitOperand(c, expr);
    return arg === null ? null : { stmt, awaitNode: expr, arg, ref: null, op: null };
  }
  if (expr.type !== 'AssignmentExpression' || expr.left.type !== 'Identifier' || expr.right.type !== 'AwaitExpression') return null;
  const op = expr.operator;
  if (op === '&&=' || op === '||=' || op === '??=') return null;
  const awaitNode = expr.right;
  const arg = awaitOperand(c, awaitNode);
  if (arg === null) return null;
  return { stmt, awaitNode, arg, ref: compileRef(c, expr.left), op: op === '=' ? null : binaryOp(op.slice(0, -1), c.rt) };
}

/** A fused await statement as one generator with its step (gstepped), where no loop runs it inline. */
export function gExpressionStatementFused(c: Compiler, stmt: any): GFn | null {
  const fa = fusedAwaitParts(c, stmt);
  if (fa === null) return null;
  const rt = c.rt;
  return function* (env) {
    const st: [any, any] = [undefined, undefined];
    fusedAfter(fa, env, st, yield AWAIT(fusedBefore(rt, fa, env, st), fa.awaitNode));
    return undefined;
  };
}

/**
 * A fused await statement's steps, split at the await: its step, x's reference and value kept in
 * `st` (one per activation of the loop or list that runs it inline), the operand returned; then
 * fusedAfter operates and writes x with the awaited value.
 */
export function fusedBefore(rt: Interpreter, fa: FusedAwait, env: Env, st: [any, any]): any {
  rt.currentNode = fa.stmt;
  if (++rt.steps >= rt.checkAt) rt.check(fa.stmt, env);
  const ref = fa.ref;
  const h = ref !== null ? ref.prepare(env) : undefined;
  st[0] = h;
  st[1] = fa.op !== null ? ref!.get(env, h) : undefined;
  const a = fa.arg(env);
  rt.currentNode = fa.awaitNode;
  return a;
}

export function fusedAfter(fa: FusedAwait, env: Env, st: [any, any], v: any): void {
  if (fa.ref !== null) fa.ref.set(env, st[0], fa.op !== null ? fa.op(st[1], v) : v);
  st[0] = st[1] = undefined;
}

/** GetTemplateObject: one frozen strings array (with frozen `raw`) per site, made on first evaluation. */
function templateObjectOf(rt: Interpreter, q: any): () => any {
  let strings: any = null;
  return () => {
    if (strings === null) {
      // An invalid escape (`\01`, `\u{`) has no cooked value: undefined (acorn says null).
      strings = rt.newArray(q.quasis.map((x: any) => x.value.cooked ?? undefined));
      const raw = rt.newArray(q.quasis.map((x: any) => x.value.raw));
      Object.defineProperty(strings, 'raw', { value: Object.freeze(raw) });
      Object.freeze(strings);
    }
    return strings;
  };
}

/** Function values get the name of what they are assigned to (`const f = () => {}` → "f"). */
export function namedValue(c: Compiler, valueNode: any, target: any): Fn {
  if (target && target.type === 'Identifier' && isAnonymousFunction(valueNode)) {
    return valueNode.type === 'ClassExpression' ? compileClass(c, valueNode, target.name) : compileFunctionExpression(c, valueNode, target.name);
  }
  return c.expr(valueNode);
}

/** An assignment target `o[yield k]` / `(await o).p`: object and key evaluated (suspending) before the value. */
function compileSuspendingMemberRef(c: Compiler, target: any): { prepare: GFn; get: (env: Env, h: any) => any; set: (env: Env, h: any, v: any) => void } {
  const rt = c.rt;
  if (target.type !== 'MemberExpression' || target.object.type === 'Super' || target.property.type === 'PrivateIdentifier') {
    throw new Unsupported(target, '`await`/`yield` inside this assignment target is not supported by the simulation');
  }
  const obj = c.gexpr(target.object);
  const key = target.computed ? c.gexpr(target.property) : null;
  const name = target.computed ? null : target.property.name;
  const strict = c.strict;
  return {
    prepare: function* (env) {
      const o = yield* obj(env);
      let k = key ? yield* key(env) : name;
      if (key && ((typeof k === 'object' && k !== null) || typeof k === 'function')) {
        if (o === null || o === undefined) rt.throwError('TypeError', `Cannot read properties of ${o}`);
        k = toPropertyKey(k);
      }
      return [o, k];
    },
    get: (_env, h) => rt.get(h[0], h[1]),
    set: (_env, h, v) => rt.set(h[0], h[1], v, strict),
  };
}

/** namedValue for a suspendable body: an anonymous class whose keys suspend gets the target's name. */
export function gnamedValue(c: Compiler, valueNode: any, target: any): GFn {
  if (target && target.type === 'Identifier' && valueNode.type === 'ClassExpression' && !valueNode.id && c.hasSuspend(valueNode)) return compileClassGen(c, valueNode, target.name);
  return c.gexpr(valueNode);
}

export function isAnonymousFunction(n: any): boolean {
  return (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassExpression') && !n.id;
}

/** Compiles a callee so that it yields [function, thisValue]. */
export function calleeWithThis(c: Compiler, callee: any): (env: Env) => any {
  const rt = c.rt;
  if (callee.type === 'MemberExpression') {
    if (callee.object.type === 'Super') {
      const sm = compileSuperMember(c, callee);
      const thisRead = expressionHandlers.ThisExpression(c, callee.object);
      return (env) => [sm.get(env, sm.key(env)), thisRead(env)];
    }
    const obj = c.expr(callee.object);
    const optional = callee.optional;
    if (callee.property.type === 'PrivateIdentifier') {
      const name = callee.property.name;
      const pk = privateKeyReader(c, name);
      return (env) => {
        const o = obj(env);
        if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
        return [privateGet(rt, o, pk(env), name), o];
      };
    }
    const key = memberKey(c, callee);
    return (env) => {
      const o = obj(env);
      if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
      const k = key(env);
      rt.currentNode = callee;
      return [rt.get(o, typeof k === 'object' && k !== null ? String(k) : k), o];
    };
  }
  if (callee.type === 'ChainExpression') {
    const inner = calleeWithThis(c, callee.expression);
    return (env) => {
      const r = inner(env);
      return r === CHAIN_BREAK ? [undefined, undefined] : r;
    };
  }
  if (callee.type === 'Identifier') {
    // Inside `with`, a function found on the object is called with the object as `this`.
    const dyn = dynamicScopesFor(c, callee.name);
    if (dyn !== null) return dynamicCallee(c, callee, dyn, staticReader(c, callee, false));
  }
  const f = c.expr(callee);
  return (env) => {
    const v = f(env);
    return v === CHAIN_BREAK ? CHAIN_BREAK : [v, undefined];
  };
}

export function compileArgs(c: Compiler, args: any[]): (env: Env) => any[] {
  const rt = c.rt;
  const fs: Fn[] = args.map((a) => (a.type === 'SpreadElement' ? c.expr(a.argument) : c.expr(a)));
  const spread = args.map((a) => a.type === 'SpreadElement');
  if (!spread.includes(true)) {
    switch (fs.length) {
      case 0:
        return () => [];
      case 1: {
        const a0 = fs[0];
        return (env) => [a0(env)];
      }
      case 2: {
        const a0 = fs[0];
        const a1 = fs[1];
        return (env) => [a0(env), a1(env)];
      }
    }
    return (env) => {
      const out = new Array(fs.length);
      for (let i = 0; i < fs.length; i++) out[i] = fs[i](env);
      return out;
    };
  }
  return (env) => {
    const out: any[] = [];
    for (let i = 0; i < fs.length; i++) {
      if (spread[i]) rt.spreadInto(out, fs[i](env), args[i].argument);
      else out.push(fs[i](env));
    }
    return out;
  };
}

export function propertyKey(c: Compiler, prop: any): Fn {
  if (prop.computed) {
    const k = c.expr(prop.key);
    return (env) => toPropertyKey(k(env));
  }
  const k = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'PrivateIdentifier' ? '#' + prop.key.name : String(prop.key.value);
  return () => k;
}

/** ToPropertyKey: ToPrimitive(hint string) of an object, which may give a symbol (`[Symbol.toPrimitive]`);
 * a host computed key performs exactly that conversion. */
export function toPropertyKey(v: any): any {
  return (typeof v === 'object' && v !== null) || typeof v === 'function' ? Reflect.ownKeys({ [v]: 0 })[0] : v;
}

function staticKeyName(prop: any): string | null {
  if (prop.computed) return null;
  return prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value);
}

export function compileObjectLiteral(c: Compiler, node: any, valueOf: (n: any) => Fn): Fn {
  const rt = c.rt;
  const parts = compileObjectLiteralParts(c, node, valueOf, () => null);
  return (env) => {
    const o = rt.newObject();
    for (let i = 0; i < parts.length; i++) parts[i](env, o);
    return o;
  };
}

type ObjectPart = (env: Env, o: any) => void;
/** One part per property, each defining it on `o`; `keyOf` may supply a computed key's evaluation. */
export function compileObjectLiteralParts(c: Compiler, node: any, valueOf: (n: any) => Fn, keyOf: (p: any) => Fn | null): ObjectPart[] {
  const rt = c.rt;
  type Part = ObjectPart;
  // Literals define their properties (CreateDataPropertyOrThrow), never run a setter. Plain
  // assignment does the same when the object's chain is just %Object.prototype% (whose own
  // prototype is immutably null) and neither it nor this literal has the key as an accessor:
  // that fast path is kept for keys %Object.prototype% lacks, in literals without get/set/__proto__.
  const OP = rt.intr.ObjectPrototype;
  const assignable = !node.properties.some((p: any) => p.kind === 'get' || p.kind === 'set' || (!p.computed && !p.shorthand && p.type === 'Property' && staticKeyName(p) === '__proto__'));
  const defineData = (o: any, k: any, v: any) => {
    if (assignable && !(k in OP)) o[k] = v;
    else Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  };
  const parts: Part[] = node.properties.map((p: any): Part => {
    if (p.type === 'SpreadElement') {
      const v = valueOf(p.argument);
      return (env, o) => {
        const src = v(env);
        if (src === null || src === undefined) return;
        const from = rt.toObject(src);
        for (const k of Reflect.ownKeys(from)) {
          const d = Reflect.getOwnPropertyDescriptor(from, k);
          if (d && d.enumerable) Object.defineProperty(o, k, { value: from[k], writable: true, enumerable: true, configurable: true });
        }
      };
    }
    const key = keyOf(p) ?? propertyKey(c, p);
    // Function#toString of a method shows its whole definition (`get x() {}`, `m() {}`), as V8 does.
    if (p.method || p.kind === 'get' || p.kind === 'set') p.value.__textStart = p.start;
    if (p.kind === 'get' || p.kind === 'set') {
      const make = compileFunctionExpression(c, p.value, staticKeyName(p) ?? '', p.kind, true);
      const kind = p.kind;
      return (env, o) => {
        const k = key(env);
        const f = make(env);
        rt.setHomeObject(f, o, kind + ' ' + functionNameForKey(k));
        Object.defineProperty(o, k, { [kind]: f, enumerable: true, configurable: true });
      };
    }
    if (p.method) {
      const make = compileFunctionExpression(c, p.value, staticKeyName(p) ?? '', 'method', true);
      const computed = p.computed;
      return (env, o) => {
        const k = key(env);
        const f = make(env);
        rt.setHomeObject(f, o, computed ? functionNameForKey(k) : null);
        defineData(o, k, f);
      };
    }
    if (!p.computed && !p.shorthand && staticKeyName(p) === '__proto__') {
      const v = valueOf(p.value);
      return (env, o) => {
        const proto = v(env);
        if (typeof proto === 'object' || typeof proto === 'function') Object.setPrototypeOf(o, proto);
      };
    }
    const name = staticKeyName(p);
    const v = name !== null && isAnonymousFunction(p.value)
      ? p.value.type === 'ClassExpression' ? compileClass(c, p.value, name) : compileFunctionExpression(c, p.value, name)
      : valueOf(p.value);
    if (!p.computed) {
      const k = name!;
      return (env, o) => {
        defineData(o, k, v(env));
      };
    }
    const anonymousFunction = isAnonymousFunction(p.value);
    return (env, o) => {
      const k = key(env);
      const val = v(env);
      // NamedEvaluation: `[Symbol.iterator]: function* () {}` is named "[Symbol.iterator]".
      if (anonymousFunction) Object.defineProperty(val, 'name', { value: functionNameForKey(k), configurable: true });
      Object.defineProperty(o, k, { value: val, writable: true, enumerable: true, configurable: true });
    };
  });
  return parts;
}

// ---- suspendable (async / generator) variants ---------------------------------------------


export const genExpressionHandlers: Record<string, GHandler> = {
  ClassExpression(c, node) {
    return compileClassGen(c, node);
  },
  AwaitExpression(c, node) {
    const rt = c.rt;
    // The common `await x` / `await f()`: an operand that cannot suspend is a plain call, no generator.
    if (!c.hasSuspend(node.argument)) {
      const plain = c.expr(node.argument);
      return function* (env) {
        const v = plain(env);
        rt.currentNode = node;
        return yield AWAIT(v, node);
      };
    }
    const arg = c.gexpr(node.argument);
    return function* (env) {
      const v = yield* arg(env);
      rt.currentNode = node;
      return yield AWAIT(v, node);
    };
  },

  YieldExpression(c, node) {
    const arg = node.argument ? c.gexpr(node.argument) : null;
    const rt = c.rt;
    if (node.delegate) {
      const async = c.inAsync;
      return function* (env) {
        const v = yield* arg!(env);
        return yield* yieldDelegate(rt, v, node.argument, async);
      };
    }
    if (c.inAsync) {
      return function* (env) {
        const v = arg ? yield* arg(env) : undefined;
        return yield* YIELD_ASYNC(v, node);
      };
    }
    return function* (env) {
      const v = arg ? yield* arg(env) : undefined;
      return yield* YIELD(v);
    };
  },

  BinaryExpression(c, node) {
    if (node.left.type === 'PrivateIdentifier') {
      // `#x in (await o)`: the right side suspends, then the brand check.
      const name = node.left.name;
      const pk = privateKeyReader(c, name);
      const right = c.gexpr(node.right);
      return function* (env) {
        return privateHas(c.rt, yield* right(env), pk(env), name);
      };
    }
    const l = c.gexpr(node.left);
    const r = c.gexpr(node.right);
    const op = binaryOp(node.operator, c.rt);
    return function* (env) {
      const a = yield* l(env);
      const b = yield* r(env);
      return op(a, b);
    };
  },

  LogicalExpression(c, node) {
    const l = c.gexpr(node.left);
    const r = c.gexpr(node.right);
    const op = node.operator;
    return function* (env) {
      const a = yield* l(env);
      if (op === '&&' ? !a : op === '||' ? a : a !== null && a !== undefined) return a;
      return yield* r(env);
    };
  },

  ConditionalExpression(c, node) {
    const t = c.gexpr(node.test);
    const a = c.gexpr(node.consequent);
    const b = c.gexpr(node.alternate);
    return function* (env) {
      return (yield* t(env)) ? yield* a(env) : yield* b(env);
    };
  },

  UnaryExpression(c, node) {
    const arg = c.gexpr(node.argument);
    const op = node.operator;
    if (op === 'delete') throw new Unsupported(node, '`await` inside `delete` is not supported by the simulation');
    return function* (env) {
      const v = yield* arg(env);
      switch (op) {
        case '!':
          return !v;
        case '-':
          return -v;
        case '+':
          return +v;
        case '~':
          return ~v;
        case 'typeof':
          return typeof v;
        default:
          return undefined;
      }
    };
  },

  SequenceExpression(c, node) {
    const fs: GFn[] = node.expressions.map((e: any) => c.gexpr(e));
    return function* (env) {
      let v;
      for (const f of fs) v = yield* f(env);
      return v;
    };
  },

  TemplateLiteral(c, node) {
    const quasis: string[] = node.quasis.map((q: any) => q.value.cooked);
    const exprs: GFn[] = node.expressions.map((e: any) => c.gexpr(e));
    return function* (env) {
      let s = quasis[0];
      for (let i = 0; i < exprs.length; i++) s += `${yield* exprs[i](env)}` + quasis[i + 1];
      return s;
    };
  },

  ArrayExpression(c, node) {
    const rt = c.rt;
    const els = node.elements.map((e: any) => (e === null ? null : c.gexpr(e.type === 'SpreadElement' ? e.argument : e)));
    return function* (env) {
      const list: any[] = [];
      for (let i = 0; i < els.length; i++) {
        const f = els[i];
        if (f === null) {
          list.length++;
          continue;
        }
        const v = yield* f(env);
        if (node.elements[i].type === 'SpreadElement') rt.spreadInto(list, v, node.elements[i].argument);
        else list.push(v);
      }
      return rt.newArrayWithHoles(list);
    };
  },

  ObjectExpression(c, node) {
    // Property by property in source order (key, then value); a property whose key or value
    // suspends evaluates them first and hands the results to its part.
    const rt = c.rt;
    let currentKey: any;
    let currentValue: any;
    const suspendingKey = (p: any) => p.type !== 'SpreadElement' && p.computed && c.hasSuspend(p.key);
    const suspendingValue = (p: any) => c.hasSuspend(p.type === 'SpreadElement' ? p.argument : p.value);
    const keys = new Map<any, GFn>();
    const values = new Map<any, GFn>();
    for (const p of node.properties) {
      // A computed key is evaluated before its value, also when only the value suspends.
      if (suspendingKey(p) || (p.type !== 'SpreadElement' && p.computed && suspendingValue(p))) keys.set(p, c.gexpr(p.key));
      const vn = p.type === 'SpreadElement' ? p.argument : p.value;
      if (suspendingValue(p)) values.set(vn, c.gexpr(vn));
    }
    const parts = compileObjectLiteralParts(
      c,
      node,
      (n) => (values.has(n) ? () => currentValue : c.expr(n)),
      (p) => {
        if (!keys.has(p)) return null;
        // ToPropertyKey as propertyKey does.
        return () => toPropertyKey(currentKey);
      },
    );
    const steps = node.properties.map((p: any, i: number) => {
      const part = parts[i];
      const gk = keys.get(p);
      const gv = values.get(p.type === 'SpreadElement' ? p.argument : p.value);
      if (!gk && !gv) return part;
      return function* (env: Env, o: any) {
        const k = gk ? yield* gk(env) : undefined;
        const v = gv ? yield* gv(env) : undefined;
        currentKey = k;
        currentValue = v;
        part(env, o);
      };
    });
    const isGen = steps.map((s: any, i: number) => s !== parts[i]);
    return function* (env) {
      const o = rt.newObject();
      for (let i = 0; i < steps.length; i++) {
        if (isGen[i]) yield* steps[i](env, o);
        else steps[i](env, o);
      }
      return o;
    };
  },

  AssignmentExpression(c, node) {
    const target = node.left;
    const value = node.operator === '=' || node.operator.length === 3 ? gnamedValue(c, node.right, target) : c.gexpr(node.right);
    if (node.operator === '=') {
      if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') {
        const assign = compileAssignPatternGen(c, target, 'assign', node.right);
        return function* (env) {
          const v = yield* value(env);
          yield* assign(env, v);
          return v;
        };
      }
      if (c.hasSuspend(target)) {
        const gref = compileSuspendingMemberRef(c, target);
        return function* (env) {
          const h = yield* gref.prepare(env);
          const v = yield* value(env);
          gref.set(env, h, v);
          return v;
        };
      }
      const ref = compileRef(c, target);
      return function* (env) {
        const h = ref.prepare(env);
        const v = yield* value(env);
        ref.set(env, h, v);
        return v;
      };
    }
    if (c.hasSuspend(target)) {
      const gref = compileSuspendingMemberRef(c, target);
      const op = node.operator;
      const bop = op === '&&=' || op === '||=' || op === '??=' ? null : binaryOp(op.slice(0, -1), c.rt);
      return function* (env) {
        const h = yield* gref.prepare(env);
        const cur = gref.get(env, h);
        if (!bop && (op === '&&=' ? !cur : op === '||=' ? cur : cur !== null && cur !== undefined)) return cur;
        const v = bop ? bop(cur, yield* value(env)) : yield* value(env);
        gref.set(env, h, v);
        return v;
      };
    }
    const ref = compileRef(c, target);
    const op = node.operator;
    if (op === '&&=' || op === '||=' || op === '??=') {
      return function* (env) {
        const h = ref.prepare(env);
        const cur = ref.get(env, h);
        if (op === '&&=' ? !cur : op === '||=' ? cur : cur !== null && cur !== undefined) return cur;
        const v = yield* value(env);
        ref.set(env, h, v);
        return v;
      };
    }
    const bop = binaryOp(op.slice(0, -1), c.rt);
    return function* (env) {
      const h = ref.prepare(env);
      const cur = ref.get(env, h);
      const v = bop(cur, yield* value(env));
      ref.set(env, h, v);
      return v;
    };
  },

  MemberExpression(c, node) {
    const rt = c.rt;
    if (node.object.type === 'Super') {
      throw new Unsupported(node, '`await` inside this member expression is not supported by the simulation');
    }
    const obj = c.gexpr(node.object);
    const optional = node.optional;
    if (node.property.type === 'PrivateIdentifier') {
      // `(await o).#x`: the object suspends, then the brand-checked read.
      const pname = node.property.name;
      const pk = privateKeyReader(c, pname);
      return function* (env) {
        const o = yield* obj(env);
        if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
        return privateGet(rt, o, pk(env), pname);
      };
    }
    const key = node.computed ? c.gexpr(node.property) : null;
    const name = node.computed ? null : node.property.name;
    return function* (env) {
      const o = yield* obj(env);
      if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
      const k = key ? yield* key(env) : name;
      rt.currentNode = node;
      if ((o === null || o === undefined) && typeof k === 'object' && k !== null) rt.throwError('TypeError', `Cannot read properties of ${o}`);
      return rt.get(o, k);
    };
  },

  ChainExpression(c, node) {
    const f = c.gexpr(node.expression);
    return function* (env) {
      const v = yield* f(env);
      return v === CHAIN_BREAK ? undefined : v;
    };
  },

  CallExpression(c, node) {
    const rt = c.rt;
    if (node.callee.type === 'Super') throw new Unsupported(node, '`await` inside super(...) arguments is not supported by the simulation');
    const callee = node.callee;
    const args: GFn[] = node.arguments.map((a: any) => c.gexpr(a.type === 'SpreadElement' ? a.argument : a));
    const spread = node.arguments.map((a: any) => a.type === 'SpreadElement');
    let getCallee: (env: Env) => Generator<any, any, any>;
    if (callee.type === 'MemberExpression' && callee.object.type !== 'Super' && callee.property.type !== 'PrivateIdentifier') {
      const obj = c.gexpr(callee.object);
      const key = callee.computed ? c.gexpr(callee.property) : null;
      const name = callee.computed ? null : callee.property.name;
      const optional = callee.optional;
      getCallee = function* (env) {
        const o = yield* obj(env);
        if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
        const k = key ? yield* key(env) : name;
        rt.currentNode = callee;
        return [rt.get(o, k), o];
      };
    } else if (callee.type === 'MemberExpression' && callee.property.type === 'PrivateIdentifier' && c.hasSuspend(callee.object)) {
      // `(await o).#m()`: the method is called with the object as its this.
      const obj = c.gexpr(callee.object);
      const pname = callee.property.name;
      const pk = privateKeyReader(c, pname);
      const optional = callee.optional;
      getCallee = function* (env) {
        const o = yield* obj(env);
        if (o === CHAIN_BREAK || (optional && (o === null || o === undefined))) return CHAIN_BREAK;
        return [privateGet(rt, o, pk(env), pname), o];
      };
    } else if (c.hasSuspend(callee)) {
      const f = c.gexpr(callee);
      getCallee = function* (env) {
        const v = yield* f(env);
        return v === CHAIN_BREAK ? CHAIN_BREAK : [v, undefined];
      };
    } else {
      const f = calleeWithThis(c, callee);
      getCallee = function* (env) {
        return f(env);
      };
    }
    const optional = node.optional;
    const directEval = isDirectEvalSyntax(node) ? directEvalCall(c, node) : null;
    return function* (env) {
      const ft = yield* getCallee(env);
      if (ft === CHAIN_BREAK) return CHAIN_BREAK;
      if (optional && (ft[0] === null || ft[0] === undefined)) return CHAIN_BREAK;
      const a: any[] = [];
      for (let i = 0; i < args.length; i++) {
        const v = yield* args[i](env);
        if (spread[i]) rt.spreadInto(a, v, node.arguments[i].argument);
        else a.push(v);
      }
      rt.currentNode = node;
      if (directEval !== null) return directEval(env, ft[0], ft[1], a);
      return rt.call(ft[0], ft[1], a, node);
    };
  },

  NewExpression(c, node) {
    const rt = c.rt;
    const callee = c.gexpr(node.callee);
    const args: GFn[] = node.arguments.map((a: any) => c.gexpr(a.type === 'SpreadElement' ? a.argument : a));
    const spread = node.arguments.map((a: any) => a.type === 'SpreadElement');
    return function* (env) {
      const f = yield* callee(env);
      const a: any[] = [];
      for (let i = 0; i < args.length; i++) {
        const v = yield* args[i](env);
        if (spread[i]) rt.spreadInto(a, v, node.arguments[i].argument);
        else a.push(v);
      }
      rt.currentNode = node;
      return rt.construct(f, a, f, node);
    };
  },

  // import(spec, options) with await/yield in either argument; both are evaluated before the call.
  ImportExpression(c, node) {
    const rt = c.rt;
    const mc = c.moduleContext;
    if (!mc) {
      const f = expressionHandlers.ImportExpression(c, node);
      return function* (env) {
        return f(env);
      };
    }
    const spec = c.gexpr(node.source);
    const opts = node.options ? c.gexpr(node.options) : null;
    return function* (env) {
      const s = yield* spec(env);
      const o = opts ? yield* opts(env) : undefined;
      rt.currentNode = node;
      return mc.importDynamic(s, node, o);
    };
  },
  TaggedTemplateExpression(c, node) {
    if (c.hasSuspend(node.tag)) throw new Unsupported(node, '`await` inside the tag of a tagged template is not supported by the simulation');
    // tag`${await x}`: the tag (and its this) first, then the substitutions in order, then the call.
    const rt = c.rt;
    const q = node.quasi;
    const templateObject = templateObjectOf(rt, q);
    const exprs: GFn[] = q.expressions.map((e: any) => c.gexpr(e));
    const callee = calleeWithThis(c, node.tag);
    return function* (env) {
      const [f, thisArg] = callee(env);
      const args = [templateObject()];
      for (const e of exprs) args.push(yield* e(env));
      return rt.call(f, thisArg, args, node);
    };
  },
};

