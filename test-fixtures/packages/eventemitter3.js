const EventEmitter = require('eventemitter3');
const ee = new EventEmitter();
ee.on('data', (x) => console.log('data', x));
ee.once('data', (x) => console.log('once', x));
ee.emit('data', 1);
ee.emit('data', 2);
console.log(ee.listenerCount('data'), ee.eventNames());
setTimeout(() => ee.emit('data', 'later'), 10);
Promise.resolve().then(() => ee.emit('data', 'micro'));
