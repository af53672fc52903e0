// eventemitter3: context arguments, once/off with context and fn, removeAllListeners, prefixed
// events, emit's return value and argument fast paths, subclassing, and listeners().
const EventEmitter = require('eventemitter3');
class Store extends EventEmitter {
  constructor() {
    super();
    this.state = { n: 0 };
  }
  inc() {
    this.state.n++;
    return this.emit('change', this.state.n, 'inc');
  }
}
const store = new Store();
const view = { name: 'view', render(n, why) { console.log(this.name, 'render', n, why); } };
const other = { name: 'other' };
store.on('change', view.render, view);
store.on('change', view.render, other);
store.once('change', function (n) { console.log('once with', this === store, n); });
console.log('inc returns', store.inc());
store.off('change', view.render, other);
store.inc();
store.removeListener('change', view.render, view);
console.log('listeners left', store.listenerCount('change'), 'inc returns', store.inc());
const bus = new EventEmitter();
const sym = Symbol('evt');
bus.on(sym, (...args) => console.log('symbol event args', args.length, args));
bus.emit(sym, 1, 2, 3, 4, 5, 6, 7);
bus.on('a', () => {}).on('b', () => {});
console.log(bus.eventNames(), EventEmitter.prefixed, bus.listeners('a').length);
bus.removeAllListeners('a');
console.log(bus.eventNames());
setTimeout(() => bus.emit(sym, 'late'), 10);
Promise.resolve().then(() => bus.emit(sym, 'micro'));
