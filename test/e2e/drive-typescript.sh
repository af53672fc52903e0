#!/usr/bin/env bash
# Driven UI test for TypeScript: the real VS Code workbench (code-server) in headless Chromium opens
# test-fixtures/ws-typescript/drive.ts, reads the hints from the editor DOM, hovers `total`, reads the
# Problems panel and the squiggle's position, opens the step-through panel; screenshots + result.json
# in test-output/editor/drive-typescript. Run after `npm run build` (the kit is installed by setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT="${VSCODE_E2E_KIT:-$(cd ../shared/tools/vscode-e2e && pwd)}"
OUT="${1:-test-output/editor/drive-typescript}"
rm -rf "$OUT"
mkdir -p "$OUT"
node "$KIT/drive.mjs" \
  --extension . \
  --workspace test-fixtures/ws-typescript \
  --file drive.ts \
  --wait-for "⑥ macrotask" \
  --hover total \
  --script test/e2e/typescript-steps.mjs \
  --viewport 1400x900 \
  --out "$OUT"
node test/e2e/check-typescript.mjs "$OUT/result.json"
