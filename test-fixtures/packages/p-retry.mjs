// p-retry: retries with backoff on the virtual clock, onFailedAttempt, AbortError stops retrying.
import pRetry, { AbortError } from 'p-retry';
let calls = 0;
const flaky = async () => {
  calls++;
  if (calls < 3) throw new Error('flaky #' + calls);
  return 'ok after ' + calls;
};
const result = await pRetry(flaky, {
  retries: 5,
  minTimeout: 50,
  factor: 2,
  onFailedAttempt: (e) => console.log(`attempt ${e.attemptNumber} failed (${e.message}); ${e.retriesLeft} left`),
});
console.log(result);
try {
  await pRetry(async (n) => {
    console.log('try', n);
    if (n === 2) throw new AbortError('give up');
    throw new Error('again');
  }, { retries: 4, minTimeout: 10 });
} catch (e) {
  console.log('aborted:', e.name, e.message);
}
try {
  await pRetry(async () => { throw new Error('always'); }, { retries: 2, minTimeout: 10, maxTimeout: 20 });
} catch (e) {
  console.log('exhausted:', e.message, e.attemptNumber, e.retriesLeft);
}
