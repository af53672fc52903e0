console.log('Script Start');
setTimeout(() => {
  console.log('Timeout Complete');
}, 0);
Promise.resolve()
  .then(() => console.log('Promise Resolved 1'))
  .then(() => console.log('Promise Resolved 2'));
console.log('Script End');
