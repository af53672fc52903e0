// How a run's packed trace reaches the webview's own replay (src/webview/localReplay.ts): as a file
// the webview fetches, not inside a postMessage.
//
// Why: webview.postMessage serializes its message on the extension host's thread, and its buffers
// are copied on the way out (the RPC message, the protocol's write buffer, the socket's frames).
// For a 300,000-step trace (~10 MB packed) that left 40–50 MB of garbage in the extension host until
// V8 next collected (issue 13: the extension host stays under 50 MB on a long run). Written to a
// file, the buffers go to disk straight from the replay's own bytes, and the webview's fetch of a
// local resource is served by the workbench (its file service), not by the extension host.
//
// The file (src/shared/traceFileLayout.ts): the string table's end offsets, its strings as UTF-16
// code units, then the event bytes, in this machine's byte order — little-endian on every platform
// VS Code ships for; a big-endian host offers no file. The strings are in the file too, not in the
// message: a 0.8 M-character string table serialized through the RPC left ~4 MB of garbage.
// The webview checks what it fetched as it checks any packed trace (checkPackedTrace); a file that
// cannot be written or fetched only means its moves are asked of the host, as before.
//
// Each controller writes into a directory of its own (`<pid>-<random>`) under the extension's
// global storage, which several windows share. A file is deleted as soon as the webview says it has
// read it (or could not), when a newer run replaces it, and with the directory when the controller
// is disposed; a directory whose extension host is gone (a crash) is removed by the next one.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PackedTrace } from '../../engine/traceCodec';
import { traceFileParts, traceFileShape, type TraceFileShape } from '../../shared/traceFileLayout';

export interface TraceFileOffer extends TraceFileShape {
  /** The file (an absolute path on the extension host's machine). */
  file: string;
}

export class TraceFiles {
  private dir: string | undefined;
  private readonly live = new Map<number, string>();
  private seq = 0;
  private disposed = false;

  /** @param root a directory for the files (created on first use), e.g. the extension's global storage. */
  constructor(readonly root: string | undefined) {}

  /** Writes `packed` for run `version`; undefined when no file can be offered (the webview then asks the host). */
  async offer(version: number, packed: PackedTrace): Promise<TraceFileOffer | undefined> {
    if (!this.root || this.disposed || os.endianness() !== 'LE') return undefined;
    try {
      const dir = await this.ensureDir();
      const file = path.join(dir, `trace-${version}-${++this.seq}.bin`);
      const fh = await fs.promises.open(file, 'wx', 0o600);
      try {
        await fh.writev(traceFileParts(packed));
      } finally {
        await fh.close();
      }
      if (this.disposed) { this.remove(file); return undefined; }
      const old = this.live.get(version);
      if (old) this.remove(old);
      this.live.set(version, file);
      return { file, ...traceFileShape(packed) };
    } catch {
      return undefined;
    }
  }

  /** The webview has read run `version`'s file (or given up on it): delete it. */
  done(version: number): void {
    const file = this.live.get(version);
    if (file === undefined) return;
    this.live.delete(version);
    this.remove(file);
  }

  /** Deletes every file but run `keep`'s (a newer run replaced them), or every file (the panel closed). */
  keepOnly(keep?: number): void {
    for (const v of [...this.live.keys()]) if (v !== keep) this.done(v);
  }

  /** The files this controller has not deleted yet (tests). */
  get pending(): string[] {
    return [...this.live.values()];
  }

  dispose(): void {
    this.disposed = true;
    this.live.clear();
    if (this.dir) {
      try { fs.rmSync(this.dir, { recursive: true, force: true }); } catch { /* gone already */ }
    }
  }

  private async ensureDir(): Promise<string> {
    if (this.dir) return this.dir;
    await fs.promises.mkdir(this.root!, { recursive: true });
    removeOrphans(this.root!);
    const dir = path.join(this.root!, `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
    await fs.promises.mkdir(dir, { mode: 0o700 });
    this.dir = dir;
    return dir;
  }

  private remove(file: string): void {
    fs.promises.unlink(file).catch(() => { /* gone already */ });
  }
}

/** Removes the directories of extension hosts that are no longer running. */
function removeOrphans(root: string): void {
  let names: string[];
  try { names = fs.readdirSync(root); } catch { return; }
  for (const name of names) {
    const m = /^(\d+)-[0-9a-f]+$/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try { fs.rmSync(path.join(root, name), { recursive: true, force: true }); } catch { /* another window took it */ }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
