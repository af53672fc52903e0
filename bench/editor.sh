#!/usr/bin/env bash
# Editor benchmark (issue 4): last keystroke → decorations applied, measured inside the real
# extension host (code-server kit), for a 200-line and a 2,000-line file, debounce excluded.
# Targets fail the run only with ELL_BENCH_STRICT=1 (figures swing with machine load).
set -euo pipefail
cd "$(dirname "$0")/.."
KIT="${VSCODE_E2E_KIT:-$(cd ../shared/tools/vscode-e2e && pwd)}"
bash "$KIT/setup.sh" >/dev/null
node esbuild.tests.js
ELL_TEST_GREP=bench VSCODE_E2E_CODE="${VSCODE_E2E_CODE:-$KIT/code}" node out/test/integration/runTest.js
