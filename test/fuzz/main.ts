// `npm run fuzz:differential` body (bundled and started by test/fuzz/run.mjs).
// Options:
//   --count N            programs to generate (default 2000)
//   --seed S             first seed (default 1); seeds S .. S+N-1
//   --sim MODE           engine (default: analyze() in-process) | cli (node dist/cli.js run FILE)
//                        | any command template with {file}, e.g. "node {file}" (a perfect simulator)
//   --jobs J             Node processes in parallel (default 2)
//   --runs R             Node runs per program for the determinism check (default 2)
//   --confirm-runs C     further Node runs that must agree before a mismatch counts (default 3)
//   --keep-failures DIR  write each failing program, Node's and the simulator's stdout and a report there
//   --minimize [N]       shrink up to N (default 5) failing programs, one per failure kind, to minimal
//                        reproducers (greedy statement/link deletion re-checked in Node; ~1 min each)
//   --max-reports K      failure reports printed in full (default 5)
//   --size N / --max-depth D / --fatal-rate P / --esm-rate P   generator knobs
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'acorn';
import { AnalyzeFn, CaseResult, commandSimulator, engineSimulator, pool, reduce, runCase, Simulator } from './harness';
import { GenOptions } from './generator';

export interface MainHooks {
  loadAnalyze: () => Promise<AnalyzeFn>;
  repoRoot: string;
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out[k] = v;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

/** Where the first differing line is, and the text on both sides: the failure's "signature". */
function signature(r: CaseResult): string {
  if (!r.sim || !r.node) return '?';
  if (r.sim.crash) return 'simulator threw: ' + r.sim.crash.split('\n')[0].slice(0, 120);
  if (r.node.code !== r.sim.code && r.node.stdout === r.sim.stdout) return `exit code node=${r.node.code} sim=${r.sim.code}`;
  const a = r.node.stdout.split('\n');
  const b = r.sim.stdout.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `line ${i + 1}: node=${JSON.stringify(a[i] ?? '<eof>').slice(0, 60)} sim=${JSON.stringify(b[i] ?? '<eof>').slice(0, 60)}`;
}

export async function fuzzMain(argv: string[], hooks: MainHooks): Promise<number> {
  const args = parseArgs(argv);
  const count = Number(args.count ?? 2000);
  const seed0 = Number(args.seed ?? 1);
  const jobs = Number(args.jobs ?? 2);
  const runs = Number(args.runs ?? 2);
  const maxReports = Number(args['max-reports'] ?? 5);
  const keep = typeof args['keep-failures'] === 'string' ? path.resolve(args['keep-failures'] as string) : null;
  const gen: GenOptions = {};
  if (args.size) gen.size = Number(args.size);
  if (args['max-depth']) gen.maxDepth = Number(args['max-depth']);
  if (args['fatal-rate']) gen.fatalRate = Number(args['fatal-rate']);
  if (args['esm-rate']) gen.esmRate = Number(args['esm-rate']);
  const mode = typeof args.sim === 'string' ? args.sim : 'engine';

  let simulator: Simulator;
  if (mode === 'engine') simulator = engineSimulator(await hooks.loadAnalyze());
  else if (mode === 'cli') simulator = commandSimulator(`node ${path.join(hooks.repoRoot, 'dist/cli.js')} run {file}`);
  else simulator = commandSimulator(mode);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-fuzz-'));
  if (keep) fs.mkdirSync(keep, { recursive: true });
  console.log(`fuzz: ${count} programs, seeds ${seed0}..${seed0 + count - 1}, simulator=${mode}, jobs=${jobs}, node runs=${runs}, dir=${dir}`);
  const t0 = Date.now();
  const seeds = Array.from({ length: count }, (_, i) => seed0 + i);
  const tally: Record<string, number> = { pass: 0, fail: 0, nondeterministic: 0, suspect: 0, 'node-timeout': 0 };
  const features: Record<string, [number, number]> = {};
  const failures: CaseResult[] = [];
  const nondet: number[] = [];
  const suspects: number[] = [];
  let done = 0;
  let fatalPrograms = 0;
  let simMs = 0;
  await pool(seeds, jobs, async (seed) => {
    const r = await runCase(seed, { dir, simulator, gen, nodeRuns: runs, confirmRuns: Number(args['confirm-runs'] ?? 3) });
    tally[r.verdict]++;
    if (r.sim) simMs += r.sim.ms;
    if (r.program.fatal !== 'none') fatalPrograms++;
    for (const f of r.program.features) {
      features[f] ??= [0, 0];
      features[f][0]++;
      if (r.verdict === 'fail') features[f][1]++;
    }
    if (r.verdict === 'fail') {
      failures.push(r);
      if (keep) {
        fs.writeFileSync(path.join(keep, `seed-${seed}${r.program.ext}`), r.program.source);
        fs.writeFileSync(path.join(keep, `seed-${seed}.node.txt`), r.node!.stdout + `\n[exit ${r.node!.code}]\n`);
        fs.writeFileSync(path.join(keep, `seed-${seed}.sim.txt`), r.sim!.stdout + `\n[exit ${r.sim!.code}]\n` + (r.sim!.stderr ? `[stderr]\n${r.sim!.stderr}` : ''));
        fs.writeFileSync(path.join(keep, `seed-${seed}.report.txt`), r.report!);
      }
    } else if (r.verdict === 'nondeterministic' || r.verdict === 'suspect') {
      (r.verdict === 'suspect' ? suspects : nondet).push(seed);
      const tag = r.verdict === 'suspect' ? 'suspect' : 'nondet';
      if (keep) {
        fs.writeFileSync(path.join(keep, `${tag}-${seed}${r.program.ext}`), r.program.source);
        fs.writeFileSync(path.join(keep, `${tag}-${seed}.report.txt`), r.report ?? '');
      }
    }
    if (r.verdict !== 'fail') fs.rmSync(r.file, { force: true });
    done++;
    if (done % 100 === 0 || done === count) {
      process.stdout.write(`  ${done}/${count}  pass ${tally.pass}  fail ${tally.fail}  nondeterministic ${tally.nondeterministic}  suspect ${tally.suspect}  (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  });

  failures.sort((a, b) => a.seed - b.seed);
  const bySig = new Map<string, number[]>();
  for (const f of failures) {
    const s = signature(f);
    const k = s.replace(/'[A-Z]+\d+'/g, "'L'").replace(/\d+/g, 'N');
    if (!bySig.has(k)) bySig.set(k, []);
    bySig.get(k)!.push(f.seed);
  }
  for (const f of failures.slice(0, maxReports)) console.log('\n' + f.report);

  if (args.minimize && failures.length) {
    const nMin = typeof args.minimize === 'string' ? Number(args.minimize) : 5;
    console.log(`\n=== minimizing (one program per failure kind, up to ${nMin})`);
    const picked = [...bySig.values()].slice(0, nMin).map((seeds) => failures.find((f) => f.seed === seeds[0])!);
    for (const f of picked) {
      const red = await reduce(f.program.source, dir, simulator, (s) => parse(s, { ecmaVersion: 'latest', sourceType: f.program.ext === '.mjs' ? 'module' : 'script', allowAwaitOutsideFunction: true }), 90000, f.program.ext);
      if (!red) { console.log(`seed ${f.seed}: could not reproduce for reduction`); continue; }
      const text = [
        `=== MINIMAL REPRODUCER (from seed ${f.seed})`,
        red.source.trimEnd(),
        `--- node (exit ${red.node.code})`, red.node.stdout.trimEnd(),
        `--- simulator (exit ${red.sim.code})`, red.sim.stdout.trimEnd(),
        ...(red.sim.stderr.trim() ? ['--- simulator stderr', red.sim.stderr.trimEnd().split('\n').slice(0, 8).join('\n')] : []),
      ].join('\n');
      console.log(text);
      if (keep) fs.writeFileSync(path.join(keep, `seed-${f.seed}.min.txt`), text + '\n');
    }
  }

  const secs = (Date.now() - t0) / 1000;
  console.log(`\n=== fuzz summary (${secs.toFixed(1)} s; simulator total ${(simMs / 1000).toFixed(1)} s)`);
  console.log(`programs ${count}: pass ${tally.pass}, FAIL ${tally.fail}, nondeterministic in Node (discarded) ${tally.nondeterministic}, ` +
    `suspect (Node varies, no run matched the simulator) ${tally.suspect}, node timeouts ${tally['node-timeout']}`);
  if (suspects.length) console.log(`suspect seeds: ${suspects.slice(0, 20).join(' ')}${suspects.length > 20 ? ' ...' : ''}`);
  console.log(`programs ending in an uncaught error / unhandled rejection: ${fatalPrograms}`);
  if (nondet.length) console.log(`nondeterministic seeds: ${nondet.slice(0, 20).join(' ')}${nondet.length > 20 ? ' ...' : ''}`);
  if (bySig.size) {
    console.log(`failure kinds (first differing line; seeds):`);
    for (const [k, s] of [...bySig.entries()].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`  ${String(s.length).padStart(4)}  ${k}   seeds ${s.slice(0, 8).join(' ')}${s.length > 8 ? ' ...' : ''}`);
    }
  }
  console.log('feature coverage (programs using it / of which failing):');
  console.log('  ' + Object.entries(features).sort().map(([f, [n, bad]]) => `${f} ${n}/${bad}`).join(', '));
  if (keep && failures.length) console.log(`failures written to ${keep}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return tally.fail > 0 ? 1 : 0;
}
