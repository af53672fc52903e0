// The `info` note on a construct Node 24's type stripping refuses and the simulation runs with
// --experimental-transform-types semantics (one wording for both parse paths, ./erase.ts and ./fast.ts).
export function transformNoteMessage(what: string): string {
  return `${what} is not erasable: Node 24 stops with ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX ("${what} is not supported in strip-only mode") unless run with --experimental-transform-types; simulated as that transform compiles it.`;
}
