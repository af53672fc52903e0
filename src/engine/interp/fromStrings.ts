// Code from strings, simulated: direct and indirect `eval`, the Function / GeneratorFunction /
// AsyncFunction / AsyncGeneratorFunction constructors, and string timer callbacks (browser profile).
//
// Invariant: the string is parsed with acorn and compiled by the interpreter's own Compiler like the
// rest of the file, inside the same step and time budgets; it is never handed to V8 (the realm has
// code generation from strings disabled, and nothing here calls a V8 compiler). A parse error becomes
// a guest SyntaxError the program can catch. Nodes of eval'd code carry the position of the call that
// ran it (the hints and the step trace attribute eval'd code to its eval/Function call, never to
// unrelated lines of the file); function nodes keep their own source text for `toString()`.
import * as acorn from 'acorn';
import { Compiler, CScope, unlabel } from './compiler';
import type { Fn } from './compiler';
import { collectVarNames, compileFunctionExpression, installFunctionMaker } from './functions';
import { compileStatementList } from './statements';
import { evalVars, markDynamic } from './dynamic';
import { isFunctionOrClass, walkNodes } from './ast';
import type { Interpreter } from './runtime';
import { Env, Unsupported } from './values';
import { runsOnNode24 } from './runtime';
import { firstUsingDeclaration, markUsingDeclarations, misplacedUsingError } from '../usingDeclarations';

/** The realm's %eval% of each run (a direct eval is a call of `eval` that finds this very function). */
const evalFunctions = new WeakMap<Interpreter, Function>();

/**
 * A browser classic script's top-level declarations are global (the simulation keeps them in the
 * main script's scope): there, global code from strings runs inside that scope, so `setTimeout('n++')`
 * and `Function('return n')` see the script's `var n`.
 */
const scriptScopes = new WeakMap<Interpreter, { scope: CScope | null; env: Env | null }>();
export function useScriptScopeAsGlobal(rt: Interpreter): void {
  scriptScopes.set(rt, { scope: null, env: null });
}
/** Called with the main script's scope when it starts (functions.ts). */
export function noteMainScope(rt: Interpreter, scope: CScope, env: Env): void {
  const s = scriptScopes.get(rt);
  if (s !== undefined && s.env === null) {
    s.scope = scope;
    s.env = env;
  }
}
function globalSite(rt: Interpreter): { scope: CScope | null; env: Env | null } {
  return scriptScopes.get(rt) ?? { scope: null, env: null };
}

// acorn allows `new.target` only inside a function; eval code inside a function may use it too.
// (acorn keeps only the options it knows: the flag is passed beside them; parsing is synchronous.)
let newTargetAllowed = false;
/** The private names of the classes around a direct eval: its text may use them (§19.2.1.1 PerformEval step 10). */
let outerPrivateNames: Set<string> | null = null;
const EvalParser = acorn.Parser.extend(((Base: any) =>
  class extends Base {
    get allowNewDotTarget(): boolean {
      return newTargetAllowed || super.allowNewDotTarget;
    }
    parseTopLevel(node: any): any {
      const names = outerPrivateNames;
      if (names === null || names.size === 0) return super.parseTopLevel(node);
      // The enclosing classes' names as one outer class body: uses of them resolve, others are errors.
      const element = { declared: Object.create(null), used: [] as any[] };
      for (const n of names) element.declared[n] = 'true';
      this.privateNameStack.push(element);
      const program = super.parseTopLevel(node);
      this.privateNameStack.pop();
      for (const id of element.used) if (!names.has(id.name)) this.raise(id.start, `Private field '#${id.name}' must be declared in an enclosing class`);
      return program;
    }
  }) as any);

interface ParseContext {
  rt: Interpreter;
  callNode: any;
  newTarget: boolean;
  superAllowed: boolean;
  privateNames?: Set<string>;
}

/** Parses guest text (bounded by the time budget); a syntax error is thrown as a guest SyntaxError. */
function parseGuest(ctx: ParseContext, src: string): any {
  const rt = ctx.rt;
  let tokens = 0;
  const options: any = {
    ecmaVersion: 'latest',
    sourceType: 'script',
    locations: false,
    allowSuperOutsideMethod: ctx.superAllowed,
    onToken: () => {
      if ((++tokens & 1023) === 0) {
        rt.steps += 1;
        if (Date.now() > rt.deadline) rt.raiseAbort('time-budget', ctx.callNode);
      }
    },
  };
  let program: any;
  newTargetAllowed = ctx.newTarget;
  outerPrivateNames = ctx.privateNames ?? null;
  try {
    program = EvalParser.parse(src, options);
  } catch (e: any) {
    if (e instanceof SyntaxError && typeof (e as any).pos === 'number') {
      const misplaced = misplacedUsingError(String(e.message).replace(/ \(\d+:\d+\)$/, ''), src, (e as any).pos, { line: 1, column: 0 });
      rt.throwError('SyntaxError', misplaced ? misplaced.message.replace(/^SyntaxError: /, '') : v8SyntaxMessage(e, src, (ctx.privateNames?.size ?? 0) > 0));
    }
    throw e;
  } finally {
    newTargetAllowed = false;
    outerPrivateNames = null;
  }
  // `using` declarations: Node 20 (a .js file) has none; Node 24 and Chromium run them (disposal.ts).
  if (/\busing\b/.test(src)) {
    if (!(runsOnNode24(rt) || rt.loop.runtime === 'browser')) {
      const first = firstUsingDeclaration(program);
      if (first) rt.throwError('SyntaxError', `Unexpected identifier '${first.declarations[0].id.name ?? 'using'}'`);
    } else {
      const unsupported = markUsingDeclarations(program);
      if (unsupported) throw new Unsupported(ctx.callNode, unsupported.message.replace(/^Unsupported: /, ''));
    }
  }
  return program;
}


/**
 * V8's error for a misused private name, and where V8 puts it. acorn says "Unexpected token" at a
 * `#x` outside every class, and "Private identifier can only be left side of binary expression" or
 * "Unexpected token" after it for `#x` as an operand inside one. V8 says "Private field '#x' must be
 * declared in an enclosing class" for a name no enclosing class declares (at the start of the token
 * before it, one column: where its parser stood), and "Unexpected identifier '#x'" (at the name) for
 * a private name used as an operand inside a class (`withinClass`: code from strings in a class body).
 */
export function privateNameError(e: any, src: string, withinClass = false): { message: string; pos: number; width: number } | null {
  const m = String(e.message).replace(/ \(\d+:\d+\)( in .*)?$/, '');
  let hash = -1;
  let misuse = false;
  if (/^Private field '#/.test(m)) hash = e.pos;
  else if (m === 'Private identifier can only be left side of binary expression') (hash = e.pos), (misuse = true);
  else if (m === 'Unexpected token') {
    if (src[e.pos] === '#') hash = e.pos;
    else {
      // `#x + 1`: acorn stops at the operator after the name.
      const before = /(^|[^.\s])\s*(#[\p{ID_Start}$_\\][\p{ID_Continue}$\u200c\u200d\\]*)\s*$/u.exec(src.slice(Math.max(0, e.pos - 256), e.pos));
      if (before) (hash = e.pos - before[0].length + before[0].indexOf('#')), (misuse = true);
    }
  }
  if (hash < 0) return null;
  // One pass of the tokenizer up to the name: the token before it, and whether a class body holds it.
  let previous = -1;
  let name = '';
  let inClass = false;
  try {
    const opens: boolean[] = [];
    let classAt = -1;
    for (const t of acorn.tokenizer(src, { ecmaVersion: 'latest', allowHashBang: true }) as any) {
      if (t.start >= hash) {
        if (t.start !== hash || t.type.label !== 'privateId') return null;
        name = t.value;
        inClass = withinClass || opens.includes(true);
        break;
      }
      const label = t.type.label;
      if (label === 'class') classAt = opens.length;
      else if (label === '{' || label === '${' || label === '(' || label === '[') {
        opens.push(label === '{' && classAt === opens.length);
        if (label === '{' && classAt === opens.length - 1) classAt = -1;
      } else if (label === '}' || label === ')' || label === ']') opens.pop();
      previous = t.start;
    }
  } catch {
    return null;
  }
  if (!name) return null;
  if (inClass && (misuse || !/^Private field/.test(m))) return { message: `Unexpected identifier '#${name}'`, pos: hash, width: name.length + 1 };
  return { message: `Private field '#${name}' must be declared in an enclosing class`, pos: previous < 0 ? hash : previous, width: 1 };
}

/** V8's wording for the common acorn errors (the rest keep acorn's, without its "(line:col)"). */
export function v8SyntaxMessage(e: any, src: string, withinClass = false): string {
  // acorn appends the position, and the file when it parsed an imported module (` (1:6) in /x.cjs`).
  const m = String(e.message).replace(/ \(\d+:\d+\)( in .*)?$/, '');
  const privateName = privateNameError(e, src, withinClass);
  if (privateName) return privateName.message;
  if (m === 'Unexpected token' || m.startsWith('Unexpected keyword') || m === 'Unexpected character' || m.startsWith("Unexpected character '")) {
    if (m.startsWith('Unexpected character')) return 'Invalid or unexpected token';
    try {
      const t: any = acorn.tokenizer(src.slice(e.pos), { ecmaVersion: 'latest' }).getToken();
      const label = t.type.label;
      if (label === 'eof') return 'Unexpected end of input';
      if (label === 'name') return `Unexpected identifier '${t.value}'`;
      if (label === 'num') return 'Unexpected number';
      if (label === 'string') return 'Unexpected string';
      if (label === 'template' || label === '`') return 'Unexpected template string';
      return `Unexpected token '${src.slice(e.pos + t.start, e.pos + t.end)}'`;
    } catch {
      return 'Invalid or unexpected token';
    }
  }
  // A label that names no enclosing statement: acorn says "Unsyntactic", V8 names the label.
  const label = /^Unsyntactic (break|continue)/.test(m) ? /^(?:break|continue)[ \t]+([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)/u.exec(src.slice(e.pos)) : null;
  if (label) {
    // `continue a` where `a:` labels a block (acorn found the label, just not on a loop).
    const labelled = m.startsWith('Unsyntactic continue') && new RegExp(`(^|[^\\w$.])${label[1].replace(/\$/g, '\\$')}\\s*:(?!:)`).test(src.slice(0, e.pos));
    return labelled ? `Illegal continue statement: '${label[1]}' does not denote an iteration statement` : `Undefined label '${label[1]}'`;
  }
  if (m === 'Invalid number' && /^0[0-7]*[89]/.test(src.slice(e.pos))) return 'Decimals with leading zeros are not allowed in strict mode.';
  if (m === 'Invalid number' && /^0[0-7]/.test(src.slice(e.pos))) return 'Octal literals are not allowed in strict mode.';
  const table: [RegExp, string][] = [
    [/^Unterminated string constant/, 'Invalid or unexpected token'],
    [/^Duplicate constructor in the same class/, 'A class may only have one constructor'],
    [/^Unterminated template/, 'Unterminated template literal'],
    [/^Unterminated regular expression/, 'Invalid regular expression: missing /'],
    [/^'return' outside of function/, 'Illegal return statement'],
    [/^'with' in strict mode/, 'Strict mode code may not include a with statement'],
    [/^Assigning to rvalue/, 'Invalid left-hand side in assignment'],
    [/^Octal literal in strict mode/, 'Octal literals are not allowed in strict mode.'],
    [/^Deleting local variable in strict mode/, 'Delete of an unqualified identifier in strict mode.'],
    [/^Unsyntactic break/, 'Illegal break statement'],
    [/^Unsyntactic continue/, 'Illegal continue statement: no surrounding iteration statement'],
    [/^'new\.target' can only be used/, 'new.target expression is not allowed here'],
    [/^'super' keyword outside a method/, "'super' keyword unexpected here"],
    [/^Binding (eval|arguments) in strict mode/, 'Unexpected eval or arguments in strict mode'],
    [/^Assigning to (eval|arguments) in strict mode/, 'Unexpected eval or arguments in strict mode'],
    [/^Cannot use keyword 'await' outside an async function/, 'await is only valid in async functions and the top level bodies of modules'],
    [/^The keyword '(\w+)' is reserved/, 'Unexpected strict mode reserved word'],
    [/^Unexpected reserved word/, 'Unexpected reserved word'],
  ];
  for (const [re, v8] of table) if (re.test(m)) return v8;
  return m;
}

/**
 * Gives every node of guest text the position of the call that compiled it, keeping the source text
 * of functions and classes (for `toString()`) — bounded by the time budget like the parse.
 */
function attribute(rt: Interpreter, root: any, src: string, callNode: any): void {
  // The call's first argument (the code, usually a string literal): a position no identifier of the
  // file starts at, so the hoisting hints never take eval'd references for the file's own.
  const site = callNode && Array.isArray(callNode.arguments) && callNode.arguments.length > 0 && callNode.arguments[0].loc ? callNode.arguments[0] : callNode;
  const at = site && site.loc ? site : { start: 0, end: 0, loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } };
  let n = 0;
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    if (typeof node.type !== 'string') return;
    if ((++n & 4095) === 0 && Date.now() > rt.deadline) rt.raiseAbort('time-budget', callNode);
    if (isFunctionOrClass(node)) node.__text = src.slice(node.start, node.end);
    for (const k in node) if (k !== 'loc') visit(node[k]);
    node.start = at.start;
    node.end = at.end;
    node.loc = at.loc;
  };
  visit(root);
}

function hasUseStrict(body: any[]): boolean {
  for (const st of body) {
    if (st.type !== 'ExpressionStatement' || typeof st.directive !== 'string') break;
    if (st.directive === 'use strict') return true;
  }
  return false;
}

// ---- completion values (§8.4 / UpdateEmpty) -------------------------------------------------------

const COMPLETION = '%completion';
/** Statements that produce a value even when their body produced none (UpdateEmpty(..., undefined)). */
const RESETS = new Set(['IfStatement', 'WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'TryStatement', 'WithStatement']);

/** Rewrites eval code so that its completion value ends up in the `%completion` binding; returns the
 * internal names it uses besides (one per `finally`). */
function recordCompletions(list: any[]): string[] {
  const temps: string[] = [];
  const id = (n: any, name = COMPLETION) => ({ type: 'Identifier', name, start: n.start, end: n.end, loc: n.loc });
  const set = (n: any, value: any, name = COMPLETION) => ({
    type: 'ExpressionStatement',
    expression: { type: 'AssignmentExpression', operator: '=', left: id(n, name), right: value, start: n.start, end: n.end, loc: n.loc },
    start: n.start,
    end: n.end,
    loc: n.loc,
  });
  const stmt = (n: any): any => {
    if (!n) return n;
    switch (n.type) {
      case 'ExpressionStatement':
        // Parenthesized: `eval('(function () {})')` gets no name from the internal binding.
        return { ...set(n, { type: 'ParenthesizedExpression', expression: n.expression, start: n.start, end: n.end, loc: n.loc }), directive: n.directive };
      case 'BlockStatement':
        n.body = n.body.map(stmt);
        return n;
      case 'LabeledStatement':
        n.body = stmt(n.body);
        return RESETS.has(unlabel(n).type) ? reset(n) : n;
      case 'IfStatement':
        n.consequent = stmt(n.consequent);
        n.alternate = stmt(n.alternate);
        return reset(n);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WithStatement':
        n.body = stmt(n.body);
        return reset(n);
      case 'SwitchStatement':
        for (const k of n.cases) k.consequent = k.consequent.map(stmt);
        return reset(n);
      case 'TryStatement':
        n.block = stmt(n.block);
        if (n.handler) n.handler.body = stmt(n.handler.body);
        // The finally block's value does not replace the completion (§14.15.3) unless the block ends
        // abruptly (break/continue): then it is the finally's own value, UpdateEmpty(F, undefined).
        if (n.finalizer) {
          const saved = `%finally${temps.length}`;
          temps.push(saved);
          const f = n.finalizer;
          const body = f.body.map(stmt);
          f.body = [set(f, id(f), saved), set(f, id(f, 'undefined')), ...body, set(f, id(f, saved))];
        }
        return reset(n);
    }
    return n;
  };
  const reset = (n: any) => ({ type: 'BlockStatement', body: [set(n, { type: 'Identifier', name: 'undefined', start: n.start, end: n.end, loc: n.loc }), n], start: n.start, end: n.end, loc: n.loc });
  for (let i = 0; i < list.length; i++) list[i] = stmt(list[i]);
  return temps;
}

// ---- eval ------------------------------------------------------------------------------------

interface CompiledEval {
  run: (env: Env | null) => any;
}

function varScopeOf(site: CScope | null): { scope: CScope | null; hops: number } {
  let hops = 0;
  let s = site;
  while (s && !s.isFunction) {
    s = s.parent;
    hops++;
  }
  return { scope: s, hops };
}

/**
 * PerformEval (§19.2.1.1) + EvalDeclarationInstantiation (§19.2.1.3). `site`: the caller's scope
 * (direct eval) or null (indirect: the global scope).
 */
function compileEval(rt: Interpreter, code: string, site: CScope | null, callerStrict: boolean, direct: boolean, callNode: any, superAllowed = false): CompiledEval {
  const inFunction = direct && site !== null && resolves(site, 'new.target');
  // Strict callers parse the text as strict code: a directive in front (dropped again below).
  const prefix = direct && callerStrict ? "'use strict';" : '';
  const src = prefix + code;
  const program = parseGuest({ rt, callNode, newTarget: inFunction, superAllowed, privateNames: direct ? privateNamesAt(site) : undefined }, src);
  const body: any[] = program.body;
  // Additional early errors for eval in a class field initializer (§19.2.1.1 step 11, ContainsArguments).
  if (direct && inFieldInitializer(site) && containsArguments(body)) rt.throwError('SyntaxError', "'arguments' is not allowed in class field initializer or static initialization block");
  if (prefix) body.shift();
  const strict = (direct && callerStrict) || hasUseStrict(body);
  attribute(rt, program, src, callNode);

  const c = new Compiler(rt, src);
  installFunctionMaker(c);
  if (rt.moduleContextOf !== null) c.moduleContext = rt.moduleContextOf(callNode);
  c.strict = strict;
  const lex = new CScope('block', site, false, 'eval code');
  const completion = lex.declare(COMPLETION, 'internal', null);
  const thisSlot = direct ? -1 : lex.declare('this', 'internal', null).slot;
  // Strict eval code keeps its vars and functions to itself; sloppy eval code declares them in the
  // caller's variable environment (a function scope, or the global object).
  c.declareLexical(lex, body, strict);
  const vars = { names: [] as any[], loopVars: new Set<any>(), annexB: [] as any[] };
  collectVarNames(body, vars);
  const functions: any[] = [];
  for (const item of body) {
    const st = unlabel(item);
    if (st.type === 'FunctionDeclaration' && st.id) functions.push(st);
  }
  let declareVars: (lexEnv: Env, env: Env | null) => void = () => undefined;
  c.scope = lex;
  try {
    if (strict) {
      for (const id of vars.names) lex.declare(id.name, 'var', id);
    } else {
      const names = new Set<string>(vars.names.map((id: any) => id.name));
      for (const f of functions) names.add(f.id.name);
      const target = direct ? varScopeOf(site) : { scope: null, hops: 0 };
      // A var of the eval code may not redeclare a let/const/class of an enclosing scope up to the
      // variable environment (§19.2.1.3 step 3).
      const conflicts = (name: string): boolean => {
        for (let s = direct ? site : null; s; s = s.parent) {
          const b = s.bindings.get(name);
          if (b && (b.kind === 'let' || b.kind === 'const' || b.kind === 'class')) return true;
          if (b || s === target.scope) break;
        }
        return false;
      };
      for (const name of names) if (conflicts(name)) rt.throwError('SyntaxError', `Identifier '${name}' has already been declared`);
      // Annex B (B.3.2.3): functions in blocks are var-declared too, unless that would conflict; evaluating
      // the declaration assigns that var (statements.ts calls __annexBEval).
      const annexB = new Set<string>();
      for (const id of vars.annexB) if (!lex.bindings.has(id.name) && !names.has(id.name) && !conflicts(id.name)) annexB.add(id.name);
      for (const n of annexB) names.add(n);
      if (annexB.size > 0) markEvalAnnexB(body, annexB, target, rt);
      const makers = functions.map((f) => ({ name: f.id.name, make: c.functionMaker(f) }));
      if (target.scope !== null) {
        const scope = target.scope;
        markDynamic(c, scope, 'vars');
        const dynamicNames = [...names].filter((n) => !scope.bindings.has(n));
        const hops = target.hops;
        // Functions whose name has a static binding in the variable scope are stored in that slot.
        const fnTargets = makers.map((m) => {
          const b = scope.bindings.get(m.name);
          return { ...m, slot: b && b.kind !== 'internal' ? b.slot : -1 };
        });
        declareVars = (lexEnv, env) => {
          let varEnv = env!;
          for (let h = hops; h > 0; h--) varEnv = varEnv.parent!;
          if (dynamicNames.length > 0) {
            const m = evalVars(varEnv, true)!;
            for (const n of dynamicNames) if (!m.has(n)) m.set(n, undefined);
          }
          for (const f of fnTargets) {
            const fn = f.make(lexEnv);
            if (f.slot >= 0) varEnv.slots[f.slot] = fn;
            else evalVars(varEnv, true)!.set(f.name, fn);
          }
        };
      } else {
        // Global code: CreateGlobalVarBinding / CreateGlobalFunctionBinding (configurable: eval'd).
        const g = rt.global;
        const varNames = [...names].filter((n) => !makers.some((m) => m.name === n));
        declareVars = (lexEnv) => {
          for (const f of makers) {
            const fn = f.make(lexEnv);
            const d = Reflect.getOwnPropertyDescriptor(g, f.name);
            if (!d || d.configurable) Reflect.defineProperty(g, f.name, { value: fn, writable: true, enumerable: true, configurable: true });
            else g[f.name] = fn;
          }
          for (const n of varNames) if (!Reflect.getOwnPropertyDescriptor(g, n)) Reflect.defineProperty(g, n, { value: undefined, writable: true, enumerable: true, configurable: true });
        };
      }
    }
    for (const temp of recordCompletions(body)) lex.declare(temp, 'internal', null);
    const enter = c.enterScope(lex);
    const run: Fn = compileStatementList(c, body);
    const slot = completion.slot;
    return {
      run: (env) => {
        const lexEnv = enter(env as Env);
        if (thisSlot >= 0) lexEnv.slots[thisSlot] = rt.global;
        declareVars(lexEnv, env);
        run(lexEnv);
        return lexEnv.slots[slot];
      },
    };
  } finally {
    c.scope = null;
  }
}

/** Block-level functions of sloppy eval code that also assign the eval's var of their name (Annex B.3.2.3). */
function markEvalAnnexB(body: any[], names: Set<string>, target: { scope: CScope | null }, rt: Interpreter): void {
  const g = rt.global;
  const visit = (n: any, inBlock: boolean): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x, inBlock);
      return;
    }
    if (typeof n.type !== 'string') return;
    if (n.type === 'FunctionDeclaration') {
      if (inBlock && n.id && names.has(n.id.name) && !n.async && !n.generator) {
        n.__annexB = true;
        n.__annexBEval = (c: Compiler, node: any): Fn => {
          const name = node.id.name;
          const r = c.resolve(name)!;
          let hops = 0;
          for (let s = c.scope; s && s !== target.scope; s = s.parent) hops++;
          return (env) => {
            let e = env;
            for (let h = r.hops; h > 0; h--) e = e.parent!;
            const v = e.slots[r.decl.slot];
            if (target.scope === null) g[name] = v;
            else {
              let ve = env;
              for (let h = hops; h > 0; h--) ve = ve.parent!;
              const b = target.scope.bindings.get(name);
              if (b) ve.slots[b.slot] = v;
              else evalVars(ve, true)!.set(name, v);
            }
            return undefined;
          };
        };
      }
      return;
    }
    if (isFunctionOrClass(n)) return;
    for (const k in n) if (k !== 'loc') visit(n[k], inBlock || n.type === 'BlockStatement' || n.type === 'SwitchCase' || n.type === 'IfStatement');
  };
  for (const st of body) if (unlabel(st).type !== 'FunctionDeclaration') visit(st, false);
}

function privateNamesAt(s: CScope | null): Set<string> {
  const names = new Set<string>();
  for (; s; s = s.parent) if (s.kind === 'class') for (const n of s.bindings.keys()) if (n.startsWith('#')) names.add(n.slice(1));
  return names;
}

/** Is the function whose `this` the eval site sees (arrows skipped) a class field initializer? */
function inFieldInitializer(s: CScope | null): boolean {
  for (; s; s = s.parent) if (s.kind === 'function' && !s.isArrowFunction) return s.bindings.has('%initializer');
  return false;
}

/** ContainsArguments: an `arguments` reference outside nested non-arrow functions and methods. */
function containsArguments(root: any): boolean {
  let found = false;
  walkNodes(root, (n) => {
    if (found || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return false;
    if (n.type === 'Identifier' && n.name === 'arguments') found = true;
    // A property name is no reference: only the object of `o.arguments`, the value of `{ arguments: v }`.
    else if (n.type === 'MemberExpression' && !n.computed) found = containsArguments(n.object);
    else if ((n.type === 'Property' || n.type === 'PropertyDefinition') && !n.computed) found = containsArguments(n.value);
    else return true;
    return false;
  });
  return found;
}

function resolves(s: CScope | null, name: string): boolean {
  for (; s; s = s.parent) if (s.bindings.has(name)) return true;
  return false;
}

const MAX_CACHED = 32;

/** `eval(...)`, except `eval(...args)` alone, which V8 makes an indirect eval (`eval(s, ...rest)` stays direct). */
export function isDirectEvalSyntax(node: any): boolean {
  const a = node.arguments;
  return node.callee.type === 'Identifier' && node.callee.name === 'eval' && !node.optional && !(a.length === 1 && a[0].type === 'SpreadElement');
}

/** A call `eval(...)`: direct if `eval` is the realm's %eval% at run time (§13.3.6.1 step 6). */
export function compileDirectEval(c: Compiler, node: any, callee: (env: Env) => any, args: (env: Env) => any[]): Fn {
  const rt = c.rt;
  const call = directEvalCall(c, node);
  return (env) => {
    const ft = callee(env);
    const a = args(env);
    rt.currentNode = node;
    return call(env, ft[0], ft[1], a);
  };
}

/** The call of an `eval(...)` whose callee and arguments are evaluated: a direct eval or an ordinary call. */
export function directEvalCall(c: Compiler, node: any): (env: Env, f: any, thisArg: any, a: any[]) => any {
  const rt = c.rt;
  const site = c.scope;
  const strict = c.strict;
  const cache = new Map<string, CompiledEval>();
  // `super` is valid in eval code only inside a method (a function with a home object).
  const fn = c.resolve('%fn');
  const inMethod = (env: Env): boolean => {
    if (fn === null) return false;
    let e = env;
    for (let h = fn.hops; h > 0; h--) e = e.parent!;
    const closure = e.slots[fn.decl.slot];
    return !!closure && closure.homeObject != null;
  };
  return (env, f, thisArg, a) => {
    if (f !== evalFunctions.get(rt) || f === undefined) return rt.call(f, thisArg, a, node);
    if (a.length === 0) return undefined;
    const x = a[0];
    if (typeof x !== 'string') return x;
    const superAllowed = inMethod(env);
    const key = (superAllowed ? 's' : '-') + x;
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compileEval(rt, x, site, strict, true, node, superAllowed);
      // Not a text with a template: each eval parses anew, so each has its own tagged-template sites
      // (GetTemplateObject caches per Parse Node).
      if (cache.size < MAX_CACHED && !x.includes('`')) cache.set(key, compiled);
    }
    return compiled.run(env);
  };
}

/** Indirect eval: global code, sloppy unless the text says otherwise. */
export function indirectEval(rt: Interpreter, x: any): any {
  if (typeof x !== 'string') return x;
  const g = globalSite(rt);
  return compileEval(rt, x, g.scope, false, false, rt.callNode ?? rt.currentNode).run(g.env);
}

// ---- Function constructors (§20.2.1.1.1 CreateDynamicFunction) --------------------------------------

type DynamicKind = 'normal' | 'generator' | 'async' | 'asyncGenerator';
const PREFIX: Record<DynamicKind, string> = { normal: 'function', generator: 'function*', async: 'async function', asyncGenerator: 'async function*' };

function createDynamicFunction(rt: Interpreter, ctor: Function, kind: DynamicKind, args: any[], newTarget: any): Function {
  const n = args.length;
  // ToString of every argument, in order (a Symbol throws the TypeError V8 throws).
  const strs: string[] = [];
  for (let i = 0; i < n; i++) strs.push(`${args[i]}`);
  const bodyText = n > 0 ? strs[n - 1] : '';
  const paramsText = strs.slice(0, -1).join(',');
  const head = `(${PREFIX[kind]} anonymous(${paramsText}\n) `;
  const src = `${head}{\n${bodyText}\n})`;
  const callNode = rt.callNode ?? rt.currentNode;
  const ctx = { rt, callNode, newTarget: false, superAllowed: false };
  // V8 parses the parameters on their own first.
  if (n > 1) {
    try {
      parseGuest(ctx, `(${PREFIX[kind]} (${paramsText}\n) {})`);
    } catch (e: any) {
      if (e instanceof rt.intr.SyntaxError) rt.throwError('SyntaxError', /comment/i.test(e.message) ? 'Unexpected end of arg string' : 'Arg string terminates parameters early');
      throw e;
    }
  }
  const program = parseGuest(ctx, src);
  // The parameters and the body must each be what they claim: text that closes the parameter list or
  // the body early (`'a) {}; (function ('`, a comment swallowing the `)`) is a SyntaxError, as in V8.
  const st = program.body.length === 1 ? program.body[0] : null;
  const fn = st && st.type === 'ExpressionStatement' ? st.expression : null;
  if (!fn || fn.type !== 'FunctionExpression' || fn.start !== 1 || fn.end !== src.length - 1 || fn.body.start !== head.length) {
    rt.throwError('SyntaxError', 'Single function literal required');
  }
  attribute(rt, program, src, callNode);
  fn.id = null;
  const c = new Compiler(rt, src);
  installFunctionMaker(c);
  if (rt.moduleContextOf !== null) c.moduleContext = rt.moduleContextOf(callNode);
  const g = globalSite(rt);
  c.scope = g.scope;
  const make = compileFunctionExpression(c, fn, 'anonymous');
  c.scope = null;
  const f = make(g.env ?? rt.newEnv(null, []));
  if (newTarget !== undefined && newTarget !== ctor) {
    const proto = rt.get(newTarget, 'prototype');
    if ((typeof proto === 'object' || typeof proto === 'function') && proto !== null) Object.setPrototypeOf(f, proto);
  }
  return f;
}

// ---- installation ----------------------------------------------------------------------------

/**
 * Installs %eval% and the four function constructors as realm natives: `Function`,
 * `Function.prototype.constructor` and the `constructor` of the (realm's own) GeneratorFunction,
 * AsyncFunction and AsyncGeneratorFunction prototypes all lead here, never to V8's compilers.
 */
export function installCodeFromStrings(rt: Interpreter): { eval: Function; stringCallback: (code: string) => Function } {
  const g = rt.global;
  const intr = rt.intr;
  const define = (o: any, k: string, value: any) => Object.defineProperty(o, k, { value, writable: true, enumerable: false, configurable: true });
  const evalFn = rt.native('eval', 1, (_t, args) => indirectEval(rt, args[0]));
  evalFunctions.set(rt, evalFn);
  define(g, 'eval', evalFn);
  const helpers = rt.realm.helpers;
  const protoOf = (k: 'generator' | 'async' | 'asyncGenerator') => Object.getPrototypeOf(helpers.suspendable(() => undefined, k, '', 0));
  const ctors: [DynamicKind, string, any][] = [
    ['normal', 'Function', intr.FunctionPrototype],
    ['generator', 'GeneratorFunction', protoOf('generator')],
    ['async', 'AsyncFunction', protoOf('async')],
    ['asyncGenerator', 'AsyncGeneratorFunction', protoOf('asyncGenerator')],
  ];
  let FunctionCtor: any = null;
  for (const [kind, name, proto] of ctors) {
    const ctor: any = helpers.nativeCtor((_t, args, newTarget) => createDynamicFunction(rt, ctor, kind, Array.from(args), newTarget), name, 1);
    Object.defineProperty(ctor, 'prototype', { value: proto, writable: false, enumerable: false, configurable: false });
    Object.defineProperty(proto, 'constructor', { value: ctor, writable: false, enumerable: false, configurable: true });
    if (kind === 'normal') {
      FunctionCtor = ctor;
      define(proto, 'constructor', ctor);
      define(g, 'Function', ctor);
    } else Object.setPrototypeOf(ctor, FunctionCtor);
  }
  return {
    eval: evalFn,
    // HTML's timer initialisation steps: a string handler is compiled as a classic script when the timer fires.
    stringCallback: (code: string) => rt.native('', 0, () => {
      indirectEval(rt, code);
      return undefined;
    }),
  };
}
