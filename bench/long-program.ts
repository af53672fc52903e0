// The long run of issue 13's step-through and memory figures, one text for all who measure it:
// bench/trace-memory.mjs, test/integration/bench-panel.test.ts, test/unit/replay-differential.test.ts.

/** A program of about `steps` interpreter steps: a loop calling a function, then timers and promise jobs. */
export function longProgram(steps: number): string {
  const loop = Math.round(steps / 3.1);
  return [
    `// about ${steps} steps`,
    `let total = 0;`,
    `function f(i) { return i % 7; }`,
    `for (let i = 0; i < ${loop}; i++) {`,
    `  total += f(i);`,
    `}`,
    `console.log('sum', total);`,
    `let n = 0;`,
    `function tick() {`,
    `  n++;`,
    `  if (n < 50) {`,
    `    Promise.resolve(n).then((v) => { total += v; });`,
    `    setTimeout(tick, 1);`,
    `  } else console.log('done', n, total);`,
    `}`,
    `tick();`,
    ``,
  ].join('\n');
}
