// The console tail: a SharedArrayBuffer (made by the child's main thread, one per analysis worker)
// where the worker stages the console events it has not posted yet, so that the main thread can read
// them even when the worker never runs again (stuck in a native call, out of memory).
// Why: the worker must hand over its output before every built-in call (the call might never return).
// In a loop that prints and calls a built-in, that is once per line; a postMessage per line (a clone
// and a wake-up of the other thread) costs a measurable share of a console-heavy run, a write into
// shared memory does not. The staged events are posted with the next regular batch (consoleStream.ts).
// INVARIANTS
// - Layout: Int32 [0] = bytes used, [1] = id of the job they belong to; records from HEADER_BYTES on,
//   8-byte aligned: 9 float64 (order, line, column, endLine, endColumn, step, time, taskId, delay|NaN),
//   an int32 length in UTF-16 code units, then the code units of `kind \x01 source \x01 stream \x01
//   method \x01 text` (JSON per line, or a TextEncoder call per line, cost a measurable share of a
//   console-heavy run; this costs a few stores and a loop over the text).
//   The writer stores a record first, then the new length (Atomics).
// - The reader never trusts it: it may read while the writer resets it (a torn record fails its
//   checks and ends the read), keeps only events of its job, newer than what it already has (by
//   `order`); the host validates them like every message (protocol.ts).
import type { ConsoleEvent } from '../engine/types';

const HEADER_BYTES = 8;
export const CONSOLE_TAIL_BYTES = HEADER_BYTES + 1024 * 1024;
const NUMBERS = 9;
const RECORD_HEAD = NUMBERS * 8 + 8;
const SEP = '\x01';

export class ConsoleTailWriter {
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly numbers: Float64Array;
  private readonly ints: Int32Array;
  private readonly units: Uint16Array;
  /** The staged events, as objects (posted with the next batch). */
  staged: ConsoleEvent[] = [];

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.bytes = new Uint8Array(buffer);
    this.numbers = new Float64Array(buffer);
    this.ints = new Int32Array(buffer);
    this.units = new Uint16Array(buffer);
  }

  /** A new job: the tail is empty and belongs to `jobId`. */
  reset(jobId: number): void {
    this.staged = [];
    Atomics.store(this.header, 0, 0);
    Atomics.store(this.header, 1, jobId);
  }

  /** Stages `events`; false when they do not fit (then the caller posts them and the staged ones). */
  stage(events: ConsoleEvent[]): boolean {
    let at = HEADER_BYTES + Atomics.load(this.header, 0);
    const bytes = this.bytes;
    for (const e of events) {
      const text = e.kind + SEP + e.source + SEP + e.stream + SEP + e.method + SEP + e.text;
      const length = text.length;
      if (at + RECORD_HEAD + length * 2 + 8 > bytes.length) return false;
      const n = this.numbers;
      const f = at >> 3;
      n[f] = e.order;
      n[f + 1] = e.line;
      n[f + 2] = e.column;
      n[f + 3] = e.endLine;
      n[f + 4] = e.endColumn;
      n[f + 5] = e.step;
      n[f + 6] = e.time;
      n[f + 7] = e.taskId;
      n[f + 8] = e.delay === undefined ? NaN : e.delay;
      const units = this.units;
      for (let i = 0, u = (at + RECORD_HEAD) >> 1; i < length; i++, u++) units[u] = text.charCodeAt(i);
      this.ints[(at >> 2) + NUMBERS * 2] = length;
      at = (at + RECORD_HEAD + length * 2 + 7) & ~7;
      this.staged.push(e);
    }
    Atomics.store(this.header, 0, at - HEADER_BYTES);
    return true;
  }

  /** The staged events, handed over for posting; the tail is empty again. */
  take(): ConsoleEvent[] {
    const staged = this.staged;
    this.staged = [];
    Atomics.store(this.header, 0, 0);
    return staged;
  }
}

/** The staged events of job `jobId` with `order` > `after`, in order (the child's main thread). */
export function readConsoleTail(buffer: SharedArrayBuffer, jobId: number, after: number): ConsoleEvent[] {
  const header = new Int32Array(buffer, 0, 2);
  if (Atomics.load(header, 1) !== jobId) return [];
  const used = Math.max(0, Math.min(Atomics.load(header, 0), buffer.byteLength - HEADER_BYTES));
  // A copy (TextDecoder does not read shared memory; the writer may go on), then check it still is this job's.
  const copy = new Uint8Array(buffer, 0, HEADER_BYTES + used).slice();
  if (Atomics.load(header, 1) !== jobId) return [];
  const numbers = new Float64Array(copy.buffer, 0, copy.length >> 3);
  const ints = new Int32Array(copy.buffer, 0, copy.length >> 2);
  const units = new Uint16Array(copy.buffer, 0, copy.length >> 1);
  const out: ConsoleEvent[] = [];
  let last = after;
  for (let at = HEADER_BYTES; at + RECORD_HEAD <= copy.length; ) {
    const f = at >> 3;
    const length = ints[(at >> 2) + NUMBERS * 2];
    if (!(length >= 0 && at + RECORD_HEAD + length * 2 <= copy.length)) break; // torn
    const first = (at + RECORD_HEAD) >> 1;
    let joined = '';
    for (let i = 0; i < length; i += 8192) joined += String.fromCharCode(...units.subarray(first + i, first + Math.min(length, i + 8192)));
    const parts = joined.split(SEP);
    if (parts.length < 5) break;
    const order = numbers[f];
    if (!(order > last)) break; // not newer: stale or torn
    const delay = numbers[f + 8];
    const e: ConsoleEvent = {
      order,
      line: numbers[f + 1],
      column: numbers[f + 2],
      endLine: numbers[f + 3],
      endColumn: numbers[f + 4],
      kind: parts[0] as ConsoleEvent['kind'],
      source: parts[1] as ConsoleEvent['source'],
      stream: parts[2] as ConsoleEvent['stream'],
      method: parts[3],
      text: parts.slice(4).join(SEP),
      step: numbers[f + 5],
      time: numbers[f + 6],
      taskId: numbers[f + 7],
    };
    if (!Number.isNaN(delay)) e.delay = delay;
    out.push(e);
    last = order;
    at = (at + RECORD_HEAD + length * 2 + 7) & ~7;
  }
  return out;
}
