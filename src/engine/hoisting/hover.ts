// Hover text for an identifier position: kind, declaration line, hoisting, state at this point,
// and the values the simulation saw. Markdown-friendly plain text.

import type { BindingInfo, Diagnostic } from '../types';
import { contextOfBinding, type Binding, type Reference, type ScopeModel } from './model';
import { finalLoopValue } from './analyze';

export interface HoverData {
  bindings?: BindingInfo[];
  diagnostics?: Diagnostic[];
  /** From analyzeHoisting: observed error reads per binding id. */
  observedReads?: Map<number, { kind: string; step: number; start: number }[]>;
}

function kindLabel(b: Binding): string {
  switch (b.kind) {
    case 'param':
      return 'parameter';
    case 'catch':
      return 'catch parameter';
    case 'function':
      return b.implicit === 'fn-expr-name' ? 'function expression name' : 'function';
    default:
      return b.kind;
  }
}

function fnName(model: ScopeModel, ctx: unknown): string {
  const info = model.functions.get(ctx as any);
  if (!info) return 'the top-level code';
  return info.name ? `function \`${info.name}\` (line ${info.line})` : `the ${info.isArrow ? 'arrow ' : ''}function on line ${info.line}`;
}

/** Line at which a var first gets a value (its initialiser, else the first assignment). */
function varValueLine(model: ScopeModel, b: Binding): number | null {
  if (b.annexBOf) return model.pos(b.annexBOf.scope.start).line;
  if (b.init) return model.pos(b.init.start).line;
  const ctx = contextOfBinding(model, b);
  const w = b.references.filter((r) => r.isWrite && r.context === ctx).sort((x, y) => x.start - y.start)[0];
  return w ? model.pos(w.start).line : null;
}

function hoistPhrase(model: ScopeModel, b: Binding): string {
  const declLine = model.pos(b.declStart).line;
  switch (b.kind) {
    case 'var': {
      if (b.annexBOf)
        return `function declared in a block (line ${declLine}); in sloppy mode it also creates this function-level \`var\` in ${b.scope.label}, \`undefined\` until the block runs`;
      const vl = varValueLine(model, b);
      return `hoisted to the top of ${b.scope.label}, initialised to \`undefined\`${vl ? `; gets its value on line ${vl}` : ''}`;
    }
    case 'let':
    case 'const':
    case 'class':
      if (b.implicit === 'class-inner-name') return `the class's own name inside its body`;
      return `hoisted to the top of ${b.scope.label} but uninitialised — in its temporal dead zone (TDZ) until line ${declLine}`;
    case 'function':
      if (b.implicit === 'fn-expr-name') return 'visible only inside the function itself, read-only';
      return b.scope.kind === 'block' || b.scope.kind === 'switch'
        ? `fully hoisted (with its value) to the top of ${b.scope.label}`
        : `fully hoisted (with its value) to the top of ${b.scope.label}`;
    case 'param':
      return b.initialState === 'uninitialized'
        ? `parameter of ${b.scope.label.replace(/^parameters of /, '')}; with default values, each parameter is in TDZ until its own default is evaluated`
        : `parameter of ${b.scope.label}, holds the argument passed`;
    case 'catch':
      return 'the caught exception, scoped to the catch clause';
    case 'import':
      return 'imported binding, initialised before the module body runs';
  }
}

function stateHere(model: ScopeModel, r: Reference | null, b: Binding, atLine: number): string {
  const declLine = model.pos(b.declStart).line;
  const lexical = b.kind === 'let' || b.kind === 'const' || b.kind === 'class';
  if (!r) {
    if (b.kind === 'function' && !b.annexBOf) return 'function, fully hoisted';
    if (lexical) return `declared here; in TDZ from the start of ${b.scope.label} until this declaration runs`;
    return 'declared here';
  }
  if (r.isDeclInit) {
    if (lexical) return `initialised here (line ${atLine}); in TDZ before this point`;
    if (b.kind === 'var') return `assigned here (line ${atLine}); \`undefined\` before`;
  }
  switch (r.state) {
    case 'function':
      return b.implicit === 'fn-expr-name' ? 'the function itself' : 'function, fully hoisted';
    case 'tdz':
      return `in TDZ until line ${declLine} — ${r.isWrite && !r.isRead ? 'assigning' : r.isTypeof ? 'even `typeof` on' : 'reading'} it here throws ReferenceError`;
    case 'undefined': {
      const vl = varValueLine(model, b) ?? declLine;
      return r.isCallee ? `hoisted, \`undefined\` until line ${vl} — calling it here throws TypeError: ${b.name} is not a function` : `hoisted, \`undefined\` until line ${vl}`;
    }
    case 'deferred': {
      const where = fnName(model, r.context);
      if (lexical && b.scope.kind === 'for')
        return `read inside ${where}, which runs later: each loop iteration has its own \`${b.name}\`, so it sees the value of the iteration that created it`;
      if (lexical)
        return `read inside ${where}, which runs later: fine if it is called after line ${declLine}; called before that, this read throws ReferenceError (TDZ)`;
      const loop = b.loopNode as any;
      if (loop && loop.body && r.start >= loop.body.start && r.end <= loop.body.end) {
        const fin = finalLoopValue(loop, b.name);
        return (
          `read inside ${where}, which runs later: it sees the ONE \`${b.name}\` shared by all iterations, with its value at that time` +
          (fin !== null ? ` (${fin} once the loop has ended)` : '') +
          `, not the value of the iteration that created it — \`let\` would give each iteration its own`
        );
      }
      const vl = varValueLine(model, b);
      return `read inside ${where}, which runs later: \`undefined\` if it runs before line ${vl ?? declLine}, otherwise its current value`;
    }
    default:
      if (b.kind === 'param') return b.initialState === 'uninitialized' ? 'initialised (its default has been evaluated)' : 'holds the argument';
      if (b.kind === 'catch') return 'the caught exception';
      if (b.kind === 'import') return 'imported, initialised';
      if (lexical) return `initialised (line ${declLine} has run)`;
      return `assigned before this point (hoisted; \`undefined\` until line ${varValueLine(model, b) ?? declLine})`;
  }
}

/** Hover text for the identifier at (1-based line, 0-based column), or null when there is none. */
export function hoverAt(model: ScopeModel, result: HoverData | null, line: number, column: number): string | null {
  const off = model.offsetOf(line, column);
  let ref: Reference | null = null;
  for (const r of model.references) if (r.start <= off && off <= r.end && (!ref || r.isRead)) ref = r;
  let b: Binding | null = ref?.binding ?? null;
  if (!ref) {
    for (const c of model.bindings) if (c.declStart <= off && off <= c.declEnd && (!b || (b.implicit && !c.implicit) || (b.annexBOf && !c.annexBOf))) b = c;
  }
  if (!ref && !b) return null;
  const lines: string[] = [];
  if (ref && !b) {
    const name = ref.name;
    if (ref.resolution === 'arguments') {
      lines.push(`**\`arguments\`** — the arguments object of ${fnName(model, ref.argumentsOf)}`);
      lines.push('Array-like list of the values passed to the call (not available in arrow functions, which see the enclosing one).');
    } else if (ref.resolution === 'global') {
      lines.push(`**\`${name}\`** — global, provided by the runtime (not declared in this file)`);
    } else {
      lines.push(`**\`${name}\`** — not declared in this file`);
      if (ref.isWrite && !ref.isRead)
        lines.push(ref.scope.strict ? `Assigning it throws ReferenceError: ${name} is not defined (strict mode).` : `Assigning it in sloppy mode creates an implicit global \`${name}\`.`);
      else if (ref.isTypeof) lines.push(`\`typeof ${name}\` is \`"undefined"\` — typeof does not throw for undeclared names.`);
      else lines.push(`Reading it throws ReferenceError: ${name} is not defined (unless something else defines a global \`${name}\`).`);
    }
    return lines.join('\n\n');
  }
  const bd = b!;
  // Annex B: a reference resolved to the function-level var copy of a block function.
  const declLine = model.pos(bd.declStart).line;
  const shownKind = bd.annexBOf ? 'var (from a function declared in a block)' : kindLabel(bd);
  lines.push(`**\`${bd.name}\`** — \`${shownKind}\`, declared on line ${declLine}`);
  lines.push(`Hoisting: ${hoistPhrase(model, bd)}.`);
  lines.push(`Here (line ${line}): ${stateHere(model, ref, bd, line)}.`);

  const obs = result?.observedReads?.get(bd.id) ?? [];
  const here = ref ? obs.filter((o) => o.start === ref!.start) : [];
  for (const o of here) {
    if (o.kind === 'tdz-read') lines.push(`Simulation: this access threw ReferenceError at step ${o.step} (TDZ).`);
    else if (o.kind === 'var-undefined-read') lines.push(`Simulation: read \`undefined\` here at step ${o.step}.`);
    else if (o.kind === 'call-before-assignment') lines.push(`Simulation: the call threw TypeError at step ${o.step} (\`${bd.name}\` was still \`undefined\`).`);
  }
  if (ref && ref.state === 'deferred' && here.length === 0 && result?.observedReads) {
    // The simulation ran: say so when it never hit the problem here.
    const lexical = bd.kind === 'let' || bd.kind === 'const' || bd.kind === 'class';
    if (lexical && (result.bindings?.find((x) => x.id === bd.id && x.name === bd.name)?.values?.length ?? 0) > 0)
      lines.push('Simulation: no TDZ error here — the function only ran after the declaration.');
  }
  const declPos = model.pos(bd.declStart);
  const info =
    result?.bindings?.find((x) => x.id === bd.id && x.name === bd.name && x.decl.line === declPos.line) ??
    result?.bindings?.find((x) => x.name === bd.name && x.decl.line === declPos.line && x.decl.column === declPos.column);
  if (info?.values?.length) {
    const vals = info.values.slice(0, 5).map((v) => `\`${v.preview}\` (step ${v.step})`);
    lines.push(`Values in the simulation: ${vals.join(', ')}${info.values.length > 5 ? ', …' : ''}.`);
  }
  const diags = (result?.diagnostics ?? []).filter((d) => ref && d.line === model.pos(ref.start).line && d.column === model.pos(ref.start).column);
  for (const d of diags) lines.push(`⚠ ${d.code}${d.observed ? ' (observed)' : ''}: ${d.message.split('. ')[0]}.`);
  return lines.join('\n\n');
}
