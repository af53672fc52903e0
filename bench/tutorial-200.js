// A ~200-line "tutorial" file: the classic event-loop lessons in one program.
// Used by bench/run.mjs for the warm analysis time (target: < 20 ms).
// Timer due times are >= 15 ms apart so that real Node (whose timers start at the real time of their
// creation) prints the ideal virtual-time order even though the script itself takes a few ms.

// 1. Script start / end with microtasks and a macrotask
console.log('Script Start');
setTimeout(() => console.log('Timeout Complete'), 0);
Promise.resolve()
  .then(() => console.log('Promise Resolved 1'))
  .then(() => console.log('Promise Resolved 2'));
console.log('Script End');

// 2. Sync, nextTick, microtask
process.nextTick(() => console.log('nextTick 1'));
queueMicrotask(() => console.log('microtask 1'));
process.nextTick(() => {
  console.log('nextTick 2');
  process.nextTick(() => console.log('nextTick nested'));
});

// 3. Hoisting
console.log('hoisted var:', hoistedVar);
var hoistedVar = 'now set';
console.log('hoisted function:', hoistedFn());
function hoistedFn() {
  return 'I was hoisted';
}
try {
  console.log(notYet);
} catch (e) {
  console.log('TDZ:', e.name, e.message);
}
let notYet = 1;

// 4. var vs let in loops with timers
for (var i = 0; i < 3; i++) {
  setTimeout(() => console.log('var i =', i), 20);
}
for (let j = 0; j < 3; j++) {
  setTimeout(() => console.log('let j =', j), 20);
}

// 5. Async functions
async function fetchUser(id) {
  console.log('fetchUser start', id);
  const user = await new Promise((resolve) => setTimeout(() => resolve({ id, name: 'User' + id }), 35));
  console.log('fetchUser got', user);
  return user;
}
async function showUsers() {
  const a = await fetchUser(1);
  const [b, c] = await Promise.all([fetchUser(2), fetchUser(3)]);
  console.log('users:', [a.name, b.name, c.name].join(', '));
  return 3;
}
showUsers().then((n) => console.log('showUsers done with', n));

// 6. A before await, B after
async function example() {
  console.log('A');
  await null;
  console.log('B');
}
example();
console.log('C');

// 7. Error handling in promise chains
Promise.reject(new Error('oops'))
  .then(() => console.log('never'))
  .catch((e) => {
    console.log('caught:', e.message);
    return 'recovered';
  })
  .finally(() => console.log('finally runs'))
  .then((v) => console.log('after finally:', v));

async function risky(flag) {
  if (flag) throw new TypeError('bad flag');
  return 'fine';
}
(async () => {
  try {
    console.log(await risky(false));
    console.log(await risky(true));
  } catch (e) {
    console.log('async catch:', e.name, e.message);
  } finally {
    console.log('async finally');
  }
})();

// 8. Promise combinators
const delay = (ms, v) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
Promise.race([delay(85, 'slow'), delay(125, 'slower')]).then((w) => console.log('race winner:', w));
Promise.allSettled([delay(85, 'ok'), Promise.reject(new Error('nope'))]).then((rs) =>
  console.log('allSettled:', rs.map((r) => r.status)),
);
Promise.any([Promise.reject(new Error('x')), delay(140, 'any wins')]).then((v) => console.log('any:', v));

// 9. Closures, classes, getters
class Counter {
  #count = 0;
  static created = 0;
  constructor(name) {
    this.name = name;
    Counter.created++;
  }
  inc() {
    this.#count++;
    return this;
  }
  get value() {
    return this.#count;
  }
}
const counter = new Counter('clicks').inc().inc().inc();
console.log(counter.name, counter.value, Counter.created);

class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {
    return `${this.name} makes a sound`;
  }
}
class Dog extends Animal {
  speak() {
    return super.speak() + ' (woof)';
  }
}
console.log(new Dog('Rex').speak());

function makeAdder(x) {
  return (y) => x + y;
}
const add5 = makeAdder(5);
console.log('closure:', add5(10));

// 10. Arrays, objects, destructuring, spread
const nums = [5, 3, 8, 1, 9, 2];
const sorted = [...nums].sort((a, b) => a - b);
const { length, 0: first } = sorted;
console.log('sorted:', sorted, 'length', length, 'first', first);
const doubled = nums.map((n) => n * 2).filter((n) => n > 5);
console.log('doubled > 5:', doubled, doubled.reduce((s, n) => s + n, 0));
const person = { name: 'Ada', langs: ['js', 'py'], address: { city: 'London' } };
const copy = { ...person, age: 36 };
console.log(copy, person.address?.city, person.phone?.number ?? 'no phone');
const m = new Map([['a', 1], ['b', 2]]);
const set = new Set([1, 2, 2, 3]);
console.log(m, set, JSON.stringify({ m: [...m], s: [...set] }));

// 11. Generators and iterators
function* idGen() {
  let id = 0;
  while (id < 3) yield ++id;
}
console.log('ids:', [...idGen()]);

// 12. setInterval cleared after three ticks
let ticks = 0;
const timer = setInterval(() => {
  ticks++;
  console.log('tick', ticks);
  if (ticks === 3) {
    clearInterval(timer);
    console.log('interval cleared');
  }
}, 55);

// 13. Nested timers and microtasks inside a macrotask
setTimeout(() => {
  console.log('outer timeout');
  Promise.resolve().then(() => console.log('microtask inside timeout'));
  process.nextTick(() => console.log('nextTick inside timeout'));
  setTimeout(() => console.log('inner timeout'), 0);
  setImmediate(() => console.log('immediate inside timeout'));
}, 190);

// 14. Thenables and resolution order
const thenable = {
  then(resolve) {
    console.log('thenable.then called');
    resolve('thenable value');
  },
};
Promise.resolve(thenable).then((v) => console.log('resolved with', v));
new Promise((resolve) => resolve(Promise.resolve('nested'))).then((v) => console.log('nested:', v));

// 15. Microtask ordering puzzle
async function async1() {
  console.log('async1 start');
  await async2();
  console.log('async1 end');
}
async function async2() {
  console.log('async2');
}
async1();
new Promise((resolve) => {
  console.log('promise1');
  resolve();
}).then(() => console.log('promise2'));

// 16. A small computation that takes some steps
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log('fib(15) =', fib(15));
const words = 'the quick brown fox jumps over the lazy dog'.split(' ');
const freq = {};
for (const w of words) freq[w] = (freq[w] || 0) + 1;
console.log('freq:', freq);
console.log('end of script');
