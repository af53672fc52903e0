// Extension-host entry of the integration tests: runs every out/test/integration/*.test.js with mocha.
// ELL_TEST_GREP (env) selects tests by name, e.g. "bench" for the latency benchmark only.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ELL_TEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => /^(editor|examples|bench|bench-panel|extension-.*)\.test\.js$/.test(f)).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
