// Host-side representation of interpreter state: environments, binding states, completion signals,
// and hidden internal slots on guest objects.

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

/** Thrown for things guest code must not catch: budgets, cancellation. */
export class Abort {
  constructor(
    public readonly reason: 'step-budget' | 'time-budget' | 'cancelled' | 'exit',
    public readonly node: any,
    public readonly message: string,
  ) {}
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

/** A second, independent hidden slot (closures use Slot; promises, generators and others use this). */
export class InternalSlot<T> extends Stamp {
  #value!: T;
  private constructor(o: object, v: T) {
    super(o);
    this.#value = v;
  }
  static set<T>(o: object, v: T): void {
    if (#value in o) (o as any as InternalSlot<T>).#value = v;
    else new InternalSlot<T>(o, v);
  }
  static get<T>(o: any): T | undefined {
    return (typeof o === 'object' || typeof o === 'function') && o !== null && #value in o ? (o as unknown as InternalSlot<T>).#value : undefined;
  }
}
