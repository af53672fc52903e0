// Language and built-in corners test262 found outside statements/expressions (issue 9), each with the
// test's own program compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('test262 corners: class elements (against node)', {
  'a computed accessor named like a data property of the prototype replaces it': `
class C { get ['constructor']() { return 'getter'; } }
console.log(Object.getOwnPropertyDescriptor(C.prototype, 'constructor'), new C().constructor);
class D { set ['constructor'](v) { D.seen = v; } }
D.prototype.constructor = 5;
console.log(D.seen, typeof Object.getOwnPropertyDescriptor(D.prototype, 'constructor').set);
class E { m() {} get m() { return 'now a getter'; } static s() {} static get ['s']() { return 'static getter'; } }
console.log(new E().m, E.s);
`,
});

describeAgainstNode('test262 corners: references and calls (against node)', {
  'assignment to a property of a primitive runs setters and proxies on its prototype chain': `
const log = [];
Object.defineProperty(Number.prototype, 'tick', { set(v) { log.push(['setter', typeof this, v]); }, configurable: true });
(5).tick = 1;
(function () { 'use strict'; (6).tick = 2; })();
(5).plain = 1;
try { (function () { 'use strict'; (5).plain = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'[0] = 'x'; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'.length = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; 'abc'[5] = 1; })(); } catch (e) { log.push(e.message); }
try { (function () { 'use strict'; Symbol('q').x = 1; })(); } catch (e) { log.push(e.message); }
'abc'[0] = 'y';
const spy = new Proxy({}, { set(t, k, v, r) { log.push(['proxy', String(k), typeof r]); return true; } });
Object.setPrototypeOf(Boolean.prototype, spy);
true.flag = 1;
(function () { 'use strict'; false.flag = 2; })();
console.log(log);
`,
  'a callee with a string key is named as V8 names it': `
const o = {};
for (const f of [() => o["x"](), () => o['a b'](), () => o[1](), () => o["1"](), () => o[\`t\`](), () => new o["k"](), () => o[null]()]) {
  try { f(); } catch (e) { console.log(e.message); }
}
`,
});
