// crypto (cryptoModule.ts): hashes and HMACs by the host's OpenSSL, compared with real Node; the
// random functions from the analysis's seeded generator (reproducible, Math.random's stream).
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { describeAgainstNode } from '../helpers';

describeAgainstNode('crypto (against real Node)', {
  'hashes, HMACs, random values and their errors': `const crypto = require('crypto');
console.log(crypto.createHash('sha256').update('hello').digest('hex'));
console.log(crypto.createHash('md5').update(Buffer.from('a')).update('b').digest('base64'), crypto.createHash('sha1').update('x').digest());
console.log(crypto.createHmac('sha256', 'key').update('data').digest('hex'));
const h = crypto.createHash('sha256'); h.update('a'); const c = h.copy(); c.update('b'); console.log(h.digest('hex').slice(0, 8), c.digest('hex').slice(0, 8));
try { h.digest(); } catch (e) { console.log(e.name, e.code, e.message); }
try { crypto.createHash('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
try { crypto.createHash('sha256').update(5); } catch (e) { console.log(e.name, e.code, e.message); }
const u = crypto.randomUUID(); console.log(u.length, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u), typeof globalThis.crypto.randomUUID());
const arr = globalThis.crypto.getRandomValues(new Uint8Array(8)); console.log(arr.length, arr instanceof Uint8Array);
try { crypto.getRandomValues(new Float32Array(2)); } catch (e) { console.log(e.name, e.message); }
try { crypto.getRandomValues(new Uint8Array(70000)); } catch (e) { console.log(e.name, e.message); }
const rb = crypto.randomBytes(4); console.log(Buffer.isBuffer(rb), rb.length);
const n = crypto.randomInt(10); console.log(n >= 0 && n < 10, Number.isInteger(crypto.randomInt(5, 7)));
try { crypto.randomInt(5, 1); } catch (e) { console.log(e.code, e.message); }
console.log(crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), crypto.getHashes().includes('sha256'), crypto.webcrypto === globalThis.crypto);
console.log(Object.prototype.toString.call(globalThis.crypto));
`,
});

describe('crypto randomness', () => {
  const out = (seed: number) =>
    analyze("const c = require('crypto'); console.log(c.randomUUID(), c.randomBytes(4).toString('hex'), crypto.getRandomValues(new Uint16Array(2)).join(), Math.random());\n", { seed, detectForeignObjects: true });
  it('is the seeded generator: the same seed gives the same values, another seed others', () => {
    const a = out(1);
    assert.deepEqual(a.foreignObjects ?? [], []);
    assert.equal(a.console[0].text, out(1).console[0].text);
    assert.notEqual(a.console[0].text, out(2).console[0].text);
  });
});
