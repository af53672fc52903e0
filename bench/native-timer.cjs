// Preloaded with `node -r bench/native-timer.cjs FILE` by bench/run.mjs: times the program itself,
// from just before Node loads the main module to the 'exit' event (event loop drained), excluding
// process start-up. Writes "WALL_MS CPU_MS" to $ELL_BENCH_TIME_FILE.
'use strict';
// Also records the CPU time (user + system) the process spent over the same span.
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
process.on('exit', () => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  if (process.env.ELL_BENCH_TIME_FILE) require('fs').writeFileSync(process.env.ELL_BENCH_TIME_FILE, `${ms} ${cpuMs}`);
});
