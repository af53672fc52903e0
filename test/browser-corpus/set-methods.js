// Chromium's Set methods (Node 20 has none): results, which of `size`, `has`, `keys` they read and
// call and in what order, -0, a receiver mutated while `has` runs, and V8's messages.
const log = (...a) => console.log(...a);
const s = new Set([1, 2, 3]);
log(s.union(new Set([3, 4])), s.intersection(new Set([2, 3, 9])), s.difference(new Set([1])), s.symmetricDifference(new Set([3, 4])));
log(s.isSubsetOf(new Set([1, 2, 3, 4])), s.isSupersetOf(new Set([1])), s.isDisjointFrom(new Set([7])), s.isSubsetOf(new Set([1])));
log(s.intersection(new Map([[2, 'b'], [5, 'e']])), s.union(new Map([[9, 'z']])));
const calls = [];
const other = {
  get size() { calls.push('size'); return 2; },
  has(v) { calls.push(`has ${v}`); return v === 2; },
  keys() { calls.push('keys'); const a = [2, 7, -0][Symbol.iterator](); return { next() { calls.push('next'); return a.next(); }, return() { calls.push('return'); return {}; } }; },
};
for (const m of ['union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom']) {
  calls.length = 0;
  const r = s[m](other);
  log(m, r, calls.join(','));
}
const big = new Set([1, 2, 3, 4, 5]);
log(new Set([0]).union({ size: 1, has: () => true, keys: () => [-0][Symbol.iterator]() }).has(-0));
const live = new Set([1, 2, 3]);
log(live.intersection({ size: 10, has(v) { if (v === 1) { live.delete(2); live.add(4); } return true; }, keys: () => [][Symbol.iterator]() }));
log(big.isSubsetOf({ size: Infinity, has: (v) => v < 9, keys: () => [][Symbol.iterator]() }));
for (const bad of [1, {}, { size: -1, has() {}, keys() {} }, { size: 1, has: 1, keys() {} }, { size: 1, has() {}, keys: 'no' }, { size: 1, has() {}, keys: () => 1 }]) {
  try { s.union(bad); } catch (e) { log(e.name, e.message); }
}
try { Set.prototype.isDisjointFrom.call(new Map(), s); } catch (e) { log(e.message); }
log(Object.getOwnPropertyNames(Set.prototype).join(), Set.prototype.union.length);
