// User timing (performanceEntries.ts): performance.mark / measure / getEntries… and the entry classes,
// compared with real Node where the times are given (a mark's default time is the clock's: real in
// Node, virtual here); then the virtual clock itself, and a detail shown through the membrane.
import { strict as assert } from 'assert';
import { analyze } from '../../src/engine/simulator';
import { describeAgainstNode } from '../helpers';

describeAgainstNode('performance.mark and measure (against real Node)', {
  'marks, measures, entries, clearing, errors and displays': `const a = performance.mark('a', { startTime: 25 });
console.log(a.constructor.name, a.name, a.entryType, typeof a.startTime, a.duration, a.detail, Object.keys(a), JSON.stringify(Object.keys(a.toJSON())));
const b = performance.mark('b', { detail: { x: 1 }, startTime: 5 });
console.log(b.startTime, b.detail);
const m = performance.measure('m', 'a', 'b');
console.log(m.constructor.name, m.name, m.entryType, typeof m.duration, m.detail);
const m2 = performance.measure('m2', { start: 1, end: 4, detail: 'd' }); console.log(m2.startTime, m2.duration, m2.detail);
const m3 = performance.measure('m3', { start: 2, duration: 3 }); console.log(m3.startTime, m3.duration);
console.log(performance.getEntriesByType('mark').map(e => e.name), performance.getEntriesByName('m').length, performance.getEntries().map(e => e.entryType + ':' + e.name));
try { performance.measure('x', 'nope'); } catch (e) { console.log(e.name, e.message, e.code); }
try { performance.mark(); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure(); } catch (e) { console.log(e.name, e.code, e.message); }
performance.clearMarks('a'); console.log(performance.getEntriesByType('mark').map(e => e.name));
performance.clearMarks(); performance.clearMeasures('m'); console.log(performance.getEntries().map(e => e.name));
performance.clearMeasures(); console.log(performance.getEntries().length);
console.log(require('util').inspect(performance.mark('z', { startTime: 1.5 })), require('util').inspect(performance.measure('zz', { start: 1, end: 3 })));
console.log(typeof PerformanceMark, typeof PerformanceMeasure, typeof PerformanceEntry, performance.mark('q', { startTime: 0 }) instanceof PerformanceEntry);
try { performance.mark('n', { startTime: -1 }); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new PerformanceMark('ctor', { startTime: 2 }).startTime);
`,
});

describe('user timing on the virtual clock', () => {
  it('a measure across a 10 ms timer lasts 10 ms; a detail is cloned and shown through the membrane', () => {
    const a = analyze(
      `
const start = performance.mark('start', { detail: { step: 1, [Symbol.for('nodejs.util.inspect.custom')]: undefined } });
setTimeout(() => {
  performance.mark('end');
  const m = performance.measure('wait', 'start', 'end');
  console.log(m.duration, m.startTime, performance.getEntriesByType('measure').length);
  const detail = { d: 1 };
  const withDetail = performance.mark('x', { detail });
  console.log(withDetail.detail !== detail, withDetail);
}, 10);
`,
      { detectForeignObjects: true },
    );
    assert.deepEqual(a.foreignObjects ?? [], []);
    assert.deepEqual(a.console.map((e) => e.text), ['10 0 1', "true PerformanceMark {\n  name: 'x',\n  entryType: 'mark',\n  startTime: 10,\n  duration: 0,\n  detail: { d: 1 }\n}"]);
  });
});
