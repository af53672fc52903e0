console.log('Script Start');
setTimeout(() => { console.log('Timeout Complete'); }, 0);
setTimeout(() => { console.log('Timeout 10'); }, 10);
Promise.resolve().then(() => { console.log('Promise Resolved 1'); }).then(() => { console.log('Promise Resolved 2'); });
queueMicrotask(() => console.log('queueMicrotask'));
function later() { console.log('inside later'); }
later();
console.log('Script End');
