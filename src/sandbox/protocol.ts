// THE analysis-process protocol: every message between the host (CLI or extension host) and the
// locked-down analysis child process (dist/analysis-process.js), in one module.
//
// INVARIANT: everything the child sends is untrusted data. The child runs the simulation of a hostile
// file; if layer 1 (the membrane) were ever bypassed, the child is the attacker's. So the host runs
// `validateChildMessage` on every message before using it: every field the host reads is type-checked,
// strings, arrays, nesting and the total size are capped, only plain data is accepted (no Maps, Dates,
// typed arrays, class instances, `__proto__` keys). A message that fails is an error outcome for the
// job — never a throw, never a partial use. The binary fields, all of an analysis result, each taken
// out before the plain-data walk and checked whole (every byte, every string id, every enum, caps)
// before anything reads it:
//   `packedTrace`    the step trace as bytes (src/engine/traceCodec.ts), checked by checkPackedTrace
//                    and kept packed (the replay reads it lazily). Above DEFLATE_TRACE_ABOVE bytes the
//                    child relays its event bytes deflated (`deflatedBytes` + `bytesLength` in place of
//                    `bytes`, deflateTraceOf): the host inflates them to exactly the declared length,
//                    capped by PACKED_LIMITS.bytes, before the check (inflatedTrace);
//   `packedTasks`    Analysis.tasks,
//   `packedConsole`  Analysis.console and
//   `packedBindings` Analysis.bindings as packed record tables (src/engine/recordCodec.ts), each
//                    checked by checkPackedRecords against what is left of the message's size budget;
//                    the list itself must then be `[]`, and the validated message has it back there as
//                    plain objects (unpackRecords: the same keys in the same order), without the
//                    packed field.
// The child's main thread relays them untouched but for a large trace's deflated bytes (it reads none of them).
//
// Host → child (trusted, built by the host):
//   { type: 'analyze', id, source, options }
//   { type: 'hover',   id, source, line, column, options, data }     line 1-based, column 0-based
//      data.bindings goes as `[]` + data.packedBindings (src/engine/recordCodec.ts; toWire, hoverDataOf):
//      a 2,000-line file's 5,000 bindings cost ~35 ms per hover as objects
// Child → host (untrusted):
//   { type: 'ready', check }                           once, after the self-lockdown and self-check
//   { type: 'progress', id, offset, inNative }         where the interpreter is (~every 50 ms while it changes)
//   { type: 'result', id, value }                      an Analysis (analyze) or markdown | null (hover)
//   { type: 'console', id, events }                    console events the job kept so far, in order (~every 200 ms)
//   { type: 'limit', id, kind, offset, inNative, millis, limitMb, console }  the child stopped its worker: time
//                                                      or memory; `console` = the events not relayed yet
//   { type: 'error', id, message }                     the engine failed (an internal error, one line)
import type { Analysis, AnalyzeOptions, BindingInfo, ConsoleEvent, Diagnostic } from '../engine/types';
import * as zlib from 'zlib';
import { checkPackedTrace, PACKED_LIMITS } from '../engine/traceCodec';
import { isU8 } from '../engine/varint';
import { checkPackedBindings, checkPackedConsole, checkPackedTasks, packBindings, unpackRecords } from '../engine/recordCodec';

export type HoverData = { bindings?: Analysis['bindings']; diagnostics?: Analysis['diagnostics'] } | null;

export type JobRequest =
  | { type: 'analyze'; source: string; options: AnalyzeOptions }
  | { type: 'hover'; source: string; line: number; column: number; options: AnalyzeOptions; data?: HoverData };

export type HostMessage = JobRequest & { id: number };

/** What the host sends for a request: a hover's bindings packed (see the header). */
export function toWire(msg: HostMessage): HostMessage {
  if (msg.type !== 'hover' || !msg.data || !Array.isArray(msg.data.bindings) || msg.data.bindings.length === 0) return msg;
  const packedBindings = packBindings(msg.data.bindings);
  return packedBindings ? { ...msg, data: { ...msg.data, bindings: [], packedBindings } as HoverData } : msg;
}

/** A hover request's data as objects again (the analysis worker; the host built it, a bad pack is a bug). */
export function hoverDataOf(data: HoverData | undefined): HoverData {
  const packed = (data as { packedBindings?: unknown } | null | undefined)?.packedBindings;
  if (!data || packed === undefined) return data ?? null;
  const checked = checkPackedBindings(packed);
  if (typeof checked === 'string') throw new Error(`the hover data did not unpack (${checked})`);
  const { packedBindings: _p, ...rest } = data as HoverData & { packedBindings?: unknown };
  return { ...rest, bindings: unpackRecords<BindingInfo>(checked) };
}

/** The layers the child checked at start-up; `false` = that layer did not take effect. */
export interface SelfCheck {
  /** `new Function('…')` / eval throw (--disallow-code-generation-from-strings). */
  codeGeneration: boolean;
  /** Node's permission model is on and denies fs writes and child processes. */
  permission: boolean;
  /** process.env is empty. */
  emptyEnv: boolean;
  /** Module loading, bindings and network globals are gone in the child's main thread. */
  lockdown: boolean;
  /** The same in the analysis worker, after it loaded the engine. */
  workerLockdown: boolean;
  /** The engine answered a tiny analysis after the lockdown. */
  engine: boolean;
  /** One short line per layer that did not take effect. */
  notes: string[];
}

export type ChildMessage =
  | { type: 'ready'; check: SelfCheck }
  | { type: 'progress'; id: number; offset: number; inNative: boolean }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'console'; id: number; events: ConsoleEvent[] }
  | { type: 'limit'; id: number; kind: 'time' | 'memory'; offset: number; inNative: boolean; millis: number; limitMb: number; console: ConsoleEvent[] }
  | { type: 'error'; id: number; message: string };

export const LIMITS = {
  /** One string (a console line, a preview, a message). */
  maxString: 16 * 1024 * 1024,
  /** One array (console events, tasks, trace events). */
  maxArray: 8_000_000,
  /** Nesting depth of the data. */
  maxDepth: 24,
  /** Rough total size (string characters + 8 per other value) of one message. */
  maxTotal: 512 * 1024 * 1024,
  /** A short text the host shows (error message, self-check note). */
  maxShort: 2_000,
  /** Console events in one 'console' message or 'limit' reply (the child sends more as more messages). */
  maxConsoleBatch: 50_000,
};

export type Validated = { ok: true; message: ChildMessage } | { ok: false; reason: string };

class Reject {
  constructor(readonly reason: string) {}
}

function fail(reason: string): never {
  throw new Reject(reason);
}

/** Plain data only, with caps; returns the rough size. */
function plainData(v: unknown, depth: number, budget: { left: number }): void {
  if ((budget.left -= 8) < 0) fail('message too large');
  if (v === null || v === undefined) return;
  switch (typeof v) {
    case 'string':
      if (v.length > LIMITS.maxString) fail('a string is too long');
      if ((budget.left -= v.length) < 0) fail('message too large');
      return;
    case 'number':
    case 'boolean':
      return;
    case 'object':
      break;
    default:
      fail(`a ${typeof v} value`);
  }
  if (depth >= LIMITS.maxDepth) fail('nested too deeply');
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) fail('not a plain array');
    if (v.length > LIMITS.maxArray) fail('an array is too long');
    for (let i = 0; i < v.length; i++) plainData(v[i], depth + 1, budget);
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) fail('not a plain object');
  const keys = Object.keys(v as object);
  if (keys.length > 10_000) fail('too many keys');
  for (const k of keys) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') fail(`key ${k}`);
    if ((budget.left -= k.length) < 0) fail('message too large');
    plainData((v as Record<string, unknown>)[k], depth + 1, budget);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, what: string, min = -2_147_483_648, max = Number.MAX_SAFE_INTEGER): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${what} is not an integer in range`);
  return v;
};
const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || Number.isNaN(v)) fail(`${what} is not a number`);
  return v;
};
const str = (v: unknown, what: string, max = LIMITS.maxString): string => {
  if (typeof v !== 'string' || v.length > max) fail(`${what} is not a string (or too long)`);
  return v;
};
const bool = (v: unknown, what: string): boolean => {
  if (typeof v !== 'boolean') fail(`${what} is not a boolean`);
  return v;
};
const oneOf = <T extends string>(v: unknown, values: readonly T[], what: string): T => {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) fail(`${what} is not one of ${values.join('|')}`);
  return v as T;
};
const arr = (v: unknown, what: string): unknown[] => {
  if (!Array.isArray(v)) fail(`${what} is not an array`);
  return v;
};

function range(o: Record<string, unknown>, what: string): void {
  int(o.line, `${what}.line`, 0);
  int(o.column, `${what}.column`, 0);
  int(o.endLine, `${what}.endLine`, 0);
  int(o.endColumn, `${what}.endColumn`, 0);
}

const RUN_KINDS = ['sync', 'microtask', 'macrotask', 'nextTick', 'animationFrame'] as const;
const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

function diagnostic(d: unknown, what: string): void {
  if (!isObj(d)) fail(`${what} is not an object`);
  str(d.code, `${what}.code`, 100);
  oneOf(d.severity, SEVERITIES, `${what}.severity`);
  str(d.message, `${what}.message`);
  range(d, what);
  if (d.related !== undefined) for (const [i, r] of arr(d.related, `${what}.related`).entries()) {
    if (!isObj(r)) fail(`${what}.related[${i}]`);
    str(r.message, `${what}.related[${i}].message`);
    range(r, `${what}.related[${i}]`);
  }
  if (d.observed !== undefined) bool(d.observed, `${what}.observed`);
}

function consoleEvent(e: unknown, what: string): asserts e is ConsoleEvent {
  if (!isObj(e)) fail(what);
  range(e, what);
  int(e.order, `${what}.order`);
  oneOf(e.kind, RUN_KINDS, `${what}.kind`);
  str(e.source, `${what}.source`, 100);
  str(e.text, `${what}.text`);
  oneOf(e.stream, ['stdout', 'stderr'] as const, `${what}.stream`);
  str(e.method, `${what}.method`, 100);
  int(e.step, `${what}.step`);
  num(e.time, `${what}.time`);
  int(e.taskId, `${what}.taskId`);
}

/** A batch of streamed console events (a 'console' message, the tail on a 'limit' reply). */
function consoleBatch(v: unknown, what: string): ConsoleEvent[] {
  const events = arr(v, what);
  if (events.length > LIMITS.maxConsoleBatch) fail(`${what} has too many events`);
  for (let i = 0; i < events.length; i++) consoleEvent(events[i], `${what}[${i}]`);
  return events as ConsoleEvent[];
}

function binding(b: unknown, what: string): void {
  if (!isObj(b)) fail(`${what} is not an object`);
  int(b.id, `${what}.id`);
  str(b.name, `${what}.name`, 100_000);
  str(b.kind, `${what}.kind`, 100);
  str(b.scope, `${what}.scope`);
  if (!isObj(b.decl)) fail(`${what}.decl`);
  range(b.decl, `${what}.decl`);
  if (!isObj(b.scopeRange)) fail(`${what}.scopeRange`);
  range(b.scopeRange, `${what}.scopeRange`);
  if (b.tdz !== undefined) {
    if (!isObj(b.tdz)) fail(`${what}.tdz`);
    range(b.tdz, `${what}.tdz`);
  }
  if (b.values !== undefined) for (const v of arr(b.values, `${what}.values`)) {
    if (!isObj(v)) fail(`${what}.values[]`);
    int(v.step, `${what}.values[].step`);
    str(v.preview, `${what}.values[].preview`);
  }
}

/** The fields of an Analysis the host and its adapters read (the rest is plain data, capped). */
export function checkAnalysis(a: unknown): asserts a is Analysis {
  if (!isObj(a)) fail('the analysis is not an object');
  str(a.fileName, 'fileName', 100_000);
  oneOf(a.runtime, ['node', 'browser'] as const, 'runtime');
  oneOf(a.moduleKind, ['commonjs', 'module'] as const, 'moduleKind');
  for (const [i, e] of arr(a.console, 'console').entries()) consoleEvent(e, `console[${i}]`);
  for (const [i, t] of arr(a.tasks, 'tasks').entries()) {
    if (!isObj(t)) fail(`tasks[${i}]`);
    int(t.id, `tasks[${i}].id`);
    str(t.kind, `tasks[${i}].kind`, 100);
    str(t.source, `tasks[${i}].source`, 100);
    int(t.line, `tasks[${i}].line`, 0);
    int(t.column, `tasks[${i}].column`, 0);
    str(t.label, `tasks[${i}].label`);
    int(t.enqueueStep, `tasks[${i}].enqueueStep`);
  }
  for (const [i, d] of arr(a.diagnostics, 'diagnostics').entries()) diagnostic(d, `diagnostics[${i}]`);
  int(a.steps, 'steps', 0);
  num(a.virtualTime, 'virtualTime');
  int(a.exitCode, 'exitCode', 0, 255);
  // Free text (other budgets may add reasons); shown, never used as a key.
  if (a.stoppedBy !== undefined) str(a.stoppedBy, 'stoppedBy', 100);
  if (a.bindings !== undefined) for (const [i, b] of arr(a.bindings, 'bindings').entries()) binding(b, `bindings[${i}]`);
  // The analysis worker sends the step trace packed only (checked whole in validateChildMessage).
  if (a.trace !== undefined) fail('a trace as objects (the child sends it packed)');
  num(a.millis, 'millis');
}

/** The binary fields of an analysis result, as they came (untrusted). */
type PackedFields = { trace?: unknown; tasks?: unknown; console?: unknown; bindings?: unknown };
/** Each binary field's key on the wire, and the field it stands for. */
const PACKED_KEYS = [
  ['packedTrace', 'trace'],
  ['packedTasks', 'tasks'],
  ['packedConsole', 'console'],
  ['packedBindings', 'bindings'],
] as const;

/** The record lists that may come packed: the field, its packed twin's checker. */
const PACKED_LISTS = [
  ['tasks', checkPackedTasks],
  ['console', checkPackedConsole],
  ['bindings', checkPackedBindings],
] as const;

/**
 * The checked analysis with its packed fields: the trace checked (kept packed), the task records,
 * console events and bindings checked and put back at their keys as plain objects. `budget`: what
 * the message's size cap leaves (the unpacked records count against it as plain data would).
 */
function withPackedFields(a: Analysis, packed: PackedFields, budget: { left: number }): Analysis {
  let out: Analysis = a;
  for (const [key, check] of PACKED_LISTS) {
    if (!(key in packed)) continue;
    const plain = a[key];
    if (!Array.isArray(plain) || plain.length !== 0) fail(`${key} both packed and as objects`);
    const checked = check(packed[key], budget.left);
    if (typeof checked === 'string') fail(checked);
    budget.left -= checked.size;
    out = { ...out, [key]: unpackRecords(checked) };
  }
  if ('trace' in packed) {
    const checked = checkPackedTrace(inflatedTrace(packed.trace));
    if (typeof checked === 'string') fail(checked);
    checked.bytes = ownBuffer(checked.bytes);
    checked.stringEnds = ownBuffer(checked.stringEnds);
    out = { ...out, packedTrace: checked };
  }
  return out;
}

/**
 * The IPC deserializer can hand a typed array over as a view of the whole message's buffer: kept
 * for the replay, that would keep the rest of the message too. Such a view is copied out.
 */
function ownBuffer<T extends Uint8Array | Uint32Array>(view: T): T {
  return view.buffer.byteLength - view.byteLength > 1 << 20 ? (view.slice() as T) : view;
}

/**
 * A packed trace's event bytes are deflated (zlib level 1, raw) above this size, by the child, on
 * their way to the host. Why (issue 13): the IPC channel's read chunks and the joined message are
 * garbage the host's V8 keeps until its next GC — on the extension host, 20 MB for a 300,000-step
 * trace. A long run's trace deflates ~5× at ~3 ms per MB; the host inflates it into one buffer of
 * the declared size (~1 ms per MB).
 */
export const DEFLATE_TRACE_ABOVE = 256 * 1024;

/** The child's side: an analysis result with its trace's event bytes deflated when large (else as it is). */
export function deflateTraceOf(value: unknown): unknown {
  if (!isObj(value) || !isObj(value.packedTrace)) return value;
  const { bytes, ...rest } = value.packedTrace;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength <= DEFLATE_TRACE_ABOVE) return value;
  const deflated = zlib.deflateRawSync(bytes, { level: 1 });
  return { ...value, packedTrace: { ...rest, deflatedBytes: new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.byteLength), bytesLength: bytes.byteLength } };
}

/** The host's side: a packed trace with its event bytes inflated, checked as far as the inflation goes (the rest: checkPackedTrace). */
function inflatedTrace(raw: unknown): unknown {
  if (!isObj(raw) || !Object.prototype.hasOwnProperty.call(raw, 'deflatedBytes')) return raw;
  const { deflatedBytes, bytesLength, ...rest } = raw;
  if (Object.prototype.hasOwnProperty.call(rest, 'bytes')) fail('packed trace: bytes both deflated and plain');
  if (!isU8(deflatedBytes) || deflatedBytes.byteLength > PACKED_LIMITS.bytes) fail('packed trace: bad deflated bytes');
  if (typeof bytesLength !== 'number' || !Number.isInteger(bytesLength) || bytesLength < 0 || bytesLength > PACKED_LIMITS.bytes) fail('packed trace: bad bytesLength');
  let bytes: Buffer;
  try {
    // One output chunk of the declared size (+1: a full chunk would make zlib allocate a second
    // one and join them); more than declared is an error.
    bytes = zlib.inflateRawSync(deflatedBytes, { maxOutputLength: Math.max(1, bytesLength), chunkSize: Math.max(64, bytesLength + 1) });
  } catch {
    fail('packed trace: the deflated bytes do not inflate');
  }
  if (bytes.byteLength !== bytesLength) fail('packed trace: the bytes inflate to another length than declared');
  return { ...rest, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

function checkSelfCheck(c: unknown): SelfCheck {
  if (!isObj(c)) fail('check is not an object');
  const notes = arr(c.notes, 'check.notes');
  if (notes.length > 50) fail('too many notes');
  return {
    codeGeneration: bool(c.codeGeneration, 'check.codeGeneration'),
    permission: bool(c.permission, 'check.permission'),
    emptyEnv: bool(c.emptyEnv, 'check.emptyEnv'),
    lockdown: bool(c.lockdown, 'check.lockdown'),
    workerLockdown: bool(c.workerLockdown, 'check.workerLockdown'),
    engine: bool(c.engine, 'check.engine'),
    notes: notes.map((n, i) => str(n, `check.notes[${i}]`, LIMITS.maxShort)),
  };
}

/**
 * Validates one message from the child. `expect` says what the value of a result must be (the job's
 * request type). Never throws.
 */
export function validateChildMessage(raw: unknown, expect?: JobRequest['type']): Validated {
  try {
    // An analysis result's packed fields are binary: checked on their own (below), not as plain data.
    let packed: PackedFields | undefined;
    if (isObj(raw) && raw.type === 'result' && isObj(raw.value) && Object.getPrototypeOf(raw.value) === Object.prototype) {
      const rest: Record<string, unknown> = { ...raw.value };
      for (const [wire, key] of PACKED_KEYS) {
        if (!Object.prototype.hasOwnProperty.call(rest, wire)) continue;
        (packed ??= {})[key] = rest[wire];
        delete rest[wire];
      }
      if (packed) raw = { ...raw, value: rest };
    }
    const budget = { left: LIMITS.maxTotal };
    plainData(raw, 0, budget);
    if (!isObj(raw)) fail('not an object');
    switch (raw.type) {
      case 'ready':
        return { ok: true, message: { type: 'ready', check: checkSelfCheck(raw.check) } };
      case 'progress':
        return { ok: true, message: { type: 'progress', id: int(raw.id, 'id', 0), offset: int(raw.offset, 'offset', 0), inNative: bool(raw.inNative, 'inNative') } };
      case 'limit':
        return {
          ok: true,
          message: {
            type: 'limit',
            id: int(raw.id, 'id', 0),
            kind: oneOf(raw.kind, ['time', 'memory'] as const, 'kind'),
            offset: int(raw.offset, 'offset', 0),
            inNative: bool(raw.inNative, 'inNative'),
            millis: num(raw.millis, 'millis'),
            limitMb: num(raw.limitMb, 'limitMb'),
            console: raw.console === undefined ? [] : consoleBatch(raw.console, 'console'),
          },
        };
      case 'console':
        return { ok: true, message: { type: 'console', id: int(raw.id, 'id', 0), events: consoleBatch(raw.events, 'events') } };
      case 'error':
        return { ok: true, message: { type: 'error', id: int(raw.id, 'id', 0), message: str(raw.message, 'message', LIMITS.maxShort) } };
      case 'result': {
        const id = int(raw.id, 'id', 0);
        if (expect === 'analyze') {
          checkAnalysis(raw.value);
          if (packed) return { ok: true, message: { type: 'result', id, value: withPackedFields(raw.value, packed, budget) } };
        } else if (packed) fail('a packed field on a hover result');
        else if (expect === 'hover') {
          if (raw.value !== null) str(raw.value, 'hover', 1_000_000);
        } else fail('a result nobody asked for');
        return { ok: true, message: { type: 'result', id, value: raw.value } };
      }
      default:
        fail('unknown message type');
    }
  } catch (e) {
    if (e instanceof Reject) return { ok: false, reason: e.reason };
    // The validator itself must not throw (a getter cannot run: only plain data passed plainData).
    return { ok: false, reason: 'unreadable message' };
  }
}

/** 1-based line and 0-based column of a source offset (the host converts: it has the source). */
export function locate(source: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(source.length, offset | 0));
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart };
}

export type { Analysis, AnalyzeOptions, BindingInfo, Diagnostic };
