// src/extension/panel/traceFile.ts: the files through which a run's packed trace reaches the
// step-through webview (its layout, who deletes them and when, and the clean-up of a crashed
// window's directory). The real webview reading one is test/integration/panel.test.ts.
import { strict as assert } from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TraceFiles } from '../../src/extension/panel/traceFile';
import { checkPackedTrace, packTrace } from '../../src/engine/traceCodec';
import { analyze } from '../../src/engine/simulator';
import { TraceReplay } from '../../src/engine/replay';
import { LocalReplay } from '../../src/webview/localReplay';
import { packedTraceOfFile } from '../../src/shared/traceFileLayout';

describe('trace files for the step-through webview', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'ell-tracefiles-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const packedOf = (source: string) => {
    const a = analyze(source, { fileName: 't.js', trace: true });
    const p = a.packedTrace ?? packTrace(a.trace!);
    assert.ok(p && p.count > 0);
    return p;
  };

  it('holds the string ends, the strings (every UTF-16 code unit) and the event bytes: the webview\'s reading of it passes the check and gives the same trace', async () => {
    // A function's name is in the trace's strings as it is (a value's preview escapes a lone surrogate).
    const packed = packedOf("const f = { ['\u00e9\\ud800b']() { return 1; } }['\u00e9\\ud800b']; setTimeout(f, 1); Promise.resolve().then(() => console.log('x'));");
    const files = new TraceFiles(path.join(root, 'traces'));
    const offer = await files.offer(3, packed);
    assert.ok(offer, 'a file is offered');
    assert.equal(offer.count, packed.count);
    assert.equal(offer.stringEndsCount, packed.stringEnds.length);
    assert.equal(offer.stringsLength, packed.strings.length);
    assert.equal(offer.bytesLength, packed.bytes.byteLength);
    assert.ok(packed.strings.includes('\u00e9\ud800b'), 'the trace holds a non-ASCII character and a lone surrogate');
    // What LocalReplay.load does with the fetched bytes.
    const buf = new Uint8Array(fs.readFileSync(offer.file)).buffer;
    assert.equal(buf.byteLength, offer.stringEndsCount * 4 + offer.stringsLength * 2 + offer.bytesLength);
    const read = packedTraceOfFile(buf, offer);
    assert.ok(read);
    assert.notEqual(typeof checkPackedTrace(read), 'string');
    assert.deepEqual([...read.bytes], [...packed.bytes]);
    assert.deepEqual([...read.stringEnds], [...packed.stringEnds]);
    assert.equal(read.strings, packed.strings, 'the strings, code unit for code unit');
    assert.equal(packedTraceOfFile(buf, { ...offer, stringsLength: offer.stringsLength + 1 }), null, 'a shape the file does not have');
    assert.equal(packedTraceOfFile(buf, { ...offer, stringsLength: 0.5 }), null, 'a length that is not one');
    assert.equal((fs.statSync(offer.file).mode & 0o777), 0o600, 'only this user reads it');
    files.dispose();
  });

  it('deletes a file once the webview read it, when a newer run replaces it, and everything on dispose', async () => {
    const packed = packedOf('console.log(1)');
    const files = new TraceFiles(root);
    const a = (await files.offer(1, packed))!.file;
    const b = (await files.offer(2, packed))!.file;
    assert.deepEqual(files.pending.sort(), [a, b].sort());
    files.done(1);
    await waitGone(a);
    assert.ok(fs.existsSync(b));
    const c = (await files.offer(3, packed))!.file;
    files.keepOnly(3);
    await waitGone(b);
    assert.deepEqual(files.pending, [c]);
    const dir = path.dirname(c);
    files.dispose();
    assert.ok(!fs.existsSync(dir), "the controller's directory is gone");
    assert.equal(await files.offer(4, packed), undefined, 'nothing is written after dispose');
  });

  it("removes the directory of an extension host that is gone, not a running one's", async () => {
    const dead = childProcess.spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    const orphan = path.join(root, `${deadPid}-abcdef012345`);
    const running = path.join(root, `${process.ppid}-0123456789ab`);
    const other = path.join(root, 'not-ours');
    for (const d of [orphan, running, other]) { fs.mkdirSync(d); fs.writeFileSync(path.join(d, 'trace-1-1.bin'), 'x'); }
    const files = new TraceFiles(root);
    assert.ok(await files.offer(1, packedOf('1')));
    assert.ok(!fs.existsSync(orphan), 'the dead process\'s directory is removed');
    assert.ok(fs.existsSync(running) && fs.existsSync(other), 'a live process\'s directory and foreign names stay');
    files.dispose();
  });

  it("the webview's reading: a file of another size than offered, or bytes that fail the check, open no replay", async () => {
    const a = analyze("setTimeout(() => console.log('t'), 1); Promise.resolve().then(() => console.log('p'));", { fileName: 't.js', trace: true, packTrace: true });
    const packed = a.packedTrace!;
    const replay = new TraceReplay(a);
    const run = { version: 1, fileName: 't.js', runtime: a.runtime, virtualTime: a.virtualTime, console: a.console, stopCount: replay.stopCount } as never;
    const files = new TraceFiles(root);
    const offer = (await files.offer(1, packed))!;
    const file = new Uint8Array(fs.readFileSync(offer.file));
    const url = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
    const message = { version: 1, url: url(file), count: offer.count, stringEndsCount: offer.stringEndsCount, stringsLength: offer.stringsLength, bytesLength: offer.bytesLength, steps: a.steps, bindings: [] };
    const opened = await LocalReplay.load(run, message);
    assert.ok(opened, 'the real file opens');
    opened.dispose();
    assert.equal(await LocalReplay.load(run, { ...message, bytesLength: offer.bytesLength - 1 }), null, 'another size');
    assert.equal(await LocalReplay.load(run, { ...message, url: url(file.subarray(0, file.length - 1)) }), null, 'a short file');
    assert.equal(await LocalReplay.load(run, { ...message, stringEndsCount: -1 }), null, 'a negative length');
    const bytesAt = offer.stringEndsCount * 4 + offer.stringsLength * 2;
    const bad = file.slice();
    bad[bytesAt] = 250; // the first event's kind
    assert.equal(await LocalReplay.load(run, { ...message, url: url(bad) }), null, 'bytes that fail the check');
    // The same file cut elsewhere: one string code unit fewer, the bytes two longer.
    assert.equal(await LocalReplay.load(run, { ...message, stringsLength: offer.stringsLength - 1, bytesLength: offer.bytesLength + 2 }), null, 'strings that do not fit the offsets');
    const ends = file.slice();
    new DataView(ends.buffer).setUint32(0, offer.stringsLength + 1, true); // the first string's end, past the table
    assert.equal(await LocalReplay.load(run, { ...message, url: url(ends) }), null, 'an end offset past the strings');
    files.dispose();
  });

  it('offers nothing when it cannot write (the webview then asks the host for every move)', async () => {
    const blocker = path.join(root, 'file');
    fs.writeFileSync(blocker, 'x');
    const files = new TraceFiles(path.join(blocker, 'traces'));
    assert.equal(await files.offer(1, packedOf('1')), undefined);
    assert.equal(await new TraceFiles(undefined).offer(1, packedOf('1')), undefined);
    files.dispose();
  });
});

async function waitGone(file: string): Promise<void> {
  for (let i = 0; i < 100 && fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(!fs.existsSync(file), `${file} deleted`);
}
