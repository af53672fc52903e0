// `node bench/ab.cjs FILE ENGINE_A.js ENGINE_B.js [ROUNDS]`: two builds of the engine bundle (e.g. dist/engine.js
// of two commits) analyse FILE in ONE process, interleaved, so a load spike on a shared machine hits
// both: CPU time (all threads) min / 25th percentile / median per build. For deciding whether an engine
// change is faster; `npm run bench` gives the figures against native Node.
'use strict';
const fs = require('fs');
const path = require('path');
const [file, a, b, roundsArg] = process.argv.slice(2);
if (!file || !a || !b) {
  console.error('usage: node bench/ab.cjs FILE ENGINE_A.js ENGINE_B.js [ROUNDS]');
  process.exit(2);
}
const src = fs.readFileSync(file, 'utf8');
const engines = [a, b].map((p) => ({ p, analyze: require(path.resolve(p)).analyze, cpu: [] }));
const rounds = Number(roundsArg) || 30;
const opts = { fileName: path.basename(file), maxSteps: 1e10, maxMillis: 600000, maxCallDepth: 10000 };
for (const e of engines) for (let i = 0; i < 2; i++) e.analyze(src, opts);
for (let r = 0; r < rounds; r++) {
  for (const e of r % 2 ? engines : [...engines].reverse()) {
    const c0 = process.cpuUsage();
    e.analyze(src, opts);
    const c = process.cpuUsage(c0);
    e.cpu.push((c.user + c.system) / 1000);
  }
}
for (const e of engines) {
  const s = [...e.cpu].sort((x, y) => x - y);
  console.log(`${e.p}: CPU min ${s[0].toFixed(1)} ms, p25 ${s[s.length >> 2].toFixed(1)} ms, median ${s[s.length >> 1].toFixed(1)} ms (${rounds} runs)`);
}
