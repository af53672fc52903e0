function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }
const then = Promise.prototype.then; const fake = { constructor: Promise }; try { then.call(fake, () => {}) } catch (e) { check("then err", e) } const p = Promise.resolve(1); p.constructor = new Proxy(function () {}, { get: trap("ctor get") }); try { p.then(() => {}) } catch (e) { check("species", e) }
class MyP extends Promise { constructor(ex) { super((res, rej) => { check("super resolvers", res, rej); ex(res, rej); }); } } MyP.resolve(1).then((v) => check("myp", v)); new MyP((r) => r(1)).then(trap("myp then"));
Promise.all.call(function (ex) { ex(trap("all resolve"), trap("all reject")); }, [1]); Promise.resolve.call(function (ex) { ex((v) => check("res v", v), () => 0); }, 1);
const ths = Promise.withResolvers ? Promise.withResolvers() : { promise: 1 }; check("withResolvers", ths, ths.resolve, ths.reject);
(async () => { try { await Promise.reject(new Error("x")) } catch (e) { check("await err", e) } })(); Promise.reject(new Error("y")).catch((e) => check("catch err", e));
