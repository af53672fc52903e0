// Delays are WebIDL longs: truncated toward zero, wrapped modulo 2^32, negative → 0.
const t = () => Date.now() - 1700000000000;
const delays = [2.9, 2, 0.999, '1.5', 1, -7, 4294967297, 2147483648, -0.5, '0x3', [4], null, true, '  2  ', 3.0001];
delays.forEach((d, i) => setTimeout(() => console.log(i, JSON.stringify(d), 'ran at', t()), d));
setTimeout(() => console.log('obj valueOf at', t()), { valueOf() { return 3.7; } });
