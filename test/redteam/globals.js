function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

for (const k of Object.getOwnPropertyNames(globalThis)) { try { const v = globalThis[k]; check("global " + k, v); if (v && (typeof v === "object" || typeof v === "function")) for (const k2 of Object.getOwnPropertyNames(v)) { try { check("global " + k + "." + k2, v[k2]); } catch {} } } catch {} }
check("process", process); for (const k of Object.getOwnPropertyNames(process)) { try { check("process." + k, process[k]) } catch {} } check("require", require, module, exports, require("events"), require("util"), require("timers"), require("timers/promises"));
for (const m of ["events", "util", "timers", "timers/promises"]) { const x = require(m); for (const k of Object.getOwnPropertyNames(x)) { try { check(m + "." + k, x[k]); } catch {} } }
