// Streams the console events a run keeps to a host-side sink WHILE the run goes on (AnalyzeOptions
// .onConsoleBatch), so that output printed before a stop the engine cannot report itself — a built-in
// call that never returns, the heap running out, the process being killed — survives: the analysis
// worker (src/sandbox/analysisWorker.ts) posts each batch to its watchdog thread, whose event loop is
// free even while this one is stuck in a native call.
// INVARIANTS
// - Only what the engine keeps is streamed: the stream reads the run's own `Analysis.console` array
//   (after the console cap of simulator.ts), in order, each event once; it never changes it.
// - Batched: nothing is posted per line. A batch goes out when it is big, when a built-in call is
//   entered that might never return (all but the few of `boundedBuiltinsOf`), and every FLUSH_MS from
//   Interpreter.check(). The sink is told which: at a built-in call it may stage the batch cheaply
//   (analysisWorker.ts writes it to shared memory) instead of posting it, as that happens per line in
//   a loop that prints and calls a built-in.
// - Host code only: the sink gets plain event objects; nothing it does (or throws) reaches the guest.
import type { ConsoleEvent } from '../types';

/** Events in one batch at most (a console-only loop sends every BATCH_EVENTS lines). */
const BATCH_EVENTS = 256;
/** A batch waits at most this long (checked from Interpreter.check(), every 1024/4096 steps). */
const FLUSH_MS = 50;

/** AnalyzeOptions.onConsoleBatch. */
export type ConsoleSink = (batch: ConsoleEvent[], atBuiltinCall: boolean) => void;

export class ConsoleStream {
  /** Events of `events` already handed to the sink. */
  private sent = 0;
  private due = Date.now() + FLUSH_MS;
  private sink: ConsoleSink | null;

  /**
   * `events`: the run's kept console events (appended to by the engine). `bounded`: built-ins that
   * always return at once (boundedBuiltinsOf): calling one does not force a flush.
   */
  constructor(
    private readonly events: ConsoleEvent[],
    sink: ConsoleSink,
    private readonly bounded: ReadonlySet<unknown>,
  ) {
    this.sink = sink;
  }

  /** A built-in call `f` is about to run. */
  beforeNative(f: unknown): void {
    const pending = this.events.length - this.sent;
    if (pending !== 0 && (pending >= BATCH_EVENTS || !this.bounded.has(f))) this.flush(pending < BATCH_EVENTS);
  }

  /** Periodic, from Interpreter.check(). */
  tick(): void {
    if (this.events.length !== this.sent && Date.now() >= this.due) this.flush();
  }

  flush(atBuiltinCall = false): void {
    const sink = this.sink;
    if (sink === null || this.events.length === this.sent) return;
    const batch = this.events.slice(this.sent);
    this.sent = this.events.length;
    this.due = Date.now() + FLUSH_MS;
    try {
      sink(batch, atBuiltinCall);
    } catch {
      // The host side cannot take it (it is going away): stop streaming; the run's result is unaffected.
      this.sink = null;
    }
  }
}

/**
 * Built-ins of a freshly furnished realm (read before guest code runs, as own data properties) whose
 * own running time is bounded by a small constant per argument — they cannot hang or allocate much,
 * and whatever guest code they call back (valueOf, a proxy trap) runs in the interpreter, which
 * flushes by itself. Calling one does not force a flush: these are the calls a printing loop makes
 * between lines (console.log, Math.max, arr.push, s.charCodeAt).
 */
export function boundedBuiltinsOf(global: any): Set<unknown> {
  const set = new Set<unknown>();
  const all = (o: unknown): void => {
    if (typeof o !== 'object' || o === null) return;
    for (const d of Object.values(Object.getOwnPropertyDescriptors(o))) if (typeof d.value === 'function') set.add(d.value);
  };
  const some = (o: unknown, names: string[]): void => {
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null) return;
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(o, n);
      if (d && typeof d.value === 'function') set.add(d.value);
    }
  };
  try {
    all(global.console);
    all(global.Math);
    some(global.Number, ['isInteger', 'isFinite', 'isNaN', 'isSafeInteger']);
    some(global.Array, ['isArray']);
    some(global.Array?.prototype, ['push', 'pop']);
    some(global.String?.prototype, ['charAt', 'charCodeAt', 'codePointAt', 'at']);
    some(global.Object?.prototype, ['hasOwnProperty']);
  } catch {
    /* a realm without them: every built-in call flushes */
  }
  return set;
}
