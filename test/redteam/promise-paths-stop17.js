// This stop's host paths: %Promise%'s defineProperty / deleteProperty traps (the species protector),
// the derived promise's record running the then() handlers, fused awaits run inline by loops, the
// display promises' subclass. Every value handed back or passed to guest
// code must be the realm's. Ends with DONE (so a probe that stopped early is seen).
function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false;
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const F = x.constructor.constructor; if (F !== Function) console.log("ESCAPED", label, typeof F("return process")().binding); } catch (e) {} } }

// The traps see a descriptor built from the guest's; a guest getter on Object.prototype runs as the
// guest's own read, never from host code, and what the traps return or define is the guest's.
let seen = [];
Object.defineProperty(Object.prototype, 'enumerable', { get() { seen.push(this); return false; }, configurable: true });
try {
  check('defineProperty result', Object.defineProperty(Promise, 'x', { value: { mine: 1 }, configurable: true }));
  check('Reflect.defineProperty', Reflect.defineProperty(Promise, Symbol.species, { get() { check('species getter this', this); return undefined; }, configurable: true }));
} finally { delete Object.prototype.enumerable; }
check('descriptor objects a getter saw', ...seen);
check('own descriptor', Object.getOwnPropertyDescriptor(Promise, 'x'), Object.getOwnPropertyDescriptor(Promise, Symbol.species));
check('then after species replaced', Promise.resolve(1).then(() => 0));
check('deleteProperty', delete Promise.x, delete Promise[Symbol.species], Reflect.ownKeys(Promise));
class P2 extends Promise {}
Object.defineProperty(Promise, Symbol.species, { value: P2, configurable: true });
check('then with a guest species', Promise.resolve(1).then(), Promise.resolve(1).then().constructor);
delete Promise[Symbol.species];

// Derived records: the handler's this and argument, what it returns or throws, the promises themselves.
const p = Promise.resolve({ v: 1 });
p.then(function (v) { check('then handler', this, v, arguments); return { next: 1 }; })
  .then(function (v) { check('second link', v); throw { thrown: 1 }; })
  .then(null, function (e) { check('catch handler', this, e, arguments); return p; })
  .then((v) => check('adopted value', v))
  .finally(function () { check('finally', this, arguments); });
check('a chain of derived promises', p.then(), p.then().then(), Object.getPrototypeOf(p.then()), Object.getOwnPropertySymbols(p.then()));
const ps = []; for (let i = 0; i < 5; i++) ps.push(p.then((v) => v));
Promise.all(ps).then((xs) => check('all of derived', xs, ...xs));

// Fused awaits inline in loops: the awaited values and the targets they write.
async function loops() {
  let t = { n: 0 }; let u;
  for (let i = 0; i < 2; i++) u = await { then(r) { check('thenable then', this, r); r({ i }); } };
  while (t.n < 2) { t.n += await 1; }
  for (const x of [Promise.resolve({ x: 1 })]) u = await x;
  check('after fused awaits', t, u);
  return u;
}
loops().then((v) => check('loops result', v));

// Display promises print as Node's; their prototype is the guest's.
const pending = new Promise(() => {});
check('display promise', pending, Object.getPrototypeOf(pending), pending.constructor);
console.log(require('util').inspect([pending, Promise.resolve(2)]));
setTimeout(() => console.log('DONE'), 5);
