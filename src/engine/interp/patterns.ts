// Destructuring patterns (declarations, assignments, parameters, for-of heads).
import type { Compiler, Fn } from './compiler';
import { Env, GeneratorReturn, Unsupported } from './values';
import { compileRef, identifierWriter, namedValue, propertyKey, writeBinding } from './expressions';
import { exprText } from './runtime';
import type { Interpreter } from './runtime';

/**
 * The iterator of an array pattern (13.15.5.5 IteratorDestructuringAssignmentEvaluation), shared by
 * the plain and the suspendable compilers. `done`: it finished, or a step was abrupt — nothing to close.
 */
class PatternIterator {
  done = false;
  constructor(
    private readonly rt: Interpreter,
    private readonly rec: any,
  ) {}

  /** IteratorStepValue: undefined once done; an abrupt next/done/value leaves nothing to close. */
  next(): any {
    if (this.done) return undefined;
    this.done = true;
    const r = this.rt.iterStep(this.rec);
    if (r.done) return undefined;
    const value = r.value;
    this.done = false;
    return value;
  }

  /** A rest element's values: every remaining step, as a realm array. */
  rest(): any[] {
    const rest: any[] = [];
    while (!this.done) {
      const x = this.next();
      if (!this.done) rest.push(x);
    }
    return this.rt.newArray(rest);
  }

  /**
   * IteratorClose after an abrupt completion. A throw completion: the original error wins over the
   * close's. `returning` (generator.return() at a yield in the pattern): a return completion, whose
   * own errors (and a non-object result) win.
   */
  closeAfter(returning: boolean): void {
    if (this.done) return;
    if (returning) {
      this.rt.iterClose(this.rec);
      return;
    }
    try {
      this.rt.iterClose(this.rec);
    } catch (closeErr) {
      this.rt.toGuest(closeErr);
    }
  }

  /** IteratorClose after a normal completion, when the pattern did not exhaust the iterator. */
  close(): void {
    if (!this.done) this.rt.iterClose(this.rec);
  }
}

export type PatternAssign = ((env: Env, value: any) => void) & { ref?: TargetRef };
/**
 * A member-expression target, split so that its reference (object and key) is evaluated before
 * the value is read, as 13.15.5.5/6 (Keyed/IteratorDestructuringAssignmentEvaluation) order it.
 */
interface TargetRef {
  prepare: (env: Env) => any;
  put: (env: Env, ref: any, value: any) => void;
}
function withRef(f: (env: Env, value: any) => void, ref: TargetRef): PatternAssign {
  (f as PatternAssign).ref = ref;
  return f;
}

/**
 * Where a pattern's value comes from, for V8's messages: the source expression (a declaration's
 * initializer, an assignment's right side), a tag naming the hidden variable V8 prints ('.for',
 * '.catch'), 'nested' (an element of another pattern), or null (a parameter).
 */
export type PatternSource = any;

/**
 * V8's TypeError for destructuring null/undefined. V8 elides the RequireObjectCoercible check when
 * the first property is a plain name (BuildDestructuringObjectAssignment), so the first load throws:
 * "Cannot destructure property 'a' of 'x'" where V8 can name the value, the plain load message when
 * that load sits in a default (`{ a = 1 }`) or a nested pattern; an empty pattern, a computed or rest
 * first property throws "Cannot destructure 'x'".
 */
function nonCoercibleMessage(c: Compiler, p: any, v: null | undefined, source: PatternSource): string {
  const first = p.properties[0];
  // V8 places the error at the first property (the load that failed), else at the pattern.
  c.rt.currentNode = first ? (first.type === 'RestElement' ? first : first.key) : p;
  const text = typeof source === 'string' ? (source === 'nested' ? String(v) : source) : source ? exprText(source, c.rt.source) : v === null ? 'object null' : String(v);
  if (!first || first.type === 'RestElement' || first.computed) return `Cannot destructure '${text}' as it is ${v}.`;
  const name = first.key.type === 'Identifier' ? first.key.name : String(first.key.value);
  if (source === 'nested' || first.value.type === 'AssignmentPattern') return `Cannot read properties of ${v} (reading '${name}')`;
  return `Cannot destructure property '${name}' of '${text}' as it is ${v}.`;
}

/** The node getIterator names in "x is not iterable": the source expression, V8's hidden variable, or the pattern. */
function iteratorSource(p: any, source: PatternSource): any {
  // V8 names '.for' here, but a catch parameter's array pattern as a parameter's.
  if (typeof source === 'string') return source === '.for' ? { type: 'HiddenVariable', name: source } : p;
  return source ?? p;
}

/** `valueNode`: where the value comes from (PatternSource), for V8-style messages ("{} is not iterable"). */
export function compileAssignPattern(c: Compiler, p: any, mode: 'assign' | 'declare', valueNode: PatternSource = null): PatternAssign {
  const rt = c.rt;
  switch (p.type) {
    case 'Identifier': {
      if (mode === 'declare') {
        const r = c.resolve(p.name);
        if (!r) throw new Unsupported(p, `cannot resolve ${p.name}`);
        return writeBinding(c, p, r, true);
      }
      return identifierWriter(c, p);
    }
    case 'MemberExpression': {
      if (p.property.type === 'PrivateIdentifier' || p.object.type === 'Super') {
        // PrivateFieldSet (brand check at PutValue time) / super property: the expression's own reference.
        const ref = compileRef(c, p);
        return withRef((env, v) => ref.set(env, ref.prepare(env), v), { prepare: ref.prepare, put: ref.set });
      }
      const obj = c.expr(p.object);
      const key: Fn = p.computed ? c.expr(p.property) : ((k) => () => k)(p.property.name);
      const strict = c.strict;
      return withRef((env, v) => rt.set(obj(env), key(env), v, strict), {
        prepare: (env) => [obj(env), key(env)],
        put: (_env, h, v) => rt.set(h[0], h[1], v, strict),
      });
    }
    case 'AssignmentPattern': {
      const inner = compileAssignPattern(c, p.left, mode, valueNode);
      const dflt = namedValue(c, p.right, p.left);
      const f = (env: Env, v: any) => inner(env, v === undefined ? dflt(env) : v);
      const ref = inner.ref;
      return ref ? withRef(f, { prepare: ref.prepare, put: (env, h, v) => ref.put(env, h, v === undefined ? dflt(env) : v) }) : f;
    }
    case 'ObjectPattern': {
      const props = p.properties.map((prop: any) => {
        if (prop.type === 'RestElement') return { rest: true, assign: compileAssignPattern(c, prop.argument, mode) };
        return { rest: false, key: propertyKey(c, prop), assign: compileAssignPattern(c, prop.value, mode, 'nested'), name: prop.computed ? null : prop.key.name ?? String(prop.key.value) };
      });
      return (env, v) => {
        if (v === null || v === undefined) rt.throwError('TypeError', nonCoercibleMessage(c, p, v, valueNode));
        const used: any[] = [];
        for (const prop of props) {
          if (prop.rest) {
            const o = rt.toObject(v);
            const out = rt.newObject();
            // The rest target's reference first, then CopyDataProperties (defines, excluding used keys).
            const ref = prop.assign.ref;
            const h = ref ? ref.prepare(env) : undefined;
            for (const k of Reflect.ownKeys(o)) {
              if (used.includes(k)) continue;
              const d = Reflect.getOwnPropertyDescriptor(o, k);
              if (d && d.enumerable) Object.defineProperty(out, k, { value: o[k], writable: true, enumerable: true, configurable: true });
            }
            if (ref) ref.put(env, h, out);
            else prop.assign(env, out);
          } else {
            const k = prop.key(env);
            // Excluded names are property keys: a computed [1] excludes "1".
            used.push(typeof k === 'symbol' ? k : String(k));
            const ref = prop.assign.ref;
            if (ref) {
              const h = ref.prepare(env);
              ref.put(env, h, rt.get(v, k));
            } else prop.assign(env, rt.get(v, k));
          }
        }
      };
    }
    case 'ArrayPattern': {
      const iterSource = iteratorSource(p, valueNode);
      const els = p.elements.map((e: any) =>
        e === null ? null : e.type === 'RestElement' ? { rest: true, assign: compileAssignPattern(c, e.argument, mode) } : { rest: false, assign: compileAssignPattern(c, e, mode, 'nested') },
      );
      return (env, v) => {
        if (rt.isPlainArrayIteration(v)) {
          for (let i = 0; i < els.length; i++) {
            const e = els[i];
            if (!e) continue;
            if (e.rest) {
              // A host copy by index: the realm's Array.prototype.slice is the guest's to replace.
              const rest: any[] = [];
              for (let j = i; j < v.length; j++) rest.push(v[j]);
              e.assign(env, rt.newArray(rest));
            } else e.assign(env, v[i]);
          }
          return;
        }
        const it = new PatternIterator(rt, rt.getIterator(v, iterSource));
        try {
          for (const e of els) {
            if (!e) {
              it.next();
              continue;
            }
            const ref = e.assign.ref;
            const h = ref ? ref.prepare(env) : undefined;
            const value = e.rest ? it.rest() : it.next();
            if (ref) ref.put(env, h, value);
            else e.assign(env, value);
          }
        } catch (e) {
          it.closeAfter(false);
          throw e;
        }
        it.close();
      };
    }
    case 'RestElement':
      return compileAssignPattern(c, p.argument, mode);
  }
  throw new Unsupported(p, `${p.type} is not a valid assignment target`);
}

export type GPatternAssign = (env: Env, value: any) => Generator<any, void, any>;

/**
 * The suspendable variant, for patterns with `yield`/`await` inside (defaults, computed keys,
 * member targets): the same steps in the same order, each sub-expression a host generator.
 */
export function compileAssignPatternGen(c: Compiler, p: any, mode: 'assign' | 'declare', valueNode: any = null): GPatternAssign {
  const rt = c.rt;
  if (!c.hasSuspend(p)) {
    const f = compileAssignPattern(c, p, mode, valueNode);
    return function* (env, v) {
      f(env, v);
    };
  }
  // Target first (13.15.5.5/6), then the value, then PutValue.
  const withTarget = (e: any, source: PatternSource = 'nested') => {
    const target = e.type === 'AssignmentPattern' ? e.left : e;
    const dflt = e.type === 'AssignmentPattern' ? (c.hasSuspend(e.right) ? c.gexpr(e.right) : ((f) => function* (env: Env) { return f(env); })(namedValue(c, e.right, e.left))) : null;
    if (target.type === 'MemberExpression' && (target.property.type === 'PrivateIdentifier' || target.object.type === 'Super') && !c.hasSuspend(target)) {
      const ref = compileRef(c, target);
      return {
        prepare: function* (env: Env): Generator<any, any, any> {
          return ref.prepare(env);
        },
        put: function* (env: Env, h: any, v: any): Generator<any, void, any> {
          if (v === undefined && dflt) v = yield* dflt(env);
          ref.set(env, h, v);
        },
      };
    }
    if (target.type === 'MemberExpression') {
      if (target.property.type === 'PrivateIdentifier' || target.object.type === 'Super') throw new Unsupported(target, '`await`/`yield` inside this assignment target is not supported by the simulation');
      const obj = c.gexpr(target.object);
      const key = target.computed ? c.gexpr(target.property) : ((k) => function* () { return k; })(target.property.name);
      const strict = c.strict;
      return {
        prepare: function* (env: Env): Generator<any, any, any> {
          const o = yield* obj(env);
          return [o, yield* key(env)];
        },
        put: function* (env: Env, h: any, v: any): Generator<any, void, any> {
          if (v === undefined && dflt) v = yield* dflt(env);
          rt.set(h[0], h[1], v, strict);
        },
      };
    }
    const inner = compileAssignPatternGen(c, target, mode, source);
    return {
      prepare: function* (): Generator<any, any, any> {
        return undefined;
      },
      put: function* (env: Env, _h: any, v: any): Generator<any, void, any> {
        if (v === undefined && dflt) v = yield* dflt(env);
        yield* inner(env, v);
      },
    };
  };
  switch (p.type) {
    case 'AssignmentPattern':
    case 'MemberExpression': {
      const t = withTarget(p, valueNode);
      return function* (env, v) {
        const h = yield* t.prepare(env);
        yield* t.put(env, h, v);
      };
    }
    case 'ObjectPattern': {
      const props = p.properties.map((prop: any) => {
        if (prop.type === 'RestElement') return { rest: true, t: withTarget(prop.argument) };
        const key = prop.computed ? c.gexpr(prop.key) : ((k) => function* () { return k; })(prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value));
        return { rest: false, key, t: withTarget(prop.value) };
      });
      return function* (env, v) {
        if (v === null || v === undefined) rt.throwError('TypeError', nonCoercibleMessage(c, p, v, valueNode));
        const used: any[] = [];
        for (const prop of props) {
          if (prop.rest) {
            const h = yield* prop.t.prepare(env);
            const o = rt.toObject(v);
            const out = rt.newObject();
            for (const k of Reflect.ownKeys(o)) {
              if (used.includes(k)) continue;
              const d = Reflect.getOwnPropertyDescriptor(o, k);
              if (d && d.enumerable) Object.defineProperty(out, k, { value: o[k], writable: true, enumerable: true, configurable: true });
            }
            yield* prop.t.put(env, h, out);
          } else {
            let k = yield* prop.key!(env);
            k = typeof k === 'symbol' ? k : String(k);
            used.push(k);
            const h = yield* prop.t.prepare(env);
            yield* prop.t.put(env, h, rt.get(v, k));
          }
        }
      };
    }
    case 'ArrayPattern': {
      const iterSource = iteratorSource(p, valueNode);
      const els = p.elements.map((e: any) => (e === null ? null : e.type === 'RestElement' ? { rest: true, t: withTarget(e.argument) } : { rest: false, t: withTarget(e) }));
      return function* (env, v) {
        const it = new PatternIterator(rt, rt.getIterator(v, iterSource));
        try {
          for (const e of els) {
            if (!e) {
              it.next();
              continue;
            }
            const h = yield* e.t.prepare(env);
            yield* e.t.put(env, h, e.rest ? it.rest() : it.next());
          }
        } catch (e) {
          it.closeAfter(e instanceof GeneratorReturn);
          throw e;
        }
        it.close();
      };
    }
    case 'RestElement':
      return compileAssignPatternGen(c, p.argument, mode);
  }
  const f = compileAssignPattern(c, p, mode, valueNode);
  return function* (env, v) {
    f(env, v);
  };
}
