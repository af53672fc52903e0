// TextEncoder and TextDecoder are computed (textCoding.ts), as Node computes them: every label,
// replacement, stream boundary, error and display compared with real Node; then the membrane (no
// guest getter runs when the host reads a buffer, no host value comes back) and the ArrayBuffer budget.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { describeAgainstNode } from '../helpers';

describeAgainstNode('TextEncoder and TextDecoder (against real Node)', {
  'encode, encodeInto, decode, streams, labels, errors and displays': `console.log(new TextEncoder(), new TextDecoder(), new TextDecoder('utf-16le', { fatal: true }));
const te = new TextEncoder(); const b = te.encode('héllo €😀'); console.log(b, b.constructor.name, Object.getPrototypeOf(b) === Uint8Array.prototype);
console.log(new TextDecoder().decode(b), new TextDecoder().decode(b.buffer), new TextDecoder().decode(new DataView(b.buffer)));
console.log(te.encodeInto('abc€', new Uint8Array(4)), te.encoding, te.encode());
const d = new TextDecoder(); console.log(JSON.stringify(d.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + '|' + d.decode(new Uint8Array([0xac]))));
console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])), new TextDecoder('latin1').encoding, new TextDecoder('ascii').decode(new Uint8Array([0xe9])));
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { console.log(e.name, e.code, e.message); }
try { new TextDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).length, new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).length);
console.log(Object.getOwnPropertyNames(TextEncoder.prototype), Object.getOwnPropertyNames(TextDecoder.prototype), TextDecoder.name, TextDecoder.length);
console.log(String(TextEncoder.prototype), Object.prototype.toString.call(new TextDecoder()));
try { TextEncoder(); } catch (e) { console.log(e.message); }
try { TextEncoder.prototype.encode.call({}, 'x'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new TextDecoder().decode(), new TextDecoder().decode(undefined), new TextEncoder().encode(12));
try { new TextDecoder().decode('str'); } catch (e) { console.log(e.name, e.code, e.message); }
try { new TextDecoder().decode({}); } catch (e) { console.log(e.name, e.code, e.message); }
try { new TextDecoder().decode(null); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new TextDecoder('utf-16le').decode(new Uint8Array([0x41, 0, 0x42, 0])), new TextDecoder('UTF8').encoding, new TextDecoder(' utf-8 ').encoding);
try { new TextEncoder().encodeInto('x', []) } catch (e) { console.log(e.code, e.message) }
try { new TextDecoder('utf-8', 5) } catch (e) { console.log(e.code, e.message) }
console.log(new TextDecoder('utf-8', null).fatal, require('util').TextEncoder === TextEncoder, require('util').TextDecoder === TextDecoder);
console.log([new TextEncoder()], { d: new TextDecoder('utf-16be') }, require('util').inspect(new TextDecoder(), { depth: -1 }));
class MyDec extends TextDecoder {} console.log(new MyDec(), new MyDec().decode(new Uint16Array([0x6968])));
for (const k of ['encode', 'encodeInto']) console.log(k, TextEncoder.prototype[k].length, Object.getOwnPropertyDescriptor(TextEncoder.prototype, k).enumerable);
const big = te.encode('x'.repeat(1000)); console.log(big.length, big.byteOffset, big.buffer.byteLength);
`,
});

describe('TextEncoder and TextDecoder through the membrane', () => {
  it('reads a buffer with no guest getter or trap, and hands back only realm values', () => {
    const a = analyze(
      `
const seen = [];
const TA = Object.getPrototypeOf(Uint8Array.prototype);
for (const k of ['buffer', 'byteOffset', 'byteLength']) Object.defineProperty(TA, k, { get() { seen.push(k); return 0; } });
Object.defineProperty(DataView.prototype, 'buffer', { get() { seen.push('dv'); return null; } });
const bytes = new TextEncoder().encode('héllo');
console.log(new TextDecoder().decode(bytes), new TextDecoder().decode(new DataView(new ArrayBuffer(1))).length, seen.length);
try { new TextDecoder().decode(new Proxy(bytes, {})); } catch (e) { console.log(e.code); }
console.log(Object.getPrototypeOf(bytes) === Uint8Array.prototype, Object.getPrototypeOf(new TextEncoder().encodeInto('a', new Uint8Array(1))) === Object.prototype);
`,
      { detectForeignObjects: true },
    );
    assert.deepEqual(a.foreignObjects ?? [], []);
    assert.deepEqual(a.console.map((e) => e.text), ['héllo 1 0', 'ERR_INVALID_ARG_TYPE', 'true true']);
  });

  it('encoding counts against the ArrayBuffer budget', () => {
    const a = analyze("const s = 'x'.repeat(1 << 20); let n = 0; try { for (;;) { new TextEncoder().encode(s); n++; } } catch (e) { console.log(e.name, e.message, n); }\n", { maxArrayBufferBytes: 8 * 1024 * 1024 });
    assert.deepEqual(a.console.map((e) => e.text), ['RangeError Array buffer allocation failed 8']);
  });
});
