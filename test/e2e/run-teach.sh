#!/usr/bin/env bash
# Teaching features in a real VS Code (code-server + headless Chromium, ../shared/tools/vscode-e2e):
# predict mode, execution contexts, closures, promises (test/e2e/teach-drive.mjs), then the exported
# HTML pages in headless Chromium (test/e2e/export-page.mjs). Output: test-output/teach-ui, test-output/export
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
KIT="${VSCODE_E2E_KIT:-$ROOT/../shared/tools/vscode-e2e}"
OUT="$ROOT/test-output"
mkdir -p "$OUT"
[ -f "${VSCODE_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}/paths.json" ] || bash "$KIT/setup.sh"
if [ -z "${SKIP_BUILD:-}" ]; then npm run --silent build; fi
status=0
WS="$(mktemp -d)/teach-ws"; cp -r test/fixtures/teach "$WS"
node "$KIT/drive.mjs" --extension "$ROOT" --workspace "$WS" --file predict.js \
  --command 'Event Loop Lens: Predict the Output' --script "$ROOT/test/e2e/teach-drive.mjs" \
  --out "$OUT/teach-ui" --viewport 1600x1000 --timeout 300 || status=1
node -e "
  const r=require('$OUT/teach-ui/result.json'); const s=r.script||{};
  console.log('teach ui checks:', JSON.stringify(s.checks||s, null, 1));
  if(!r.ok || !s.ok) { console.log('teach ui FAILED:', JSON.stringify(s.problems || (r.steps||[]).filter((x)=>!String(x).startsWith('ok')))); process.exit(1); }
" || status=1
node test/e2e/export-page.mjs || status=1
exit $status
