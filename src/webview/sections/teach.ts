// The panel's teaching sections: each call-stack frame opens into its execution context, a
// Closures box (environments that outlive their frame, and the scope each waiting callback will run
// with) and a Promises box (state, value, reactions, adoption, the jobs settlements queued).
// It draws `StepState.teach` (src/engine/teach) and knows no JavaScript semantics; all program
// text goes in as text nodes (dom.ts).
import type { StepState } from '../../shared/protocol';
import type { BindingView, ContextView, PromiseView, TeachState } from '../../engine/teach/types';
import { box, clear, h } from './dom';

type Post = (msg: { type: 'reveal'; line: number; column: number }) => void;

const THIS_WORDS: Record<string, string> = {
  call: 'plain call', method: 'method call', new: 'new', arrow: 'arrow → outer', bound: 'bound', explicit: 'call/apply', builtin: 'built-in callback', loop: 'event loop', script: 'main script',
};

function bindingItem(b: BindingView): HTMLElement {
  const tdz = b.state === 'uninitialized';
  const undef = !tdz && b.preview === 'undefined';
  return h('li', { class: `item binding${tdz ? ' tdz' : ''}${undef ? ' undef' : ''}`, 'aria-label': `${b.kind} ${b.name}: ${tdz ? 'uninitialised (temporal dead zone)' : b.preview}` },
    h('span', { class: 'bkind', text: b.kind }),
    h('span', { class: 'name', text: b.name }),
    h('span', { class: 'value', text: tdz ? 'uninitialised (TDZ)' : b.preview }));
}

function bindingList(bs: BindingView[], empty: string): HTMLElement {
  const ul = h('ul', { class: 'items nested', role: 'list' });
  if (!bs.length) ul.append(h('li', { class: 'empty', text: empty }));
  for (const b of bs) ul.append(bindingItem(b));
  return ul;
}

/** The execution context of one frame, as the tutorials draw it. */
export function contextDetails(c: ContextView, open: boolean): HTMLDetailsElement {
  const d = h('details', { class: `context${c.creation ? ' creation' : ''}`, 'data-env': c.env });
  d.open = open;
  const summary = h('summary', { 'aria-label': `Execution context of ${c.name}${c.creation ? ', creation phase' : ''}` },
    h('span', { text: c.creation ? 'Execution context — creation phase' : c.resumed ? 'Execution context (resumed)' : 'Execution context' }));
  d.append(summary);
  if (c.creation) d.append(h('p', { class: 'ctx-note', text: 'Bindings are hoisted before the first statement runs: var = undefined, functions whole, let/const/class uninitialised.' }));
  if (c.resumed) d.append(h('p', { class: 'ctx-note', text: 'Resumed after await/yield: the context was saved and is restored, with its bindings as they are now.' }));
  d.append(h('div', { class: 'ctx-part ctx-var' }, h('h3', { text: 'Variable environment (var, functions, parameters)' }), bindingList(c.variableEnv, '(none)')));
  const lex = h('div', { class: 'ctx-part ctx-lex' }, h('h3', { text: 'Lexical environment (let, const, class)' }));
  for (const l of c.lexicalEnv) {
    if (c.lexicalEnv.length > 1) lex.append(h('p', { class: 'ctx-sub', text: l.label }));
    lex.append(bindingList(l.bindings, '(none)'));
  }
  d.append(lex);
  d.append(h('div', { class: 'ctx-part ctx-this' }, h('h3', { text: 'this' }),
    h('p', { class: 'ctx-this-value' }, h('span', { class: 'badge this-kind', text: THIS_WORDS[c.thisKind] ?? c.thisKind }), ' ', h('code', { text: c.thisValue ?? '(from the outer environment)' })),
    h('p', { class: 'ctx-why', text: c.thisWhy })));
  d.append(h('div', { class: 'ctx-part ctx-outer' }, h('h3', { text: 'Outer environment reference' }),
    h('p', { text: c.outer ? `→ ${c.outer.label}` : '→ null (global)' })));
  // Opening a context must not also reveal the frame's line (the frame's own click does that).
  d.addEventListener('click', (ev) => ev.stopPropagation());
  d.addEventListener('keydown', (ev) => ev.stopPropagation());
  return d;
}

export interface TeachSections {
  /** Boxes to add to the panel's grid. */
  boxes: HTMLElement[];
  /** Draws the step (call after the panel drew its call stack into `stackList`). */
  render(s: StepState, stackList: HTMLElement): void;
  /** What the sections show, as text (for tests and the rendered report). */
  view(): { contexts: string[]; closures: string[]; promises: string[] };
  /** A new run: what the learner opened or selected belonged to the old one. */
  reset(): void;
}

export function createTeachSections(post: Post): TeachSections {
  const closuresBox = box('closures', 'Closures');
  const promisesBox = box('promises', 'Promises');
  /** Frames whose context the learner opened (by env id), kept across steps. */
  const openEnvs = new Set<number>();
  let selectedPromise = 0;
  let last: TeachState | undefined;

  function renderFrames(t: TeachState, stackList: HTMLElement): void {
    // The panel lists the stack top first; t.frames is bottom first.
    const lis = Array.from(stackList.querySelectorAll('li.frame'));
    lis.forEach((li, i) => {
      const c = t.frames[t.frames.length - 1 - i];
      if (!c) return;
      // The running context opens by itself in its creation phase; only what the learner opens stays open.
      const auto = !openEnvs.has(c.env) && i === 0 && c.creation;
      const d = contextDetails(c, openEnvs.has(c.env) || auto);
      let skipAutoToggle = auto; // `toggle` also fires for the open set here
      d.addEventListener('toggle', () => {
        if (skipAutoToggle) { skipAutoToggle = false; return; }
        if (d.open) openEnvs.add(c.env); else openEnvs.delete(c.env);
      });
      li.append(d);
    });
  }

  function renderClosures(t: TeachState): void {
    const items: HTMLElement[] = [];
    for (const c of t.closures) {
      const kept = c.keptBy.map((k) => `${k.name}${k.count > 1 ? ` ×${k.count}` : ''} (line ${k.line})`).join(', ');
      const li = h('li', { class: 'closure', 'data-env': c.env, 'aria-label': `Closure scope ${c.label}, kept alive by ${kept}` },
        h('div', { class: 'closure-head' },
          h('span', { class: 'name', text: c.label }),
          h('span', { class: 'meta', text: c.frameDone ? `${c.owner} returned — still alive` : `${c.owner} still running` })),
        h('p', { class: 'kept', text: `kept alive by ${kept}` }),
        c.queued.length ? h('p', { class: 'queued-note', text: `${c.queued.length} waiting callback${c.queued.length > 1 ? 's' : ''} will run with this scope` }) : null,
        bindingList(c.bindings, '(no bindings)'));
      items.push(li);
    }
    if (t.queued.length) {
      items.push(h('li', { class: 'scope-head', text: 'Waiting callbacks and the scope they will run with' }));
      for (const q of t.queued) {
        const vals = q.scope.map((sc) => `${sc.label}: ${sc.bindings.slice(0, 6).map((b) => `${b.name} = ${b.state === 'uninitialized' ? '‹TDZ›' : b.preview}`).join(', ')}`).join(' → ');
        items.push(h('li', { class: 'item queued-scope', 'aria-label': `${q.name} will run with ${vals}` },
          h('span', { class: 'name', text: q.name }), h('span', { class: 'meta', text: vals || '(no bindings)' })));
      }
    }
    clear(closuresBox.body);
    closuresBox.count.textContent = t.closureCount ? String(t.closureCount) : '';
    if (!items.length) closuresBox.body.append(h('li', { class: 'empty', text: '(no environment has outlived its frame yet)' }));
    for (const it of items) closuresBox.body.append(it);
  }

  function promiseItem(p: PromiseView): HTMLElement {
    const li = h('li', { class: `promise state-${p.state}${p.changedNow ? ' changed' : ''}${p.id === selectedPromise ? ' selected' : ''}`, 'data-promise': p.id, tabindex: 0, role: 'listitem',
      'aria-label': `Promise #${p.id}, ${p.origin}, line ${p.line}, ${p.state}${p.value !== undefined ? ` with ${p.value}` : ''}, ${p.reactions.length} reaction${p.reactions.length === 1 ? '' : 's'}` },
    h('div', { class: 'promise-head' },
      h('span', { class: 'pid', text: `#${p.id}` }),
      h('span', { class: 'name', text: p.origin }),
      h('span', { class: `badge pstate pstate-${p.state}`, text: p.state }),
      p.value !== undefined ? h('code', { class: 'pvalue', text: p.value }) : null,
      h('span', { class: 'meta', text: `line ${p.line}` })));
    if (p.waitingFor) li.append(h('p', { class: 'waiting', text: p.waitingFor.target ? `waiting for: adopts promise #${p.waitingFor.target} (job ${p.waitingFor.job} calls its then)` : `waiting for: a thenable (job ${p.waitingFor.job} calls its then)` }));
    if (p.reactions.length) {
      const ul = h('ul', { class: 'reactions', role: 'list' });
      for (const r of p.reactions) {
        const what = r.kind === 'await' ? `await continuation in ${r.handler || 'async function'}` : `${r.kind}${r.handler ? ` ${r.handler}` : ''}`;
        const then = r.derived ? ` → settles #${r.derived}` : '';
        const job = r.job ? ` · job ${r.job} ${r.jobState === 'ran' ? 'ran' : 'queued'}` : ' · waiting';
        ul.append(h('li', { class: `reaction${r.derived ? '' : ''}`, 'data-derived': r.derived || undefined, text: `${what}${r.line ? ` (line ${r.line})` : ''}${then}${job}` }));
      }
      li.append(ul);
    }
    if (p.history.length > 1) li.append(h('p', { class: 'meta', text: p.history.map((x) => `${x.state} ${x.preview} @${x.step}`).join(' → ') }));
    const select = () => {
      selectedPromise = selectedPromise === p.id ? 0 : p.id;
      if (p.line > 0) post({ type: 'reveal', line: p.line, column: p.column });
      highlightPromise();
    };
    li.addEventListener('click', select);
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); select(); } });
    return li;
  }

  /** The selected promise, the promises its reactions settle and the reactions pointing at it. */
  function highlightPromise(): void {
    const t = last;
    const related = new Set<number>();
    if (t && selectedPromise) {
      const p = t.promises.find((x) => x.id === selectedPromise);
      for (const r of p?.reactions ?? []) if (r.derived) related.add(r.derived);
      if (p?.waitingFor?.target) related.add(p.waitingFor.target);
      for (const q of t.promises) if (q.reactions.some((r) => r.derived === selectedPromise)) related.add(q.id);
    }
    for (const el of Array.from(promisesBox.body.querySelectorAll<HTMLElement>('li.promise'))) {
      const id = Number(el.dataset.promise);
      el.classList.toggle('selected', id === selectedPromise);
      el.classList.toggle('related', related.has(id));
      el.setAttribute('aria-selected', String(id === selectedPromise));
    }
  }

  function renderPromises(t: TeachState): void {
    clear(promisesBox.body);
    promisesBox.count.textContent = t.promiseCount ? String(t.promiseCount) : '';
    if (t.tickNotes.length) for (const n of t.tickNotes) promisesBox.body.append(h('li', { class: 'tick-note', role: 'note', text: n }));
    if (t.promiseCount > t.promises.length) promisesBox.body.append(h('li', { class: 'empty', text: `… ${t.promiseCount - t.promises.length} earlier promises` }));
    if (!t.promises.length) promisesBox.body.append(h('li', { class: 'empty', text: '(no promise created yet)' }));
    for (const p of t.promises) promisesBox.body.append(promiseItem(p));
    highlightPromise();
  }

  return {
    boxes: [closuresBox.box, promisesBox.box],
    render(s, stackList) {
      const t = s.teach;
      last = t;
      closuresBox.box.hidden = !t;
      promisesBox.box.hidden = !t;
      if (!t) return;
      renderFrames(t, stackList);
      renderClosures(t);
      renderPromises(t);
    },
    reset() {
      openEnvs.clear();
      selectedPromise = 0;
    },
    view() {
      const txt = (root: ParentNode, sel: string) => Array.from(root.querySelectorAll(sel)).map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim());
      return {
        contexts: txt(document, '#callstack details.context'),
        closures: txt(closuresBox.body, 'li.closure, li.queued-scope'),
        promises: txt(promisesBox.body, 'li.promise, li.tick-note'),
      };
    },
  };
}
