// Runs the engine off the extension host's thread, in worker_threads workers (dist/worker.js).
// One job per key (document) at a time: a newer job for the same key terminates the older one's
// worker; a job that outlives its hard deadline is terminated too. The host thread never waits.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Analysis, AnalyzeOptions } from '../engine/types';

export type JobRequest =
  | { type: 'analyze'; source: string; options: AnalyzeOptions }
  | { type: 'hover'; source: string; line: number; column: number; options: AnalyzeOptions; data?: { bindings?: Analysis['bindings']; diagnostics?: Analysis['diagnostics'] } | null };

export type JobOutcome<T> =
  | { status: 'ok'; value: T }
  | { status: 'cancelled' }
  | { status: 'timeout'; millis: number }
  | { status: 'error'; message: string };

interface Job {
  id: number;
  key: string;
  worker: Worker;
  settle: (o: JobOutcome<unknown>) => void;
  timer?: NodeJS.Timeout;
}

export class WorkerHost {
  private nextId = 1;
  private idle: Worker[] = [];
  private readonly running = new Map<string, Job>();
  private disposed = false;

  /** @param workerFile absolute path of the bundled worker (dist/worker.js). */
  constructor(private readonly workerFile: string, private readonly spare = 1) {}

  static forExtension(extensionPath: string): WorkerHost {
    return new WorkerHost(path.join(extensionPath, 'dist', 'worker.js'));
  }

  /** Start a worker ahead of time so the first analysis does not pay for the start-up. */
  warmUp(): void {
    if (this.disposed) return;
    while (this.idle.length < this.spare) {
      const w = this.spawn();
      if (!w) return;
      this.idle.push(w);
    }
  }

  /** Runs `request` for `key`; cancels the job already running for that key. */
  run<T>(key: string, request: JobRequest, hardTimeoutMs: number): Promise<JobOutcome<T>> {
    this.cancel(key);
    if (this.disposed) return Promise.resolve({ status: 'cancelled' });
    const worker = this.idle.pop() ?? this.spawn();
    if (!worker) return Promise.resolve({ status: 'error', message: 'could not start the analysis worker' });
    const id = this.nextId++;
    const started = Date.now();
    return new Promise<JobOutcome<T>>((resolve) => {
      let done = false;
      const job: Job = {
        id,
        key,
        worker,
        settle: (o) => {
          if (done) return;
          done = true;
          if (job.timer) clearTimeout(job.timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          if (this.running.get(key) === job) this.running.delete(key);
          resolve(o as JobOutcome<T>);
        },
      };
      const onMessage = (msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
        if (!msg || msg.id !== id) return;
        job.settle(msg.ok ? { status: 'ok', value: msg.value } : { status: 'error', message: String(msg.error) });
        this.release(worker);
      };
      const onError = (err: Error) => {
        job.settle({ status: 'error', message: err?.message ?? String(err) });
        void worker.terminate().catch(() => undefined);
      };
      const onExit = () => job.settle({ status: 'error', message: 'the analysis worker stopped unexpectedly' });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      job.timer = setTimeout(() => {
        job.settle({ status: 'timeout', millis: Date.now() - started });
        void worker.terminate().catch(() => undefined);
        this.warmUp();
      }, hardTimeoutMs);
      this.running.set(key, job);
      try {
        worker.postMessage({ id, ...request });
      } catch (err) {
        job.settle({ status: 'error', message: (err as Error).message });
        void worker.terminate().catch(() => undefined);
      }
    });
  }

  /** Cancels the job running for `key` (terminating its worker). */
  cancel(key: string): void {
    const job = this.running.get(key);
    if (!job) return;
    this.running.delete(key);
    job.settle({ status: 'cancelled' });
    void job.worker.terminate().catch(() => undefined);
    this.warmUp();
  }

  isBusy(key: string): boolean {
    return this.running.has(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.running.keys()]) this.cancel(key);
    for (const w of this.idle) void w.terminate().catch(() => undefined);
    this.idle = [];
  }

  private release(worker: Worker): void {
    if (!this.disposed && this.idle.length < this.spare) this.idle.push(worker);
    else void worker.terminate().catch(() => undefined);
  }

  private spawn(): Worker | undefined {
    try {
      const w = new Worker(this.workerFile, {
        // A runaway guest must not take the extension host's memory with it.
        resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 64 },
      });
      w.unref();
      // An idle worker that dies is simply dropped from the pool.
      w.on('exit', () => {
        this.idle = this.idle.filter((x) => x !== w);
      });
      w.on('error', () => undefined);
      return w;
    } catch {
      return undefined;
    }
  }
}

/** An Analysis standing for a run that did not produce one (terminated, crashed): one diagnostic. */
export function failureAnalysis(
  fileName: string,
  options: AnalyzeOptions,
  code: 'time-budget' | 'unsupported',
  message: string,
  millis = 0,
): Analysis {
  return {
    fileName,
    runtime: options.runtime ?? 'node',
    moduleKind: options.moduleKind ?? (/\.mjs$/i.test(fileName) ? 'module' : 'commonjs'),
    console: [],
    tasks: [],
    diagnostics: [{ code, severity: code === 'time-budget' ? 'warning' : 'error', message, line: 1, column: 0, endLine: 1, endColumn: 0 }],
    steps: 0,
    virtualTime: 0,
    exitCode: 1,
    stoppedBy: code === 'time-budget' ? 'time-budget' : undefined,
    millis,
  };
}
