// The interpreter's fast paths of issue 13's engine-speed work, checked against real Node (stdout and
// exit code): call sites that remember the closure they called last (a callee that changes, becomes
// undefined or a built-in), `{ return e; }` bodies (called and constructed), `i++` on a number in its
// slot (TDZ, hoisted undefined, BigInt, strings), counting `for` loops, `x op= e` on identifiers,
// literal right operands, fused `await` statements (order, rejections thrown at the await, TDZ), Get(%Promise%, @@species)
// while our getter is in place and after the guest replaced it, reaction jobs of both halves.
import { describeAgainstNode } from '../helpers';

const calls: Record<string, string> = {
  'a call site whose callee changes, is undefined, or a built-in': `
    let x; try { x(); } catch (e) { console.log(e.message); }
    const q = {}; try { q.method(); } catch (e) { console.log(e.message); }
    for (let i = 0; i < 4; i++) {
      const f = i === 1 ? undefined : i === 2 ? Math.abs : (n) => n + i;
      try { console.log(f(-5)); } catch (e) { console.log(e.message); }
    }
    const o = { m() { return 'm'; } };
    for (let i = 0; i < 4; i++) {
      if (i === 1) o.m = undefined;
      if (i === 2) o.m = String.prototype.toUpperCase;
      if (i === 3) o.m = function () { return this === o; };
      try { console.log(o.m('a')); } catch (e) { console.log(e.message); }
    }
    const arr = [3, 1, 2]; for (let i = 0; i < 2; i++) console.log(arr.indexOf(i + 1), arr.at(-1));`,
  'one-return bodies: calls, constructs, this and arguments': `
    function F(v) { return v; }
    console.log(F(1), new F(2), new F({ o: 1 }), new F(() => 1) instanceof Function);
    function G() { return; } console.log(G(), new G());
    function H() { return this; } console.log(typeof H(), H.call(5) instanceof Number);
    function S() { 'use strict'; return this; } console.log(S(), S.call(5));
    function A() { return arguments.length; } console.log(A(1, 2, 3));
    const fib = (n) => { return n < 2 ? n : fib(n - 1) + fib(n - 2); }; console.log(fib(15));
    function T() { return missing; } try { T(); } catch (e) { console.log(e.name, e.message); }`,
};

const updates: Record<string, string> = {
  'i++ and x op= e on every kind of binding': `
    let a = 1; a++; ++a; a--; console.log(a, a++, ++a);
    var h; h++; console.log(h);
    let b = 10n; b++; console.log(b);
    let s = '5'; s++; console.log(s, typeof s);
    let o = { valueOf() { console.log('valueOf'); return 7; } }; o++; console.log(o);
    function p(x) { x++; x += 2; return x; } console.log(p(1), p('1'));
    try { t++; let t = 1; } catch (e) { console.log(e.name, e.message); }
    const c = 1; try { c++; } catch (e) { console.log(e.message); }
    try { c += 1; } catch (e) { console.log(e.message); }
    let u = 'x'; u += 1; u += 'y'; console.log(u);
    let n = 6; n %= 4; n *= 3; n -= 1; n |= 8; n &= 12; n ^= 5; console.log(n);
    const fs = []; for (let i = 0; i < 3; i++) { fs.push(() => i); i++; } console.log(fs.map((f) => f()));
    var loop = []; for (var k = 0; k < 3; k++) loop.push(() => k); console.log(loop.map((f) => f()));`,
  'literal right operands': `
    const v = { valueOf() { console.log('v'); return 3; } };
    console.log(v + 1, v - 1, v * 2, v % 2, v < 4, v <= 3, v > 3, v >= 3, v === 3, v !== 3, v & 1);
    console.log('a' + 1, 1 + '1', null + 1, undefined + 'x', [1] + 2, 5 % 0, -7 % 3);`,
};

const awaits: Record<string, string> = {
  'fused await statements keep their order and their errors': `
    let s = 0;
    async function main() {
      await null;
      s += await 1;
      s = await Promise.resolve(s + 10);
      s *= await { then(r) { r(2); } };
      try { s += await Promise.reject(new Error('no')); } catch (e) { console.log('caught', e.message, s); }
      try { z = await 1; } catch (e) { console.log(e.name); }
      try { await 1; w += await 2; let w = 0; } catch (e) { console.log(e.name, e.message); }
      return s;
    }
    main().then((v) => console.log('main', v));
    Promise.resolve().then(() => console.log('tick 1')).then(() => console.log('tick 2')).then(() => console.log('tick 3'));
    console.log('sync end');`,
  'an await loop interleaves with a then chain': `
    async function loop() { let t = 0; for (let i = 0; i < 4; i++) { t += await i; console.log('loop', i); } return t; }
    loop().then((t) => console.log('loop done', t));
    let p = Promise.resolve(0);
    for (let i = 0; i < 4; i++) p = p.then((v) => { console.log('then', v); return v + 1; });`,
  'fused awaits run inline as the body of for, while and for-of loops, and in statement lists': `
    const log = [];
    async function loops() {
      let t = 0, n = 0;
      for (let i = 0; i < 3; i++) t += await i;
      for (let i = 0; i < 3; i++) { t = await (t * 2); }
      while (n < 3) n += await 1;
      while (n < 5) { await n++; }
      for (const x of [1, 2, 3]) t -= await x;
      for (const x of ['a', 'b']) { log.push(x); }
      for (let x of [10, 20]) { x = await (x + 1); log.push(x); }
      outer: for (let i = 0; i < 2; i++) { await i; }
      let u = 1; u **= await 3; u = await u; await u; u += await 1;
      return [t, n, u];
    }
    loops().then((r) => console.log('loops', r, log.join()));
    Promise.resolve().then(() => console.log('t1')).then(() => console.log('t2')).then(() => console.log('t3')).then(() => console.log('t4'));
    async function errs() {
      for (let i = 0; i < 3; i++) { try { await 0; } finally { log.push('f' + i); } }
      try { for (let i = 0; i < 3; i++) k += await i; } catch (e) { console.log(e.name, e.message); }
      try { while (true) q = await Promise.reject(new Error('rej')); } catch (e) { console.log(e.message); }
      try { for (const v of [1]) { c = await v; } } catch (e) { console.log(e.name); }
      try { for (let i = 0; i < 1; i++) { late += await 1; } let late = 0; } catch (e) { console.log(e.name, e.message); }
      const c = 0;
      const g = async function* () { let a = 0; for (let i = 0; i < 3; i++) a += await i; yield a; while (a < 5) a += await 1; yield a; };
      for await (const v of g()) console.log('gen', v);
    }
    errs().then(() => console.log('errs done', log.join()));`,
};

const promises: Record<string, string> = {
  'the species protector: defineProperty or delete of @@species on %Promise% is seen by the next then()': `
    class P2 extends Promise {}
    const p = Promise.resolve(1);
    console.log(p.then(() => {}) instanceof P2);
    Object.defineProperty(Promise, Symbol.species, { get() { return P2; }, configurable: true });
    console.log(p.then(() => {}) instanceof P2);
    delete Promise[Symbol.species];
    console.log(p.then(() => {}) instanceof P2, Object.getOwnPropertySymbols(Promise).length);
    Object.defineProperty(Promise, Symbol.species, { value: P2, configurable: true });
    console.log(p.then(() => {}) instanceof P2, Reflect.ownKeys(Promise).map(String).join());`,
  'defining a property on %Promise% reads the descriptor once (a getter on Object.prototype runs once)': `
    let n = 0;
    Object.defineProperty(Object.prototype, 'writable', { get() { n++; return undefined; }, configurable: true });
    Object.defineProperty(Promise, 'x', { value: 1 });
    Reflect.defineProperty(Promise, 'y', { get() { return 2; } });
    delete Object.prototype.writable;
    console.log(n, Object.getOwnPropertyDescriptor(Promise, 'x'), Promise.y, delete Promise.x, 'x' in Promise);`,
  'a long chain of derived promises: each link settles once, in order; a throwing link rejects the rest until a catch': `
    let p = Promise.resolve(0);
    const seen = [];
    for (let i = 0; i < 200; i++) p = p.then((v) => { if (i === 150) throw new Error('at ' + v); seen.push(v); return v + 1; });
    p.catch((e) => e.message).then((m) => console.log(m, seen.length, seen[149]));
    const q = Promise.reject(new Error('r'));
    q.then(() => 'no').then(undefined, (e) => console.log('passed through', e.message));
    const base = Promise.resolve('b'); const out = [];
    for (let i = 0; i < 5; i++) base.then((v) => out.push(v + i));
    base.then(() => console.log(out.join()));`,
  'Symbol.species: ours, deleted, replaced': `
    const p = Promise.resolve(1);
    console.log(p.then(() => 0) instanceof Promise, Object.getOwnPropertyDescriptor(Promise, Symbol.species).get.name);
    class Sub extends Promise {}
    const s = Sub.resolve(2); console.log(s.then(() => 0) instanceof Sub);
    const d = Object.getOwnPropertyDescriptor(Promise, Symbol.species);
    Object.defineProperty(Promise, Symbol.species, { get() { console.log('species read'); return Sub; }, configurable: true });
    console.log(p.then(() => 0) instanceof Sub);
    Object.defineProperty(Promise, Symbol.species, { value: undefined, configurable: true });
    console.log(p.then(() => 0) instanceof Promise);
    delete Promise[Symbol.species];
    console.log(p.then(() => 0) instanceof Promise);
    Object.defineProperty(Promise, Symbol.species, d);
    console.log(p.then(() => 0) instanceof Promise);`,
  'reaction jobs of both halves, pass-throughs and throws': `
    const r = Promise.reject(new Error('r'));
    r.then((v) => console.log('not', v)).catch((e) => console.log('catch', e.message));
    r.then(undefined, (e) => { console.log('onRejected', e.message); return 'back'; }).then((v) => console.log('then', v));
    Promise.resolve(1).then(() => { throw new TypeError('t'); }).then(null, (e) => console.log(e.name));
    Promise.resolve(2).then().then((v) => console.log('pass', v));
    Promise.resolve(3).finally(() => console.log('finally')).then((v) => console.log('after finally', v));
    console.log(Promise.resolve(4), Promise.reject(5).catch(() => {}) && 'x');`,
};

// `for (let i = …; i < bound; i++)` runs through statements.ts's countingLoop: the test's read and
// the update's write on the slot. Everything that must leave that path or keep its order is here.
const countingLoops: Record<string, string> = {
  'counting for loops: writes in the body, non-numbers, bounds with effects, labels, TDZ': `
    const out = [];
    for (let i = 0; i < 5; i++) { if (i === 1) i += 2; out.push(i); }
    console.log('skip', out.join(','));
    for (let i = 0; i < 4; i++) { if (i === 1) i = '2'; console.log('str', typeof i, i); }
    let calls = 0;
    const bound = { valueOf() { calls++; return 3; } };
    for (let i = 0; i < bound; i++) {}
    console.log('valueOf calls', calls);
    let n = 0;
    function lim() { n++; return 4; }
    for (let i = 0; i < lim(); i++) {}
    console.log('lim calls', n);
    for (let i = 0n; i < 3n; i++) console.log('big', i);
    outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; console.log('ij', i, j); } }
    function f() { for (let i = 0; i < 10; i++) { if (i === 3) return i * 10; } return -1; }
    console.log('ret', f());
    for (let i = 10; i < 13; i--) { if (i < 7) break; console.log('down', i); }
    try { for (let i = i; i < 3; i++) {} } catch (e) { console.log('tdz', e.constructor.name, e.message); }
    for (let i = 0, k = 10; i < k; i++, k--) console.log('two', i, k);
    for (let i = 0; i < 3; ++i) console.log('pre', i);
    let arr = [1, 2, 3];
    for (let i = 0; i < arr.length; i++) { if (i === 0) arr.push(4); }
    console.log('len', arr.length);
    for (let i = 0; i < 3; i++) { setTimeout(() => console.log('later', i)); }
    for (let i = 0; i < NaN; i++) console.log('never');
    for (let i = 'a'; i < 'c'; i++) console.log('strloop', i);
    for (let i = 0; i < 2; i++) { eval('i++'); console.log('eval', i); }`,
};

describeAgainstNode('hot paths: call sites and one-return bodies', calls);
describeAgainstNode('hot paths: updates, compound assignment, literal operands', updates);
describeAgainstNode('hot paths: fused await statements', awaits);
describeAgainstNode('hot paths: promise species and reaction jobs', promises);
describeAgainstNode('hot paths: counting for loops', countingLoops);
