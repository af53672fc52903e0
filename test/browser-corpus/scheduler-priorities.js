// scheduler.postTask priorities against timers, messages and frames; scheduler.yield in a long task.
const t = () => Date.now() - 1700000000000;
const log = (...a) => console.log(...a);
setTimeout(() => {
  log('timer A at', t());
  scheduler.postTask(() => log('background from A'), { priority: 'background' });
  setTimeout(() => log('timer from A'), 0);
  scheduler.postTask(() => log('user-blocking from A'), { priority: 'user-blocking' });
  postMessage('msg from A', '*');
  scheduler.postTask(() => log('user-visible from A'));
}, 0);
addEventListener('message', (e) => log('message', e.data));
setTimeout(() => log('timer B'), 0);
async function longTask() {
  for (let i = 0; i < 3; i++) {
    log('chunk', i, 'at', t());
    setTimeout(() => log('timer queued in chunk', i), 0);
    await scheduler.yield();
  }
}
setTimeout(longTask, 5);
scheduler.postTask(() => log('user-blocking delayed 3 at', t()), { priority: 'user-blocking', delay: 3 });
scheduler.postTask(() => log('background delayed 3 at', t()), { priority: 'background', delay: 3 });
setTimeout(() => log('timer 3'), 3);
const c = new AbortController();
scheduler.postTask(() => log('aborted task (never)'), { signal: c.signal }).catch((e) => log('postTask rejected', e.name));
c.abort();
scheduler.postTask(() => { throw new Error('inside'); }).catch((e) => log('postTask error', e.message));
requestAnimationFrame(() => { log('raf'); scheduler.postTask(() => log('background from raf at', t()), { priority: 'background' }); setTimeout(() => log('timer from raf'), 0); });
