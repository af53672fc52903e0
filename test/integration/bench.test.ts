// Benchmark (issue 4): time from the last keystroke to decorations applied, measured inside the
// extension host, debounce excluded, for a 200-line and a 2,000-line file.
//   keystroke → onDidChangeTextDocument (triggeredAt) → [debounce] → worker request (startedAt)
//   → worker answer → hints/diagnostics/status applied with setDecorations (appliedAt)
// Reported: appliedAt − startedAt (the debounce wait is the only part left out), median / p90 / max.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { getApi } from './helpers';

/** A program of `lines` lines mixing sync output, timers, promise chains and functions. */
export function benchProgram(lines: number): string {
  const out: string[] = [];
  let k = 0;
  while (out.length + 10 <= lines) {
    out.push(
      `function work${k}(x) {`,
      `  let s = 0;`,
      `  for (let i = 0; i < 20; i++) s += i * x;`,
      `  return s;`,
      `}`,
      `console.log('sync ${k}', work${k}(${k}));`,
      `setTimeout(() => console.log('timeout ${k}'), ${k % 7});`,
      `Promise.resolve(${k}).then((v) => console.log('micro', v));`,
      `queueMicrotask(() => console.log('queued ${k}'));`,
      `// block ${k}`,
    );
    k++;
  }
  while (out.length < lines) out.push(`// filler ${out.length}`);
  return out.join('\n') + '\n';
}

function stats(xs: number[]): { median: number; p90: number; max: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { min: s[0], median: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}

describe('bench: keystroke → decorations (extension host)', function () {
  this.timeout(300_000);

  for (const [lines, target] of [[200, 100], [2000, 300]] as const) {
    it(`${lines}-line file (target < ${target} ms, debounce excluded)`, async () => {
      const api = await getApi();
      const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: benchProgram(lines) });
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const first = await api.waitForAnalysis(doc.uri, { timeoutMs: 60_000 });
      assert.equal(doc.lineCount, lines + 1);
      assert.equal(api.getHints(doc.uri).length, (lines / 10) * 4, 'one hint per printing line');
      assert.equal(first.analysis.stoppedBy, undefined, `analysis completed (${first.analysis.stoppedBy})`);
      const latency: number[] = [];
      const engine: number[] = [];
      const total: number[] = [];
      const worker: number[] = [];
      const apply: number[] = [];
      const build: number[] = [];
      const render: number[] = [];
      const runs = 15;
      for (let i = 0; i < runs + 2; i++) {
        // One keystroke: a character typed at the end of the last line (a comment), so the program
        // (and the work the engine does) stays the same from run to run.
        const line = lines - 1;
        assert.ok(doc.lineAt(line).text.startsWith('//'));
        const ok = await editor.edit((b) => b.insert(doc.lineAt(line).range.end, 'x'), { undoStopBefore: false, undoStopAfter: false });
        assert.ok(ok);
        const r = await api.waitForAnalysis(doc.uri, { minVersion: doc.version, timeoutMs: 60_000 });
        assert.ok(r.timings.appliedAt !== undefined);
        assert.equal(r.analysis.console.length, first.analysis.console.length, 'same program');
        if (i < 2) continue; // warm-up
        latency.push(r.timings.appliedAt! - r.timings.startedAt);
        engine.push(r.timings.engineMillis);
        total.push(r.timings.appliedAt! - r.timings.triggeredAt);
        worker.push(r.timings.finishedAt - r.timings.startedAt);
        apply.push(r.timings.appliedAt! - r.timings.finishedAt);
        build.push(api.hintTimings().buildMs);
        render.push(api.hintTimings().renderMs);
      }
      const l = stats(latency);
      const e = stats(engine);
      const t = stats(total);
      const w = stats(worker);
      const ap = stats(apply);
      const bu = stats(build);
      const re = stats(render);
      const hints = api.getHints(doc.uri).length;
      const rendered = api.renderedHintLines(editor);
      const f = (n: number) => n.toFixed(1);
      console.log(
        `      BENCH ${lines} lines (${hints} hinted lines, ${first.analysis.console.length} console events, ${first.analysis.steps} steps), ${runs} keystrokes:\n` +
          `        keystroke→decorations, debounce excluded: median ${f(l.median)} ms, p90 ${f(l.p90)} ms, max ${f(l.max)} ms (target < ${target} ms)\n` +
          `        worker round trip (request → answer):     median ${f(w.median)} ms, p90 ${f(w.p90)} ms\n` +
          `          of which the engine itself:             median ${f(e.median)} ms, p90 ${f(e.p90)} ms\n` +
          `        applying (hints, diagnostics, status):    median ${f(ap.median)} ms, p90 ${f(ap.p90)} ms\n` +
          `          hints built / rendered (setDecorations): median ${f(bu.median)} / ${f(re.median)} ms\n` +
          `        decorations rendered around the viewport: ${rendered.length} of ${hints}\n` +
          `        including the ${api.service.configuration.debounceMs} ms debounce:            median ${f(t.median)} ms`,
      );
      // Decorations exist around the viewport; scrolling brings the hints of the lines shown.
      assert.ok(rendered.length > 0 && rendered.length <= api.getHints(doc.uri).length);
      const far = lines - 20;
      editor.revealRange(new vscode.Range(far, 0, far, 0), vscode.TextEditorRevealType.InCenter);
      for (let i = 0; i < 40 && !api.renderedHintLines(editor).includes(far - 4); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(api.renderedHintLines(editor).includes(far - 4), `hint of line ${far - 4} rendered after scrolling`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // The figures depend on the machine's load; the target is enforced with ELL_BENCH_STRICT=1.
      if (l.median >= target) console.log(`        TARGET MISSED: median ${f(l.median)} ms >= ${target} ms`);
      if (process.env.ELL_BENCH_STRICT === '1') assert.ok(l.median < target, `median ${f(l.median)} ms < ${target} ms`);
    });
  }
});
