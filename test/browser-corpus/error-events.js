// The window's error, unhandledrejection and rejectionhandled events; window.onerror's arguments.
// expect-exit: 1
window.addEventListener('error', (e) => { console.log('error event:', e.message, e.error && e.error.name, typeof e.filename, e.lineno > 0); });
window.addEventListener('unhandledrejection', (e) => { console.log('unhandledrejection:', e.reason && e.reason.message, e.promise instanceof Promise); });
window.onerror = (msg) => { console.log('onerror:', msg); };
setTimeout(() => { throw new Error('boom'); }, 0);
Promise.reject(new Error('nope'));
const p = Promise.reject(new Error('later handled'));
setTimeout(() => p.catch(() => console.log('handled later')), 5);
window.addEventListener('rejectionhandled', () => console.log('rejectionhandled'));
setTimeout(() => console.log('end'), 20);
