// async-mutex: Mutex and Semaphore guarding a shared counter across async tasks, runExclusive,
// waitForUnlock, timeouts (withTimeout) and cancel().
const { Mutex, Semaphore, withTimeout, E_TIMEOUT, E_CANCELED } = require('async-mutex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mutex = new Mutex();
let balance = 100;
async function withdraw(who, amount) {
  return mutex.runExclusive(async () => {
    const current = balance;
    await sleep(20);
    balance = current - amount;
    console.log(who, 'withdrew', amount, '->', balance);
    return balance;
  });
}
(async () => {
  const results = await Promise.all([withdraw('a', 10), withdraw('b', 20), withdraw('c', 30)]);
  console.log('results', results, 'locked?', mutex.isLocked());
  const sem = new Semaphore(2);
  const start = Date.now();
  await Promise.all([1, 2, 3, 4].map((n) => sem.runExclusive(async (value) => {
    console.log('job', n, 'got semaphore, value', value);
    await sleep(50);
  })));
  console.log('semaphore jobs done in', Math.round((Date.now() - start) / 50) * 50, 'ms');
  const timed = withTimeout(new Mutex(), 30, new Error('lock timeout'));
  const release = await timed.acquire();
  try {
    await timed.acquire();
  } catch (e) {
    console.log('second acquire:', e.message);
  }
  release();
  const m2 = new Mutex();
  await m2.acquire();
  const waiting = m2.acquire().catch((e) => console.log('canceled?', e === E_CANCELED, e.message));
  m2.cancel();
  await waiting;
  console.log(typeof E_TIMEOUT, m2.isLocked());
})();
