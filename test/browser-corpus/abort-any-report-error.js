// AbortSignal.any (DOM "create a dependent abort signal": a dependent's abort steps run after its
// source's own, a dependent of a dependent follows the plain sources) and reportError (the error
// event now, then the console and the exit code unless cancelled).
// expect-exit: 1
const a = new AbortController(), b = new AbortController();
a.signal.addEventListener('abort', () => console.log('a listener 1'));
const any = AbortSignal.any([a.signal, b.signal]);
const any2 = AbortSignal.any(new Set([any]));
a.signal.addEventListener('abort', () => console.log('a listener 2'));
any.addEventListener('abort', () => console.log('any aborted', any.reason, any.aborted));
any2.onabort = () => console.log('any2 aborted', any2.reason);
console.log(any.aborted);
a.abort('stop');
b.abort('late');
console.log(any.reason, any2.reason);
const pre = AbortSignal.any([AbortSignal.abort('already')]);
console.log(pre.aborted, pre.reason);
for (const bad of [[1], 1]) {
  try { AbortSignal.any(bad); } catch (e) { console.log(e.constructor.name, e.message); }
}
const t = AbortSignal.any([AbortSignal.timeout(5)]);
t.onabort = () => console.log('timeout any', t.reason.name);
window.addEventListener('error', (e) => console.log('error event', e.message, e.error === err, e.defaultPrevented));
const err = new TypeError('reported');
reportError(err);
console.log('after reportError');
window.onerror = (m) => { console.log('onerror', m); return true; };
reportError('cancelled by onerror');
