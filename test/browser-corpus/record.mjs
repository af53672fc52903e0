// Re-records the browser corpus from a real Chromium: runs every test/browser-corpus/*.js through
// the ground-truth tool (../shared/tools/browser-truth/run.mjs, Chromium on a virtual clock) with
// the flags its `// browser-truth: ...` line names, and writes NAME.expected.txt (stdout) and, when
// the tool exits non-zero, keeps it in a `// expect-exit: N` check. Usage:
//   npm run record:browser-corpus            every program
//   npm run record:browser-corpus -- NAME    one program (NAME or NAME.js)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tool = path.resolve(here, '../../../shared/tools/browser-truth/run.mjs');
if (!fs.existsSync(tool)) {
  console.error(`record: the ground-truth tool is not at ${tool}`);
  process.exit(2);
}
const only = process.argv[2]?.replace(/\.js$/, '');
const files = fs.readdirSync(here).filter((f) => f.endsWith('.js') && (!only || f === only + '.js')).sort();
let failed = 0;
for (const f of files) {
  const file = path.join(here, f);
  const src = fs.readFileSync(file, 'utf8');
  const flags = /^\s*\/\/\s*browser-truth:(.*)$/m.exec(src)?.[1].trim().split(/\s+/) ?? [];
  const r = spawnSync(process.execPath, [tool, file, ...flags], { encoding: 'utf8', timeout: 60_000 });
  const expectExit = Number(/^\s*\/\/\s*expect-exit:\s*(\d+)/m.exec(src)?.[1] ?? 0);
  if (r.status !== expectExit) {
    console.error(`${f}: the tool exited ${r.status} (expected ${expectExit})\n${r.stderr}`);
    failed++;
  }
  fs.writeFileSync(path.join(here, f.replace(/\.js$/, '.expected.txt')), r.stdout);
  console.log(`${f}: ${r.stdout.split('\n').length - 1} lines`);
}
process.exit(failed ? 1 : 0);
