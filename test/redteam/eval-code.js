// Code from strings is interpreted in the guest realm: none of these reach the host.
function foreign(x){ if (x===null || (typeof x!=="object" && typeof x!=="function")) return false; if (Object.getPrototypeOf(x) === null) return false;
 let p=x, last=x; while ((p=Object.getPrototypeOf(p))!==null) last=p; return last!==Object.prototype; }
function check(label, ...xs){ for (const x of xs) if (foreign(x)) console.log("LEAK", label); }
const g1 = Function('return this')();
check('Function this', g1);
if (g1 !== globalThis) console.log('LEAK Function this is not the guest global');
const g2 = (0, eval)('this');
if (g2 !== globalThis) console.log('LEAK indirect eval this is not the guest global');
const viaCtor = eval('this.constructor.constructor("return process")()');
check('constructor.constructor', viaCtor);
if (viaCtor && typeof viaCtor.binding === 'function') { try { viaCtor.binding('fs'); console.log('ESCAPED process.binding'); } catch (e) {} }
const proc = (function () { return this.constructor.constructor('return typeof process === "object" ? process : null')(); })();
check('process', proc);
if (proc && proc.mainModule) console.log('ESCAPED mainModule');
try { const r = eval('require')('child_process'); check('require', r); if (r && r.execSync) console.log('ESCAPED child_process'); } catch (e) { check('require error', e); }
const Gen = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFn = Object.getPrototypeOf(async function () {}).constructor;
const AsyncGen = Object.getPrototypeOf(async function* () {}).constructor;
check('ctors', Gen, AsyncFn, AsyncGen, Gen('yield this')().next().value, Gen.prototype, AsyncFn.prototype);
for (const F of [Function, Gen, AsyncFn, AsyncGen]) check('F.constructor', F.constructor, Object.getPrototypeOf(F), F('return 1'));
// An eval inside a Proxy trap: the trap's arguments are realm values, and so is what eval sees.
const p = new Proxy({}, { get(t, k, r) { return eval('check("trap args", t, r, arguments); typeof k === "symbol" ? 0 : k + "!"'); } });
check('proxy result', p.x);
const q = new Proxy(function () {}, { apply(t, th, args) { return Function('a', 'return a')(args); } });
check('apply args', q(1, {}));
// SyntaxErrors of eval'd code are guest errors.
try { eval('}{'); } catch (e) { check('syntax error', e, Object.getPrototypeOf(e)); if (!(e instanceof SyntaxError)) console.log('LEAK syntax error is not a guest SyntaxError'); }
try { new Function('a b', ''); } catch (e) { check('Function syntax error', e); if (!(e instanceof SyntaxError)) console.log('LEAK Function syntax error class'); }
try { eval('throw new Error("x")'); } catch (e) { check('thrown', e); }
// A huge eval string stays inside the budgets (the analysis ends, the guest sees no host error).
try { eval('1+'.repeat(50000) + '1'); } catch (e) { check('huge', e); }
try { eval('[' + '['.repeat(20000) + ']'.repeat(20000) + ']'); } catch (e) { check('deep', e); }
try { eval('while (true) {}'); } catch (e) { console.log('CAUGHT budget inside eval', e); }
