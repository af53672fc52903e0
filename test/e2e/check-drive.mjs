// Checks the result.json of the driven UI test (test/e2e/drive-editor.sh).
import fs from 'node:fs';

const file = process.argv[2];
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const byLine = {};
for (const d of r.editor?.decorations ?? []) if (d.kind === 'after') byLine[d.line] = (byLine[d.line] ?? '') + d.text;
const expected = {
  1: '① sync  "Script Start"',
  4: '⑤ macrotask · setTimeout 0 ms  "Timeout Complete"',
  7: '③ microtask  "Promise Resolved 1"',
  8: '④ microtask  "Promise Resolved 2"',
  9: '② sync  "Script End"',
};
for (const [line, text] of Object.entries(expected)) check((byLine[line] ?? '').trim() === text, `line ${line} shows the hint ${text} (editor DOM: ${JSON.stringify(byLine[line] ?? null)})`);
check(Object.keys(byLine).length === Object.keys(expected).length, `exactly ${Object.keys(expected).length} hinted lines (${Object.keys(byLine).join(',')})`);
check(/label/.test(r.hover?.text ?? '') && /const/.test(r.hover?.text ?? ''), `hover on \`label\` shows the binding (${JSON.stringify((r.hover?.text ?? '').slice(0, 160))})`);
const s = r.script ?? {};
check(/Timeout Complete/.test(s.hintHover ?? '') && /setTimeout/.test(s.hintHover ?? ''), `hovering the hint lists its run (${JSON.stringify((s.hintHover ?? s.hintHoverError ?? '').slice(0, 200))})`);
check((s.statusBar ?? []).some((x) => /1 task · 2 microtasks/.test(x.text)), `status bar summary (${JSON.stringify(s.statusBar)})`);
check(/Script Start/.test(s.executionLog ?? '') && /Timeout Complete/.test(s.executionLog ?? ''), 'execution log lists the console lines');
const stale = (s.staleEditor ?? []).filter((d) => d.kind === 'after');
check(stale.length === 5 && stale.every((d) => /stale/.test(d.text)), `syntax error keeps the 5 hints marked stale (${stale.length})`);
check((s.problems ?? []).filter((p) => /Event Loop Lens/.test(p) || /syntax|Unexpected/i.test(p)).length >= 1, `Problems shows the syntax error (${JSON.stringify(s.problems)})`);
check((s.afterUndo ?? []).filter((d) => d.kind === 'after' && !/stale/.test(d.text)).length === 5, 'after undo: fresh hints');
check(!(r.extensionHostErrors ?? []).some((e) => /event-loop-lens|eventLoopLens/i.test(e)), `no extension host errors from the extension (${(r.extensionHostErrors ?? []).length} error lines in total)`);
console.log(failures.length ? `drive check: ${failures.length} failed` : 'drive check: all passed');
process.exit(failures.length ? 1 : 0);
