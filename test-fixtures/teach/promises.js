// Promises: adoption costs two extra ticks; await of a non-promise costs one.
async function returnsPromise() { return Promise.resolve('A'); }
async function returnsValue() { return 'B'; }
returnsPromise().then((v) => console.log(v));
returnsValue().then((v) => console.log(v));
Promise.resolve().then(() => console.log('t1')).then(() => console.log('t2')).then(() => console.log('t3'));
async function awaits() { await 42; console.log('after await 42'); }
awaits();
const p = new Promise((resolve, reject) => reject(new Error('no')));
p.catch((e) => console.log('caught', e.message)).finally(() => console.log('finally'));
Promise.all([Promise.resolve(1), 2]).then((xs) => console.log('all', xs));
Promise.resolve().then(() => ({ then(r) { r('thenable'); } })).then((v) => console.log(v));
