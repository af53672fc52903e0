// TypeScript's fast path (src/engine/typescript/fast.ts) against the full pipeline (acorn-typescript,
// erase, reparse): for every TypeScript program in the repo, either the fast path steps aside or it
// builds the same program (every node, offset and location) and the same erased text. And the fast
// path must actually take the common files (the cost target of issue 11 rests on it).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseSource } from '../../src/engine/simulator';
import { parseTypeScript } from '../../src/engine/typescript';
import { FastPathBail, fastParse } from '../../src/engine/typescript/fast';
import { linearParserClass } from '../../src/engine/interp/limits';
import type { ModuleKind } from '../../src/engine/types';
import { repoRoot } from '../helpers';

const options = (kind: ModuleKind): any => ({
  ecmaVersion: 'latest',
  sourceType: kind === 'module' ? 'module' : 'script',
  locations: true,
  allowHashBang: true,
  allowReturnOutsideFunction: kind === 'commonjs',
  allowAwaitOutsideFunction: kind === 'module',
});

function kindOf(file: string): { kind: ModuleKind; detect: boolean } {
  if (/\.mts$/.test(file)) return { kind: 'module', detect: false };
  if (/\.cts$/.test(file)) return { kind: 'commonjs', detect: false };
  return { kind: 'commonjs', detect: true };
}

function both(source: string, file: string) {
  const { kind, detect } = kindOf(file);
  const parseJs = (js: string, k: ModuleKind) => parseSource(js, k, Infinity, undefined, false, undefined, 'node24');
  const full = parseTypeScript(source + ' ', kind, detect, parseJs); // (a new text: not the cache of the last erasure)
  const fast = parseTypeScript(source + ' ', kind, detect, parseJs, undefined, options);
  return { full, fast };
}

/** Did the fast path take it? (It returns no notes and never an error.) */
function fastTook(source: string, file: string): boolean {
  const { kind, detect } = kindOf(file);
  const kinds: ModuleKind[] = detect ? ['commonjs', 'module'] : [kind];
  for (const k of kinds) {
    try {
      fastParse(linearParserClass, source, options(k));
      return true;
    } catch (e) {
      if (e instanceof FastPathBail) return false;
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  return false;
}

function tsFiles(): { file: string; source: string }[] {
  const out: { file: string; source: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.[mc]?ts$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) out.push({ file: p, source: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(repoRoot, 'test', 'fixtures'));
  walk(path.join(repoRoot, 'examples'));
  return out;
}

/** Small programs for the forms the fast path handles itself (and a few it must leave alone). */
export const FAST_FORMS: { name: string; source: string; fast: boolean }[] = [
  { name: 'annotations', source: 'let a: number = 1, b: string | undefined;\nconst c: Array<Map<string, number[]>> = [];\nconsole.log(a, b, c);\n', fast: true },
  { name: 'definite', source: 'let x!: number;\nx = 2;\nconsole.log(x);\n', fast: true },
  { name: 'function types', source: 'function f<T extends { id: number }, U = string>(a: T, b?: U, ...rest: number[]): Promise<T> {\n  return Promise.resolve(a);\n}\nf({ id: 1 }).then((v) => console.log(v));\n', fast: true },
  { name: 'predicates', source: 'function isStr(x: unknown): x is string { return typeof x === "string"; }\nfunction check(x: unknown): asserts x is number { if (typeof x !== "number") throw 1; }\nconsole.log(isStr("a"));\n', fast: true },
  { name: 'arrows', source: 'const f = (a: number, b: { c: string }): number => a + b.c.length;\nconst g = async (v: number): Promise<void> => { console.log(v); };\nconst h = (x?: number) => x ?? 0;\ng(f(1, { c: "xy" }) + h());\n', fast: true },
  { name: 'as satisfies non-null', source: 'const m = new Map<string, number>([["a", 1]]);\nconst v = m.get("a")! as number;\nconst o = { k: 1 } satisfies Record<string, number>;\nconst t = [1, 2] as const;\nconsole.log(v + o.k, t, (m as any).size);\n', fast: true },
  { name: 'generic calls', source: 'function id<T>(x: T): T { return x; }\nconst a = id<number>(1), b = id<Array<{ x: number }>>([]);\nconst i = 1, n = 2;\nconsole.log(a, b, i < n, i > n ? 1 : 2, id<string>`x`);\n', fast: true },
  { name: 'comparisons', source: 'const i = 1, n = 3, arr = [1];\nfor (let k = 0; k < n; k++) if (k < arr.length && n > k) console.log(k < (n - 1), i < n ? "lt" : "ge");\n', fast: true },
  { name: 'classes', source: 'interface Named { name: string }\nclass Base<T> { protected items: T[] = []; }\nclass Store<T extends Named> extends Base<T> implements Named, Iterable<T> {\n  private static count: number = 0;\n  public readonly name: string = "s";\n  declared?: number;\n  sure!: string;\n  override toString(): string { return this.name; }\n  get size(): number { return this.items.length; }\n  add<U extends T>(item: U): this { this.items.push(item); Store.count++; return this; }\n  *[Symbol.iterator](): Iterator<T> { yield* this.items; }\n}\nconsole.log(new Store<Named>().add({ name: "a" }).size);\n', fast: true },
  { name: 'types and interfaces', source: 'type Id = number | string;\ntype Fn<T> = (x: T) => Promise<T>;\ninterface Point extends Base { x: number; y?: number; [k: string]: unknown }\ninterface Base { z: number }\nlet p: Point = { x: 1, z: 2 };\nconsole.log(p.x);\n', fast: true },
  { name: 'asi after a type', source: 'let x = 1\ntype T = number\nconsole.log(x)\ninterface I {}\nconsole.log(2)\n', fast: true },
  { name: 'a `;` inserted after a type', source: 'let x = 1\ntype T = number\n(function () { console.log(x) })()\ninterface I {}\n[1, 2].forEach((n) => console.log(n))\n', fast: false },
  { name: 'catch and this types', source: 'try { throw new Error("e"); } catch (e: unknown) { console.log((e as Error).message); }\n', fast: true },
  { name: 'import type (module)', source: 'import type { A } from "./a";\nimport { type B, readFile } from "fs";\nexport type C = A | B;\nexport interface D { c: C }\nconsole.log(typeof readFile);\n', fast: true },
  { name: 'generic call spelled as comparisons', source: 'function g<A, B>(x: unknown) { return x; }\nconst a = 1, b = 2, d = 3;\nconsole.log(g < a, b > (d));\nconsole.log(a < b, b > d);\n', fast: true },
  { name: 'division after types and non-null', source: 'const y: number | undefined = 4;\nconst v = y! / 2, w = (y as number) / 2, u = [y] as Array<number> / 2;\nconst re = /a\\/b/g.test("a/b");\nconsole.log(v, w, re);\n', fast: true },
  { name: 'object return types and callbacks', source: 'const mk = (): { a: number } => ({ a: 1 });\nfunction cb(fn: (err: Error | null, v?: number) => void): void { fn(null, 2); }\nfunction obj(): { b: string } { return { b: "x" }; }\ncb((e, v) => console.log(e, v, mk().a, obj().b));\n', fast: true },
  { name: 'generators and methods with types', source: 'async function* gen<T>(x: T): AsyncGenerator<T, void, unknown> { yield x; }\nconst o = { m(): number { return 1; }, get g(): string { return "g"; }, async n(v: number): Promise<number> { return v; } };\nclass K { private async *it(): AsyncGenerator<number> { yield 1; } static async make<T>(this: new () => T): Promise<T> { return new this(); } handle = (e: string): void => { console.log(e); }; }\nconsole.log(typeof gen, o.m(), o.g, typeof K.make);\n', fast: true },
  { name: 'patterns with types and defaults', source: 'const f = ({ a = 1, b }: { a?: number; b: string } = { b: "" }, [c, d]: [number, number?] = [0]) => a + b + c + d;\nfor (const [k, v] of Object.entries({ x: 1 }) as [string, number][]) console.log(k, v, f());\n', fast: true },
  { name: 'comments and qualified generic types', source: 'namespaceLike: for (let i: /* a count */ number = 0; i < 1; i++) { let x: Intl.NumberFormat | null = null; let y: Array<Array<number>>[] = []; console.log(x, y, `${i as number}`); continue namespaceLike; }\n', fast: true },
  { name: 'class members with quoted and numeric names', source: 'class Q { "quoted"?: number; 42!: string; static readonly [Symbol.species]?: unknown; }\nconsole.log(Object.keys(new Q()));\n', fast: true },
  { name: 'hashbang and type-only exports of a module', source: '#!/usr/bin/env node\nexport type T = number;\nexport interface I { t: T }\nexport const x: T = 1;\nconsole.log(x);\n', fast: true },
  { name: 'new without arguments after type arguments', source: 'class C<T> {}\nconst c = new C<number>;\nconsole.log(c);\n', fast: false },
  { name: 'typeof import type', source: 'let m: typeof import("fs") | undefined;\nconsole.log(m);\n', fast: false },
  { name: 'conditional consequent', source: 'const ok = true;\nconst r = ok ? (1) : 2;\nconst f = ok ? (x: number): number => x : null;\nconsole.log(r, f);\n', fast: false },
  { name: 'enum', source: 'enum E { A, B }\nconsole.log(E.A);\n', fast: false },
  { name: 'namespace', source: 'namespace N { export const x = 1; }\nconsole.log(N.x);\n', fast: false },
  { name: 'parameter properties', source: 'class B { constructor(public a = 1) {} }\nclass P extends B { y = 2; constructor(private readonly x: number, public /* c */ z?: string, protected w: number = 3, plain = 4) { super(); console.log(this.x, plain); } }\nconsole.log(new P(1));\n', fast: true },
  { name: 'parameter property with a pattern', source: 'class P { constructor(private { a }: { a: number }) {} }\n', fast: false },
  { name: 'overloads', source: 'function f(x: string): string;\nfunction f(x: any) { return x; }\nconsole.log(f("a"));\n', fast: false },
  { name: 'angle assertion', source: 'const x = <number>(1 as unknown);\nconsole.log(x);\n', fast: false },
  { name: 'generic arrows', source: 'const id = <T,>(x: T): T => x;\nconst pair = <A, B extends A>(a: A, b: B): [A, B] => [a, b];\nconst later = async <T>(v: T): Promise<T> => v;\nconsole.log(id(1), pair(1, 2), later(3));\n', fast: true },
  { name: 'this parameters', source: 'function f(this: { n: number }, k: number): number { return this.n + k; }\nconst o = { n: 1, m(this: typeof o) { return this.n; }, g: function (this: any): void {} };\nconsole.log(f.call({ n: 1 }, 2), o.m());\n', fast: true },
  { name: 'abstract', source: 'abstract class A { abstract f(): void; protected abstract readonly g: number;\n  abstract get h(): string\n  declare i: number; static x = 1; m(): string { return "m"; } }\nexport abstract class B extends A {}\nconsole.log(typeof A, B);\n', fast: true },
  { name: 'abstract member before a hazard', source: 'abstract class A { abstract x: number\n  ["y"] = 1 }\n', fast: false },
  { name: 'declare', source: 'declare const x: number;\nconsole.log(typeof x);\n', fast: false },
  { name: 'decorator', source: 'function d(t: any) {}\n@d class C {}\n', fast: false },
  { name: 'directive after a type', source: 'type T = 1;\n"use strict";\nconsole.log(this);\n', fast: false },
  { name: 'instantiation expression', source: 'function id<T>(x: T) { return x; }\nconst n = id<number>;\nconsole.log(n(1));\n', fast: false },
];

describe('TypeScript fast path: the same program as the full pipeline', function () {
  this.timeout(60000);
  for (const { file, source } of tsFiles()) {
    it(path.relative(repoRoot, file), () => {
      const { full, fast } = both(source, file);
      if (!full.program) return; // a file the full pipeline rejects: the fast path never accepts what it rejects…
      assert.equal(fast.js, full.js, 'erased text');
      assert.equal(fast.moduleKind, full.moduleKind, 'module kind');
      assert.deepEqual(JSON.parse(JSON.stringify(fast.program)), JSON.parse(JSON.stringify(full.program)));
      assert.deepEqual(sortedNotes(fast.notes), sortedNotes(full.notes), 'notes');
    });
  }
  for (const { file, source } of tsFiles()) {
    it(`rejected by the full pipeline → not taken: ${path.relative(repoRoot, file)}`, () => {
      const { full } = both(source, file);
      if (full.program) return;
      assert.equal(fastTook(source, file), false);
    });
  }
  for (const f of FAST_FORMS) {
    it(`${f.name}: ${f.fast ? 'taken, same program' : 'left to the full pipeline'}`, () => {
      const file = /^import/.test(f.source) ? 'x.mts' : 'x.ts';
      assert.equal(fastTook(f.source, file), f.fast);
      const { full, fast } = both(f.source, file);
      if (!f.fast && !full.program) return;
      assert.ok(full.program, JSON.stringify(full.error));
      assert.equal(fast.js, full.js, 'erased text');
      assert.equal(fast.moduleKind, full.moduleKind, 'module kind');
      assert.deepEqual(JSON.parse(JSON.stringify(fast.program)), JSON.parse(JSON.stringify(full.program)));
      assert.deepEqual(sortedNotes(fast.notes), sortedNotes(full.notes), 'notes');
    });
  }
});

const sortedNotes = (n: any[] | undefined) => [...(n ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);

