// The replay's scope histories in columns (issue 13): every scope the trace created, its bindings
// and the event index of every write, as typed arrays and shared strings — a long run creates a
// scope per call (100,000 of them for a 300,000-step loop), and an object per scope, per binding and
// per write was most of the extension host's memory. Values are not kept at all: a write's preview
// is its `bind` event's, a binding's initial one its `scope` event's, decoded from the trace when a
// stop shows them (src/engine/traceCodec.ts keeps the trace as bytes).
//
// Lookups: a scope by id (a dense index while ids stay small, a Map past that), a binding by name
// (a scan of the scope's list; a Map once a scope has more than SMALL_SCOPE bindings), the last
// write at or before an event index (a walk back along the binding's writes, newest first).

import { lastAtOrBefore } from './search';
import { StringCodes } from './stringCodes';

const SMALL_SCOPE = 8;
/** Writes past which a binding's history is searched by bisection, not walked. */
const LONG_HISTORY = 64;

/** A growable Int32 column. */
export class Column {
  a: Int32Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Int32Array(capacity);
  }
  push(v: number): number {
    if (this.n === this.a.length) {
      const next = new Int32Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n] = v;
    return this.n++;
  }
  /** Room for `capacity` values in all, allocated at once (no doubling's garbage when the count is known). */
  reserve(capacity: number): void {
    if (capacity <= this.a.length) return;
    const next = new Int32Array(capacity);
    next.set(this.a.subarray(0, this.n));
    this.a = next;
  }
  /** Drops the spare capacity (once the columns are complete). */
  trim(): void {
    if (this.a.length > this.n + 64) this.a = this.a.slice(0, this.n);
  }
}

/** What one binding is, for the Scope box. */
export interface StoredBinding {
  name: string;
  kind: string;
  /** Event index at which it appeared (its scope's `scope` event, or its first `bind`). */
  since: number;
  initialState: 'value' | 'uninitialized';
  /** Its position in the `scope` event's bindings (-1: created by a `bind`). */
  slot: number;
  /** Event index of its last write at or before the asked index (-1: none). */
  writeAt: number;
}

export class ScopeStore {
  private readonly ids: IdMap;
  private readonly sId = new Column();
  private readonly sParent = new Column();
  private readonly sSince = new Column();
  private readonly sFirst = new Column();
  private readonly sLast = new Column();
  /** Scope labels and binding names as codes: a column per scope or binding, not a JS array of strings that grows by copying (~8 MB of garbage for a 100,000-call run). */
  private readonly sLabel = new Column();
  private readonly labels = new StringCodes();
  private readonly byName = new Map<number, Map<string, number>>();
  private readonly bName = new Column();
  private readonly bKind = new Column();
  private readonly names = new StringCodes();
  private readonly bSince = new Column();
  private readonly bNext = new Column();
  private readonly bState = new Column();
  private readonly bSlot = new Column();
  private readonly bLastWrite = new Column();
  private readonly bCount = new Column();
  private readonly wEvent = new Column();
  private readonly wPrev = new Column();
  private readonly bWrites = new Column();
  /**
   * The event indexes of the writes of bindings with more than LONG_HISTORY of them, ascending: a
   * binding written on every iteration of a long loop (a global total: 100,000 writes) would be
   * walked back write by write from a stop far before its last write; these are bisected.
   */
  private readonly history = new Map<number, Column>();

  /** `maxDenseId`: scope ids below it are looked up in an array (ids are counters: about the events' count). */
  constructor(maxDenseId: number) {
    this.ids = new IdMap(maxDenseId);
  }

  /**
   * Sizes the columns for about `scopes` scopes, `bindings` bindings and `writes` writes (the
   * counts of the trace's scope events, the bindings they list, its bind events), before they fill.
   */
  reserve(scopes: number, bindings: number, writes: number): void {
    for (const c of [this.sId, this.sParent, this.sSince, this.sFirst, this.sLast, this.bCount, this.sLabel]) c.reserve(scopes);
    for (const c of [this.bSince, this.bNext, this.bState, this.bSlot, this.bLastWrite, this.bWrites, this.bName, this.bKind]) c.reserve(bindings);
    for (const c of [this.wEvent, this.wPrev]) c.reserve(writes);
  }

  /** Drops the columns' spare capacity (the replay calls it once its pass is done). */
  trim(): void {
    for (const c of [this.sId, this.sParent, this.sSince, this.sFirst, this.sLast, this.sLabel, this.bSince, this.bNext, this.bState, this.bSlot, this.bLastWrite, this.bCount, this.bName, this.bKind, this.wEvent, this.wPrev, this.bWrites]) c.trim();
    for (const h of this.history.values()) h.trim();
    this.ids.trim();
  }

  /** The scope index of id `id` (-1: none). */
  find(id: number): number {
    return this.ids.get(id) ?? -1;
  }

  /** A new scope (a later scope with the same id takes its place, as the trace's reader always did). */
  addScope(id: number, parent: number, label: string, since: number): number {
    const s = this.sId.push(id);
    this.sParent.push(parent);
    this.sSince.push(since);
    this.sFirst.push(-1);
    this.sLast.push(-1);
    this.bCount.push(0);
    this.sLabel.push(this.labels.code(label));
    this.ids.set(id, s);
    return s;
  }

  label(s: number): string { return this.labels.string(this.sLabel.a[s]); }
  idOf(s: number): number { return this.sId.a[s]; }
  parentOf(s: number): number { return this.sParent.a[s]; }
  sinceOf(s: number): number { return this.sSince.a[s]; }

  addBinding(s: number, name: string, kind: string, since: number, initialState: 'value' | 'uninitialized', slot: number): number {
    const b = this.bSince.push(since);
    this.bName.push(this.names.code(name));
    this.bKind.push(this.names.code(kind));
    this.bNext.push(-1);
    this.bState.push(initialState === 'uninitialized' ? 1 : 0);
    this.bSlot.push(slot);
    this.bLastWrite.push(-1);
    this.bWrites.push(0);
    const last = this.sLast.a[s];
    if (last < 0) this.sFirst.a[s] = b;
    else this.bNext.a[last] = b;
    this.sLast.a[s] = b;
    const count = ++this.bCount.a[s];
    const names = this.byName.get(s);
    if (names) names.set(name, b);
    else if (count > SMALL_SCOPE) {
      const m = new Map<string, number>();
      for (let k = this.sFirst.a[s]; k >= 0; k = this.bNext.a[k]) m.set(this.names.string(this.bName.a[k]), k);
      this.byName.set(s, m);
    }
    return b;
  }

  /** Binding `name` of scope `s` (-1: none). */
  bindingIn(s: number, name: string): number {
    const names = this.byName.get(s);
    if (names) return names.get(name) ?? -1;
    const code = this.names.find(name);
    if (code < 0) return -1;
    for (let k = this.sFirst.a[s]; k >= 0; k = this.bNext.a[k]) if (this.bName.a[k] === code) return k;
    return -1;
  }

  /** Binding `b` was written at event `index` (indexes ascend). */
  write(b: number, index: number): void {
    const w = this.wEvent.push(index);
    this.wPrev.push(this.bLastWrite.a[b]);
    this.bLastWrite.a[b] = w;
    const count = ++this.bWrites.a[b];
    if (count < LONG_HISTORY) return;
    let h = this.history.get(b);
    if (!h) {
      // From now on in order, the writes so far first.
      const list: number[] = [];
      for (let x = this.wPrev.a[w]; x >= 0; x = this.wPrev.a[x]) list.push(this.wEvent.a[x]);
      h = new Column(2 * LONG_HISTORY);
      for (let k = list.length - 1; k >= 0; k--) h.push(list[k]);
      this.history.set(b, h);
    }
    h.push(index);
  }

  /** The bindings of scope `s` that existed after event `index`, with their last write then. */
  bindingsAt(s: number, index: number): StoredBinding[] {
    const out: StoredBinding[] = [];
    for (let b = this.sFirst.a[s]; b >= 0; b = this.bNext.a[b]) {
      const since = this.bSince.a[b];
      if (since > index) continue;
      let writeAt = -1;
      const long = this.history.size ? this.history.get(b) : undefined;
      if (long) {
        const k = lastAtOrBefore(long.a, long.n, index);
        if (k >= 0) writeAt = long.a[k];
      } else {
        let w = this.bLastWrite.a[b];
        while (w >= 0 && this.wEvent.a[w] > index) w = this.wPrev.a[w];
        if (w >= 0) writeAt = this.wEvent.a[w];
      }
      out.push({
        name: this.names.string(this.bName.a[b]), kind: this.names.string(this.bKind.a[b]), since, initialState: this.bState.a[b] === 1 ? 'uninitialized' : 'value', slot: this.bSlot.a[b],
        writeAt,
      });
    }
    return out;
  }
}

const ABSENT = -2147483648;

/**
 * Integer id → integer value: an Int32Array while ids are small (ids are the engine's counters), a
 * Map for anything else (a hostile trace's ids, values that do not fit).
 */
export class IdMap {
  /** Grows (doubling) up to `maxDense` as ids are set: the dense part costs what the ids use. */
  private dense = new Int32Array(256).fill(ABSENT);
  private readonly sparse = new Map<number, number>();
  private readonly maxDense: number;
  constructor(maxDenseId: number) {
    this.maxDense = Math.max(0, Math.min(maxDenseId, 1 << 24));
  }
  private isDense(id: number): boolean {
    return id >= 0 && id < this.maxDense && Number.isInteger(id);
  }
  get(id: number): number | undefined {
    if (id >= 0 && id < this.dense.length && Number.isInteger(id)) {
      const v = this.dense[id];
      if (v !== ABSENT) return v;
    }
    return this.sparse.get(id);
  }
  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
  /** Drops the dense part past the largest id set (its doubling left up to half of it unused). */
  trim(): void {
    let last = this.dense.length - 1;
    while (last >= 0 && this.dense[last] === ABSENT) last--;
    if (this.dense.length > last + 1 + 64) this.dense = this.dense.slice(0, last + 1);
  }
  set(id: number, v: number): void {
    if (this.isDense(id) && (v | 0) === v && v !== ABSENT) {
      if (id >= this.dense.length) {
        let size = this.dense.length;
        while (size <= id) size *= 2;
        const next = new Int32Array(Math.min(size, this.maxDense)).fill(ABSENT);
        next.set(this.dense);
        this.dense = next;
      }
      this.dense[id] = v;
      if (this.sparse.size) this.sparse.delete(id);
    } else {
      if (id >= 0 && id < this.dense.length && Number.isInteger(id)) this.dense[id] = ABSENT;
      this.sparse.set(id, v);
    }
  }
}

/** The contexts a trace entered, in columns (a long run enters one per call). */
export class ContextTable {
  private readonly idx = new Column();
  private readonly pop = new Column();
  private readonly ln = new Column();
  private readonly nameCode = new Column();
  private readonly names = new StringCodes();
  get length(): number { return this.idx.n; }
  reserve(contexts: number): void {
    for (const c of [this.idx, this.pop, this.ln, this.nameCode]) c.reserve(contexts);
  }
  push(index: number, name: string, line: number): number {
    this.pop.push(-1);
    this.ln.push(line | 0);
    this.nameCode.push(this.names.code(name));
    return this.idx.push(index);
  }
  /** Event index of context k's `ctx` event. */
  index(k: number): number { return this.idx.a[k]; }
  name(k: number): string { return this.names.string(this.nameCode.a[k]); }
  line(k: number): number { return this.ln.a[k]; }
  /** Event index of the `pop` of its frame (Infinity: not popped). */
  popIndex(k: number): number { const v = this.pop.a[k]; return v < 0 ? Infinity : v; }
  setPopIndex(k: number, i: number): void { this.pop.a[k] = i; }
}
