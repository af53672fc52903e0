// Mocha entry for the step-through panel's integration tests, run inside the extension host by
// ../shared/tools/vscode-e2e/run-tests.mjs (or @vscode/test-electron's runTests). Bundled by
// test/e2e/run-panel.sh → out/test-panel/runner.js (the test file is bundled into it).
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The suite registers itself when required (bundled next to this file).
  mocha.suite.emit('pre-require', globalThis, 'panel.test', mocha);
  require('./panel.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} panel test(s) failed`)) : resolve()));
  });
}
