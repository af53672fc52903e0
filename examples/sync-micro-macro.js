// Sync code runs first, then every microtask, then one macrotask at a time.
console.log('1: sync');

setTimeout(() => console.log('4: macrotask (setTimeout)'), 0);

queueMicrotask(() => console.log('3: microtask (queueMicrotask)'));

Promise.resolve().then(() => console.log('3b: microtask (promise)'));

process.nextTick(() => console.log('2: nextTick (before promise jobs in Node)'));

console.log('1b: sync, still');
