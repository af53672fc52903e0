// Chromium's iterator helpers (Node 20 has none): Iterator, Iterator.from, the lazy helpers and when
// they pull from and close the underlying iterator, the eager ones, and V8's messages.
const log = (...a) => console.log(...a);
const t = (f) => { try { log('ok', f()); } catch (e) { log(`${e.name}: ${e.message}`); } };
const calls = [];
function source(n) {
  let i = 0;
  return Object.setPrototypeOf({
    next() { calls.push(`next ${i}`); return i < n ? { done: false, value: i++ } : { done: true, value: undefined }; },
    return() { calls.push('return'); return {}; },
  }, Iterator.prototype);
}
const lazy = source(5).map((x) => x * 10).filter((x) => x !== 20).take(2);
log('nothing pulled yet:', calls.length);
log(lazy.next(), lazy.next(), lazy.next(), calls.join(', '));
calls.length = 0;
const h = source(9).drop(1);
log(h.next(), h.return(), h.next(), calls.join(', '));
calls.length = 0;
log(source(3).flatMap((x) => [x, `${x}!`]).toArray(), source(4).reduce((a, b) => a + b), source(4).reduce((a, b) => a + b, 100));
log(source(9).some((x) => x === 2), source(9).every((x) => x < 1), source(9).find((x) => x > 3), calls.filter((c) => c === 'return').length);
source(2).forEach((v, i) => log('each', v, i));
function* gen() { yield 1; yield 2; yield 3; }
log(gen().map((x) => x + 1).toArray(), Iterator.from({ next: () => ({ done: true, value: 0 }) }).toArray(), Iterator.from('ab').toArray());
const wrapped = Iterator.from({ next: () => ({ done: false, value: 7 }) });
log(Object.prototype.toString.call(wrapped), wrapped.next(), wrapped.return(), [1].values().map((x) => x).toString());
class Countdown extends Iterator {
  constructor(n) { super(); this.n = n; }
  next() { return this.n > 0 ? { done: false, value: this.n-- } : { done: true, value: undefined }; }
}
log(new Countdown(3).toArray(), new Countdown(5).take(2).toArray(), Iterator.name, Iterator.length, Iterator.prototype.constructor === Iterator);
let closed = 0;
const closing = Object.setPrototypeOf({ next: () => ({ done: false, value: 1 }), return() { closed++; return {}; } }, Iterator.prototype);
t(() => closing.map(1));
t(() => closing.take(-1));
t(() => closing.drop(NaN));
log('closed by bad arguments:', closed);
t(() => Iterator.prototype.map.call(1, (x) => x));
t(() => [].values().reduce((a) => a));
t(() => new Iterator());
t(() => Iterator.from(1));
t(() => [1].values().flatMap((x) => x).next());
t(() => { const x = [1].values().map(() => x.next()); return x.next(); });
t(() => { Iterator.prototype.constructor = 5; });
const helper = [1].values().map((x) => x);
for (const r of [new Map(), [1], Object.create(null)]) t(() => helper.next.call(r));
t(() => Iterator.from({ next: () => ({ done: true, value: 0 }) }).next.call(1));
