// Object previews: DOM nodes, class instances, 5 properties, 100 items, getters not called, Map/Set entries.
class Point { constructor() { this.x = 1; this.y = 2; } get len() { return 3; } }
const d = document.createElement('div'); d.id = 'app'; d.className = 'card big'; document.body.append(d);
console.log(d, document.body, document, document.createTextNode('t'), [d]);
console.log(new Point(), { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }, Array.from({ length: 120 }, (_, i) => i).length);
console.log(Array.from({ length: 102 }, (_, i) => i));
console.log({ get g() { return 1; }, n: null, u: undefined, f() {}, s: Symbol('q'), big: 10n, neg: -0, nested: { a: { b: 1 } }, arr: [], map: new Map() });
console.log(new Map([['k', { v: 1 }], [{ o: 1 }, [1]]]), new Set(['a', 'b']));
console.log([1, , 3], [undefined, null], Object.create(null), new (class {})(), /re/g, Promise.resolve(1));
console.log('%o and %O and %s and %d', 'str', { a: 1 }, [1, 2], '42.9', 'tail', 7);
console.log(typeof document.body.style, Object.keys(document.body.dataset).length, document.body.classList.length);
