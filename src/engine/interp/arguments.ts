// Sloppy-mode mapped arguments objects (ECMA-262 §10.4.4, CreateMappedArgumentsObject).
//
// A sloppy function with simple parameters that uses `arguments` gets V8's own mapped arguments
// object: a realm helper function (constant source below, never user text) is called with the actual
// arguments, and its parameters *are* the guest function's parameters — the guest's reads and writes
// of them go through the helper's closures, so `arguments[i]` and the parameter stay linked both
// ways exactly as V8 links them (and unlink on delete / defineProperty). `callee` is the guest
// function. Strict functions and non-simple parameter lists keep the unmapped object
// (helpers.makeArguments), whose `callee` throws.
//
// Invariant: the record a helper returns is host-only (held in an internal slot no name resolves to);
// the guest sees only the arguments object, a realm object.
import * as vm from 'vm';
import type { Interpreter } from './runtime';

/** Parameter lists up to this length get a mapped object (longer ones: unmapped, as strict code). */
export const MAX_MAPPED_PARAMS = 16;

function helperSource(): string {
  const fns: string[] = [];
  for (let n = 0; n <= MAX_MAPPED_PARAMS; n++) {
    const ps = Array.from({ length: n }, (_, i) => `p${i}`);
    const gets = ps.map((p) => `() => ${p}`).join(', ');
    const sets = ps.map((p) => `(v) => { ${p} = v; }`).join(', ');
    fns.push(`function (${ps.join(', ')}) { return [arguments, [${gets}], [${sets}]]; }`);
  }
  // Sloppy on purpose: only sloppy functions have mapped arguments.
  return `(function () { return [${fns.join(',\n')}]; })()`;
}

const SOURCE = helperSource();
const helpersOf = new WeakMap<object, Function[]>();

/** [arguments object, getters, setters] of a mapped activation for `n` parameters. */
export type MappedRecord = [any, (() => any)[], ((v: any) => void)[]];

export function makeMappedArguments(rt: Interpreter, n: number, args: ArrayLike<any>, callee: Function): MappedRecord {
  let helpers = helpersOf.get(rt.realm);
  if (helpers === undefined) {
    helpers = vm.runInContext(SOURCE, rt.realm.context) as Function[];
    helpersOf.set(rt.realm, helpers);
  }
  const rec = Reflect.apply(helpers[n], undefined, args) as MappedRecord;
  Object.defineProperty(rec[0], 'callee', { value: callee, writable: true, enumerable: false, configurable: true });
  sealArgumentsIterator(rt, rec[0]);
  return rec;
}

/**
 * V8 keeps an arguments object's @@iterator as an accessor that answers with the Array.prototype.values
 * of the realm *reading* it: read by host code (the interpreter's member access, iteration), it would
 * hand the guest the host's function (and with it the host's Function). Made an ordinary data
 * property holding the realm's own %Array.prototype.values%, as the guest sees it in Node.
 */
export function sealArgumentsIterator(rt: Interpreter, argumentsObject: any): any {
  Object.defineProperty(argumentsObject, Symbol.iterator, { value: rt.intr.ArrayValues, writable: true, enumerable: false, configurable: true });
  return argumentsObject;
}
