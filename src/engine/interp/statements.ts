// Statement handlers, named after ESTree node types. A statement returns `undefined` on normal
// completion or a Signal (break / continue / return). Every statement is one interpreter step.
import type { Interpreter } from './runtime';
import type { Compiler, Fn, GFn, Resolved } from './compiler';
import { CScope, patternIdentifiers, unlabel } from './compiler';
import { DISPOSAL_SLOT, Env, GeneratorReturn, HOISTED_UNDEFINED, HostSignal, Signal, SignalKind, Unsupported } from './values';
import { NORMAL, type Completion } from './disposal';
import { fusedAfter, fusedAwaitParts, fusedBefore, gExpressionStatementFused, gnamedValue, identifierWriter, namedValue, writeBinding, writesObserved } from './expressions';
import type { FusedAwait } from './expressions';
import { compileAssignPattern, compileAssignPatternGen } from './patterns';
import { compileClass, compileClassGen } from './functions';
import { AWAIT, asyncFromSyncResult } from './suspend';
import { isFunctionOrClass, someNode } from './ast';
import { compileWith, dynamicScopesFor, gcompileWith } from './dynamic';

type Handler = (c: Compiler, node: any) => Fn;
type GHandler = (c: Compiler, node: any) => GFn;

const BREAK = new Signal(SignalKind.Break, null, undefined);
const CONTINUE = new Signal(SignalKind.Continue, null, undefined);
const labelSignals = new Map<string, { brk: Signal; cont: Signal }>();
function labelSignal(label: string) {
  let s = labelSignals.get(label);
  if (!s) labelSignals.set(label, (s = { brk: new Signal(SignalKind.Break, label, undefined), cont: new Signal(SignalKind.Continue, label, undefined) }));
  return s;
}

const NOT_STEPPED = new Set(['BlockStatement', 'EmptyStatement', 'FunctionDeclaration']);

/** A statement with its step: counts toward budgets, records the trace, sets the current node. */
export function stepped(c: Compiler, node: any): Fn {
  const rt = c.rt;
  if (node.type === 'ExpressionStatement') {
    // The step and the statement in one closure: one call less for the commonest statement.
    const outer = c.statement;
    c.statement = node;
    let e: Fn;
    try {
      e = c.expr(node.expression);
    } finally {
      c.statement = outer;
    }
    return (env) => {
      rt.currentNode = node;
      if (++rt.steps >= rt.checkAt) rt.check(node, env);
      e(env);
      return undefined;
    };
  }
  const f = c.stmt(node);
  if (NOT_STEPPED.has(node.type)) return f;
  return (env) => {
    rt.currentNode = node;
    if (++rt.steps >= rt.checkAt) rt.check(node, env);
    return f(env);
  };
}

export function gstepped(c: Compiler, node: any): GFn {
  if (!c.hasSuspend(node)) {
    const f = stepped(c, node);
    return function* (env) {
      return f(env);
    };
  }
  const rt = c.rt;
  if (node.type === 'ExpressionStatement') {
    const fused = gExpressionStatementFused(c, node);
    if (fused !== null) return fused;
    // The step and the statement in one generator (a statement that awaits resumes through one less).
    const e = c.gexpr(node.expression);
    return function* (env) {
      rt.currentNode = node;
      if (++rt.steps >= rt.checkAt) rt.check(node, env);
      yield* e(env);
      return undefined;
    };
  }
  const f = c.gstmt(node);
  if (NOT_STEPPED.has(node.type)) return f;
  // Not a generator of its own: callers `yield*` the result at once, so the step taken when this is
  // called is taken when a wrapping generator would have taken it, and resumes pass one level less.
  return (env) => {
    rt.currentNode = node;
    if (++rt.steps >= rt.checkAt) rt.check(node, env);
    return f(env);
  };
}

export function compileStatementList(c: Compiler, body: any[]): Fn {
  const run = statementList(c, body);
  return body.some(isUsingDeclaration) ? disposingList(c, run) : run;
}

function statementList(c: Compiler, body: any[]): Fn {
  const fs: Fn[] = body.filter((s) => s.type !== 'FunctionDeclaration' || !s.id || isAnnexB(c, s)).map((s) => stepped(c, s));
  if (fs.length === 0) return () => undefined;
  if (fs.length === 1) return fs[0];
  return (env) => {
    for (let i = 0; i < fs.length; i++) {
      const s = fs[i](env);
      if (s !== undefined) return s;
    }
    return undefined;
  };
}

export function gcompileStatementList(c: Compiler, body: any[]): GFn {
  const run = gstatementList(c, body);
  return body.some(isUsingDeclaration) ? gdisposingList(c, run, body.find(isUsingDeclaration)) : run;
}

function gstatementList(c: Compiler, body: any[]): GFn {
  const list = body.filter((s) => s.type !== 'FunctionDeclaration' || !s.id || isAnnexB(c, s));
  // Statements that cannot suspend run as plain closures, without a generator each time; the
  // commonest awaiting statements run inline (fusedAwaitOf).
  const plain: (Fn | null)[] = [];
  const gens: (GFn | null)[] = [];
  const fused: (FusedAwait | null)[] = [];
  for (const s of list) {
    const suspends = c.hasSuspend(s);
    const fa = suspends && list.length > 1 ? fusedAwaitOf(c, s) : null;
    plain.push(suspends ? null : stepped(c, s));
    fused.push(fa);
    gens.push(suspends && fa === null ? gstepped(c, s) : null);
  }
  if (list.length === 1 && gens[0] !== null) return gens[0];
  const rt = c.rt;
  return function* (env) {
    let st: [any, any] | undefined;
    for (let i = 0; i < plain.length; i++) {
      const p = plain[i];
      if (p !== null) {
        const s = p(env);
        if (s !== undefined) return s;
        continue;
      }
      const fa = fused[i];
      if (fa === null) {
        const s = yield* gens[i]!(env);
        if (s !== undefined) return s;
        continue;
      }
      st ??= [undefined, undefined];
      const v = yield AWAIT(fusedBefore(rt, fa, env, st), fa.awaitNode);
      fusedAfter(fa, env, st, v);
    }
    return undefined;
  };
}

// ---- `using` declarations (disposal.ts) ---------------------------------------------------------

const isUsingDeclaration = (s: any): boolean => s.type === 'VariableDeclaration' && s.disposal !== undefined;

function envAt(env: Env, hops: number): Env {
  let e = env;
  for (let h = hops; h > 0; h--) e = e.parent!;
  return e;
}

/** The DisposeCapability of the statement list being compiled, made on first use in each entry of its scope. */
function disposeCapability(c: Compiler): (env: Env, create: boolean) => any[] | undefined {
  const r = c.resolve(DISPOSAL_SLOT);
  if (!r) throw new Error('internal: a using declaration outside a scope that has a DisposeCapability');
  const hops = r.hops;
  const slot = r.decl.slot;
  return (env, create) => {
    const e = envAt(env, hops);
    let capability = e.slots[slot];
    if (capability === undefined && create) capability = e.slots[slot] = [];
    return capability;
  };
}

/**
 * `using a = e1, b = e2`: each binding initialized, then AddDisposableResource of its value
 * (ES2026 14.3.1.2, BindingEvaluation with hint sync-dispose; `await using`: async-dispose).
 */
function usingDeclaration(c: Compiler, node: any): Fn {
  const rt = c.rt;
  const hint = node.disposal;
  const capability = disposeCapability(c);
  const parts: Fn[] = node.declarations.map((d: any): Fn => {
    const write = writeBinding(c, d.id, c.resolve(d.id.name)!, true);
    const value = namedValue(c, d.init, d.id);
    return (env) => {
      const v = value(env);
      write(env, v);
      rt.currentNode = d;
      rt.disposal!.add(capability(env, true)!, v, hint);
    };
  });
  return (env) => {
    for (let i = 0; i < parts.length; i++) parts[i](env);
    return undefined;
  };
}

function gusingDeclaration(c: Compiler, node: any): GFn {
  const rt = c.rt;
  const hint = node.disposal;
  const capability = disposeCapability(c);
  const parts: GFn[] = node.declarations.map((d: any): GFn => {
    const write = writeBinding(c, d.id, c.resolve(d.id.name)!, true);
    const value = gnamedValue(c, d.init, d.id);
    return function* (env) {
      const v = yield* value(env);
      write(env, v);
      rt.currentNode = d;
      rt.disposal!.add(capability(env, true)!, v, hint);
    };
  });
  return function* (env) {
    for (const p of parts) yield* p(env);
    return undefined;
  };
}

/**
 * A statement list with `using` declarations: DisposeResources of its capability with the list's
 * completion (ES2026 14.2.2 Block evaluation step 5 / FunctionBody), whatever that was. A throw is
 * the pending error of a SuppressedError; a return, break or continue goes on unless a dispose
 * throws; a generator's return() (GeneratorReturn) too. A HostSignal runs no dispose.
 */
function disposingList(c: Compiler, run: Fn): Fn {
  const rt = c.rt;
  const capabilityOf = disposeCapability(c);
  return (env) => {
    let result: any;
    try {
      result = run(env);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      return afterDisposal(rt, capabilityOf(env, false), true, e);
    }
    return afterDisposal(rt, capabilityOf(env, false), false, result);
  };
}

function gdisposingList(c: Compiler, run: GFn, firstUsing: any): GFn {
  const rt = c.rt;
  const capabilityOf = disposeCapability(c);
  return function* (env) {
    let result: any;
    try {
      result = yield* run(env);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      return yield* gafterDisposal(rt, capabilityOf(env, false), true, e, firstUsing);
    }
    return yield* gafterDisposal(rt, capabilityOf(env, false), false, result, firstUsing);
  };
}

/**
 * `for (using x of xs)` / `for (await using x of xs)`: each iteration's value is a resource of that
 * iteration's capability, disposed with the body's completion (ES2026 14.7.5.7 ForIn/OfBodyEvaluation
 * steps 6.i-6.n), before the loop goes on or closes the iterator.
 */
function disposingLoopBody(c: Compiler, decl: any, body: Fn): Fn {
  const rt = c.rt;
  const hint = decl.disposal;
  const r = c.resolve(decl.declarations[0].id.name)!;
  return (env) => {
    const capability: any[] = [];
    rt.currentNode = decl;
    rt.disposal!.add(capability, envAt(env, r.hops).slots[r.decl.slot], hint);
    let result: any;
    try {
      result = body(env);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      return afterDisposal(rt, capability, true, e);
    }
    return afterDisposal(rt, capability, false, result);
  };
}

function gdisposingLoopBody(c: Compiler, decl: any, body: GFn): GFn {
  const rt = c.rt;
  const hint = decl.disposal;
  const r = c.resolve(decl.declarations[0].id.name)!;
  return function* (env) {
    const capability: any[] = [];
    rt.currentNode = decl;
    rt.disposal!.add(capability, envAt(env, r.hops).slots[r.decl.slot], hint);
    let result: any;
    try {
      result = yield* body(env);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      return yield* gafterDisposal(rt, capability, true, e, decl);
    }
    return yield* gafterDisposal(rt, capability, false, result, decl);
  };
}

/** What a list or loop body with resources completes with once they are disposed (`abrupt`: `outcome` was thrown). */
function afterDisposal(rt: Interpreter, capability: any[] | undefined, abrupt: boolean, outcome: any): any {
  if (capability === undefined || capability.length === 0) {
    if (abrupt) throw outcome;
    return outcome;
  }
  const completion: Completion = abrupt && !(outcome instanceof GeneratorReturn) ? { threw: true, value: rt.toGuest(outcome) } : NORMAL;
  const out = rt.disposal!.disposeSync(capability, completion);
  if (out.threw) throw out.value;
  if (abrupt) throw outcome;
  return outcome;
}

function* gafterDisposal(rt: Interpreter, capability: any[] | undefined, abrupt: boolean, outcome: any, awaitNode: any): Generator<any, any, any> {
  if (capability === undefined || capability.length === 0) {
    if (abrupt) throw outcome;
    return outcome;
  }
  const completion: Completion = abrupt && !(outcome instanceof GeneratorReturn) ? { threw: true, value: rt.toGuest(outcome) } : NORMAL;
  // Each value the disposal yields is an Await (an `await using`'s result, or undefined).
  const disposal = rt.disposal!.dispose(capability, completion);
  let step = disposal.next();
  while (!step.done) {
    let value: any;
    let threw = false;
    try {
      value = yield AWAIT(step.value, awaitNode);
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      threw = true;
      value = e;
    }
    step = threw ? disposal.throw(value) : disposal.next(value);
  }
  if (step.value.threw) throw step.value.value;
  if (abrupt) throw outcome;
  return outcome;
}

/**
 * The fused await statement (expressions.ts fusedAwaitParts) that `node` is, or a block holding
 * only one, for a loop or statement list to run inline; null for anything else.
 */
function fusedAwaitOf(c: Compiler, node: any): FusedAwait | null {
  if (node.type === 'ExpressionStatement') return fusedAwaitParts(c, node);
  // A block of one expression statement has no scope of its own; with a label it is a target.
  if (node.type === 'BlockStatement' && node.body.length === 1 && node.body[0].type === 'ExpressionStatement' && c.pendingLabels.length === 0) return fusedAwaitParts(c, node.body[0]);
  return null;
}

/** A block-level function declaration in sloppy code also sets the function-scope `var` (Annex B). */
function isAnnexB(c: Compiler, node: any): boolean {
  return !c.strict && c.scope !== null && c.scope.kind === 'block' && c.scope.bindings.get(node.id.name)?.kind === 'function' && !!node.__annexB;
}

function loopSignal(s: Signal, labels: string[]): 'break' | 'continue' | 'return' {
  if (s.kind === SignalKind.Break) return s.label === null || labels.includes(s.label) ? 'break' : 'return';
  if (s.kind === SignalKind.Continue) return s.label === null || labels.includes(s.label) ? 'continue' : 'return';
  return 'return';
}

function takeLabels(c: Compiler): string[] {
  const l = c.pendingLabels;
  c.pendingLabels = [];
  return l;
}

function withScope<T>(c: Compiler, s: CScope | null, f: () => T): T {
  if (!s) return f();
  c.pushScope(s);
  try {
    return f();
  } finally {
    c.popScope();
  }
}

function declarationInit(c: Compiler, node: any): Fn {
  if (node.disposal !== undefined) return usingDeclaration(c, node);
  const kind = node.kind;
  const parts: Fn[] = node.declarations.map((d: any): Fn => {
    if (d.id.type === 'Identifier') {
      // A `var` of eval'd code can land in a scope only known at run time (dynamic.ts) or the global object.
      if (kind === 'var' && (dynamicScopesFor(c, d.id.name) !== null || !c.resolve(d.id.name))) {
        if (!d.init) return () => undefined;
        const set = identifierWriter(c, d.id);
        const value = namedValue(c, d.init, d.id);
        return (env) => set(env, value(env));
      }
      const r = c.resolve(d.id.name);
      if (!r) throw new Unsupported(d, `cannot resolve ${d.id.name}`);
      const write = writeBinding(c, d.id, r, true);
      if (!d.init) {
        if (kind === 'var') {
          const { hops, decl } = r;
          return (env) => {
            let e = env;
            for (let h = hops; h > 0; h--) e = e.parent!;
            if (e.slots[decl.slot] === HOISTED_UNDEFINED) e.slots[decl.slot] = undefined;
          };
        }
        return (env) => write(env, undefined);
      }
      const value = namedValue(c, d.init, d.id);
      return (env) => write(env, value(env));
    }
    const value = d.init ? c.expr(d.init) : () => undefined;
    const assign = compileAssignPattern(c, d.id, kind === 'var' ? 'assign' : 'declare', d.init);
    return (env) => assign(env, value(env));
  });
  if (parts.length === 1) {
    const p = parts[0];
    return (env) => {
      p(env);
      return undefined;
    };
  }
  return (env) => {
    for (let i = 0; i < parts.length; i++) parts[i](env);
    return undefined;
  };
}

export const statementHandlers: Record<string, Handler> = {
  ExpressionStatement(c, node) {
    const e = c.expr(node.expression);
    return (env) => {
      e(env);
      return undefined;
    };
  },

  VariableDeclaration(c, node) {
    return declarationInit(c, node);
  },

  FunctionDeclaration(c, node) {
    // Hoisted at scope entry. In sloppy blocks, evaluating it also assigns the function-scope var.
    if (node.__annexBEval) return node.__annexBEval(c, node);
    if (!node.__annexB) return () => undefined;
    const r = c.resolve(node.id.name)!;
    const read = (env: Env) => {
      let e = env;
      for (let h = r.hops; h > 0; h--) e = e.parent!;
      return e.slots[r.decl.slot];
    };
    // The target is the function scope's var binding itself (past catch parameters of the same name).
    const target = annexBTarget(c.scope!, node.id.name);
    if (!target) return () => undefined;
    const write = writeBinding(c, node.id, target, true);
    return (env) => {
      write(env, read(env));
      return undefined;
    };
  },

  ClassDeclaration(c, node) {
    const make = compileClass(c, node);
    const r = c.resolve(node.id.name)!;
    const write = writeBinding(c, node.id, r, true);
    return (env) => {
      write(env, make(env));
      return undefined;
    };
  },

  ReturnStatement(c, node) {
    if (!node.argument) return () => new Signal(SignalKind.Return, null, undefined);
    const arg = c.expr(node.argument);
    return (env) => new Signal(SignalKind.Return, null, arg(env));
  },

  IfStatement(c, node) {
    wrapIfFunctions(node);
    const test = c.expr(node.test);
    const cons = stepped(c, node.consequent);
    const alt = node.alternate ? stepped(c, node.alternate) : null;
    if (alt === null) return (env) => (test(env) ? cons(env) : undefined);
    return (env) => (test(env) ? cons(env) : alt(env));
  },

  BlockStatement(c, node) {
    const labels = takeLabels(c);
    const s = c.blockScope(node.body, `block (line ${node.loc.start.line})`);
    markAnnexB(c, s, node.body);
    const enter = s ? c.enterScope(s) : null;
    const body = withScope(c, s, () => compileStatementList(c, node.body));
    const run = enter ? (env: Env) => body(enter(env)) : body;
    if (labels.length === 0) return run;
    return (env) => {
      const r = run(env);
      if (r !== undefined && r.kind === SignalKind.Break && r.label !== null && labels.includes(r.label)) return undefined;
      return r;
    };
  },

  EmptyStatement() {
    return () => undefined;
  },
  DebuggerStatement() {
    return () => undefined;
  },

  ThrowStatement(c, node) {
    const arg = c.expr(node.argument);
    const rt = c.rt;
    return (env) => {
      const v = arg(env);
      rt.currentNode = node;
      throw v;
    };
  },

  TryStatement(c, node) {
    const rt = c.rt;
    const block = statementHandlers.BlockStatement(c, node.block);
    const handler = node.handler ? compileCatch(c, node.handler) : null;
    const finalizer = node.finalizer ? statementHandlers.BlockStatement(c, node.finalizer) : null;
    if (finalizer === null) {
      return (env) => {
        try {
          return block(env);
        } catch (e) {
          if (e instanceof HostSignal || e instanceof GeneratorReturn) throw e;
          return handler!(env, rt.toGuest(e));
        }
      };
    }
    return (env) => {
      let completion: any;
      let threw = false;
      let error: any;
      try {
        completion = block(env);
      } catch (e) {
        // A host signal (process.exit, a spent budget) runs no guest catch and no guest finally.
        if (e instanceof HostSignal) throw e;
        if (handler && !(e instanceof GeneratorReturn)) {
          try {
            completion = handler(env, rt.toGuest(e));
          } catch (e2) {
            if (e2 instanceof HostSignal) throw e2;
            threw = true;
            error = e2;
          }
        } else {
          threw = true;
          error = e;
        }
      }
      const f = finalizer(env);
      if (f !== undefined) return f;
      if (threw) throw error;
      return completion;
    };
  },

  WhileStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    const test = c.expr(node.test);
    const body = stepped(c, node.body);
    return (env) => {
      for (;;) {
        if (++rt.steps >= rt.checkAt) rt.check(node, env);
        if (!test(env)) return undefined;
        const s = body(env);
        if (s !== undefined) {
          const k = loopSignal(s, labels);
          if (k === 'break') return undefined;
          if (k === 'return') return s;
        }
      }
    };
  },

  DoWhileStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    const test = c.expr(node.test);
    const body = stepped(c, node.body);
    return (env) => {
      do {
        if (++rt.steps >= rt.checkAt) rt.check(node, env);
        const s = body(env);
        if (s !== undefined) {
          const k = loopSignal(s, labels);
          if (k === 'break') return undefined;
          if (k === 'return') return s;
        }
      } while (test(env));
      return undefined;
    };
  },

  ForStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    const init = node.init;
    const lexical = init && init.type === 'VariableDeclaration' && init.kind !== 'var';
    let scope: CScope | null = null;
    if (lexical) {
      scope = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
      for (const d of init.declarations) for (const id of patternIdentifiers(d.id)) scope.declare(id.name, init.kind, id);
    }
    const perIteration = lexical && perIterationScopeNeeded(c, node, init);
    const enter = scope ? c.enterScope(scope) : null;
    return withScope(c, scope, () => {
      const initF = init ? (init.type === 'VariableDeclaration' ? declarationInit(c, init) : c.expr(init)) : null;
      // (Compiles the test's bound when it is one: the test itself is then not compiled.)
      const counting = scope !== null && !perIteration ? countingLoop(c, node, scope) : null;
      const test = node.test && counting === null ? c.expr(node.test) : null;
      const update = node.update ? c.expr(node.update) : null;
      const body = stepped(c, node.body);
      if (counting !== null) {
        // `for (let i = …; i < n; i++)`: the test's read and the update's write of `i` done here, on
        // its slot (two closure calls less per iteration; the update takes the general path while
        // its write is still observed or traced, or `i` is not a number).
        const { slot, decl, observed, bound, boundValue, inc } = counting;
        return (outer: Env) => {
          const env = enter!(outer);
          if (initF) initF(env);
          const slots = env.slots;
          for (;;) {
            if (++rt.steps >= rt.checkAt) rt.check(node, env);
            if (!(slots[slot] < (bound === null ? boundValue : bound(env)))) return undefined;
            const s = body(env);
            if (s !== undefined) {
              const k = loopSignal(s, labels);
              if (k === 'break') return undefined;
              if (k === 'return') return s;
            }
            const old = slots[slot];
            if (typeof old === 'number' && rt.trace === null && (decl.writes >= 5 || !observed)) slots[slot] = inc ? old + 1 : old - 1;
            else update!(env);
          }
        };
      }
      return (outer: Env) => {
        let env = enter ? enter(outer) : outer;
        if (initF) initF(env);
        if (perIteration) env = rt.newEnv(env.parent, env.slots.slice(), scope!.label, scope!.info);
        for (;;) {
          if (++rt.steps >= rt.checkAt) rt.check(node, env);
          if (test && !test(env)) return undefined;
          const s = body(env);
          if (s !== undefined) {
            const k = loopSignal(s, labels);
            if (k === 'break') return undefined;
            if (k === 'return') return s;
          }
          if (perIteration) env = rt.newEnv(env.parent, env.slots.slice(), scope!.label, scope!.info);
          if (update) update(env);
        }
      };
    });
  },

  ForInStatement(c, node) {
    return compileForInOf(c, node, false);
  },

  ForOfStatement(c, node) {
    if (node.await) throw new Unsupported(node, '`for await` is only valid in async functions');
    return compileForInOf(c, node, true);
  },

  BreakStatement(c, node) {
    const s = node.label ? labelSignal(node.label.name).brk : BREAK;
    return () => s;
  },

  ContinueStatement(c, node) {
    const s = node.label ? labelSignal(node.label.name).cont : CONTINUE;
    return () => s;
  },

  LabeledStatement(c, node) {
    const label = node.label.name;
    const isLoop = /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.body.type) || node.body.type === 'LabeledStatement';
    c.pendingLabels = [...c.pendingLabels, label];
    const body = stepped(c, node.body);
    c.pendingLabels = [];
    if (isLoop) return body;
    return (env) => {
      const s = body(env);
      if (s !== undefined && s.kind === SignalKind.Break && s.label === label) return undefined;
      return s;
    };
  },

  SwitchStatement(c, node) {
    const labels = takeLabels(c);
    const disc = c.expr(node.discriminant);
    const all = node.cases.flatMap((k: any) => k.consequent);
    const s = c.blockScope(all, `switch (line ${node.loc.start.line})`);
    markAnnexB(c, s, all);
    const enter = s ? c.enterScope(s) : null;
    return withScope(c, s, () => {
      const cases = node.cases.map((k: any) => ({ test: k.test ? c.expr(k.test) : null, body: compileStatementList(c, k.consequent) }));
      const defaultIndex = node.cases.findIndex((k: any) => !k.test);
      return (outer: Env) => {
        const v = disc(outer);
        const env = enter ? enter(outer) : outer;
        let start = -1;
        for (let i = 0; i < cases.length; i++) {
          const t = cases[i].test;
          if (t && t(env) === v) {
            start = i;
            break;
          }
        }
        if (start < 0) start = defaultIndex;
        if (start < 0) return undefined;
        for (let i = start; i < cases.length; i++) {
          const r = cases[i].body(env);
          if (r !== undefined) {
            if (r.kind === SignalKind.Break && (r.label === null || labels.includes(r.label))) return undefined;
            return r;
          }
        }
        return undefined;
      };
    });
  },

  WithStatement(c, node) {
    return compileWith(c, node);
  },
  ImportDeclaration(c, node) {
    throw new Unsupported(node, '`import` of modules is not available in the simulation: Event Loop Lens never loads other files');
  },
  ExportNamedDeclaration(c, node) {
    if (node.declaration) return stepped(c, node.declaration);
    return () => undefined;
  },
  ExportDefaultDeclaration(c, node) {
    const d = node.declaration;
    if (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') {
      if (d.id) return stepped(c, d);
    }
    const target = d.type === 'FunctionDeclaration' ? { ...d, type: 'FunctionExpression' } : d.type === 'ClassDeclaration' ? { ...d, type: 'ClassExpression' } : d;
    // An anonymous default export is named "default" (§16.2.3.7 NamedEvaluation).
    if ((target.type === 'FunctionExpression' || target.type === 'ArrowFunctionExpression' || target.type === 'ClassExpression') && !target.id) target.__nameHint = 'default';
    const e = c.expr(target);
    return (env) => {
      e(env);
      return undefined;
    };
  },
};

/** Annex B.3.3: `if (x) function f() {}` (sloppy) behaves as if the declaration were in a block. */
function wrapIfFunctions(node: any): void {
  const wrap = (d: any) => ({ type: 'BlockStatement', body: [d], loc: d.loc, start: d.start, end: d.end });
  if (node.consequent.type === 'FunctionDeclaration') node.consequent = wrap(node.consequent);
  if (node.alternate && node.alternate.type === 'FunctionDeclaration') node.alternate = wrap(node.alternate);
}

/** Annex B: a function declared in a sloppy-mode block also assigns the enclosing function's var. */
function markAnnexB(c: Compiler, s: CScope | null, body: any[]): void {
  if (!s || c.strict) return;
  for (const item of body) {
    const st = unlabel(item);
    if (st.type === 'FunctionDeclaration' && st.id && !st.async && !st.generator && annexBTarget(s, st.id.name)) st.__annexB = true;
  }
}

/**
 * The function-scope var binding that Annex B (B.3.3) assigns for a function `name` declared in block
 * scope `s`: none when a `var name` would conflict with a let/const/class (or destructured catch
 * parameter) of an enclosing block, or when `name` is a parameter. Hops are counted from `s`.
 */
function annexBTarget(s: CScope, name: string): Resolved | null {
  let hops = 1;
  for (let sc = s.parent; sc; sc = sc.parent, hops++) {
    const b = sc.bindings.get(name);
    if (sc.isFunction) return b && (b.kind === 'var' || b.kind === 'function') ? { hops, decl: b, captured: false } : null;
    // V8 lets the function through enclosing blocks' own functions of that name and simple catch parameters.
    if (b && b.kind !== 'function' && !(sc.kind === 'catch' && b.kind === 'catch' && b.declNode?.__simpleCatchParam)) return null;
  }
  return null;
}

/** Does the loop create closures (then each iteration needs its own `let` bindings)? */
export function containsClosure(node: any): boolean {
  return someNode(node, isFunctionOrClass);
}

/**
 * The parts of a counting `for (let i = …; i < bound; i++)` (or `i--`), compiled in the loop's own
 * scope, when `i` is its `let` and no closure keeps a per-iteration copy: after the init ran, the
 * slot is initialised for good, so the test reads it with no TDZ check (the left operand has no
 * side effect: reading it first, then `bound`, is the order of evaluation).
 */
function countingLoop(c: Compiler, node: any, scope: CScope): { slot: number; decl: Resolved['decl']; observed: boolean; bound: Fn | null; boundValue: any; inc: boolean } | null {
  const test = node.test;
  const update = node.update;
  if (node.init.kind !== 'let' || !test || !update) return null;
  if (test.type !== 'BinaryExpression' || test.operator !== '<' || test.left.type !== 'Identifier') return null;
  if (update.type !== 'UpdateExpression' || update.argument.type !== 'Identifier' || update.argument.name !== test.left.name) return null;
  const name = test.left.name;
  const decl = scope.bindings.get(name);
  if (!decl || decl.mapped !== undefined || dynamicScopesFor(c, name) !== null) return null;
  const r = c.resolve(name);
  if (!r || r.decl !== decl || r.hops !== 0) return null;
  const right = test.right;
  const constant = right.type === 'Literal' && typeof right.value === 'number';
  return {
    slot: decl.slot,
    decl,
    observed: writesObserved(decl),
    bound: constant ? null : c.expr(right),
    boundValue: constant ? right.value : undefined,
    inc: update.operator === '++',
  };
}

/**
 * Does a closure under `node` possibly see one of `names` (the loop's lexical bindings)? Conservative:
 * any identifier of that name inside a function or class, or a direct `eval` there. Only then is a
 * per-iteration copy of the loop's scope observable (CreatePerIterationEnvironment, 14.7.4.4); the
 * step trace always gets it (the panel shows each iteration's scope).
 */
export function perIterationScopeNeeded(c: Compiler, node: any, init: any): boolean {
  if (c.rt.trace !== null) return containsClosure(node);
  const names = new Set<string>();
  for (const d of init.declarations) for (const id of patternIdentifiers(d.id)) names.add(id.name);
  const sees = (n: any) => (n.type === 'Identifier' && names.has(n.name)) || (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'eval');
  return someNode(node, (n) => isFunctionOrClass(n) && someNode(n, sees));
}

function compileCatch(c: Compiler, h: any): (env: Env, value: any) => any {
  const rt = c.rt;
  const s = new CScope('catch', c.scope, false, `catch (line ${h.loc.start.line})`);
  const params = h.param ? patternIdentifiers(h.param) : [];
  for (const id of params) s.declare(id.name, 'catch', id);
  // Annex B.3.4: a block function may still assign the function's var past a simple catch parameter.
  if (h.param && h.param.type === 'Identifier') h.param.__simpleCatchParam = true;
  c.pushScope(s);
  try {
    const bind = h.param ? (h.param.type === 'Identifier' ? null : compileAssignPattern(c, h.param, 'declare', '.catch')) : null;
    const body = statementHandlers.BlockStatement(c, h.body);
    const simple = h.param && h.param.type === 'Identifier';
    const names = s.info;
    return (env, value) => {
      const inner = rt.newEnv(env, s.template.slice(), s.label, names);
      if (simple) {
        inner.slots[0] = value;
        if (rt.trace) rt.traceBind(inner, s.names[0], value);
      } else if (bind) bind(inner, value);
      return body(inner);
    };
  } finally {
    c.popScope();
  }
}

/** for-in / for-of: the target is a declaration (fresh binding per iteration) or an assignment. */
function compileForInOf(c: Compiler, node: any, isOf: boolean): Fn {
  const labels = takeLabels(c);
  const rt = c.rt;
  const left = node.left;
  const lexical = left.type === 'VariableDeclaration' && left.kind !== 'var';
  let scope: CScope | null = null;
  // ForIn/OfHeadEvaluation: the expression sees the loop's names in their TDZ (`for (let x of x)`).
  let tdz: CScope | null = null;
  if (lexical) {
    scope = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
    tdz = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
    for (const id of patternIdentifiers(left.declarations[0].id)) {
      scope.declare(id.name, left.kind, id);
      tdz.declare(id.name, left.kind, id);
    }
  }
  const rightExpr = withScope(c, tdz, () => c.expr(node.right));
  const right: Fn = tdz === null ? rightExpr : ((t) => (env: Env) => rightExpr(rt.newEnv(env, t.template.slice(), t.label, t.info)))(tdz);
  const target = left.type === 'VariableDeclaration' ? left.declarations[0].id : left;
  const { assign, body } = withScope(c, scope, () => ({
    assign: target.type === 'Identifier' && !lexical ? ((w) => (env: Env, v: any) => w(env, v))(identifierWriter(c, target)) : compileAssignPattern(c, target, lexical ? 'declare' : 'assign', lexical ? '.for' : 'nested'),
    body: lexical && left.disposal !== undefined ? disposingLoopBody(c, left, stepped(c, node.body)) : stepped(c, node.body),
  }));
  const template = scope ? scope.template : null;
  const names = scope ? scope.info : undefined;
  const label = scope ? scope.label : '';
  const iteration = (outer: Env, value: any): Signal | undefined | 'break' => {
    if (++rt.steps >= rt.checkAt) rt.check(node, outer);
    const env = template ? rt.newEnv(outer, template.slice(), label, names) : outer;
    assign(env, value);
    const s = body(env);
    if (s !== undefined) {
      const k = loopSignal(s, labels);
      if (k === 'break') return 'break';
      if (k === 'return') return s;
    }
    return undefined;
  };
  if (!isOf) {
    return (env) => {
      const obj = right(env);
      if (obj === null || obj === undefined) return undefined;
      const keys: string[] = [];
      const o = rt.toObject(obj);
      for (const k in o) keys.push(k);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        // A key deleted before it is reached is not visited (V8's ForInFilter: HasProperty).
        if (i > 0 && !Reflect.has(o, k)) continue;
        const r = iteration(env, k);
        if (r === 'break') return undefined;
        if (r !== undefined) return r;
      }
      return undefined;
    };
  }
  return (env) => {
    const iterable = right(env);
    if (rt.isPlainArrayIteration(iterable)) {
      for (let i = 0; i < iterable.length; i++) {
        const r = iteration(env, iterable[i]);
        if (r === 'break') return undefined;
        if (r !== undefined) return r;
      }
      return undefined;
    }
    const rec = rt.getIterator(iterable, node.right);
    for (;;) {
      const step = rt.iterStep(rec);
      if (step.done) return undefined;
      // IteratorValue is outside the loop body: a throwing `value` getter does not close the iterator.
      const value = step.value;
      let r;
      try {
        r = iteration(env, value);
      } catch (e) {
        if (!(e instanceof HostSignal)) {
          try {
            rt.iterClose(rec);
          } catch (e2) {
            if (e2 instanceof HostSignal) throw e2;
            /* otherwise the original error wins */
          }
        }
        throw e;
      }
      if (r !== undefined) {
        rt.iterClose(rec);
        return r === 'break' ? undefined : r;
      }
    }
  };
}

// ---- suspendable variants ------------------------------------------------------------------

export const genStatementHandlers: Record<string, GHandler> = {
  ClassDeclaration(c, node) {
    const make = compileClassGen(c, node);
    const write = writeBinding(c, node.id, c.resolve(node.id.name)!, true);
    return function* (env) {
      write(env, yield* make(env));
      return undefined;
    };
  },
  WithStatement(c, node) {
    return gcompileWith(c, node);
  },
  // Top-level await in an exported declaration (`export const x = await f()`).
  ExportNamedDeclaration(c, node) {
    return gstepped(c, node.declaration);
  },
  ExportDefaultDeclaration(c, node) {
    const d = node.declaration;
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) return gstepped(c, d);
    const target = d.type === 'ClassDeclaration' ? { ...d, type: 'ClassExpression' } : d;
    if (target.type === 'ClassExpression' && !target.id) target.__nameHint = 'default';
    const e = c.gexpr(target);
    return function* (env) {
      yield* e(env);
      return undefined;
    };
  },
  ExpressionStatement(c, node) {
    const e = c.gexpr(node.expression);
    return function* (env) {
      yield* e(env);
      return undefined;
    };
  },

  VariableDeclaration(c, node) {
    if (node.disposal !== undefined) return gusingDeclaration(c, node);
    const kind = node.kind;
    const parts: GFn[] = node.declarations.map((d: any): GFn => {
      const value = d.init ? gnamedValue(c, d.init, d.id) : null;
      if (d.id.type === 'Identifier') {
        const r = c.resolve(d.id.name)!;
        const write = writeBinding(c, d.id, r, true);
        return function* (env) {
          const v = value ? yield* value(env) : undefined;
          if (value || kind !== 'var') write(env, v);
        };
      }
      const assign = compileAssignPatternGen(c, d.id, kind === 'var' ? 'assign' : 'declare', d.init);
      return function* (env) {
        yield* assign(env, value ? yield* value(env) : undefined);
      };
    });
    return function* (env) {
      for (const p of parts) yield* p(env);
      return undefined;
    };
  },

  ReturnStatement(c, node) {
    const arg = c.gexpr(node.argument);
    if (node.__awaitsArgument) {
      return function* (env) {
        const v = yield* arg(env);
        return new Signal(SignalKind.Return, null, yield AWAIT(v, node));
      };
    }
    return function* (env) {
      return new Signal(SignalKind.Return, null, yield* arg(env));
    };
  },

  ThrowStatement(c, node) {
    const arg = c.gexpr(node.argument);
    return function* (env) {
      throw yield* arg(env);
    };
  },

  IfStatement(c, node) {
    wrapIfFunctions(node);
    const test = c.gexpr(node.test);
    const cons = gstepped(c, node.consequent);
    const alt = node.alternate ? gstepped(c, node.alternate) : null;
    return function* (env) {
      if (yield* test(env)) return yield* cons(env);
      return alt ? yield* alt(env) : undefined;
    };
  },

  BlockStatement(c, node) {
    const labels = takeLabels(c);
    const s = c.blockScope(node.body, `block (line ${node.loc.start.line})`);
    markAnnexB(c, s, node.body);
    const enter = s ? c.enterScope(s) : null;
    const body = withScope(c, s, () => gcompileStatementList(c, node.body));
    // No scope of its own and no label to catch: the block is its statement list.
    if (!enter && labels.length === 0) return body;
    return function* (env) {
      const r = yield* body(enter ? enter(env) : env);
      if (r !== undefined && r.kind === SignalKind.Break && r.label !== null && labels.includes(r.label)) return undefined;
      return r;
    };
  },

  TryStatement(c, node) {
    const rt = c.rt;
    const block = genStatementHandlers.BlockStatement(c, node.block);
    const handler = node.handler ? gcompileCatch(c, node.handler) : null;
    const finalizer = node.finalizer ? genStatementHandlers.BlockStatement(c, node.finalizer) : null;
    return function* (env) {
      let completion: any;
      let threw = false;
      let error: any;
      try {
        completion = yield* block(env);
      } catch (e) {
        // A host signal (process.exit, a spent budget) runs no guest catch and no guest finally.
        if (e instanceof HostSignal) throw e;
        if (handler && !(e instanceof GeneratorReturn)) {
          try {
            completion = yield* handler(env, rt.toGuest(e));
          } catch (e2) {
            if (e2 instanceof HostSignal) throw e2;
            threw = true;
            error = e2;
          }
        } else {
          threw = true;
          error = e;
        }
      }
      if (finalizer) {
        const f = yield* finalizer(env);
        if (f !== undefined) return f;
      }
      if (threw) throw error;
      return completion;
    };
  },

  WhileStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    // A test that cannot suspend is a plain closure; a body that is one fused await runs inline.
    const testPlain = c.hasSuspend(node.test) ? null : c.expr(node.test);
    const test = testPlain === null ? c.gexpr(node.test) : null;
    const fa = c.hasSuspend(node.body) ? fusedAwaitOf(c, node.body) : null;
    const body = fa === null ? gstepped(c, node.body) : null;
    return function* (env) {
      const st: [any, any] = fa !== null ? [undefined, undefined] : (null as any);
      for (;;) {
        if (++rt.steps >= rt.checkAt) rt.check(node, env);
        if (testPlain !== null ? !testPlain(env) : !(yield* test!(env))) return undefined;
        let s: any;
        if (fa === null) s = yield* body!(env);
        else fusedAfter(fa, env, st, yield AWAIT(fusedBefore(rt, fa, env, st), fa.awaitNode));
        if (s !== undefined) {
          const k = loopSignal(s, labels);
          if (k === 'break') return undefined;
          if (k === 'return') return s;
        }
      }
    };
  },

  DoWhileStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    const test = c.gexpr(node.test);
    const body = gstepped(c, node.body);
    return function* (env) {
      do {
        if (++rt.steps >= rt.checkAt) rt.check(node, env);
        const s = yield* body(env);
        if (s !== undefined) {
          const k = loopSignal(s, labels);
          if (k === 'break') return undefined;
          if (k === 'return') return s;
        }
      } while (yield* test(env));
      return undefined;
    };
  },

  ForStatement(c, node) {
    const labels = takeLabels(c);
    const rt = c.rt;
    const init = node.init;
    const lexical = init && init.type === 'VariableDeclaration' && init.kind !== 'var';
    let scope: CScope | null = null;
    if (lexical) {
      scope = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
      for (const d of init.declarations) for (const id of patternIdentifiers(d.id)) scope.declare(id.name, init.kind, id);
    }
    const perIteration = lexical && perIterationScopeNeeded(c, node, init);
    const enter = scope ? c.enterScope(scope) : null;
    return withScope(c, scope, () => {
      const initF = init ? (init.type === 'VariableDeclaration' ? genStatementHandlers.VariableDeclaration(c, init) : c.gexpr(init)) : null;
      // A test or update that cannot suspend is called as a plain closure (no generator per iteration).
      const testPlain = node.test && !c.hasSuspend(node.test) ? c.expr(node.test) : null;
      const test = node.test && !testPlain ? c.gexpr(node.test) : null;
      const updatePlain = node.update && !c.hasSuspend(node.update) ? c.expr(node.update) : null;
      const update = node.update && !updatePlain ? c.gexpr(node.update) : null;
      // A body that is one `await e;` / `x = await e;` / `x op= await e;` runs inline.
      const fa = c.hasSuspend(node.body) ? fusedAwaitOf(c, node.body) : null;
      const body = fa === null ? gstepped(c, node.body) : null;
      return function* (outer: Env) {
        let env = enter ? enter(outer) : outer;
        if (initF) yield* initF(env);
        if (perIteration) env = rt.newEnv(env.parent, env.slots.slice(), scope!.label, scope!.info);
        const st: [any, any] = fa !== null ? [undefined, undefined] : (null as any);
        for (;;) {
          if (++rt.steps >= rt.checkAt) rt.check(node, env);
          if (testPlain ? !testPlain(env) : test && !(yield* test(env))) return undefined;
          let s: any;
          if (fa === null) s = yield* body!(env);
          else fusedAfter(fa, env, st, yield AWAIT(fusedBefore(rt, fa, env, st), fa.awaitNode));
          if (s !== undefined) {
            const k = loopSignal(s, labels);
            if (k === 'break') return undefined;
            if (k === 'return') return s;
          }
          if (perIteration) env = rt.newEnv(env.parent, env.slots.slice(), scope!.label, scope!.info);
          if (updatePlain) updatePlain(env);
          else if (update) yield* update(env);
        }
      };
    });
  },

  ForOfStatement(c, node) {
    return gcompileForOf(c, node);
  },

  ForInStatement(c, node) {
    const labels = takeLabels(c);
    c.pendingLabels = labels;
    const rt = c.rt;
    const left = node.left;
    const lexical = left.type === 'VariableDeclaration' && left.kind !== 'var';
    let scope: CScope | null = null;
    // ForIn/OfHeadEvaluation: the expression (it may await) sees the loop's names in their TDZ.
    let tdz: CScope | null = null;
    if (lexical) {
      scope = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
      tdz = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
      for (const id of patternIdentifiers(left.declarations[0].id)) {
        scope.declare(id.name, left.kind, id);
        tdz.declare(id.name, left.kind, id);
      }
    }
    const rightExpr = withScope(c, tdz, () => c.gexpr(node.right));
    const right: GFn = tdz === null ? rightExpr : ((t) => function* (env: Env) {
      return yield* rightExpr(rt.newEnv(env, t.template.slice(), t.label, t.info));
    })(tdz);
    c.pendingLabels = [];
    const target = left.type === 'VariableDeclaration' ? left.declarations[0].id : left;
    const { assign, body } = withScope(c, scope, () => ({
      assign: compileAssignPatternGen(c, target, lexical ? 'declare' : 'assign', lexical ? '.for' : 'nested'),
      body: gstepped(c, node.body),
    }));
    return function* (env) {
      const obj = yield* right(env);
      if (obj === null || obj === undefined) return undefined;
      const keys: string[] = [];
      const o = rt.toObject(obj);
      for (const k in o) keys.push(k);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        // A key deleted before it is reached is not visited (V8's ForInFilter: HasProperty).
        if (i > 0 && !Reflect.has(o, k)) continue;
        if (++rt.steps >= rt.checkAt) rt.check(node, env);
        const inner = scope ? rt.newEnv(env, scope.template.slice(), scope.label, scope.info) : env;
        yield* assign(inner, k);
        const s = yield* body(inner);
        if (s !== undefined) {
          const kk = loopSignal(s, labels);
          if (kk === 'break') return undefined;
          if (kk === 'return') return s;
        }
      }
      return undefined;
    };
  },

  LabeledStatement(c, node) {
    const label = node.label.name;
    const isLoop = /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.body.type);
    c.pendingLabels = [...c.pendingLabels, label];
    const body = gstepped(c, node.body);
    c.pendingLabels = [];
    return function* (env) {
      const s = yield* body(env);
      if (!isLoop && s !== undefined && s.kind === SignalKind.Break && s.label === label) return undefined;
      return s;
    };
  },

  SwitchStatement(c, node) {
    const labels = takeLabels(c);
    const disc = c.gexpr(node.discriminant);
    const all = node.cases.flatMap((k: any) => k.consequent);
    const s = c.blockScope(all, `switch (line ${node.loc.start.line})`);
    markAnnexB(c, s, all);
    const enter = s ? c.enterScope(s) : null;
    return withScope(c, s, () => {
      const cases = node.cases.map((k: any) => ({ test: k.test ? c.gexpr(k.test) : null, body: gcompileStatementList(c, k.consequent) }));
      const defaultIndex = node.cases.findIndex((k: any) => !k.test);
      return function* (outer: Env) {
        const v = yield* disc(outer);
        const env = enter ? enter(outer) : outer;
        let start = -1;
        for (let i = 0; i < cases.length; i++) {
          const t = cases[i].test;
          if (t && (yield* t(env)) === v) {
            start = i;
            break;
          }
        }
        if (start < 0) start = defaultIndex;
        if (start < 0) return undefined;
        for (let i = start; i < cases.length; i++) {
          const r = yield* cases[i].body(env);
          if (r !== undefined) {
            if (r.kind === SignalKind.Break && (r.label === null || labels.includes(r.label))) return undefined;
            return r;
          }
        }
        return undefined;
      };
    });
  },
};

function gcompileCatch(c: Compiler, h: any): (env: Env, value: any) => Generator<any, any, any> {
  const rt = c.rt;
  const s = new CScope('catch', c.scope, false, `catch (line ${h.loc.start.line})`);
  for (const id of h.param ? patternIdentifiers(h.param) : []) s.declare(id.name, 'catch', id);
  if (h.param && h.param.type === 'Identifier') h.param.__simpleCatchParam = true;
  c.pushScope(s);
  try {
    const bind = h.param ? compileAssignPattern(c, h.param, 'declare', '.catch') : null;
    const body = genStatementHandlers.BlockStatement(c, h.body);
    return function* (env, value) {
      const inner = rt.newEnv(env, s.template.slice(), s.label, s.info);
      if (bind) bind(inner, value);
      return yield* body(inner);
    };
  } finally {
    c.popScope();
  }
}

/** for-of and for await-of inside a suspendable body. */
function gcompileForOf(c: Compiler, node: any): GFn {
  const labels = takeLabels(c);
  const rt = c.rt;
  const isAwait = node.await;
  const left = node.left;
  const right = c.gexpr(node.right);
  const lexical = left.type === 'VariableDeclaration' && left.kind !== 'var';
  let scope: CScope | null = null;
  if (lexical) {
    scope = new CScope('block', c.scope, false, `for (line ${node.loc.start.line})`);
    for (const id of patternIdentifiers(left.declarations[0].id)) scope.declare(id.name, left.kind, id);
  }
  const target = left.type === 'VariableDeclaration' ? left.declarations[0].id : left;
  const { assign, body, fa } = withScope(c, scope, () => {
    const assign = compileAssignPatternGen(c, target, lexical ? 'declare' : 'assign', lexical ? '.for' : 'nested');
    if (lexical && left.disposal !== undefined) return { assign, fa: null, body: gdisposingLoopBody(c, left, gstepped(c, node.body)) };
    // A body that is one fused await runs inline.
    const fa = c.hasSuspend(node.body) ? fusedAwaitOf(c, node.body) : null;
    return { assign, fa, body: fa === null ? gstepped(c, node.body) : null };
  });
  return function* (env) {
    const st: [any, any] = fa !== null ? [undefined, undefined] : (null as any);
    const iterable = yield* right(env);
    let rec: { iterator: any; next: any };
    let asyncIter = false;
    if (isAwait) {
      const m = iterable === null || iterable === undefined ? undefined : rt.get(iterable, Symbol.asyncIterator);
      if (m !== undefined && m !== null) {
        const it = rt.call(m, iterable, []);
        rec = { iterator: it, next: rt.get(it, 'next') };
        asyncIter = true;
      } else rec = rt.getIterator(iterable, node.right);
    } else rec = rt.getIterator(iterable, node.right);
    for (;;) {
      let step: any;
      if (asyncIter) {
        // ECMA-262 ForIn/OfBodyEvaluation: Await(Call(next)) for async iterators.
        step = yield AWAIT(rt.call(rec.next, rec.iterator, []), node);
        if (typeof step !== 'object' || step === null) rt.throwError('TypeError', `Iterator result ${rt.describe(step)} is not an object`);
      } else if (isAwait) {
        // CreateAsyncFromSyncIterator (§27.1.6): next() returns a promise that an unwrap job settles
        // with the iterator result (AsyncFromSyncIteratorContinuation), and the loop awaits it.
        step = yield AWAIT(asyncFromSyncResult(rt, rt.iterStep(rec)), node);
      } else step = rt.iterStep(rec);
      if (step.done) return undefined;
      const value = step.value;
      if (++rt.steps >= rt.checkAt) rt.check(node, env);
      const inner = scope ? rt.newEnv(env, scope.template.slice(), scope.label, scope.info) : env;
      let s;
      try {
        yield* assign(inner, value);
        if (fa === null) s = yield* body!(inner);
        else fusedAfter(fa, inner, st, yield AWAIT(fusedBefore(rt, fa, inner, st), fa.awaitNode));
      } catch (e) {
        if (e instanceof GeneratorReturn) {
          // generator.return() in the body: (Async)IteratorClose with a return completion, whose
          // own errors (and a non-object result) win.
          const ret = rt.get(rec.iterator, 'return');
          if (ret !== undefined && ret !== null) {
            let r = rt.call(ret, rec.iterator, []);
            if (asyncIter) r = yield AWAIT(r, node);
            if ((typeof r !== 'object' && typeof r !== 'function') || r === null) rt.throwError('TypeError', `Iterator result ${rt.describe(r)} is not an object`);
          }
        } else if (!(e instanceof HostSignal)) {
          try {
            const ret = rt.get(rec.iterator, 'return');
            if (ret !== undefined && ret !== null) {
              const r = rt.call(ret, rec.iterator, []);
              if (asyncIter) yield AWAIT(r, node);
            }
          } catch (e2) {
            if (e2 instanceof HostSignal) throw e2;
            /* otherwise the original error wins */
          }
        }
        throw e;
      }
      if (s !== undefined) {
        const k = loopSignal(s, labels);
        if (k === 'continue') continue;
        const ret = rt.get(rec.iterator, 'return');
        if (ret !== undefined && ret !== null) {
          let r = rt.call(ret, rec.iterator, []);
          if (asyncIter) r = yield AWAIT(r, node);
          // (Async)IteratorClose on a normal completion: the result must be an object.
          if ((typeof r !== 'object' && typeof r !== 'function') || r === null) rt.throwError('TypeError', `Iterator result ${rt.describe(r)} is not an object`);
        }
        return k === 'break' ? undefined : s;
      }
    }
  };
}

