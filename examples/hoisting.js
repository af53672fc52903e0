// Hoisting: `var` is undefined before its line, `let`/`const`/`class` throw (TDZ),
// function declarations are fully hoisted; a `var` function expression is not.
console.log(greet('world'));
console.log(count);

try {
  console.log(total);
} catch (e) {
  console.log(e.name + ': ' + e.message);
}

try {
  shout('hi');
} catch (e) {
  console.log(e.name + ': ' + e.message);
}

function greet(name) {
  return 'hello ' + name;
}
var count = 1;
let total = 10;
var shout = function (s) {
  return s.toUpperCase();
};
console.log(count, total, shout('done'));
