// Text-only DOM helpers for the panel's teaching sections: every string goes in as a text node or
// an attribute value, never as markup (the panel's rule: see src/webview/panel.ts).
export type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined | null | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A collapsible box like the panel's other sections (same classes, so the same styles). */
export function box(id: string, heading: string): { box: HTMLElement; body: HTMLElement; count: HTMLElement } {
  const count = h('span', { class: 'count', 'aria-hidden': 'true' });
  const hd = h('h2', { id: `${id}-h` }, h('span', { text: heading }), count);
  const body = h('ul', { class: 'items', role: 'list', 'aria-labelledby': `${id}-h` });
  const el = h('section', { class: `box ${id}`, id, 'aria-labelledby': `${id}-h` }, hd, body);
  return { box: el, body, count };
}
