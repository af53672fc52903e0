// V8's own `gc` without --expose-gc on the command line: the flag is on only while one throwaway
// context is made (V8 installs the `gc` global when a context is created), then off again, so no
// context made later (a guest realm) has it. Used by the analysis worker between large jobs and by
// the benchmarks that read what memory stays held.
import * as v8 from 'v8';
import * as vm from 'vm';

/** V8's full GC, or undefined when this runtime would not hand it over. */
export function takeV8Gc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => void gc() : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/** Does a context made now have a `gc` global (it must not)? */
export function newContextsHaveGc(): boolean {
  return vm.runInNewContext('typeof gc') !== 'undefined';
}
