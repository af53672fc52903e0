// Node's `path`, simulated (src/engine/interp/pathModule.ts): pure string functions every real file
// uses. Compared with real Node, with paths that do not depend on the real working directory.
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

describeAgainstNode('path (CommonJS)', {
  'join, basename, extname, dirname, normalize, relative, isAbsolute, sep': `
    const path = require('path');
    console.log(path.join('/a', 'b', '../c'), path.basename('/x/y.js', '.js'), path.extname('f.tar.gz'), path.sep, path.delimiter);
    console.log(path.relative('/a/b/c', '/a/d'), path.isAbsolute('x'), path.normalize('/a//b/./c/..'), path.dirname('/a/b/c'));
    console.log(path.resolve('/r', 'x', '../y'), path.posix === path, path.win32.join('a', 'b'), path.win32.sep);`,
  'parse and format': `
    const path = require('node:path');
    console.log(path.parse('/home/u/f.txt'), path.format({ dir: '/d', base: 'b.js' }), path.format({ root: '/', name: 'n', ext: '.e' }));`,
  'argument checks as Node words them': `
    const path = require('path');
    for (const f of [() => path.join(1), () => path.basename(null), () => path.format(1)]) {
      try { f(); } catch (e) { console.log(e.name, e.code, e.message); }
    }`,
});

describeAgainstNode(
  'path (ES module imports)',
  {
    'default, named and namespace imports of path / node:path': `
      import path, { join, basename } from 'node:path';
      import * as ns from 'path';
      console.log(join('/a', 'b'), basename('/x/y.js'), path.extname('a.md'), ns.sep, typeof ns.default.join);`,
  },
  { moduleKind: 'module' },
);

describe('path: the membrane', () => {
  it('no host object reaches the program (parse results, the module object, errors)', () => {
    const r = simulate("const path = require('path'); const p = path.parse('/a/b.c'); try { path.join({}); } catch (e) { globalThis.err = e; } globalThis.keep = [path, p, path.win32, path.join];", { detectForeignObjects: true });
    assert.deepEqual(r.analysis.foreignObjects ?? [], []);
  });
});
