// The teaching index's promises, waiting callbacks and closures, in columns. A promise-heavy run
// makes 100,000 of each; one object (with its arrays) per promise, reaction, settlement and created
// function kept ~1 KB per promise link on the extension host (a 1e5-link chain: +98 MB). Rows hold
// event indexes and small numbers; what a view shows is decoded from the trace's events when it is
// shown (at most MAX_PROMISES / MAX_CLOSURES per stop), as the contexts already are.
// Pure TypeScript, no `vscode`, no guest objects.
import { Column, IdMap } from '../scopeStore';
import { lastAtOrBefore } from '../search';

const NONE = -1;

/** A linked list of rows per owner: heads and tails by owner, `next` by row. */
class RowLists {
  private readonly head = new Column(64);
  private readonly tail = new Column(64);
  readonly next = new Column(64);
  /** A new (empty) list for the next owner. */
  addOwner(): void {
    this.head.push(NONE);
    this.tail.push(NONE);
  }
  /** Appends `row` (the next row number of the caller's columns) to `owner`'s list. */
  append(owner: number, row: number): void {
    this.next.push(NONE);
    const t = this.tail.a[owner];
    if (t === NONE) this.head.a[owner] = row;
    else this.next.a[t] = row;
    this.tail.a[owner] = row;
  }
  first(owner: number): number {
    return this.head.a[owner];
  }
  reserve(owners: number, rows: number): void {
    this.head.reserve(owners);
    this.tail.reserve(owners);
    this.next.reserve(rows);
  }
  trim(): void {
    this.head.trim();
    this.tail.trim();
    this.next.trim();
  }
}

/** Every promise the trace created, in creation order (row + 1 is its number in the panel). */
export class PromiseTable {
  private readonly rowById: IdMap;
  /** Event index of its `p-new`. */
  readonly created = new Column();
  readonly line = new Column();
  readonly column = new Column();
  /** Event index of what named its origin: its `p-new`, a `p-origin`, or the `p-react` that derived it. */
  readonly originEvent = new Column();
  /** 1 while its origin is the plain 'promise' (the then() that derives it names it then). */
  private readonly plain = new Column();
  /** Event index of its `p-adopt` (NONE: none). */
  readonly adoptEvent = new Column();
  private readonly settleLists = new RowLists();
  /** Event index of each `p-settle` row. */
  private readonly settleEvent = new Column();
  private readonly reactionLists = new RowLists();
  /** Event index of each `p-react` row, and the job its reaction queued (0: not yet). */
  private readonly reactEvent = new Column();
  private readonly reactJob = new Column();
  /** Per promise: its first reaction still without a job (reactions get theirs in order). */
  private readonly pending = new Column();

  constructor(maxDenseId: number) {
    this.rowById = new IdMap(maxDenseId);
  }

  get length(): number {
    return this.created.n;
  }

  /** Room for `promises` promises, `settles` settlements and `reactions` reactions, allocated at once. */
  reserve(promises: number, settles: number, reactions: number): void {
    for (const c of [this.created, this.line, this.column, this.originEvent, this.plain, this.adoptEvent, this.pending]) c.reserve(promises);
    this.settleEvent.reserve(settles);
    this.settleLists.reserve(promises, settles);
    this.reactEvent.reserve(reactions);
    this.reactJob.reserve(reactions);
    this.reactionLists.reserve(promises, reactions);
  }

  /** Drops the columns' spare capacity (the trace is indexed). */
  trim(): void {
    for (const c of [this.created, this.line, this.column, this.originEvent, this.plain, this.adoptEvent, this.settleEvent, this.reactEvent, this.reactJob, this.pending]) c.trim();
    this.settleLists.trim();
    this.reactionLists.trim();
    this.rowById.trim();
  }

  add(pid: number, index: number, line: number, column: number, plainOrigin: boolean): void {
    const row = this.created.push(index);
    this.rowById.set(pid, row);
    this.line.push(line | 0);
    this.column.push(column | 0);
    this.originEvent.push(index);
    this.plain.push(plainOrigin ? 1 : 0);
    this.adoptEvent.push(NONE);
    this.settleLists.addOwner();
    this.reactionLists.addOwner();
    this.pending.push(NONE);
  }

  row(pid: number): number | undefined {
    return this.rowById.get(pid);
  }

  isPlainOrigin(row: number): boolean {
    return this.plain.a[row] === 1;
  }

  setOrigin(row: number, index: number, plainOrigin: boolean, line?: number): void {
    this.originEvent.a[row] = index;
    this.plain.a[row] = plainOrigin ? 1 : 0;
    if (line) this.line.a[row] = line;
  }

  addSettle(row: number, index: number): void {
    this.settleLists.append(row, this.settleEvent.push(index));
  }

  /** Event indexes of its `p-settle`s, in order. */
  settles(row: number): number[] {
    const out: number[] = [];
    for (let s = this.settleLists.first(row); s !== NONE; s = this.settleLists.next.a[s]) out.push(this.settleEvent.a[s]);
    return out;
  }

  addReaction(row: number, index: number): void {
    const r = this.reactEvent.push(index);
    this.reactJob.push(0);
    this.reactionLists.append(row, r);
    if (this.pending.a[row] === NONE) this.pending.a[row] = r;
  }

  /** A `p-job` of this promise: its first reaction without a job gets it. */
  assignJob(row: number, job: number): void {
    const r = this.pending.a[row];
    if (r === NONE) return;
    this.reactJob.a[r] = job;
    let n = this.reactionLists.next.a[r];
    while (n !== NONE && this.reactJob.a[n] !== 0) n = this.reactionLists.next.a[n];
    this.pending.a[row] = n;
  }

  /** Its reactions registered up to event `index`: [event index, job] pairs, in order. */
  reactionsUpTo(row: number, index: number): { event: number; job: number }[] {
    const out: { event: number; job: number }[] = [];
    for (let r = this.reactionLists.first(row); r !== NONE; r = this.reactionLists.next.a[r]) {
      if (this.reactEvent.a[r] <= index) out.push({ event: this.reactEvent.a[r], job: this.reactJob.a[r] });
    }
    return out;
  }
}

/** The callback each queued job or Web API entry will run: the scope it runs with, and its event. */
export class CallbackTable {
  private readonly rowById: IdMap;
  readonly env = new Column();
  /** Event index of the `cb` or `p-job` that named it. */
  readonly event = new Column();

  constructor(maxDenseId: number) {
    this.rowById = new IdMap(maxDenseId);
  }

  set(id: number, env: number, index: number): void {
    const row = this.env.push(env);
    this.event.push(index);
    this.rowById.set(id, row);
  }

  /** `to` runs the callback `from` runs (a timer that fires becomes a task). */
  alias(to: number, from: number): void {
    const row = this.rowById.get(from);
    if (row !== undefined) this.rowById.set(to, row);
  }

  row(id: number): number | undefined {
    return this.rowById.get(id);
  }

  reserve(rows: number): void {
    this.env.reserve(rows);
    this.event.reserve(rows);
  }

  trim(): void {
    this.env.trim();
    this.event.trim();
    this.rowById.trim();
  }

  has(id: number): boolean {
    return this.rowById.has(id);
  }
}

/**
 * The environments functions were created in (closures keep them), with the functions made in each:
 * by `name:line` key in first-creation order, each key with the event indexes of its creations. Most
 * environments see one creation (a loop's per-iteration scope, a call's): that one is kept in columns,
 * arrays only for the environments that see more.
 */
export class ClosureTable {
  private readonly rowByEnv: IdMap;
  readonly env = new Column();
  readonly firstIndex = new Column();
  /** The context that owns the environment (its frame's pop makes it a closure); -1 none. */
  readonly owner = new Column();
  /** The key of the first function made in each environment. */
  private readonly firstKey = new Column();
  /** Environments with more than one creation: keys in first-creation order, creations by key. */
  private readonly more = new Map<number, { keys: number[]; occurrences: number[][] }>();
  private readonly keyNames: string[] = [];
  private readonly keyLines: number[] = [];
  private readonly keyIds = new Map<string, number>();

  constructor(maxDenseId: number) {
    this.rowByEnv = new IdMap(maxDenseId);
  }

  get length(): number {
    return this.env.n;
  }

  /** Room for about `rows` environments (at most one per function created). */
  reserve(rows: number): void {
    for (const c of [this.env, this.firstIndex, this.owner, this.firstKey]) c.reserve(rows);
  }

  trim(): void {
    for (const c of [this.env, this.firstIndex, this.owner, this.firstKey]) c.trim();
    this.rowByEnv.trim();
  }

  /** A function named `name` (line `line`) created in `env` at event `index`. */
  add(env: number, name: string, line: number, index: number): void {
    const keyText = name + ':' + line;
    let key = this.keyIds.get(keyText);
    if (key === undefined) {
      key = this.keyNames.length;
      this.keyIds.set(keyText, key);
      this.keyNames.push(name);
      this.keyLines.push(line);
    }
    const row = this.rowByEnv.get(env);
    if (row === undefined) {
      this.rowByEnv.set(env, this.env.push(env));
      this.firstIndex.push(index);
      this.owner.push(-1);
      this.firstKey.push(key);
      return;
    }
    let m = this.more.get(row);
    if (m === undefined) this.more.set(row, (m = { keys: [this.firstKey.a[row]], occurrences: [[this.firstIndex.a[row]]] }));
    const k = m.keys.indexOf(key);
    if (k >= 0) m.occurrences[k].push(index);
    else {
      m.keys.push(key);
      m.occurrences.push([index]);
    }
  }

  /** The first `max` functions (by first creation) made in row `row`'s environment up to event `index`, with how many of each. */
  keptBy(row: number, index: number, max: number): { name: string; line: number; count: number }[] {
    const m = this.more.get(row);
    if (m === undefined) {
      const key = this.firstKey.a[row];
      return this.firstIndex.a[row] <= index && max > 0 ? [{ name: this.keyNames[key], line: this.keyLines[key], count: 1 }] : [];
    }
    const out: { name: string; line: number; count: number }[] = [];
    for (let k = 0; k < m.keys.length && out.length < max; k++) {
      const occ = m.occurrences[k];
      const count = lastAtOrBefore(occ, occ.length, index) + 1;
      if (count > 0) out.push({ name: this.keyNames[m.keys[k]], line: this.keyLines[m.keys[k]], count });
    }
    return out;
  }
}
