// THE packed step trace: the compact form of Analysis.trace that crosses the analysis-process
// boundary (issue 13: a 1,000,000-step run held ~500 MB in the analysis process and +109 MB in the
// extension host as TraceEvent objects). Pure TypeScript, no `vscode`, no guest objects.
//
// Format. One byte stream of events, each: a kind byte (index into KINDS), the step as a zigzag
// varint delta from the previous event's step, then the kind's fields in SCHEMA order — ints as
// zigzag varints, numbers as an even varint (an integer) or 1 + 8 bytes of float64, strings as
// varint ids into one string table (optional ones: id + 1, 0 = absent), enums as indexes into a
// fixed list, a scope's bindings as a count then four fields each. The string table is one string
// (every distinct string once, concatenated) with the end offset of each. A million events are
// about 8 MB, moved between threads and processes as ArrayBuffers (no per-event object).
//
// INVARIANT: a PackedTrace that came from the analysis process is untrusted. `checkPackedTrace` is
// the only way to read one: it walks every byte once (kinds, varint lengths, enum indexes, string
// ids, the table's offsets, sizes against caps) without building events, and returns the block
// index the reader needs. A malformed trace is an error string — never a throw, never a partial
// read. TraceReader.at() after that check never reads outside the buffers.
//
// The check also returns each event's kind byte (CheckedTrace.kinds: the replay finds its stops
// from them alone) and a block index. TraceScanner reads a checked trace forward into reusable
// slots, strings as ids (the replay's index passes: no object per event).
//
// TraceReader decodes lazily: at(i) decodes event i (from the nearest block of BLOCK events,
// continuing from the last position read when it moves forward), keeping the last RING decoded
// events, so the replay's sequential passes and short look-aheads cost one decode per event and
// nothing stays in memory but the bytes.
import type { TraceEvent } from './types';
import { StringCodes } from './stringCodes';
import { ByteReader, ByteWriter, MalformedBytes as BadTrace, isU32, isU8, stringEndsHold, stringStart, stringTableOf, unzigzag, zigzag } from './varint';

/** Events per entry of the block index (random access decodes at most this many events). */
export const BLOCK = 64;
const RING = 256;
/** String ids the reader caches in an array (names and labels come first: they are met first). */
const SMALL_IDS = 16384;

/** What crosses the boundary (plain data: typed arrays and one string). */
export interface PackedTrace {
  /** Number of events. */
  count: number;
  bytes: Uint8Array;
  /** Every distinct string, concatenated. */
  strings: string;
  /** End offset (in `strings`) of string id k. */
  stringEnds: Uint32Array;
}

/** The events in order: a plain TraceEvent[] or a TraceReader (both have length and at()). */
export interface TraceSeq {
  readonly length: number;
  at(index: number): TraceEvent | undefined;
}

type Field = 'i' | 'i?' | 'n' | 's' | 's?' | 'b' | 'bindings' | readonly string[];

const QUEUE = ['microtask', 'macrotask', 'nextTick', 'immediate', 'animationFrame'] as const;
// Every RunSource too: a timer's api is its source.
const API = ['setTimeout', 'setInterval', 'fetch', 'requestIdleCallback', 'user', 'setImmediate', 'script', 'promise', 'await', 'queueMicrotask', 'nextTick', 'requestAnimationFrame', 'postMessage', 'event', 'MutationObserver'] as const;
const PHASE = ['script', 'microtasks', 'nextTicks', 'timers', 'check', 'task', 'idle', 'done', 'animationFrames', 'render', 'idleCallbacks'] as const;
const THIS = ['call', 'method', 'new', 'arrow', 'bound', 'explicit', 'builtin', 'loop', 'script'] as const;
const REACTION = ['then', 'catch', 'finally', 'await', 'all', 'allSettled', 'race', 'any', 'adopt', 'internal'] as const;
const SETTLED = ['fulfilled', 'rejected'] as const;
export const BINDING_KINDS = ['var', 'let', 'const', 'function', 'class', 'param', 'catch', 'import', 'global'] as const;
export const BINDING_STATES = ['value', 'uninitialized'] as const;

/** Field names and types per event kind, in the order the engine writes them. */
const SCHEMA: Record<TraceEvent['t'], readonly (readonly [string, Field])[]> = {
  step: [['line', 'i'], ['column', 'i'], ['endLine', 'i'], ['endColumn', 'i'], ['scope', 'i'], ['file', 's?']],
  push: [['name', 's'], ['line', 'i'], ['column', 'i'], ['file', 's?']],
  pop: [],
  scope: [['id', 'i'], ['parent', 'i'], ['label', 's'], ['bindings', 'bindings']],
  bind: [['scope', 'i'], ['name', 's'], ['preview', 's']],
  enqueue: [['queue', QUEUE], ['id', 'i'], ['label', 's'], ['line', 'i']],
  dequeue: [['queue', QUEUE], ['id', 'i']],
  'webapi-add': [['id', 'i'], ['api', API], ['label', 's'], ['delay', 'n'], ['due', 'n'], ['line', 'i']],
  'webapi-remove': [['id', 'i']],
  console: [['index', 'i']],
  phase: [['phase', PHASE], ['time', 'n'], ['note', 's?']],
  ctx: [['env', 'i'], ['outer', 'i'], ['outer2', 'i'], ['name', 's'], ['line', 'i'], ['column', 'i'], ['this', THIS], ['thisPreview', 's?'], ['via', 's?'], ['callLine', 'i'], ['fnKind', 's'], ['strict', 'b']],
  fn: [['env', 'i'], ['env2', 'i'], ['name', 's'], ['line', 'i'], ['column', 'i']],
  cb: [['id', 'i'], ['env', 'i'], ['env2', 'i'], ['name', 's'], ['line', 'i']],
  'p-new': [['id', 'i'], ['line', 'i'], ['column', 'i'], ['origin', 's?']],
  'p-origin': [['id', 'i'], ['origin', 's'], ['line', 'i?']],
  'p-settle': [['id', 'i'], ['state', SETTLED], ['preview', 's']],
  'p-react': [['id', 'i'], ['kind', REACTION], ['handler', 's'], ['line', 'i'], ['derived', 'i']],
  'p-adopt': [['id', 'i'], ['target', 'i'], ['job', 'i'], ['line', 'i']],
  'p-job': [['id', 'i'], ['job', 'i'], ['kind', REACTION], ['state', SETTLED], ['env', 'i?'], ['env2', 'i?'], ['name', 's?'], ['line', 'i?']],
};

const KINDS = Object.keys(SCHEMA) as TraceEvent['t'][];
const KIND_INDEX = new Map<string, number>(KINDS.map((k, i) => [k, i]));
const K_STEP = KIND_INDEX.get('step')!, K_POP = KIND_INDEX.get('pop')!, K_BIND = KIND_INDEX.get('bind')!, K_PUSH = KIND_INDEX.get('push')!;
const K_SCOPE = KIND_INDEX.get('scope')!, K_CTX = KIND_INDEX.get('ctx')!;

/** Kind byte of each event kind (TraceScanner.kind, CheckedTrace.kinds). */
export const KIND = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<TraceEvent['t'], number>;
/** The enum lists of the format (a scanner's enum fields are indexes into them). */
export const ENUMS = { QUEUE, API, PHASE, THIS, REACTION, SETTLED } as const;
const FIELDS = KINDS.map((k) => SCHEMA[k]);
const ENUM_INDEX = new Map<readonly string[], Map<string, number>>();
for (const fields of FIELDS) for (const [, f] of fields) if (typeof f !== 'string' && !ENUM_INDEX.has(f)) ENUM_INDEX.set(f, new Map(f.map((v, i) => [v, i])));
/** Each kind's fields as codes for the check: varint (int, optional int, boolean), number, string id, optional string id, bindings, or F_ENUM + the enum's length. */
const F_VARINT = 0, F_NUM = 1, F_STR = 2, F_OPT_STR = 3, F_BINDINGS = 4, F_ENUM = 5;
const FIELD_CODES = FIELDS.map((fields) => Uint32Array.from(fields.map(([, f]) => {
  switch (f) {
    case 'i': case 'i?': case 'b': return F_VARINT;
    case 'n': return F_NUM;
    case 's': return F_STR;
    case 's?': return F_OPT_STR;
    case 'bindings': return F_BINDINGS;
    default: return F_ENUM + f.length;
  }
})));
/** The same for the scanner: zigzag int, optional int, number, optional string id, bindings, or a raw varint (string id, boolean, enum index). */
const S_RAW = 0, S_INT = 1, S_OPT_INT = 2, S_NUM = 3, S_OPT_STR = 4, S_BINDINGS = 5;
const SCAN_CODES = FIELDS.map((fields) => Uint8Array.from(fields.map(([, f]) => {
  switch (f) {
    case 'i': return S_INT;
    case 'i?': return S_OPT_INT;
    case 'n': return S_NUM;
    case 's?': return S_OPT_STR;
    case 'bindings': return S_BINDINGS;
    default: return S_RAW;
  }
})));
const BKIND_INDEX = new Map<string, number>(BINDING_KINDS.map((v, i) => [v, i]));
const BSTATE_INDEX = new Map<string, number>(BINDING_STATES.map((v, i) => [v, i]));

/** Caps on what a packed trace may hold (the host's check; an honest engine stays far below). */
export const PACKED_LIMITS = {
  events: 8_000_000,
  bytes: 256 * 1024 * 1024,
  strings: 4_000_000,
  stringChars: 128 * 1024 * 1024,
  bindingsPerScope: 100_000,
};

// ---- Writing (the analysis worker) ----------------------------------------------------------

/**
 * Records TraceEvents straight into the packed form (the engine's rt.trace when it packs): each
 * event object is dropped as soon as it is written, so the trace costs its bytes, not its objects.
 */
export class TraceRecorder extends ByteWriter {
  length = 0;
  private lastStep = 0;
  private readonly strings = new StringCodes();

  constructor() {
    super(1 << 16);
  }

  push(e: TraceEvent): number {
    // The kinds a long run is made of, written field by field (the rest by the schema).
    switch (e.t) {
      case 'step':
        this.head(K_STEP, e.step);
        this.int(e.line); this.int(e.column); this.int(e.endLine); this.int(e.endColumn); this.int(e.scope);
        this.uint(e.file === undefined ? 0 : this.str(String(e.file)) + 1);
        return ++this.length;
      case 'pop':
        this.head(K_POP, e.step);
        return ++this.length;
      case 'bind':
        this.head(K_BIND, e.step);
        this.int(e.scope); this.uint(this.str(String(e.name))); this.uint(this.str(String(e.preview)));
        return ++this.length;
      case 'push':
        this.head(K_PUSH, e.step);
        this.uint(this.str(String(e.name))); this.int(e.line); this.int(e.column);
        this.uint(e.file === undefined ? 0 : this.str(String(e.file)) + 1);
        return ++this.length;
    }
    const kind = KIND_INDEX.get((e as TraceEvent).t);
    if (kind === undefined) throw new Error(`trace: unknown event ${(e as TraceEvent).t}`);
    this.head(kind, (e as TraceEvent).step);
    const o = e as unknown as Record<string, unknown>;
    for (const [name, f] of FIELDS[kind]) {
      const v = o[name];
      switch (f) {
        case 'i': this.int(v as number); break;
        case 'i?': if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.uint(0); else this.uint(zigzag(v) + 1); break;
        case 'n': this.num(v as number); break;
        case 's': this.uint(this.str(String(v))); break;
        case 's?': this.uint(v === undefined ? 0 : this.str(String(v)) + 1); break;
        case 'b': this.uint(v ? 1 : 0); break;
        case 'bindings': {
          const bs = v as Extract<TraceEvent, { t: 'scope' }>['bindings'];
          this.uint(bs.length);
          for (const b of bs) {
            this.uint(this.str(b.name));
            this.uint(BKIND_INDEX.get(b.kind) ?? 0);
            this.uint(BSTATE_INDEX.get(b.state) ?? 0);
            this.uint(this.str(b.preview));
          }
          break;
        }
        default: {
          const k = ENUM_INDEX.get(f)!.get(v as string);
          if (k === undefined) throw new Error(`trace: ${e.t}.${name} = ${String(v)}`);
          this.uint(k);
        }
      }
    }
    return ++this.length;
  }

  private head(kind: number, step: number): void {
    this.room(16);
    this.buf[this.pos++] = kind;
    this.int(step - this.lastStep);
    this.lastStep = step;
  }

  /** The packed trace (the recorder is spent). */
  finish(): PackedTrace {
    return { count: this.length, bytes: this.buf.slice(0, this.pos), ...stringTableOf(this.strings.list) };
  }

  private int(v: number): void {
    // The engine writes integers here; anything else (a missing field) is recorded as 0.
    this.uint(Number.isSafeInteger(v) ? zigzag(v) : 0);
  }

  private str(s: string): number {
    return this.strings.code(s);
  }
}

/** Packs an existing event list (tests, and callers that recorded objects). */
export function packTrace(events: readonly TraceEvent[]): PackedTrace {
  const r = new TraceRecorder();
  for (const e of events) r.push(e);
  return r.finish();
}

// ---- Checking (the host, on receipt) -------------------------------------------------------

/** A PackedTrace that passed checkPackedTrace, with its block index. */
export interface CheckedTrace extends PackedTrace {
  /** Byte offset of event k * BLOCK, and the step before it. */
  blockPos: Uint32Array;
  blockStep: Float64Array;
  /** No event's step is below the one before it (the engine writes them in order). */
  ascending: boolean;
  /** Some event is a `push` (frames are traced). */
  hasPush: boolean;
  /** The kind byte of every event (index into KIND's values): the replay finds its stops from these alone. */
  kinds: Uint8Array;
}


/**
 * Checks an untrusted packed trace completely (see the invariant at the top). Returns the checked
 * trace, or a reason. Never throws.
 */
export function checkPackedTrace(raw: unknown): CheckedTrace | string {
  try {
    if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return 'packed trace is not an object';
    const p = raw as Record<string, unknown>;
    const { count, bytes, strings, stringEnds } = p;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > PACKED_LIMITS.events) return 'packed trace: bad count';
    if (!isU8(bytes) || bytes.byteLength > PACKED_LIMITS.bytes) return 'packed trace: bad bytes';
    if (typeof strings !== 'string' || strings.length > PACKED_LIMITS.stringChars) return 'packed trace: bad strings';
    if (!isU32(stringEnds) || stringEnds.length > PACKED_LIMITS.strings) return 'packed trace: bad string table';
    if (!stringEndsHold(stringEnds, strings)) return 'packed trace: bad string offsets';
    const nStrings = stringEnds.length;
    const blocks = Math.ceil(count / BLOCK);
    const blockPos = new Uint32Array(blocks);
    const blockStep = new Float64Array(blocks);
    const kinds = new Uint8Array(count);
    const c = new ByteReader(bytes);
    let step = 0;
    let ascending = true;
    let hasPush = false;
    for (let i = 0; i < count; i++) {
      if (i % BLOCK === 0) { blockPos[i / BLOCK] = c.pos; blockStep[i / BLOCK] = step; }
      const kind = c.byte();
      if (kind >= KINDS.length) throw new BadTrace();
      kinds[i] = kind;
      const delta = unzigzag(c.uint());
      if (delta < 0) ascending = false;
      step += delta;
      if (!Number.isSafeInteger(step)) throw new BadTrace();
      // The kinds a long run is made of, field by field (the rest by their field codes).
      switch (kind) {
        case K_STEP:
          c.uint(); c.uint(); c.uint(); c.uint(); c.uint();
          if (c.uint() > nStrings) throw new BadTrace();
          continue;
        case K_POP: continue;
        case K_BIND:
          c.uint();
          if (c.uint() >= nStrings || c.uint() >= nStrings) throw new BadTrace();
          continue;
        case K_PUSH:
          hasPush = true;
          if (c.uint() >= nStrings) throw new BadTrace();
          c.uint(); c.uint();
          if (c.uint() > nStrings) throw new BadTrace();
          continue;
        case K_SCOPE: {
          c.uint(); c.uint();
          if (c.uint() >= nStrings) throw new BadTrace();
          checkBindings(c, nStrings);
          continue;
        }
        case K_CTX:
          c.uint(); c.uint(); c.uint();
          if (c.uint() >= nStrings) throw new BadTrace();
          c.uint(); c.uint();
          if (c.uint() >= THIS.length || c.uint() > nStrings || c.uint() > nStrings) throw new BadTrace();
          c.uint();
          if (c.uint() >= nStrings) throw new BadTrace();
          c.uint();
          continue;
      }
      const codes = FIELD_CODES[kind];
      for (let k = 0; k < codes.length; k++) {
        const code = codes[k];
        switch (code) {
          case F_VARINT: c.uint(); break;
          case F_NUM: c.num(); break;
          case F_STR: if (c.uint() >= nStrings) throw new BadTrace(); break;
          case F_OPT_STR: if (c.uint() > nStrings) throw new BadTrace(); break;
          case F_BINDINGS: checkBindings(c, nStrings); break;
          // An enum: its index is below the list's length (code - F_ENUM).
          default: if (c.uint() >= code - F_ENUM) throw new BadTrace();
        }
      }
    }
    if (c.pos !== bytes.byteLength) return 'packed trace: trailing bytes';
    return { count, bytes, strings, stringEnds, blockPos, blockStep, ascending, hasPush, kinds };
  } catch (e) {
    if (e instanceof BadTrace) return 'packed trace: malformed event data';
    return 'packed trace: unreadable';
  }
}


/** A scope's bindings: a count under the cap, then name id, kind, state and preview id each. */
function checkBindings(c: ByteReader, nStrings: number): void {
  const n = c.uint();
  if (n > PACKED_LIMITS.bindingsPerScope) throw new BadTrace();
  for (let j = 0; j < n; j++) {
    if (c.uint() >= nStrings || c.uint() >= BINDING_KINDS.length || c.uint() >= BINDING_STATES.length || c.uint() >= nStrings) throw new BadTrace();
  }
}

// ---- Reading (the extension host, lazily) ---------------------------------------------------

export class TraceReader implements TraceSeq {
  readonly length: number;
  /** From the check: steps never go down; some event is a `push`. */
  readonly ascending: boolean;
  readonly hasPush: boolean;
  /** The checked trace it reads. */
  readonly t: CheckedTrace;
  private readonly c: ByteReader;
  /** The event the cursor stands before, and the step of the event before it. */
  private next = 0;
  private step = 0;
  private readonly ring: (TraceEvent | undefined)[] = new Array(RING);
  private readonly ringIndex = new Int32Array(RING).fill(-1);
  private readonly stringCache = new Map<number, string>();
  private readonly smallCache: (string | undefined)[] = [];

  constructor(trace: CheckedTrace) {
    this.t = trace;
    this.length = trace.count;
    this.ascending = trace.ascending;
    this.hasPush = trace.hasPush;
    this.c = new ByteReader(trace.bytes);
  }

  at(i: number): TraceEvent | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const slot = i % RING;
    if (this.ringIndex[slot] === i) return this.ring[slot];
    if (i < this.next || i - this.next >= BLOCK) {
      const b = Math.floor(i / BLOCK);
      this.c.pos = this.t.blockPos[b];
      this.step = this.t.blockStep[b];
      this.next = b * BLOCK;
    }
    let e: TraceEvent;
    do {
      e = this.decode();
      const s = this.next % RING;
      this.ring[s] = e;
      this.ringIndex[s] = this.next;
      this.next++;
    } while (this.next <= i);
    return e;
  }

  /** Every event as an object (CLI JSON, the exported page: bounded traces only). */
  toArray(): TraceEvent[] {
    const out: TraceEvent[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i)!;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<TraceEvent> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /** String `id` of the table (the check proved every id in the bytes is in range). */
  string(id: number): string {
    // Names and labels repeat: keep them as one string each (the first SMALL_IDS ids in an array,
    // a few thousand more in a map; previews are mostly unique and never kept).
    if (id < SMALL_IDS) {
      const hit = this.smallCache[id];
      if (hit !== undefined) return hit;
    } else {
      const cached = this.stringCache.get(id);
      if (cached !== undefined) return cached;
    }
    const ends = this.t.stringEnds;
    const s = this.t.strings.slice(stringStart(ends, id), ends[id]);
    if (id < SMALL_IDS) this.smallCache[id] = s;
    else if (this.stringCache.size < 4096) this.stringCache.set(id, s);
    return s;
  }

  private decode(): TraceEvent {
    const c = this.c;
    const kind = c.byte();
    this.step += unzigzag(c.uint());
    const step = this.step;
    // The kinds a long run is made of, as literals (one shape each); the rest by the schema.
    switch (kind) {
      case K_STEP: {
        const e: TraceEvent = { t: 'step', step, line: unzigzag(c.uint()), column: unzigzag(c.uint()), endLine: unzigzag(c.uint()), endColumn: unzigzag(c.uint()), scope: unzigzag(c.uint()) };
        const file = c.uint();
        if (file !== 0) e.file = this.string(file - 1);
        return e;
      }
      case K_POP: return { t: 'pop', step };
      case K_BIND: return { t: 'bind', step, scope: unzigzag(c.uint()), name: this.string(c.uint()), preview: this.string(c.uint()) };
      case K_PUSH: {
        const e: TraceEvent = { t: 'push', step, name: this.string(c.uint()), line: unzigzag(c.uint()), column: unzigzag(c.uint()) };
        const file = c.uint();
        if (file !== 0) e.file = this.string(file - 1);
        return e;
      }
    }
    const e: Record<string, unknown> = { t: KINDS[kind], step };
    for (const [name, f] of FIELDS[kind]) {
      switch (f) {
        case 'i': e[name] = unzigzag(c.uint()); break;
        case 'i?': { const v = c.uint(); if (v !== 0) e[name] = unzigzag(v - 1); break; }
        case 'n': e[name] = c.num(); break;
        case 's': e[name] = this.string(c.uint()); break;
        case 's?': { const v = c.uint(); if (v !== 0) e[name] = this.string(v - 1); break; }
        case 'b': e[name] = c.uint() === 1; break;
        case 'bindings': {
          const n = c.uint();
          const bs: Extract<TraceEvent, { t: 'scope' }>['bindings'] = new Array(n);
          for (let k = 0; k < n; k++) {
            const bname = this.string(c.uint());
            const bkind = BINDING_KINDS[c.uint()];
            const state = BINDING_STATES[c.uint()];
            bs[k] = { name: bname, kind: bkind, state, preview: this.string(c.uint()) };
          }
          e[name] = bs;
          break;
        }
        default: e[name] = f[c.uint()];
      }
    }
    return e as unknown as TraceEvent;
  }
}

/**
 * Reads a checked trace's events forward into reusable slots: no object per event, strings as table
 * ids (resolved only when wanted). The replay's index pass and its checkpoint replays use it; a
 * million events scan in tens of milliseconds. Slots of the current event, in SCHEMA order:
 * `f[k]` is field k — ints as numbers, optional ints NaN when absent, numbers as numbers, strings as
 * ids (optional ones -1 when absent), booleans 0/1, enums as indexes into their list (ENUMS);
 * a `scope` event's bindings are in `bindings` (name id, kind index, state index, preview id each).
 * Only checked traces: the check proved every read stays in the buffer and every id in range.
 */
export class TraceScanner {
  /** Index of the current event (-1: before the first), its kind byte and its step. */
  index = -1;
  kind = -1;
  step = 0;
  readonly f = new Float64Array(12);
  bindings = new Int32Array(64);
  bindingCount = 0;
  private pos = 0;
  private readonly b: Uint8Array;
  private readonly count: number;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  constructor(readonly t: CheckedTrace, private readonly strings: (id: number) => string) {
    this.b = t.bytes;
    this.count = t.count;
  }

  string(id: number): string { return this.strings(id); }

  /** Stands before event `i` (at most BLOCK - 1 events decoded to get there). */
  seek(i: number): void {
    const b = Math.floor(Math.max(0, i) / BLOCK);
    if (b >= this.t.blockPos.length) { this.index = this.t.count - 1; this.pos = this.t.bytes.length; return; }
    this.pos = this.t.blockPos[b];
    this.step = this.t.blockStep[b];
    this.index = b * BLOCK - 1;
    while (this.index + 1 < i) this.next();
  }

  /**
   * Reads the next event into the slots (false: there is none). With `only`, the fields of a kind
   * k with only[k] === 0 are stepped over, not read (the slots keep the last values read).
   */
  next(only?: Uint8Array): boolean {
    if (this.index + 1 >= this.count) return false;
    this.index++;
    const f = this.f;
    const kind = (this.kind = this.b[this.pos++]);
    this.step += this.z();
    if (only !== undefined && only[kind] === 0) { this.skip(kind); return true; }
    switch (kind) {
      case K_STEP:
        f[0] = this.z(); f[1] = this.z(); f[2] = this.z(); f[3] = this.z(); f[4] = this.z(); f[5] = this.u() - 1;
        return true;
      case K_POP: return true;
      case K_BIND: f[0] = this.z(); f[1] = this.u(); f[2] = this.u(); return true;
      case K_PUSH: f[0] = this.u(); f[1] = this.z(); f[2] = this.z(); f[3] = this.u() - 1; return true;
      case K_SCOPE: f[0] = this.z(); f[1] = this.z(); f[2] = this.u(); f[3] = this.readBindings(); return true;
      case K_CTX:
        f[0] = this.z(); f[1] = this.z(); f[2] = this.z(); f[3] = this.u(); f[4] = this.z(); f[5] = this.z();
        f[6] = this.u(); f[7] = this.u() - 1; f[8] = this.u() - 1; f[9] = this.z(); f[10] = this.u(); f[11] = this.u();
        return true;
    }
    const codes = SCAN_CODES[kind];
    for (let k = 0; k < codes.length; k++) {
      switch (codes[k]) {
        case S_INT: f[k] = this.z(); break;
        case S_OPT_INT: { const v = this.u(); f[k] = v === 0 ? NaN : unzigzag(v - 1); break; }
        case S_NUM: f[k] = this.num(); break;
        case S_OPT_STR: f[k] = this.u() - 1; break;
        case S_BINDINGS: f[k] = this.readBindings(); break;
        default: f[k] = this.u();
      }
    }
    return true;
  }

  /** Steps over the fields of an event of kind `kind`. */
  private skip(kind: number): void {
    const b = this.b;
    const codes = SCAN_CODES[kind];
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k];
      if (code === S_NUM) this.num();
      else if (code === S_BINDINGS) {
        for (let j = 4 * this.u(); j > 0; j--) while (b[this.pos++] >= 128);
      } else while (b[this.pos++] >= 128);
    }
  }

  private readBindings(): number {
    const n = this.u();
    if (this.bindings.length < 4 * n) this.bindings = new Int32Array(4 * n);
    const bs = this.bindings;
    for (let j = 0; j < 4 * n; j++) bs[j] = this.u();
    this.bindingCount = n;
    return n;
  }

  // The check walked these very bytes with the same schema: every varint here ends within 8 bytes
  // and inside the buffer, so the reads need no bounds tests.
  private u(): number {
    const b = this.b;
    let x = b[this.pos++];
    if (x < 128) return x;
    let v = x & 127, scale = 128;
    for (;;) {
      x = b[this.pos++];
      v += (x & 127) * scale;
      if (x < 128) return v;
      scale *= 128;
    }
  }

  private z(): number {
    const u = this.u();
    return u < 2147483648 ? (u >>> 1) ^ -(u & 1) : unzigzag(u);
  }

  private num(): number {
    const w = this.u();
    if (w % 2 === 0) return unzigzag(w / 2);
    const b = this.b;
    for (let k = 0; k < 8; k++) this.f64Bytes[k] = b[this.pos++];
    return this.f64[0];
  }
}

/**
 * The scanner's current event as a TraceEvent, field by field from the schema (the tests hold the
 * scanner's kind-by-kind fast paths to the schema with it; the replay never builds objects).
 */
export function eventOfSlots(sc: TraceScanner): TraceEvent {
  const e: Record<string, unknown> = { t: KINDS[sc.kind], step: sc.step };
  const fields = FIELDS[sc.kind];
  for (let k = 0; k < fields.length; k++) {
    const [name, f] = fields[k];
    const v = sc.f[k];
    switch (f) {
      case 'i': case 'n': e[name] = v; break;
      case 'i?': if (!Number.isNaN(v)) e[name] = v; break;
      case 's': e[name] = sc.string(v); break;
      case 's?': if (v >= 0) e[name] = sc.string(v); break;
      case 'b': e[name] = v === 1; break;
      case 'bindings': {
        const bs: Extract<TraceEvent, { t: 'scope' }>['bindings'] = [];
        for (let j = 0; j < sc.bindingCount; j++) {
          const b = sc.bindings;
          bs.push({ name: sc.string(b[4 * j]), kind: BINDING_KINDS[b[4 * j + 1]], state: BINDING_STATES[b[4 * j + 2]], preview: sc.string(b[4 * j + 3]) });
        }
        e[name] = bs;
        break;
      }
      default: e[name] = f[v];
    }
  }
  return e as unknown as TraceEvent;
}

const checkedCache = new WeakMap<PackedTrace, CheckedTrace | string>();

/** The analysis' trace as a sequence, whichever form it has (undefined: no trace). */
export function traceOf(analysis: { trace?: TraceEvent[]; packedTrace?: PackedTrace }): TraceSeq | undefined {
  if (analysis.trace) return analysis.trace;
  const p = analysis.packedTrace;
  if (!p) return undefined;
  let checked: CheckedTrace | string | undefined = 'blockPos' in p && 'kinds' in p ? (p as CheckedTrace) : checkedCache.get(p);
  if (checked === undefined) {
    checked = checkPackedTrace(p);
    checkedCache.set(p, checked);
  }
  if (typeof checked === 'string') return undefined;
  return new TraceReader(checked);
}

/** The analysis' trace as objects (for bounded consumers: the exported page, JSON output). */
export function traceArrayOf(analysis: { trace?: TraceEvent[]; packedTrace?: PackedTrace }): TraceEvent[] | undefined {
  if (analysis.trace) return analysis.trace;
  const seq = traceOf(analysis);
  return seq ? (seq as TraceReader).toArray() : undefined;
}

/** The analysis with its trace as objects and no packed form (JSON output, the exported page). */
export function withTraceObjects<A extends { trace?: TraceEvent[]; packedTrace?: PackedTrace }>(analysis: A): A {
  if (!analysis.packedTrace) return analysis;
  const { packedTrace: _p, ...rest } = analysis;
  return { ...rest, trace: traceArrayOf(analysis) } as A;
}
