// `npm run bench:typescript` — the cost of TypeScript support (issue 11): a 2,000-line .ts file
// analysed against the same program as .js (the same code without its types).
//   cold: a fresh `node` process per run that loads dist/engine.js and analyses the file once
//         (so the .ts run also pays for loading the TypeScript parser, which the engine loads
//         only for TypeScript files); median of --runs (default 5).
//   warm: in one process, median of --warm runs (default 20) after 5 warm-up analyses.
//   (wall time and CPU time of the process — all threads, GC included —: the machine may be shared.)
//   cli wall: `event-loop-lens run app.ts` vs `run app.js` (the analysis process with its code cache),
//         wall time; median of --runs.
//   start-up: loading dist/engine.js alone (what every analysis process pays; the parser's code is
//         in the bundle but evaluated only on first use).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const engine = path.join(root, 'dist', 'engine.js');
const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? Number(argv[i + 1]) : def;
};
const RUNS = arg('runs', 5);
const WARM = arg('warm', 20);

/** One module of ~40 lines, typed (ts) or not (js); `i` keeps names unique. */
function unit(i, ts) {
  const t = (s) => (ts ? s : '');
  return `${ts ? `interface Item${i} { id: number; name: string; tags?: string[] }\ntype Handler${i}<T> = (value: T) => Promise<void>;\n` : '\n\n'}
class Store${i}${t('<T extends { id: number }>')} {
  ${t('private readonly ')}items${t(': Map<number, T>')} = new Map();
  ${t('private ')}hits${t(': number')} = 0;
  add(item${t(': T')})${t(': this')} { this.items.set(item.id, item); return this; }
  get(id${t(': number')})${t(': T | undefined')} { this.hits++; return this.items.get(id); }
  get size()${t(': number')} { return this.items.size; }
}
function delay${i}${t('<T,>')}(ms${t(': number')}, value${t(': T')})${t(': Promise<T>')} {
  return new Promise${t('<T>')}((resolve) => setTimeout(() => resolve(value), ms));
}
async function load${i}(store${t(`: Store${i}<Item${i}>`)}, ids${t(': readonly number[]')})${t(': Promise<number>')} {
  let total${t(': number')} = 0;
  for (const id of ids) {
    const item = store.get(id)${t('!')};
    const name = (item${t(' as Item' + i)}).name${t(' satisfies string')};
    total += name.length + (item.tags?.length ?? 0);
  }
  await delay${i}${t('<number>')}(${i % 7}, total);
  return total;
}
const store${i} = new Store${i}${t(`<Item${i}>`)}();
for (let k${t(': number')} = 0; k < 5; k++) store${i}.add({ id: k, name: 'n' + k${t(' as string')}, tags: k % 2 ? ['a'] : undefined });
const handler${i}${t(`: Handler${i}<number>`)} = async (v) => { if (v < 0) throw new Error('neg'); };
load${i}(store${i}, [0, 1, 2, 3, 4]).then((n${t(': number')}) => handler${i}(n)).then(() => { if (${i} % 10 === 0) console.log('unit ${i} done', store${i}.size); });
${'\n'.repeat(12)}`;
}

function program(ts) {
  let s = '';
  for (let i = 0; i < 50; i++) s += unit(i, ts);
  return s;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-bench-ts-'));
const files = { js: path.join(dir, 'app.js'), ts: path.join(dir, 'app.ts') };
fs.writeFileSync(files.js, program(false));
fs.writeFileSync(files.ts, program(true));
const lines = fs.readFileSync(files.ts, 'utf8').split('\n').length;

const coldScript = (file) => `const t0 = process.hrtime.bigint(); const e = require(${JSON.stringify(engine)}); const t1 = process.hrtime.bigint();
const src = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'); const c0 = process.cpuUsage();
const a = e.analyze(src, { fileName: ${JSON.stringify(file)}, maxMillis: 60000 });
const c = process.cpuUsage(c0); const t2 = process.hrtime.bigint(); if (a.diagnostics.some((d) => d.severity === 'error')) { console.error(JSON.stringify(a.diagnostics)); process.exit(1); }
console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, analyze: Number(t2 - t1) / 1e6, cpu: (c.user + c.system) / 1000, out: a.console.map((c) => c.text).join('|') }));`;
const cold = (file) => {
  const r = spawnSync(process.execPath, ['-e', coldScript(file)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const samples = { js: [], ts: [] };
const cpus = { js: [], ts: [] };
const loads = [];
let outputs = {};
for (let i = 0; i < RUNS; i++) {
  for (const k of ['js', 'ts']) {
    const c = cold(files[k]);
    samples[k].push(c.analyze);
    cpus[k].push(c.cpu);
    loads.push(c.load);
    outputs[k] = c.out;
  }
}
if (outputs.js !== outputs.ts) throw new Error('the .ts and .js programs print differently');

const warmScript = `const e = require(${JSON.stringify(engine)}); const fs = require('fs');
const res = {};
for (const k of ['js', 'ts']) {
  const file = ${JSON.stringify(files)}[k]; const src = fs.readFileSync(file, 'utf8');
  for (let i = 0; i < 5; i++) e.analyze(src, { fileName: file, maxMillis: 60000 });
}
for (const k of ['js', 'ts']) res[k] = [];
for (let i = 0; i < ${WARM}; i++) for (const k of ['js', 'ts']) {
  // A new text each time, as after a keystroke (the engine keeps the erasure of the last text).
  const file = ${JSON.stringify(files)}[k]; const src = fs.readFileSync(file, 'utf8') + '\\n// edit ' + i;
  const t = process.hrtime.bigint(); const c0 = process.cpuUsage(); e.analyze(src, { fileName: file, maxMillis: 60000 }); const c = process.cpuUsage(c0);
  res[k].push(Number(process.hrtime.bigint() - t) / 1e6); (res[k + 'cpu'] ??= []).push((c.user + c.system) / 1000);
}
console.log(JSON.stringify(res));`;
const warm = JSON.parse(spawnSync(process.execPath, ['-e', warmScript], { encoding: 'utf8' }).stdout);

// The CLI as a user runs it (the sandboxed analysis process, its V8 code cache): wall time of
// `event-loop-lens run FILE` (its analysis process is not waited for, so no CPU time of it).
const cli = path.join(root, 'dist', 'cli.js');
const cliWall = (file) => {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const cliWalls = { js: [], ts: [] };
if (fs.existsSync(cli)) for (let i = 0; i < RUNS; i++) for (const k of ['js', 'ts']) cliWalls[k].push(cliWall(files[k]));

const TARGET = 1.1;
const verdict = (r) => (r <= TARGET ? 'ok' : 'OVER');
const row = (name, js, ts, target = false) => console.log(`${name.padEnd(9)} js ${js.toFixed(1).padStart(7)} ms   ts ${ts.toFixed(1).padStart(7)} ms   ts/js ${(ts / js).toFixed(3)}${target ? `   target <= ${TARGET.toFixed(2)}: ${verdict(ts / js)}` : ''}`);
console.log(`${lines}-line TypeScript file vs the same program as JavaScript (${RUNS} cold runs, ${WARM} warm runs); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('Targets (issue 11): ts/js <= 1.10 in CPU time, cold and warm.');
row('cold', median(samples.js), median(samples.ts));
row('cold cpu', median(cpus.js), median(cpus.ts), true);
row('warm', median(warm.js), median(warm.ts));
row('warm cpu', median(warm.jscpu), median(warm.tscpu), true);
row('warm min', Math.min(...warm.js), Math.min(...warm.ts));
if (cliWalls.js.length) row('cli wall', median(cliWalls.js), median(cliWalls.ts));
console.log(`start-up: loading dist/engine.js ${median(loads).toFixed(1)} ms (median), ${(fs.statSync(engine).size / 1024).toFixed(0)} KiB`);
