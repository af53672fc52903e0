function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

const it = { [Symbol.iterator]: trap("iterator") }; try { for (const x of it) {} } catch (e) { check("iter error", e); } try { [...it] } catch (e) { check("spread err", e) } 
const it2 = { [Symbol.iterator]() { return { next: trap("next"), return: trap("return") }; } }; try { for (const x of it2) { break; } } catch (e) { check("next err", e) } try { const [a] = it2; } catch (e) { check("destructure", e) }
try { Array.from(it2) } catch(e) { check("from", e) } try { new Map(it2) } catch (e) {}
