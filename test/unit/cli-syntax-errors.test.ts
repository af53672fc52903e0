// A file Node cannot compile: `event-loop-lens run` prints what `node FILE` prints on stderr, byte for
// byte (the path or file URL, the line, carets under the token, V8's message, the loader's frames),
// and the diagnostic carries V8's message. Each program is run by real Node for the expected text.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { repoRoot } from '../helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-syntax-'));

const programs: Record<string, string> = {
  'await-in-plain-function.js': 'console.log(1);\nfunction f() { await x; }\n',
  'redeclared-let.js': 'let x = 1;\nlet x = 2;\n',
  'unexpected-token.js': 'var a = {;\n',
  'with-in-strict.js': '"use strict";\nwith (a) {}\n',
  'await-without-operand.js': 'async function f() { await }\n',
  'number-after-number.js': 'let a = 1 2;\n',
  'identifier-after-string.js': 'const s = "a" b;\n',
  'module-redeclared.mjs': 'let a = 1;\nlet a = 2;\nexport {};\n',
};

describe('CLI: syntax errors as Node prints them', function () {
  this.timeout(60000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: `npm test` builds it first');
  });
  for (const [name, src] of Object.entries(programs)) {
    it(name, () => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, src);
      const node = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20000 });
      const sim = spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8', timeout: 60000 });
      assert.equal(sim.stderr, node.stderr);
      assert.equal(sim.status, node.status);
      const message = /^SyntaxError: .*$/m.exec(node.stderr)![0];
      const a = analyze(src, { fileName: file });
      assert.equal(a.diagnostics.find((d) => d.code === 'syntax-error')?.message, message);
    });
  }
});
