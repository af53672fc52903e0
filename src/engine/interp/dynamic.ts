// Dynamic name lookup, for the only two places where the static slot resolution cannot know what a
// name refers to: the body of a `with` statement (the object's properties shadow the scope chain),
// and a sloppy-mode function that contains a direct `eval` (the eval'd code can declare new `var`s
// and functions in that function's scope, ECMA-262 §19.2.1.3 EvalDeclarationInstantiation).
//
// Invariant: a reference pays for dynamic lookup only if, walking its scope chain outwards, it crosses
// such a "dynamic" scope before it reaches its static binding. Every other reference keeps the fast
// path of expressions.ts (slot index + hop count); functions without `with`/direct `eval` are untouched.
import type { Compiler, Fn, GFn, Resolved } from './compiler';
import { CScope } from './compiler';
import type { Interpreter } from './runtime';
import type { Env } from './values';
import { gstepped, stepped } from './statements';

/** What kind of dynamic scope a compile-time scope is (absent: static). */
const dynamicKind = new WeakMap<CScope, 'with' | 'vars'>();
/** Interpreters that have compiled at least one dynamic scope (the fast check for all others). */
const anyDynamic = new WeakSet<Interpreter>();
/** The `var`s and functions a sloppy direct eval declared in a function scope, per run-time scope. */
const evalVarsOf = new WeakMap<Env, Map<string, any>>();

export function markDynamic(c: Compiler, s: CScope, kind: 'with' | 'vars'): void {
  dynamicKind.set(s, kind);
  anyDynamic.add(c.rt);
}

export function isDynamicScope(s: CScope): 'with' | 'vars' | undefined {
  return dynamicKind.get(s);
}

/** The eval-declared bindings of a run-time function scope (created on first declaration). */
export function evalVars(env: Env, create: boolean): Map<string, any> | undefined {
  let m = evalVarsOf.get(env);
  if (m === undefined && create) evalVarsOf.set(env, (m = new Map()));
  return m;
}

export interface DynamicScope {
  hops: number;
  kind: 'with' | 'vars';
}

/** The dynamic scopes a reference to `name` crosses before its static binding (null: none, fast path). */
export function dynamicScopesFor(c: Compiler, name: string): DynamicScope[] | null {
  if (!anyDynamic.has(c.rt)) return null;
  let out: DynamicScope[] | null = null;
  let hops = 0;
  for (let s = c.scope; s; s = s.parent, hops++) {
    if (s.bindings.has(name)) break;
    const k = dynamicKind.get(s);
    if (k !== undefined) (out ??= []).push({ hops, kind: k });
  }
  return out;
}

function envAt(env: Env, hops: number): Env {
  while (hops-- > 0) env = env.parent!;
  return env;
}

/** HasBinding of an object environment record (§9.1.1.2.1): the property, unless @@unscopables hides it. */
function withHas(rt: Interpreter, o: any, name: string): boolean {
  if (!(name in o)) return false;
  const unscopables = o[Symbol.unscopables];
  if ((typeof unscopables === 'object' || typeof unscopables === 'function') && unscopables !== null && unscopables[name]) return false;
  void rt;
  return true;
}

/** Where a dynamic reference lands at run time: [scope env, kind] or null (the static binding). */
function locate(rt: Interpreter, env: Env, dyn: DynamicScope[], name: string): { env: Env; kind: 'with' | 'vars' } | null {
  for (let i = 0; i < dyn.length; i++) {
    const e = envAt(env, dyn[i].hops);
    if (dyn[i].kind === 'with') {
      if (withHas(rt, e.slots[0], name)) return { env: e, kind: 'with' };
    } else {
      const m = evalVarsOf.get(e);
      if (m !== undefined && m.has(name)) return { env: e, kind: 'vars' };
    }
  }
  return null;
}

export function dynamicReader(c: Compiler, node: any, dyn: DynamicScope[], fallback: Fn, forTypeof: boolean): Fn {
  const rt = c.rt;
  const name = node.name;
  const strict = c.strict;
  return (env) => {
    const at = locate(rt, env, dyn, name);
    if (at === null) return fallback(env);
    if (at.kind === 'vars') return evalVars(at.env, false)!.get(name);
    const o = at.env.slots[0];
    // GetBindingValue (§9.1.1.2.6): the property may have gone since HasBinding.
    if (!forTypeof && strict && !(name in o)) rt.throwError('ReferenceError', `${name} is not defined`);
    return o[name];
  };
}

/** For calls: [function, this], where `this` is the `with` object the name was found on (§13.3.6.1 EvaluateCall). */
export function dynamicCallee(c: Compiler, node: any, dyn: DynamicScope[], fallback: Fn): (env: Env) => any {
  const rt = c.rt;
  const name = node.name;
  return (env) => {
    const at = locate(rt, env, dyn, name);
    if (at === null) return [fallback(env), undefined];
    if (at.kind === 'vars') return [evalVars(at.env, false)!.get(name), undefined];
    const o = at.env.slots[0];
    return [o[name], o];
  };
}

export function dynamicWriter(c: Compiler, node: any, dyn: DynamicScope[], fallback: (env: Env, v: any) => void): (env: Env, v: any) => void {
  const rt = c.rt;
  const name = node.name;
  const strict = c.strict;
  return (env, v) => {
    const at = locate(rt, env, dyn, name);
    if (at === null) return fallback(env, v);
    if (at.kind === 'vars') {
      evalVars(at.env, false)!.set(name, v);
      return;
    }
    rt.set(at.env.slots[0], name, v, strict);
  };
}

/** `delete name` (§13.5.1.2): eval-declared vars are deletable; a `with` object's property is deleted. */
export function dynamicDelete(c: Compiler, node: any, dyn: DynamicScope[], fallback: Fn): Fn {
  const rt = c.rt;
  const name = node.name;
  return (env) => {
    const at = locate(rt, env, dyn, name);
    if (at === null) return fallback(env);
    if (at.kind === 'vars') return evalVars(at.env, false)!.delete(name);
    return Reflect.deleteProperty(at.env.slots[0], name);
  };
}

// ---- with (§14.11) -----------------------------------------------------------------------------

function withScopeOf(c: Compiler, node: any): CScope {
  const s = new CScope('block', c.scope, false, `with (line ${node.loc.start.line})`);
  s.declare('%with', 'internal', null);
  markDynamic(c, s, 'with');
  return s;
}

/** `with (o) body`: the body runs in an object environment over ToObject(o). */
export function compileWith(c: Compiler, node: any): Fn {
  const rt = c.rt;
  const object = c.expr(node.object);
  const s = withScopeOf(c, node);
  c.pushScope(s);
  let body: Fn;
  try {
    body = stepped(c, node.body);
  } finally {
    c.popScope();
  }
  return (env) => {
    const o = rt.toObject(object(env));
    return body(rt.newEnv(env, [o]));
  };
}

export function gcompileWith(c: Compiler, node: any): GFn {
  const rt = c.rt;
  const object = c.gexpr(node.object);
  const s = withScopeOf(c, node);
  c.pushScope(s);
  let body: GFn;
  try {
    body = gstepped(c, node.body);
  } finally {
    c.popScope();
  }
  return function* (env) {
    const o = rt.toObject(yield* object(env));
    return yield* body(rt.newEnv(env, [o]));
  };
}

/** The static part of a reference, for callers that already resolved it. */
export type StaticRef = Resolved | null;
