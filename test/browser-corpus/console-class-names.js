// Chromium's console names an object by the first data `constructor` up its prototype chain.
class A {}
class B extends A {}
console.log(Object.create(Object.create(Array.prototype)), Object.create(Object.create(A.prototype)), new B());
const withAccessor = Object.create(Object.defineProperty(Object.create(A.prototype), 'constructor', { get() { return Map; } }));
console.log(withAccessor, Object.create(null), Object.create({}));
