function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

const o = { toString: trap("toString"), valueOf: trap("valueOf"), toJSON: trap("toJSON"), [Symbol.toPrimitive]: trap("toPrimitive") };
console.log("%s %d %i %f %j %o %O %c", o, o, o, o, o, o, o, o); console.log(o); console.error(o); console.dir(o); console.table([o]); console.assert(false, o); console.count(o); console.time(o); console.timeEnd(o); console.group(o); console.groupEnd();
const c = { [Symbol.for("nodejs.util.inspect.custom")](d, opts, insp) { check("inspect custom", opts, insp); return "custom"; } }; console.log(c); console.log("%o", c); require("util").inspect(c); require("util").format("%s", c);
