// A library with no top-level calls: its hints come from the run of main.js.
exports.greet = function greet(name) {
  console.log('hello ' + name);
};

exports.later = function later(name) {
  setTimeout(() => console.log('later ' + name), 10);
  Promise.resolve().then(() => console.log('micro ' + name));
};
