const _ = require('lodash');
console.log(_.chunk([1, 2, 3, 4, 5], 2), _.uniq([1, 1, 2]), _.groupBy(['one', 'two', 'three'], 'length'));
const debounced = _.debounce(() => console.log('debounced'), 100);
debounced(); debounced();
setTimeout(debounced, 50);
const t = _.throttle(() => console.log('throttled'), 80);
t(); t(); setTimeout(t, 200);
console.log(_.VERSION, _.sortBy([{ a: 3 }, { a: 1 }], 'a'));
