// A small DOM, simulated exactly where event-loop programs look: the page the ground-truth tool
// serves (`<html><head>…</head><body><script src="/__browser-truth/program.js"></script></body>`),
// document/element/text nodes, attributes, classList, dataset and style as plain records, innerHTML
// parsed from simple markup, simple selectors, MutationObserver (one microtask per batch), focus,
// element.click(), the user's trusted clicks (browser/eventLoop.ts stops), DOMContentLoaded and load.
//
// Invariant: nodes are realm objects (Object.create of realm prototypes); their tree and attributes
// live in a host WeakMap keyed by the node, never reachable by guest code. Every walk over the tree
// counts work (workTick), so a huge guest-built tree cannot hang the host. No layout: sizes are 0.
import type { Interpreter } from '../runtime';
import type { BrowserLoop } from './eventLoop';
import type { Events, EventState } from './events';
import { workTick } from '../limits';
import { HostSignal } from '../values';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

const ELEMENT = 1;
const TEXT = 3;
const COMMENT = 8;
const DOCUMENT = 9;
const FRAGMENT = 11;

interface NodeState {
  type: number;
  /** Lower-case tag name (elements). */
  tag: string;
  parent: any;
  children: any[];
  attrs: [string, string][];
  data: string;
  style?: any;
  dataset?: any;
  classList?: any;
  value?: string;
  /** An input's checkedness (the `checked` attribute is only its default). */
  checked?: boolean;
}

interface Registration {
  observer: any;
  options: { childList: boolean; attributes: boolean; characterData: boolean; subtree: boolean; attributeOldValue: boolean; characterDataOldValue: boolean; attributeFilter: string[] | null };
}

interface ObserverState {
  callback: any;
  records: any[];
  targets: any[];
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SELF_CLOSING_SIBLINGS = new Set(['li', 'p', 'option', 'tr', 'td', 'th', 'dt', 'dd']);
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);
const FOCUSABLE = new Set(['button', 'input', 'select', 'textarea']);

export const PAGE_ORIGIN = 'http://browser-truth.localhost';
export const PAGE_URL = PAGE_ORIGIN + '/';

export class Dom {
  private readonly nodes = new WeakMap<object, NodeState>();
  readonly document: any;
  private readonly protos: Record<string, any> = {};
  readyState: 'loading' | 'interactive' | 'complete' = 'loading';
  activeElement: any = null;
  currentScript: any = null;
  private readonly registrations = new WeakMap<object, Registration[]>();
  private readonly observers = new WeakMap<object, ObserverState>();
  private readonly observerOrder: any[] = [];
  private moQueued = false;
  private native: Native;

  constructor(
    private readonly rt: Interpreter,
    private readonly browser: BrowserLoop,
    private readonly events: Events,
    private readonly define: (o: any, name: string | symbol, value: any, enumerable?: boolean) => void,
  ) {
    this.native = (name, length, fn) => rt.native(name, length, fn);
    this.makePrototypes();
    this.document = this.newNode('HTMLDocument', { type: DOCUMENT, tag: '#document', parent: null, children: [], attrs: [], data: '' });
    const html = this.element('html');
    const head = this.element('head');
    const meta = this.element('meta');
    this.st(meta).attrs.push(['charset', 'utf-8']);
    const title = this.element('title');
    this.insert(title, this.text('browser-truth'), null, false);
    const link = this.element('link');
    this.st(link).attrs.push(['rel', 'icon'], ['href', 'data:,']);
    for (const n of [meta, title, link]) this.insert(head, n, null, false);
    const body = this.element('body');
    const script = this.element('script');
    this.st(script).attrs.push(['src', '/__browser-truth/program.js']);
    this.insert(body, script, null, false);
    this.insert(html, head, null, false);
    this.insert(html, body, null, false);
    this.insert(this.document, html, null, false);
    this.currentScript = script;
    events.activation = (path, st, event) => this.activationFor(path, st, event);
    events.parentOf = (t: any, ev: EventState) => {
      if (t === this.document) return ev.type === 'load' ? null : rt.global;
      const s = this.nodes.get(t);
      return s ? s.parent : null;
    };
  }

  // ---- node state ------------------------------------------------------------------------------

  private st(n: any): NodeState {
    return this.nodes.get(n)!;
  }

  private need(n: any, what: string, kind = 'Node'): NodeState {
    const s = this.nodes.get(n);
    if (!s) this.rt.throwError('TypeError', `Failed to execute '${what}' on '${kind}': parameter 1 is not of type 'Node'.`);
    return s;
  }

  private self(t: any, what: string): NodeState {
    const s = this.nodes.get(t);
    if (!s) this.rt.throwError('TypeError', `Illegal invocation (${what})`);
    return s;
  }

  /** A NodeList / HTMLCollection snapshot: a realm array whose prototype is the list's (→ Array.prototype). */
  private list(kind: 'NodeList' | 'HTMLCollection', items: any[]): any {
    const a = this.rt.newArray(items);
    Object.setPrototypeOf(a, this.protos[kind]);
    return a;
  }

  /** How Chromium's console describes a node: `div#app.card`, `#text`, `#document`; null for a non-node. */
  describe(n: any): string | null {
    const s = this.nodes.get(n);
    if (!s) return null;
    if (s.type !== ELEMENT) return s.tag;
    const id = this.getAttr(n, 'id');
    const cls = (this.getAttr(n, 'class') ?? '').split(/\s+/).filter(Boolean);
    return s.tag + (id ? '#' + id : '') + cls.map((c) => '.' + c).join('');
  }

  isNode(n: any): boolean {
    return this.nodes.has(n);
  }

  private newNode(protoName: string, s: NodeState): any {
    const n = Object.create(this.protos[protoName]);
    this.nodes.set(n, s);
    return n;
  }

  element(tag: string): any {
    const t = tag.toLowerCase();
    return this.newNode(PROTO_OF_TAG[t] ?? 'HTMLElement', { type: ELEMENT, tag: t, parent: null, children: [], attrs: [], data: '' });
  }

  text(data: string): any {
    return this.newNode('Text', { type: TEXT, tag: '#text', parent: null, children: [], attrs: [], data });
  }

  private comment(data: string): any {
    return this.newNode('Comment', { type: COMMENT, tag: '#comment', parent: null, children: [], attrs: [], data });
  }

  private fragment(): any {
    return this.newNode('DocumentFragment', { type: FRAGMENT, tag: '#document-fragment', parent: null, children: [], attrs: [], data: '' });
  }

  private isConnected(n: any): boolean {
    for (let p = n, i = 0; p; p = this.st(p).parent, i++) {
      if (p === this.document) return true;
      if ((i & 1023) === 1023) workTick(this.rt);
    }
    return false;
  }

  private contains(a: any, b: any): boolean {
    for (let p = b, i = 0; p; p = this.st(p).parent, i++) {
      if (p === a) return true;
      if ((i & 1023) === 1023) workTick(this.rt);
    }
    return false;
  }

  /** Descendants in tree order (elements only when `elements`). */
  private *descendants(n: any, elements: boolean): Generator<any> {
    const stack: any[] = [...this.st(n).children].reverse();
    while (stack.length > 0) {
      workTick(this.rt);
      const c = stack.pop();
      const s = this.st(c);
      if (!elements || s.type === ELEMENT) yield c;
      for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]);
    }
  }

  private textOf(n: any): string {
    const s = this.st(n);
    if (s.type === TEXT || s.type === COMMENT) return s.data;
    let out = '';
    for (const d of this.descendants(n, false)) if (this.st(d).type === TEXT) out += this.st(d).data;
    return out;
  }

  // ---- tree mutation (with mutation records) -----------------------------------------------------

  private hierarchyCheck(parent: any, node: any, what: string): void {
    const ps = this.st(parent);
    if (ps.type !== ELEMENT && ps.type !== DOCUMENT && ps.type !== FRAGMENT) throw this.events.domException('HierarchyRequestError', `Failed to execute '${what}' on 'Node': This node type does not support this method.`);
    if (this.contains(node, parent)) throw this.events.domException('HierarchyRequestError', `Failed to execute '${what}' on 'Node': The new child element contains the parent.`);
    if (this.st(node).type === DOCUMENT) throw this.events.domException('HierarchyRequestError', `Failed to execute '${what}' on 'Node': Nodes of type '#document' may not be inserted inside nodes of type '${ps.tag}'.`);
  }

  /** Inserts node (or a fragment's children) before `ref` (null = at the end). */
  insert(parent: any, node: any, ref: any, record = true): void {
    // Every guest-reachable insertion keeps the tree a tree (no node inside itself).
    if (record) this.hierarchyCheck(parent, node, 'insertBefore');
    const ns = this.st(node);
    const nodes = ns.type === FRAGMENT ? [...ns.children] : [node];
    if (ns.type === FRAGMENT) {
      for (const c of nodes) this.st(c).parent = null;
      ns.children = [];
      if (record && nodes.length) this.queueRecord('childList', node, { removed: nodes });
    } else if (ns.parent) this.removeChild(ns.parent, node, record);
    if (nodes.length === 0) return;
    const ps = this.st(parent);
    let i = ref === null ? ps.children.length : ps.children.indexOf(ref);
    if (i < 0) i = ps.children.length;
    const prev = i > 0 ? ps.children[i - 1] : null;
    ps.children.splice(i, 0, ...nodes);
    for (const c of nodes) this.st(c).parent = parent;
    if (record) {
      this.queueRecord('childList', parent, { added: nodes, previousSibling: prev, nextSibling: ref });
      this.browser.domDirty = true;
    }
  }

  removeChild(parent: any, node: any, record = true): void {
    const ps = this.st(parent);
    const i = ps.children.indexOf(node);
    if (i < 0) return;
    const prev = i > 0 ? ps.children[i - 1] : null;
    const next = i + 1 < ps.children.length ? ps.children[i + 1] : null;
    ps.children.splice(i, 1);
    this.st(node).parent = null;
    if (this.activeElement && (this.activeElement === node || this.contains(node, this.activeElement))) this.activeElement = null;
    if (record) {
      this.queueRecord('childList', parent, { removed: [node], previousSibling: prev, nextSibling: next });
      this.browser.domDirty = true;
    }
  }

  private replaceAll(parent: any, nodes: any[]): void {
    for (const n of nodes) this.hierarchyCheck(parent, n, 'replaceChildren');
    const ps = this.st(parent);
    const removed = ps.children;
    for (const c of removed) this.st(c).parent = null;
    ps.children = [];
    const added: any[] = [];
    for (const n of nodes) {
      const s = this.st(n);
      if (s.type === FRAGMENT) {
        for (const c of s.children) added.push(c);
        s.children = [];
      } else {
        if (s.parent) this.removeChild(s.parent, n);
        added.push(n);
      }
    }
    for (const c of added) this.st(c).parent = parent;
    ps.children = added;
    if (removed.length || added.length) {
      this.queueRecord('childList', parent, { removed, added });
      this.browser.domDirty = true;
    }
  }

  getAttr(n: any, name: string): string | null {
    this.syncDataset(n);
    const a = this.st(n).attrs.find((x) => x[0] === name);
    return a ? a[1] : null;
  }

  setAttr(n: any, name: string, value: string): void {
    this.syncDataset(n);
    const s = this.st(n);
    const a = s.attrs.find((x) => x[0] === name);
    const old = a ? a[1] : null;
    if (a) a[1] = value;
    else s.attrs.push([name, value]);
    if (name.startsWith('data-') && s.dataset) s.dataset[dataKey(name)] = value;
    this.queueRecord('attributes', n, { name, oldValue: old });
    this.browser.domDirty = true;
  }

  removeAttr(n: any, name: string): void {
    this.syncDataset(n);
    const s = this.st(n);
    const i = s.attrs.findIndex((x) => x[0] === name);
    if (i < 0) return;
    const old = s.attrs[i][1];
    s.attrs.splice(i, 1);
    if (name.startsWith('data-') && s.dataset) delete s.dataset[dataKey(name)];
    this.queueRecord('attributes', n, { name, oldValue: old });
    this.browser.domDirty = true;
  }

  /** dataset is a plain record: its own string properties are the data-* attributes. */
  private syncDataset(n: any): void {
    const s = this.st(n);
    const d = s.dataset;
    if (!d) return;
    const keys = Object.keys(d);
    const want = new Map<string, string>();
    for (const k of keys) {
      workTick(this.rt);
      const v = d[k];
      want.set(dataAttr(k), typeof v === 'string' ? v : String(v));
    }
    s.attrs = s.attrs.filter((a) => !a[0].startsWith('data-') || want.has(a[0]));
    for (const [k, v] of want) {
      const a = s.attrs.find((x) => x[0] === k);
      if (a) a[1] = v;
      else s.attrs.push([k, v]);
    }
  }

  private setData(n: any, data: string): void {
    const s = this.st(n);
    const old = s.data;
    s.data = data;
    this.queueRecord('characterData', n, { oldValue: old });
    this.browser.domDirty = true;
  }

  private setText(n: any, text: string): void {
    const s = this.st(n);
    if (s.type === TEXT || s.type === COMMENT) return this.setData(n, text);
    if (s.type === DOCUMENT) return;
    this.replaceAll(n, text === '' ? [] : [this.text(text)]);
  }

  // ---- MutationObserver ----------------------------------------------------------------------------

  private queueRecord(type: 'childList' | 'attributes' | 'characterData', target: any, r: { added?: any[]; removed?: any[]; previousSibling?: any; nextSibling?: any; name?: string; oldValue?: string | null }): void {
    const interested = new Map<any, string | null | undefined>();
    for (let node = target, depth = 0; node; node = this.st(node).parent, depth++) {
      if ((depth & 1023) === 1023) workTick(this.rt);
      const regs = this.registrations.get(node);
      if (!regs) continue;
      for (const { observer, options: o } of regs) {
        if (node !== target && !o.subtree) continue;
        if (type === 'attributes' && (!o.attributes || (o.attributeFilter && !o.attributeFilter.includes(r.name!)))) continue;
        if (type === 'characterData' && !o.characterData) continue;
        if (type === 'childList' && !o.childList) continue;
        const wantOld = (type === 'attributes' && o.attributeOldValue) || (type === 'characterData' && o.characterDataOldValue);
        if (!interested.has(observer) || wantOld) interested.set(observer, wantOld ? r.oldValue : interested.get(observer));
      }
    }
    if (interested.size === 0) return;
    const rt: Interpreter = this.rt;
    for (const [observer, oldValue] of interested) {
      const rec = Object.create(this.protos.MutationRecord);
      const put = (k: string, v: any) => Object.defineProperty(rec, k, { value: v, writable: true, enumerable: true, configurable: true });
      put('type', type);
      put('target', target);
      put('addedNodes', rt.newArray(r.added ?? []));
      put('removedNodes', rt.newArray(r.removed ?? []));
      put('previousSibling', r.previousSibling ?? null);
      put('nextSibling', r.nextSibling ?? null);
      put('attributeName', type === 'attributes' ? r.name : null);
      put('attributeNamespace', null);
      put('oldValue', oldValue ?? null);
      this.observers.get(observer)!.records.push(rec);
    }
    if (!this.moQueued) {
      this.moQueued = true;
      rt.loop.enqueueMicrotask(() => this.notifyObservers(), 'MutationObserver', 'MutationObserver callbacks', rt.callNode ?? rt.currentNode);
      const last = rt.loop.tasks[rt.loop.tasks.length - 1];
      if (last && last.source === 'MutationObserver') last.detail = 'MutationObserver';
    }
  }

  /** The "notify mutation observers" microtask: each observer with records, in creation order. */
  private notifyObservers(): void {
    this.moQueued = false;
    const rt: Interpreter = this.rt;
    rt.task.detail = 'MutationObserver';
    for (const mo of this.observerOrder.slice()) {
      const s = this.observers.get(mo)!;
      if (s.records.length === 0) continue;
      const records = rt.newArray(s.records);
      s.records = [];
      try {
        rt.call(s.callback, mo, [records, mo]);
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        rt.loop.uncaught(rt.toGuest(e));
      }
    }
  }

  // ---- HTML: serialise, parse -------------------------------------------------------------------

  private serialize(n: any): string {
    let out = '';
    const s = this.st(n);
    for (const c of s.children) {
      workTick(this.rt);
      out += this.outer(c, s.tag);
    }
    return out;
  }

  private outer(n: any, parentTag = ''): string {
    const s = this.st(n);
    if (s.type === TEXT) return parentTag === 'script' || parentTag === 'style' ? s.data : escapeText(s.data);
    if (s.type === COMMENT) return `<!--${s.data}-->`;
    if (s.type !== ELEMENT) return this.serialize(n);
    this.syncDataset(n);
    const attrs = s.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    if (VOID.has(s.tag)) return `<${s.tag}${attrs}>`;
    return `<${s.tag}${attrs}>${this.serialize(n)}</${s.tag}>`;
  }

  /** Simple markup: elements, attributes, text, comments, character references. */
  private parseHTML(html: string, what: string): any[] {
    const top: any[] = [];
    const stack: any[] = [];
    const add = (n: any) => {
      if (stack.length) {
        const p = stack[stack.length - 1];
        this.st(p).children.push(n);
        this.st(n).parent = p;
      } else top.push(n);
    };
    let i = 0;
    const len = html.length;
    while (i < len) {
      workTick(this.rt);
      const lt = html.indexOf('<', i);
      if (lt < 0 || lt > i) {
        const end = lt < 0 ? len : lt;
        add(this.text(decodeEntities(html.slice(i, end))));
        i = end;
        continue;
      }
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        add(this.comment(html.slice(i + 4, end < 0 ? len : end)));
        i = end < 0 ? len : end + 3;
        continue;
      }
      const close = /^<\/([a-zA-Z][\w-]*)\s*>/.exec(html.slice(i, i + 200));
      if (close) {
        const tag = close[1].toLowerCase();
        const at = stack.map((n) => this.st(n).tag).lastIndexOf(tag);
        if (at >= 0) stack.length = at;
        i += close[0].length;
        continue;
      }
      const open = /^<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/.exec(html.slice(i, i + 5000));
      if (!open) {
        add(this.text(decodeEntities(html.slice(i, i + 1))));
        i++;
        continue;
      }
      const el = this.element(open[1]);
      // The parser's implied end tags, for the common cases: <li> closes an open <li>, <p> an open <p>,
      // and a block element closes an open <p>.
      const newTag = open[1].toLowerCase();
      const top = stack.length ? this.st(stack[stack.length - 1]).tag : '';
      if ((top === newTag && SELF_CLOSING_SIBLINGS.has(newTag)) || (top === 'p' && CLOSES_P.has(newTag))) stack.pop();
      const attrRe = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
      for (let m = attrRe.exec(open[2]); m; m = attrRe.exec(open[2])) {
        const name = m[1].toLowerCase();
        if (!this.st(el).attrs.some((a) => a[0] === name)) this.st(el).attrs.push([name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')]);
      }
      add(el);
      i += open[0].length;
      const tag = this.st(el).tag;
      if (tag === 'script' || tag === 'style' || tag === 'textarea' || tag === 'title') {
        const end = html.toLowerCase().indexOf(`</${tag}`, i);
        const body = html.slice(i, end < 0 ? len : end);
        if (body) {
          const t = this.text(tag === 'script' || tag === 'style' ? body : decodeEntities(body));
          this.st(el).children.push(t);
          this.st(t).parent = el;
        }
        i = end < 0 ? len : html.indexOf('>', end) + 1 || len;
      } else if (!VOID.has(tag) && !open[3]) stack.push(el);
    }
    void what;
    return top;
  }

  // ---- selectors ----------------------------------------------------------------------------------

  private selector(sel: string, what: string, on: string): Selector[] {
    try {
      return parseSelectorList(sel);
    } catch {
      throw this.events.domException('SyntaxError', `Failed to execute '${what}' on '${on}': '${sel}' is not a valid selector.`);
    }
  }

  matches(n: any, list: Selector[]): boolean {
    return list.some((c) => this.matchComplex(n, c, c.length - 1));
  }

  private matchComplex(n: any, c: Selector, i: number): boolean {
    if (!this.matchCompound(n, c[i].compound)) return false;
    if (i === 0) return true;
    const comb = c[i].combinator;
    const s = this.st(n);
    if (comb === '>') return !!s.parent && this.st(s.parent).type === ELEMENT && this.matchComplex(s.parent, c, i - 1);
    if (comb === ' ') {
      for (let p = s.parent; p && this.st(p).type === ELEMENT; p = this.st(p).parent) if (this.matchComplex(p, c, i - 1)) return true;
      return false;
    }
    const sibs = s.parent ? this.st(s.parent).children.filter((x) => this.st(x).type === ELEMENT) : [];
    const at = sibs.indexOf(n);
    if (comb === '+') return at > 0 && this.matchComplex(sibs[at - 1], c, i - 1);
    for (let j = at - 1; j >= 0; j--) if (this.matchComplex(sibs[j], c, i - 1)) return true;
    return false;
  }

  private matchCompound(n: any, parts: SimplePart[]): boolean {
    const s = this.st(n);
    if (s.type !== ELEMENT) return false;
    for (const p of parts) {
      workTick(this.rt);
      switch (p.kind) {
        case 'tag':
          if (p.name !== '*' && p.name !== s.tag) return false;
          break;
        case 'id':
          if (this.getAttr(n, 'id') !== p.name) return false;
          break;
        case 'class':
          if (!(this.getAttr(n, 'class') ?? '').split(/\s+/).includes(p.name)) return false;
          break;
        case 'attr': {
          const v = this.getAttr(n, p.name);
          if (v === null) return false;
          if (p.op === '=' && v !== p.value) return false;
          if (p.op === '~=' && !v.split(/\s+/).includes(p.value!)) return false;
          if (p.op === '^=' && !(p.value && v.startsWith(p.value))) return false;
          if (p.op === '$=' && !(p.value && v.endsWith(p.value))) return false;
          if (p.op === '*=' && !(p.value && v.includes(p.value))) return false;
          if (p.op === '|=' && !(v === p.value || v.startsWith(p.value + '-'))) return false;
          break;
        }
        case 'pseudo': {
          const sibs = s.parent ? this.st(s.parent).children.filter((x) => this.st(x).type === ELEMENT) : [n];
          if (p.name === 'first-child' && sibs[0] !== n) return false;
          if (p.name === 'last-child' && sibs[sibs.length - 1] !== n) return false;
          if (p.name === 'only-child' && sibs.length !== 1) return false;
          if (p.name === 'nth-child' && sibs.indexOf(n) + 1 !== p.index) return false;
          if (p.name === 'not' && this.matches(n, p.list!)) return false;
          if (p.name === 'checked' && !(s.checked ?? this.getAttr(n, 'checked') !== null)) return false;
          if (p.name === 'disabled' && this.getAttr(n, 'disabled') === null) return false;
          if (p.name === 'empty' && s.children.length > 0) return false;
          break;
        }
      }
    }
    return true;
  }

  private query(root: any, sel: string, what: string, on: string, all: boolean): any {
    const list = this.selector(sel, what, on);
    const out: any[] = [];
    for (const d of this.descendants(root, true)) {
      if (this.matches(d, list)) {
        if (!all) return d;
        out.push(d);
      }
    }
    return all ? this.list('NodeList', out) : null;
  }

  querySelector(sel: string): any {
    return this.query(this.document, sel, 'querySelector', 'Document', false);
  }

  // ---- checkboxes and radios: the click's activation behaviour ----------------------------------------

  private isChecked(n: any): boolean {
    const s = this.st(n);
    return s.checked ?? this.getAttr(n, 'checked') !== null;
  }

  /** The other radios of n's group (same name, same tree) lose their checkedness. */
  uncheckGroup(n: any): void {
    const name = this.getAttr(n, 'name');
    if (!name) return;
    let root = n;
    while (this.st(root).parent) root = this.st(root).parent;
    for (const d of this.descendants(root, true)) if (d !== n && this.st(d).tag === 'input' && this.getAttr(d, 'type') === 'radio' && this.getAttr(d, 'name') === name) this.st(d).checked = false;
  }

  private activationFor(path: any[], st: EventState, event: any): { pre(): void; cancelled(): void; post(fromLoop: boolean): void } | null {
    if (st.type !== 'click' || !Object.prototype.isPrototypeOf.call(this.events.classes.get('MouseEvent')!.proto, event)) return null;
    const el = path.find((n) => this.nodes.has(n) && this.st(n).tag === 'input' && /^(checkbox|radio)$/.test(this.getAttr(n, 'type') ?? '') && this.getAttr(n, 'disabled') === null);
    if (!el) return null;
    const radio = this.getAttr(el, 'type') === 'radio';
    const before = this.isChecked(el);
    let previous: any[] = [];
    return {
      pre: () => {
        if (radio) {
          const name = this.getAttr(el, 'name');
          let root = el;
          while (this.st(root).parent) root = this.st(root).parent;
          previous = name ? [...this.descendants(root, true)].filter((d) => d !== el && this.st(d).tag === 'input' && this.getAttr(d, 'name') === name && this.isChecked(d)) : [];
          this.uncheckGroup(el);
          this.st(el).checked = true;
        } else this.st(el).checked = !before;
      },
      cancelled: () => {
        this.st(el).checked = before;
        for (const p of previous) this.st(p).checked = true;
      },
      post: (fromLoop) => {
        if (radio && before) return;
        this.fire(el, 'Event', 'input', { bubbles: true, composed: true }, fromLoop);
        this.fire(el, 'Event', 'change', { bubbles: true }, fromLoop);
      },
    };
  }

  // ---- focus, clicks -------------------------------------------------------------------------------

  private focusable(n: any): boolean {
    const s = this.st(n);
    return s.type === ELEMENT && (FOCUSABLE.has(s.tag) || (s.tag === 'a' && this.getAttr(n, 'href') !== null) || this.getAttr(n, 'tabindex') !== null) && this.getAttr(n, 'disabled') === null;
  }

  focus(n: any, fromLoop: boolean): void {
    if (!this.focusable(n) || this.activeElement === n || !this.isConnected(n)) return;
    const old = this.activeElement;
    if (old) this.blur(old, fromLoop, n);
    this.activeElement = n;
    this.fire(n, 'FocusEvent', 'focus', { relatedTarget: old ?? null, composed: true }, fromLoop);
    this.fire(n, 'FocusEvent', 'focusin', { bubbles: true, relatedTarget: old ?? null, composed: true }, fromLoop);
  }

  private blur(n: any, fromLoop: boolean, next: any = null): void {
    if (this.activeElement !== n) return;
    this.activeElement = null;
    this.fire(n, 'FocusEvent', 'blur', { relatedTarget: next, composed: true }, fromLoop);
    this.fire(n, 'FocusEvent', 'focusout', { bubbles: true, relatedTarget: next, composed: true }, fromLoop);
  }

  private fire(target: any, cls: string, type: string, init: Record<string, any>, trusted: boolean, legacyTarget?: any): boolean {
    const e = this.events.create(cls, type, { view: cls === 'Event' ? undefined : this.rt.global, ...init }, trusted);
    return this.events.dispatch(target, e, trusted, legacyTarget);
  }

  /**
   * A trusted user click (the tool's Input.dispatchMouseEvent press + release): pointerdown,
   * mousedown, focus, pointerup, mouseup, click; the event loop calls each listener (checkpoints).
   */
  userClick(target: any): void {
    const mouse = { bubbles: true, cancelable: true, composed: true, detail: 1, button: 0, view: this.rt.global };
    const pointer = { ...mouse, detail: 0, pointerId: 1, pointerType: 'mouse', isPrimary: true, width: 1, height: 1 };
    this.fire(target, 'PointerEvent', 'pointerdown', { ...pointer, buttons: 1, pressure: 0.5 }, true);
    const down = this.fire(target, 'MouseEvent', 'mousedown', { ...mouse, buttons: 1 }, true);
    if (down) {
      let f = target;
      while (f && !this.focusable(f)) f = this.st(f).parent;
      if (f && this.st(f).type === ELEMENT) this.focus(f, true);
      else if (this.activeElement) this.blur(this.activeElement, true);
    }
    this.fire(target, 'PointerEvent', 'pointerup', { ...pointer, buttons: 0, pressure: 0 }, true);
    this.fire(target, 'MouseEvent', 'mouseup', { ...mouse, buttons: 0 }, true);
    this.fire(target, 'PointerEvent', 'click', { ...pointer, detail: 1, buttons: 0, pressure: 0 }, true);
  }

  /** DOMContentLoaded, then load, each a task at the start of the event loop (after the script). */
  loaded(): void {
    this.currentScript = null;
    const b = this.browser;
    const rt: Interpreter = this.rt;
    const node = null;
    b.runTask(
      b.job(
        () => {
          this.readyState = 'interactive';
          this.fire(this.document, 'Event', 'readystatechange', {}, true);
          this.fire(this.document, 'Event', 'DOMContentLoaded', { bubbles: true }, true);
        },
        'macrotask',
        'event',
        'macrotask',
        'DOMContentLoaded',
        node,
        undefined,
        'DOMContentLoaded',
      ),
    );
    b.runTask(
      b.job(
        () => {
          this.readyState = 'complete';
          this.fire(this.document, 'Event', 'readystatechange', {}, true);
          this.fire(rt.global, 'Event', 'load', {}, true, this.document);
        },
        'macrotask',
        'event',
        'macrotask',
        'load',
        node,
        undefined,
        'load',
      ),
    );
  }

  // ---- prototypes ---------------------------------------------------------------------------------

  private makePrototypes(): void {
    const rt: Interpreter = this.rt;
    const native = this.native;
    const define = this.define;
    const ev = this.events;
    const self = this;
    const g = rt.global;
    const cls = (name: string, parent: any, construct?: (thisArg: any, args: any[]) => any) => {
      const ctor: any = rt.realm.helpers.nativeCtor(
        (thisArg, args, newTarget) => {
          if (!construct || newTarget === undefined) rt.throwError('TypeError', newTarget === undefined ? `Failed to construct '${name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function.` : 'Illegal constructor');
          return construct!(thisArg, args);
        },
        name,
        0,
      );
      if (parent) {
        Object.setPrototypeOf(ctor.prototype, parent.prototype);
        Object.setPrototypeOf(ctor, parent);
      }
      Object.defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
      define(g, name, ctor);
      this.protos[name] = ctor.prototype;
      return ctor;
    };
    const get = (proto: any, name: string, fn: (s: NodeState, t: any) => any, set?: (s: NodeState, t: any, v: any) => void) =>
      Object.defineProperty(proto, name, {
        get: native(`get ${name}`, 0, (t) => fn(self.self(t, name), t)),
        set: set ? native(`set ${name}`, 1, (t, [v]) => (set(self.self(t, name), t, v), undefined)) : undefined,
        enumerable: true,
        configurable: true,
      });
    const method = (proto: any, name: string, length: number, fn: (s: NodeState, t: any, args: any[]) => any) => define(proto, name, native(name, length, (t, args) => fn(self.self(t, name), t, args)), true);
    const nodeArg = (n: any, what: string, on = 'Node') => {
      self.need(n, what, on);
      return n;
    };
    const toNodes = (args: any[]) => args.map((a) => (self.nodes.has(a) ? a : self.text(String(a))));

    const Node = cls('Node', ev.targetCtor);
    const N = Node.prototype;
    const nodeTypes: [string, number][] = [['ELEMENT_NODE', 1], ['ATTRIBUTE_NODE', 2], ['TEXT_NODE', 3], ['COMMENT_NODE', 8], ['DOCUMENT_NODE', 9], ['DOCUMENT_FRAGMENT_NODE', 11]];
    for (const [k, v] of nodeTypes) {
      Object.defineProperty(Node, k, { value: v, enumerable: true });
      Object.defineProperty(N, k, { value: v, enumerable: true });
    }
    get(N, 'nodeType', (s) => s.type);
    get(N, 'nodeName', (s) => (s.type === ELEMENT ? s.tag.toUpperCase() : s.tag));
    get(N, 'parentNode', (s) => s.parent);
    get(N, 'parentElement', (s) => (s.parent && self.st(s.parent).type === ELEMENT ? s.parent : null));
    get(N, 'childNodes', (s) => self.list('NodeList', s.children));
    get(N, 'firstChild', (s) => s.children[0] ?? null);
    get(N, 'lastChild', (s) => s.children[s.children.length - 1] ?? null);
    const sibling = (t: any, d: number, elements: boolean) => {
      const p = self.st(t).parent;
      if (!p) return null;
      const list = self.st(p).children;
      for (let i = list.indexOf(t) + d; i >= 0 && i < list.length; i += d) if (!elements || self.st(list[i]).type === ELEMENT) return list[i];
      return null;
    };
    get(N, 'nextSibling', (_s, t) => sibling(t, 1, false));
    get(N, 'previousSibling', (_s, t) => sibling(t, -1, false));
    get(N, 'ownerDocument', (s) => (s.type === DOCUMENT ? null : self.document));
    get(N, 'isConnected', (_s, t) => self.isConnected(t));
    get(
      N,
      'textContent',
      (s, t) => (s.type === DOCUMENT ? null : self.textOf(t)),
      (_s, t, v) => self.setText(t, v === null || v === undefined ? '' : String(v)),
    );
    get(
      N,
      'nodeValue',
      (s) => (s.type === TEXT || s.type === COMMENT ? s.data : null),
      (s, t, v) => {
        if (s.type === TEXT || s.type === COMMENT) self.setData(t, v === null ? '' : String(v));
      },
    );
    method(N, 'appendChild', 1, (_s, t, [n]) => {
      nodeArg(n, 'appendChild');
      self.hierarchyCheck(t, n, 'appendChild');
      self.insert(t, n, null);
      return n;
    });
    method(N, 'insertBefore', 2, (s, t, [n, ref]) => {
      nodeArg(n, 'insertBefore');
      if (ref !== null && ref !== undefined && !s.children.includes(ref)) throw ev.domException('NotFoundError', "Failed to execute 'insertBefore' on 'Node': The node before which the new node is to be inserted is not a child of this node.");
      self.hierarchyCheck(t, n, 'insertBefore');
      self.insert(t, n, ref === n ? sibling(n, 1, false) : ref ?? null);
      return n;
    });
    method(N, 'removeChild', 1, (s, t, [n]) => {
      nodeArg(n, 'removeChild');
      if (!s.children.includes(n)) throw ev.domException('NotFoundError', "Failed to execute 'removeChild' on 'Node': The node to be removed is not a child of this node.");
      self.removeChild(t, n);
      return n;
    });
    method(N, 'replaceChild', 2, (s, t, [n, old]) => {
      nodeArg(n, 'replaceChild');
      if (!s.children.includes(old)) throw ev.domException('NotFoundError', "Failed to execute 'replaceChild' on 'Node': The node to be replaced is not a child of this node.");
      self.hierarchyCheck(t, n, 'replaceChild');
      const next = sibling(old, 1, false);
      self.removeChild(t, old);
      self.insert(t, n, next === n ? sibling(n, 1, false) : next);
      return old;
    });
    method(N, 'contains', 1, (_s, t, [n]) => (self.nodes.has(n) ? self.contains(t, n) : false));
    method(N, 'hasChildNodes', 0, (s) => s.children.length > 0);
    const clone = (n: any, deep: boolean): any => {
      const s = self.st(n);
      const c = self.newNode(Object.getPrototypeOf(n) === self.protos.Document ? 'Document' : protoName(self, n), { type: s.type, tag: s.tag, parent: null, children: [], attrs: s.attrs.map((a) => [a[0], a[1]] as [string, string]), data: s.data });
      if (deep) for (const ch of s.children) {
        workTick(rt);
        const cc = clone(ch, true);
        self.st(c).children.push(cc);
        self.st(cc).parent = c;
      }
      return c;
    };
    method(N, 'cloneNode', 0, (_s, t, [deep]) => clone(t, !!deep));

    // ParentNode / ChildNode mixins, on Element, Document and DocumentFragment.
    const parentNode = (P: any, on: string) => {
      get(P, 'children', (s) => self.list('HTMLCollection', s.children.filter((c) => self.st(c).type === ELEMENT)));
      get(P, 'childElementCount', (s) => s.children.filter((c) => self.st(c).type === ELEMENT).length);
      get(P, 'firstElementChild', (s) => s.children.find((c) => self.st(c).type === ELEMENT) ?? null);
      get(P, 'lastElementChild', (s) => [...s.children].reverse().find((c) => self.st(c).type === ELEMENT) ?? null);
      method(P, 'append', 0, (_s, t, args) => {
        for (const n of toNodes(args)) {
          self.hierarchyCheck(t, n, 'append');
          self.insert(t, n, null);
        }
      });
      method(P, 'prepend', 0, (s, t, args) => {
        const first = s.children[0] ?? null;
        for (const n of toNodes(args)) {
          self.hierarchyCheck(t, n, 'prepend');
          self.insert(t, n, first);
        }
      });
      method(P, 'replaceChildren', 0, (_s, t, args) => self.replaceAll(t, toNodes(args)));
      method(P, 'querySelector', 1, (_s, t, [sel]) => self.query(t, String(sel), 'querySelector', on, false));
      method(P, 'querySelectorAll', 1, (_s, t, [sel]) => self.query(t, String(sel), 'querySelectorAll', on, true));
      method(P, 'getElementsByTagName', 1, (_s, t, [tag]) => self.list('HTMLCollection', [...self.descendants(t, true)].filter((d) => String(tag) === '*' || self.st(d).tag === String(tag).toLowerCase())));
      method(P, 'getElementsByClassName', 1, (_s, t, [names]) => {
        const want = String(names).split(/\s+/).filter(Boolean);
        return rt.newArray([...self.descendants(t, true)].filter((d) => want.length > 0 && want.every((c) => (self.getAttr(d, 'class') ?? '').split(/\s+/).includes(c))));
      });
    };
    const childNode = (P: any) => {
      method(P, 'remove', 0, (s, t) => {
        if (s.parent) self.removeChild(s.parent, t);
      });
      method(P, 'before', 0, (s, t, args) => {
        if (!s.parent) return;
        for (const n of toNodes(args)) self.insert(s.parent, n, t);
      });
      method(P, 'after', 0, (s, t, args) => {
        if (!s.parent) return;
        let ref = sibling(t, 1, false);
        for (const n of toNodes(args)) {
          self.insert(s.parent, n, ref);
          ref = sibling(n, 1, false);
        }
      });
      method(P, 'replaceWith', 0, (s, t, args) => {
        if (!s.parent) return;
        const parent = s.parent;
        const next = sibling(t, 1, false);
        self.removeChild(parent, t);
        for (const n of toNodes(args)) self.insert(parent, n, next);
      });
      get(P, 'nextElementSibling', (_s, t) => sibling(t, 1, true));
      get(P, 'previousElementSibling', (_s, t) => sibling(t, -1, true));
    };

    // ---- Document
    const Document = cls('Document', Node);
    const D = Document.prototype;
    parentNode(D, 'Document');
    const findTag = (tag: string) => {
      for (const d of self.descendants(self.document, true)) if (self.st(d).tag === tag) return d;
      return null;
    };
    get(D, 'documentElement', () => findTag('html'));
    get(D, 'head', () => findTag('head'));
    get(D, 'body', () => findTag('body'));
    get(
      D,
      'title',
      () => {
        const t = findTag('title');
        return t ? self.textOf(t).trim() : '';
      },
      (_s, _t, v) => {
        const t = findTag('title');
        if (t) self.setText(t, String(v));
      },
    );
    get(D, 'readyState', () => self.readyState);
    get(D, 'activeElement', () => self.activeElement ?? findTag('body'));
    get(D, 'currentScript', () => self.currentScript);
    get(D, 'defaultView', () => g);
    get(D, 'URL', () => PAGE_URL);
    get(D, 'visibilityState', () => 'visible');
    get(D, 'hidden', () => false);
    method(D, 'createElement', 1, (_s, _t, [tag]) => {
      const name = String(tag);
      if (!/^[a-zA-Z][\w.-]*$/.test(name)) throw ev.domException('InvalidCharacterError', `Failed to execute 'createElement' on 'Document': The tag name provided ('${name}') is not a valid name.`);
      return self.element(name);
    });
    method(D, 'createTextNode', 1, (_s, _t, [data]) => self.text(String(data)));
    method(D, 'createComment', 1, (_s, _t, [data]) => self.comment(String(data)));
    method(D, 'createDocumentFragment', 0, () => self.fragment());
    method(D, 'getElementById', 1, (_s, _t, [id]) => {
      for (const d of self.descendants(self.document, true)) if (self.getAttr(d, 'id') === String(id)) return d;
      return null;
    });
    method(D, 'hasFocus', 0, () => true);
    cls('HTMLDocument', Document);
    ev.handlerProperties(D, ['click', 'readystatechange', 'visibilitychange', 'keydown', 'keyup', 'input', 'change']);

    // ---- DocumentFragment, CharacterData, Text, Comment
    const DocumentFragment = cls('DocumentFragment', Node, (thisArg) => {
      self.nodes.set(thisArg, { type: FRAGMENT, tag: '#document-fragment', parent: null, children: [], attrs: [], data: '' });
      return thisArg;
    });
    parentNode(DocumentFragment.prototype, 'DocumentFragment');
    const CharacterData = cls('CharacterData', Node);
    const C = CharacterData.prototype;
    get(
      C,
      'data',
      (s) => s.data,
      (_s, t, v) => self.setData(t, v === null ? '' : String(v)),
    );
    get(C, 'length', (s) => s.data.length);
    childNode(C);
    const Text = cls('Text', CharacterData, (thisArg, [data]) => {
      self.nodes.set(thisArg, { type: TEXT, tag: '#text', parent: null, children: [], attrs: [], data: data === undefined ? '' : String(data) });
      return thisArg;
    });
    get(Text.prototype, 'wholeText', (s) => s.data);
    cls('Comment', CharacterData, (thisArg, [data]) => {
      self.nodes.set(thisArg, { type: COMMENT, tag: '#comment', parent: null, children: [], attrs: [], data: data === undefined ? '' : String(data) });
      return thisArg;
    });

    // ---- Element, HTMLElement
    const Element = cls('Element', Node);
    const E = Element.prototype;
    parentNode(E, 'Element');
    childNode(E);
    get(E, 'tagName', (s) => s.tag.toUpperCase());
    get(E, 'localName', (s) => s.tag);
    const reflect = (name: string, attr: string) =>
      get(
        E,
        name,
        (_s, t) => self.getAttr(t, attr) ?? '',
        (_s, t, v) => self.setAttr(t, attr, String(v)),
      );
    reflect('id', 'id');
    reflect('className', 'class');
    for (const name of ['title', 'lang', 'href', 'src', 'type', 'name', 'placeholder', 'alt', 'role'] as const) reflect(name, name);
    get(
      E,
      'checked',
      (s, t) => s.checked ?? self.getAttr(t, 'checked') !== null,
      (s, t, v) => {
        const on = !!v;
        if (on && self.getAttr(t, 'type') === 'radio') self.uncheckGroup(t);
        s.checked = on;
      },
    );
    get(
      E,
      'defaultChecked',
      (_s, t) => self.getAttr(t, 'checked') !== null,
      (_s, t, v) => (v ? self.setAttr(t, 'checked', '') : self.removeAttr(t, 'checked')),
    );
    for (const name of ['hidden', 'disabled', 'selected', 'readOnly', 'required'] as const) {
      const attr = name.toLowerCase();
      get(
        E,
        name,
        (_s, t) => self.getAttr(t, attr) !== null,
        (_s, t, v) => (v ? self.setAttr(t, attr, '') : self.removeAttr(t, attr)),
      );
    }
    get(
      E,
      'value',
      (s, t) => s.value ?? self.getAttr(t, 'value') ?? (s.tag === 'textarea' ? self.textOf(t) : ''),
      (s, _t, v) => {
        s.value = String(v);
      },
    );
    get(E, 'tabIndex', (s, t) => Number(self.getAttr(t, 'tabindex') ?? (FOCUSABLE.has(s.tag) ? 0 : -1)));
    get(
      E,
      'innerHTML',
      (_s, t) => self.serialize(t),
      (_s, t, v) => self.replaceAll(t, self.parseHTML(v === null ? '' : String(v), 'innerHTML')),
    );
    get(
      E,
      'outerHTML',
      (_s, t) => self.outer(t),
      (s, t, v) => {
        if (!s.parent) return;
        const parent = s.parent;
        const next = sibling(t, 1, false);
        self.removeChild(parent, t);
        for (const n of self.parseHTML(String(v), 'outerHTML')) self.insert(parent, n, next);
      },
    );
    get(
      E,
      'innerText',
      (_s, t) => self.textOf(t),
      (_s, t, v) => self.setText(t, String(v)),
    );
    method(E, 'getAttribute', 1, (_s, t, [name]) => self.getAttr(t, String(name).toLowerCase()));
    method(E, 'setAttribute', 2, (_s, t, [name, value]) => {
      const n = String(name).toLowerCase();
      if (!/^[^\s"'>/=]+$/.test(n)) throw ev.domException('InvalidCharacterError', `Failed to execute 'setAttribute' on 'Element': '${String(name)}' is not a valid attribute name.`);
      self.setAttr(t, n, String(value));
    });
    method(E, 'removeAttribute', 1, (_s, t, [name]) => self.removeAttr(t, String(name).toLowerCase()));
    method(E, 'hasAttribute', 1, (_s, t, [name]) => self.getAttr(t, String(name).toLowerCase()) !== null);
    method(E, 'hasAttributes', 0, (s) => s.attrs.length > 0);
    method(E, 'toggleAttribute', 1, (_s, t, [name, force]) => {
      const n = String(name).toLowerCase();
      const has = self.getAttr(t, n) !== null;
      const want = force === undefined ? !has : !!force;
      if (want && !has) self.setAttr(t, n, '');
      if (!want && has) self.removeAttr(t, n);
      return want;
    });
    method(E, 'getAttributeNames', 0, (s, t) => {
      self.syncDataset(t);
      return rt.newArray(s.attrs.map((a) => a[0]));
    });
    get(E, 'attributes', (s, t) => {
      self.syncDataset(t);
      return rt.newArray(
        s.attrs.map(([name, value]) => {
          const a = rt.newObject();
          a.name = name;
          a.value = value;
          return a;
        }),
      );
    });
    method(E, 'matches', 1, (_s, t, [sel]) => self.matches(t, self.selector(String(sel), 'matches', 'Element')));
    method(E, 'closest', 1, (_s, t, [sel]) => {
      const list = self.selector(String(sel), 'closest', 'Element');
      for (let p = t; p && self.st(p).type === ELEMENT; p = self.st(p).parent) if (self.matches(p, list)) return p;
      return null;
    });
    method(E, 'getBoundingClientRect', 0, () => {
      const r = rt.newObject();
      for (const k of ['x', 'y', 'width', 'height', 'top', 'right', 'bottom', 'left']) r[k] = 0;
      return r;
    });
    for (const k of ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'clientWidth', 'clientHeight', 'scrollTop', 'scrollLeft', 'scrollWidth', 'scrollHeight'] as const) get(E, k, () => 0);
    get(E, 'style', (s) => {
      if (!s.style) s.style = rt.newObject();
      return s.style;
    });
    get(E, 'dataset', (s) => {
      if (!s.dataset) {
        const d = rt.newObject();
        for (const [k, v] of s.attrs) if (k.startsWith('data-')) d[dataKey(k)] = v;
        s.dataset = d;
      }
      return s.dataset;
    });
    get(E, 'classList', (s, t) => {
      if (!s.classList) {
        s.classList = Object.create(self.protos.DOMTokenList);
        tokenOwner.set(s.classList, t);
      }
      return s.classList;
    });
    const HTMLElement = cls('HTMLElement', Element);
    const H = HTMLElement.prototype;
    define(H, 'click', native('click', 0, (t) => {
      self.self(t, 'click');
      if (self.getAttr(t, 'disabled') !== null) return undefined;
      self.fire(t, 'PointerEvent', 'click', { bubbles: true, cancelable: true, composed: true, pointerId: -1, pointerType: '' }, false);
      return undefined;
    }), true);
    define(H, 'focus', native('focus', 0, (t) => (self.self(t, 'focus'), self.focus(t, false), undefined)), true);
    define(H, 'blur', native('blur', 0, (t) => (self.self(t, 'blur'), self.blur(t, false), undefined)), true);
    ev.handlerProperties(H, ['click', 'dblclick', 'mousedown', 'mouseup', 'mouseover', 'mouseout', 'mousemove', 'pointerdown', 'pointerup', 'keydown', 'keyup', 'input', 'change', 'submit', 'focus', 'blur', 'load', 'error', 'scroll']);
    for (const [name, tags] of Object.entries(TAG_CLASSES)) {
      cls(name, HTMLElement);
      for (const t of tags) PROTO_OF_TAG[t] = name;
    }

    // ---- NodeList / HTMLCollection: snapshots (not live), arrays underneath
    for (const name of ['NodeList', 'HTMLCollection']) {
      const C = cls(name, null);
      Object.setPrototypeOf(C.prototype, rt.intr.Array.prototype);
      define(C.prototype, 'item', native('item', 1, (t, [i]) => (Array.isArray(t) ? t[Number(i) | 0] ?? null : null)), true);
      if (name === 'HTMLCollection') define(C.prototype, 'namedItem', native('namedItem', 1, (t, [k]) => (Array.isArray(t) ? t.find((e) => self.nodes.has(e) && (self.getAttr(e, 'id') === String(k) || self.getAttr(e, 'name') === String(k))) ?? null : null)), true);
    }
    // insertAdjacentHTML / Element / Text
    const adjacent = (t: any, where: any, nodes: any[], what: string) => {
      const s = self.st(t);
      const w = String(where).toLowerCase();
      if (w === 'beforebegin' || w === 'afterend') {
        if (!s.parent) return;
        let ref = w === 'beforebegin' ? t : sibling(t, 1, false);
        for (const n of nodes) {
          self.insert(s.parent, n, ref);
          if (w === 'afterend') ref = sibling(n, 1, false);
        }
      } else if (w === 'afterbegin') {
        const first = s.children[0] ?? null;
        for (const n of nodes) self.insert(t, n, first);
      } else if (w === 'beforeend') for (const n of nodes) self.insert(t, n, null);
      else throw ev.domException('SyntaxError', `Failed to execute '${what}' on 'Element': The value provided ('${String(where)}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.`);
    };
    method(E, 'insertAdjacentHTML', 2, (_s, t, [where, html]) => adjacent(t, where, self.parseHTML(String(html), 'insertAdjacentHTML'), 'insertAdjacentHTML'));
    method(E, 'insertAdjacentText', 2, (_s, t, [where, text]) => adjacent(t, where, [self.text(String(text))], 'insertAdjacentText'));
    method(E, 'insertAdjacentElement', 2, (_s, t, [where, el]) => {
      nodeArg(el, 'insertAdjacentElement', 'Element');
      adjacent(t, where, [el], 'insertAdjacentElement');
      return el;
    });

    // ---- DOMTokenList (classList)
    const tokenOwner = new WeakMap<object, any>();
    const TokenList = cls('DOMTokenList', null);
    const T = TokenList.prototype;
    const owner = (t: any) => {
      const o = tokenOwner.get(t);
      if (!o) rt.throwError('TypeError', 'Illegal invocation');
      return o;
    };
    const tokens = (el: any) => (self.getAttr(el, 'class') ?? '').split(/\s+/).filter(Boolean);
    const setTokens = (el: any, list: string[]) => self.setAttr(el, 'class', [...new Set(list)].join(' '));
    const checkToken = (tok: any, what: string) => {
      const s = String(tok);
      if (s === '') throw ev.domException('SyntaxError', `Failed to execute '${what}' on 'DOMTokenList': The token provided must not be empty.`);
      if (/\s/.test(s)) throw ev.domException('InvalidCharacterError', `Failed to execute '${what}' on 'DOMTokenList': The token provided ('${s}') contains HTML space characters, which are not valid in tokens.`);
      return s;
    };
    define(T, 'add', native('add', 0, (t, args) => {
      const el = owner(t);
      const toks = args.map((a) => checkToken(a, 'add'));
      setTokens(el, [...tokens(el), ...toks]);
      return undefined;
    }), true);
    define(T, 'remove', native('remove', 0, (t, args) => {
      const el = owner(t);
      const toks = args.map((a) => checkToken(a, 'remove'));
      if (self.getAttr(el, 'class') === null) return undefined;
      setTokens(el, tokens(el).filter((x) => !toks.includes(x)));
      return undefined;
    }), true);
    define(T, 'toggle', native('toggle', 1, (t, [tok, force]) => {
      const el = owner(t);
      const s = checkToken(tok, 'toggle');
      const has = tokens(el).includes(s);
      const want = force === undefined ? !has : !!force;
      if (want && !has) setTokens(el, [...tokens(el), s]);
      if (!want && has) setTokens(el, tokens(el).filter((x) => x !== s));
      return want;
    }), true);
    define(T, 'contains', native('contains', 1, (t, [tok]) => tokens(owner(t)).includes(String(tok))), true);
    define(T, 'replace', native('replace', 2, (t, [a, b]) => {
      const el = owner(t);
      const list = tokens(el);
      const i = list.indexOf(checkToken(a, 'replace'));
      if (i < 0) return false;
      list[i] = checkToken(b, 'replace');
      setTokens(el, list);
      return true;
    }), true);
    define(T, 'item', native('item', 1, (t, [i]) => tokens(owner(t))[Number(i)] ?? null), true);
    define(T, 'forEach', native('forEach', 1, (t, [fn, thisArg]) => {
      tokens(owner(t)).forEach((x, i) => rt.call(fn, thisArg, [x, i, t]));
      return undefined;
    }), true);
    define(T, 'toString', native('toString', 0, (t) => self.getAttr(owner(t), 'class') ?? ''), true);
    define(T, Symbol.iterator, native('[Symbol.iterator]', 0, (t) => rt.call(rt.intr.Array.prototype.values, rt.newArray(tokens(owner(t))), [])));
    Object.defineProperty(T, 'length', { get: native('get length', 0, (t) => tokens(owner(t)).length), enumerable: true, configurable: true });
    Object.defineProperty(T, 'value', {
      get: native('get value', 0, (t) => self.getAttr(owner(t), 'class') ?? ''),
      set: native('set value', 1, (t, [v]) => (self.setAttr(owner(t), 'class', String(v)), undefined)),
      enumerable: true,
      configurable: true,
    });

    // ---- MutationObserver, MutationRecord
    cls('MutationRecord', null);
    const MO = cls('MutationObserver', null, (thisArg, [callback]) => {
      if (typeof callback !== 'function') rt.throwError('TypeError', "Failed to construct 'MutationObserver': parameter 1 is not of type 'MutationCallback'.");
      self.observers.set(thisArg, { callback, records: [], targets: [] });
      self.observerOrder.push(thisArg);
      return thisArg;
    });
    const M = MO.prototype;
    const mo = (t: any, what: string) => {
      const s = self.observers.get(t);
      if (!s) rt.throwError('TypeError', `Illegal invocation (${what})`);
      return s;
    };
    define(M, 'observe', native('observe', 1, (t, [target, options]) => {
      const s = mo(t, 'observe');
      self.need(target, 'observe', 'MutationObserver');
      const o = options && typeof options === 'object' ? options : {};
      const filter = o.attributeFilter === undefined ? null : Array.from(o.attributeFilter as ArrayLike<any>, (x) => String(x));
      const opts = {
        childList: !!o.childList,
        attributes: o.attributes === undefined ? o.attributeOldValue !== undefined || filter !== null : !!o.attributes,
        characterData: o.characterData === undefined ? o.characterDataOldValue !== undefined : !!o.characterData,
        subtree: !!o.subtree,
        attributeOldValue: !!o.attributeOldValue,
        characterDataOldValue: !!o.characterDataOldValue,
        attributeFilter: filter,
      };
      if (!opts.childList && !opts.attributes && !opts.characterData) rt.throwError('TypeError', "Failed to execute 'observe' on 'MutationObserver': The options object must set at least one of 'attributes', 'characterData', or 'childList' to true.");
      let regs = self.registrations.get(target);
      if (!regs) self.registrations.set(target, (regs = []));
      const existing = regs.find((r) => r.observer === t);
      if (existing) existing.options = opts;
      else {
        regs.push({ observer: t, options: opts });
        s.targets.push(target);
      }
      return undefined;
    }), true);
    define(M, 'disconnect', native('disconnect', 0, (t) => {
      const s = mo(t, 'disconnect');
      for (const target of s.targets) {
        const regs = self.registrations.get(target);
        if (regs) self.registrations.set(target, regs.filter((r) => r.observer !== t));
      }
      s.targets = [];
      s.records = [];
      return undefined;
    }), true);
    define(M, 'takeRecords', native('takeRecords', 0, (t) => {
      const s = mo(t, 'takeRecords');
      const r = rt.newArray(s.records);
      s.records = [];
      return r;
    }), true);
  }
}

const TAG_CLASSES: Record<string, string[]> = {
  HTMLDivElement: ['div'],
  HTMLSpanElement: ['span'],
  HTMLButtonElement: ['button'],
  HTMLInputElement: ['input'],
  HTMLParagraphElement: ['p'],
  HTMLAnchorElement: ['a'],
  HTMLUListElement: ['ul'],
  HTMLOListElement: ['ol'],
  HTMLLIElement: ['li'],
  HTMLImageElement: ['img'],
  HTMLScriptElement: ['script'],
  HTMLBodyElement: ['body'],
  HTMLHeadElement: ['head'],
  HTMLHtmlElement: ['html'],
  HTMLTitleElement: ['title'],
  HTMLMetaElement: ['meta'],
  HTMLLinkElement: ['link'],
  HTMLFormElement: ['form'],
  HTMLTextAreaElement: ['textarea'],
  HTMLSelectElement: ['select'],
  HTMLCanvasElement: ['canvas'],
  HTMLHeadingElement: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  HTMLTableElement: ['table'],
  HTMLLabelElement: ['label'],
  HTMLPreElement: ['pre'],
  HTMLBRElement: ['br'],
};
const PROTO_OF_TAG: Record<string, string> = {};

function protoName(dom: any, n: any): string {
  const p = Object.getPrototypeOf(n);
  for (const [k, v] of Object.entries(dom.protos as Record<string, any>)) if (v === p) return k;
  return 'HTMLElement';
}

function dataKey(attr: string): string {
  return attr.slice(5).replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
}
function dataAttr(key: string): string {
  return 'data-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

// ---- selectors: compound selectors (tag, #id, .class, [attr op value], a few pseudo-classes)
// joined by the descendant, child, next- and subsequent-sibling combinators; comma lists.
interface SimplePart {
  kind: 'tag' | 'id' | 'class' | 'attr' | 'pseudo';
  name: string;
  op?: string;
  value?: string;
  index?: number;
  list?: Selector[];
}
type Selector = { combinator: string; compound: SimplePart[] }[];

function parseSelectorList(text: string): Selector[] {
  const src = text.trim();
  if (!src) throw new Error('empty');
  let i = 0;
  const ident = () => {
    const m = /^-?[_a-zA-Z\u00a0-\uffff][_a-zA-Z0-9\u00a0-\uffff-]*/.exec(src.slice(i));
    if (!m) throw new Error('ident');
    i += m[0].length;
    return m[0];
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const compound = (): SimplePart[] => {
    const parts: SimplePart[] = [];
    if (src[i] === '*') {
      i++;
      parts.push({ kind: 'tag', name: '*' });
    } else if (/[a-zA-Z]/.test(src[i] ?? '')) parts.push({ kind: 'tag', name: ident().toLowerCase() });
    for (;;) {
      const c = src[i];
      if (c === '#') {
        i++;
        parts.push({ kind: 'id', name: ident() });
      } else if (c === '.') {
        i++;
        parts.push({ kind: 'class', name: ident() });
      } else if (c === '[') {
        i++;
        ws();
        const name = ident().toLowerCase();
        ws();
        const m = /^([~^$*|]?=)/.exec(src.slice(i));
        if (m) {
          i += m[1].length;
          ws();
          let value: string;
          if (src[i] === '"' || src[i] === "'") {
            const q = src[i];
            const end = src.indexOf(q, i + 1);
            if (end < 0) throw new Error('quote');
            value = src.slice(i + 1, end);
            i = end + 1;
          } else value = ident();
          ws();
          parts.push({ kind: 'attr', name, op: m[1], value });
        } else parts.push({ kind: 'attr', name });
        if (src[i] !== ']') throw new Error(']');
        i++;
      } else if (c === ':') {
        i++;
        const name = ident().toLowerCase();
        if (name === 'not' || name === 'nth-child') {
          if (src[i] !== '(') throw new Error('(');
          const end = src.indexOf(')', i);
          if (end < 0) throw new Error(')');
          const inner = src.slice(i + 1, end);
          i = end + 1;
          if (name === 'not') parts.push({ kind: 'pseudo', name, list: parseSelectorList(inner) });
          else {
            if (!/^\s*\d+\s*$/.test(inner)) throw new Error('nth');
            parts.push({ kind: 'pseudo', name, index: Number(inner) });
          }
        } else if (['first-child', 'last-child', 'only-child', 'checked', 'disabled', 'empty'].includes(name)) parts.push({ kind: 'pseudo', name });
        else throw new Error('pseudo');
      } else break;
    }
    if (parts.length === 0) throw new Error('empty compound');
    return parts;
  };
  const list: Selector[] = [];
  for (;;) {
    ws();
    const complex: Selector = [{ combinator: '', compound: compound() }];
    for (;;) {
      const before = i;
      ws();
      const c = src[i];
      if (i >= src.length || c === ',') break;
      if (c === '>' || c === '+' || c === '~') {
        i++;
        ws();
        complex.push({ combinator: c, compound: compound() });
      } else if (i > before) complex.push({ combinator: ' ', compound: compound() });
      else throw new Error('unexpected');
    }
    list.push(complex);
    if (src[i] === ',') {
      i++;
      continue;
    }
    if (i >= src.length) break;
  }
  return list;
}
