#!/usr/bin/env bash
# Step-through panel tests in a real VS Code (code-server + headless Chromium, ../shared/tools/vscode-e2e):
#   1. integration tests inside the extension host (test/integration/panel.test.ts)
#   2. a driven UI test (test/e2e/panel-drive.mjs): palette command, clicks, webview text, screenshots
# Usage: bash test/e2e/run-panel.sh [integration|ui|ui-dark|all]   (default all = integration + ui).
# ui-dark: the same driven test with the Default Dark Modern theme. Output: test-output/panel-*
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
KIT="${VSCODE_E2E_KIT:-$ROOT/../shared/tools/vscode-e2e}"
WHAT="${1:-all}"
OUT="$ROOT/test-output"
mkdir -p "$OUT"

node "$KIT/drive.mjs" --help >/dev/null 2>&1 || true
[ -f "${VSCODE_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}/paths.json" ] || bash "$KIT/setup.sh"

# The extension (dist/) and the panel front end (media/dist/) must be built.
if [ -z "${SKIP_BUILD:-}" ]; then npm run --silent build; fi
[ -f dist/extension.js ] && [ -f dist/analysis-process.js ] && [ -f dist/analysis-worker.js ] && [ -f media/dist/panel.js ] || { echo "run-panel: build output missing"; exit 2; }

status=0
if [ "$WHAT" = all ] || [ "$WHAT" = integration ]; then
  node -e "require('esbuild').buildSync({entryPoints:['test/integration/panelRunner.ts'],outfile:'out/test-panel/runner.js',bundle:true,platform:'node',format:'cjs',target:'node20',external:['vscode','mocha'],sourcemap:'inline',logLevel:'warning'})"
  WS="$(mktemp -d)/panel-ws"; cp -r test-fixtures/panel "$WS"
  echo "== panel integration tests (extension host) =="
  node "$KIT/run-tests.mjs" --extensionDevelopmentPath "$ROOT" --extensionTestsPath "$ROOT/out/test-panel/runner.js" "$WS" \
    --out "$OUT/panel-integration" --timeout 600 || status=1
fi
if [ "$WHAT" = all ] || [ "$WHAT" = ui ] || [ "$WHAT" = ui-dark ]; then
  WS="$(mktemp -d)/panel-ws"; cp -r test-fixtures/panel "$WS"
  NAME=panel-ui; EXTRA=()
  if [ "$WHAT" = ui-dark ]; then
    NAME=panel-ui-dark
    echo '{ "workbench.colorTheme": "Default Dark Modern" }' > "$WS/../dark.json"
    EXTRA=(--settings "$WS/../dark.json")
  fi
  echo "== panel driven UI test ($NAME) =="
  node "$KIT/drive.mjs" --extension "$ROOT" --workspace "$WS" --file classic.js \
    --command 'Event Loop Lens: Step Through File' --script "$ROOT/test/e2e/panel-drive.mjs" \
    --out "$OUT/$NAME" --viewport 1600x1000 --timeout 300 "${EXTRA[@]}" || status=1
  node -e "
    const r=require('$OUT/'+'$NAME'+'/result.json');
    const s=r.script||{};
    console.log('ui checks:', JSON.stringify(s.checks||s, null, 1));
    if(!r.ok || !s.ok) process.exit(1);
  " || status=1
fi
exit $status
