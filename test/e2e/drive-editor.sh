#!/usr/bin/env bash
# Driven UI test: the real VS Code workbench (code-server) in headless Chromium opens drive.js,
# reads the hint text from the editor DOM, hovers a variable and a hint, shows the execution log,
# breaks the syntax (stale hints), and leaves screenshots + result.json in test-output/editor/drive.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT="${VSCODE_E2E_KIT:-$(cd ../shared/tools/vscode-e2e && pwd)}"
OUT="${1:-test-output/editor/drive}"
rm -rf "$OUT"
mkdir -p "$OUT"
node "$KIT/drive.mjs" \
  --extension . \
  --workspace test-fixtures/ws \
  --file drive.js \
  --wait-for "${ELL_WAIT_FOR:-⑤ macrotask}" \
  --hover label \
  --script test/e2e/editor-steps.mjs \
  --viewport 1400x900 \
  --out "$OUT"
node test/e2e/check-drive.mjs "$OUT/result.json"
