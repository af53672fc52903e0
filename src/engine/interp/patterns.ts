// Destructuring patterns (declarations, assignments, parameters, for-of heads).
import type { Compiler, Fn } from './compiler';
import { Env, Unsupported } from './values';
import { identifierWriter, namedValue, propertyKey, writeBinding } from './expressions';

export type PatternAssign = (env: Env, value: any) => void;

/** `valueNode`: the expression the value comes from, for V8-style messages ("{} is not iterable"). */
export function compileAssignPattern(c: Compiler, p: any, mode: 'assign' | 'declare', valueNode: any = null): PatternAssign {
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
      const obj = c.expr(p.object);
      const key: Fn = p.computed ? c.expr(p.property) : ((k) => () => k)(p.property.name);
      const strict = c.strict;
      return (env, v) => rt.set(obj(env), key(env), v, strict);
    }
    case 'AssignmentPattern': {
      const inner = compileAssignPattern(c, p.left, mode);
      const dflt = namedValue(c, p.right, p.left);
      return (env, v) => inner(env, v === undefined ? dflt(env) : v);
    }
    case 'ObjectPattern': {
      const props = p.properties.map((prop: any) => {
        if (prop.type === 'RestElement') return { rest: true, assign: compileAssignPattern(c, prop.argument, mode) };
        return { rest: false, key: propertyKey(c, prop), assign: compileAssignPattern(c, prop.value, mode), name: prop.computed ? null : prop.key.name ?? String(prop.key.value) };
      });
      return (env, v) => {
        if (v === null || v === undefined) {
          const first = props.find((x: any) => !x.rest);
          rt.throwError(
            'TypeError',
            first && first.name ? `Cannot destructure property '${first.name}' of '${v}' as it is ${v}.` : `Cannot destructure '${v}' as it is ${v}.`,
          );
        }
        const used: any[] = [];
        for (const prop of props) {
          if (prop.rest) {
            const o = rt.toObject(v);
            const out = rt.newObject();
            for (const k of Reflect.ownKeys(o)) {
              if (used.includes(k)) continue;
              const d = Reflect.getOwnPropertyDescriptor(o, k);
              if (d && d.enumerable) out[k] = o[k];
            }
            prop.assign(env, out);
          } else {
            const k = prop.key(env);
            used.push(k);
            prop.assign(env, rt.get(v, k));
          }
        }
      };
    }
    case 'ArrayPattern': {
      const els = p.elements.map((e: any) =>
        e === null ? null : e.type === 'RestElement' ? { rest: true, assign: compileAssignPattern(c, e.argument, mode) } : { rest: false, assign: compileAssignPattern(c, e, mode) },
      );
      return (env, v) => {
        if (rt.isPlainArrayIteration(v)) {
          for (let i = 0; i < els.length; i++) {
            const e = els[i];
            if (!e) continue;
            if (e.rest) e.assign(env, rt.newArray(v.slice(i)));
            else e.assign(env, v[i]);
          }
          return;
        }
        const rec = rt.getIterator(v, valueNode ?? p);
        let done = false;
        const next = () => {
          if (done) return undefined;
          const r = rt.iterStep(rec);
          if (r.done) {
            done = true;
            return undefined;
          }
          return r.value;
        };
        for (const e of els) {
          if (!e) {
            next();
            continue;
          }
          if (e.rest) {
            const rest: any[] = [];
            while (!done) {
              const x = next();
              if (!done) rest.push(x);
            }
            e.assign(env, rt.newArray(rest));
          } else e.assign(env, next());
        }
        if (!done) rt.iterClose(rec);
      };
    }
    case 'RestElement':
      return compileAssignPattern(c, p.argument, mode);
  }
  throw new Unsupported(p, `${p.type} is not a valid assignment target`);
}
