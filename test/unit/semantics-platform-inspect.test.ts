// console.log of Node's platform objects prints what Node's own [util.inspect.custom] methods print
// (platformInspect.ts): URL with every component, URLSearchParams as `{ 'a' => '1' }`,
// AbortController / AbortSignal with `aborted`, Event with its fields, an EventTarget subclass by its
// name only. Compared with real Node; then the membrane: the inspectors make text only, so a guest
// that replaces or calls them never gets a host value.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { describeAgainstNode } from '../helpers';

// (An event's timeStamp is the clock's: real in Node, virtual here. It is left out of the comparison.)
const noTime = "const show = (v) => require('util').inspect(v, { breakLength: Infinity }).replace(/timeStamp: [\\d.]+/g, 'timeStamp: T');\n";

describeAgainstNode('semantics: platform objects as Node prints them (against real Node)', {
  'URL and URLSearchParams': `
const u = new URL('https://user:pw@example.com:8080/p/a?x=1&y=2#h');
console.log(u);
console.log([u], { u }, [[new URL('file:///tmp/a b')]]);
console.log(u.searchParams, new URLSearchParams(), new URLSearchParams('a=1&a=2&b=%20'), new URLSearchParams({ q: 'x y', 'k"': "it's" }));
console.log({ depth: { d2: { d3: u, p: new URLSearchParams('z=1') } } });
const util = require('util');
console.log(util.inspect(u, { depth: 0 }), util.inspect({ a: { u } }, { depth: 0 }));
console.log(util.inspect(new URLSearchParams('q=1'), { breakLength: 5 }), util.format('%o|%O|%s', new URLSearchParams('q=1'), u, u));
console.log(new URLSearchParams([['long'.repeat(10), 'value'.repeat(10)], ['k', 'v'], ['k2', 'v2']]));
class MyURL extends URL {}
class MyParams extends URLSearchParams {}
console.log(new MyURL('http://h/'), new MyParams('a=b'));
console.log(typeof URL.prototype[util.inspect.custom], Object.getOwnPropertySymbols(URL.prototype), Object.getOwnPropertySymbols(URLSearchParams.prototype));
`,
  'AbortController, AbortSignal, EventTarget': `
const ac = new AbortController();
console.log(ac, ac.signal, [ac]);
ac.abort();
console.log(ac, ac.signal, AbortSignal.abort('why'), AbortSignal.timeout(10), AbortSignal.any([ac.signal]));
console.log({ a: { b: { s: AbortSignal.abort(), t: new EventTarget(), ac: new AbortController() } } });
class Emitter extends EventTarget { constructor() { super(); this.x = 1; } }
console.log(new EventTarget(), new Emitter(), [new Emitter()]);
const util = require('util');
console.log(util.inspect(new AbortController(), { depth: 0 }), util.inspect(new AbortController(), { depth: -1 }), util.inspect({ s: ac.signal }, { depth: 0 }));
`,
  'Event and its subclasses': noTime + `
const ev = new Event('y', { cancelable: true });
console.log(show(ev), show(new Event('plain')), show(new CustomEvent('c', { detail: { d: 1 } })));
ev.preventDefault();
console.log(ev.defaultPrevented, show([ev]), show({ a: { b: { c: ev } } }));
class Sig extends Event {}
console.log(show(new Sig('q')));
`,
});

describe('platform inspectors through the membrane', () => {
  it('a guest that replaces a nested inspector or calls one itself gets text, never a host value', () => {
    const a = analyze(
      `
const custom = Symbol.for('nodejs.util.inspect.custom');
const caught = [];
// Node would hand these its options and util.inspect: a display never passes a guest value to Node.
URLSearchParams.prototype[custom] = Array.prototype.push.bind(caught);
AbortSignal.prototype[custom] = function (...a) { caught.push(...a); return 'guest'; };
console.log(new URL('http://h/?a=1'), new AbortController());
console.log(caught.length);
const own = URL.prototype[custom];
const text = own.call(new URL('http://h/'), 1, { get depth() { caught.push('getter ran'); return 0; }, stylize: () => 'x' }, () => 'not inspect');
console.log(typeof text, text.split('\\n')[0], caught);
console.log(own.call({}, 1, {}), own.call(1));
`,
      { detectForeignObjects: true },
    );
    assert.deepEqual(a.foreignObjects ?? [], [], 'no foreign object');
    const out = a.console.filter((e) => e.stream === 'stdout').map((e) => e.text);
    assert.deepEqual(out.slice(1), ['0', "string URL { [ 'getter ran' ]", '{} 1']);
    assert.match(out[0], /^URL \{\n  href: 'http:\/\/h\/\?a=1',[^]*searchParams: URLSearchParams \{ 'a' => '1' \},[^]*\} AbortController \{ signal: AbortSignal \{ aborted: false \} \}$/);
  });
});
