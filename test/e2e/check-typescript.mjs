// Checks the result.json of the TypeScript driven UI test (test/e2e/drive-typescript.sh).
import fs from 'node:fs';

const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const byLine = {};
for (const d of r.editor?.decorations ?? []) if (d.kind === 'after') byLine[d.line] = (byLine[d.line] ?? '') + d.text;
// What Node 24 (--experimental-transform-types) prints for drive.ts, in order: start, end 2, ReferenceError, ran first, then Micro 1, 2.
const expected = {
  3: '① sync  "start"',
  4: '④ microtask  "ran first"',
  5: '⑥ macrotask · setTimeout 0 ms  "2"',
  7: '⑤ microtask  "then Micro 1"',
  9: '② sync  "end 2"',
  11: '③ sync  "ReferenceError"',
};
for (const [line, text] of Object.entries(expected)) check((byLine[line] ?? '').trim() === text, `line ${line} shows the hint ${text} (editor DOM: ${JSON.stringify(byLine[line] ?? null)})`);
check(Object.keys(byLine).length === Object.keys(expected).length, `exactly ${Object.keys(expected).length} hinted lines (${Object.keys(byLine).join(',')})`);
check(/total/.test(r.hover?.text ?? '') && /let/.test(r.hover?.text ?? ''), `hover on \`total\` (before its \`!\`) shows the let binding (${JSON.stringify((r.hover?.text ?? '').slice(0, 160))})`);
const s = r.script ?? {};
const problems = s.problems ?? [];
check(problems.some((p) => /temporal dead zone/.test(p) && /\[Ln 10, Col 35\]/.test(p)), `Problems: the TDZ read at Ln 10, Col 35, the TypeScript column of \`later\` (${JSON.stringify(problems)})`);
check(problems.some((p) => /enum/.test(p) && /\[Ln 6, Col 1\]/.test(p)), 'Problems: the enum note at Ln 6, Col 1');
const sq = s.squiggle ?? {};
check(sq.squiggleLeft != null && sq.laterLeft != null && Math.abs(sq.squiggleLeft - sq.laterLeft) < 2, `the squiggle starts under \`later\` (${JSON.stringify(sq)})`);
check((s.webviews ?? []).some((t) => /Call Stack/i.test(t)), `the step-through panel opened for drive.ts (${JSON.stringify((s.webviews ?? []).map((t) => t.slice(0, 80)))})`);
check(!(r.extensionHostErrors ?? []).some((e) => /event-loop-lens|eventLoopLens/i.test(e)), `no extension host errors from the extension (${(r.extensionHostErrors ?? []).length} error lines in total)`);
console.log(failures.length ? `typescript drive check: ${failures.length} failed` : 'typescript drive check: all passed');
process.exit(failures.length ? 1 : 0);
