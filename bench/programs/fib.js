// Recursive fib(25): ~250k calls.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log('fib(25) =', fib(25));
