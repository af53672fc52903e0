"use strict";
// Explicit resource management as Chromium runs it (the .ts fixture of the same name is Node 24's): `using` / `await using` disposal order, the
// SuppressedError chain, the checks at the declaration, the awaits of `await using` among other
// jobs, DisposableStack / AsyncDisposableStack, and V8's messages and stack frames.
const log = (...a) => console.log(...a);
function res(name, fail = false) {
  return { [Symbol.dispose]() { log('dispose', name); if (fail) throw new Error('fail ' + name); } };
}

// The body's error is suppressed by the dispose errors, innermost first.
try {
  using a = res('a', true), b = res('b', true);
  throw new Error('body');
} catch (e) {
  log(e.name, e.message, '|', e.error.message, '|', e.suppressed.name, e.suppressed.error.message, e.suppressed.suppressed.message);
  log(Object.getOwnPropertyNames(e), e instanceof SuppressedError, e instanceof Error);
}
// A dispose error with no pending error is thrown as it is.
try { using a = res('lone', true); log('body ran'); } catch (e) { log('caught', e.constructor.name, e.message); }
// The checks at the declaration: nothing after it runs, the earlier resources are disposed.
for (const v of [1, 'str', {}, { [Symbol.dispose]: 5 }]) {
  try {
    using first = res('first');
    using bad = v;
    log('not reached');
  } catch (e) { log(e.constructor.name + ':', e.message); }
}
{ using x = null, y = undefined; log('null and undefined are skipped'); }
// The method is read once, at the declaration.
{
  const r = { [Symbol.dispose]() { log('original dispose'); } };
  using held = r;
  r[Symbol.dispose] = () => log('replaced dispose');
}
// return, break and continue go through the disposal; a loop body disposes every iteration.
function early() {
  using r = res('early');
  return 'returned';
}
log(early());
for (let i = 0; i < 3; i++) {
  using r = res('iteration ' + i);
  if (i === 0) continue;
  if (i === 2) break;
  log('iteration body', i);
}
// A generator's return() disposes what its body holds.
function* gen() {
  using r = res('generator');
  yield 1;
  yield 2;
}
const it = gen();
log(it.next().value);
log(it.return(9));
// Where V8's stack puts a dispose method and its caller.
class Logger { [Symbol.dispose]() { log(new Error('where').stack.split('\n').slice(1, 3).map((l) => l.trim().replace(/\(.*:(\d+:\d+)\)$/, '($1)')).join(' / ')); } }
function frames() { using l = new Logger(); return 1; }
frames();

// SuppressedError itself.
const se = new SuppressedError(new Error('x'), 'y', 'msg');
log(se.name, se.message, se.error.message, se.suppressed, SuppressedError.length, String(new SuppressedError(1, 2)), Object.getOwnPropertyNames(new SuppressedError(1, 2)));
log(Object.getOwnPropertyNames(SuppressedError.prototype), Object.getPrototypeOf(SuppressedError) === Error, (SuppressedError)('a', 'b', 'c') instanceof SuppressedError);
class MyError extends SuppressedError {}
log(new MyError(1, 2, 'mine') instanceof MyError, String(new MyError(1, 2, 'mine')));

// DisposableStack. (Not logged itself: Chromium's console previews its `disposed` accessor, the simulation's does not yet.)
const ds = new DisposableStack();
log(ds.disposed, Object.getOwnPropertyNames(DisposableStack.prototype), DisposableStack.prototype[Symbol.toStringTag]);
log(ds.use(res('used')) !== undefined, ds.use(null), ds.use(undefined));
log(ds.adopt(42, (v) => log('adopted', v)));
ds.defer(function () { log('deferred', this, arguments.length); });
const moved = ds.move();
log(ds.disposed, moved.disposed, Object.getPrototypeOf(moved) === DisposableStack.prototype);
for (const m of ['use', 'adopt', 'defer', 'move']) {
  try { (ds)[m](() => {}, () => {}); } catch (e) { log(e.constructor.name + ':', e.message); }
}
moved.dispose();
log(moved.dispose(), moved.disposed, DisposableStack.prototype[Symbol.dispose] === DisposableStack.prototype.dispose);
const failing = new DisposableStack();
failing.defer(() => { throw new Error('d1'); });
failing.defer(() => { throw new Error('d2'); });
failing.defer(() => { throw new Error('d3'); });
try { failing.dispose(); } catch (e) { log(e.message, '|', e.error.message, '|', e.suppressed.error.message, e.suppressed.suppressed.message); }
for (const v of ['x', {}, undefined, [1], 5]) {
  try { new DisposableStack().defer(v); } catch (e) { log(e.message); }
}
try { new DisposableStack().use(5); } catch (e) { log(e.message); }
try { new DisposableStack().use({}); } catch (e) { log(e.message); }
try { (DisposableStack)(); } catch (e) { log(e.message); }
try { DisposableStack.prototype.dispose.call({}); } catch (e) { log(e.message); }
try { Object.getOwnPropertyDescriptor(DisposableStack.prototype, 'disposed').get.call([]); } catch (e) { log(e.message); }
try { DisposableStack.prototype.move.call(new AsyncDisposableStack()); } catch (e) { log(e.message); }
class MyStack extends DisposableStack {}
log(Object.getPrototypeOf(new MyStack()) === MyStack.prototype, new MyStack() instanceof DisposableStack);
{
  using stack = new DisposableStack();
  stack.defer(() => log('a stack in a using declaration'));
}

// `await using` and AsyncDisposableStack, among other jobs.
function ticks(label, n) {
  let p = Promise.resolve();
  for (let i = 1; i <= n; i++) p = p.then(() => log(label, 'tick', i));
  return p;
}
const cases = {
  async asyncMethod() { await using a = { async [Symbol.asyncDispose]() { log('async dispose'); } }; log('body'); },
  async syncFallback() { await using a = { [Symbol.dispose]() { log('sync dispose, awaited once'); } }; log('body'); },
  async nothing() { await using a = null; log('body'); },
  async syncAfterNothing() { using a = res('sync'); await using b = null; log('body'); },
  async nothingAfterAsync() { await using a = { async [Symbol.asyncDispose]() { log('async a'); } }; await using b = undefined; log('body'); },
  async rejects() {
    try { await using a = { [Symbol.asyncDispose]() { return Promise.reject(new Error('rejected dispose')); } }; throw new Error('body'); }
    catch (e) { log(e.name, e.error.message, e.suppressed.message); }
  },
  async notObject() { try { await using a = 3; } catch (e) { log(e.message); } },
  async noMethod() { try { await using a = {}; } catch (e) { log(e.message); } },
  async badAsyncMethod() { try { await using a = { [Symbol.asyncDispose]: 5 }; } catch (e) { log(e.message); } },
  async getters() {
    await using a = { get [Symbol.asyncDispose]() { log('read asyncDispose'); return undefined; }, get [Symbol.dispose]() { log('read dispose'); return () => log('disposed'); } };
    log('body');
  },
  async stack() {
    const s = new AsyncDisposableStack();
    s.use({ async [Symbol.asyncDispose]() { log('stack use async'); } });
    s.use({ [Symbol.dispose]() { log('stack use sync'); } });
    s.adopt(1, async (v) => log('stack adopt', v));
    s.defer(() => log('stack defer'));
    const done = s.disposeAsync();
    log('disposeAsync returned', s.disposed, done instanceof Promise);
    await done;
    log(await s.disposeAsync(), Object.getOwnPropertyNames(AsyncDisposableStack.prototype), s[Symbol.asyncDispose] === s.disposeAsync);
  },
  async stackErrors() {
    const s = new AsyncDisposableStack();
    s.defer(() => { throw new Error('e1'); });
    s.defer(async () => { throw new Error('e2'); });
    await s.disposeAsync().catch((e) => log(e.constructor.name, e.error.message, e.suppressed.message));
    try { s.move(); } catch (e) { log(e.message); }
    log(await (AsyncDisposableStack.prototype.disposeAsync.call({})).catch((e) => e.constructor.name + ': ' + e.message));
  },
  async iteratorDispose() {
    async function* g() { try { yield 1; yield 2; } finally { log('async generator closed'); } }
    const i = g();
    await i.next();
    await using x = i;
    log('body');
  },
};
(async () => {
  for (const [name, f] of Object.entries(cases)) {
    log('--', name);
    await Promise.all([f().then(() => log(name, 'done')), ticks(name, 4)]);
  }
})();
