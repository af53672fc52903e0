function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false; // a null-prototype object: no realm to tell (V8 makes regex groups so)
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) { console.log("LEAK", label); try { const proc = x.constructor.constructor("return process")(); console.log("ESCAPED", label, typeof proc); } catch (e) {} } }
function trap(label){ return new Proxy(function(){}, { apply(t, th, args){ check(label + " args", args); for (const a of args) check(label + " arg", a); return 1; }, construct(t, args, nt){ check(label + " cargs", args); return {}; } }); }

setTimeout(trap("setTimeout"), 1, 1, 2); setInterval(trap("setInterval"), 1); setTimeout(() => clearInterval(2), 5); setImmediate(trap("setImmediate"), 1); queueMicrotask(trap("queueMicrotask")); process.nextTick(trap("nextTick"), 1, 2);
const E = require("events"); const e = new E(); e.on("x", trap("listener")); e.emit("x", 1, {}); e.once("y", trap("once")); e.emit("y", 2);
process.on("exit", trap("exit listener")); process.on("beforeExit", trap("beforeExit"));
Promise.resolve(1).then(trap("then handler")); Promise.reject(1).catch(trap("catch handler")); Promise.resolve(1).finally(trap("finally handler"));
[3,1,2].sort(trap("comparator")); [1].map(trap("map")); "ab".replace(/(?<x>a)/, trap("replacer")); JSON.parse("{\"a\":1}", trap("reviver")); JSON.stringify({a:1}, trap("replacer2"));
