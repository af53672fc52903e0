// The public corpus: every program's simulated stdout must equal what real Node printed.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { corpusDir, simulate } from '../helpers';

const programs = path.join(corpusDir, 'programs');
const expected = path.join(corpusDir, 'expected');
const norm = (s: string) => s.replace(/\r\n/g, '\n').replace(/\n+$/, '');

describe('public corpus (../shared/corpus)', () => {
  const files = fs.existsSync(programs) ? fs.readdirSync(programs).filter((f) => f.endsWith('.js')).sort() : [];
  it('is present', () => assert.ok(files.length >= 91, `expected the corpus at ${programs}`));
  for (const f of files) {
    it(f, () => {
      const src = fs.readFileSync(path.join(programs, f), 'utf8');
      const want = fs.readFileSync(path.join(expected, f.replace(/\.js$/, '.txt')), 'utf8');
      const r = simulate(src, { fileName: f });
      assert.equal(norm(r.stdout), norm(want));
      assert.equal(r.exitCode, 0);
      assert.equal(r.stderr, '');
    });
  }
});
