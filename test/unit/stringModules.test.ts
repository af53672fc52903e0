// string_decoder and querystring (stringModules.ts): the host's implementations over primitives and
// host views of guest bytes, compared with real Node.
import { describeAgainstNode } from '../helpers';

describeAgainstNode('string_decoder and querystring (against real Node)', {
  'StringDecoder across chunk boundaries, querystring parse/stringify with options, and their errors': `const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1))), JSON.stringify(d.end()), d.encoding);
const d2 = new StringDecoder('hex'); console.log(d2.write(Buffer.from('ab')), d2.end(Buffer.from('c')), new StringDecoder().encoding, new StringDecoder('base64').write(Buffer.from('hi!')));
try { new StringDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
try { new StringDecoder().write(5); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(d.write('str'), new StringDecoder('utf16le').write(Buffer.from([0x41, 0])));
const qs = require('querystring');
console.log(qs.parse('a=1&b=2&a=3&c=%20x&d'), qs.stringify({ a: [1, 2], b: 'x y', c: true, d: null, e: {} }), qs.escape('a b&'), qs.unescape('a%20b'));
console.log(qs.parse('a:1;b:2', ';', ':'), qs.stringify({ a: 1, b: 2 }, ';', ':'), qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }), qs.decode === qs.parse, qs.encode === qs.stringify);
console.log(qs.stringify({ w: 'é' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() }), Object.getPrototypeOf(qs.parse('x=1')));
`,
});
