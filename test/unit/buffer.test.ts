// Buffer and the buffer module (bufferModule.ts): the host's own Buffer methods over host views of
// realm bytes, so encodings, bounds and messages are Node's. Compared with real Node; then the
// membrane (host Buffer code never sees a guest object) and the ArrayBuffer budget (every byte a
// Buffer holds is charged before the host writes it). process.emitWarning beside it: Buffer() uses it.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { describeAgainstNode } from '../helpers';

describeAgainstNode('Buffer (against real Node)', {
  'from, alloc, concat, read/write, slices, encodings, errors, displays and the buffer module': `const b = Buffer.from('hi');
console.log(b, b.toString(), b.toString('hex'), b.toString('base64'), b.length, b[0], b instanceof Uint8Array, Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(1)));
console.log(Buffer.from('aGVsbG8gd29ybGQ=', 'base64').toString(), Buffer.from('68656c6c6f', 'hex'), Buffer.from([256, 1, -1, 3.7, '5']), Buffer.from({ length: 2, 0: 9 }));
console.log(Buffer.alloc(5), Buffer.alloc(5, 'ab'), Buffer.alloc(4, 1), Buffer.allocUnsafe(3).length, Buffer.byteLength('héllo'), Buffer.byteLength('aGk=', 'base64'));
console.log(Buffer.concat([Buffer.from('a'), Buffer.from('bc')]), Buffer.concat([Buffer.from('abc')], 2), Buffer.concat([], 3), Buffer.compare(Buffer.from('a'), Buffer.from('b')));
const c = Buffer.alloc(10); c.write('hello', 2); c.writeUInt16BE(0xbeef, 7); console.log(c, c.readUInt16BE(7), c.readUInt8(2), c.indexOf('l'), c.includes('ell'), c.lastIndexOf(0));
console.log(b.equals(Buffer.from('hi')), b.compare(Buffer.from('hz')), JSON.stringify(b), b.toJSON(), [...b], Object.keys(b));
const s = c.slice(2, 7); s[0] = 72; console.log(s.toString(), c.toString('utf8', 2, 7), s instanceof Buffer, s.buffer === c.buffer, c.subarray(2, 4));
console.log(Buffer.from('€').length, Buffer.from('abc').toString('latin1'), Buffer.from('ÿ', 'latin1'), Buffer.from('hi', 'utf16le'), Buffer.from('AQID', 'base64url'));
console.log(Buffer.alloc(60, 7));
console.log(String(Buffer.from('xyz')), \`\${Buffer.from('tpl')}\`, Buffer.from('a') + Buffer.from('b'));
const f = Buffer.alloc(8); f.writeDoubleLE(1.5); console.log(f.readDoubleLE(0), f.writeInt32LE(-2, 4), f.readInt32LE(4), f.readBigUInt64LE(0));
try { Buffer.alloc(2).readUInt32LE(0); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.from(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.from({}); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.alloc(-1); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.concat([1]); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.concat('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.from('x').toString('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.alloc(2).write(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.alloc(2).writeUInt8(300); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(Buffer.isEncoding('UTF-8'), Buffer.isEncoding('nope'), Buffer.poolSize, typeof Buffer.of, Buffer.of(1, 2), Buffer.from(new Uint16Array([258, 3])));
const ab = new ArrayBuffer(8); const v = Buffer.from(ab, 2, 3); v[0] = 1; console.log(v, new Uint8Array(ab)[2], v.byteOffset);
console.log(new Buffer(3), Buffer('ab'), Buffer.from(new String('str')), Buffer.from(Buffer.from('copy')));
const e = Buffer.from('x'); e.extra = 1; console.log(e, { nested: { b: Buffer.from('n') } }, [Buffer.alloc(0)]);
console.log(Object.getPrototypeOf(Buffer) === Uint8Array, Buffer.name, Buffer.length, Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, Buffer.prototype.constructor === Buffer);
const m = require('buffer'); console.log(m.Buffer === Buffer, m.kMaxLength, m.constants.MAX_STRING_LENGTH, m.INSPECT_MAX_BYTES, m.isUtf8(Buffer.from('ok')), typeof m.atob);
console.log(Buffer.from('hello').map(x => x + 1) instanceof Buffer, Buffer.from('ab').reverse(), Buffer.from([3, 1, 2]).sort(), Buffer.from('abc').filter(x => x > 97));
console.log(b.toLocaleString === b.toString, typeof b.inspect, Buffer.from('hi').swap16(), Buffer.from('abcd').readUInt32LE().toString(16), Buffer.from('x').fill('yz'), Buffer.alloc(3).fill(0x41, 1));
console.log(Buffer.from(' ').toString('ascii'), Buffer.from([0xe2, 0x82]).toString(), require('util').inspect(Buffer.from('q'), { depth: -1 }), structuredClone(Buffer.from('sc')));
`,
  'process.emitWarning: the warning event on the next tick, then stderr': `process.on('warning', (w) => console.log('listener', w.name, w.message, w.code));
process.emitWarning('x');
process.emitWarning('dep', 'DeprecationWarning', 'DEP0001');
process.emitWarning('y', { type: 'CustomWarning', code: 'C1', detail: 'more' });
process.emitWarning(new Error('an error'));
try { process.emitWarning(5); } catch (e) { console.log(e.code, e.message); }
console.log('sync done');
`,
});

const run = (source: string, opts = {}) => {
  const a = analyze(source, { detectForeignObjects: true, ...opts });
  assert.deepEqual(a.foreignObjects ?? [], [], 'no foreign object');
  return a.console.map((e) => e.text);
};

describe('Buffer through the membrane and the budget', () => {
  it('never hands a guest object to host code: no guest inspector, getter or trap runs from a message', () => {
    const out = run(`
let leaked = 0;
const custom = Symbol.for('nodejs.util.inspect.custom');
const bad = { [custom]() { leaked++; return 'x'; } };
class K { static get name() { leaked++; return 'K'; } }
console.log(Buffer.alloc(2).fill({ valueOf() { return 65; } }).toString(), Buffer.alloc(1).fill([66]).toString(), Buffer.alloc(2).writeUInt8({ valueOf: () => 7 }));
for (const f of [() => Buffer.from(bad), () => Buffer.alloc(2).write(bad), () => Buffer.alloc(2).readUInt8(new K()), () => Buffer.concat([bad]), () => Buffer.byteLength(new Proxy({}, { get() { leaked++; } }))]) {
  try { f(); } catch (e) { console.log(e.code); }
}
const TA = Object.getPrototypeOf(Uint8Array.prototype);
for (const k of ['buffer', 'byteOffset', 'length', 'byteLength']) Object.defineProperty(TA, k, { get() { leaked++; return 0; } });
const b = Buffer.from('héllo');
console.log(b.toString('hex'), Buffer.concat([b, b]).toString(), leaked);
`);
    assert.deepEqual(out, ['AA B 1', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', '68c3a96c6c6f héllohéllo 0']);
  });

  it('every byte is charged to the ArrayBuffer budget before the host writes it', () => {
    const opts = { maxArrayBufferBytes: 4 * 1024 * 1024 };
    const probe = (expr: string) => run(`try { const r = ${expr}; console.log('made', r.length); } catch (e) { console.log(e.name, e.message); }`, opts)[0];
    assert.equal(probe('Buffer.alloc(8 * 1024 * 1024)'), 'RangeError Array buffer allocation failed');
    assert.equal(probe("Buffer.from('x'.repeat(5 * 1024 * 1024))"), 'RangeError Array buffer allocation failed');
    assert.equal(probe('Buffer.concat(Array(1000).fill(Buffer.alloc(1024 * 1024)))'), 'RangeError Array buffer allocation failed');
    assert.equal(probe('Buffer.from({ length: 1e9 })'), 'RangeError Array buffer allocation failed');
    assert.equal(probe("Buffer.alloc(1024, 'ab')"), 'made 1024');
  });
});
