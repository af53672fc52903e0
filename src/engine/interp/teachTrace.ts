// What the step trace records for teaching (src/engine/teach reads it back): execution contexts,
// function creation (closures), the scope a queued callback will run with, and every promise's
// life (creation, reactions, adoption, settlement, the jobs it queued).
//
// Invariant: these hooks only READ interpreter state and push plain data (numbers, short strings,
// previews made by rt.preview, which runs no guest code). They never call guest code, never read a
// guest property through a getter, and never change what the program does. Every caller guards
// with `if (rt.trace)`, so a run without a trace pays nothing. The events are compact: per call one
// `ctx`, per function object at most MAX_FN_EVENTS_PER_SITE `fn` events per (template, env) in a row.
import { types as utilTypes } from 'util';
import type { ReactionKind, ThisKind, TraceEvent } from '../types';
import type { Closure, Interpreter } from './runtime';
import type { Env } from './values';
import type { FunctionTemplate } from './compiler';

/** More creations of one function in one environment add nothing a learner can see. */
const MAX_FN_EVENTS_PER_SITE = 8;

/**
 * Per function template: the environment it was last created in and how many times in a row. A loop
 * with a per-iteration scope creates each closure in a new environment: counting by (template, env)
 * pairs kept a Map entry and a string per closure for the whole run.
 */
interface SiteCount {
  env: Env;
  n: number;
}
const fnSiteCounts = new WeakMap<FunctionTemplate, SiteCount>();

function push(rt: Interpreter, e: TraceEvent): void {
  rt.trace!.push(e);
}

function short(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** Source text of a callee (`obj.method`, `fn`), short, for "where `this` came from". */
function calleeText(rt: Interpreter, node: any): string {
  const callee = node && (node.type === 'CallExpression' || node.type === 'NewExpression') ? node.callee : null;
  if (!callee || typeof callee.start !== 'number') return '';
  return short(rt.source.slice(callee.start, callee.end));
}

function isBoundFunction(f: any): boolean {
  // A guest Proxy's getOwnPropertyDescriptor trap would run guest code: a proxy is never "bound".
  if (typeof f !== 'function' || utilTypes.isProxy(f)) return false;
  // An own data property only: a guest getter named `name` is never called.
  const d = Object.getOwnPropertyDescriptor(f, 'name');
  return !!d && 'value' in d && typeof d.value === 'string' && d.value.startsWith('bound ');
}

/**
 * A function's execution context was entered: its environment holds the hoisted bindings and the
 * parameters (the creation phase is over), its first statement has not run yet.
 */
export function traceContext(rt: Interpreter, closure: Closure, env: Env, thisValue: any, newTarget: any): void {
  const t = closure.template;
  const frame = rt.stack[rt.stack.length - 1];
  const callNode = frame ? frame.callNode : null;
  let kind: ThisKind;
  let via = '';
  if (t.isArrow) kind = 'arrow';
  else if (newTarget !== undefined) kind = 'new';
  else if (t.name === '' && t.frameName === '(main script)') kind = 'script';
  else if (!callNode) kind = 'loop';
  else if (callNode === rt.callNode) {
    // Called by a built-in (a bound function, call/apply, an array method, a promise job...).
    const text = calleeText(rt, callNode);
    if (isBoundFunction(rt.builtinCallee)) kind = 'bound';
    else if (/\.(call|apply)$/.test(text)) kind = 'explicit';
    else kind = 'builtin';
    via = text;
  } else {
    const callee = callNode.callee;
    const member = callee && (callee.type === 'MemberExpression' || (callee.type === 'ChainExpression' && callee.expression.type === 'MemberExpression'));
    kind = member ? 'method' : 'call';
    via = calleeText(rt, callNode);
  }
  let thisPreview: string | undefined;
  if (kind !== 'arrow') thisPreview = thisValue === rt.global ? 'globalThis' : typeof thisValue === 'symbol' ? '<uninitialized>' : rt.preview(thisValue);
  const outer = closure.env;
  push(rt, {
    t: 'ctx',
    step: rt.steps,
    env: env.id,
    outer: outer ? outer.id : 0,
    outer2: outer && outer.parent ? outer.parent.id : 0,
    name: t.frameName,
    line: t.line,
    column: t.column,
    this: kind,
    thisPreview,
    via: via || undefined,
    callLine: callNode && callNode.loc ? callNode.loc.start.line : 0,
    fnKind: t.isAsync ? (t.isGenerator ? 'async generator' : 'async') : t.isGenerator ? 'generator' : t.isArrow ? 'arrow' : t.kind === 'class' ? 'class' : t.kind === 'method' || t.kind === 'getter' || t.kind === 'setter' ? 'method' : 'function',
    strict: t.strict,
  });
}

/** A function object was created in `env`: while it can be called, `env` (and its chain) stays alive. */
export function traceFunctionCreated(rt: Interpreter, t: FunctionTemplate, env: Env): void {
  if (!t.node || !t.node.loc || t.frameName === '(main script)') return;
  const site = fnSiteCounts.get(t);
  if (site === undefined) fnSiteCounts.set(t, { env, n: 1 });
  else if (site.env !== env) {
    site.env = env;
    site.n = 1;
  } else if (++site.n > MAX_FN_EVENTS_PER_SITE) return;
  push(rt, { t: 'fn', step: rt.steps, env: env.id, env2: env.parent ? env.parent.id : 0, name: t.name || (t.isArrow ? '(arrow)' : '(anonymous)'), line: t.line, column: t.column });
}

/** The callback of queue item or timer `id` will run in a scope whose outer environment is its closure's. */
export function traceCallbackScope(rt: Interpreter, id: number, callback: any): void {
  const c = typeof callback === 'function' ? rt.closureOf(callback) : undefined;
  if (!c || !c.env) return;
  push(rt, { t: 'cb', step: rt.steps, id, env: c.env.id, env2: c.env.parent ? c.env.parent.id : 0, name: c.template.name || `callback (line ${c.template.line})`, line: c.template.line });
}

// ---- promises -------------------------------------------------------------------------------

/** Where the promise being created comes from, as the program wrote it (`new Promise`, `p.then`, `fetch`). */
export function tracePromiseNew(rt: Interpreter, id: number): void {
  const call = rt.callNode;
  const at = call && call.loc ? call : rt.currentNode;
  const origin = call && (call.type === 'CallExpression' || call.type === 'NewExpression') ? (call.type === 'NewExpression' ? 'new ' : '') + calleeText(rt, call) : '';
  push(rt, { t: 'p-new', step: rt.steps, id, line: at && at.loc ? at.loc.start.line : 0, column: at && at.loc ? at.loc.start.column : 0, origin: origin || undefined });
}

/** A more precise origin than the call site gives (an async function's result, await's wrapper). */
export function tracePromiseOrigin(rt: Interpreter, id: number, origin: string, node?: any): void {
  const at = node && node.loc ? node : null;
  push(rt, { t: 'p-origin', step: rt.steps, id, origin, line: at ? at.loc.start.line : undefined });
}

export function tracePromiseSettle(rt: Interpreter, id: number, state: 'fulfilled' | 'rejected', value: any): void {
  push(rt, { t: 'p-settle', step: rt.steps, id, state, preview: rt.preview(value) });
}

export function tracePromiseReaction(rt: Interpreter, id: number, kind: ReactionKind, handler: any, node: any, derived: number, closure: Closure | null): void {
  let name = '';
  const c = typeof handler === 'function' ? rt.closureOf(handler) : undefined;
  // An anonymous handler is "callback"; the reaction's own line says where it was registered.
  if (c) name = c.template.name || (c.template.isArrow ? 'arrow callback' : 'callback');
  else if (closure) name = closure.template.frameName;
  push(rt, { t: 'p-react', step: rt.steps, id, kind, handler: name, line: node && node.loc ? node.loc.start.line : 0, derived });
}

/** Promise `id` was resolved with a thenable: NewPromiseResolveThenableJob `job` will call its `then`. */
export function tracePromiseAdopt(rt: Interpreter, id: number, target: number, job: number): void {
  const node = rt.currentNode;
  push(rt, { t: 'p-adopt', step: rt.steps, id, target, job, line: node && node.loc ? node.loc.start.line : 0 });
}

/** Settling promise `id` queued reaction job `job` (a then/catch/finally handler, an await continuation). */
export function tracePromiseJob(rt: Interpreter, id: number, job: number, kind: ReactionKind, state: 'fulfilled' | 'rejected', handler: any): void {
  // The handler's scope rides on the same event (one event per reaction job, not two).
  const c = handler ? rt.closureOf(handler) : undefined;
  const env = c && c.env ? c.env : null;
  push(rt, { t: 'p-job', step: rt.steps, id, job, kind, state, env: env ? env.id : undefined, env2: env && env.parent ? env.parent.id : undefined, name: c ? c.template.name || `callback (line ${c.template.line})` : undefined, line: c ? c.template.line : undefined });
}
