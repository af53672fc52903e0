// `f.caller` of a sloppy-mode function, as V8 gives it (a legacy extension real code still reads:
// `arguments.callee.caller`). Guest functions are realm wrappers that are strict functions (V8's own
// caller would be host code), so reading `caller` reached %Function.prototype%'s %ThrowTypeError%
// accessor and threw. The getter here answers for sloppy plain guest functions from the
// interpreter's own call stack — the function below the topmost activation of `f`, or null when
// there is none or it is strict (V8 censors strict callers) — and defers to %ThrowTypeError% for
// everything else (strict functions, arrows, methods, classes, generators, natives), so they still
// throw V8's TypeError. Runs no guest code; bounded by the stack depth limit.
//
// Known difference: V8 gives sloppy functions own `caller`/`arguments` properties; here `caller` is
// %Function.prototype%'s accessor (own properties on every closure would cost each function creation),
// so its getter is no longer the same function as `arguments`' (%ThrowTypeError%).
import type { Interpreter } from './runtime';

export function installFunctionCaller(rt: Interpreter): void {
  const fp = rt.intr.FunctionPrototype;
  const d = Object.getOwnPropertyDescriptor(fp, 'caller');
  if (!d || typeof d.get !== 'function') return;
  const throwTypeError = d.get;
  const sloppyPlain = (f: any) => {
    const c = rt.closureOf(f);
    if (!c) return null;
    const t = c.template;
    return !t.strict && t.kind === 'plain' && !t.isArrow && !t.isGenerator && !t.isAsync ? c : null;
  };
  const get = rt.native('', 0, (thisArg) => {
    const c = sloppyPlain(thisArg);
    if (c === null) return Reflect.apply(throwTypeError, thisArg, []);
    const stack = rt.stack;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].closure !== c) continue;
      const below = i > 0 ? stack[i - 1].closure : undefined;
      if (!below) return null;
      const t = below.template;
      return t.strict ? null : below.wrapper;
    }
    return null;
  });
  Object.defineProperty(fp, 'caller', { get, set: d.set, enumerable: false, configurable: true });
}
