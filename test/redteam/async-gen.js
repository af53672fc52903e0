function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

async function* g() { const x = yield 1; check("yield in", x); try { yield 2 } finally { check("finally") } } (async () => { const it = g(); check("it", it, await it.next(), await it.next({}), await it.return(3)); for await (const v of [Promise.resolve(1)]) check("fa", v); })();
function* s() { const r = yield; check("sent", r); } const i = s(); i.next(); check("res", i.next({ a: 1 }), i.return(1)); try { i.throw(new Error("x")) } catch (e) { check("thrown", e) }
