// `npm run fuzz [-- --count N --seed S --jobs J --max-steps N --max-ms N --hang-ms N --keep-failures DIR --json]`
// Bundles test/fuzz/garbage.ts together with the engine sources (always fresh, no build needed) into
// test/fuzz/.cache/garbage.cjs and runs it: the garbage fuzzer (see the top of garbage.ts).
// The differential fuzzer (generated programs, Node vs the simulator) is `npm run fuzz:differential`.
import { build } from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '.cache', 'garbage.cjs');
fs.mkdirSync(path.dirname(out), { recursive: true });
await build({ entryPoints: [path.join(here, 'garbage.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', sourcemap: 'inline' });
// A child process, so that a V8 fatal error (which takes every worker thread with it) is seen as one.
const r = spawnSync(process.execPath, ['--enable-source-maps', out, ...process.argv.slice(2)], { stdio: 'inherit' });
if (r.signal) console.error(`garbage fuzz: the fuzzing process was killed by ${r.signal} (a process abort)`);
process.exitCode = r.status ?? 3;
