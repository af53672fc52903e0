// Joins the static scope model with what the simulation observed: BindingInfo[] and the hoisting
// diagnostics (tdz-read, var-undefined-read, call-before-assignment, loop-closure-var, sequential-await).

import type * as acorn from 'acorn';
import type { Analysis, BindingInfo, Diagnostic, Observation, RelatedInfo, TaskRecord } from '../types';
import { buildScopeModel, contextOfBinding, hoistingTick, isFunctionNode, isLoopNode, type Binding, type FunctionInfo, type Reference, type ScopeModel } from './model';

type AnyNode = acorn.Node & Record<string, any>;

export interface HoistingInput {
  program: acorn.Program;
  source: string;
  /** What the simulation recorded; [] for a purely static analysis. */
  observations?: Observation[];
  /** Run facts from the simulation (optional: without them only static findings are produced). */
  analysis?: Partial<Pick<Analysis, 'tasks' | 'console' | 'steps' | 'diagnostics' | 'stoppedBy'>>;
  /** Reuse a model already built for this program. */
  model?: ScopeModel;
}

export interface HoistingResult {
  bindings: BindingInfo[];
  diagnostics: Diagnostic[];
  /** The static model the result was computed from (handy for hoverAt). Not serialisable. */
  model: ScopeModel;
  /** Observations kept per binding id (for hover). */
  observedReads: Map<number, { kind: Observation['kind']; step: number; start: number }[]>;
}

const SYNC_ARRAY_METHODS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort']);
const DEFERRING_CALLS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback']);
const DEFERRING_METHODS = new Set(['then', 'catch', 'finally', 'nextTick', 'addEventListener', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

/** Name of the API a callback is handed to, when that API always calls it later (another task/microtask). */
export function deferringApi(call: AnyNode | null): string | null {
  if (!call || call.type !== 'CallExpression') return null;
  const c = call.callee;
  if (c.type === 'Identifier' && DEFERRING_CALLS.has(c.name)) return c.name;
  if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && DEFERRING_METHODS.has(c.property.name)) {
    const obj = c.object;
    if (c.property.name === 'nextTick') return obj.type === 'Identifier' && obj.name === 'process' ? 'process.nextTick' : null;
    if (['then', 'catch', 'finally'].includes(c.property.name)) return '.' + c.property.name + '()';
    if (c.property.name === 'addEventListener') return 'addEventListener';
    if (obj.type === 'Identifier' && ['window', 'globalThis', 'self', 'global'].includes(obj.name)) return c.property.name;
  }
  return null;
}

function kindWord(b: Binding): string {
  return b.kind === 'param' ? 'parameter' : b.kind === 'catch' ? 'catch parameter' : b.kind;
}

function declPhrase(model: ScopeModel, b: Binding): string {
  return `\`${b.kind === 'function' ? 'function ' + b.name : b.kind === 'class' ? 'class ' + b.name : b.kind + ' ' + b.name}\` (line ${model.pos(b.declStart).line})`;
}

export function analyzeHoisting(input: HoistingInput): HoistingResult {
  const { program, source } = input;
  const model = input.model ?? buildScopeModel(program, source);
  const observations = input.observations ?? [];
  const analysis = input.analysis ?? {};
  const tasks: TaskRecord[] = analysis.tasks ?? [];
  const diagnostics: Diagnostic[] = [];
  const line = (off: number) => model.pos(off).line;

  // ---- indexes -------------------------------------------------------------------------------
  const bindingByDecl = new Map<number, Binding>();
  for (const b of model.bindings) {
    for (const s of b.declStarts) {
      const prev = bindingByDecl.get(s);
      // Prefer the "real" binding over implicit inner names and Annex B copies.
      if (!prev || (prev.implicit && !b.implicit) || (prev.annexBOf && !b.annexBOf)) bindingByDecl.set(s, b);
    }
  }
  const refByStart = new Map<number, Reference>();
  for (const r of model.references) if (!refByStart.has(r.start) || r.isRead) refByStart.set(r.start, r);
  const bindingOfObs = (o: { declStart: number; start?: number }): Binding | undefined => {
    if (o.start !== undefined) {
      const r = refByStart.get(o.start);
      if (r?.binding) return r.binding;
    }
    return bindingByDecl.get(o.declStart);
  };

  const related = (b: Binding, msg?: string): RelatedInfo => ({
    ...model.range(b.declStart, b.declEnd),
    message: msg ?? `${kindWord(b)} \`${b.name}\` is declared here`,
  });

  const tryBlocks: AnyNode[] = [];
  const collectTries = (n: AnyNode) => {
    if (!n || typeof n.type !== 'string') return;
    hoistingTick(n);
    if (n.type === 'TryStatement' && n.handler) tryBlocks.push(n.block);
    for (const k in n) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && collectTries(c));
      else if (v && typeof v === 'object' && typeof v.type === 'string') collectTries(v);
    }
  };
  // A walk of the whole tree for try blocks: not when the text has no `try` at all.
  if (source.includes('try')) collectTries(program as AnyNode);

  /**
   * Was the error thrown at this offset caught? 1) the run's own uncaught-error diagnostic on that line
   * says no; 2) anything the program did later (console output, a task, another observation) says yes —
   * in Node an uncaught error ends the process; 3) otherwise a lexical try/catch around the access.
   */
  // A loop, not Math.max(...list): spreading 125k+ values overflows the stack.
  let lastStep = -1;
  for (const c of analysis.console ?? []) if (c.step > lastStep) lastStep = c.step;
  for (const t of tasks) if ((t.startStep ?? -1) > lastStep) lastStep = t.startStep!;
  for (const o of observations) if (o.step > lastStep) lastStep = o.step;
  const uncaught = (analysis.diagnostics ?? []).filter((d) => d.code === 'uncaught-error');
  const wasCaught = (start: number, step: number): boolean => {
    const p = model.pos(start);
    if (uncaught.some((d) => d.line === p.line)) return false;
    if (uncaught.length === 0 && analysis.stoppedBy && analysis.stoppedBy !== 'uncaught-error') return true;
    if (lastStep > step) return true;
    return lexicallyInTry(start);
  };
  const lexicallyInTry = (start: number): boolean => {
    const r = refByStart.get(start);
    const ctx = r?.context ?? program;
    return tryBlocks.some((t) => t.start <= start && start < t.end && (ctx === program || t.start > ctx.start));
  };

  const observed = new Set<string>(); // `${code}:${start}`
  const observedBindings = new Map<string, Set<number>>(); // code -> binding ids
  const observedReads = new Map<number, { kind: Observation['kind']; step: number; start: number }[]>();
  const noteObserved = (code: string, b: Binding | undefined, start: number, o: Observation) => {
    observed.add(`${code}:${start}`);
    if (b) {
      let s = observedBindings.get(code);
      if (!s) observedBindings.set(code, (s = new Set()));
      s.add(b.id);
      let list = observedReads.get(b.id);
      if (!list) observedReads.set(b.id, (list = []));
      list.push({ kind: o.kind, step: o.step, start });
    }
  };

  // ---- observed: tdz / var undefined / call before assignment ---------------------------------
  const seenObs = new Set<string>();
  for (const o of observations) {
    if (o.kind !== 'tdz-read' && o.kind !== 'var-undefined-read' && o.kind !== 'call-before-assignment') continue;
    const key = `${o.kind}:${o.start}`;
    if (seenObs.has(key)) continue;
    seenObs.add(key);
    const b = bindingOfObs(o);
    const where = model.range(o.start, o.end);
    const stepNote = `(simulation step ${o.step})`;
    if (o.kind === 'tdz-read') {
      const r = refByStart.get(o.start);
      const caught = wasCaught(o.start, o.step);
      const declLine = b ? line(b.declStart) : null;
      const kw = b ? b.kind : 'let/const';
      const verb = r && r.isWrite && !r.isRead ? 'assigned' : r?.isTypeof ? 'checked with `typeof`' : r?.isCallee ? 'called' : 'read';
      let msg =
        `\`${o.name}\` was ${verb} here while still in its temporal dead zone ${stepNote}: this threw ReferenceError: Cannot access '${o.name}' before initialization` +
        (caught ? ' (caught by the program).' : ', which ended the program.');
      if (b && declLine !== null) {
        msg += ` A \`${kw}\` binding is hoisted to the top of its scope but stays uninitialised until its declaration on line ${declLine} runs`;
        msg += r && r.context !== contextOfBinding(model, b) ? '; this code ran (inside a function) before that line did.' : '.';
        msg += ` Move the declaration above this use${r && r.context !== contextOfBinding(model, b) ? ', or call the function only after line ' + declLine : ''}.`;
      }
      diagnostics.push({ ...where, code: 'tdz-read', severity: caught ? 'warning' : 'error', message: msg, related: b ? [related(b)] : undefined, observed: true });
      noteObserved('tdz-read', b, o.start, o);
    } else if (o.kind === 'var-undefined-read') {
      if (!b) continue;
      // Only the hoisting surprise: the var was meant to get a value (it has an initialiser or is
      // read before its declaration). `var t; if (t) …` is ordinary code.
      const r = refByStart.get(o.start);
      const beforeDecl = o.start < Math.min(...b.declStarts);
      if (!b.init && !beforeDecl && !b.annexBOf) continue;
      if (r?.isTypeof) continue;
      const declLine = line(b.init ? b.init.start : b.declStart);
      const msg =
        `\`${o.name}\` was read here while still \`undefined\` ${stepNote}: \`var ${o.name}\` is hoisted to the top of ${b.scope.varScope.label} ` +
        `and initialised to \`undefined\`; its assignment on line ${declLine} had not run yet. ` +
        `Move the declaration above this use, or use \`let\`/\`const\` so an early read fails loudly instead of giving \`undefined\`.`;
      diagnostics.push({ ...where, code: 'var-undefined-read', severity: 'warning', message: msg, related: [related(b)], observed: true });
      noteObserved('var-undefined-read', b, o.start, o);
    } else {
      const caught = wasCaught(o.start, o.step);
      const declLine = b ? line(b.init ? b.init.start : b.declStart) : null;
      const what = b?.init && (b.init.type === 'ArrowFunctionExpression' ? 'an arrow function' : isFunctionNode(b.init) ? 'a function expression' : null);
      let msg =
        `\`${o.name}()\` was called here while \`${o.name}\` was still \`undefined\` ${stepNote}: this threw TypeError: ${o.name} is not a function` +
        (caught ? ' (caught by the program).' : ', which ended the program.');
      if (b && declLine !== null) {
        msg += ` Only the \`var ${o.name}\` declaration is hoisted, not ${what ?? 'the value'} assigned to it on line ${declLine}.`;
        msg += what ? ` Use a function declaration (\`function ${o.name}() {…}\`, fully hoisted) or move the call below line ${declLine}.` : ` Move the call below line ${declLine}.`;
      }
      diagnostics.push({ ...where, code: 'call-before-assignment', severity: caught ? 'warning' : 'error', message: msg, related: b ? [related(b)] : undefined, observed: true });
      noteObserved('call-before-assignment', b, o.start, o);
    }
  }

  // ---- static "possible" findings ------------------------------------------------------------
  const isObserved = (code: string, start: number) =>
    observed.has(`${code}:${start}`) || (code !== 'tdz-read' && (observed.has(`call-before-assignment:${start}`) || observed.has(`var-undefined-read:${start}`)));

  /** var: is the early read robustly "before any assignment"? (no loop carries a write to it, no closure writes it) */
  const writesByBinding = new Map<Binding, Reference[]>();
  const writesOf = (b: Binding): Reference[] => {
    let w = writesByBinding.get(b);
    if (!w) writesByBinding.set(b, (w = b.references.filter((x) => x.isWrite)));
    return w;
  };
  const varEarlySound = (r: Reference, b: Binding): boolean => {
    const ctx = contextOfBinding(model, b);
    const writes = writesOf(b);
    if (writes.some((w) => w.context !== ctx)) return false;
    if (!b.init && !b.annexBOf && !b.loopNode) return false;
    for (const loop of r.loops) if (writes.some((w) => w.start >= loop.start && w.end <= loop.end)) return false;
    return true;
  };

  for (const r of model.references) {
    const b = r.binding;
    if (!b || r.isDeclInit) continue;
    if (r.state === 'tdz') {
      if (isObserved('tdz-read', r.start)) continue;
      if (b.implicit === 'class-inner-name') continue;
      const verb = r.isWrite && !r.isRead ? 'Assigning' : r.isTypeof ? '`typeof` on' : r.isNew ? 'Using `new` on' : r.isCallee ? 'Calling' : 'Reading';
      const declLine = line(b.declStart);
      const msg =
        `${verb} \`${r.name}\` here, before its declaration on line ${declLine} has run, throws ReferenceError: Cannot access '${r.name}' before initialization. ` +
        (b.kind === 'param'
          ? `A parameter with a default value is uninitialised (in its temporal dead zone) until its own default has been evaluated, so a default cannot read a later parameter`
          : `\`${b.kind}\` bindings are hoisted but stay uninitialised (the temporal dead zone) until the declaration runs`) +
        (r.isTypeof ? ' — even `typeof` throws there.' : '.') +
        (b.kind === 'param' ? ' Reorder the parameters.' : ` Move the declaration above this line.`);
      diagnostics.push({ ...model.range(r.start, r.end), code: 'tdz-read', severity: 'warning', message: 'Possible TDZ error: ' + msg, related: [related(b)], observed: false });
    } else if (r.state === 'undefined' && b.kind === 'var') {
      if (isObserved('var-undefined-read', r.start)) continue;
      if (!r.isRead || r.isTypeof) continue;
      if (!varEarlySound(r, b)) continue;
      const initLine = b.annexBOf ? line(b.annexBOf.scope.start) : line(b.init ? b.init.start : b.declStart);
      if (r.isCallee) {
        const what = b.init ? (b.init.type === 'ArrowFunctionExpression' ? 'arrow function' : isFunctionNode(b.init) ? 'function expression' : 'value') : 'function';
        const msg =
          `Possible TypeError: \`${r.name}\` is called here, but only its \`var\` declaration is hoisted — the ${what} is assigned on line ${initLine}, ` +
          `so here \`${r.name}\` is still \`undefined\` and the call throws TypeError: ${r.name} is not a function. ` +
          (b.annexBOf
            ? `(A function declared inside a block is only assigned to the function-level \`var\` when that block runs.)`
            : `Use a function declaration, or move the call below line ${initLine}.`);
        diagnostics.push({ ...model.range(r.start, r.end), code: 'call-before-assignment', severity: 'warning', message: msg, related: [related(b)], observed: false });
      } else {
        const msg =
          `Possible \`undefined\` read: \`var ${r.name}\` is hoisted to the top of ${b.scope.varScope.label} with the value \`undefined\`; ` +
          `it is assigned on line ${initLine}, after this read. Move the declaration above this line (or use \`let\`/\`const\`, which would throw instead of silently giving \`undefined\`).`;
        diagnostics.push({ ...model.range(r.start, r.end), code: 'var-undefined-read', severity: 'warning', message: msg, related: [related(b)], observed: false });
      }
    }
  }

  // Calls that run a function before a binding it reads is initialised (same run context, call textually first).
  const fnNodeOf = (b: Binding): acorn.Function | null => {
    if (b.kind === 'function' && !b.annexBOf && isFunctionNode(b.declarator as AnyNode)) return b.declarator as acorn.Function;
    if ((b.kind === 'const' || b.kind === 'let') && b.init && isFunctionNode(b.init as AnyNode)) return b.init as unknown as acorn.Function;
    return null;
  };
  const refsByContext = new Map<acorn.Node, Reference[]>();
  for (const r of model.references) {
    let l = refsByContext.get(r.context);
    if (!l) refsByContext.set(r.context, (l = []));
    l.push(r);
  }
  /** Functions that run synchronously where they are created: IIFEs, Promise executors, array callbacks. */
  const syncInvoked = (info: FunctionInfo | undefined): string | null => {
    if (!info) return null;
    if (info.iife) return 'this immediately-invoked function';
    const call = info.passedTo as AnyNode | null;
    if (!call) return null;
    if (call.type === 'NewExpression' && call.callee.type === 'Identifier' && call.callee.name === 'Promise') return 'the Promise executor (it runs synchronously)';
    if (call.type === 'CallExpression' && call.callee.type === 'MemberExpression' && !call.callee.computed && SYNC_ARRAY_METHODS.has(call.callee.property.name))
      return `the \`.${call.callee.property.name}()\` callback (it runs synchronously)`;
    return null;
  };
  const syncChildren = new Map<acorn.Node, acorn.Node[]>();
  for (const info of model.functions.values()) {
    if (!syncInvoked(info)) continue;
    let l = syncChildren.get(info.parentContext);
    if (!l) syncChildren.set(info.parentContext, (l = []));
    l.push(info.node);
  }
  const ctxOfBinding = new Map<number, acorn.Node>();
  const bctx = (b: Binding) => {
    let c = ctxOfBinding.get(b.id);
    if (!c) ctxOfBinding.set(b.id, (c = contextOfBinding(model, b)));
    return c;
  };
  /** Bindings of a run context that a call could reach before they get their value, latest-initialised first. */
  const lateByContext = new Map<acorn.Node, { b: Binding; until: number }[]>();
  const lateInfo = new Map<number, { context: acorn.Node; until: number }>();
  for (const b of model.bindings) {
    let until: number | null = null;
    if ((b.kind === 'let' || b.kind === 'const' || b.kind === 'class') && !b.implicit && b.tdzEnd !== undefined) until = b.tdzEnd;
    else if (b.kind === 'var' && b.init && !b.annexBOf) {
      let first = Infinity;
      for (const w of writesOf(b)) if (w.start < first) first = w.start;
      until = first !== Infinity ? first + 1 : null;
    }
    if (until === null) continue;
    let l = lateByContext.get(bctx(b));
    if (!l) lateByContext.set(bctx(b), (l = []));
    l.push({ b, until });
    lateInfo.set(b.id, { context: bctx(b), until });
  }
  for (const l of lateByContext.values()) l.sort((x, y) => y.until - x.until);
  /**
   * First reference to each pending binding reachable by running `fn`: its own body and synchronous
   * callbacks (depth 0) and the functions it calls directly (depth 1, let/const/class only). Deeper
   * chains are usually conditional: the simulation reports them when they really happen.
   */
  /** Per run context: ranges that only run conditionally (if branches, loop bodies, case bodies, `&&`/`?:` arms, catch). */
  const conditional = new Map<acorn.Node, [number, number][]>();
  const addCond = (ctx: acorn.Node, n: AnyNode | null | undefined) => {
    if (!n) return;
    let l = conditional.get(ctx);
    if (!l) conditional.set(ctx, (l = []));
    l.push([n.start, n.end]);
  };
  const collectConditional = (n: AnyNode, ctx: acorn.Node) => {
    if (!n || typeof n.type !== 'string') return;
    hoistingTick(n);
    if (isFunctionNode(n)) ctx = n;
    switch (n.type) {
      case 'IfStatement':
        addCond(ctx, n.consequent);
        addCond(ctx, n.alternate);
        break;
      case 'ConditionalExpression':
        addCond(ctx, n.consequent);
        addCond(ctx, n.alternate);
        break;
      case 'LogicalExpression':
        addCond(ctx, n.right);
        break;
      case 'SwitchCase':
        addCond(ctx, n);
        break;
      case 'WhileStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        addCond(ctx, n.body);
        break;
      case 'ForStatement':
        addCond(ctx, n.body);
        addCond(ctx, n.update);
        break;
      case 'CatchClause':
        addCond(ctx, n);
        break;
      case 'ChainExpression':
        addCond(ctx, n);
        break;
      case 'AssignmentPattern':
        addCond(ctx, n.right);
        break;
    }
    for (const k in n) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') collectConditional(c, ctx);
      } else if (v && typeof v === 'object' && typeof v.type === 'string') collectConditional(v, ctx);
    }
  };
  collectConditional(program as AnyNode, program);
  // AST ranges nest or are disjoint, so the outermost ones, sorted, answer "inside any?" by binary search.
  const outermost = new Map<acorn.Node, [number, number][]>();
  for (const [ctx, list] of conditional) {
    list.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    const out: [number, number][] = [];
    for (const r of list) if (!out.length || r[0] >= out[out.length - 1][1]) out.push(r);
    outermost.set(ctx, out);
  }
  /** Does this reference run whenever its function runs (not in a branch, loop body, …)? */
  const unconditional = (r: Reference) => {
    const list = outermost.get(r.context);
    if (!list) return true;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][0] <= r.start) lo = mid + 1;
      else hi = mid - 1;
    }
    return !(hi >= 0 && r.end <= list[hi][1]);
  };

  // The first reference to each binding reachable from (fn, callContext), whatever is pending: the
  // same for every call of fn from that context, so computed once (per call site it was quadratic).
  const hitsMemo = new Map<acorn.Node, Map<acorn.Node, Reference[]>>();
  const reachableHits = (fn: acorn.Node, callContext: acorn.Node): Reference[] => {
    let byCtx = hitsMemo.get(fn);
    if (!byCtx) hitsMemo.set(fn, (byCtx = new Map()));
    let hits = byCtx.get(callContext);
    if (!hits) byCtx.set(callContext, (hits = collectHits(fn, callContext)));
    return hits;
  };
  const collectHits = (fn: acorn.Node, callContext: acorn.Node): Reference[] => {
    const hits: Reference[] = [];
    const found = new Set<number>();
    const seen = new Set<acorn.Node>([fn]);
    const queue: { f: acorn.Node; depth: number }[] = [{ f: fn, depth: 0 }];
    while (queue.length && seen.size <= 100) {
      const { f, depth } = queue.shift()!;
      // Only functions nested in the caller's context see the caller's bindings (a recursive call
      // of the caller itself gets fresh ones).
      const sees = callContext === program || (f !== callContext && f.start >= callContext.start && f.end <= callContext.end);
      for (const r of refsByContext.get(f) ?? []) {
        const b = r.binding;
        if (!b) continue;
        if (sees && lateInfo.has(b.id) && !found.has(b.id) && (r.isRead || r.isWrite) && !r.isDeclInit && (depth === 0 || b.kind !== 'var') && unconditional(r)) {
          found.add(b.id);
          hits.push(r);
        }
        if (r.isCallee && depth < 1 && unconditional(r)) {
          const g = fnNodeOf(b);
          if (g && g !== callContext && !seen.has(g)) {
            seen.add(g);
            queue.push({ f: g, depth: depth + 1 });
          }
        }
      }
      for (const g of syncChildren.get(f) ?? []) {
        if (!seen.has(g) && g !== callContext) {
          seen.add(g);
          queue.push({ f: g, depth });
        }
      }
    }
    return hits;
  };
  // Call sites that run a function's body right away, in the caller's run context.
  interface CallSite {
    start: number;
    end: number;
    context: acorn.Node;
    loops: acorn.Node[];
    fn: acorn.Node;
    label: string;
  }
  const callSites: CallSite[] = [];
  for (const call of model.references) {
    if (!call.isCallee || !call.binding) continue;
    if (call.state === 'tdz' || call.state === 'undefined' || call.state === 'deferred') continue;
    const fn = fnNodeOf(call.binding);
    if (fn) callSites.push({ start: call.start, end: call.end, context: call.context, loops: call.loops, fn, label: `calling \`${call.name}()\` here` });
  }
  for (const info of model.functions.values()) {
    const how = syncInvoked(info);
    if (!how) continue;
    if (syncInvoked(model.functions.get(info.parentContext))) continue; // covered by its parent's site
    callSites.push({ start: info.node.start, end: Math.min(info.node.end, info.node.start + 8), context: info.parentContext, loops: info.loops, fn: info.node, label: how });
  }
  const viaCallSeen = new Set<string>();
  for (const call of callSites) {
    // Pending: bindings of the call's context that are not yet initialised at the call.
    const late = lateByContext.get(call.context);
    if (!late || !late.length || late[0].until <= call.start || call.fn === call.context) continue;
    const isPending = (b: Binding): boolean => {
      const info = lateInfo.get(b.id);
      if (!info || info.context !== call.context || info.until <= call.start) return false;
      if (viaCallSeen.has(`${b.id}`)) return false;
      return !(call.start < b.scope.start || call.start >= b.scope.end);
    };
    for (const x of reachableHits(call.fn, call.context)) {
      hoistingTick(x as unknown as AnyNode); // many calls of a function that reads many bindings: the deadline
      const b = x.binding!;
      if (!isPending(b)) continue;
      if (call.start < b.scope.start || call.start >= b.scope.end) continue;
      const key = `${b.id}`;
      if (viaCallSeen.has(key)) continue;
      const how = call.label;
      if ((b.kind === 'let' || b.kind === 'const' || b.kind === 'class') && !b.implicit) {
        if (call.start >= (b.tdzEnd ?? 0)) continue;
        if (call.start < (b.tdzStart ?? 0)) continue;
        if (observedBindings.get('tdz-read')?.has(b.id)) continue;
        if (x.state === 'tdz') continue; // already reported at the read itself
        viaCallSeen.add(key);
        const msg =
          `Possible TDZ error: ${how} runs line ${line(x.start)}, which ${x.isWrite && !x.isRead ? 'assigns' : 'reads'} \`${b.name}\` — ` +
          `but \`${b.kind} ${b.name}\` is only initialised on line ${line(b.declStart)}, after this call, so it would throw ReferenceError: Cannot access '${b.name}' before initialization. ` +
          `Run it after line ${line(b.declStart)} (a function may read a later \`${b.kind}\` as long as it is only called after the declaration has run).`;
        diagnostics.push({
          ...model.range(call.start, call.end),
          code: 'tdz-read',
          severity: 'warning',
          message: msg,
          related: [related(b), { ...model.range(x.start, x.end), message: `\`${b.name}\` is used here` }],
          observed: false,
        });
        break; // one finding per call site
      } else if (b.kind === 'var' && b.init && !b.annexBOf && x.isRead && !x.isTypeof) {
        const writes = writesOf(b);
        if (writes.some((w) => w.context !== call.context)) continue; // a function assigns it: order unknown
        if (writes.some((w) => w.start < call.start)) continue;
        if (call.loops.some((loop) => writes.some((w) => w.start >= loop.start && w.end <= loop.end))) continue;
        if (observedBindings.get('var-undefined-read')?.has(b.id) || observedBindings.get('call-before-assignment')?.has(b.id)) continue;
        viaCallSeen.add(key);
        const initLine = line(b.init.start);
        const msg =
          `Possible \`undefined\` read: ${how} runs line ${line(x.start)}, which ${x.isCallee ? 'calls' : 'reads'} \`${b.name}\`; ` +
          `\`var ${b.name}\` is hoisted with the value \`undefined\` and only assigned on line ${initLine}, after this call.` +
          (x.isCallee ? ` Calling it would throw TypeError: ${b.name} is not a function.` : '');
        diagnostics.push({
          ...model.range(call.start, call.end),
          code: x.isCallee ? 'call-before-assignment' : 'var-undefined-read',
          severity: 'warning',
          message: msg,
          related: [related(b), { ...model.range(x.start, x.end), message: `\`${b.name}\` is used here` }],
          observed: false,
        });
        break;
      }
    }
  }

  // ---- loop-closure-var ----------------------------------------------------------------------
  diagnostics.push(...loopClosures(model, observations, tasks, bindingOfObs, related));

  // ---- sequential-await ----------------------------------------------------------------------
  diagnostics.push(...sequentialAwaits(model, tasks, !!input.analysis && tasks.length > 0));

  // ---- bindings ------------------------------------------------------------------------------
  const values = new Map<number, { step: number; preview: string }[]>();
  for (const o of observations) {
    if (o.kind !== 'binding-write') continue;
    const b = bindingByDecl.get(o.declStart);
    if (!b) continue;
    let l = values.get(b.id);
    if (!l) values.set(b.id, (l = []));
    if (l.length < 8) l.push({ step: o.step, preview: o.preview });
  }
  const bindings: BindingInfo[] = [];
  for (const b of model.bindings) {
    if (b.implicit === 'class-inner-name' || b.annexBOf) continue;
    const info: BindingInfo = {
      id: b.id,
      name: b.name,
      kind: b.kind,
      decl: model.range(b.declStart, b.declEnd),
      scope: b.scope.label,
      scopeRange: model.range(b.scope.start, b.scope.end),
      initialState: b.initialState,
    };
    if (b.tdzStart !== undefined && b.tdzEnd !== undefined && (b.kind !== 'param' || b.initialState === 'uninitialized')) info.tdz = model.range(b.tdzStart, b.tdzEnd);
    const v = values.get(b.id);
    if (v) info.values = v.sort((a, c) => a.step - c.step);
    bindings.push(info);
  }

  diagnostics.sort((a, c) => a.line - c.line || a.column - c.column || a.code.localeCompare(c.code));
  return { bindings, diagnostics, model, observedReads };
}

// ---- loop-closure-var ------------------------------------------------------------------------

/** The value a simple counting `for (var i = A; i < B; i++)` loop leaves in `i`, when it can be read off the source. */
export function finalLoopValue(loop: AnyNode, name: string): string | null {
  if (loop.type !== 'ForStatement' || !loop.init || !loop.test || !loop.update) return null;
  const decl = loop.init.type === 'VariableDeclaration' ? loop.init.declarations.find((d: AnyNode) => d.id.type === 'Identifier' && d.id.name === name) : null;
  if (!decl || !decl.init || decl.init.type !== 'Literal' || typeof decl.init.value !== 'number') return null;
  const start = decl.init.value as number;
  const t = loop.test;
  if (t.type !== 'BinaryExpression' || t.left.type !== 'Identifier' || t.left.name !== name || t.right.type !== 'Literal' || typeof t.right.value !== 'number') return null;
  const u = loop.update;
  const inc =
    (u.type === 'UpdateExpression' && u.operator === '++' && u.argument.name === name) ||
    (u.type === 'AssignmentExpression' && u.operator === '+=' && u.left.name === name && u.right.type === 'Literal' && u.right.value === 1);
  if (!inc) return null;
  const n = t.right.value as number;
  if (t.operator === '<') return String(Math.max(start, n));
  if (t.operator === '<=') return String(Math.max(start, n + 1));
  return null;
}

function loopClosures(
  model: ScopeModel,
  observations: Observation[],
  tasks: TaskRecord[],
  bindingOfObs: (o: { declStart: number; start?: number }) => Binding | undefined,
  related: (b: Binding, msg?: string) => RelatedInfo
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The tasks that ran, by start: sorted only when a captured read of a loop `var` needs them (a
  // run of 50,000 task records paid ~2 ms for a sort nobody read).
  let ranSorted: TaskRecord[] | null = null;
  const ranTasks = (): TaskRecord[] => (ranSorted ??= tasks.filter((t) => t.startStep !== undefined).sort((a, b) => a.startStep! - b.startStep!));
  // The latest-started task running at `step`: tasks run one at a time, so a binary search for the
  // last start at or before `step` (a scan per observation was observations × tasks).
  const taskOfStep = (step: number): number => {
    const ran = ranTasks();
    let lo = 0;
    let hi = ran.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ran[mid].startStep! <= step) lo = mid + 1;
      else hi = mid - 1;
    }
    for (let i = hi; i >= 0 && i > hi - 64; i--) {
      const t = ran[i];
      if (t.endStep === undefined || step <= t.endStep) return t.id;
    }
    return -1; // -1: the main script
  };
  // writes per binding (steps), to find the task the loop ran in
  const writeSteps = new Map<number, number[]>();
  for (const o of observations) {
    if (o.kind !== 'binding-write') continue;
    const b = bindingOfObs(o);
    if (!b) continue;
    let l = writeSteps.get(b.id);
    if (!l) writeSteps.set(b.id, (l = []));
    l.push(o.step);
  }
  const confirmed = new Map<number, Observation & { kind: 'captured-var-read' }>();
  for (const o of observations) {
    if (o.kind !== 'captured-var-read') continue;
    const b = bindingOfObs(o);
    if (!b || !b.loopNode || b.kind !== 'var') continue;
    const loop = b.loopNode as AnyNode;
    const body = loop.body as AnyNode;
    if (o.start < body.start || o.end > body.end) continue; // the closure must be created in the loop body
    const ws = writeSteps.get(b.id);
    let later: boolean;
    if (ws && ws.length && ranTasks().length) {
      const loopTask = taskOfStep(ws[0]);
      later = taskOfStep(o.step) !== loopTask;
    } else {
      // Without task bookkeeping, trust the task id: the first write happened before any captured read.
      later = ws && ws.length ? o.step > ws.reduce((m, x) => (x > m ? x : m), -Infinity) && o.taskId !== 0 : false;
    }
    if (later && !confirmed.has(b.id)) confirmed.set(b.id, o);
  }

  const done = new Set<number>();
  for (const b of model.bindings) {
    if (b.kind !== 'var' || !b.loopNode || b.annexBOf) continue;
    const loop = b.loopNode as AnyNode;
    const body = loop.body as AnyNode;
    const bctx = contextOfBinding(model, b);
    let staticHit: { ref: Reference; fn: acorn.Node; api: string } | null = null;
    for (const r of b.references) {
      if (r.context === bctx || r.start < body.start || r.end > body.end) continue;
      // outermost function between the reference and the binding's context
      let fn: acorn.Node = r.context;
      for (;;) {
        const info = model.functions.get(fn);
        if (!info || info.parentContext === bctx) break;
        fn = info.parentContext;
      }
      const info = model.functions.get(fn);
      const api = deferringApi(info?.passedTo as AnyNode);
      if (api && fn.start >= body.start) {
        staticHit = { ref: r, fn, api };
        break;
      }
    }
    const obs = confirmed.get(b.id);
    if (!staticHit && !obs) continue;
    if (done.has(b.id)) continue;
    done.add(b.id);
    const ref = staticHit?.ref ?? b.references.find((r) => r.start === obs!.start) ?? null;
    const start = ref ? ref.start : obs!.start;
    const end = ref ? ref.end : obs!.end;
    const fin = finalLoopValue(loop, b.name);
    const how = staticHit ? `the callback passed to ${staticHit.api}` : 'a function created in this loop';
    const prints = fin !== null ? ` — every callback sees ${fin} (the classic ${fin}, ${fin}, ${fin})` : ' — every callback sees its final value';
    let msg =
      `\`${b.name}\` is declared with \`var\`, so there is ONE \`${b.name}\` for the whole loop (hoisted to ${b.scope.varScope.label}), shared by every iteration. ` +
      `${how[0].toUpperCase()}${how.slice(1)} runs after the loop has finished, when \`${b.name}\` already holds the value that ended the loop${prints}. ` +
      `Fix: declare it with \`let\` (\`for (let ${b.name} …)\`), which creates a fresh \`${b.name}\` for each iteration.`;
    if (obs) msg += ` The simulation confirmed it: the callback read \`${b.name}\` in a later task (step ${obs.step}).`;
    out.push({
      ...model.range(start, end),
      code: 'loop-closure-var',
      severity: 'warning',
      message: msg,
      related: [related(b, `\`var ${b.name}\` — one binding for all iterations; use \`let\``)],
      observed: !!obs,
    });
  }
  return out;
}

// ---- sequential-await ------------------------------------------------------------------------

interface AwaitStmt {
  stmt: AnyNode;
  awaitNode: AnyNode;
  arg: AnyNode;
  /** Names bound / assigned by the statement (for `obj.x = await …`: `obj`). */
  targets: acorn.Identifier[];
  /** `this.x = await …` */
  thisTarget: boolean;
}

function usesThis(n: AnyNode): boolean {
  if (!n || typeof n.type !== 'string') return false;
  if (n.type === 'ThisExpression') return true;
  if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return false;
  for (const k in n) {
    if (k === 'type' || k === 'start' || k === 'end' || k === 'loc') continue;
    const v = n[k];
    if (Array.isArray(v)) {
      if (v.some((c) => c && typeof c.type === 'string' && usesThis(c))) return true;
    } else if (v && typeof v === 'object' && typeof v.type === 'string' && usesThis(v)) return true;
  }
  return false;
}

function awaitStatement(s: AnyNode): AwaitStmt | null {
  let expr: AnyNode | null = null;
  let targets: acorn.Identifier[] = [];
  let thisTarget = false;
  const collect = (p: AnyNode, out: acorn.Identifier[]) => {
    if (!p) return;
    if (p.type === 'Identifier') out.push(p as acorn.Identifier);
    else if (p.type === 'ObjectPattern') p.properties.forEach((q: AnyNode) => collect(q.type === 'RestElement' ? q.argument : q.value, out));
    else if (p.type === 'ArrayPattern') p.elements.forEach((q: AnyNode) => collect(q, out));
    else if (p.type === 'RestElement') collect(p.argument, out);
    else if (p.type === 'AssignmentPattern') collect(p.left, out);
  };
  if (s.type === 'VariableDeclaration' && s.declarations.length === 1 && s.declarations[0].init) {
    expr = s.declarations[0].init;
    collect(s.declarations[0].id, targets);
  } else if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression' && s.expression.operator === '=') {
    expr = s.expression.right;
    collect(s.expression.left, targets);
    if (s.expression.left.type === 'MemberExpression') {
      // `obj.x = await …`: anything later that touches `obj` (or `this`) may depend on it.
      let root: AnyNode = s.expression.left;
      while (root.type === 'MemberExpression') root = root.object;
      targets = root.type === 'Identifier' ? [root as acorn.Identifier] : [];
      if (root.type === 'ThisExpression') thisTarget = true;
      else if (root.type !== 'Identifier') return null;
    }
  }
  if (!expr || expr.type !== 'AwaitExpression') return null;
  const arg = expr.argument;
  if (arg.type !== 'CallExpression' && arg.type !== 'NewExpression') return null;
  if (s.type === 'ExpressionStatement' && targets.length === 0 && !thisTarget) return null;
  return { stmt: s, awaitNode: expr, arg, targets, thisTarget };
}

function sequentialAwaits(model: ScopeModel, tasks: TaskRecord[], simulated: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const line = (o: number) => model.pos(o).line;
  const src = model.source;
  // References sorted by start, and by start offset, so a statement's references are a binary search away.
  const sortedRefs = model.references.slice().sort((a, b) => a.start - b.start);
  const refsAt = new Map<number, Reference[]>();
  for (const r of model.references) {
    const l = refsAt.get(r.start);
    if (l) l.push(r);
    else refsAt.set(r.start, [r]);
  }
  const refsIn = (n: AnyNode): Reference[] => {
    let lo = 0;
    let hi = sortedRefs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedRefs[mid].start < n.start) lo = mid + 1;
      else hi = mid;
    }
    const out: Reference[] = [];
    for (let i = lo; i < sortedRefs.length && sortedRefs[i].start < n.end; i++) if (sortedRefs[i].end <= n.end) out.push(sortedRefs[i]);
    return out;
  };

  const visitBlocks = (n: AnyNode, inAsync: boolean) => {
    if (!n || typeof n.type !== 'string') return;
    hoistingTick(n);
    if (isFunctionNode(n)) {
      const fnAsync = !!(n as AnyNode).async && !(n as AnyNode).generator;
      visitBlocks((n as AnyNode).body, fnAsync);
      return;
    }
    if (inAsync && (n.type === 'BlockStatement' || n.type === 'StaticBlock')) scanBody(n.body);
    for (const k in n) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c.type === 'string' && visitBlocks(c, inAsync));
      else if (v && typeof v === 'object' && typeof v.type === 'string') visitBlocks(v, inAsync);
    }
  };

  const scanBody = (body: AnyNode[]) => {
    let run: AwaitStmt[] = [];
    const flush = () => {
      if (run.length >= 2) out.push(report(run));
      run = [];
    };
    for (const s of body) {
      const a = awaitStatement(s);
      if (!a) {
        flush();
        continue;
      }
      if (run.length) {
        const earlier = new Set<number>();
        for (const p of run) for (const t of p.targets) for (const r of refsAt.get(t.start) ?? []) if (r.binding) earlier.add(r.binding.id);
        const dependent =
          refsIn(a.stmt).some((r) => r.binding && earlier.has(r.binding.id) && !a.targets.some((t) => t.start === r.start)) ||
          (run.some((p) => p.thisTarget) && usesThis(a.stmt));
        if (dependent) {
          flush();
        }
      }
      run.push(a);
    }
    flush();
  };

  const awaitTasksAt = (a: AwaitStmt): TaskRecord[] => {
    const l = line(a.awaitNode.start);
    const l2 = line(a.arg.start);
    return tasks.filter((t) => t.source === 'await' && (t.line === l || t.line === l2) && t.startTime !== undefined);
  };
  /** Virtual ms from the start of the awaited call until its promise settled, when the settling task tells. */
  /**
   * Virtual ms from the start of the awaited call until its promise settled, estimated from the
   * macrotask that settled it: the last timer/fetch task that ran (at the same virtual time) before the
   * await continuation was queued; it was armed `delay` ms before it ran.
   */
  const settleDuration = (t: TaskRecord): number => {
    let best: TaskRecord | null = null;
    for (const m of tasks) {
      if (m.kind !== 'macrotask' || m.startStep === undefined || m.startTime === undefined) continue;
      if (m.id >= t.id || m.startStep > t.enqueueStep || m.startTime !== t.enqueueTime) continue;
      if (!best || m.id > best.id) best = m;
    }
    // Settled by microtasks alone (no task in between): no virtual time passed.
    if (!best) return 0;
    if (best.delay !== undefined) return Math.max(1, best.delay);
    return Math.max(0, best.startTime! - best.enqueueTime);
  };

  const report = (run: AwaitStmt[]): Diagnostic => {
    const first = run[0];
    const last = run[run.length - 1];
    const calls = run.map((a) => src.slice(a.arg.start, a.arg.end).replace(/\s+/g, ' '));
    const short = (c: string) => (c.length > 40 ? c.slice(0, 37) + '...' : c);
    const names = run.map((a) => (a.targets.length === 1 && a.stmt.type === 'VariableDeclaration' && a.stmt.declarations[0].id.type === 'Identifier' ? a.targets[0].name : null));
    const lhs = names.every((n) => n) ? `const [${names.join(', ')}] = ` : '';
    const suggestion = `${lhs}await Promise.all([${calls.map(short).join(', ')}])`;
    let timing = '';
    let seen = false;
    if (simulated) {
      const recs = run.map(awaitTasksAt);
      if (recs.every((r) => r.length > 0)) {
        const durs: number[] = [];
        for (let i = 0; i < run.length; i++) {
          const rec = recs[i][0];
          // await #i (i > 0) starts exactly when await #i-1 resumed: adjacent statements, no other await between.
          const d = i > 0 ? rec.startTime! - recs[i - 1][0].startTime! : settleDuration(rec);
          durs.push(Math.max(0, d));
        }
        seen = true;
        const total = durs.reduce((x, y) => x + y, 0);
        const par = Math.max(...durs);
        timing =
          ` In the simulation (virtual time, first run): ${run.map((a, i) => `\`${short(calls[i])}\` took ${durs[i]} ms`).join(', ')} — ${total} ms in sequence.` +
          ` Started together they would take about ${par} ms, saving about ${total - par} ms` +
          ` (the first duration is estimated from the task that settled its promise; the others are exact).`;
        if (total - par <= 0) timing += ' Here they settle without waiting, so the gain is small.';
      }
    }
    const msg =
      `${run.length} \`await\`s in a row wait one after another, but ${run.length === 2 ? 'the second does not use the result of the first' : 'none uses the result of an earlier one'} — ` +
      `the "await trap": each operation only starts when the previous one has finished.` +
      timing +
      ` To run them concurrently: \`${suggestion}\`.`;
    const related: RelatedInfo[] = run.slice(1).map((a, i) => ({ ...model.range(a.awaitNode.start, a.awaitNode.end), message: `await #${i + 2} — independent of the ones before` }));
    return { ...model.range(first.awaitNode.start, last.awaitNode.end), code: 'sequential-await', severity: 'info', message: msg, related, observed: seen };
  };

  // A walk of the whole tree for blocks of awaits: not when the text has no `await` at all.
  if (src.includes('await')) visitBlocks(model.program as AnyNode, false);
  return out;
}

export { isLoopNode };
