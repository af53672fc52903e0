// Runs the integration tests in a VS Code extension host through @vscode/test-electron's runTests.
// VSCODE_E2E_CODE (the vscode-e2e kit's `code` stand-in: code-server + headless Chromium) is used
// when set; elsewhere runTests downloads a VS Code as usual.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const extensionDevelopmentPath = root;
  const extensionTestsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
  const workspace = path.join(root, 'test-fixtures', 'ws');
  const vscodeExecutablePath = process.env.VSCODE_E2E_CODE || undefined;
  const code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--disable-workspace-trust'],
    extensionTestsEnv: { ELL_TEST_GREP: process.env.ELL_TEST_GREP ?? '', ELL_BENCH_STRICT: process.env.ELL_BENCH_STRICT ?? '', ELL_ROOT: root },
  });
  process.exit(code);
}

main().catch((err) => {
  console.error('integration tests failed:', err);
  process.exit(1);
});
