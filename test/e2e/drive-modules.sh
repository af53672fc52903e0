#!/usr/bin/env bash
# Driven UI test of modules (issue 11): the real workbench opens modules/main.js, pins it with
# "Event Loop Lens: Simulate From This File", opens the imported lib.js (its hints come from
# main.js's run) and types an unsaved edit into it (the hints follow). Screenshots + result.json in
# test-output/modules/drive.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT="${VSCODE_E2E_KIT:-$(cd ../shared/tools/vscode-e2e && pwd)}"
OUT="${1:-test-output/modules/drive}"
rm -rf "$OUT"
mkdir -p "$OUT"
node "$KIT/drive.mjs" \
  --extension . \
  --workspace test-fixtures/ws \
  --file modules/main.js \
  --wait-for '① sync' \
  --command 'Event Loop Lens: Simulate From This File' \
  --script test/e2e/modules-steps.mjs \
  --viewport 1400x900 \
  --out "$OUT"
node -e '
const r = require(process.argv[1]);
const s = r.script || {};
const txt = (ds) => (ds || []).map((d) => d.line + ": " + d.text).join("\n");
const fail = (m) => { console.error("drive-modules: " + m); process.exit(1); };
if (!r.ok) fail("a drive step failed: " + JSON.stringify(r.steps?.filter?.((x) => !x.ok)));
if (!(s.statusBar || []).some((t) => /Entry: main\.js/.test(t))) fail("no pinned-entry status bar item: " + JSON.stringify(s.statusBar));
if (!/hello Ada/.test(txt(s.before))) fail("lib.js has no hint from main.js:\n" + txt(s.before));
if (!/3: .*② ③ sync/.test(txt(s.after)) || !/7: .*⑤ macrotask/.test(txt(s.after))) fail("lib.js hints did not follow the unsaved edit:\n" + txt(s.after));
console.log("drive-modules: ok\n" + txt(s.after));
' "$(cd "$OUT" && pwd)/result.json"
