// The layout of the file through which a run's packed trace reaches the step-through webview
// (written by src/extension/panel/traceFile.ts, read by src/webview/localReplay.ts), in one place
// for both sides. Pure: no fs, no vscode, no DOM.
//
//   [stringEnds: Uint32 × stringEndsCount][strings: UTF-16 code units × stringsLength][bytes × bytesLength]
//
// Little-endian (the writer offers no file on a big-endian host). The strings are their UTF-16
// code units, not UTF-8: every code unit survives, a lone surrogate too (a guest's string may hold
// one), which neither UTF-8 nor TextDecoder('utf-16le') would keep. Each part starts aligned for its
// element size (4, then 4 × stringEndsCount, which is even). What a reader gets from the file is
// untrusted until checkPackedTrace has passed it, as any packed trace is.
import type { PackedTrace } from '../engine/traceCodec';

/** The file's shape, as the host's offer states it (the reader cuts the file by these numbers). */
export interface TraceFileShape {
  count: number;
  stringEndsCount: number;
  stringsLength: number;
  bytesLength: number;
}

/** The shape of `packed`'s file. */
export function traceFileShape(packed: PackedTrace): TraceFileShape {
  return { count: packed.count, stringEndsCount: packed.stringEnds.length, stringsLength: packed.strings.length, bytesLength: packed.bytes.byteLength };
}

/** The file's parts in order (views, no copy of the ends or the bytes), for one writev. */
export function traceFileParts(packed: PackedTrace): Uint8Array[] {
  const ends = packed.stringEnds;
  const units = new Uint16Array(packed.strings.length);
  const s = packed.strings;
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return [new Uint8Array(ends.buffer, ends.byteOffset, ends.byteLength), new Uint8Array(units.buffer), packed.bytes];
}

/** Code units per String.fromCharCode call (its arguments go on the stack). */
const DECODE_CHUNK = 8192;

/**
 * The packed trace in a fetched file of shape `shape` (not yet checked: checkPackedTrace's job), or
 * null when the shape's numbers are not lengths or the file is not exactly that long.
 */
export function packedTraceOfFile(buf: ArrayBuffer, shape: TraceFileShape): PackedTrace | null {
  const { count, stringEndsCount, stringsLength, bytesLength } = shape;
  if (![stringEndsCount, stringsLength, bytesLength].every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
  if (buf.byteLength !== stringEndsCount * 4 + stringsLength * 2 + bytesLength) return null;
  const stringEnds = new Uint32Array(buf, 0, stringEndsCount);
  const units = new Uint16Array(buf, stringEndsCount * 4, stringsLength);
  const pieces: string[] = [];
  for (let i = 0; i < stringsLength; i += DECODE_CHUNK) pieces.push(String.fromCharCode.apply(null, units.subarray(i, i + DECODE_CHUNK) as unknown as number[]));
  const bytes = new Uint8Array(buf, stringEndsCount * 4 + stringsLength * 2, bytesLength);
  return { count, stringEnds, strings: pieces.join(''), bytes };
}
