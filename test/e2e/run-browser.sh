#!/usr/bin/env bash
# The browser profile in a real VS Code (code-server + headless Chromium, ../shared/tools/vscode-e2e):
# hints of a rAF / user click / MutationObserver file and the step-through panel's Rendering lane.
# Usage: bash test/e2e/run-browser.sh   Output: test-output/browser-ui (screenshots, result.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
KIT="${VSCODE_E2E_KIT:-$ROOT/../shared/tools/vscode-e2e}"
OUT="$ROOT/test-output"
mkdir -p "$OUT"
[ -f "${VSCODE_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}/paths.json" ] || bash "$KIT/setup.sh"
if [ -z "${SKIP_BUILD:-}" ]; then npm run --silent build; fi
WS="$(mktemp -d)/browser-ws"; mkdir -p "$WS"; cp examples/browser-event-loop.js "$WS/browser.js"  # the README example
echo '{ "eventLoopLens.runtime": "browser" }' > "$WS/../browser-settings.json"
status=0
node "$KIT/drive.mjs" --extension "$ROOT" --workspace "$WS" --file browser.js --wait-for 'animation frame' \
  --settings "$WS/../browser-settings.json" --script "$ROOT/test/e2e/browser-drive.mjs" \
  --out "$OUT/browser-ui" --viewport 1600x1000 --timeout 300 || status=1
node -e "
  const r=require('$OUT/browser-ui/result.json');
  const s=r.script||{};
  console.log('browser ui checks:', JSON.stringify(s.checks||s, null, 1));
  if(!r.ok || !s.ok) process.exit(1);
" || status=1
exit $status
