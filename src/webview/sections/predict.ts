// Predict the Output, the panel side: the printing lines in source order; the learner orders them
// (Alt+↑/↓ or the ↑/↓ buttons, drag and drop), reveals, sees each line marked right or wrong with
// the host's one-sentence explanation, a score, and can try again. The host grades (src/engine/teach/
// predict.ts); this view holds no semantics. All program text goes in as text nodes.
import type { HostMessage, PredictItem, PredictRenderedView, PredictResult, WebviewMessage } from '../../shared/protocol';
import { clear, h } from './dom';

export interface PredictView {
  root: HTMLElement;
  readonly active: boolean;
  onMessage(m: HostMessage): void;
}

export function createPredictView(post: (m: WebviewMessage) => void, setActive: (on: boolean) => void): PredictView {
  const root = h('section', { class: 'predict', id: 'predict', 'aria-labelledby': 'predict-h' });
  root.hidden = true;
  const heading = h('h2', { id: 'predict-h', text: 'Predict the Output' });
  const intro = h('p', { class: 'predict-intro', id: 'predict-intro' });
  const list = h('ol', { class: 'predict-list', 'aria-labelledby': 'predict-h', 'aria-describedby': 'predict-intro' });
  const live = h('p', { class: 'predict-live', role: 'status', 'aria-live': 'polite' });
  const scoreEl = h('p', { class: 'predict-score', role: 'status', 'aria-live': 'polite' });
  const revealBtn = h('button', { type: 'button', class: 'ctl play', id: 'predict-reveal', text: 'Reveal' });
  const retryBtn = h('button', { type: 'button', class: 'ctl', id: 'predict-retry', text: 'Try again' });
  const endBtn = h('button', { type: 'button', class: 'ctl', id: 'predict-end', text: 'End predict mode' });
  const actions = h('div', { class: 'controls predict-actions' }, revealBtn, retryBtn, endBtn);
  root.append(heading, intro, list, actions, scoreEl, live);

  let active = false;
  let items: PredictItem[] = [];
  let order: string[] = [];
  let result: PredictResult | undefined;
  let dragKey: string | undefined;

  const label = (it: PredictItem) => `line ${it.line}${it.of > 1 ? ` (output ${it.occurrence} of ${it.of})` : ''}`;

  function move(key: string, by: number): void {
    const i = order.indexOf(key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= order.length || result) return;
    order.splice(i, 1);
    order.splice(j, 0, key);
    render(key);
    const it = items.find((x) => x.key === key)!;
    live.textContent = `${label(it)} moved to position ${j + 1} of ${order.length}.`;
  }

  function moveTo(key: string, target: number): void {
    const i = order.indexOf(key);
    if (i < 0 || result) return;
    order.splice(i, 1);
    order.splice(Math.max(0, Math.min(order.length, target)), 0, key);
    render(key);
  }

  function render(focusKey?: string): void {
    clear(list);
    const byKey = new Map(items.map((it) => [it.key, it]));
    const res = result ? new Map(result.items.map((r) => [r.key, r])) : undefined;
    order.forEach((key, pos) => {
      const it = byKey.get(key)!;
      const r = res?.get(key);
      const mark = r ? (r.correct ? '✓' : '✗') : '';
      const li = h('li', {
        class: `predict-item${r ? (r.correct ? ' right' : ' wrong') : ''}`, 'data-key': key, tabindex: 0, draggable: result ? undefined : 'true',
        'aria-label': `Position ${pos + 1} of ${order.length}: ${label(it)}, ${it.code}${r ? `. ${r.correct ? 'Right' : 'Wrong'}: it printed ${r.printed} at position ${r.actualPosition}.${r.explanation ? ' ' + r.explanation : ''}` : '. Alt+Up or Alt+Down moves it.'}`,
      },
      h('span', { class: 'pos', text: String(pos + 1) }),
      r ? h('span', { class: `mark ${r.correct ? 'right' : 'wrong'}`, 'aria-hidden': 'true', text: mark }) : null,
      h('span', { class: 'where', text: label(it) }),
      h('code', { class: 'code', text: it.code }),
      result ? null : h('span', { class: 'movers' },
        h('button', { type: 'button', class: 'ctl mover up', 'aria-label': `Move ${label(it)} up`, title: 'Move up (Alt+↑)', disabled: pos === 0, text: '↑' }),
        h('button', { type: 'button', class: 'ctl mover down', 'aria-label': `Move ${label(it)} down`, title: 'Move down (Alt+↓)', disabled: pos === order.length - 1, text: '↓' })),
      r ? h('div', { class: 'outcome' },
        h('span', { class: 'printed', text: `printed “${r.printed}” — position ${r.actualPosition}` }),
        r.explanation ? h('p', { class: 'why', text: r.explanation }) : null) : null);
      li.querySelector('.up')?.addEventListener('click', (e) => { e.stopPropagation(); move(key, -1); });
      li.querySelector('.down')?.addEventListener('click', (e) => { e.stopPropagation(); move(key, 1); });
      li.addEventListener('keydown', (e) => {
        if (e.altKey && e.key === 'ArrowUp') { e.preventDefault(); move(key, -1); }
        else if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); move(key, 1); }
        else if (!e.altKey && e.key === 'ArrowUp') { e.preventDefault(); (li.previousElementSibling as HTMLElement | null)?.focus(); }
        else if (!e.altKey && e.key === 'ArrowDown') { e.preventDefault(); (li.nextElementSibling as HTMLElement | null)?.focus(); }
        else if (e.key === 'Enter' && it.line > 0) post({ type: 'reveal', line: it.line, column: it.column });
      });
      li.addEventListener('dragstart', (e) => { dragKey = key; e.dataTransfer?.setData('text/plain', key); li.classList.add('dragging'); });
      li.addEventListener('dragend', () => { dragKey = undefined; li.classList.remove('dragging'); });
      li.addEventListener('dragover', (e) => { if (dragKey && !result) { e.preventDefault(); li.classList.add('drop-target'); } });
      li.addEventListener('dragleave', () => li.classList.remove('drop-target'));
      li.addEventListener('drop', (e) => {
        e.preventDefault();
        li.classList.remove('drop-target');
        if (dragKey && dragKey !== key) moveTo(dragKey, order.indexOf(key));
      });
      list.append(li);
    });
    revealBtn.hidden = !!result;
    retryBtn.hidden = !result;
    scoreEl.textContent = result ? `Score: ${result.score} / ${result.total}${result.score === result.total ? ' — all right!' : ''}` : '';
    if (focusKey) (list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
    post({ type: 'predictRendered', view: snapshot() });
  }

  function snapshot(): PredictRenderedView {
    const lis = Array.from(list.querySelectorAll('li.predict-item'));
    return {
      phase: result ? 'revealed' : 'ordering',
      items: lis.map((li) => `${li.querySelector('.where')?.textContent ?? ''} ${li.querySelector('.code')?.textContent ?? ''}`.trim()),
      marks: lis.map((li) => (li.classList.contains('right') ? 'right' : li.classList.contains('wrong') ? 'wrong' : '')),
      explanations: lis.map((li) => li.querySelector('.why')?.textContent ?? ''),
      score: scoreEl.textContent ?? '',
    };
  }

  revealBtn.addEventListener('click', () => post({ type: 'predictReveal', order: order.slice() }));
  retryBtn.addEventListener('click', () => post({ type: 'predictRetry' }));
  endBtn.addEventListener('click', () => post({ type: 'predictEnd' }));

  function show(on: boolean): void {
    active = on;
    root.hidden = !on;
    setActive(on);
  }

  return {
    root,
    get active() { return active; },
    onMessage(m) {
      switch (m.type) {
        case 'predict':
          items = m.items; order = items.map((it) => it.key); result = undefined;
          heading.textContent = `Predict the Output — ${m.title}`;
          intro.textContent = m.note ?? (items.length
            ? `These lines print (${m.runtime === 'node' ? 'Node' : 'browser'} profile). Put them in the order you think they print: Alt+↑/Alt+↓ or the arrows move the focused line, or drag it. Then Reveal.`
            : 'This file prints nothing: there is nothing to predict.');
          show(true);
          render();
          (list.firstElementChild as HTMLElement | null)?.focus();
          break;
        case 'predictResult':
          result = m.result;
          order = m.result.items.map((r) => r.key);
          render();
          live.textContent = scoreEl.textContent ?? '';
          break;
        case 'predictEnd':
          show(false);
          break;
      }
    },
  };
}
