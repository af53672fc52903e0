// The built-ins that were removed, back as deterministic simulations (issue 9): WeakRef and
// FinalizationRegistry (nothing is ever collected), SharedArrayBuffer (on the ArrayBuffer budget),
// Atomics with wait/waitAsync on the virtual clock. Compared with real Node; then the membrane
// detector and the budget.
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

const cases: Record<string, string> = {
  'URL.parse and URL.canParse: a URL or null, and their errors': `
console.log(URL.parse('https://a.example/x?y=1')?.href, URL.parse('bad'), URL.parse('/p', 'https://b.example').href, URL.parse('/p', 'bad'), URL.parse.length, URL.parse.name);
try { URL.parse(); } catch (e) { console.log(e.name, e.code, e.message); }
try { URL.canParse(); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(URL.parse('https://c.example') instanceof URL, URL.canParse('x:'), URL.canParse('nope'), Object.keys(URL).slice(0, 2));
`,
  "CustomEvent: an Event with its detail (null by default), dispatched through an EventTarget": `
const et = new EventTarget();
et.addEventListener('ping', (e) => console.log('got', e.type, e.detail, e instanceof Event, e instanceof CustomEvent));
et.dispatchEvent(new CustomEvent('ping', { detail: { n: 1 } }));
const c = new CustomEvent('x');
console.log(c.detail, Object.getOwnPropertyNames(CustomEvent.prototype), CustomEvent.length, Object.getPrototypeOf(CustomEvent) === Event, Object.prototype.toString.call(c));
try { CustomEvent('x'); } catch (e) { console.log(e.constructor.name, e.message); }
try { new CustomEvent(); } catch (e) { console.log(e.constructor.name, e.code, e.message); }
try { Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get.call({}); } catch (e) { console.log(e.constructor.name, e.code, e.message); }
console.log(new CustomEvent('z', { detail: null, cancelable: true }).cancelable, new CustomEvent('z', { detail: undefined }).detail);
class MyEvent extends CustomEvent { constructor() { super('mine', { detail: 7 }); } }
console.log(new MyEvent().detail, new MyEvent().type, Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').enumerable);
`,
  'WeakRef and FinalizationRegistry are the natives; targets stay alive': `
console.log(typeof WeakRef, typeof FinalizationRegistry, typeof SharedArrayBuffer, typeof Atomics);
const r = new WeakRef({ a: 1 }); console.log(r.deref(), String(r), Object.prototype.toString.call(r), r);
const fr = new FinalizationRegistry((h) => console.log('collected', h));
const token = {};
fr.register({}, 'h', token); console.log(fr.unregister({}), fr.unregister(token), Object.prototype.toString.call(fr));
const wr = new WeakRef({}); console.log(wr instanceof WeakRef, wr.constructor === WeakRef, typeof WeakRef.prototype.deref);
class MyRef extends WeakRef {} console.log(new MyRef({}) instanceof MyRef, Object.getPrototypeOf(new MyRef({})) === MyRef.prototype);
try { WeakRef(1); } catch (e) { console.log(e.constructor.name, e.message); }
try { new WeakRef(1); } catch (e) { console.log(e.constructor.name, e.message); }
try { fr.register(1); } catch (e) { console.log(e.constructor.name, e.message); }
console.log(WeakRef, FinalizationRegistry, String(WeakRef), String(FinalizationRegistry), WeakRef.name, WeakRef.length);
setTimeout(() => console.log('still there', r.deref()), 10);
`,
  'SharedArrayBuffer and Atomics': `
const sab = new SharedArrayBuffer(16); const ia = new Int32Array(sab);
console.log(sab.byteLength, Atomics.add(ia, 0, 5), Atomics.load(ia, 0), Atomics.compareExchange(ia, 0, 5, 7), ia[0], Atomics.isLockFree(4));
console.log(sab, Object.prototype.toString.call(sab), sab.slice(0, 4).byteLength, sab instanceof SharedArrayBuffer, String(SharedArrayBuffer));
try { new SharedArrayBuffer(-1); } catch (e) { console.log(e.constructor.name, e.message); }
try { Atomics.wait(new Int32Array(4), 0, 0, 0); } catch (e) { console.log(e.constructor.name, e.message); }
console.log(Atomics[Symbol.toStringTag], Atomics.notify(ia, 0, 1));
`,
  'Atomics.wait advances the virtual clock; waitAsync waits on it and notify wakes it': `
const ia = new Int32Array(new SharedArrayBuffer(16));
const t0 = Date.now();
console.log(Atomics.wait(ia, 0, 1), Atomics.wait(ia, 0, 0, 30), Date.now() - t0 >= 30);
const w = Atomics.waitAsync(ia, 1, 0, 1000);
console.log(w.async, w.value, Atomics.waitAsync(ia, 1, 5, 10), Atomics.waitAsync(ia, 1, 0, 0));
w.value.then((v) => console.log('woken', v));
const w2 = Atomics.waitAsync(ia, 2, 0, 20);
w2.value.then((v) => console.log('w2', v));
setTimeout(() => console.log('notify', Atomics.notify(ia, 1)), 10);
setTimeout(() => console.log('after 40 ms'), 40);
const w3 = Atomics.waitAsync(ia, 3, 0, 500);
w3.value.then((v) => console.log('never: the process exits first', v));
`,
};

describeAgainstNode('semantics: simulated built-ins (against real Node)', cases);

describe('simulated built-ins: membrane and budgets', () => {
  it('no host object reaches guest code (membrane detector)', () => {
    for (const src of Object.values(cases)) assert.deepEqual(simulate(src, { detectForeignObjects: true }).analysis.foreignObjects, [], src);
  });
  it('SharedArrayBuffer allocations count against the ArrayBuffer budget', () => {
    const r = simulate(`const a = []; try { for (let i = 0; i < 100; i++) a.push(new SharedArrayBuffer(1024 * 1024)); } catch (e) { console.log(e.constructor.name, e.message, a.length); }`, { maxArrayBufferBytes: 8 * 1024 * 1024 });
    assert.equal(r.stdout, 'RangeError Array buffer allocation failed 8\n');
  });
  it('Atomics.wait with no timeout says it would block forever, at its line', () => {
    const r = simulate(`const ia = new Int32Array(new SharedArrayBuffer(4));\nAtomics.wait(ia, 0, 0);`);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /test\.js:2[\s\S]*Atomics\.wait would block forever/);
  });
});
