// scheduler.postTask priorities and scheduler.yield against timers and messages; performance.now() at t = 0.
const t = () => Date.now() - 1700000000000;
console.log(typeof scheduler, typeof scheduler?.postTask, typeof scheduler?.yield);
scheduler.postTask(() => console.log('background'), { priority: 'background' });
scheduler.postTask(() => console.log('user-visible'));
scheduler.postTask(() => console.log('user-blocking'), { priority: 'user-blocking' });
setTimeout(() => console.log('timeout 0'), 0);
scheduler.postTask(() => console.log('delayed 5 at ' + t()), { delay: 5 });
(async () => { console.log('before yield'); await scheduler.yield(); console.log('after yield'); })();
const ch = new MessageChannel(); ch.port1.onmessage = () => console.log('message'); ch.port2.postMessage(0);
scheduler.postTask(() => 'v').then((v) => console.log('postTask result', v));
console.log('sync end', Math.round(performance.now()), performance.timeOrigin);
