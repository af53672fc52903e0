// Closures: a counter keeps its scope alive; var in a loop shares one binding, let gets one per iteration.
function makeCounter() {
  let count = 0;
  return function increment() { count++; return count; };
}
const counter = makeCounter();
counter();
counter();
for (var i = 0; i < 3; i++) setTimeout(() => console.log('var i =', i), 0);
for (let j = 0; j < 3; j++) setTimeout(() => console.log('let j =', j), 0);
console.log('count', counter());
