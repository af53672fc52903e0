// ms: parse and format durations (a CommonJS package used by debug and friends).
const ms = require('ms');
console.log(ms('2 days'), ms('1d'), ms('10h'), ms('2.5 hrs'), ms('1m'), ms('5s'), ms('100'), ms('-3 days'), ms('1y'));
console.log(ms(60000), ms(2 * 60000), ms(-3 * 60000), ms(ms('10 hours')), ms(60000, { long: true }), ms(2 * 60000, { long: true }));
console.log(ms('nonsense'), ms('1 light year'));
try {
  ms({});
} catch (e) {
  console.log(e.message);
}
const timeout = ms('50ms');
setTimeout(() => console.log('fired after', ms(timeout, { long: true })), timeout);
