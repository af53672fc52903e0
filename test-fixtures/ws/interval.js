let n = 0;
const id = setInterval(() => {
  n++;
  console.log('tick', n);
  if (n === 12) clearInterval(id);
}, 10);
