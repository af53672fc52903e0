// A preview runs only the platform's own getters: a guest getter, even bound (so no closure of the
// program is visible) and put where a platform attribute would be, never runs (a log would show).
const proto = {};
Object.defineProperty(proto, 'x', { get: function () { console.log('guest getter ran'); return 1; }.bind(null), enumerable: true });
console.log(Object.create(proto));
const evProto = Object.create(Event.prototype);
Object.defineProperty(evProto, 'extra', { get: (() => { console.log('bound arrow ran'); return 2; }).bind(null), enumerable: true });
console.log(new Map([[Object.create(evProto), 1]]));
console.log('done');
