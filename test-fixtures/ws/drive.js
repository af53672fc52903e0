console.log('Script Start');
const label = 'Timeout Complete';
setTimeout(() => {
  console.log(label);
}, 0);
Promise.resolve()
  .then(() => console.log('Promise Resolved 1'))
  .then(() => console.log('Promise Resolved 2'));
console.log('Script End');
