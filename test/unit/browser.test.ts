// The browser profile (no Node ground truth here: these follow the HTML event-loop spec).
import { strict as assert } from 'assert';
import { simulate } from '../helpers';

const browser = (src: string) => simulate(src, { runtime: 'browser' });

describe('browser profile', () => {
  it('the console formats an object without running a guest trap past its own prototype (its class name, whether it is an error)', () => {
    const r = browser(`
      const traps = [];
      const p = new Proxy({}, { getPrototypeOf() { traps.push('getPrototypeOf'); return null; }, getOwnPropertyDescriptor() { traps.push('getOwnPropertyDescriptor'); return undefined; } });
      console.log(Object.create(Object.create(p)));
      console.log(traps.length);`);
    assert.equal(r.stdout, '{}\n0\n');
  });

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
    // Exit code 1 as browser-truth gives it: an error stayed uncaught (the page went on).
    assert.equal(r.exitCode, 1);
    const codes = r.analysis.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['uncaught-error', 'unhandled-rejection']);
  });
});

// The file's own user events and fetch latencies (browser/directives.ts). Chromium's behaviour for
// the same programs is in test/browser-corpus (click-directive.js, fetch-latency-directive.js).
describe('browser profile: // @lens directives', () => {
  it('a click directive is a trusted user click at its time; microtasks run between its listeners', () => {
    const r = browser(`// @lens click #b at 30ms
      const t = () => Date.now() - 1700000000000;
      const b = document.createElement('button'); b.id = 'b'; document.body.append(b);
      b.addEventListener('click', (e) => { console.log('1', t(), e.isTrusted); queueMicrotask(() => console.log('micro')); });
      b.addEventListener('click', () => console.log('2'));`);
    assert.equal(r.stdout, '1 30 true\nmicro\n2\n');
  });

  it('a fetch directive sets the latency of its URL', () => {
    const r = browser(`// @lens fetch /slow 300ms
      const t = () => Date.now() - 1700000000000;
      fetch('/slow').then(() => console.log('slow', t()));
      fetch('/fast').then(() => console.log('fast', t()));`);
    assert.equal(r.stdout, 'fast 20\nslow 300\n');
  });

  it('a malformed directive is a diagnostic on its line, and the run goes on', () => {
    const r = browser(`console.log('a');\n// @lens clik #b at 30ms\n// @lens click #b at soon\nconsole.log('b');`);
    assert.equal(r.stdout, 'a\nb\n');
    const d = r.analysis.diagnostics.filter((x) => x.code === 'directive');
    assert.deepEqual(d.map((x) => x.line), [2, 3]);
    assert.match(d[0].message, /Malformed @lens directive/);
  });

  it('a click on nothing is a warning naming the selector', () => {
    const r = browser(`// @lens click #missing at 10ms\nconsole.log('x');`);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'user-event' && /#missing/.test(d.message)));
  });

  it('options.clicks (the CLI --click) and the browser-truth line name the same click once', () => {
    const src = `// browser-truth: --click #b@5\nconst b = document.createElement('button'); b.id = 'b'; document.body.append(b);\nb.onclick = () => console.log('clicked');`;
    assert.equal(browser(src).stdout, 'clicked\n');
    assert.equal(simulate(src, { runtime: 'browser', clicks: [{ selector: '#b', at: 5 }] }).stdout, 'clicked\n');
    assert.equal(simulate(src, { runtime: 'browser', clicks: [{ selector: '#b', at: 9 }] }).stdout, 'clicked\nclicked\n');
  });

  it('an endless animation stops at the frame limit with a note', () => {
    const r = browser(`let n = 0; requestAnimationFrame(function f() { n++; requestAnimationFrame(f); }); setTimeout(() => console.log('never'), 5000);`);
    assert.ok(r.analysis.diagnostics.some((d) => d.code === 'frame-limit'));
    assert.equal(r.stdout, '');
  });
});

// Hostile use of the browser's Web APIs: nothing of the host reaches the guest (the membrane's
// detector), nothing crashes or hangs, the tree stays a tree.
describe('browser profile: hostile programs', () => {
  const hostile = (src: string) => simulate(src, { runtime: 'browser', detectForeignObjects: true, maxSteps: 2_000_000, maxMillis: 5000 });
  it('escape routes through the DOM, events and messaging stay in the realm', () => {
    const r = hostile(`
      const probes = [document, document.body, new Event('x'), new MessageChannel().port1, new MutationObserver(() => {}), document.body.classList, localStorage, scheduler, new AbortController().signal];
      for (const p of probes) {
        try { console.log(typeof p.constructor.constructor('return process')()); } catch (e) { console.log('blocked', e.name); }
      }
      const opts = new Proxy({}, { get(t, k) { console.log('option read', String(k)); return k === 'once'; } });
      document.body.addEventListener('x', (e) => console.log('listener', e.type, Object.getPrototypeOf(e) === CustomEvent.prototype), opts);
      document.body.dispatchEvent(new CustomEvent('x', new Proxy({ detail: 1 }, { get(t, k) { return t[k]; } })));
      const el = document.createElement('div');
      Object.defineProperty(el.dataset, 'evil', { get() { return { toString() { return 'ok'; } }; }, enumerable: true });
      console.log(el.getAttribute('data-evil'));
      new MessageChannel().port2.postMessage(new Proxy({ a: 1 }, {}));
      const inner = document.createElement('p');
      el.append(inner);
      try { inner.append(el); } catch (e) { console.log(e.name); }
      try { inner.replaceChildren(el); } catch (e) { console.log(e.name); }
      document.body.innerHTML = '<div>'.repeat(5000) + 'deep';
      console.log(document.body.textContent, document.querySelectorAll('div').length);`);
    assert.deepEqual(r.analysis.foreignObjects, []);
    assert.match(r.stdout, /blocked/);
    assert.doesNotMatch(r.stdout, /^object$/m);
    assert.match(r.stdout, /HierarchyRequestError\nHierarchyRequestError\n/);
    assert.match(r.stdout, /deep 5000\n$/);
  });
});
