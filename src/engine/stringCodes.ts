// Strings that repeat, as small integer codes in first-seen order: the trace recorder's string
// table (src/engine/traceCodec.ts) and the replay's columns of names and labels (scopeStore.ts).

export class StringCodes {
  private readonly codes = new Map<string, number>();
  /** Every string with a code, in code order. */
  readonly list: string[] = [];
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.list.length;
      this.list.push(s);
      this.codes.set(s, c);
    }
    return c;
  }
  /** The code of `s` if it has one (-1: none). */
  find(s: string): number {
    return this.codes.get(s) ?? -1;
  }
  string(code: number): string {
    return this.list[code];
  }
}
