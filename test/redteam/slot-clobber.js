function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }
const E = require("events"); let ok = 0; const p = Promise.resolve(7); try { E.prototype.on.call(p, "x", () => {}); E.prototype.emit.call(p, "x"); } catch (e) { console.log("emitter on promise:", e.message) } p.then((v) => { if (v === 7) ok++; });
const t = setTimeout(() => console.log("LEAK cleared timer ran"), 10); try { E.prototype.on.call(t, "x", () => {}); } catch (e) {} clearTimeout(t);
function* g() { yield 1; } const it = g(); try { E.prototype.on.call(it, "y", () => {}); } catch (e) {} if (it.next().value === 1) ok++;
const i = setInterval(() => console.log("LEAK cleared interval ran"), 1); try { E.prototype.on.call(i, "z", () => {}) } catch {} clearInterval(i); const im = setImmediate(() => console.log("LEAK cleared immediate ran")); try { E.prototype.on.call(im, "z", () => {}) } catch {} clearImmediate(im);
async function* ag() { yield 1 } const a = ag(); try { E.prototype.on.call(a, "q", () => {}) } catch {} a.next().then((r) => { if (r.value === 1) ok++; });
setTimeout(() => console.log(ok === 3 ? "slots intact" : "LEAK slot state broken " + ok), 20);
