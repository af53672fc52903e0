// The CLI's source reader (src/engine/modules/graph.ts): files from disk, for the host's walk of
// the module graph before the job. Directories and missing files read as "no such file".
import * as fs from 'fs';
import type { ReadResult, SourceReader } from '../engine/modules/graph';

export const diskReader: SourceReader = {
  async read(path: string): Promise<ReadResult> {
    try {
      const st = await fs.promises.stat(path);
      if (!st.isFile()) return null;
      return await fs.promises.readFile(path, 'utf8');
    } catch (e: any) {
      if (e && (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.code === 'EISDIR')) return null;
      return { denied: `the file could not be read (${e && e.code ? e.code : 'error'})` };
    }
  },
};
