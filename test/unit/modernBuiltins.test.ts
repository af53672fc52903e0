// src/engine/interp/modernBuiltins.ts and iteratorHelpers.ts: the built-ins of Node 24 (TypeScript
// files) and Chromium that Node 20 lacks. Their behaviour against the real runtimes is in
// test/fixtures/typescript/{modern-builtins,set-methods,iterator-helpers}.ts (Node 24's goldens) and
// the test/browser-corpus/ programs of the same names (Chromium's). Here: .js files keep Node 20's
// set (differential against this Node 20), and nothing of the host leaks out through them.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../src/engine/simulator';
import type { AnalyzeOptions } from '../../src/engine/types';

const stdout = (source: string, opts: AnalyzeOptions) => {
  const a = analyze(source, { detectForeignObjects: true, ...opts });
  assert.deepEqual(a.foreignObjects ?? [], [], 'no foreign object');
  return a.console.filter((e) => e.stream === 'stdout').map((e) => e.text + '\n').join('');
};

const PRESENT = `console.log([typeof Promise.withResolvers, typeof Promise.try, typeof Array.fromAsync, typeof Object.groupBy, typeof Map.groupBy, typeof Error.isError, typeof new Set().union, typeof globalThis.Iterator, typeof RegExp.escape].join(' '));\n`;

describe('built-ins newer than Node 20 (modernBuiltins.ts)', () => {
  it('a .js file has Node 20\'s set: none of them, as this Node 20 prints', () => {
    assert.match(process.version, /^v20\./);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ell-modern-')), 'present.js');
    fs.writeFileSync(file, PRESENT);
    const real = spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout;
    assert.equal(real, 'undefined undefined undefined undefined undefined undefined undefined undefined undefined\n');
    assert.equal(stdout(PRESENT, { fileName: 'present.js' }), real);
  });

  it('a .ts file and the browser profile have all of them', () => {
    const all = 'function function function function function function function function function\n';
    assert.equal(stdout(PRESENT, { fileName: 'present.ts' }), all);
    assert.equal(stdout(PRESENT, { fileName: 'present.js', runtime: 'browser' }), all);
  });

  it("their results are the realm's: no way back to the host through them", () => {
    const probe = `
      const r = Promise.withResolvers();
      const g = Object.groupBy([1, 2], (x) => x % 2);
      const m = Map.groupBy([1], (x) => x);
      const out = [];
      for (const [name, v] of [['withResolvers', r], ['resolve', r.resolve], ['groupBy', g], ['group', g[1]], ['Map.groupBy', m], ['fromAsync', Array.fromAsync([1])], ['try', Promise.try(() => 1)], ['helper', [1].values().map((x) => x)], ['Iterator.from', Iterator.from({ next: () => ({ done: true }) })], ['union', new Set([1]).union(new Set([2]))]]) {
        let F;
        try { F = (v.constructor ?? Object).constructor; } catch (e) { F = null; }
        let leaked = 'no';
        try { leaked = typeof F('return typeof process.binding')(); } catch (e) { leaked = e.name; }
        out.push(name + ':' + leaked);
      }
      console.log(out.join(' '), Object.getPrototypeOf(g) === null, m instanceof Map, r instanceof Object);
    `;
    for (const opts of [{ fileName: 'probe.ts' }, { fileName: 'probe.js', runtime: 'browser' as const }]) {
      const text = stdout(probe, opts);
      // Function from strings is the interpreter's (it runs the text, which sees the simulated process or none).
      assert.doesNotMatch(text, /:function/, `no host process.binding reachable (${opts.fileName}): ${text}`);
      assert.match(text, / true true true\n$/);
    }
  });

  it("AbortSignal.any in a .js file is Node 20's: dependents abort after the source's own event, an Array is required", () => {
    const source = `
      const a = new AbortController();
      a.signal.addEventListener('abort', () => console.log('a 1'));
      const any = AbortSignal.any([a.signal]);
      const any2 = AbortSignal.any([any]);
      a.signal.addEventListener('abort', () => console.log('a 2'));
      any.addEventListener('abort', () => console.log('any', any.reason));
      any2.addEventListener('abort', () => console.log('any2', any2.reason));
      a.abort('stop');
      for (const bad of [new Set([a.signal]), 'ab', [a.signal, 2]]) {
        try { AbortSignal.any(bad); } catch (e) { console.log(e.code, e.message); }
      }
    `;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ell-abort-')), 'any.js');
    fs.writeFileSync(file, source);
    const real = spawnSync(process.execPath, [file], { encoding: 'utf8' }).stdout;
    assert.match(real, /^a 1\na 2\nany stop\nany2 stop\n/);
    assert.equal(stdout(source, { fileName: 'any.js' }), real);
  });

  it("the Set methods read the receiver through the realm's own Set: a guest's patched add, has, iterator or size getter is not called", () => {
    const source = `
      const calls = [];
      const s = new Set([1, 2]);
      Set.prototype.add = function (v) { calls.push('add ' + v); return this; };
      Set.prototype.has = function (v) { calls.push('has ' + v); return false; };
      Set.prototype[Symbol.iterator] = function* () { calls.push('iterate'); };
      Set.prototype.values = function* () { calls.push('values'); };
      Object.defineProperty(Set.prototype, 'size', { get() { calls.push('size'); return 0; } });
      const other = { size: 1, has: (v) => v === 2, keys: () => [3][Symbol.iterator]() };
      const results = [s.union(other), s.intersection(other), s.difference(other), s.symmetricDifference(other)];
      console.log(results.map((r) => [...Map.prototype.keys.call(new Map([...r].map((v) => [v, v])))].join()).join(' | '), s.isSubsetOf(other), calls.join(',') || 'no guest call');
      const trap = new Proxy(other, { get(t, k) { if (k === 'size') throw new Error('size trap'); return t[k]; } });
      try { s.union(trap); } catch (e) { console.log(e.message); }
    `;
    // The spread of each result calls the patched iterator once per result (guest code), nothing else does.
    assert.equal(stdout(source, { fileName: 'sets.ts' }), ' |  |  |  false iterate,iterate,iterate,iterate\nsize trap\n');
  });

  it("a throwing mapfn closes the iterator and Array.fromAsync's promise rejects with the mapfn's error", () => {
    const source = `
      const it = { [Symbol.iterator]() { let i = 0; return { next: () => ({ done: ++i > 3, value: i }), return() { console.log('return'); return {}; } }; } };
      Array.fromAsync(it, (x) => { if (x === 2) throw new Error('boom ' + x); return x; }).then(() => console.log('fulfilled'), (e) => console.log('rejected', e.message));
      Array.fromAsync([1, 2], 'not callable').catch((e) => console.log(e.constructor.name, e.message));
    `;
    assert.equal(stdout(source, { fileName: 'f.ts' }), 'TypeError not callable is not a function\nreturn\nrejected boom 2\n');
  });
});
