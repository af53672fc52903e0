// An arguments object's @@iterator, read by the interpreter (host code), must be the guest's own
// Array.prototype.values, never the host's (V8 answers that accessor with the reading realm's).
function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false;
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const F = x.constructor.constructor; if (F !== Function) console.log("ESCAPED", label, typeof F("return process")().binding); } catch (e) {} } }
(function (a) { check('sloppy @@iterator', arguments[Symbol.iterator]); const it = arguments[Symbol.iterator](); check('iterator', it, Object.getPrototypeOf(it), it.next); for (const x of arguments) check('for-of', x); check('spread', [...arguments]); })({});
(function (a = 1) { check('unmapped @@iterator', arguments[Symbol.iterator], arguments[Symbol.iterator]()); for (const x of arguments) check('for-of unmapped', x); })({});
(function () { 'use strict'; check('strict @@iterator', arguments[Symbol.iterator]); const d = Object.getOwnPropertyDescriptor(arguments, 'callee'); check('callee thrower', d.get, d.set); })();
(function () { const [x, ...rest] = arguments; check('destructured', rest); const { [Symbol.iterator]: f } = arguments; check('destructured iterator', f); })(1, 2, 3);
function gen() { return (function* () { yield* arguments; }).apply(null, arguments); } check('yield* arguments', ...gen({}, []));
