// node:assert and node:assert/strict, simulated: the comparisons and the AssertionError messages are
// Node's own (the host's assert runs on the realm values, as util.isDeepStrictEqual does), then the
// failure is rebuilt as a realm AssertionError. throws/rejects call guest functions through rt.call.
// Invariant: no host error reaches the guest (host AssertionErrors become realm ones, anything else
// the host throws is rethrown as it is only when it is already a realm value); HostSignals pass first.
import * as hostAssert from 'assert';
import type { Interpreter } from './runtime';
import { HostSignal } from './values';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

const apis = new WeakMap<Interpreter, { assert: any; strict: any }>();

export function assertModuleOf(rt: Interpreter, native: Native, strict: boolean): any {
  let api = apis.get(rt);
  if (!api) apis.set(rt, (api = makeAssert(rt, native)));
  return strict ? api.strict : api.assert;
}

function makeAssert(rt: Interpreter, native: Native): { assert: any; strict: any } {
  const define = (o: any, name: string | symbol, value: any) => Object.defineProperty(o, name, { value, writable: true, enumerable: false, configurable: true });
  const hostErrorProto = Error.prototype;

  const AssertionError: any = rt.realm.helpers.nativeCtor(
    (_t, [options], newTarget) => {
      if (newTarget === undefined) rt.throwError('TypeError', "Class constructor AssertionError cannot be invoked without 'new'");
      if (typeof options !== 'object' || options === null) {
        const e = rt.makeError('TypeError', `The "options" argument must be of type object. Received ${options === undefined ? 'undefined' : typeof options}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const message = rt.get(options, 'message');
      return assertionError({
        message: message === undefined ? 'Failed' : String(message),
        generatedMessage: message === undefined,
        actual: rt.get(options, 'actual'),
        expected: rt.get(options, 'expected'),
        operator: rt.get(options, 'operator'),
      });
    },
    'AssertionError',
    1,
  );
  Object.setPrototypeOf(AssertionError.prototype, rt.intr.Error.prototype);
  Object.setPrototypeOf(AssertionError, rt.intr.Error);
  define(AssertionError.prototype, 'name', 'AssertionError');
  define(AssertionError.prototype, 'toString', native('toString', 0, (o) => `${rt.get(o, 'name')} [${rt.get(o, 'code')}]: ${rt.get(o, 'message')}`));

  function assertionError(f: { message: string; generatedMessage: boolean; actual: any; expected: any; operator: any }): any {
    const e = rt.makeError('Error', f.message);
    Object.setPrototypeOf(e, AssertionError.prototype);
    if (typeof e.stack === 'string') define(e, 'stack', e.stack.replace(/^Error/, 'AssertionError [ERR_ASSERTION]'));
    e.generatedMessage = f.generatedMessage;
    e.code = 'ERR_ASSERTION';
    e.actual = f.actual;
    e.expected = f.expected;
    e.operator = f.operator;
    return e;
  }

  /** Runs a host assertion on realm values; a host AssertionError becomes a realm one. */
  const check = (run: () => void): undefined => {
    try {
      run();
    } catch (e) {
      if (e instanceof HostSignal) throw e;
      if (e instanceof hostAssert.AssertionError) {
        throw assertionError({ message: e.message, generatedMessage: e.generatedMessage, actual: (e as any).actual, expected: (e as any).expected, operator: (e as any).operator });
      }
      // A message given as an Error is thrown as it is (it is the guest's own, a realm value).
      if (e !== null && (typeof e === 'object' || typeof e === 'function') && !Object.prototype.isPrototypeOf.call(hostErrorProto, e)) throw e;
      throw rt.toGuest(e);
    }
    return undefined;
  };
  const msg = (m: any) => (m === undefined || (typeof m === 'object' && m !== null) ? m : String(m));

  const build = (strict: boolean): any => {
    const ok = native('ok', 2, (_t, args) => {
      if (args.length === 0) {
        throw assertionError({ message: 'No value argument passed to `assert.ok()`', generatedMessage: true, actual: undefined, expected: true, operator: '==' });
      }
      if (args[0]) return undefined;
      const m = args[1];
      if (m !== undefined && typeof m === 'object' && m !== null) throw m;
      throw assertionError({ message: m === undefined ? 'The expression evaluated to a falsy value:\n\n  assert.ok(' + describeFalsy(args[0]) + ')\n' : String(m), generatedMessage: m === undefined, actual: args[0], expected: true, operator: '==' });
    });
    const a: any = native('ok', 2, (t, args) => rt.call(ok, t, args));
    a.ok = ok;
    const isError = (m: any) => typeof m === 'object' && m !== null && Object.prototype.isPrototypeOf.call(rt.intr.Error.prototype, m);
    // A message that is an Error is what fails the assertion (Node throws it instead of its own).
    const withMessage = (m: any, run: (m: any) => void) => {
      if (!isError(m)) return check(() => run(msg(m)));
      try {
        check(() => run(undefined));
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        throw m;
      }
      return undefined;
    };
    const two = (name: string, host: (x: any, y: any, m?: any) => void) => (a[name] = native(name, 3, (_t, [x, y, m]) => withMessage(m, (mm) => host(x, y, mm))));
    const loose = (name: string, strictName: string) => (strict ? (hostAssert as any)[strictName] : (hostAssert as any)[name]);
    two('equal', loose('equal', 'strictEqual'));
    two('notEqual', loose('notEqual', 'notStrictEqual'));
    two('deepEqual', loose('deepEqual', 'deepStrictEqual'));
    two('notDeepEqual', loose('notDeepEqual', 'notDeepStrictEqual'));
    two('strictEqual', hostAssert.strictEqual);
    two('notStrictEqual', hostAssert.notStrictEqual);
    two('deepStrictEqual', hostAssert.deepStrictEqual);
    two('notDeepStrictEqual', hostAssert.notDeepStrictEqual);
    a.match = native('match', 3, (_t, [s, re, m]) => withMessage(m, (mm) => hostAssert.match(s, re, mm)));
    a.doesNotMatch = native('doesNotMatch', 3, (_t, [s, re, m]) => withMessage(m, (mm) => hostAssert.doesNotMatch(s, re, mm)));
    a.fail = native('fail', 1, (_t, [m]) => {
      if (m !== undefined && typeof m === 'object' && m !== null) throw m;
      throw assertionError({ message: m === undefined ? 'Failed' : String(m), generatedMessage: m === undefined, actual: undefined, expected: undefined, operator: 'fail' });
    });
    a.ifError = native('ifError', 1, (_t, [v]) => {
      if (v === null || v === undefined) return undefined;
      throw assertionError({ message: `ifError got unwanted exception: ${typeof v === 'object' && v !== null && typeof rt.get(v, 'message') === 'string' ? rt.get(v, 'message') : String(v)}`, generatedMessage: false, actual: v, expected: null, operator: 'ifError' });
    });

    // throws / rejects: the thrown value checked against `expected` (Node's expectedException).
    const validate = (actual: any, expected: any, m: any, fnName: string) => {
      if (expected === undefined) return;
      if (typeof expected === 'string') return; // a message, not a validator
      if (Object.prototype.toString.call(expected) === '[object RegExp]') {
        const str = String(actual);
        if (rt.call(rt.get(expected, 'test'), expected, [str])) return;
        throw assertionError({ message: m !== undefined ? String(m) : `The input did not match the regular expression ${String(expected)}. Input:\n\n${JSON.stringify(str)}\n`, generatedMessage: m === undefined, actual, expected, operator: fnName });
      }
      if (typeof expected === 'function') {
        const proto = rt.get(expected, 'prototype');
        if (proto !== undefined && typeof actual === 'object' && actual !== null && Object.prototype.isPrototypeOf.call(proto, actual)) return;
        if (proto !== undefined && Object.prototype.isPrototypeOf.call(rt.intr.Error.prototype, proto)) throw actual;
        if (Object.prototype.isPrototypeOf.call(rt.intr.Error, expected) || expected === rt.intr.Error) throw actual;
        const r = rt.call(expected, undefined, [actual]);
        if (r === true) return;
        throw assertionError({ message: m !== undefined ? String(m) : `The ${expected.name ? `"${expected.name}" ` : ''}validation function is expected to return "true". Received ${String(r)}`, generatedMessage: m === undefined, actual, expected, operator: fnName });
      }
      if (typeof expected === 'object' && expected !== null) {
        for (const k of Object.keys(expected).slice(0, 1000)) {
          const want = rt.get(expected, k);
          const got = typeof actual === 'object' && actual !== null ? rt.get(actual, k) : undefined;
          if (Object.prototype.toString.call(want) === '[object RegExp]' && typeof got === 'string' && rt.call(rt.get(want, 'test'), want, [got])) continue;
          check(() => hostAssert.deepStrictEqual(got, want, m === undefined ? undefined : String(m)));
        }
      }
    };
    const missing = (expected: any, m: any, fnName: string, what: string) => {
      let details = '';
      if (typeof expected === 'function' && rt.get(expected, 'name')) details += ` (${rt.get(expected, 'name')})`;
      const message = typeof expected === 'string' ? expected : m;
      details += message !== undefined ? `: ${String(message)}` : '.';
      throw assertionError({ message: `Missing expected ${what}${details}`, generatedMessage: message === undefined, actual: undefined, expected, operator: fnName });
    };
    a.throws = native('throws', 3, (_t, [fn, expected, m]) => {
      if (typeof fn !== 'function') {
        const e = rt.makeError('TypeError', `The "fn" argument must be of type function. Received ${fn === undefined ? 'undefined' : typeof fn}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      let threw = false;
      let actual: any;
      try {
        rt.call(fn, undefined, []);
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        threw = true;
        actual = rt.toGuest(e);
      }
      if (!threw) missing(expected, m, 'throws', 'exception');
      validate(actual, expected, m, 'throws');
      return undefined;
    });
    a.doesNotThrow = native('doesNotThrow', 3, (_t, [fn, m]) => {
      try {
        rt.call(fn, undefined, []);
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        const actual = rt.toGuest(e);
        const text = typeof actual === 'object' && actual !== null ? rt.get(actual, 'message') : String(actual);
        throw assertionError({ message: `Got unwanted exception${typeof m === 'string' ? `: ${m}` : '.'}\nActual message: "${text}"`, generatedMessage: m === undefined, actual, expected: undefined, operator: 'doesNotThrow' });
      }
      return undefined;
    });
    const P = rt.promises;
    a.rejects = native('rejects', 3, (_t, [target, expected, m]) => {
      const out = P.newPromise();
      let p: any;
      try {
        p = typeof target === 'function' ? rt.call(target, undefined, []) : target;
        if (!P.isPromise(p) && !(typeof p === 'object' && p !== null && typeof rt.get(p, 'then') === 'function')) {
          const e = rt.makeError('TypeError', `The "promiseFn" argument must be of type function or an instance of Promise. Received ${p === undefined ? 'undefined' : typeof p}`);
          e.code = 'ERR_INVALID_RETURN_VALUE';
          throw e;
        }
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        P.rejectPromise(out, rt.toGuest(e));
        return out;
      }
      const onOk = native('', 1, () => {
        try {
          missing(expected, m, 'rejects', 'rejection');
        } catch (e) {
          if (e instanceof HostSignal) throw e;
          P.rejectPromise(out, rt.toGuest(e));
        }
      });
      const onErr = native('', 1, (_o, [actual]) => {
        try {
          validate(actual, expected, m, 'rejects');
          P.resolvePromise(out, undefined);
        } catch (e) {
          if (e instanceof HostSignal) throw e;
          P.rejectPromise(out, rt.toGuest(e));
        }
      });
      rt.promises.then(P.promiseResolve(p), onOk, onErr);
      return out;
    });
    a.doesNotReject = native('doesNotReject', 2, (_t, [target]) => {
      const p = typeof target === 'function' ? rt.call(target, undefined, []) : target;
      const out = P.newPromise();
      const onOk = native('', 0, () => P.resolvePromise(out, undefined));
      const onErr = native('', 1, (_o, [actual]) => {
        const text = typeof actual === 'object' && actual !== null ? rt.get(actual, 'message') : String(actual);
        P.rejectPromise(out, assertionError({ message: `Got unwanted rejection.\nActual message: "${text}"`, generatedMessage: true, actual, expected: undefined, operator: 'doesNotReject' }));
      });
      rt.promises.then(P.promiseResolve(p), onOk, onErr);
      return out;
    });
    a.AssertionError = AssertionError;
    return a;
  };
  const assert = build(false);
  const strict = build(true);
  assert.strict = strict;
  strict.strict = strict;
  return { assert, strict };
}

function describeFalsy(v: any): string {
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}
