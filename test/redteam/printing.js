function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }
const row = new Proxy({ a: 1 }, { get: trap("row get"), ownKeys(t) { return Reflect.ownKeys(t); }, getOwnPropertyDescriptor: trap("row gopd") });
try { console.table([row, { get b() { return trap("table getter")(); } }]); } catch (e) { check("table err", e); }
try { console.table(new Map([[row, row]])); } catch (e) {} try { console.table(new Set([row])); } catch (e) {} try { console.table([{ a: 1 }], new Proxy(["a"], { get: trap("props get") })); } catch (e) {}
const m = new Map([[1, 2]]); m[Symbol.iterator] = trap("map iter"); Map.prototype.entries = trap("entries"); try { console.table(m); } catch (e) {}
try { atob({ toString: trap("atob arg") }); } catch (e) { check("atob err", e); } try { btoa({ toString: trap("btoa arg") }); } catch (e) { check("btoa err", e); }
Object.defineProperty(globalThis, "zz", { enumerable: true, get: trap("global getter") }); globalThis.yy = new Proxy({}, { get: trap("global proxy get") }); console.log(globalThis);
const t = setTimeout[Symbol.for("nodejs.util.promisify.custom")]; check("promisify custom", t); if (typeof t === "function") t(1, { v: 1 }).then((v) => check("promisified", v));
try { check("crypto", crypto); crypto.getRandomValues(new Uint8Array(2)); } catch (e) { check("crypto err", e); }
