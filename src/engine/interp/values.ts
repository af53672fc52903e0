// Host-side representation of interpreter state: environments, binding states, completion signals,
// and hidden internal slots on guest objects.
import { HostSignal } from '../membrane';
export { HostSignal };

/** A binding that exists but is not initialised yet: reading it is a TDZ ReferenceError. */
export const UNINITIALIZED: unique symbol = Symbol('uninitialized');
/** A `var` that holds the `undefined` it was hoisted with (no assignment ran yet). */
export const HOISTED_UNDEFINED: unique symbol = Symbol('hoisted undefined');

/** A runtime scope: its slots, resolved at compile time, and the enclosing scope. */
export class Env {
  constructor(
    public readonly parent: Env | null,
    public readonly slots: any[],
    public readonly id: number,
  ) {}
}

export const enum SignalKind {
  Break = 0,
  Continue = 1,
  Return = 2,
}

/** A non-normal completion of a statement. Break/continue signals are shared per label. */
export class Signal {
  constructor(
    public readonly kind: SignalKind,
    public readonly label: string | null,
    public value: any,
  ) {}
}

/** Thrown for things guest code must not catch: budgets, cancellation (a HostSignal, see membrane.ts). */
export class Abort extends HostSignal {
  constructor(
    public reason: 'step-budget' | 'time-budget' | 'cancelled' | 'exit',
    public node: any,
    public message: string,
  ) {
    super();
  }
}

/** Thrown through generator bodies to carry out `generator.return(v)` (finally blocks still run). */
export class GeneratorReturn {
  constructor(public readonly value: any) {}
}

/** A syntax form the simulation does not support. Reported as an `unsupported` diagnostic on the node. */
export class Unsupported extends Error {
  constructor(
    public readonly node: any,
    message: string,
  ) {
    super(message);
  }
}

// Hidden internal slots on guest objects: the "return override" trick stamps a private field onto
// any object, invisible to guest code and to util.inspect, and fast to read.
class Stamp {
  constructor(o: object) {
    return o;
  }
}
export class Slot<T> extends Stamp {
  #value!: T;
  private constructor(o: object, v: T) {
    super(o);
    this.#value = v;
  }
  static set<T>(o: object, v: T): void {
    if (#value in o) (o as any as Slot<T>).#value = v;
    else new Slot<T>(o, v);
  }
  static get<T>(o: any): T | undefined {
    return (typeof o === 'object' || typeof o === 'function') && o !== null && #value in o ? (o as unknown as Slot<T>).#value : undefined;
  }
}

/**
 * Hidden state of one kind of built-in object, each kind in its own slot (a private name of its own), so
 * a method called on the wrong receiver (`EventEmitter.prototype.on.call(aPromise)`) finds nothing of
 * its kind and never reads or overwrites another kind's state.
 */
export interface HiddenSlot {
  set<T>(o: object, v: T): void;
  get<T>(o: any): T | undefined;
  has(o: any): boolean;
}
export function hiddenSlot(): HiddenSlot {
  class KindSlot extends Stamp {
    #value: any;
    private constructor(o: object, v: any) {
      super(o);
      this.#value = v;
    }
    static set<T>(o: object, v: T): void {
      if (#value in o) (o as any as KindSlot).#value = v;
      else new KindSlot(o, v);
    }
    static get<T>(o: any): T | undefined {
      return (typeof o === 'object' || typeof o === 'function') && o !== null && #value in o ? (o as unknown as KindSlot).#value : undefined;
    }
    static has(o: any): boolean {
      return (typeof o === 'object' || typeof o === 'function') && o !== null && #value in o;
    }
  }
  return KindSlot;
}
export const PromiseSlot = hiddenSlot();
export const GeneratorSlot = hiddenSlot();
export const AsyncGeneratorSlot = hiddenSlot();
export const TimerSlot = hiddenSlot();
export const ImmediateSlot = hiddenSlot();
export const EmitterSlot = hiddenSlot();

/** The internal binding that holds a statement list's DisposeCapability (disposal.ts; no identifier can name it). */
export const DISPOSAL_SLOT = '%disposeCapability';

/** Is `o` one of the built-in objects with hidden state (not cloneable)? */
export function hasHiddenState(o: any): boolean {
  return PromiseSlot.has(o) || GeneratorSlot.has(o) || AsyncGeneratorSlot.has(o) || TimerSlot.has(o) || ImmediateSlot.has(o);
}
