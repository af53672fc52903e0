// dayjs with fixed dates (no clock reads): parsing, formatting, arithmetic, diff, plugins.
const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const relativeTime = require('dayjs/plugin/relativeTime');
dayjs.extend(utc);
dayjs.extend(relativeTime);
const d = dayjs.utc('2024-02-28T10:30:00Z');
console.log(d.format('YYYY-MM-DD HH:mm'), d.add(1, 'day').format('ddd D MMM'), d.add(2, 'day').month());
console.log(d.diff(dayjs.utc('2024-01-01'), 'day'), d.startOf('month').toISOString(), d.isBefore(d.add(1, 'ms')));
console.log(d.from(d.add(3, 'hour')), dayjs.utc('2024-03-01').to(d), d.valueOf(), dayjs.isDayjs(d));
const deadline = d.add(90, 'minute');
setTimeout(() => console.log('deadline', deadline.utc().format('HH:mm')), 1);
