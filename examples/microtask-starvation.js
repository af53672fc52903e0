// A microtask that always queues another one starves the event loop:
// the timer below never gets its turn. Event Loop Lens stops at its step budget and says so.
setTimeout(() => console.log('timer: never runs'), 0);

let n = 0;
function again() {
  n++;
  Promise.resolve().then(again);
}
again();
console.log('scheduled');
