// Functions and classes: scope layout, parameter binding, closure creation, `this`/`super`/
// `new.target`, class fields and private names.
import { types as utilTypes } from 'util';
import type { Compiler, Fn, FunctionTemplate, GFn } from './compiler';
import { CScope, patternIdentifiers, unlabel } from './compiler';
import { Env, SignalKind, Slot, UNINITIALIZED, Unsupported } from './values';
import type { Closure, Interpreter } from './runtime';
import { compileStatementList, gcompileStatementList } from './statements';
import { compileAssignPattern } from './patterns';
import { compileArgs, propertyKey, readBinding, toPropertyKey } from './expressions';
import { startAsyncFunction, makeGenerator, makeAsyncGenerator } from './suspend';
import { isFunctionOrClass, someNode, walkNodes } from './ast';
import { isConstructor, keyText } from './runtime';
import { isDynamicScope, markDynamic } from './dynamic';
import { traceContext, traceFunctionCreated } from './teachTrace';
import { makeMappedArguments, MAX_MAPPED_PARAMS, sealArgumentsIterator } from './arguments';
import { noteMainScope } from './fromStrings';
import type { ClosureEntry, HostEntry } from '../realm';

const THIS = 0;
const FN = 1;
const NEW_TARGET = 2;

/** Names declared with `var` (and sloppy block functions) in a function body, not in nested functions. */
export function collectVarNames(body: any, out: { names: any[]; loopVars: Set<any>; annexB: any[] }, inBlock = false): void {
  // `lex`: the let/const/class names of the enclosing blocks; a block function of one of those names
  // gets no Annex B var (the `var` would be an early error).
  const visit = (n: any, block: boolean, lex: string[]) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, block, lex);
      return;
    }
    switch (n.type) {
      case 'VariableDeclaration':
        if (n.kind === 'var') for (const d of n.declarations) for (const id of patternIdentifiers(d.id)) out.names.push(id);
        for (const d of n.declarations) visit(d.init, block, lex);
        return;
      case 'ForStatement':
        if (n.init && n.init.type === 'VariableDeclaration' && n.init.kind === 'var') {
          for (const d of n.init.declarations) for (const id of patternIdentifiers(d.id)) out.loopVars.add(id);
        }
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (n.left.type === 'VariableDeclaration' && n.left.kind === 'var') {
          for (const id of patternIdentifiers(n.left.declarations[0].id)) out.loopVars.add(id);
        }
        break;
      case 'FunctionDeclaration':
        if (block && n.id && !n.async && !n.generator && !lex.includes(n.id.name)) out.annexB.push(n.id);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        // Class bodies can contain functions only; computed keys are rare enough to skip.
        return;
    }
    const t = n.type;
    const inner = t === 'BlockStatement' || t === 'SwitchStatement' || t === 'ForStatement' || t === 'ForInStatement' || t === 'ForOfStatement' || t === 'CatchClause' ? lexicalNamesOf(n) : null;
    const innerLex = inner === null || inner.length === 0 ? lex : lex.concat(inner);
    const innerBlock = block || n.type === 'BlockStatement' || n.type === 'SwitchCase' || n.type === 'IfStatement';
    for (const k in n) {
      if (k === 'loc' || k === 'type') continue;
      const v = n[k];
      if (v && typeof v === 'object') visit(v, innerBlock, innerLex);
    }
  };
  for (const st of body) {
    if (unlabel(st).type === 'FunctionDeclaration') continue;
    visit(st, inBlock, []);
  }
}

/** The let/const/class (and destructured catch parameter) names a block-like node declares. */
function lexicalNamesOf(n: any): string[] {
  const out: string[] = [];
  const ofList = (list: any[]) => {
    for (const st of list) {
      if (st.type === 'VariableDeclaration' && st.kind !== 'var') for (const d of st.declarations) for (const id of patternIdentifiers(d.id)) out.push(id.name);
      else if (st.type === 'ClassDeclaration' && st.id) out.push(st.id.name);
    }
  };
  switch (n.type) {
    case 'BlockStatement':
      ofList(n.body);
      break;
    case 'SwitchStatement':
      for (const k of n.cases) ofList(k.consequent);
      break;
    case 'ForStatement':
      if (n.init && n.init.type === 'VariableDeclaration') ofList([n.init]);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      if (n.left.type === 'VariableDeclaration') ofList([n.left]);
      break;
    case 'CatchClause':
      if (n.param && n.param.type !== 'Identifier') for (const id of patternIdentifiers(n.param)) out.push(id.name);
      break;
  }
  return out;
}

/** In an async generator, `return x` awaits x (ECMA-262 §15.5 ReturnStatement, step 3): mark them. */
function markAsyncGeneratorReturns(body: any[]): void {
  walkNodes(body, (n) => {
    if (isFunctionOrClass(n)) return false;
    if (n.type === 'ReturnStatement') n.__awaitsArgument = true;
  });
}

/** Does the function use `arguments` (its own, or through nested arrows)? */
function usesArguments(node: any): boolean {
  const own = (n: any) => n.type !== 'FunctionExpression' && n.type !== 'FunctionDeclaration';
  // A direct eval (here or in a nested arrow) can read `arguments` too.
  const isArguments = (n: any) => (n.type === 'Identifier' && n.name === 'arguments') || isDirectEvalCall(n);
  return someNode(node.params, isArguments, own) || someNode(node.body, isArguments, own);
}

/** Could a parameter expression observe the body's own declarations (a closure, an eval, a name the body declares)? */
function paramsSeeBody(node: any, bodyList: any[], varIds: any[]): boolean {
  const names = new Set<string>(varIds.map((id: any) => id.name));
  for (const item of bodyList) {
    const st = unlabel(item);
    if (st.type === 'FunctionDeclaration' && st.id) names.add(st.id.name);
  }
  for (const n of lexicalNamesOf({ type: 'BlockStatement', body: bodyList })) names.add(n);
  return someNode(node.params, (n) => isFunctionOrClass(n) || isDirectEvalCall(n) || (n.type === 'Identifier' && names.has(n.name)));
}

/** `eval(...)`: a direct eval if `eval` is still the built-in when it runs (fromStrings.ts). */
function isDirectEvalCall(n: any): boolean {
  return n.type === 'CallExpression' && !n.optional && n.callee.type === 'Identifier' && n.callee.name === 'eval';
}

/** Does the function's own code (not nested functions, arrows included) contain a direct eval? */
function containsDirectEval(node: any): boolean {
  const own = (n: any) => n === node || !isFunctionOrClass(n);
  return someNode(node.params, isDirectEvalCall, own) || someNode(node.body, isDirectEvalCall, own);
}

function hasUseStrict(body: any[]): boolean {
  for (const st of body) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    if (st.directive === 'use strict') return true;
  }
  return false;
}

function simpleParamsOf(node: any): boolean {
  return node.params.every((p: any) => p.type === 'Identifier');
}

export interface FunctionOptions {
  /** The module wrapper's parameters (exports, require...) are not shown in the step trace. */
  hideParams?: boolean;
  name: string;
  kind: FunctionTemplate['kind'];
  classConstructor?: boolean;
  derived?: boolean;
  /** Class constructors without a body of their own. */
  implicit?: boolean;
  /** ES module bodies: declares the import bindings in the module scope before anything else. */
  declare?: (scope: CScope) => void;
  /** A program body that is not a function (an ES module, a browser script): it has no `arguments`. */
  noArguments?: boolean;
  /** Called with the new environment when the function is entered: an ES module body's InitializeEnvironment, a browser script's globals (simulator.ts). */
  onEnter?: (env: Env, bindings: ReadonlyMap<string, { slot: number; kind: string }>) => void;
}

/** Builds the scope layout and compiled body of one function. */
export function compileFunctionTemplate(c: Compiler, node: any, opts: FunctionOptions): FunctionTemplate {
  // (The function is the statement position of its parameters' code: positions.ts.)
  const outer = c.statement;
  c.statement = node;
  try {
    return compileFunctionTemplateIn(c, node, opts);
  } finally {
    c.statement = outer;
  }
}

function compileFunctionTemplateIn(c: Compiler, node: any, opts: FunctionOptions): FunctionTemplate {
  const rt = c.rt;
  const isArrow = node.type === 'ArrowFunctionExpression';
  const exprBody = isArrow && node.expression;
  const bodyList: any[] = exprBody ? [] : node.body.body;
  const savedStrict = c.strict;
  const strict = c.strict || opts.kind === 'class' || (!exprBody && hasUseStrict(bodyList));
  const label = opts.hideParams ? 'script' : `${opts.name || 'anonymous'}() (line ${node.loc.start.line})`;
  const scope = new CScope('function', c.scope, isArrow, label);
  if (!isArrow) {
    scope.declare('this', 'internal', null);
    scope.declare('%fn', 'internal', null);
    scope.declare('new.target', 'internal', null);
  }
  if (opts.declare) opts.declare(scope);
  // A class field initializer or static block: a direct eval in it may not contain `arguments`.
  if (node.__classInitializer) scope.declare('%initializer', 'internal', null);
  const simpleParams = node.params.every((p: any) => p.type === 'Identifier');
  // A sloppy direct eval can declare vars here at run time: names looked up past this scope go dynamic.
  if (!strict && containsDirectEval(node)) markDynamic(c, scope, 'vars');
  // With default values or patterns, parameters have a TDZ of their own (`function f(a = b, b)`).
  for (const p of node.params) {
    for (const id of patternIdentifiers(p)) {
      const b = scope.declare(id.name, simpleParamsOf(node) ? 'param' : 'let', id);
      scope.visibleKinds[b.slot] = 'param';
    }
  }
  if (opts.hideParams) for (const p of node.params) scope.visibleNames[scope.bindings.get(p.name)!.slot] = null;
  const argumentsSlot = !isArrow && !opts.noArguments && !scope.bindings.has('arguments') && usesArguments(node) ? scope.declare('arguments', 'internal', null).slot : -1;
  // Sloppy + simple parameters: a mapped arguments object, the parameters live in it (arguments.ts).
  const mapped = argumentsSlot >= 0 && !strict && simpleParams && node.params.length <= MAX_MAPPED_PARAMS;
  const mappedSlot = mapped ? scope.declare('%mapped', 'internal', null).slot : -1;
  const mappedIndexBySlot = new Map<number, number>();
  if (mapped) {
    node.params.forEach((p: any, i: number) => {
      const b = scope.bindings.get(p.name)!;
      b.mapped = { recordSlot: mappedSlot, index: i };
      mappedIndexBySlot.set(b.slot, i);
    });
  }
  const vars = { names: [] as any[], loopVars: new Set<any>(), annexB: [] as any[] };
  collectVarNames(bodyList, vars);
  // Parameter expressions that could see the body's declarations get a scope of their own, the body
  // another (FunctionDeclarationInstantiation step 28: a separate varEnv when hasParameterExpressions).
  const separate = !simpleParams && !exprBody && paramsSeeBody(node, bodyList, vars.names);
  const vs = separate ? new CScope('function', scope, isArrow, label) : scope;
  if (separate && isDynamicScope(scope)) markDynamic(c, vs, 'vars');
  for (const id of vars.names) {
    if (!vs.bindings.has(id.name)) vs.declare(id.name, 'var', id, vars.loopVars.has(id));
    else if (vars.loopVars.has(id)) vs.bindings.get(id.name)!.loopVar = true;
  }
  // Top-level function declarations are hoisted with their value.
  for (const item of bodyList) {
    // `export function f() {}` / `export default function f() {}` declare f in the module scope.
    const st = (item.type === 'ExportNamedDeclaration' || item.type === 'ExportDefaultDeclaration') && item.declaration ? item.declaration : unlabel(item);
    if (st.type === 'FunctionDeclaration' && st.id) {
      const b = vs.declare(st.id.name, 'function', st.id);
      vs.template[b.slot] = undefined;
      vs.hoistedFunctions.push({ slot: b.slot, node: st });
    }
  }
  c.declareLexical(vs, bodyList, false);
  if (!strict) for (const id of vars.annexB) if (!vs.bindings.has(id.name)) vs.declare(id.name, 'var', id);
  // A body var named like a parameter starts with the parameter's value (step 28.f.i.4).
  const copied: { from: number; to: number }[] = [];
  if (separate) for (const [name, b] of vs.bindings) if (b.kind === 'var' && scope.bindings.has(name)) copied.push({ from: scope.bindings.get(name)!.slot, to: b.slot });

  if (node.async && node.generator && !exprBody) markAsyncGeneratorReturns(bodyList);
  const saved = { scope: c.scope, genMode: c.genMode, inAsync: c.inAsync, inGenerator: c.inGenerator, labels: c.pendingLabels };
  c.scope = scope;
  c.strict = strict;
  c.genMode = node.async || node.generator;
  c.inAsync = node.async;
  c.inGenerator = node.generator;
  c.pendingLabels = [];
  try {
    const paramBinders = simpleParams ? null : node.params.map((p: any) => (p.type === 'RestElement' ? { rest: true, assign: compileAssignPattern(c, p.argument, 'declare') } : { rest: false, assign: compileAssignPattern(c, p, 'declare') }));
    const paramSlots: number[] = simpleParams ? node.params.map((p: any) => scope.bindings.get(p.name)!.slot) : [];
    if (separate) c.scope = vs;
    const hoisted = vs.hoistedFunctions.map((h) => ({ slot: h.slot, make: c.functionMaker(h.node) }));
    const names = scope.visibleNames;
    const info = scope.info;
    const template = scope.template;
    const bodyInfo = vs.info;
    const bodyTemplate = vs.template;
    const isAsync = !!node.async;
    const isGenerator = !!node.generator;
    let body: any;
    // `{ return e; }` alone (fib, comparators, getters): the step and e in one closure that returns
    // the value itself, no Return signal per call.
    const onlyReturn = !exprBody && !c.genMode && !opts.classConstructor && bodyList.length === 1 && bodyList[0].type === 'ReturnStatement' ? bodyList[0] : null;
    if (onlyReturn !== null) {
      const arg = onlyReturn.argument ? c.expr(onlyReturn.argument) : () => undefined;
      body = (env: Env) => {
        rt.currentNode = onlyReturn;
        if (++rt.steps >= rt.checkAt) rt.check(onlyReturn, env);
        return arg(env);
      };
    } else if (exprBody) body = c.genMode ? c.gexpr(node.body) : c.expr(node.body);
    else body = c.genMode ? gcompileStatementList(c, bodyList) : compileStatementList(c, bodyList);

    const length = (() => {
      let n = 0;
      for (const p of node.params) {
        if (p.type === 'AssignmentPattern' || p.type === 'RestElement') break;
        n++;
      }
      return n;
    })();

    const t: FunctionTemplate = {
      node,
      name: opts.name,
      frameName: opts.name || '<anonymous>',
      line: node.loc.start.line,
      column: node.loc.start.column,
      length,
      isArrow,
      isAsync,
      isGenerator,
      strict,
      constructible: !isArrow && !isAsync && !isGenerator && (opts.kind === 'plain' || opts.kind === 'class'),
      classConstructor: !!opts.classConstructor,
      derived: !!opts.derived,
      kind: opts.kind,
      call: null as any,
    };
    const global = rt.global;
    const ObjectCtor = rt.intr.Object;
    const onEnter = opts.onEnter;

    let enter = (closure: Closure, thisArg: any, args: any[], newTarget: any): Env => {
      const slots = template.slice();
      const env = rt.newEnv(closure.env, slots, label, rt.trace ? info : undefined);
      if (!isArrow) {
        slots[THIS] = strict ? thisArg : thisArg === undefined || thisArg === null ? global : typeof thisArg === 'object' || typeof thisArg === 'function' ? thisArg : ObjectCtor(thisArg);
        slots[FN] = closure;
        slots[NEW_TARGET] = newTarget;
      }
      // Before the parameters: their default values can read `arguments`.
      if (argumentsSlot >= 0) {
        if (mapped) {
          const rec = makeMappedArguments(rt, paramSlots.length, args, closure.wrapper);
          slots[mappedSlot] = rec;
          slots[argumentsSlot] = rec[0];
        } else slots[argumentsSlot] = sealArgumentsIterator(rt, Reflect.apply(rt.realm.helpers.makeArguments, undefined, args));
      }
      if (paramBinders === null) {
        for (let i = 0; i < paramSlots.length; i++) slots[paramSlots[i]] = args[i];
      } else {
        for (let i = 0; i < paramBinders.length; i++) {
          const pb = paramBinders[i];
          if (pb.rest) pb.assign(env, rt.newArray(Array.prototype.slice.call(args, i)));
          else pb.assign(env, args[i]);
        }
      }
      if (separate) {
        const benv = rt.newEnv(env, bodyTemplate.slice(), label, rt.trace ? bodyInfo : undefined);
        for (let i = 0; i < copied.length; i++) benv.slots[copied[i].to] = env.slots[copied[i].from];
        for (let i = 0; i < hoisted.length; i++) benv.slots[hoisted[i].slot] = hoisted[i].make(benv);
        if (rt.trace) for (let i = 0; i < names.length; i++) if (names[i] !== null && slots[i] !== template[i]) rt.traceBind(env, names[i]!, slots[i]);
        return benv;
      }
      for (let i = 0; i < hoisted.length; i++) {
        const fn = (slots[hoisted[i].slot] = hoisted[i].make(env));
        // `function f(a) { function a() {} }`: the function replaces the (mapped) parameter.
        if (mapped && mappedIndexBySlot.has(hoisted[i].slot)) slots[mappedSlot][2][mappedIndexBySlot.get(hoisted[i].slot)!](fn);
      }
      if (rt.trace) for (let i = 0; i < names.length; i++) if (names[i] !== null && slots[i] !== template[i]) rt.traceBind(env, names[i]!, slots[i]);
      if (onEnter !== undefined) onEnter(env, scope.bindings);
      if (rt.trace) traceContext(rt, closure, env, isArrow ? undefined : slots[THIS], newTarget);
      return env;
    };

    if (argumentsSlot < 0 && paramBinders === null && !separate && hoisted.length === 0 && onEnter === undefined && !opts.hideParams) {
      // The common function: simple parameters, no `arguments`, no hoisted declarations. Untraced,
      // its entry is a copy of the slot template, the parameters and (not arrows) this / %fn / new.target.
      const traced = enter;
      const newSlots = slotsCopier(template);
      const nParams = paramSlots.length;
      const p0 = nParams > 0 ? paramSlots[0] : -1;
      const p1 = nParams > 1 ? paramSlots[1] : -1;
      enter = (closure, thisArg, args, newTarget) => {
        if (rt.trace !== null) return traced(closure, thisArg, args, newTarget);
        const slots = newSlots();
        const env = new Env(closure.env, slots, rt.envCounter++);
        if (!isArrow) {
          slots[THIS] = strict ? thisArg : thisArg === undefined || thisArg === null ? global : typeof thisArg === 'object' || typeof thisArg === 'function' ? thisArg : ObjectCtor(thisArg);
          slots[FN] = closure;
          slots[NEW_TARGET] = newTarget;
        }
        if (nParams > 0) {
          slots[p0] = args[0];
          if (nParams > 1) {
            slots[p1] = args[1];
            for (let i = 2; i < nParams; i++) slots[paramSlots[i]] = args[i];
          }
        }
        return env;
      };
    }
    if (opts.hideParams) {
      const enterScript = enter;
      enter = (closure, thisArg, args, newTarget) => {
        const env = enterScript(closure, thisArg, args, newTarget);
        noteMainScope(rt, scope, env);
        return env;
      };
    }
    if (isAsync && isGenerator) {
      t.call = (_rt, closure, thisArg, args, newTarget) => makeAsyncGenerator(rt, closure, body, enter(closure, thisArg, args, newTarget));
    } else if (isGenerator) {
      t.call = (_rt, closure, thisArg, args, newTarget) => makeGenerator(rt, closure, body, enter(closure, thisArg, args, newTarget));
    } else if (isAsync) {
      t.call = (_rt, closure, thisArg, args, newTarget) => {
        // The parameters are bound inside the async function: a throw there rejects the promise.
        return startAsyncFunction(rt, closure, exprBody, body, () => enter(closure, thisArg, args, newTarget));
      };
    } else if (opts.classConstructor) {
      const derived = !!opts.derived;
      const implicit = !!opts.implicit;
      t.call = (_rt, closure, _thisArg, args, newTarget) => {
        let thisObj: any;
        if (!derived) {
          thisObj = ordinaryCreateThis(rt, newTarget);
          if (closure.fields) closure.fields(thisObj);
        }
        if (implicit) {
          if (!derived) return thisObj;
          const parent = superConstructor(rt, closure);
          const o = rt.construct(parent, args, newTarget);
          if (closure.fields) closure.fields(o);
          return o;
        }
        const env = enter(closure, derived ? UNINITIALIZED : thisObj, args, newTarget);
        const s = body(env);
        if (s !== undefined && s.kind === SignalKind.Return && ((typeof s.value === 'object' && s.value !== null) || typeof s.value === 'function')) return s.value;
        if (derived && s !== undefined && s.kind === SignalKind.Return && s.value !== undefined) {
          rt.throwError('TypeError', 'Derived constructors may only return object or undefined');
        }
        const finalThis = (separate ? env.parent! : env).slots[THIS];
        if (finalThis === UNINITIALIZED) rt.throwError('ReferenceError', "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
        return finalThis;
      };
    } else if (exprBody) {
      t.call = (_rt, closure, thisArg, args, newTarget) => body(enter(closure, thisArg, args, newTarget));
    } else if (onlyReturn !== null) {
      t.call = (_rt, closure, thisArg, args, newTarget) => {
        if (newTarget !== undefined) {
          thisArg = ordinaryCreateThis(rt, newTarget);
          const env = enter(closure, thisArg, args, newTarget);
          const v = body(env);
          if ((typeof v === 'object' && v !== null) || typeof v === 'function') return v;
          return (separate ? env.parent! : env).slots[THIS];
        }
        return body(enter(closure, thisArg, args, newTarget));
      };
    } else {
      t.call = (_rt, closure, thisArg, args, newTarget) => {
        if (newTarget !== undefined) {
          thisArg = ordinaryCreateThis(rt, newTarget);
        }
        const env = enter(closure, thisArg, args, newTarget);
        const s = body(env);
        if (newTarget !== undefined) {
          // [[Construct]] of an ordinary function: the object unless the body returned an object.
          if (s !== undefined && s.kind === SignalKind.Return && ((typeof s.value === 'object' && s.value !== null) || typeof s.value === 'function')) return s.value;
          return (separate ? env.parent! : env).slots[THIS];
        }
        return s !== undefined && s.kind === SignalKind.Return ? s.value : undefined;
      };
    }
    return t;
  } finally {
    c.scope = saved.scope;
    c.strict = savedStrict;
    c.genMode = saved.genMode;
    c.inAsync = saved.inAsync;
    c.inGenerator = saved.inGenerator;
    c.pendingLabels = saved.labels;
  }
}

/** A function making fresh copies of a scope's slot template (an array literal for small scopes, faster than slice). */
function slotsCopier(template: any[]): () => any[] {
  const [t0, t1, t2, t3, t4, t5] = template;
  switch (template.length) {
    case 0:
      return () => [];
    case 1:
      return () => [t0];
    case 2:
      return () => [t0, t1];
    case 3:
      return () => [t0, t1, t2];
    case 4:
      return () => [t0, t1, t2, t3];
    case 5:
      return () => [t0, t1, t2, t3, t4];
    case 6:
      return () => [t0, t1, t2, t3, t4, t5];
  }
  return () => template.slice();
}

/** `[key] = function () {}` in a class body: the field's function is named after the computed key. */
/** Where `static m() {}` starts once `static` (and the blanks or comments after it) is skipped. */
function methodStartAfterStatic(src: string, m: any): number {
  let i = m.start + 'static'.length;
  const stop = m.key.start;
  while (i < stop) {
    if (/\s/.test(src[i])) i++;
    else if (src.startsWith('/*', i)) i = Math.min(stop, src.indexOf('*/', i + 2) < 0 ? stop : src.indexOf('*/', i + 2) + 2);
    else if (src.startsWith('//', i)) { const nl = src.indexOf('\n', i); i = nl < 0 || nl > stop ? stop : nl + 1; }
    else break;
  }
  return i;
}

function isAnonymousFunctionDefinition(n: any): boolean {
  return (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassExpression') && !n.id;
}
function nameComputed(v: any, key: any): void {
  if (typeof v === 'function' && Object.getOwnPropertyDescriptor(v, 'name')?.value === '') Object.defineProperty(v, 'name', { value: functionNameForKey(key), configurable: true });
}

/** SetFunctionName for a property key: symbols become "[description]". */
export function functionNameForKey(k: any): string {
  if (typeof k === 'symbol') return k.description === undefined ? '' : `[${k.description}]`;
  return String(k);
}

/** Creates the realm wrapper for a closure and links it to its host record. */
/** The one host entry of an analysis's guest closures (realm.ts closurePlain...): made once per interpreter. */
const closureEntries = new WeakMap<Interpreter, ClosureEntry>();
function closureEntry(rt: Interpreter): ClosureEntry {
  let e = closureEntries.get(rt);
  if (e === undefined) {
    // rt.inspectCall: a guest [util.inspect.custom] called from inside util.inspect (inspectCustom.ts).
    e = (closure: Closure, thisArg: any, args: any[], newTarget: any) => (rt.inspectCall === null ? rt.invoke(closure, thisArg, args, newTarget, null) : rt.inspectCall(closure, thisArg, args, newTarget));
    closureEntries.set(rt, e);
  }
  return e;
}

/** A class constructor's own host entry (kept out of instantiate, whose locals then need no context). */
function classEntry(rt: Interpreter, closure: Closure): HostEntry {
  return (thisArg: any, args: any[], newTarget: any) => (rt.inspectCall === null ? rt.invoke(closure, thisArg, args, newTarget, null) : rt.inspectCall(closure, thisArg, args, newTarget));
}

export function instantiate(rt: Interpreter, t: FunctionTemplate, env: Env, parentCtor: any = null): Function {
  const closure: Closure = { template: t, env, homeObject: null, fields: null, wrapper: null as any, parentCtor };
  const helpers = rt.realm.helpers;
  let w: Function;
  if (t.classConstructor) w = t.derived ? helpers.derivedClass(classEntry(rt, closure), parentCtor, t.name, t.length) : helpers.baseClass(classEntry(rt, closure), t.name, t.length);
  else if (t.isGenerator) {
    w = helpers.closureSuspendable(closureEntry(rt), closure, t.isAsync ? 'asyncGenerator' : 'generator', t.name, t.length);
    // Generator objects inherit from our %GeneratorPrototype% (its next/return/throw drive the body).
    (w as any).prototype = Object.create(t.isAsync ? rt.asyncGeneratorPrototype : rt.generatorPrototype);
  } else if (t.isAsync) w = helpers.closureSuspendable(closureEntry(rt), closure, 'async', t.name, t.length);
  else if (t.constructible) w = helpers.closurePlain(closureEntry(rt), closure, t.name, t.length);
  else w = helpers.closureMethod(closureEntry(rt), closure, t.name, t.length);
  closure.wrapper = w;
  Slot.set(w, closure);
  if (rt.trace) traceFunctionCreated(rt, t, env);
  return w;
}

export function compileFunctionExpression(c: Compiler, node: any, nameHint = '', kind?: 'method' | 'get' | 'set', isMethod = false): (env: Env) => Function {
  const rt = c.rt;
  const name = node.id ? node.id.name : nameHint || node.__nameHint || '';
  const fkind: FunctionTemplate['kind'] = node.type === 'ArrowFunctionExpression' ? 'arrow' : isMethod || kind ? (kind === 'get' ? 'getter' : kind === 'set' ? 'setter' : 'method') : 'plain';
  // A named function expression sees its own name in a scope of its own.
  if (node.type === 'FunctionExpression' && node.id && !isMethod) {
    const s = new CScope('block', c.scope, false, `function ${name}`);
    s.declare(node.id.name, 'const', node.id).sloppyReadOnly = true;
    c.pushScope(s);
    let t: FunctionTemplate;
    try {
      t = compileFunctionTemplate(c, node, { name, kind: fkind });
    } finally {
      c.popScope();
    }
    return (env) => {
      const inner = rt.newEnv(env, [undefined]);
      const f = instantiate(rt, t, inner);
      inner.slots[0] = f;
      return f;
    };
  }
  const t = compileFunctionTemplate(c, node, { name, kind: fkind });
  return (env) => instantiate(rt, t, env);
}

/** Function declarations: compiled once, instantiated at scope entry. */
export function installFunctionMaker(c: Compiler): void {
  c.functionMaker = (node: any) => {
    const t = compileFunctionTemplate(c, node, { name: node.id ? node.id.name : 'default', kind: 'plain' });
    return (env: Env) => instantiate(c.rt, t, env);
  };
}

// ---- super ----

/** GetSuperConstructor(): the [[Prototype]] of the active class constructor. */
function superConstructor(rt: Interpreter, closure: Closure): any {
  const parent = Object.getPrototypeOf(closure.wrapper);
  if (closure.parentCtor === null || parent === rt.intr.FunctionPrototype) {
    rt.throwError('TypeError', `Super constructor ${closure.parentCtor === null ? 'null' : rt.describe(parent)} of ${closure.template.name || 'anonymous class'} is not a constructor`);
  }
  return parent;
}

function readInternal(c: Compiler, name: string, node: any): Fn {
  const r = c.resolve(name);
  if (!r) throw new Unsupported(node, `'super' keyword unexpected here`);
  return readBinding(c, { ...node, name }, r);
}

export function compileSuperMember(c: Compiler, node: any) {
  const rt = c.rt;
  const fnRead = readInternal(c, '%fn', node);
  const thisRead = readInternal(c, 'this', node);
  // SuperProperty: GetThisBinding() (a ReferenceError before super()) comes before the key.
  const key: Fn = node.computed
    ? ((k) => (env: Env) => {
        thisRead(env);
        return k(env);
      })(c.expr(node.property))
    : ((k) => () => k)(node.property.name);
  const home = (env: Env) => {
    const closure: Closure = fnRead(env);
    const h = closure && closure.homeObject;
    if (!h) rt.throwError('SyntaxError', "'super' keyword unexpected here");
    return Object.getPrototypeOf(h);
  };
  const strict = c.strict;
  return {
    key,
    get: (env: Env, k: any) => {
      const proto = home(env);
      // MakeSuperPropertyReference: RequireObjectCoercible(GetSuperBase()).
      if (proto === null) rt.throwError('TypeError', `Cannot read properties of null (reading '${keyText(k)}')`);
      return Reflect.get(proto, k, thisRead(env));
    },
    set: (env: Env, k: any, v: any) => {
      const proto = home(env);
      if (proto === null) rt.throwError('TypeError', `Cannot set properties of null (setting '${keyText(k)}')`);
      const receiver = thisRead(env);
      if (!strict) Reflect.set(proto, k, v, receiver);
      else {
        // PutValue in strict code throws when [[Set]] fails: a host strict `super[k] = v` with the same
        // base and receiver gives V8's own message.
        Object.setPrototypeOf(superSetter, proto);
        try {
          superSetter.put.call(receiver, k, v);
        } finally {
          Object.setPrototypeOf(superSetter, null);
        }
      }
    },
  };
}

/** Its prototype is set to the super base just before each strict super assignment. */
const superSetter = {
  put(this: any, k: any, v: any) {
    'use strict';
    super[k] = v;
  },
};

export function compileSuperCall(c: Compiler, node: any): Fn {
  const rt = c.rt;
  const fnRead = readInternal(c, '%fn', node);
  const ntRead = readInternal(c, 'new.target', node);
  const thisR = c.resolve('this')!;
  const args = compileArgs(c, node.arguments);
  return (env) => {
    const closure: Closure = fnRead(env);
    const parent = superConstructor(rt, closure);
    const a = args(env);
    rt.currentNode = node;
    const result = rt.construct(parent, a, ntRead(env), node);
    let e = env;
    for (let h = thisR.hops; h > 0; h--) e = e.parent!;
    if (e.slots[thisR.decl.slot] !== UNINITIALIZED) rt.throwError('ReferenceError', 'Super constructor may only be called once');
    e.slots[thisR.decl.slot] = result;
    if (closure.fields) closure.fields(result);
    return result;
  };
}

// ---- private names -------------------------------------------------------------------------
// Private fields live per object; private methods and accessors are one PrivateMethod /
// PrivateAccessor per class evaluation, shared by every instance (as on V8's prototype-like
// brand): an object carries the key only once its brand is added (PrivateMethodOrAccessorAdd).

const privateStore = new WeakMap<object, Map<string, any>>();
let classCounter = 0;
let classEvaluations = 0;

class PrivateMethod {
  constructor(readonly fn: any) {}
}
class PrivateAccessor {
  get: any = undefined;
  set: any = undefined;
}
interface PrivateNameInfo {
  kind: 'field' | 'method' | 'accessor';
  isStatic: boolean;
  /** The class as V8 names it in brand-check messages ("anonymous" without a binding name). */
  className: string;
}
/** Compile-time facts about each private name, for V8's brand-check messages. */
const privateInfo = new Map<string, PrivateNameInfo>();

export function privateKeyOf(c: Compiler, name: string): string {
  for (let s = c.scope; s; s = s.parent) {
    const b = s.bindings.get('#' + name);
    if (b) return b.declNode as string;
  }
  throw new Unsupported(null, `Private field '#${name}' must be declared in an enclosing class`);
}

/**
 * The private name's key for this class evaluation (each evaluation of a class makes new Private
 * Names): read from the class scope's binding, which compileClass fills per evaluation.
 */
export function privateKeyReader(c: Compiler, name: string): (env: Env) => string {
  privateKeyOf(c, name);
  const r = c.resolve('#' + name)!;
  const hops = r.hops;
  const slot = r.decl.slot;
  return (env) => {
    let e = env;
    for (let h = hops; h > 0; h--) e = e.parent!;
    return e.slots[slot];
  };
}

/** Compile-time facts of a per-evaluation key (`<class>#<name>@<evaluation>`). */
function infoOf(key: string): PrivateNameInfo | undefined {
  return privateInfo.get(key.slice(0, key.lastIndexOf('@')));
}

function privateEntry(rt: Interpreter, o: any, key: string, name: string, write: boolean): Map<string, any> {
  const m = (typeof o === 'object' || typeof o === 'function') && o !== null ? privateStore.get(o) : undefined;
  if (m && m.has(key)) return m;
  const info = infoOf(key);
  if (info && info.kind !== 'field') rt.throwError('TypeError', info.isStatic ? `Receiver must be class ${info.className}` : `Receiver must be an instance of class ${info.className}`);
  return rt.throwError('TypeError', write ? `Cannot write private member #${name} to an object whose class did not declare it` : `Cannot read private member #${name} from an object whose class did not declare it`);
}

export function privateGet(rt: Interpreter, o: any, key: string, name: string): any {
  const v = privateEntry(rt, o, key, name, false).get(key);
  if (v instanceof PrivateMethod) return v.fn;
  if (v instanceof PrivateAccessor) {
    if (v.get === undefined) rt.throwError('TypeError', `'#${name}' was defined without a getter`);
    return rt.call(v.get, o, []);
  }
  return v;
}

export function privateSet(rt: Interpreter, o: any, key: string, name: string, value: any): void {
  const m = privateEntry(rt, o, key, name, true);
  const v = m.get(key);
  if (v instanceof PrivateMethod) rt.throwError('TypeError', `Private method '#${name}' is not writable`);
  if (v instanceof PrivateAccessor) {
    if (v.set === undefined) rt.throwError('TypeError', `'#${name}' was defined without a setter`);
    rt.call(v.set, o, [value]);
    return;
  }
  m.set(key, value);
}

export function privateHas(rt: Interpreter, o: any, key: string, name: string): boolean {
  if ((typeof o !== 'object' && typeof o !== 'function') || o === null) rt.throwError('TypeError', `Cannot use 'in' operator to search for '#${name}' in ${o}`);
  const m = privateStore.get(o);
  return !!m && m.has(key);
}

/** PrivateFieldAdd / PrivateMethodOrAccessorAdd: a second add of the same name is V8's TypeError. */
function privateDefine(rt: Interpreter, o: any, key: string, value: any): void {
  let m = privateStore.get(o);
  if (!m) privateStore.set(o, (m = new Map()));
  else if (m.has(key)) {
    const info = infoOf(key);
    rt.throwError('TypeError', info && info.kind !== 'field' ? `Cannot initialize private methods of class ${info.className} twice on the same object` : `Cannot initialize #${key.slice(key.indexOf('#') + 1, key.lastIndexOf('@'))} twice on the same object`);
  }
  m.set(key, value);
}

/** OrdinaryCreateFromConstructor(newTarget, "%Object.prototype%"): the `this` of [[Construct]] for an ordinary function or base class. */
function ordinaryCreateThis(rt: Interpreter, newTarget: any): any {
  let proto = rt.get(newTarget, 'prototype');
  if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) proto = rt.intr.ObjectPrototype;
  return Object.create(proto);
}

// ---- classes -------------------------------------------------------------------------------

export function compileClass(c: Compiler, node: any, nameHint = ''): (env: Env) => any {
  return compileClassEvaluation(c, node, nameHint, false) as (env: Env) => any;
}

/** A class whose heritage or computed keys contain `yield`/`await` (in a suspendable body): the same
 * ClassDefinitionEvaluation as a generator that suspends while evaluating those expressions. */
export function compileClassGen(c: Compiler, node: any, nameHint = ''): GFn {
  return compileClassEvaluation(c, node, nameHint, true) as GFn;
}

function compileClassEvaluation(c: Compiler, node: any, nameHint: string, gen: boolean): ((env: Env) => any) | GFn {
  const rt = c.rt;
  const name = node.id ? node.id.name : nameHint || node.__nameHint || '';
  const classId = ++classCounter;
  const scope = new CScope('class', c.scope, false, `class ${name || '(anonymous)'}`);
  const inner = node.id ? scope.declare(node.id.name, 'const', node.id) : null;
  const privateSlots: [number, string][] = [];
  // Private names are bindings of the class scope whose "declNode" is their unique key.
  for (const m of node.body.body) {
    if (m.key && m.key.type === 'PrivateIdentifier' && !scope.bindings.has('#' + m.key.name)) {
      const b = scope.declare('#' + m.key.name, 'internal', `${classId}#${m.key.name}`);
      scope.template[b.slot] = undefined;
      privateSlots.push([b.slot, `${classId}#${m.key.name}`]);
      privateInfo.set(`${classId}#${m.key.name}`, { kind: m.type === 'PropertyDefinition' ? 'field' : m.kind === 'method' ? 'method' : 'accessor', isStatic: !!m.static, className: node.id ? node.id.name : 'anonymous' });
    }
  }
  const savedStrict = c.strict;
  c.strict = true;
  c.pushScope(scope);
  try {
    const superSuspends = gen && !!node.superClass && c.hasSuspend(node.superClass);
    const superClass = node.superClass && !superSuspends ? c.expr(node.superClass) : null;
    const superClassGen = superSuspends ? c.gexpr(node.superClass) : null;
    const ctorNode = node.body.body.find((m: any) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    const derived = !!node.superClass;
    const ctorTemplate = ctorNode
      ? compileFunctionTemplate(c, ctorNode.value, { name, kind: 'class', classConstructor: true, derived })
      : compileFunctionTemplate(c, { type: 'FunctionExpression', params: [], body: { type: 'BlockStatement', body: [] }, loc: node.loc, start: node.start, end: node.end }, { name, kind: 'class', classConstructor: true, derived, implicit: true });
    ctorTemplate.node = node;

    type ClassEval = { privates: [string, PrivateMethod | PrivateAccessor][]; accessors: Map<string, PrivateAccessor>; fields: { key: any; value: FunctionTemplate | null; priv: string | null; computedName: boolean }[]; statics: ((ctor: any) => void)[] };
    // ClassDefinitionEvaluation step 27: every ClassElementEvaluation in source order (computed keys
    // of methods and fields interleaved); static fields and blocks run afterwards, in order.
    // `k`: the element's key, evaluated by `elementKeys` / `elementGenKeys` just before it.
    type Element = (env: Env, ctor: any, proto: any, ev: ClassEval, k: any) => void;
    const elements: Element[] = [];
    const elementKeys: (((env: Env) => any) | null)[] = [];
    const elementGenKeys: (GFn | null)[] = [];

    // Field initialisers and static blocks run as methods: `this` is the instance (or the class).
    const initializerTemplate = (valueNode: any, fname: string): FunctionTemplate => {
      if (valueNode.type !== 'StaticBlock' && (valueNode.type === 'ArrowFunctionExpression' || valueNode.type === 'FunctionExpression' || valueNode.type === 'ClassExpression') && !valueNode.id) valueNode.__nameHint = fname;
      const fake = valueNode.type === 'StaticBlock'
        ? { type: 'FunctionExpression', params: [], body: { type: 'BlockStatement', body: valueNode.body, loc: valueNode.loc }, loc: valueNode.loc, start: valueNode.start, end: valueNode.end }
        : { type: 'FunctionExpression', params: [], expression: false, body: { type: 'BlockStatement', body: [{ type: 'ReturnStatement', argument: valueNode, loc: valueNode.loc, start: valueNode.start, end: valueNode.end }], loc: valueNode.loc, start: valueNode.start, end: valueNode.end }, loc: valueNode.loc, start: valueNode.start, end: valueNode.end };
      (fake as any).__classInitializer = true;
      return compileFunctionTemplate(c, fake, { name: fname, kind: 'method' });
    };

    for (const m of node.body.body) {
      if (m.type === 'MethodDefinition' && m.kind === 'constructor') continue;
      if (m.type === 'StaticBlock') {
        const t = initializerTemplate(m, 'static');
        elementKeys.push(null);
        elementGenKeys.push(null);
        elements.push((env, _ctor, _proto, ev) =>
          ev.statics.push((ctor) => {
            const f = instantiate(rt, t, env);
            rt.closureOf(f)!.homeObject = ctor;
            rt.call(f, ctor, []);
          }),
        );
        continue;
      }
      const isPrivate = m.key.type === 'PrivateIdentifier';
      const privSlot = isPrivate ? scope.bindings.get('#' + m.key.name)!.slot : -1;
      const keySuspends = gen && m.computed && c.hasSuspend(m.key);
      const key: (env: Env) => any = isPrivate ? (env) => env.slots[privSlot] : keySuspends ? (env) => undefined : propertyKey(c, m);
      elementKeys.push(keySuspends ? null : key);
      elementGenKeys.push(keySuspends ? c.gexpr(m.key) : null);
      const keyName = m.computed ? '' : isPrivate ? '#' + m.key.name : m.key.type === 'Identifier' ? m.key.name : String(m.key.value);
      if (m.type === 'MethodDefinition') {
        // Function#toString shows the definition from its key or modifiers (`static` excluded), as V8.
        m.value.__textStart = m.static ? methodStartAfterStatic(rt.sourceOf(m), m) : m.start;
        const kind = m.kind === 'get' ? 'getter' : m.kind === 'set' ? 'setter' : 'method';
        const t = compileFunctionTemplate(c, m.value, { name: m.kind === 'method' ? keyName : `${m.kind} ${keyName}`, kind });
        elements.push((env, ctor, proto, ev, k) => {
          const target = m.static ? ctor : proto;
          const f = instantiate(rt, t, env);
          rt.closureOf(f)!.homeObject = target;
          if (m.computed) Object.defineProperty(f, 'name', { value: m.kind === 'method' ? functionNameForKey(k) : `${m.kind} ${functionNameForKey(k)}` });
          if (isPrivate) {
            // One PrivateMethod / PrivateAccessor per class evaluation; a get/set pair shares one.
            let element: PrivateMethod | PrivateAccessor;
            if (m.kind === 'method') element = new PrivateMethod(f);
            else {
              const existing = ev.accessors.get(k);
              const acc = existing ?? new PrivateAccessor();
              acc[m.kind as 'get' | 'set'] = f;
              if (existing) return;
              ev.accessors.set(k, acc);
              element = acc;
            }
            if (m.static) privateDefine(rt, ctor, k, element);
            else ev.privates.push([k, element]);
            return;
          }
          if (m.kind === 'get' || m.kind === 'set') {
            // The other half of an accessor pair stays; a data property (a static `length`) is replaced.
            const existing = Reflect.getOwnPropertyDescriptor(target, k);
            const pair = existing && !('value' in existing) ? { get: existing.get, set: existing.set } : {};
            Object.defineProperty(target, k, { ...pair, [m.kind]: f, enumerable: false, configurable: true });
          } else Object.defineProperty(target, k, { value: f, writable: true, enumerable: false, configurable: true });
        });
        continue;
      }
      // PropertyDefinition: the key now (ClassFieldDefinitionEvaluation), the initialiser later.
      const t = m.value ? initializerTemplate(m.value, keyName) : null;
      if (m.static) {
        elements.push((env, _ctor, _proto, ev, k) => {
          ev.statics.push((ctor) => {
            let v: any = undefined;
            if (t) {
              const f = instantiate(rt, t, env);
              rt.closureOf(f)!.homeObject = ctor;
              v = rt.call(f, ctor, []);
            }
            if (isPrivate) privateDefine(rt, ctor, k, v);
            else {
              if (m.computed && m.value && isAnonymousFunctionDefinition(m.value)) nameComputed(v, k);
              Object.defineProperty(ctor, k, { value: v, writable: true, enumerable: true, configurable: true });
            }
          });
        });
      } else {
        elements.push((env, _ctor, _proto, ev, k) => {
          ev.fields.push({ key: k, value: t, priv: isPrivate ? k : null, computedName: m.computed && !!m.value && isAnonymousFunctionDefinition(m.value) });
        });
      }
    }

    const info = scope.info;
    const enter = (outerEnv: Env): Env => {
      const env = rt.newEnv(outerEnv, scope.template.slice(), scope.label, rt.trace ? info : undefined);
      // New Private Names for this evaluation (a class evaluated twice brands its objects apart).
      if (privateSlots.length > 0) {
        const evaluation = ++classEvaluations;
        for (const [slot, key] of privateSlots) env.slots[slot] = `${key}@${evaluation}`;
      }
      return env;
    };
    const checkParent = (parent: any) => {
      if (parent !== null && (typeof parent !== 'function' || !isConstructor(parent))) {
        // A proxy is not asked for its name (its traps are guest code).
        rt.throwError('TypeError', `Class extends value ${utilTypes.isProxy(parent) ? 'function' : rt.describe(parent)} is not a constructor or null`);
      }
    };
    if (gen) {
      return function* (outerEnv: Env) {
        const env = enter(outerEnv);
        let parent: any = null;
        if (node.superClass) {
          parent = superClassGen ? yield* superClassGen(env) : superClass!(env);
          checkParent(parent);
        }
        const ctor = instantiate(rt, ctorTemplate, env, parent);
        rt.closureOf(ctor)!.homeObject = ctor.prototype;
        const ev: ClassEval = { privates: [], accessors: new Map(), fields: [], statics: [] };
        for (let i = 0; i < elements.length; i++) {
          const gk = elementGenKeys[i];
          const k = gk ? toPropertyKey(yield* gk(env)) : elementKeys[i]?.(env);
          elements[i](env, ctor, ctor.prototype, ev, k);
        }
        return finish(env, ctor, ev);
      };
    }
    return (outerEnv: Env) => {
      const env = enter(outerEnv);
      let parent: any = null;
      if (superClass) {
        parent = superClass(env);
        checkParent(parent);
      }
      const ctor = instantiate(rt, ctorTemplate, env, parent);
      rt.closureOf(ctor)!.homeObject = ctor.prototype;
      const ev: ClassEval = { privates: [], accessors: new Map(), fields: [], statics: [] };
      for (let i = 0; i < elements.length; i++) elements[i](env, ctor, ctor.prototype, ev, elementKeys[i]?.(env));
      return finish(env, ctor, ev);
    };
    function finish(env: Env, ctor: any, ev: ClassEval): any {
      const proto = ctor.prototype;
      const closure = rt.closureOf(ctor)!;
      if (ev.privates.length > 0 || ev.fields.length > 0) {
        const { privates, fields } = ev;
        // InitializeInstanceElements: private methods and accessors first, then the fields in order.
        closure.fields = (thisObj: any) => {
          for (const [k, element] of privates) privateDefine(rt, thisObj, k, element);
          for (const f of fields) {
            let v: any = undefined;
            if (f.value) {
              const init = instantiate(rt, f.value, env);
              rt.closureOf(init)!.homeObject = proto;
              v = rt.call(init, thisObj, []);
            }
            if (f.priv) privateDefine(rt, thisObj, f.priv, v);
            else {
              if (f.computedName) nameComputed(v, f.key);
              Object.defineProperty(thisObj, f.key, { value: v, writable: true, enumerable: true, configurable: true });
            }
          }
        };
      }
      if (inner) {
        env.slots[inner.slot] = ctor;
        if (rt.trace) rt.traceBind(env, inner.name, ctor);
      }
      for (const s of ev.statics) s(ctor);
      return ctor;
    }
  } finally {
    c.popScope();
    c.strict = savedStrict;
  }
}
