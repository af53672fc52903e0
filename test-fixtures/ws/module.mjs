console.log('module start');
await null;
console.log('after top-level await');
