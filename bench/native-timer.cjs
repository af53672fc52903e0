// Preloaded with `node -r bench/native-timer.cjs FILE` by bench/run.mjs: times the program itself,
// from just before Node loads the main module to the 'exit' event (event loop drained), excluding
// process start-up. Writes the milliseconds to $ELL_BENCH_TIME_FILE.
'use strict';
const t0 = process.hrtime.bigint();
process.on('exit', () => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (process.env.ELL_BENCH_TIME_FILE) require('fs').writeFileSync(process.env.ELL_BENCH_TIME_FILE, String(ms));
});
