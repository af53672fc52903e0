// The byte streams of the packed formats — traceCodec.ts (the step trace) and recordCodec.ts (task
// records, console events, bindings): unsigned LEB128 varints (7 bits a byte, low first), zigzag for
// signed integers, and a number as the varint 2 × zigzag(v) (an integer within ±2^50, not -0) or as
// the varint 1 and its float64 bytes. ByteReader never reads past the end and never answers an
// unsafe integer: it throws MalformedBytes, which each format's check turns into its own refusal.
// Both formats also carry the same string table (stringTableOf, stringEndsHold, stringStart).

/** Thrown by ByteReader (and by the formats' checks) at bytes that are not what the format writes. */
export class MalformedBytes {}

export function zigzag(v: number): number {
  // Non-integers never reach here from the engine; a NaN would loop forever in uint().
  if (!Number.isFinite(v)) return 0;
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** A growable byte buffer written with varints and numbers. */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** A non-negative safe integer. */
  uint(v: number): void {
    this.room(10);
    const b = this.buf;
    if (v < 128) { b[this.pos++] = v; return; }
    if (v < 2147483648) {
      while (v >= 128) { b[this.pos++] = (v & 127) | 128; v >>>= 7; }
      b[this.pos++] = v;
      return;
    }
    while (v >= 128) { b[this.pos++] = (v % 128) | 128; v = Math.floor(v / 128); }
    b[this.pos++] = v;
  }

  /** Any number, exactly (-0, fractions and integers past 2^50 as float64: the varint stays safe). */
  num(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) <= 2 ** 50 && !Object.is(v, -0)) this.uint(zigzag(v) * 2);
    else {
      this.uint(1);
      this.room(8);
      this.f64[0] = v;
      this.buf.set(this.f64Bytes, this.pos);
      this.pos += 8;
    }
  }
}

/** Reads varints and numbers from a byte stream, never past its end (MalformedBytes instead). */
export class ByteReader {
  pos = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  constructor(private readonly b: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new MalformedBytes();
    return this.b[this.pos++];
  }

  uint(): number {
    // One byte: most varints (deltas, lines, small ids).
    const pos = this.pos;
    if (pos < this.b.length) {
      const x = this.b[pos];
      if (x < 128) { this.pos = pos + 1; return x; }
    }
    return this.longUint();
  }

  private longUint(): number {
    const b = this.b;
    let v = 0;
    let scale = 1;
    for (let k = 0; k < 8; k++) {
      if (this.pos >= b.length) throw new MalformedBytes();
      const x = b[this.pos++];
      v += (x & 127) * scale;
      if (x < 128) {
        if (v > Number.MAX_SAFE_INTEGER) throw new MalformedBytes();
        return v;
      }
      scale *= 128;
    }
    throw new MalformedBytes();
  }

  num(): number {
    const w = this.uint();
    if (w % 2 === 0) return unzigzag(w / 2);
    if (w !== 1 || this.pos + 8 > this.b.length) throw new MalformedBytes();
    for (let k = 0; k < 8; k++) this.f64Bytes[k] = this.b[this.pos++];
    return this.f64[0];
  }
}

// ---- the string table both formats carry: every string once, concatenated, with the end offset of each

/** A plain Uint8Array / Uint32Array (no subclass, no foreign prototype), as the checks accept. */
export const isU8 = (v: unknown): v is Uint8Array => v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype;
export const isU32 = (v: unknown): v is Uint32Array => v instanceof Uint32Array && Object.getPrototypeOf(v) === Uint32Array.prototype;

/** The string table of `table` (string id k is table[k]). */
export function stringTableOf(table: readonly string[]): { strings: string; stringEnds: Uint32Array } {
  const stringEnds = new Uint32Array(table.length);
  let at = 0;
  for (let i = 0; i < table.length; i++) stringEnds[i] = at += table[i].length;
  return { strings: table.join(''), stringEnds };
}

/** Are the offsets of an untrusted string table ascending and within `strings`, no string longer than `maxLength`? */
export function stringEndsHold(stringEnds: Uint32Array, strings: string, maxLength = Infinity): boolean {
  let prev = 0;
  for (let i = 0; i < stringEnds.length; i++) {
    const end = stringEnds[i];
    if (end < prev || end > strings.length || end - prev > maxLength) return false;
    prev = end;
  }
  return true;
}

/** The start offset of string id `id` (its end is stringEnds[id]). */
export function stringStart(stringEnds: Uint32Array, id: number): number {
  return id === 0 ? 0 : stringEnds[id - 1];
}
