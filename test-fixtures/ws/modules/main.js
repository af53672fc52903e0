// A two-file project: main.js runs the code of lib.js (Event Loop Lens: Simulate From This File).
const { greet, later } = require('./lib');

console.log('main starts');
greet('Ada');
later('Lin');
