// @lens click #go at 25ms
// browser-truth: --click #go@25
// Chromium's console previews a platform object with its attributes (its accessors, evaluated: an
// event's own isTrusted first, then each prototype's, nearest first), five of them, four in a Map or
// Set entry; a user click's PointerEvent; V8's own accessor (DisposableStack's disposed).
const go = document.createElement('button');
go.id = 'go';
document.body.append(go);
go.addEventListener('click', (e) => {
  console.log(e);
  console.log(e.type, e.target, e.isTrusted, e instanceof PointerEvent, Object.keys(e));
});
const ac = new AbortController();
console.log(ac, ac.signal);
ac.abort('why');
console.log(ac.signal);
console.log(new Event('custom'), new CustomEvent('y', { detail: { n: 1 } }));
console.log(new MessageEvent('message', { data: 5 }));
console.log(new KeyboardEvent('keydown', { key: 'a' }));
console.log(new ErrorEvent('error', { message: 'm' }));
console.log(new FocusEvent('focus'), new InputEvent('input', { data: 'x' }));
console.log(new MouseEvent('click'), new UIEvent('ui'));
console.log(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: 1 }));
console.log(new URL('https://a.example/p?q=1#h'));
console.log(new DisposableStack(), new AsyncDisposableStack());
console.log({ e: new Event('n') }, [new Event('n')]);
console.log(new Map([[new Event('k'), 1]]), new Set([ac.signal]), new Map([[{ a: 1, b: 2, c: 3, d: 4, e: 5 }, 1]]));
const proto = { get x() { return 1; } };
console.log(Object.create(proto), { get own() { return 2; } });
