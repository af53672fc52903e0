// The "1 4 3 2" puzzle: synchronous logs, then the promise job, then the timer.
console.log(1);
setTimeout(() => console.log(2), 0);
Promise.resolve().then(() => console.log(3));
console.log(4);
