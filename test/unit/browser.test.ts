// The browser profile (no Node ground truth here: these follow the HTML event-loop spec).
import { strict as assert } from 'assert';
import { simulate } from '../helpers';

const browser = (src: string) => simulate(src, { runtime: 'browser' });

describe('browser profile', () => {
  it('a classic script: this is window, no CommonJS names, no nextTick or setImmediate', () => {
    const r = browser("console.log(this === window, self === window, typeof module, typeof require, typeof process, typeof setImmediate);");
    assert.equal(r.stdout, 'true true undefined undefined undefined undefined\n');
  });

  it('microtasks run after the script and after every task; setTimeout 0 is 0 ms', () => {
    const r = browser(`
      const t0 = Date.now();
      setTimeout(() => { console.log('task', Date.now() - t0); Promise.resolve().then(() => console.log('micro after task')); }, 0);
      setTimeout(() => console.log('task 2'), 0);
      Promise.resolve().then(() => console.log('micro'));
      console.log('script');`);
    assert.equal(r.stdout, 'script\nmicro\ntask 0\nmicro after task\ntask 2\n');
  });

  // HTML timer initialization steps: a timer created in a task whose nesting level is > 5 gets at
  // least 4 ms. The script's call creates a level-0 timer; the timer created at level 6 (the 8th log) is the first clamped one.
  it('deeply nested timers are clamped to 4 ms (nesting level > 5)', () => {
    const r = browser(`
      const t0 = Date.now(); let n = 0;
      (function nest() { n++; console.log(n, Date.now() - t0); if (n < 8) setTimeout(nest, 0); })();`);
    assert.equal(r.stdout, '1 0\n2 0\n3 0\n4 0\n5 0\n6 0\n7 0\n8 4\n');
  });

  it('an uncaught error is reported and the event loop goes on', () => {
    const r = browser(`
      setTimeout(() => { throw new Error('reported'); }, 0);
      setTimeout(() => console.log('still running'), 1);
      Promise.reject(new Error('unhandled'));`);
    assert.equal(r.stdout, 'still running\n');
    assert.match(r.stderr, /Uncaught \(in promise\) Error: unhandled/);
    assert.match(r.stderr, /Uncaught Error: reported/);
    assert.equal(r.exitCode, 0);
    const codes = r.analysis.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['uncaught-error', 'unhandled-rejection']);
  });
});
