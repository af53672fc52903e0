function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

const log = []; const h = new Proxy({}, { get(t, name) { return function (...args) { for (const a of args) check("trap " + name, a); check("trap-args " + name, args); return Reflect[name](...args); }; } });
const p = new Proxy(function () {}, h); p(); new p(); p.x; p.x = 1; "x" in p; delete p.x; Object.keys(p); Object.getPrototypeOf(p); Object.setPrototypeOf(p, Function.prototype); Object.isExtensible(p); Object.getOwnPropertyDescriptor(p, "x"); Object.defineProperty(p, "q", {value: 1}); for (const k in p) {}; try { Object.preventExtensions(p) } catch {}
