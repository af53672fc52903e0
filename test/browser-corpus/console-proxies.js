// A proxy inside a logged value is named, never looked into: Chromium's console runs none of its
// traps (a trap that logs would show here). A %s substitution is ToString, which does run them.
const p = new Proxy({}, { getPrototypeOf() { console.log('trap ran'); return null; } });
console.log({ p });
console.log([p]);
console.log(new Map([[p, 1]]));
const ac = new AbortController(); ac.abort(p); console.log(ac.signal);
console.log({ f: new Proxy(function () {}, {}) });
console.log(new Proxy(function named() {}, {}));
console.log(new Proxy({}, {}));
console.log('%o', new Proxy({}, {}));
console.log('%s|', new Proxy([1,2], { get(t, k) { console.log('trap', String(k)); return Reflect.get(t, k); } }));
console.log('%s|', [1, 2]);
