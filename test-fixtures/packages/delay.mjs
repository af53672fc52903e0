// delay: values, rejections, clear(), ranges with a seeded random, and races with timers.
import delay, { rangeDelay, clearDelay } from 'delay';
console.log('start');
const v = await delay(50, { value: 'value after 50' });
console.log(v);
const long = delay(1000, { value: 'never waited out' });
setTimeout(() => clearDelay(long), 30);
console.log(await long);
try {
  await delay.reject ? delay.reject(20, { value: new Error('rejected delay') }) : Promise.reject(new Error('rejected delay'));
} catch (e) {
  console.log(e.message);
}
const r = await Promise.race([delay(80).then(() => 'delay'), new Promise((res) => setTimeout(() => res('timer'), 40))]);
console.log('race won by', r);
const ranged = await rangeDelay(10, 20, { value: 'ranged' });
console.log(ranged);
