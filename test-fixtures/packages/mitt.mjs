// mitt: a tiny event bus shared by modules: wildcard handlers, off, and handlers emitting from timers.
import mitt from 'mitt';
const bus = mitt();
const log = (type, e) => console.log('*', type, e);
bus.on('*', log);
const onFoo = (e) => console.log('foo', e);
bus.on('foo', onFoo);
bus.emit('foo', { a: 1 });
bus.off('foo', onFoo);
bus.emit('foo', { a: 2 });
bus.off('*', log);
bus.on('tick', (n) => {
  console.log('tick', n);
  if (n < 3) setTimeout(() => bus.emit('tick', n + 1), 10);
});
bus.emit('tick', 1);
queueMicrotask(() => bus.emit('tick', 10));
console.log(bus.all.size, [...bus.all.keys()]);
bus.all.clear();
console.log(bus.all.size);
