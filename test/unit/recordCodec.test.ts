// The packed record tables (src/engine/recordCodec.ts): the task records and console events of every
// corpus, fixture, browser and example program come back from pack → check → unpack as the very
// objects the engine made (same keys, same key order, `undefined`-valued keys kept, absent ones
// absent, -0 and fractions exact), every TaskRecord shape is covered, records the codec cannot
// represent exactly are refused (the worker sends them plain), and a hostile pack (truncated,
// mutated, wrong lengths, string ids out of range, bad enums, huge counts, over the size budget) is
// rejected by the check with a reason — never a throw — while a pack that passes never makes
// unpacking throw or yield a value of the wrong type.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { analyze } from '../../src/engine';
import { collectSources } from '../../src/engine/modules/graph';
import { diskReader } from '../../src/sources/disk';
import {
  BINDING_SCHEMA, CONSOLE_SCHEMA, TASK_SCHEMA, checkPackedBindings, checkPackedConsole, checkPackedRecords, checkPackedTasks, packBindings, packConsole, packRecords, packTasks,
  unpackRecords, withPackedRecords, PACKED_RECORD_LIMITS, type CheckedRecords, type PackedRecords, type RecordSchema,
} from '../../src/engine/recordCodec';
import type { Analysis, AnalyzeOptions, ConsoleEvent, TaskRecord } from '../../src/engine/types';

const root = path.join(__dirname, '../..');
const shared = path.join(root, '../shared');

function filesIn(dir: string, re: RegExp, recurse = true): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (recurse && e.name !== 'node_modules') out.push(...filesIn(p, re));
    } else if (re.test(e.name)) out.push(p);
  }
  return out;
}

/** [name, source, options] of every single-file program: shared corpus, fixtures, browser corpus, examples. */
function programs(): [string, string, AnalyzeOptions][] {
  const out: [string, string, AnalyzeOptions][] = [];
  const add = (file: string, options: AnalyzeOptions = {}) => out.push([path.relative(path.dirname(root), file), fs.readFileSync(file, 'utf8'), { fileName: path.basename(file), maxMillis: 20_000, ...options }]);
  for (const f of filesIn(path.join(shared, 'corpus/programs'), /\.[cm]?js$/)) add(f);
  for (const d of ['teach', 'hoisting', 'typescript']) for (const f of filesIn(path.join(root, 'test/fixtures', d), /\.([cm]?js|[cm]?ts)$/)) add(f);
  for (const f of filesIn(path.join(root, 'test/fixtures'), /\.[cm]?js$/, false)) add(f);
  for (const f of filesIn(path.join(root, 'test/browser-corpus'), /\.js$/)) add(f, { runtime: 'browser' });
  for (const f of filesIn(path.join(root, 'examples'), /\.(js|ts)$/)) add(f, { runtime: path.basename(f).startsWith('browser') ? 'browser' : 'node' });
  return out;
}

function checked(schema: RecordSchema, p: PackedRecords | null): CheckedRecords {
  assert.ok(p, `${schema.what}: packable`);
  const c = checkPackedRecords(schema, p);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

/** Same records, same keys in the same order, same values (Object.is: -0, NaN, undefined-valued keys). */
function assertSameRecords(actual: readonly object[], expected: readonly object[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: count`);
  for (let i = 0; i < expected.length; i++) {
    assert.deepEqual(Object.keys(actual[i]), Object.keys(expected[i]), `${what}[${i}]: keys in order`);
    assert.equal(Object.getPrototypeOf(actual[i]), Object.prototype, `${what}[${i}]: a plain object`);
  }
  assert.deepStrictEqual(actual, expected, what);
}

function roundTrip<T extends object>(schema: RecordSchema, records: readonly T[]): T[] {
  // As it travels: structured clone (worker → child), v8 serialize (child → host), then the check.
  const p = packRecords(schema, records);
  assert.ok(p, `${schema.what}: packable`);
  const moved = v8.deserialize(v8.serialize(structuredClone(p))) as PackedRecords;
  return unpackRecords<T>(checked(schema, moved));
}

/** The field types a consumer relies on (what the protocol's plain checks asserted). */
function assertTypes(schema: RecordSchema, records: readonly Record<string, unknown>[]): void {
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      const f = schema.fields[schema.index.get(k)!];
      assert.ok(f, `known key ${k}`);
      if (v === undefined) {
        assert.ok(!f.required, `${k} is required`);
        continue;
      }
      const sub = f.type as { record?: RecordSchema; list?: RecordSchema };
      if (sub.record) assertTypes(sub.record, [v as Record<string, unknown>]);
      else if (sub.list) {
        assert.ok(Array.isArray(v), k);
        assertTypes(sub.list, v as Record<string, unknown>[]);
      } else if (f.type === 's') assert.ok(typeof v === 'string' && v.length <= f.maxLength, k);
      else if (typeof f.type !== 'string') assert.ok((f.type as readonly string[]).includes(v as string), k);
      else if (f.type === 'n') assert.ok(typeof v === 'number' && !Number.isNaN(v), k);
      else assert.ok(Number.isSafeInteger(v) && (f.type !== 'u' || (v as number) >= 0), k);
    }
    for (const f of schema.fields) if (f.required) assert.ok(r[f.name] !== undefined, `${f.name} present`);
  }
}

const task = (over: Partial<TaskRecord> & Record<string, unknown> = {}): TaskRecord => ({
  id: 1, kind: 'microtask', source: 'promise', line: 3, column: 4, callbackLine: undefined, label: 'then callback', enqueueStep: 10, enqueueTime: 0,
  delay: undefined, startStep: undefined, startTime: undefined, endStep: undefined, ...over,
} as TaskRecord);

describe('packed record tables (task records, console events, bindings)', function () {
  this.timeout(300_000);

  it('every program: tasks and console come back identical, and every TaskRecord shape occurs', async () => {
    const seen = new Set<string>();
    let tasks = 0;
    let events = 0;
    let bindings = 0;
    const check = (name: string, a: Analysis) => {
      if (a.tasks.length) {
        assertSameRecords(roundTrip(TASK_SCHEMA, a.tasks), a.tasks, `${name}: tasks`);
        tasks += a.tasks.length;
      }
      if (a.console.length) {
        assertSameRecords(roundTrip(CONSOLE_SCHEMA, a.console), a.console, `${name}: console`);
        events += a.console.length;
      }
      if (a.bindings?.length) {
        assertSameRecords(roundTrip(BINDING_SCHEMA, a.bindings), a.bindings, `${name}: bindings`);
        bindings += a.bindings.length;
        for (const b of a.bindings) {
          if (b.tdz) seen.add('binding tdz');
          if (b.values) seen.add('binding values');
          if (b.decl.file !== undefined) seen.add('binding file');
        }
      }
      for (const t of a.tasks) {
        seen.add(`kind:${t.kind}`);
        seen.add(`source:${t.source}`);
        if (t.file !== undefined) seen.add('file');
        if (t.detail !== undefined) seen.add('detail');
        if (t.delay !== undefined) seen.add('delay');
        if (t.callbackLine !== undefined) seen.add('callbackLine');
        if (t.startStep === undefined) seen.add('never started');
        if (t.startTime !== undefined && !Number.isInteger(t.startTime)) seen.add('fractional time');
      }
      for (const e of a.console) {
        if (e.file !== undefined) seen.add('console file');
        if (e.detail !== undefined) seen.add('console detail');
        if (e.delay !== undefined) seen.add('console delay');
      }
    };
    const all = programs();
    assert.ok(all.length > 200, `${all.length} programs`);
    for (const [name, source, options] of all) check(name, analyze(source, options));
    // Multi-file projects: records scheduled in other files carry `file`.
    const mods = filesIn(path.join(root, 'test/fixtures/modules'), /^main\.(js|mjs|cjs)$/);
    assert.ok(mods.length > 30, `${mods.length} module projects`);
    for (const file of mods) {
      const source = fs.readFileSync(file, 'utf8');
      const modules = await collectSources(file, source, diskReader);
      check(path.relative(root, file), analyze(source, { fileName: file, modules, maxMillis: 20_000 }));
    }
    for (const k of ['microtask', 'macrotask', 'nextTick', 'animationFrame']) assert.ok(seen.has(`kind:${k}`), `a ${k} record`);
    for (const s of ['promise', 'await', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestAnimationFrame', 'postMessage', 'event', 'MutationObserver']) {
      assert.ok(seen.has(`source:${s}`), `a ${s} record`);
    }
    for (const s of ['file', 'detail', 'delay', 'callbackLine', 'never started', 'fractional time', 'console file', 'console detail', 'console delay', 'binding tdz', 'binding values']) assert.ok(seen.has(s), `a record with ${s}`);
    assert.ok(tasks > 10_000 && events > 2_000 && bindings > 2_000, `${tasks} tasks, ${events} console events, ${bindings} bindings`);
  });

  it('a long run: 10,000 task records and 10,000 console lines', () => {
    const a = analyze('async function m() { for (let i = 0; i < 20000; i++) await i; }\nm();\nfor (let i = 0; i < 10000; i++) console.log("line", i, { i });', { fileName: 'long.js', maxSteps: 1e8 });
    assert.equal(a.tasks.length, 10_000);
    assert.equal(a.console.length, 10_000);
    assertSameRecords(roundTrip(TASK_SCHEMA, a.tasks), a.tasks, 'tasks');
    assertSameRecords(roundTrip(CONSOLE_SCHEMA, a.console), a.console, 'console');
    // A 2,000-line file: 3,000 bindings, with ranges, TDZ ranges and values.
    let big = '';
    for (let i = 0; i < 1000; i++) big += `let v${i} = ${i};\nfunction f${i}(a, b) { const c = a + b + v${i}; return c; }\n`;
    const b = analyze(big + 'f1(1, 2);\n', { fileName: 'big.js' });
    assert.ok(b.bindings!.length > 3000);
    assertSameRecords(roundTrip(BINDING_SCHEMA, b.bindings!), b.bindings!, 'bindings');
    const pb = packBindings(b.bindings!)!;
    assert.ok(pb.bytes.byteLength + 2 * pb.strings.length < JSON.stringify(b.bindings).length / 3, `${pb.bytes.byteLength} bytes for bindings`);
    // Far smaller than the objects (that is the point).
    const p = packTasks(a.tasks)!;
    assert.ok(p.bytes.byteLength + 2 * p.strings.length < JSON.stringify(a.tasks).length / 8, `${p.bytes.byteLength} bytes`);
  });

  it('the engine makes its records in the layouts unpacking builds by literal (a drift shows here)', () => {
    for (const s of [TASK_SCHEMA, CONSOLE_SCHEMA, BINDING_SCHEMA, ...BINDING_SCHEMA.fields.map((f) => (f.type as { record?: RecordSchema; list?: RecordSchema })).flatMap((t) => (t.record ?? t.list ? [(t.record ?? t.list)!] : []))]) {
      for (const l of s.layouts) assert.deepEqual(Object.keys(l.build(new Array(l.keys.length))), l.keys, `${s.what} layout`);
    }
    const a = analyze("let x = 1;\nsetTimeout(() => console.log('t', x), 5);\nPromise.resolve().then(() => console.log('p'));\nprocess.nextTick(() => {});\nsetImmediate(() => console.error('i'));\nconsole.log('main');\nfunction f(a) { var y; }\n", { fileName: 'l.js' });
    for (const [schema, list] of [[TASK_SCHEMA, a.tasks], [CONSOLE_SCHEMA, a.console], [BINDING_SCHEMA, a.bindings!]] as const) {
      const c = checked(schema, packRecords(schema, list));
      assert.ok(c.layouts.length > 0 && c.layouts.every((ls) => ls.every((l) => l !== null)), `${schema.what}: every shape has a layout`);
    }
  });

  it('hand-made shapes: every kind, delays, nextTick, immediate, browser tasks, files, never started, odd numbers', () => {
    const records: TaskRecord[] = [
      task(),
      task({ id: 2, kind: 'macrotask', source: 'setTimeout', delay: 100, enqueueStep: 12, startStep: 400, startTime: 100, endStep: 450, callbackLine: 7 }),
      task({ id: 3, kind: 'nextTick', source: 'nextTick', enqueueStep: 11 }),
      task({ id: 4, kind: 'macrotask', source: 'setImmediate', startStep: 5, endStep: 3, startTime: 0 }),
      task({ id: 9, kind: 'animationFrame', source: 'requestAnimationFrame', enqueueTime: 16.666666666666668, startTime: 33.333333333333336, detail: 'frame 2 (33.3 ms)' }),
      { ...task({ id: 10, kind: 'macrotask', source: 'event' }), file: '/w/lib/a.js', detail: 'click #buy' },
      { file: '/w/b.js', ...task({ id: 8, source: 'await', label: '' }) },
      task({ id: 11, enqueueStep: 1e10, startStep: 1e10 + 5, endStep: 2 ** 52 - 1, enqueueTime: Infinity, startTime: -0, delay: -Infinity }),
      task({ id: 13, enqueueTime: 2 ** 52 - 1, startTime: -(2 ** 51) - 1, delay: 2 ** 50 + 1, startStep: 2 ** 50 }),
      task({ id: 14, enqueueTime: 2 ** 50, startTime: -(2 ** 50), delay: Number.MAX_VALUE, endStep: 0 }),
      task({ id: 0, kind: 'script', source: 'script', line: 0, column: 0, callbackLine: -1, label: 'x'.repeat(100_000) }),
      { id: 12, kind: 'microtask', source: 'queueMicrotask', line: 1, column: 0, label: 'minimal', enqueueStep: 0, enqueueTime: 0 } as TaskRecord,
    ];
    const back = roundTrip(TASK_SCHEMA, records);
    assertSameRecords(back, records, 'tasks');
    assert.ok(Object.is(back[7].startTime, -0));
    assert.equal(back[8].enqueueTime, 2 ** 52 - 1);
    assert.ok(!('file' in back[0]) && 'startStep' in back[0] && back[0].startStep === undefined);
    const events: ConsoleEvent[] = [
      { line: 1, column: 0, endLine: 1, endColumn: 9, kind: 'sync', source: 'script', text: 'a\nb', stream: 'stdout', method: 'log', step: 3, time: 0, taskId: 0, delay: undefined, detail: undefined, order: 1 },
      { file: '/w/m.js', line: 2, column: 2, endLine: 2, endColumn: 20, order: 2, kind: 'macrotask', source: 'setTimeout', text: '', stream: 'stderr', method: 'error', step: 99, time: 10.5, taskId: 4, delay: 10 },
      { line: 1, column: 0, endLine: 1, endColumn: 0, order: 3, kind: 'animationFrame', source: 'requestAnimationFrame', text: '😀 ünïcode \u0000', stream: 'stdout', method: 'log', step: 100, time: 16.7, taskId: 5, detail: 'frame 1 (16.7 ms)' },
    ];
    assertSameRecords(roundTrip(CONSOLE_SCHEMA, events), events, 'console');
    assert.deepEqual(roundTrip(TASK_SCHEMA, []), []);
  });

  it('refuses what it cannot represent exactly (the worker sends those lists plain)', () => {
    const refuse: [string, unknown][] = [
      ['an unknown key', { ...task(), extra: 1 }],
      ['a required key missing', (({ label: _l, ...r }) => r)(task())],
      ['a required key undefined', task({ label: undefined as unknown as string })],
      ['a wrong type', task({ line: '3' as unknown as number })],
      ['a negative line', task({ line: -1 })],
      ['a fractional id', task({ id: 1.5 })],
      ['-0 as an integer', task({ enqueueStep: -0 })],
      ['NaN time', task({ enqueueTime: NaN })],
      ['an unknown source', task({ source: 'xhr' as never })],
      ['a null', task({ delay: null as unknown as number })],
      ['a non-plain record', Object.assign(Object.create(null), task())],
      ['a class instance', new (class { id = 1 })()],
      ['an integer beyond 2^52', task({ enqueueStep: 2 ** 52 })],
      ['a delta beyond 2^52', task({ id: -(2 ** 52 - 1) })],
      ['not an object', 7],
    ];
    for (const [why, r] of refuse) assert.equal(packTasks([task(), r as TaskRecord]), null, why);
    assert.equal(packConsole([{ line: 1, column: 0, endLine: 1, endColumn: 0, order: 1, kind: 'sync', source: 'script', text: 'x', stream: 'stdout', method: 'm'.repeat(101), step: 1, time: 0, taskId: 0 }]), null, 'a method longer than 100');
    // withPackedRecords leaves such a list plain, and packs the other.
    const a = analyze('console.log(1); Promise.resolve().then(() => {});', { fileName: 'a.js' });
    const odd = withPackedRecords({ ...a, tasks: [{ ...a.tasks[0], extra: 1 } as TaskRecord] });
    assert.equal(odd.packedTasks, undefined);
    assert.equal(odd.tasks.length, 1);
    assert.ok(odd.packedConsole && odd.console.length === 0);
    assert.deepEqual(Object.keys(odd), [...Object.keys(a), 'packedConsole'], 'each list keeps its key and place');
  });

  describe('hostile packs: rejected with a reason, never a throw', () => {
    const a = analyze('setTimeout(() => console.log("t"), 5); Promise.resolve().then(() => console.log("p")); process.nextTick(() => {}); setImmediate(() => {});', { fileName: 'h.js' });
    const good = packTasks(a.tasks)!;
    const goodConsole = packConsole(a.console)!;
    const reject = (raw: unknown, why: string, schema = TASK_SCHEMA, budget?: number) => {
      let r: CheckedRecords | string;
      assert.doesNotThrow(() => (r = checkPackedRecords(schema, raw, budget)), why);
      assert.equal(typeof r!, 'string', why);
    };
    const withBytes = (bytes: number[] | Uint8Array, over: Partial<PackedRecords> = {}): PackedRecords => ({ count: over.count ?? 1, bytes: bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), strings: over.strings ?? 'ab', stringEnds: over.stringEnds ?? Uint32Array.from([1, 2]) });
    const varint = (n: number): number[] => {
      const out: number[] = [];
      for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
      out.push(n);
      return out;
    };
    const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
    /** One shape of the required fields (in schema order), and a record of it from raw varint values. */
    const required = TASK_SCHEMA.fields.filter((f) => f.required);
    const shape = [1, required.length, ...required.map((f) => TASK_SCHEMA.index.get(f.name)! * 2)];
    const record = (over: Record<string, number> = {}) => [0, ...required.flatMap((f) => varint(over[f.name] ?? (f.name === 'label' || f.name === 'kind' || f.name === 'source' ? 0 : 2)))];
    /** The string table rebuilt with `f` applied to each string. */
    const retable = (p: PackedRecords, f: (s: string) => string): PackedRecords => {
      const list = [...p.stringEnds].map((e, i) => f(p.strings.slice(i === 0 ? 0 : p.stringEnds[i - 1], e)));
      let at = 0;
      return { ...p, strings: list.join(''), stringEnds: Uint32Array.from(list, (x) => (at += x.length)) };
    };

    it('accepts the real pack (the control)', () => {
      assert.equal(typeof checkPackedTasks(good), 'object');
      assert.equal(typeof checkPackedConsole(goodConsole), 'object');
    });

    it('wrong container types and keys', () => {
      for (const raw of [null, undefined, 7, 'x', [], new Map(), Object.create(null), { ...good, extra: 1 }, { ...good, bytes: Array.from(good.bytes) }, { ...good, bytes: new Uint16Array(4) },
        { ...good, bytes: new (class extends Uint8Array {})(4) }, { ...good, stringEnds: Array.from(good.stringEnds) }, { ...good, stringEnds: new Int32Array(good.stringEnds) }, { ...good, strings: 42 },
        { ...good, count: -1 }, { ...good, count: 1.5 }, { ...good, count: '3' }, { ...good, count: NaN }, { ...good, count: PACKED_RECORD_LIMITS.records + 1 }, { ...good, count: Infinity }]) {
        reject(raw, String(raw && Object.keys(raw as object)));
      }
      // A getter that throws is unreadable, not a crash.
      reject(Object.defineProperty({ ...good }, 'count', { get() { throw new Error('boom'); }, enumerable: true }), 'a throwing getter');
    });

    it('wrong lengths: every truncation, extra bytes, count off by one, huge counts', () => {
      for (let n = 0; n < good.bytes.length; n++) reject({ ...good, bytes: good.bytes.slice(0, n) }, `truncated to ${n}`);
      reject({ ...good, bytes: Uint8Array.from([...good.bytes, 0]) }, 'a trailing byte');
      reject({ ...good, count: good.count + 1 }, 'count + 1');
      reject({ ...good, count: good.count - 1 }, 'count - 1');
      reject({ ...good, count: 8_000_000 }, 'a huge count over few bytes');
      const t0 = Date.now();
      reject(withBytes([0], { count: 8_000_000 }), 'records without a shape');
      assert.ok(Date.now() - t0 < 1000);
    });

    it('string tables: ids out of range, offsets backwards or past the end, strings too long', () => {
      assert.equal(typeof checkPackedTasks(withBytes([...shape, ...record({ label: 1 })])), 'object', 'the hand-made control passes');
      reject(withBytes([...shape, ...record({ label: 2 })]), 'a string id out of range');
      reject(withBytes([...shape, ...record({ label: 2 ** 40 })]), 'a string id far out of range');
      reject(withBytes([...shape, ...record()], { stringEnds: new Uint32Array(0) }), 'no strings');
      reject(withBytes([...shape, ...record()], { stringEnds: Uint32Array.from([3, 3]) }), 'an offset past the end');
      reject(withBytes([...shape, ...record()], { stringEnds: Uint32Array.from([2, 1]) }), 'offsets backwards');
      reject({ ...goodConsole, strings: goodConsole.strings.slice(0, 1) }, 'strings cut', CONSOLE_SCHEMA);
      assert.equal(typeof checkPackedConsole(retable(goodConsole, (x) => x)), 'object', 'the retabled control passes');
      reject(retable(goodConsole, (x) => (x === 'log' ? 'l'.repeat(101) : x)), 'a method of 101 characters', CONSOLE_SCHEMA);
    });

    it('shapes and enums: unknown fields, duplicates, undefined required fields, bad enum indexes, too many shapes', () => {
      const fields = shape.slice(2);
      reject(withBytes([...shape, ...record({ kind: 5 })]), 'kind index 5');
      reject(withBytes([...shape, ...record({ source: 14 })]), 'source index 14');
      reject(withBytes([...shape, ...record({ kind: 200 })]), 'kind index 200');
      reject(withBytes([1, fields.length + 1, ...fields, TASK_SCHEMA.fields.length * 2, ...record()]), 'a field index past the schema');
      reject(withBytes([1, fields.length + 1, ...fields, fields[0], ...record()]), 'a field twice');
      reject(withBytes([1, fields.length - 1, ...fields.slice(1), ...record().slice(0, -1)]), 'a required field missing');
      reject(withBytes([1, fields.length, fields[0] + 1, ...fields.slice(1), 0, ...record().slice(2)]), 'a required field undefined');
      reject(withBytes([...shape, 1, ...record().slice(1)]), 'a shape id past the table');
      reject(withBytes([...varint(PACKED_RECORD_LIMITS.shapes + 1)]), 'too many shapes');
      reject(withBytes([1, 40]), 'a shape longer than the schema');
      reject(withBytes([...shape, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'a varint past 2^53');
    });

    it('numbers: NaN floats and integers or sums past 2^52 are rejected', () => {
      const p = packTasks([task({ enqueueTime: 0.5 })])!;
      const b = p.bytes.slice();
      // The float64 of 0.5 is 00 00 00 00 00 00 e0 3f: make it a NaN (… f8 ff).
      const at = [...b].findIndex((_, i) => b[i] === 0 && b[i + 6] === 0xe0 && b[i + 7] === 0x3f);
      assert.ok(at > 0);
      assert.equal(typeof checkPackedTasks({ ...p, bytes: b }), 'object', 'the control');
      b[at + 6] = 0xf8; b[at + 7] = 0xff;
      reject({ ...p, bytes: b }, 'a NaN time');
      const max = 2 ** 52 - 1;
      assert.equal(typeof checkPackedTasks(withBytes([...shape, ...record({ enqueueStep: zigzag(max) }), ...record({ enqueueStep: zigzag(0) })], { count: 2 })), 'object', '2^52 − 1 is fine');
      reject(withBytes([...shape, ...record({ enqueueStep: zigzag(max) }), ...record({ enqueueStep: zigzag(1) })], { count: 2 }), 'a sum past 2^52');
      reject(withBytes([...shape, ...record({ line: 2 ** 52 })]), 'a line past 2^52');
      reject(withBytes([...shape, ...record({ enqueueStep: 2 ** 53 - 1 }), ...record({ enqueueStep: 2 ** 53 - 1 })], { count: 2 }), 'a sum below −2^52');
    });

    it('the size budget: unpacked records count against the message cap', () => {
      const c = checkPackedTasks(good) as CheckedRecords;
      assert.ok(c.size > 0);
      reject(good, 'over the budget', TASK_SCHEMA, c.size - 1);
      assert.equal(typeof checkPackedTasks(good, c.size), 'object');
    });

    it('nested records (bindings): every truncation, a huge list length, a range without its line, random mutations', () => {
      const b = analyze('let x = 1; x = 2; x = 3;\nfunction f(a, b) { const c = a; return c; }\nf(1, 2); f(3, 4);\nclass K {}\n', { fileName: 'b.js' });
      const p = packBindings(b.bindings!)!;
      assert.ok(b.bindings!.some((x) => x.values && x.values.length > 1) && b.bindings!.some((x) => x.tdz));
      assert.equal(typeof checkPackedBindings(p), 'object', 'the control');
      for (let n = 0; n < p.bytes.length; n++) reject({ ...p, bytes: p.bytes.slice(0, n) }, `truncated to ${n}`, BINDING_SCHEMA);
      // By hand: one binding shape (all required fields), one range shape, one value shape, then a
      // binding whose `values`… the schema's own order: id, name, kind, decl, scope, scopeRange, initialState, tdz, values.
      const idx = (n: string) => BINDING_SCHEMA.index.get(n)! * 2;
      const bindingShape = (withValues: boolean) => ['id', 'name', 'kind', 'decl', 'scope', 'scopeRange', 'initialState', ...(withValues ? ['values'] : [])].map(idx);
      const range = (line = 1) => [0, ...varint(line), 0, 1, 5];
      const shapes = (rangeKeys: number[], withValues: boolean) => [1, bindingShape(withValues).length, ...bindingShape(withValues), 1, rangeKeys.length, ...rangeKeys, 1, 2, 0, 2];
      const rangeKeys = [2, 4, 6, 8];
      const binding = (values?: number[]) => [0, 2, 0, 0, ...range(), 0, ...range(), 0, ...(values ?? [])];
      const ok = withBytes([...shapes(rangeKeys, true), ...binding([1, 0, 2, 0])]);
      assert.equal(typeof checkPackedBindings(ok), 'object', 'the hand-made control passes');
      const back = unpackRecords<Record<string, unknown>>(checkPackedBindings(ok) as CheckedRecords)[0];
      assert.deepEqual(back, { id: 1, name: 'a', kind: 'a', decl: { line: 1, column: 0, endLine: 1, endColumn: 5 }, scope: 'a', scopeRange: { line: 1, column: 0, endLine: 1, endColumn: 5 }, initialState: 'a', values: [{ step: 1, preview: 'a' }] });
      reject(withBytes([...shapes(rangeKeys, true), ...binding([...varint(2 ** 40)])]), 'a list of 2^40 values', BINDING_SCHEMA);
      reject(withBytes([...shapes(rangeKeys, true), ...binding([...varint(PACKED_RECORD_LIMITS.list + 1)])]), 'a list over the cap', BINDING_SCHEMA);
      reject(withBytes([...shapes(rangeKeys, true), ...binding([3, 0, 2, 0])]), 'a list longer than its records', BINDING_SCHEMA);
      reject(withBytes([...shapes([4, 6, 8], true), ...binding([1, 0, 2, 0])]), 'a range without its line', BINDING_SCHEMA);
      reject(withBytes([...shapes(rangeKeys, false), ...binding()].map((x, i) => (i === 0 ? 2 : x))), 'a missing shape table', BINDING_SCHEMA);
      let seed = 5;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
      let accepted = 0;
      for (let k = 0; k < 2000; k++) {
        const bytes = p.bytes.slice();
        for (let j = 1 + rand(3); j > 0; j--) bytes[rand(bytes.length)] = rand(256);
        let r: CheckedRecords | string = '';
        assert.doesNotThrow(() => (r = checkPackedBindings({ ...p, bytes })));
        if (typeof r === 'string') continue;
        accepted++;
        let out: Record<string, unknown>[] = [];
        assert.doesNotThrow(() => (out = unpackRecords(r as CheckedRecords)));
        assertTypes(BINDING_SCHEMA, out);
      }
      assert.ok(accepted > 0);
    });

    it('random mutations: rejected, or accepted and then unpacked to well-typed records without a throw', () => {
      const big = packTasks(analyze('for (let i = 0; i < 300; i++) { setTimeout(() => {}, i % 7); Promise.resolve(i).then(() => {}); queueMicrotask(() => {}); }', { fileName: 'm.js' }).tasks)!;
      let seed = 11;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
      let accepted = 0;
      for (let k = 0; k < 3000; k++) {
        const b = big.bytes.slice();
        for (let j = 1 + rand(3); j > 0; j--) b[rand(b.length)] = rand(256);
        const raw = { ...big, bytes: b };
        let r: CheckedRecords | string = '';
        assert.doesNotThrow(() => (r = checkPackedTasks(raw)));
        if (typeof r === 'string') continue;
        accepted++;
        let out: TaskRecord[] = [];
        assert.doesNotThrow(() => (out = unpackRecords<TaskRecord>(r as CheckedRecords)));
        assert.equal(out.length, big.count);
        assertTypes(TASK_SCHEMA, out as unknown as Record<string, unknown>[]);
      }
      assert.ok(accepted > 0, 'some mutations keep a valid table (so the typed-records assertion ran)');
    });
  });
});
