function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

const h = { defineProperty(t, k, d) { check("descriptor", d); return Reflect.defineProperty(t, k, d); }, getOwnPropertyDescriptor(t, k) { return Reflect.getOwnPropertyDescriptor(t, k); }, set(t, k, v, r) { check("set receiver", r); return Reflect.set(t, k, v, r); } };
const p = new Proxy({}, h); p.x = 1; Object.defineProperty(p, "y", { value: 2 });
const q = new Proxy({}, { defineProperty(t, k, d) { check("descriptor2", d); return Reflect.defineProperty(t, k, d); } }); q.z = 3; q["w"] = 4; Error.captureStackTrace(q);
class A { constructor() { return q; } } class B extends A { f = 1; #g = 2; static s = 3; } new B();
Object.assign(q, { a: 1 }); [].push.call(q, 1);
