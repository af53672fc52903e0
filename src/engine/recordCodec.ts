// THE packed record tables: the compact form of Analysis.tasks (TaskRecord[]), Analysis.console
// (ConsoleEvent[]) and Analysis.bindings (BindingInfo[]) that crosses the analysis-process boundary
// (issue 13: the 10,000 task records of an await loop were 1.9 MB of small objects, cloned worker →
// child → host and walked by the validator — ~60 ms of a 110 ms warm analysis; 10,000 console lines
// or the 5,000 bindings of a 2,000-line file cost the same). Pure TypeScript, no `vscode`, no guest
// objects.
//
// Format. A table is one byte stream and one string table (as src/engine/traceCodec.ts). A schema
// lists a record's possible keys with a type each; a field may itself be a record (a SourceRange)
// or a list of records (BindingInfo.values) of another schema. The stream:
//   shapes:  for each schema of the table (the root's, then those its fields use, depth first): a
//            varint count, then per shape a varint key count and per key a varint
//            fieldIndex * 2 + (1 when the key is present with the value `undefined`);
//   records: per record a varint shape id (in its schema's shapes), then the value of each of its
//            shape's keys that is not `undefined`, in key order, by the field's type: 'u' varint,
//            'i' zigzag varint, 'd' zigzag varint delta from the previous record's value of that
//            field (ids, steps, orders: small), 'n' an even varint (an integer) or 1 + 8 bytes of
//            float64, 's' a varint id into the string table, an enum its index in a fixed list, a
//            record its own record, a list a varint length and that many records.
// A shape is a record's own keys in their order, so unpacking rebuilds every record with the same
// keys in the same order: a key the engine declared with `undefined` (TaskRecord.startStep of a task
// that never ran) stays present, a key it never set stays absent. The string table is the strings,
// concatenated, with the end offset of each (a value repeated from the record before is stored once).
//
// INVARIANT: a PackedRecords that came from the analysis process is untrusted. checkPackedRecords is
// the only way to read one: it walks every byte once (shapes, varint lengths, enum indexes, string
// ids, list lengths, the table's offsets, sizes against caps and the message's size budget) without
// building a record, and never throws; unpackRecords takes only what it returned. Nesting is the
// schemas' (fixed, two levels), never the data's. packRecords returns null for records it cannot
// represent exactly (a key or a value outside the schema): the caller sends those as plain data,
// which the plain-data checks see as before.
import type { BindingInfo, ConsoleEvent, TaskRecord } from './types';
import { ByteReader, ByteWriter, MalformedBytes as BadPack, isU32, isU8, stringEndsHold, stringStart, stringTableOf, unzigzag, zigzag } from './varint';

/** Caps on what a packed table may hold (the host's check; an honest engine stays far below). */
export const PACKED_RECORD_LIMITS = {
  records: 8_000_000,
  bytes: 256 * 1024 * 1024,
  strings: 8_000_000,
  stringChars: 256 * 1024 * 1024,
  /** One string (as the protocol's LIMITS.maxString). */
  stringLength: 16 * 1024 * 1024,
  /** Shapes per schema. */
  shapes: 256,
  /** Records in one list field (as the protocol's LIMITS.maxArray). */
  list: 8_000_000,
};

type FieldType = 'u' | 'i' | 'd' | 'n' | 's' | readonly string[] | { readonly record: RecordSchema } | { readonly list: RecordSchema };

interface Field {
  readonly name: string;
  readonly type: FieldType;
  /** A required field is in every shape, never `undefined` (the TypeScript type has it non-optional). */
  readonly required: boolean;
  /** A string field's longest value (as the protocol's plain checks had it). */
  readonly maxLength: number;
}

export interface RecordSchema {
  /** What the table is, for messages. */
  readonly what: string;
  readonly fields: readonly Field[];
  readonly index: ReadonlyMap<string, number>;
  /** The key orders the engine makes, each with an object literal that builds it (see Layout). */
  readonly layouts: readonly Layout[];
}

/**
 * A key order the engine makes its records in, with a builder: `build(v)` is an object literal with
 * those keys in that order, values v[0], v[1], … Unpacking builds a record whose shape starts with
 * a layout's keys by its literal (one allocation, no keyed stores), then adds the shape's other
 * keys. A shape that matches none is built key by key.
 */
export interface Layout {
  readonly keys: readonly string[];
  readonly build: (v: readonly unknown[]) => Record<string, unknown>;
}

function schema(what: string, fields: [string, FieldType, 'required' | 'optional', number?][], layouts: Layout[] = []): RecordSchema {
  const fs = fields.map(([name, type, r, max]) => ({ name, type, required: r === 'required', maxLength: max ?? PACKED_RECORD_LIMITS.stringLength }));
  return { what, fields: fs, index: new Map(fs.map((f, i) => [f.name, i])), layouts };
}

const RUN_SOURCES = ['script', 'setTimeout', 'setInterval', 'setImmediate', 'promise', 'await', 'queueMicrotask', 'nextTick', 'fetch', 'requestAnimationFrame', 'requestIdleCallback', 'postMessage', 'event', 'MutationObserver'] as const;
const TASK_KINDS = ['microtask', 'macrotask', 'nextTick', 'animationFrame', 'script'] as const;
const RUN_KINDS = ['sync', 'microtask', 'macrotask', 'nextTick', 'animationFrame'] as const;

/** TaskRecord (src/engine/types.ts), field by field. */
export const TASK_SCHEMA = schema('tasks', [
  ['file', 's', 'optional'],
  ['id', 'd', 'required'],
  ['kind', TASK_KINDS, 'required'],
  ['source', RUN_SOURCES, 'required'],
  ['line', 'u', 'required'],
  ['column', 'u', 'required'],
  ['callbackLine', 'i', 'optional'],
  ['label', 's', 'required'],
  ['enqueueStep', 'd', 'required'],
  ['enqueueTime', 'n', 'required'],
  ['startStep', 'd', 'optional'],
  ['endStep', 'd', 'optional'],
  ['startTime', 'n', 'optional'],
  ['delay', 'n', 'optional'],
  ['detail', 's', 'optional'],
], [
  // EventLoop.newRecord (src/engine/interp/eventloop.ts); `file` and `detail` come after, when set.
  {
    keys: ['id', 'kind', 'source', 'line', 'column', 'callbackLine', 'label', 'enqueueStep', 'enqueueTime', 'delay', 'startStep', 'startTime', 'endStep'],
    build: (v) => ({ id: v[0], kind: v[1], source: v[2], line: v[3], column: v[4], callbackLine: v[5], label: v[6], enqueueStep: v[7], enqueueTime: v[8], delay: v[9], startStep: v[10], startTime: v[11], endStep: v[12] }),
  },
]);

/** ConsoleEvent (src/engine/types.ts), field by field. */
export const CONSOLE_SCHEMA = schema('console', [
  ['file', 's', 'optional'],
  ['line', 'u', 'required'],
  ['column', 'u', 'required'],
  ['endLine', 'u', 'required'],
  ['endColumn', 'u', 'required'],
  ['order', 'd', 'required'],
  ['kind', RUN_KINDS, 'required'],
  ['source', RUN_SOURCES, 'required'],
  ['text', 's', 'required'],
  ['stream', ['stdout', 'stderr'], 'required'],
  ['method', 's', 'required', 100],
  ['step', 'd', 'required'],
  ['time', 'n', 'required'],
  ['taskId', 'd', 'required'],
  ['delay', 'n', 'optional'],
  ['detail', 's', 'optional'],
], [
  // console.* (emit in src/engine/interp/globals.ts), then `order` (simulator.ts), with and without `file`.
  {
    keys: ['line', 'column', 'endLine', 'endColumn', 'kind', 'source', 'text', 'stream', 'method', 'step', 'time', 'taskId', 'delay', 'detail', 'order'],
    build: (v) => ({ line: v[0], column: v[1], endLine: v[2], endColumn: v[3], kind: v[4], source: v[5], text: v[6], stream: v[7], method: v[8], step: v[9], time: v[10], taskId: v[11], delay: v[12], detail: v[13], order: v[14] }),
  },
  {
    keys: ['file', 'line', 'column', 'endLine', 'endColumn', 'kind', 'source', 'text', 'stream', 'method', 'step', 'time', 'taskId', 'delay', 'detail', 'order'],
    build: (v) => ({ file: v[0], line: v[1], column: v[2], endLine: v[3], endColumn: v[4], kind: v[5], source: v[6], text: v[7], stream: v[8], method: v[9], step: v[10], time: v[11], taskId: v[12], delay: v[13], detail: v[14], order: v[15] }),
  },
]);

/** SourceRange (src/engine/types.ts). */
export const RANGE_SCHEMA = schema('range', [
  ['file', 's', 'optional'],
  ['line', 'u', 'required'],
  ['column', 'u', 'required'],
  ['endLine', 'u', 'required'],
  ['endColumn', 'u', 'required'],
], [
  { keys: ['line', 'column', 'endLine', 'endColumn'], build: (v) => ({ line: v[0], column: v[1], endLine: v[2], endColumn: v[3] }) },
]);

/** BindingInfo.values[k]. */
const BINDING_VALUE_SCHEMA = schema('binding value', [
  ['step', 'i', 'required'],
  ['preview', 's', 'required'],
], [{ keys: ['step', 'preview'], build: (v) => ({ step: v[0], preview: v[1] }) }]);

/** BindingInfo (src/engine/types.ts); kinds and states as strings (as the protocol checked them). */
export const BINDING_SCHEMA = schema('bindings', [
  ['id', 'd', 'required'],
  ['name', 's', 'required', 100_000],
  ['kind', 's', 'required', 100],
  ['decl', { record: RANGE_SCHEMA }, 'required'],
  ['scope', 's', 'required'],
  ['scopeRange', { record: RANGE_SCHEMA }, 'required'],
  ['initialState', 's', 'required', 100],
  ['tdz', { record: RANGE_SCHEMA }, 'optional'],
  ['values', { list: BINDING_VALUE_SCHEMA }, 'optional'],
], [
  // reportHoisting (src/engine/hoisting/analyze.ts); `tdz` and `values` come after, when set.
  {
    keys: ['id', 'name', 'kind', 'decl', 'scope', 'scopeRange', 'initialState'],
    build: (v) => ({ id: v[0], name: v[1], kind: v[2], decl: v[3], scope: v[4], scopeRange: v[5], initialState: v[6] }),
  },
]);

/** What crosses the boundary (plain data: typed arrays and one string). */
export interface PackedRecords {
  /** Number of records. */
  count: number;
  bytes: Uint8Array;
  /** Every distinct string, concatenated. */
  strings: string;
  /** End offset (in `strings`) of string id k. */
  stringEnds: Uint32Array;
}

/** Integers and deltas stay within ±(2^52 − 1), so their zigzag form is a safe integer. */
const INT_MAX = 2 ** 52 - 1;

// ---- Packing (the analysis worker) -------------------------------------------------------------

/** Field types as small integers (the hot loops switch on them). */
const T_U = 0, T_I = 1, T_D = 2, T_N = 3, T_S = 4, T_ENUM = 5, T_RECORD = 6, T_LIST = 7;

function subSchemaOf(t: FieldType): RecordSchema | null {
  if (typeof t === 'string' || Array.isArray(t)) return null;
  const o = t as { record?: RecordSchema; list?: RecordSchema };
  return o.record ?? o.list ?? null;
}

/** One schema of a table, ready for the loops: type codes, enum tables, sub-schema indexes. */
interface Compiled {
  readonly schema: RecordSchema;
  readonly types: readonly number[];
  readonly enums: readonly (readonly string[])[];
  readonly enumIndex: readonly (ReadonlyMap<string, number> | null)[];
  /** Per field: the index (in the table's schemas) of its record or list schema, or -1. */
  readonly sub: readonly number[];
  readonly requiredCount: number;
}

const tables = new WeakMap<RecordSchema, readonly Compiled[]>();

/** The schemas of a table of `root`: the root, then those its fields use, depth first, each once. */
function tableOf(root: RecordSchema): readonly Compiled[] {
  const known = tables.get(root);
  if (known) return known;
  const list: RecordSchema[] = [];
  const visit = (s: RecordSchema, path: RecordSchema[]) => {
    if (path.includes(s)) throw new Error(`record schema ${s.what} contains itself`);
    if (list.includes(s)) return;
    list.push(s);
    for (const f of s.fields) {
      const sub = subSchemaOf(f.type);
      if (sub) visit(sub, [...path, s]);
    }
  };
  visit(root, []);
  const compiled = list.map((s): Compiled => ({
    schema: s,
    types: s.fields.map((f) => {
      const t = f.type;
      if (t === 'u') return T_U;
      if (t === 'i') return T_I;
      if (t === 'd') return T_D;
      if (t === 'n') return T_N;
      if (t === 's') return T_S;
      if (Array.isArray(t)) return T_ENUM;
      return 'record' in (t as object) ? T_RECORD : T_LIST;
    }),
    enums: s.fields.map((f) => (Array.isArray(f.type) ? (f.type as readonly string[]) : [])),
    enumIndex: s.fields.map((f) => (Array.isArray(f.type) ? new Map((f.type as readonly string[]).map((v, i) => [v, i])) : null)),
    sub: s.fields.map((f) => {
      const sub = subSchemaOf(f.type);
      return sub ? list.indexOf(sub) : -1;
    }),
    requiredCount: s.fields.filter((f) => f.required).length,
  }));
  tables.set(root, compiled);
  return compiled;
}

/** What the packer keeps per schema while it writes a table. */
class PackState {
  /** Each distinct shape once: its key codes (fieldIndex * 2 + undefined flag), by a string of them. */
  readonly shapes: number[][] = [];
  readonly shapeIds = new Map<string, number>();
  // The shape of the record before (records of one engine come in a handful of shapes, in runs).
  prevShape: number[] = [];
  prevKeys: string[] = [];
  prevId = -1;
  readonly last: Float64Array;
  // A string repeated from the record before (in the same field) is stored once. No table of all
  // strings: hashing every label is what cost (each is a fresh concatenation the hash must flatten).
  readonly lastString: (string | undefined)[];
  readonly lastStringId: Int32Array;
  readonly keys: string[];
  readonly values: unknown[];
  constructor(readonly c: Compiled) {
    const n = c.schema.fields.length;
    this.last = new Float64Array(n);
    this.lastString = new Array(n);
    this.lastStringId = new Int32Array(n);
    this.keys = new Array(n);
    this.values = new Array(n);
  }
}

class Packer {
  readonly w = new ByteWriter(1 << 15);
  readonly table: string[] = [];
  readonly states: PackState[];
  constructor(readonly compiled: readonly Compiled[]) {
    this.states = compiled.map((c) => new PackState(c));
  }

  /** Writes one record of schema `si`; false when it cannot be represented exactly. */
  record(si: number, rec: unknown): boolean {
    if (typeof rec !== 'object' || rec === null || Object.getPrototypeOf(rec) !== Object.prototype) return false;
    const st = this.states[si];
    const { fields, index } = st.c.schema;
    const nFields = fields.length;
    const { keys, values } = st;
    const r = rec as Record<string, unknown>;
    let n = 0;
    let same = true;
    const prevShape = st.prevShape;
    for (const key in r) {
      if (n === nFields) return false;
      const v = r[key];
      keys[n] = key;
      values[n] = v;
      if (same && (n >= prevShape.length || key !== st.prevKeys[n] || (prevShape[n] & 1) !== (v === undefined ? 1 : 0))) same = false;
      n++;
    }
    let shape: number[];
    if (same && n === prevShape.length) shape = prevShape;
    else {
      // A new run of records: find (or make) its shape.
      shape = new Array(n);
      let required = 0;
      for (let k = 0; k < n; k++) {
        const f = index.get(keys[k]);
        if (f === undefined) return false;
        const undef = values[k] === undefined;
        if (fields[f].required) {
          if (undef) return false;
          required++;
        }
        shape[k] = f * 2 + (undef ? 1 : 0);
      }
      if (required !== st.c.requiredCount) return false;
      const sig = shape.join(',');
      let id = st.shapeIds.get(sig);
      if (id === undefined) {
        // One object has each key once, so each field is in a shape at most once.
        if (st.shapes.length >= PACKED_RECORD_LIMITS.shapes) return false;
        id = st.shapes.length;
        st.shapes.push(shape);
        st.shapeIds.set(sig, id);
      }
      st.prevShape = shape = st.shapes[id];
      st.prevKeys = keys.slice(0, n);
      st.prevId = id;
    }
    const w = this.w;
    w.uint(st.prevId);
    const { types, sub } = st.c;
    for (let k = 0; k < n; k++) {
      const code = shape[k];
      if (code & 1) continue;
      const f = code >> 1;
      const v = values[k];
      switch (types[f]) {
        case T_U:
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > INT_MAX || Object.is(v, -0)) return false;
          w.uint(v);
          break;
        case T_I:
          if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT_MAX || Object.is(v, -0)) return false;
          w.uint(zigzag(v));
          break;
        case T_D: {
          // -0 would come back as 0 (integers are varints): such a record is sent as plain data.
          if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT_MAX || Object.is(v, -0)) return false;
          const d = v - st.last[f];
          if (Math.abs(d) > INT_MAX) return false;
          st.last[f] = v;
          w.uint(zigzag(d));
          break;
        }
        case T_N:
          if (typeof v !== 'number' || Number.isNaN(v)) return false;
          w.num(v);
          break;
        case T_S:
          if (typeof v !== 'string' || v.length > fields[f].maxLength) return false;
          if (v !== st.lastString[f]) {
            st.lastString[f] = v;
            st.lastStringId[f] = this.table.length;
            this.table.push(v);
          }
          w.uint(st.lastStringId[f]);
          break;
        case T_ENUM: {
          const e = typeof v === 'string' ? st.c.enumIndex[f]!.get(v) : undefined;
          if (e === undefined) return false;
          w.uint(e);
          break;
        }
        case T_RECORD:
          if (!this.record(sub[f], v)) return false;
          break;
        default: {
          if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || v.length > PACKED_RECORD_LIMITS.list) return false;
          w.uint(v.length);
          for (let j = 0; j < v.length; j++) if (!this.record(sub[f], v[j])) return false;
        }
      }
    }
    return true;
  }
}

/**
 * Packs records of `schema` (in the analysis worker). Null when a record has a key or a value the
 * schema cannot represent exactly: the caller sends the records as plain data then.
 */
export function packRecords(schema: RecordSchema, records: readonly object[]): PackedRecords | null {
  if (!Array.isArray(records) || records.length > PACKED_RECORD_LIMITS.records) return null;
  // for-in (Packer.record) sees inherited enumerable keys too: none may exist (then it sees own keys only).
  for (const _ in {}) return null;
  const compiled = tableOf(schema);
  const packer = new Packer(compiled);
  for (let r = 0; r < records.length; r++) if (!packer.record(0, records[r])) return null;
  const { table, w } = packer;
  if (table.length > PACKED_RECORD_LIMITS.strings) return null;
  // The shapes go first: a second writer, then the records after them.
  const head = new ByteWriter(1 << 15);
  for (const st of packer.states) {
    head.uint(st.shapes.length);
    for (const s of st.shapes) {
      head.uint(s.length);
      for (const code of s) head.uint(code);
    }
  }
  const bytes = new Uint8Array(head.pos + w.pos);
  bytes.set(head.buf.subarray(0, head.pos), 0);
  bytes.set(w.buf.subarray(0, w.pos), head.pos);
  const { strings, stringEnds } = stringTableOf(table);
  if (bytes.byteLength > PACKED_RECORD_LIMITS.bytes || strings.length > PACKED_RECORD_LIMITS.stringChars) return null;
  return { count: records.length, bytes, strings, stringEnds };
}

export const packTasks = (tasks: readonly TaskRecord[]): PackedRecords | null => packRecords(TASK_SCHEMA, tasks);
export const packConsole = (events: readonly ConsoleEvent[]): PackedRecords | null => packRecords(CONSOLE_SCHEMA, events);
export const packBindings = (bindings: readonly BindingInfo[]): PackedRecords | null => packRecords(BINDING_SCHEMA, bindings);

/** The analysis' packed fields, as the analysis worker sends them. */
export interface PackedFields {
  packedTasks?: PackedRecords;
  packedConsole?: PackedRecords;
  packedBindings?: PackedRecords;
}

/**
 * The analysis with its task records, console events and bindings packed (what the analysis worker
 * sends): tens of thousands of small objects cost more to clone twice and validate than the run
 * itself. Each list stays at its key as `[]` (the host puts the records back there,
 * src/sandbox/protocol.ts); a list the codec cannot represent exactly stays plain data.
 */
export function withPackedRecords<A extends { tasks: TaskRecord[]; console: ConsoleEvent[]; bindings?: BindingInfo[] }>(a: A): A & PackedFields {
  const packedTasks = Array.isArray(a.tasks) && a.tasks.length > 0 ? packTasks(a.tasks) : null;
  const packedConsole = Array.isArray(a.console) && a.console.length > 0 ? packConsole(a.console) : null;
  const packedBindings = Array.isArray(a.bindings) && a.bindings.length > 0 ? packBindings(a.bindings) : null;
  if (!packedTasks && !packedConsole && !packedBindings) return a;
  return {
    ...a,
    ...(packedTasks ? { tasks: [], packedTasks } : {}),
    ...(packedConsole ? { console: [], packedConsole } : {}),
    ...(packedBindings ? { bindings: [], packedBindings } : {}),
  };
}

/** The buffers of a packed table, to transfer them between threads (zero-copy). */
export function transferablesOf(p: { bytes: Uint8Array; stringEnds: Uint32Array } | null | undefined): ArrayBuffer[] {
  return p ? [p.bytes.buffer as ArrayBuffer, p.stringEnds.buffer as ArrayBuffer] : [];
}

// ---- Checking (the host, on receipt) -----------------------------------------------------------

/** A PackedRecords of one schema that passed checkPackedRecords (only unpackRecords reads it). */
export interface CheckedRecords {
  readonly schema: RecordSchema;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly strings: string;
  readonly stringEnds: Uint32Array;
  /** Byte offset of the first record. */
  readonly recordsAt: number;
  /** Per schema of the table, per shape: its key codes (fieldIndex * 2 + undefined flag). */
  readonly shapes: readonly (readonly Uint8Array[])[];
  /** Per schema of the table, per shape: the schema's layout its keys start with, or null. */
  readonly layouts: readonly (readonly (Layout | null)[])[];
  /** The rough size of the records as plain data (as the protocol's plain-data walk counts it). */
  readonly size: number;
}


/**
 * Checks an untrusted packed table of `schema` completely (see the invariant at the top). `budget`:
 * the rough size the records may still take as plain data (the message's size cap). Returns the
 * checked table, or a reason. Never throws.
 */
export function checkPackedRecords(schema: RecordSchema, raw: unknown, budget: number = Infinity): CheckedRecords | string {
  const what = `packed ${schema.what}`;
  try {
    if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return `${what} is not an object`;
    const keys = Object.keys(raw);
    if (keys.length !== 4) return `${what}: unexpected keys`;
    const { count, bytes, strings, stringEnds } = raw as Record<string, unknown>;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > PACKED_RECORD_LIMITS.records) return `${what}: bad count`;
    if (!isU8(bytes) || bytes.byteLength > PACKED_RECORD_LIMITS.bytes) return `${what}: bad bytes`;
    if (typeof strings !== 'string' || strings.length > PACKED_RECORD_LIMITS.stringChars) return `${what}: bad strings`;
    if (!isU32(stringEnds) || stringEnds.length > PACKED_RECORD_LIMITS.strings) return `${what}: bad string table`;
    const nStrings = stringEnds.length;
    if (!stringEndsHold(stringEnds, strings, PACKED_RECORD_LIMITS.stringLength)) return `${what}: bad string offsets`;
    const compiled = tableOf(schema);
    const c = new ByteReader(bytes);
    // Shapes, per schema: known fields, each at most once, every required one present with a value.
    const shapes: Uint8Array[][] = [];
    /** Per schema, per shape: the plain-data size of its keys (8 per value + the key's length) and the object. */
    const shapeSizes: number[][] = [];
    for (const sc of compiled) {
      const { fields } = sc.schema;
      const nFields = fields.length;
      const nShapes = c.uint();
      if (nShapes > PACKED_RECORD_LIMITS.shapes) return `${what}: too many shapes`;
      const list: Uint8Array[] = [];
      const sizes: number[] = [];
      const seen = new Uint8Array(nFields);
      for (let s = 0; s < nShapes; s++) {
        const n = c.uint();
        if (n > nFields) return `${what}: bad shape`;
        const shape = new Uint8Array(n);
        seen.fill(0);
        let size = 8;
        for (let k = 0; k < n; k++) {
          const code = c.uint();
          const f = code >> 1;
          if (code >= nFields * 2 || seen[f]) return `${what}: bad shape`;
          seen[f] = 1;
          if (fields[f].required && code & 1) return `${what}: a required field is undefined`;
          shape[k] = code;
          size += 8 + fields[f].name.length;
        }
        for (let f = 0; f < nFields; f++) if (fields[f].required && !seen[f]) return `${what}: a required field is missing`;
        list.push(shape);
        sizes.push(size);
      }
      shapes.push(list);
      shapeSizes.push(sizes);
    }
    const recordsAt = c.pos;
    const lasts = compiled.map((sc) => new Float64Array(sc.schema.fields.length));
    let size = 0;
    const record = (si: number): void => {
      const s = c.uint();
      const list = shapes[si];
      if (s >= list.length) throw new BadPack();
      const shape = list[s];
      const sc = compiled[si];
      const { types, sub } = sc;
      const fields = sc.schema.fields;
      const last = lasts[si];
      size += shapeSizes[si][s];
      for (let k = 0; k < shape.length; k++) {
        const code = shape[k];
        if (code & 1) continue;
        const f = code >> 1;
        switch (types[f]) {
          case T_U: if (c.uint() > INT_MAX) throw new BadPack(); break;
          case T_I: if (c.uint() > INT_MAX * 2 + 1) throw new BadPack(); break;
          case T_D: {
            const u = c.uint();
            if (u > INT_MAX * 2 + 1) throw new BadPack();
            const v = last[f] + unzigzag(u);
            if (!(Math.abs(v) <= INT_MAX)) throw new BadPack();
            last[f] = v;
            break;
          }
          case T_N: if (Number.isNaN(c.num())) throw new BadPack(); break;
          case T_S: {
            const id = c.uint();
            if (id >= nStrings) throw new BadPack();
            const length = stringEnds[id] - stringStart(stringEnds, id);
            if (length > fields[f].maxLength) throw new BadPack();
            size += length;
            break;
          }
          case T_ENUM: if (c.uint() >= sc.enums[f].length) throw new BadPack(); break;
          case T_RECORD: record(sub[f]); break;
          default: {
            const n = c.uint();
            if (n > PACKED_RECORD_LIMITS.list) throw new BadPack();
            size += 8;
            for (let j = 0; j < n; j++) record(sub[f]);
          }
        }
      }
    };
    for (let r = 0; r < count; r++) {
      record(0);
      if (size > budget) return `${what}: too large`;
    }
    if (size > budget) return `${what}: too large`;
    if (c.pos !== bytes.byteLength) return `${what}: trailing bytes`;
    const layouts = shapes.map((list, si) => {
      const sc = compiled[si].schema;
      return list.map((shape) => sc.layouts.find((l) => l.keys.length <= shape.length && l.keys.every((k, i) => sc.fields[shape[i] >> 1].name === k)) ?? null);
    });
    return { schema, count, bytes, strings, stringEnds, recordsAt, shapes, layouts, size };
  } catch (e) {
    if (e instanceof BadPack) return `${what}: malformed record data`;
    return `${what}: unreadable`;
  }
}

export const checkPackedTasks = (raw: unknown, budget?: number): CheckedRecords | string => checkPackedRecords(TASK_SCHEMA, raw, budget);
export const checkPackedConsole = (raw: unknown, budget?: number): CheckedRecords | string => checkPackedRecords(CONSOLE_SCHEMA, raw, budget);
export const checkPackedBindings = (raw: unknown, budget?: number): CheckedRecords | string => checkPackedRecords(BINDING_SCHEMA, raw, budget);

// ---- Unpacking (the host, after the check) -----------------------------------------------------

/** The records as plain objects, each with the keys, key order and values it was packed with. */
export function unpackRecords<T = Record<string, unknown>>(t: CheckedRecords): T[] {
  const compiled = tableOf(t.schema);
  const names = compiled.map((sc) => sc.schema.fields.map((f) => f.name));
  const ends = t.stringEnds;
  const strings: (string | undefined)[] = new Array(ends.length);
  const lasts = compiled.map((sc) => new Float64Array(sc.schema.fields.length));
  const scratch = compiled.map((sc) => new Array<unknown>(sc.schema.fields.length));
  const c = new ByteReader(t.bytes);
  c.pos = t.recordsAt;
  const record = (si: number): Record<string, unknown> => {
    const s = c.uint();
    const shape = t.shapes[si][s];
    const { types, enums, sub } = compiled[si];
    const last = lasts[si];
    const values = scratch[si];
    for (let k = 0; k < shape.length; k++) {
      const code = shape[k];
      if (code & 1) {
        values[k] = undefined;
        continue;
      }
      const f = code >> 1;
      switch (types[f]) {
        case T_U: values[k] = c.uint(); break;
        case T_I: values[k] = unzigzag(c.uint()); break;
        case T_D: values[k] = last[f] += unzigzag(c.uint()); break;
        case T_N: values[k] = c.num(); break;
        case T_S: {
          const id = c.uint();
          values[k] = strings[id] ?? (strings[id] = t.strings.slice(stringStart(ends, id), ends[id]));
          break;
        }
        case T_ENUM: values[k] = enums[f][c.uint()]; break;
        case T_RECORD: values[k] = record(sub[f]); break;
        default: {
          const n = c.uint();
          const list: Record<string, unknown>[] = new Array(n);
          for (let j = 0; j < n; j++) list[j] = record(sub[f]);
          values[k] = list;
        }
      }
    }
    const layout = t.layouts[si][s];
    let o: Record<string, unknown>;
    let k = 0;
    if (layout) {
      o = layout.build(values);
      k = layout.keys.length;
    } else o = {};
    const own = names[si];
    for (; k < shape.length; k++) o[own[shape[k] >> 1]] = values[k];
    return o;
  };
  const out: T[] = new Array(t.count);
  for (let r = 0; r < t.count; r++) out[r] = record(0) as T;
  return out;
}
