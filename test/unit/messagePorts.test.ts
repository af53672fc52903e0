// src/engine/interp/messagePorts.ts: Node's MessageChannel / MessagePort on the simulated loop,
// against real Node (programs whose order does not depend on the script's own running time: the
// ports are used from inside a timer callback, so the first timers phase is not a race).
import { strict as assert } from 'assert';
import { describeAgainstNode, simulate } from '../helpers';

describeAgainstNode('MessageChannel and MessagePort (against real Node)', {
  'a message is delivered in the poll phase: after the timers, before the immediates; each with its checkpoint': `
const log = (...a) => console.log(...a);
const { port1, port2 } = new MessageChannel();
port1.onmessage = (e) => {
  log('message', e.data, e.constructor.name, e.target === port1, e.ports.length);
  Promise.resolve().then(() => log('micro after', e.data));
  if (e.data === 'b') port1.close();
};
setTimeout(() => {
  port2.postMessage('a');
  port2.postMessage('b');
  setImmediate(() => log('immediate'));
  setTimeout(() => log('next timers phase'), 0);
  process.nextTick(() => log('tick'));
  log('in timer');
}, 5);
`,
  'a port keeps its messages until it starts; on() gets the data; close() fires close events after the immediates': `
const log = (...a) => console.log(...a);
const { port1, port2 } = new MessageChannel();
port2.postMessage({ a: [1, 2] });
port2.postMessage('second');
log(port1.hasRef(), Object.getOwnPropertyNames(Object.getPrototypeOf(port1)), typeof port1.on, port1 instanceof EventTarget);
setTimeout(() => {
  port1.on('message', (v) => log('on', v));
  log('listening', port1.hasRef());
}, 5);
setTimeout(() => {
  port1.addEventListener('close', () => log('close 1'));
  port2.addEventListener('close', () => log('close 2'));
  port2.close();
  log('closed');
  setImmediate(() => log('immediate'));
}, 10);
`,
  'receiveMessageOnPort, unref, DataCloneError, worker_threads': `
const { MessageChannel, receiveMessageOnPort, isMainThread, threadId, parentPort } = require('worker_threads');
console.log(isMainThread, threadId, parentPort, MessageChannel === globalThis.MessageChannel);
const { port1, port2 } = new MessageChannel();
port1.postMessage({ hello: 'world' });
console.log(receiveMessageOnPort(port2), receiveMessageOnPort(port2));
try { port1.postMessage(() => {}); } catch (e) { console.log(e.name, e.message); }
const quiet = new MessageChannel();
quiet.port1.onmessage = () => console.log('never: the port is unref\\'d and nothing else runs');
quiet.port1.unref();
quiet.port2.postMessage(1);
process.on('exit', (c) => console.log('exit', c));
`,
});

describe('MessagePort that keeps Node waiting forever', () => {
  it('stops the run with an open-handle warning on the channel, and no beforeExit or exit', () => {
    const r = simulate("const { port1, port2 } = new MessageChannel();\nport1.onmessage = (e) => console.log('got', e.data);\nport2.postMessage(1);\nprocess.on('beforeExit', () => console.log('beforeExit'));\nprocess.on('exit', () => console.log('exit'));\n");
    assert.equal(r.stdout, 'got 1\n');
    const d = r.analysis.diagnostics.find((x) => x.code === 'open-handle');
    assert.ok(d, 'an open-handle diagnostic');
    assert.equal(d!.line, 1);
    assert.equal(d!.severity, 'warning');
  });
});

describe('MessagePort and the new Node APIs give no way back to the host', () => {
  it('ports, channels, events and results are realm objects; a proxy given to getEventListeners runs no trap', () => {
    const probe = `
      const { receiveMessageOnPort } = require('worker_threads');
      const { getEventListeners } = require('events');
      const { scheduler } = require('timers/promises');
      const c = new MessageChannel();
      c.port2.postMessage({ x: 1 });
      const got = receiveMessageOnPort(c.port1);
      const out = [];
      for (const [name, v] of [['channel', c], ['port', c.port1], ['received', got], ['event', new MessageEvent('m', { data: 1 })], ['custom', new CustomEvent('c')], ['scheduler', scheduler], ['url', URL.parse('https://a.example/')], ['listeners', getEventListeners(new EventTarget(), 'x')]]) {
        let leaked = 'no';
        try { leaked = typeof v.constructor.constructor('return typeof process.binding')(); } catch (e) { leaked = e.name; }
        out.push(name + ':' + leaked);
      }
      let trapped = false;
      const p = new Proxy(new EventTarget(), { getPrototypeOf(t) { trapped = true; return Reflect.getPrototypeOf(t); } });
      try { getEventListeners(p, 'x'); } catch (e) { out.push(e.code); }
      c.port1.close();
      console.log(out.join(' '), trapped);
    `;
    const r = simulate(probe, { detectForeignObjects: true });
    assert.deepEqual(r.analysis.foreignObjects ?? [], [], 'no foreign object');
    assert.doesNotMatch(r.stdout, /:function/, r.stdout);
    assert.match(r.stdout, / false\n$/, 'no trap ran');
  });
});
