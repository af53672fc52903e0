// The simulated built-ins and engine paths added for real projects and test262 (URL, EventTarget /
// AbortController, events.on, assert, util extras, node:module, os, perf_hooks, f.caller, namespace
// objects, computed keys through Symbol.toPrimitive): every value they hand back, every argument they
// pass to guest callbacks and every error they throw must be the realm's, never the host's.
// Ends with DONE (so a probe that stopped early is seen).
function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false;
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const F = x.constructor.constructor; if (F !== Function) console.log("ESCAPED", label, typeof F("return process")().binding); } catch (e) {} } }
function errOf(label, f) { try { f(); } catch (e) { check(label, e, Object.getPrototypeOf(e), e && e.constructor); return e; } }

// f.caller: climbs the interpreter's stack; whatever it finds is a guest function or null.
function probeCaller() { return probeCaller.caller; }
check('caller (top level)', probeCaller());
[1].map(function () { check('caller from a built-in callback', probeCaller(), arguments.callee.caller); });
setTimeout(function tick() { check('caller in a timer', probeCaller(), tick.caller); }, 0);
Promise.resolve().then(function job() { check('caller in a job', probeCaller(), job.caller); });

// URL / URLSearchParams.
try {
  const u = new URL('https://example.com/a?x=1&y=2#h');
  check('URL', u, u.searchParams, Object.getPrototypeOf(u), u.toJSON, URL.prototype.toString);
  u.searchParams.forEach(function (v, k, self) { check('URLSearchParams.forEach', this, self, v, k); }, {});
  check('URLSearchParams entries', [...u.searchParams], u.searchParams.entries(), u.searchParams[Symbol.iterator]());
  errOf('URL TypeError', () => new URL('not a url'));
  const url = require('url');
  check('node:url', url, url.fileURLToPath, url.pathToFileURL('/x'));
  errOf('fileURLToPath error', () => url.fileURLToPath('http://x'));
} catch (e) { check('URL section', e); }

// EventTarget, Event, AbortController, AbortSignal, DOMException.
try {
  const t = new EventTarget();
  t.addEventListener('ping', { handleEvent(ev) { check('handleEvent', this, ev, ev.target, ev.currentTarget, ev.composedPath()); } });
  t.addEventListener('ping', function (ev) { check('listener', this, ev, Object.getPrototypeOf(ev)); });
  t.dispatchEvent(new Event('ping'));
  const ac = new AbortController();
  ac.signal.addEventListener('abort', (ev) => check('abort event', ev, ev.target, ac.signal.reason));
  ac.abort({ mine: true });
  check('signal', ac.signal, ac.signal.reason, AbortSignal.abort().reason, AbortSignal.any([ac.signal]));
  const timeout = AbortSignal.timeout(1);
  timeout.onabort = (ev) => check('timeout abort', ev, timeout.reason);
  errOf('throwIfAborted', () => ac.signal.throwIfAborted());
  errOf('DOMException', () => { throw new DOMException('m', 'AbortError'); });
  errOf('bad listener args', () => t.addEventListener());
} catch (e) { check('EventTarget section', e); }

// events: on (an async iterator), once with a signal, static helpers.
try {
  const events = require('events');
  const em = new events.EventEmitter();
  const it = events.on(em, 'data');
  check('events.on iterator', it, Object.getPrototypeOf(it), it.next, it.return, it[Symbol.asyncIterator]);
  it.next().then((r) => { check('events.on result', r, r.value); return it.return(); }).then((r) => check('events.on return', r));
  em.emit('data', { x: 1 });
  const ac = new AbortController();
  events.once(em, 'never', { signal: ac.signal }).catch((e) => check('once aborted', e, e.cause));
  ac.abort();
  check('getEventListeners', events.getEventListeners(em, 'data'), events.listenerCount(em, 'data'));
} catch (e) { check('events section', e); }

// assert and assert/strict: errors, and the guest functions they call.
try {
  const assert = require('assert');
  const e1 = errOf('assert.equal', () => assert.equal(1, 2));
  if (e1) check('AssertionError fields', e1.actual, e1.expected, e1.generatedMessage);
  errOf('assert.deepStrictEqual', () => assert.deepStrictEqual({ a: [1] }, { a: [2] }));
  errOf('deepEqual over a proxy', () => assert.deepStrictEqual(new Proxy({}, { ownKeys() { return ['q']; }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; } }), {}));
  assert.throws(() => { throw new TypeError('t'); }, function validate(e) { check('assert.throws validator', this, e); return true; });
  assert.rejects(Promise.reject(new Error('r')), (e) => { check('assert.rejects', e); return true; }).then((v) => check('rejects result', v));
  errOf('assert.match', () => require('assert/strict').match('abc', /x/));
} catch (e) { check('assert section', e); }

// util extras.
try {
  const util = require('util');
  const cbFn = util.callbackify(async (x) => x * 2);
  cbFn(21, function (err, v) { check('callbackify callback', this, err, v); });
  const failing = util.callbackify(async () => { throw null; });
  failing((err) => check('callbackify null rejection', err, err && err.reason));
  function custom() {}
  custom[util.promisify.custom] = () => Promise.resolve({ custom: true });
  util.promisify(custom)().then((v) => check('promisify.custom', v));
  const dep = util.deprecate(function () { return this; }, 'old');
  check('deprecate', dep, dep.call({}));
  check('util.types', util.types, util.types.isPromise(Promise.resolve()));
} catch (e) { check('util section', e); }

// node:module, os, tty, perf_hooks, process.
try {
  const mod = require('module');
  check('module', mod, mod.builtinModules, mod.createRequire, mod.isBuiltin, mod.wrap, Object.getPrototypeOf(module));
  const req = mod.createRequire(__filename);
  check('createRequire', req, req.resolve, req.cache);
  errOf('createRequire missing', () => req('./does-not-exist'));
  const os = require('os');
  check('os', os, os.cpus(), os.cpus()[0], os.userInfo && os.userInfo(), os.networkInterfaces && os.networkInterfaces());
  check('tty', require('tty'));
  const { performance } = require('perf_hooks');
  check('performance', performance, performance.now, performance.timeOrigin);
  check('module object', module, module.children, module.paths, require.resolve.paths('x'), require.extensions);
} catch (e) { check('module section', e); }

// timers/promises with a signal.
try {
  const tp = require('timers/promises');
  const ac = new AbortController();
  tp.setTimeout(50, 'v', { signal: ac.signal }).catch((e) => check('timers/promises abort', e, e.cause));
  ac.abort(new Error('stop'));
} catch (e) { check('timers section', e); }

// Computed keys through Symbol.toPrimitive; class heritage and keys in a generator.
const keyed = { [{ [Symbol.toPrimitive](hint) { check('toPrimitive hint', this); return Symbol.iterator; } }]: 1 };
check('keyed', keyed, Object.getOwnPropertySymbols(keyed));
function* classes() { const C = class extends (yield Object) { [yield 'm']() { return super.constructor; } }; check('generated class', C, new C().m()); }
const g = classes(); g.next(); g.next(Object); g.next('m');

// import() and its attributes object.
import('./does-not-exist.json', { with: { type: 'json' } }).catch((e) => check('import() rejection', e));
import('x', { get with() { throw new Error('from guest'); } }).catch((e) => check('import attributes getter', e));
setTimeout(() => console.log('DONE'), 100);
