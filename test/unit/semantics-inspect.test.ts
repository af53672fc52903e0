// Printing through custom inspectors (issue 9): [util.inspect.custom] called through the membrane
// with realm arguments (depth, options, inspect), util.inspect options, util.formatWithOptions, and
// timers/promises setInterval as an async iterator. Compared with real Node; then the membrane
// detector over the same programs.
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

const cases: Record<string, string> = {
  'custom inspectors get depth, options and inspect; nested ones see the remaining depth': `
const custom = Symbol.for('nodejs.util.inspect.custom');
const o = { [custom](depth, options, insp) { return 'CUSTOM ' + depth + ' ' + typeof options.stylize + ' ' + typeof insp + ' ' + options.depth + ' ' + options.colors; } };
console.log(o); console.log([o]); console.log({ nested: o }, 'and', o);
class P { [custom]() { return { replaced: true, inner: o }; } }
console.log(new P(), [new P()]);
class Money { constructor(n) { this.n = n; } [custom](depth, options, inspect) { return options.stylize('$' + this.n, 'number') + ' ' + inspect({ deep: { er: [1] } }, { depth: 0 }); } }
console.log(new Money(5));
const multi = { [custom]() { return 'line1\\nline2'; } };
console.log({ a: { b: multi } });
const self = { [custom]() { return this; }, x: 1 };
console.log(self);
console.log(\`\${o}\`.length > 0, String([1, 2]));
const util = require('util');
console.log(util.inspect(o), util.inspect({ o }, { depth: 0 }), util.inspect(new Money(1), { customInspect: false }));
console.log(util.inspect.custom === custom, typeof util.inspect);
`,
  'util.inspect options and util.formatWithOptions': `
const util = require('util');
console.log(util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: 0 }), util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: null }));
console.log(util.formatWithOptions({ colors: false, compact: false }, '%s %o', 'x', { a: 1 }));
console.log(JSON.stringify(util.inspect('str', { colors: true })), util.inspect([1, 2, 3, 4], { maxArrayLength: 2 }), util.inspect({ b: 1, a: 2 }, { sorted: true }));
console.log(util.formatWithOptions({ depth: 0 }, { deep: { x: 1 } }, 'tail'));
try { util.formatWithOptions(1, 'x'); } catch (e) { console.log(e.code, e.message); }
`,
  "events.getEventListeners of an EventTarget: its listeners in order; of anything else, Node's error": `
const { getEventListeners } = require('events');
const t = new EventTarget(); const h = { handleEvent() {} }; const f = () => {};
t.addEventListener('q', f); t.addEventListener('q', h); t.addEventListener('q', f, { capture: true });
console.log(getEventListeners(t, 'q'), getEventListeners(t, 'none'));
try { getEventListeners({}, 'x'); } catch (e) { console.log(e.code, e.message); }
const ac = new AbortController();
console.log(getEventListeners(ac.signal, 'abort'));
class MyTarget extends EventTarget {}
const m = new MyTarget(); m.addEventListener('z', f); console.log(getEventListeners(m, 'z').length);
t.removeEventListener('q', f); console.log(getEventListeners(t, 'q').length);
`,
  'timers/promises scheduler: wait is setTimeout, yield is setImmediate, marked by kScheduler': `
const { scheduler } = require('timers/promises');
console.log(scheduler, Object.getOwnPropertyNames(Object.getPrototypeOf(scheduler)), scheduler.wait.length, scheduler.yield.length);
try { scheduler.wait.call({}); } catch (e) { console.log(e.code, e.message); }
try { new (Object.getPrototypeOf(scheduler).constructor)(); } catch (e) { console.log(e.code, e.message); }
scheduler.wait(1, 5).catch((e) => console.log('rejected', e.code, e.message));
(async () => {
  await scheduler.wait(3);
  console.log('waited');
  setImmediate(() => console.log('immediate first'));
  await scheduler.yield();
  console.log('yielded');
  const ac = new AbortController();
  const p = scheduler.wait(50, { signal: ac.signal });
  ac.abort();
  try { await p; } catch (e) { console.log(e.name, e.code); }
})();
`,
  'timers/promises setInterval is an async iterator on the virtual clock': `
const { setInterval: si } = require('timers/promises');
const t0 = Date.now();
(async () => {
  let n = 0;
  // Real Node's first tick can land a millisecond early by Date.now() (libuv's loop time is cached): 1 ms of slack.
  for await (const v of si(10, 'tick')) { console.log(v, ++n, Date.now() - t0 >= n * 10 - 1); if (n === 3) break; }
  console.log('done');
  // One interval at a time: real Node's ordering of two live intervals depends on its load.
  const it = si(5, 'x');
  it.next().then((r) => { console.log('it', r, Object.prototype.toString.call(it)); return it.return(7); }).then((r) => console.log('ret', r)).then(() => it.next()).then((r) => console.log('after return', r));
})();
`,
};

describeAgainstNode('semantics: custom inspection and util printing (against real Node)', cases);

describe('custom inspection: the membrane', () => {
  it('no host object reaches a custom inspector (membrane detector)', () => {
    for (const src of Object.values(cases)) assert.deepEqual(simulate(src, { detectForeignObjects: true }).analysis.foreignObjects, [], src);
  });
  it('a native function as the inspector is never called by Node with host arguments', () => {
    const r = simulate(`
const custom = Symbol.for('nodejs.util.inspect.custom');
const bag = [];
const o = { [custom]: Array.prototype.push.bind(bag) };
console.log(o);
const p = { [custom]: Reflect.apply.bind(null, function () { bag.push(...arguments); }, null) };
console.log(p);
console.log(bag.length);`, { detectForeignObjects: true });
    assert.deepEqual(r.analysis.foreignObjects, []);
    assert.match(r.stdout, /\n0\n$/);
  });
});
