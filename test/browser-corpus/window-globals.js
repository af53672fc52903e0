// A classic script's top-level var and function declarations are properties of window; let/const are not.
var counter = 1;
let notOnWindow = 2;
const alsoNot = 3;
function helper() { return 'helper'; }
console.log(window.counter, 'notOnWindow' in window, window.alsoNot, typeof window.helper, window.helper());
window.counter = 5;
console.log(counter);
globalThis.fromGlobalThis = 'yes';
console.log(fromGlobalThis, self === window, window.window === window);
setTimeout(function named() { console.log('this in timer is window:', this === window); }, 0);
console.log(typeof requestAnimationFrame, typeof document, typeof MessageChannel, typeof MutationObserver, typeof requestIdleCallback);
console.log(typeof process, typeof setImmediate, typeof require, document.nodeType, window instanceof EventTarget);
