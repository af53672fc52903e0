// console output as Chromium prints it (through the tool): previews, ƒ, %s %d %i %f %o %c, groups, counts.
console.group('G');
console.log('inside');
console.group();
console.log('deeper');
console.groupEnd();
console.groupEnd();
console.log('out');
console.count(); console.count('x'); console.count();
console.log('%s is %d years', 'Bob', 42.5, 'extra');
console.log('%i|%f|%c styled', 3.9, 1.5, 'color: red');
console.log(1, -0, NaN, 1e21, 0.1 + 0.2, 5n, true, null, undefined);
console.log([1, 'two', undefined], { a: 1, b: 'x', c: [1, 2, 3] });
console.log(new Map([[1, 2]]), new Set([1]), function foo() {}, () => {}, Symbol('s'), new Error('e').message);
console.info('info'); console.debug('debug');
console.log('a\nb');
console.log([[1, 2], { x: { y: 1 } }], [], {}, 'str', ['s']);
console.log(document.body.tagName, String(document.body), Object.prototype.toString.call(document));
