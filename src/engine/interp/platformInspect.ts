// Node's own `[util.inspect.custom]` methods of its platform classes (URL, URLSearchParams,
// AbortController, AbortSignal, Event, EventTarget, TextEncoder, TextDecoder), so console.log prints
// `URL { href: … }` and `AbortSignal { aborted: false }` as Node does, not `URL {}`.
// Invariant: the inspector is a realm native (guest code can see it and call it, as in Node) whose
// host handler makes text only. Node's formatter calls it with host arguments (depth, its options,
// util.inspect): those options are only handed to host util.inspect, over host objects holding
// primitives and placeholders; a nested platform value is a host placeholder whose host inspector
// calls the nested display directly, so Node never reaches a guest value (or a guest-replaced
// inspector) through a display. Called by guest code, the options are read as plain values
// (hostInspectOptions). The class name is read by descriptors: no guest getter or trap runs.
import * as util from 'util';
import type { Interpreter } from './runtime';
import { hostInspectOptions, INSPECT_CUSTOM, platformInspectors } from './inspectCustom';

/**
 * A display: text for `self` (a realm object of the class) at Node's `depth` with Node's options, or
 * undefined when `self` is not one (then the inspector answers `self`, formatted without it).
 */
export type Display = (self: any, depth: number, opts: util.InspectOptions) => string | undefined;

/** Installs Node's inspector on a platform prototype. */
export function definePlatformInspector(rt: Interpreter, proto: any, display: Display): void {
  const f = rt.native('[nodejs.util.inspect.custom]', 2, (self, args) => {
    const fromNode = args.length === 3 && args[2] === util.inspect;
    const depth = typeof args[0] === 'number' ? args[0] : 2;
    const opts: util.InspectOptions = fromNode ? args[1] : { depth: 2, ...hostInspectOptions(rt, args[1]) };
    const text = display(self, depth, opts);
    return text === undefined ? self : text;
  });
  platformInspectors.add(f);
  Object.defineProperty(proto, INSPECT_CUSTOM, { value: f, writable: true, enumerable: false, configurable: true });
}

/** A nested platform value inside a display: formatted by its own display, never by Node looking into it. */
export function placeholder(self: any, display: Display): object {
  return {
    [INSPECT_CUSTOM]: (depth: number, opts: util.InspectOptions) => display(self, depth, opts) ?? util.inspect({}, opts),
  };
}

/** Options with depth one less, as Node's customInspect helpers pass them on. */
export function deeper(opts: util.InspectOptions): util.InspectOptions {
  return { ...opts, depth: typeof opts.depth === 'number' ? opts.depth - 1 : opts.depth };
}

/**
 * `self.constructor.name` as Node's getConstructorOf reads it, by descriptors only: the first own
 * data `constructor` up the chain that is a function with a non-empty own string `name`.
 */
export function constructorName(self: any, fallback: string): string {
  for (let o = self, hops = 0; o !== null && hops < 1000; hops++) {
    if (util.types.isProxy(o)) return fallback;
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    if (d && 'value' in d && typeof d.value === 'function' && !util.types.isProxy(d.value)) {
      const n = Object.getOwnPropertyDescriptor(d.value, 'name');
      if (n && 'value' in n && typeof n.value === 'string' && n.value !== '') return n.value;
    }
    o = Object.getPrototypeOf(o);
  }
  return fallback;
}

/**
 * Past the depth Node formats the object itself; Node's instances hold their state in own enumerable
 * symbol keys, so it prints `[Name]` (stylized as 'special').
 */
export function pastDepth(self: any, fallback: string, opts: util.InspectOptions): string {
  const text = `[${constructorName(self, fallback)}]`;
  const stylize = (opts as any).stylize;
  return typeof stylize === 'function' ? stylize(text, 'special') : text;
}
