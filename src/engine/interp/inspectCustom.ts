// Custom inspection (`[util.inspect.custom]`, Symbol.for('nodejs.util.inspect.custom')) through
// the membrane. Invariant: Node's util.inspect calls a custom inspector with host arguments (a host
// options object, the host `inspect`); so it is only ever allowed to call guest *closures*, and only
// while `rt.inspectArgs` is set, which swaps those host arguments for realm ones (a realm options
// object with the primitive options and a realm `stylize`, and a realm `inspect`) before the closure
// is entered. A bounded walk of the values first (descriptors only: no getter, no trap runs) checks
// that every custom inspector Node can reach is a data property holding a guest closure; anything
// else (a native or accessor inspector, a Proxy, getters: true, a walk past its bound) formats with
// custom inspection off, as before. A closure's result is walked the same way before Node formats it.
import * as util from 'util';
import type { Interpreter } from './runtime';
import { Slot } from './values';

const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
export const INSPECT_CUSTOM = CUSTOM;
/**
 * Module namespace proxies (modules/loader.ts) → their display copy (refreshed). Their host-side
 * inspector is the one custom inspector that is not a guest closure: the walk goes on into the copy.
 */
export const namespaceDisplays = new WeakMap<object, () => object>();
/** Node's inspectors of its platform classes, realm natives that make text only (platformInspect.ts): Node may call them. */
export const platformInspectors = new WeakSet<Function>();
const MAX_WALK = 20000;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;

/** Options a guest may pass to util.inspect / formatWithOptions (plain values only cross over). */
const OPTION_KEYS = ['depth', 'showHidden', 'colors', 'customInspect', 'showProxy', 'compact', 'breakLength', 'sorted', 'maxArrayLength', 'maxStringLength', 'getters', 'numericSeparator'] as const;

/** Reads the guest's options object into host options (its getters run, as Node's reads do). */
export function hostInspectOptions(rt: Interpreter, opts: any): util.InspectOptions {
  const o: any = {};
  if (opts && typeof opts === 'object') {
    for (const k of OPTION_KEYS) {
      const v = rt.get(opts, k);
      if (v === null || typeof v === 'number' || typeof v === 'boolean' || (k === 'getters' && (v === 'get' || v === 'set'))) o[k] = v;
    }
  }
  return o;
}

/** true when every custom inspector reachable from `values` is a guest closure (and nothing unknowable is in the way). */
function customIsSafe(values: readonly any[], depth: number | null | undefined): { safe: boolean; found: boolean } {
  const maxLevel = depth === null || depth === Infinity ? 1e9 : (depth ?? 2) + 1;
  const seen = new Set<any>();
  let found = false;
  let budget = MAX_WALK;
  const stack: [any, number][] = [];
  for (const v of values) stack.push([v, 0]);
  while (stack.length > 0) {
    const [v, level] = stack.pop()!;
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
    if (--budget < 0) return { safe: false, found };
    seen.add(v);
    const display = namespaceDisplays.get(v);
    if (display !== undefined) {
      found = true;
      stack.push([display(), level]);
      continue;
    }
    if (util.types.isProxy(v)) return { safe: false, found };
    // The inspector lookup ([[Get]] along the chain), by descriptors.
    for (let o = v, hops = 0; o !== null; o = Object.getPrototypeOf(o), hops++) {
      if (util.types.isProxy(o) || hops > 10000) return { safe: false, found };
      const d = Object.getOwnPropertyDescriptor(o, CUSTOM);
      if (!d) continue;
      if (!('value' in d)) return { safe: false, found };
      if (typeof d.value === 'function') {
        if (!Slot.get(d.value) && d.value !== util.inspect && !platformInspectors.has(d.value)) return { safe: false, found };
        found = true;
      }
      break;
    }
    if (level >= maxLevel) continue;
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d && 'value' in d) stack.push([d.value, level + 1]);
    }
    if (util.types.isMap(v)) {
      mapForEach.call(v, (val: any, key: any) => {
        stack.push([key, level + 1]);
        stack.push([val, level + 1]);
      });
    } else if (util.types.isSet(v)) setForEach.call(v, (val: any) => stack.push([val, level + 1]));
  }
  return { safe: true, found };
}

/**
 * util.formatWithOptions / util.inspect for guest values, with custom inspection when it is safe.
 * `format` runs Node's formatter with the host options it is given.
 */
export function formatWithCustom(rt: Interpreter, options: util.InspectOptions, values: readonly any[], format: (o: util.InspectOptions) => string): string {
  if (options.customInspect === false || options.getters) return format({ ...options, customInspect: false });
  const { safe, found } = customIsSafe(values, options.depth);
  if (!safe || !found) return format({ ...options, customInspect: false });
  const previous = rt.inspectCall;
  rt.inspectCall = (closure, thisArg, args, newTarget) => {
    // Node's call: maybeCustom.call(context, depth, getUserOptions(ctx, true), inspect).
    if (args.length !== 3 || args[2] !== util.inspect || newTarget !== undefined) return rt.invoke(closure, thisArg, args, newTarget, null);
    const hostOpts = args[1];
    const realmOpts = rt.newObject();
    for (const k of Object.keys(hostOpts)) {
      const v = hostOpts[k];
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) realmOpts[k] = v;
    }
    const stylize = hostOpts.stylize;
    realmOpts.stylize = rt.native('stylize', 2, (_t, a) => String(stylize(String(a[0]), String(a[1]))));
    const ret = rt.invoke(closure, thisArg, rt.newArray([args[0], realmOpts, realmInspect(rt)]), undefined, null);
    return checkCustomResult(rt, ret);
  };
  try {
    return format({ ...options, customInspect: true });
  } finally {
    rt.inspectCall = previous;
  }
}

/** A custom inspector's result, before Node formats it: unsafe values are formatted with custom inspection off. */
export function checkCustomResult(rt: Interpreter, ret: any): any {
  if ((typeof ret !== 'object' && typeof ret !== 'function') || ret === null) return ret;
  const { safe } = customIsSafe([ret], null);
  return safe ? ret : util.inspect(ret, { customInspect: false });
}

const realmInspects = new WeakMap<Interpreter, any>();
/** The `inspect` a custom inspector receives: util.inspect for guest values (the util module's when loaded). */
export function realmInspect(rt: Interpreter): any {
  let f = realmInspects.get(rt);
  if (!f) {
    f = rt.native('inspect', 2, (_t, a) => {
      const o = hostInspectOptions(rt, a[1]);
      return formatWithCustom(rt, o, [a[0]], (oo) => util.inspect(a[0], oo));
    });
    Object.defineProperty(f, 'custom', { value: CUSTOM, writable: false, enumerable: false, configurable: false });
    realmInspects.set(rt, f);
  }
  return f;
}
