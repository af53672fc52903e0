// The replay index of long runs (issue 13): scopes with few bindings are scanned, scopes with many get
// a name map, and histories are trimmed to size; what any stop shows must not change.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine';
import { TraceReplay } from '../../src/engine/replay';

function replayOf(source: string): TraceReplay {
  return new TraceReplay(analyze(source, { fileName: 'replay-perf.js', trace: true, maxSteps: 1e6 }));
}

/** The preview of `name` in the innermost scope that has it, at stop `i`. */
function previewAt(r: TraceReplay, i: number, name: string): string | undefined {
  for (const s of r.stateAtStop(i).scopes) for (const b of s.bindings) if (b.name === name) return b.state === 'uninitialized' ? '<tdz>' : b.preview;
  return undefined;
}

describe('replay index of long runs (issue 13)', () => {
  it('a scope with many bindings (past the small-scope scan) keeps every binding and its last value', () => {
    const names = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const src = `${names.map((n, i) => `let ${n} = ${i};`).join('\n')}\nfor (let k = 0; k < 3; k++) { ${names.map((n) => `${n} += 100;`).join(' ')} }\nconsole.log(${names.join(' + ')});\n`;
    const r = replayOf(src);
    const last = r.lastStop;
    for (let i = 0; i < 20; i++) assert.equal(previewAt(r, last, `v${i}`), String(i + 300), `v${i} at the end`);
    // Before the loop: the initial values.
    const printed = r.consoleStop(0)!;
    assert.equal(previewAt(r, printed, 'v19'), '319');
    // Stop 0 is the loop's 'running the main script'; stop 1 the script's creation phase (let in its TDZ).
    assert.equal(previewAt(r, 1, 'v0'), '<tdz>');
  });

  it('per-iteration scopes of a loop each show their own value', () => {
    const src = `const fs = [];\nfor (let i = 0; i < 50; i++) {\n  fs.push(() => i);\n}\nconsole.log(fs.length);\n`;
    const r = replayOf(src);
    const seen = new Set<string>();
    for (let s = 0; s < r.stopCount; s++) {
      const st = r.stateAtStop(s);
      if (st.line === 3) seen.add(previewAt(r, s, 'i')!);
    }
    // One distinct value per iteration (as before the index was made compact: 1..50 at line 3's stops).
    assert.equal(seen.size, 50);
    for (let k = 1; k <= 50; k++) assert.ok(seen.has(String(k)), `iteration value ${k}`);
  });
});
