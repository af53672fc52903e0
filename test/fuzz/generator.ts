// Seeded generator of random, self-terminating event-loop programs whose output real Node
// prints deterministically. Used by test/unit/differential.test.ts (a few hundred) and
// test/fuzz/run.mjs (thousands).
//
// Timing discipline (so that real Node, which waits in real time and may lag a few ms, reproduces
// the ideal virtual-time order):
// - Every piece of code is generated in a context that knows the macrotask ("turn") it runs in and
//   that turn's virtual time. Timers are due at `time + max(1, delay)`.
// - Due times of timers are kept >= SPACING ms apart, except timers of equal delay created in the same
//   turn (Node keeps one list per delay, in creation order; the ideal order is creation order too).
// - setImmediate only where Node defines the order: inside timer / immediate callbacks (before any
//   later timer, which is >= SPACING ms away), or at top level when every top-level timer is >= 40 ms.
// - Contexts whose turn cannot be known statically (e.g. after Promise.race over delayed promises)
//   are "untimed": they may log, queue microtasks and chain promises, but create no timers.
// Programs never print whole Error objects (stacks contain paths), only `.message`/`.name`.

export interface GenOptions {
  /** Approximate number of statements in the program (default: random 6..22). */
  size?: number;
  /** Maximum nesting depth of callbacks (default 3). */
  maxDepth?: number;
  /** Probability that the program ends in an uncaught error / unhandled rejection (default 0.06). */
  fatalRate?: number;
  /** Latest virtual due time of any timer in ms (default 160). */
  maxTime?: number;
  /** Share of programs generated as ES modules (.mjs: strict, top-level await, Node runs promise
   *  jobs before nextTicks after the module body) (default 0.1). */
  esmRate?: number;
  /** Minimum distance between due times of timers (default 20). */
  spacing?: number;
}

export interface GeneratedProgram {
  seed: number;
  source: string;
  /** 'none' | 'uncaught-main' | 'uncaught-timer' | 'unhandled-rejection' | ... */
  fatal: string;
  /** '.js' (CommonJS main script) or '.mjs' (ES module). */
  ext: '.js' | '.mjs';
  /** Constructs used, for coverage statistics. */
  features: string[];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ctx {
  /** Macrotask id; -1 = unknown (untimed: no timers / immediates). 0 = the main script. */
  turn: number;
  time: number;
  depth: number;
  /** Inside an async function body (await allowed). */
  async: boolean;
  /** Label prefix describing where this code runs. */
  tag: string;
}

interface Due {
  due: number;
  turn: number;
}

const VALUES = [
  '0', '1', '2', '42', '-1', '3.5', '-0', 'NaN', "'x'", "'hello'", "''", 'true', 'false', 'null', 'undefined',
  '[1, 2]', "['a', 3]", '[]', '{ k: 1 }', "{ a: [1, 2], b: 'c' }", '{}', "[{ n: 1 }, 'z']", '[[1, [2, [3]]]]',
  "new Map([['m', 1]])", 'new Set([1, 2])', '10n', "Symbol('s')",
  // formatting stress: class instance, quotes, long arrays/objects that Node breaks over lines
  'new (class Point { constructor() { this.x = 1; this.y = [2]; } })()', `["it's", 'a"b']`,
  'Array.from({ length: 30 }, (_, i) => i * 3)',
  "{ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbb', gamma: 'cccccccccccccc', delta: [1, 2, 3], eps: { z: 1 } }",
];
/** With a top-level setImmediate, top-level timers wait at least this long (a loaded machine can take
 *  20+ ms from the first timer to the first loop iteration). */
const TOP_IMMEDIATE_MIN_DELAY = 40;
const DELAYS = [0, 1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50, 60];

const PRELUDE = [
  "const wait = (ms, v) => new Promise((resolve) => setTimeout(resolve, ms, v));",
  "const thenable = (v) => ({ then(onOk) { onOk(v); } });",
  "const badThenable = (m) => ({ then(onOk, onErr) { onErr(new Error(m)); } });",
  "const later = async (v) => v;",
  "const fail = async (m) => { throw new Error(m); };",
];

export class ProgramGenerator {
  private rnd: () => number;
  private label = 0;
  private turns = 0;
  private dues: Due[] = [];
  private timerTurnDue = new Map<number, number>();
  /** Due times whose timer callback queued a setImmediate (no ties allowed there). */
  private immediateDues = new Set<number>();
  private budget: number;
  private fatalPending: string;
  private fatalDone = false;
  private usedPrelude = new Set<number>();
  private features = new Set<string>();
  private names = 0;
  private topImmediate: boolean;
  private esm: boolean;
  readonly maxDepth: number;
  readonly maxTime: number;
  readonly spacing: number;

  constructor(readonly seed: number, opts: GenOptions = {}) {
    this.rnd = mulberry32(seed * 2654435761 + 12345);
    this.budget = opts.size ?? this.int(6, 22);
    this.maxDepth = opts.maxDepth ?? 3;
    this.maxTime = opts.maxTime ?? 160;
    this.spacing = opts.spacing ?? 20;
    this.topImmediate = this.rnd() < 0.2;
    this.esm = this.rnd() < (opts.esmRate ?? 0.1);
    const fatalRate = opts.fatalRate ?? 0.06;
    this.fatalPending = this.rnd() < fatalRate
      ? this.pick(['uncaught-main', 'uncaught-timer', 'unhandled-rejection', 'unhandled-async', 'uncaught-microtask', 'late-handler'])
      : 'none';
  }

  // ---- randomness helpers -------------------------------------------------------------------
  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  private chance(p: number): boolean {
    return this.rnd() < p;
  }
  private weighted<T>(items: [number, T][]): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let r = this.rnd() * total;
    for (const [w, v] of items) {
      if ((r -= w) < 0) return v;
    }
    return items[items.length - 1][1];
  }
  private lab(tag: string): string {
    return `'${tag}${++this.label}'`;
  }
  private name(prefix: string): string {
    return `${prefix}${++this.names}`;
  }
  private value(): string {
    return this.pick(VALUES);
  }
  private feat(f: string): void {
    this.features.add(f);
  }
  private helper(i: number): string {
    this.usedPrelude.add(i);
    return ['wait', 'thenable', 'badThenable', 'later', 'fail'][i];
  }

  // ---- timing -------------------------------------------------------------------------------
  /** Picks a delay whose due time is safe in `ctx`, registers it, and returns [delay, due]; null if none. */
  private delay(ctx: Ctx, minDelay = 0, candidates: readonly number[] = DELAYS): [number, number] | null {
    if (ctx.turn < 0) return null;
    const order = [...candidates].sort(() => this.rnd() - 0.5);
    // Sometimes prefer a delay already used in this turn (equal delays: creation order).
    const same = this.dues.filter((d) => d.turn === ctx.turn).map((d) => d.due - ctx.time);
    if (same.length && this.chance(0.35)) {
      const tie = this.pick(same);
      if (!this.immediateDues.has(ctx.time + tie)) order.unshift(tie);
    }
    for (const d of order) {
      if (d < minDelay) continue;
      if (ctx.turn === 0 && this.topImmediate && d < TOP_IMMEDIATE_MIN_DELAY) continue;
      const due = ctx.time + Math.max(1, d);
      if (this.immediateDues.has(due)) continue;
      if (this.fits(due, ctx.turn)) {
        this.dues.push({ due, turn: ctx.turn });
        return [d, due];
      }
    }
    return null;
  }
  private fits(due: number, turn: number): boolean {
    if (due > this.maxTime) return false;
    // Node stamps each timer with the real time of its creation, so even timers of one turn may be
    // created ms apart (first console.log, GC, lazy compilation): only equal delays from the same turn
    // (same list in Node, creation order in both) may share a due time; everything else keeps its distance.
    return this.dues.every((o) => (o.turn === turn && o.due === due) || Math.abs(o.due - due) >= this.spacing);
  }
  private newTurn(time: number, depth: number, tag: string): Ctx {
    return { turn: ++this.turns, time, depth, async: false, tag };
  }
  /** The turn of a timer callback due at `due`. */
  private timerTurn(due: number, depth: number, tag: string): Ctx {
    const ctx = this.newTurn(due, depth, tag);
    this.timerTurnDue.set(ctx.turn, due);
    return ctx;
  }
  private canImmediate(ctx: Ctx): boolean {
    if (ctx.turn === 0) return this.topImmediate;
    if (ctx.turn < 0) return false;
    const due = this.timerTurnDue.get(ctx.turn);
    if (due === undefined) return true; // an immediate's turn
    // Timers tied on one due time: Node runs the second one in the same timers phase only if its
    // (real-time) start was not later than the first's, so an immediate queued by the first may or
    // may not come in between. Immediates only in timers that own their due time.
    if (this.dues.filter((o) => o.due === due).length > 1) return false;
    this.immediateDues.add(due);
    return true;
  }

  // ---- program ------------------------------------------------------------------------------
  generate(): GeneratedProgram {
    const main: Ctx = { turn: 0, time: 0, depth: 0, async: this.esm, tag: 'S' };
    if (this.esm) this.feat('esm');
    const body: string[] = [];
    body.push(`console.log(${this.lab('S')}, 'start');`);
    while (this.budget > 0) body.push(this.stmt(main));
    if (this.fatalPending !== 'none' && !this.fatalDone) body.push(this.fatal(main, true));
    body.push(`console.log(${this.lab('S')}, 'end');`);
    const prelude = PRELUDE.filter((_, i) => this.usedPrelude.has(i));
    const header = `// generated by test/fuzz/generator.ts, seed ${this.seed}`;
    const source = [header, ...prelude, ...body].join('\n') + '\n';
    return { seed: this.seed, source, fatal: this.fatalDone ? this.fatalPending : 'none', ext: this.esm ? '.mjs' : '.js', features: [...this.features].sort() };
  }

  private block(stmts: string[]): string {
    return stmts.map((s) => s.split('\n').map((l) => '  ' + l).join('\n')).join('\n');
  }

  /** A few statements for a callback body in `ctx`. */
  private body(ctx: Ctx, min = 1, max = 3): string {
    const n = this.int(min, max);
    const out: string[] = [`console.log(${this.lab(ctx.tag)});`];
    for (let i = 1; i < n && this.budget > 0; i++) out.push(this.stmt(ctx));
    if (this.chance(0.3)) out.push(this.logStmt(ctx));
    return this.block(out);
  }

  private stmt(ctx: Ctx): string {
    this.budget--;
    const deep = ctx.depth >= this.maxDepth;
    if (this.fatalPending !== 'none' && !this.fatalDone && ctx.depth >= 1 && this.chance(0.3)) {
      const f = this.fatal(ctx, false);
      if (f) return f;
    }
    const kind = this.weighted<string>([
      [3, 'log'],
      [1, 'sync'],
      [1, 'try'],
      [deep ? 0 : 5, 'timeout'],
      [deep ? 0 : 1, 'interval'],
      [1, 'clearedTimeout'],
      [deep ? 0 : 0.7, 'clearLater'],
      [deep ? 0 : 1, 'lateCatch'],
      [deep ? 0 : 1, 'asyncGen'],
      [1.2, 'ticker'],
      [deep ? 0 : 2, 'immediate'],
      [deep ? 0 : 3, 'microtask'],
      [deep ? 0 : 3, 'nextTick'],
      [deep ? 0.5 : 5, 'chain'],
      [deep ? 0 : 2, 'newPromise'],
      [deep ? 0.5 : 2, 'combinator'],
      [deep ? 0 : 4, 'async'],
      [ctx.async ? 4 : 0, 'await'],
      [ctx.async ? 1 : 0, 'awaitLoop'],
      [ctx.async ? 1.5 : 0, 'awaitTry'],
    ]);
    switch (kind) {
      case 'timeout': return this.timeout(ctx) ?? this.logStmt(ctx);
      case 'interval': return this.interval(ctx) ?? this.logStmt(ctx);
      case 'clearedTimeout': return this.clearedTimeout(ctx);
      case 'clearLater': return this.clearLater(ctx) ?? this.logStmt(ctx);
      case 'lateCatch': return this.lateCatch(ctx);
      case 'asyncGen': return this.asyncGen(ctx);
      case 'ticker': return this.ticker(ctx);
      case 'immediate': return this.immediate(ctx) ?? this.logStmt(ctx);
      case 'microtask': return this.microtask(ctx);
      case 'nextTick': return this.nextTick(ctx);
      case 'chain': return this.chain(ctx);
      case 'newPromise': return this.newPromise(ctx);
      case 'combinator': return this.combinator(ctx);
      case 'async': return this.asyncFn(ctx);
      case 'await': return this.awaitStmt(ctx);
      case 'awaitLoop': return this.awaitLoop(ctx);
      case 'awaitTry': return this.awaitTry(ctx);
      case 'sync': return this.syncStmt(ctx);
      case 'try': return this.tryStmt(ctx);
      default: return this.logStmt(ctx);
    }
  }

  private logStmt(ctx: Ctx): string {
    this.feat('log');
    if (this.chance(0.08)) {
      this.feat('console-format');
      return `console.log(${this.pick(["'%s: %d items, %i%%'", "'%s -> %o'", "'%s %j'", "'%s=%s'"])}, ${this.lab(ctx.tag)}, ${this.pick(['42', '3.7', "'7'", '[1, 2]', '{ k: 1 }'])}, ${this.pick(['2.9', "'x'", 'null', '[3]'])});`;
    }
    if (this.chance(0.06)) {
      // stderr is not compared, but it must not end up on stdout
      this.feat('console-stderr');
      return `console.${this.pick(['error', 'warn'])}(${this.lab('E')}, ${this.value()});`;
    }
    const method = this.chance(0.08) ? this.pick(['info', 'debug']) : 'log';
    const args = this.chance(0.5) ? `, ${this.value()}` : this.chance(0.3) ? `, ${this.value()}, ${this.value()}` : '';
    return `console.${method}(${this.lab(ctx.tag)}${args});`;
  }

  private syncStmt(ctx: Ctx): string {
    this.feat('sync');
    const v = this.name('v');
    return this.pick([
      () => `const ${v} = [3, 1, 2].map((x) => x * ${this.int(1, 5)}).sort((a, b) => a - b);\nconsole.log(${this.lab(ctx.tag)}, ${v}, ${v}.length);`,
      () => `let ${v} = 0;\nfor (let i = 0; i < ${this.int(2, 6)}; i++) ${v} += i;\nconsole.log(${this.lab(ctx.tag)}, ${v});`,
      () => `const ${v} = { n: ${this.int(0, 9)}, s: 'q', list: [${this.int(0, 9)}, ${this.int(0, 9)}] };\nconsole.log(${this.lab(ctx.tag)}, ${v}, JSON.stringify(${v}));`,
      () => `const ${v} = \`t\${${this.int(0, 9)} + 1}\`;\nconsole.log(${this.lab(ctx.tag)}, ${v}, typeof ${v});`,
    ])();
  }

  private tryStmt(ctx: Ctx): string {
    this.feat('try');
    const thrower = this.pick([
      `throw new Error('boom${this.label}');`,
      `null.prop;`,
      `undefinedFn${this.label}();`,
      `throw new TypeError('bad${this.label}');`,
      `JSON.parse('{');`,
    ]);
    const fin = this.chance(0.5) ? ` finally {\n  console.log(${this.lab('F')});\n}` : '';
    const catchBody = this.chance(0.7) ? `console.log(${this.lab('C')}, e.name, e.message);` : `console.log(${this.lab('C')}, e instanceof Error);`;
    return `try {\n  console.log(${this.lab(ctx.tag)});\n  ${thrower}\n} catch (e) {\n  ${catchBody}\n}${fin}`;
  }

  private timeout(ctx: Ctx): string | null {
    const d = this.delay(ctx);
    if (!d) return null;
    this.feat('setTimeout');
    const inner = this.timerTurn(d[1], ctx.depth + 1, 'T');
    if (this.chance(0.15)) {
      this.feat('setTimeout-args');
      return `setTimeout((a, b) => {\n  console.log(${this.lab('T')}, a, b);\n${this.body(inner, 1, 2)}\n}, ${d[0]}, ${this.value()}, ${this.value()});`;
    }
    return `setTimeout(() => {\n${this.body(inner, 1, 4)}\n}, ${this.delayText(d[0])});`;
  }

  /** The delay as written: sometimes a string, or a value Node treats as 1 ms. */
  private delayText(d: number): string {
    if (d <= 1 && this.chance(0.3)) {
      this.feat('odd-delay');
      return this.pick(['-5', 'NaN', 'undefined', 'null', "'0'", '0.5', '1']);
    }
    if (d > 1 && this.chance(0.1)) {
      this.feat('string-delay');
      return `'${d}'`;
    }
    return String(d);
  }

  private interval(ctx: Ctx): string | null {
    if (ctx.turn < 0) return null;
    const runs = this.int(2, 3);
    const order = [20, 22, 25, 30, 40, 45].sort(() => this.rnd() - 0.5);
    for (const d of order) {
      const fires = Array.from({ length: runs }, (_, k) => ctx.time + d * (k + 1));
      // Fires are separate turns; each must keep its distance from everything else.
      if (!fires.every((f) => this.fits(f, -2))) continue;
      if (ctx.turn === 0 && this.topImmediate && d < TOP_IMMEDIATE_MIN_DELAY) continue;
      for (const f of fires) this.dues.push({ due: f, turn: -2 - this.turns++ });
      this.feat('setInterval');
      const n = this.name('n');
      const h = this.name('iv');
      const extra = this.chance(0.5)
        ? `\n  ${this.pick(['Promise.resolve(' + n + ').then((x) => console.log(' + this.lab('P') + ', x));', 'process.nextTick(() => console.log(' + this.lab('N') + ', ' + n + '));', 'queueMicrotask(() => console.log(' + this.lab('Q') + ', ' + n + '));'])}`
        : '';
      return `let ${n} = 0;\nconst ${h} = setInterval(() => {\n  ${n}++;\n  console.log(${this.lab('I')}, ${n});${extra}\n  if (${n} === ${runs}) ${this.chance(0.2) ? 'clearTimeout' : 'clearInterval'}(${h});\n}, ${d});`;
    }
    return null;
  }

  private clearedTimeout(ctx: Ctx): string {
    this.feat('clearTimeout');
    const h = this.name('h');
    const d = this.pick(DELAYS);
    if (this.chance(0.3)) {
      return `const ${h} = setTimeout(() => console.log('never ${h}'), ${d});\nPromise.resolve().then(() => clearTimeout(${h}));`;
    }
    return `const ${h} = setTimeout(() => console.log('never ${h}'), ${d});\nclearTimeout(${h});`;
  }

  /** A timer cleared by an earlier timer (the cleared one is due 40 ms after the one clearing it). */
  private clearLater(ctx: Ctx): string | null {
    const d = this.delay(ctx, 0, DELAYS.filter((x) => x <= 60));
    if (!d) return null;
    this.feat('clearTimeout-later');
    const h = this.name('h');
    const inner = this.timerTurn(d[1], ctx.depth + 1, 'T');
    return `const ${h} = setTimeout(() => console.log('never ${h}'), ${d[0] + 40});\nsetTimeout(() => {\n  clearTimeout(${h});\n${this.body(inner, 1, 2)}\n}, ${d[0]});`;
  }

  /** A rejected promise whose handler is attached a little later, in the same macrotask (no crash). */
  private lateCatch(ctx: Ctx): string {
    this.feat('late-catch');
    const p = this.name('rp');
    const attach = this.pick(['queueMicrotask', 'process.nextTick', 'Promise.resolve().then']);
    return `const ${p} = Promise.reject(new Error('late${this.label}'));\n${attach}(() => {\n  ${p}.catch((e) => console.log(${this.lab('C')}, 'late catch', e.message));\n});`;
  }

  /** A chain that logs once per microtask tick: makes every extra or missing tick visible. */
  private ticker(ctx: Ctx): string {
    this.feat('ticker');
    const k = this.name('k');
    const n = this.int(3, 8);
    return `let ${k} = Promise.resolve();\nfor (let i = 1; i <= ${n}; i++) ${k} = ${k}.then(() => console.log(${this.lab('K')}, 'tick', i));`;
  }

  /** An async generator consumed with for await (in an async IIFE). */
  private asyncGen(ctx: Ctx): string {
    this.feat('async-generator');
    const g = this.name('g');
    const items = Array.from({ length: this.int(1, 3) }, () => this.pick([
      `yield ${this.value()};`,
      `yield Promise.resolve(${this.value()});`,
      `await null;\n  yield ${this.value()};`,
      `console.log(${this.lab('G')});`,
    ]));
    const consume = this.chance(0.5)
      ? `(async () => {\n  for await (const x of ${g}()) console.log(${this.lab('A')}, x);\n  console.log(${this.lab('A')}, 'for await done');\n})();`
      : `(async () => {\n  const it = ${g}();\n  console.log(${this.lab('A')}, await it.next(), await it.next());\n})();`;
    const forAwaitArr = this.chance(0.3)
      ? `\n(async () => {\n  for await (const x of [Promise.resolve(${this.value()}), ${this.value()}, ${this.helper(3)}(${this.value()})]) console.log(${this.lab('A')}, x);\n})();`
      : '';
    return `async function* ${g}() {\n  ${items.join('\n  ')}\n}\n${consume}${forAwaitArr}`;
  }

  private immediate(ctx: Ctx): string | null {
    if (!this.canImmediate(ctx)) return null;
    this.feat('setImmediate');
    const inner = this.newTurn(ctx.time, ctx.depth + 1, 'IM');
    return `setImmediate(() => {\n${this.body(inner, 1, 3)}\n});`;
  }

  private microtask(ctx: Ctx): string {
    this.feat('queueMicrotask');
    const inner = { ...ctx, depth: ctx.depth + 1, async: false, tag: 'Q' };
    return `queueMicrotask(() => {\n${this.body(inner, 1, 3)}\n});`;
  }

  private nextTick(ctx: Ctx): string {
    this.feat('nextTick');
    const inner = { ...ctx, depth: ctx.depth + 1, async: false, tag: 'N' };
    if (this.chance(0.3)) {
      this.feat('nextTick-nested');
      return `process.nextTick(() => {\n  console.log(${this.lab('N')});\n  process.nextTick(() => console.log(${this.lab('N')}));\n  Promise.resolve().then(() => console.log(${this.lab('P')}));\n});`;
    }
    if (this.chance(0.2)) return `process.nextTick((x) => {\n  console.log(${this.lab('N')}, x);\n${this.body(inner, 1, 2)}\n}, ${this.value()});`;
    return `process.nextTick(() => {\n${this.body(inner, 1, 3)}\n});`;
  }

  /** An expression producing a promise-ish start of a chain. Returns [expr, mayReject, ctx of its settlement]. */
  private promiseSource(ctx: Ctx): [string, boolean, Ctx] {
    const k = this.weighted<string>([
      [4, 'resolve'], [2, 'reject'], [2, 'wait'], [1, 'thenable'], [1, 'badThenable'],
      [1.5, 'later'], [1, 'fail'], [1, 'resolvePromise'], [1, 'resolveThenable'], [1, 'resolveWithPromise'],
    ]);
    const same = { ...ctx };
    switch (k) {
      case 'reject': this.feat('Promise.reject'); return [`Promise.reject(new Error('r${this.label}'))`, true, same];
      case 'wait': {
        const d = this.delay(ctx);
        if (!d) return [`Promise.resolve(${this.value()})`, false, same];
        this.feat('wait');
        return [`${this.helper(0)}(${d[0]}, ${this.value()})`, false, this.timerTurn(d[1], ctx.depth, 'P')];
      }
      case 'thenable': this.feat('thenable'); return [`Promise.resolve(${this.helper(1)}(${this.value()}))`, false, same];
      case 'badThenable': this.feat('thenable-reject'); return [`Promise.resolve(${this.helper(2)}('bt${this.label}'))`, true, same];
      case 'later': this.feat('async-call'); return [`${this.helper(3)}(${this.value()})`, false, same];
      case 'fail': this.feat('async-throw'); return [`${this.helper(4)}('f${this.label}')`, true, same];
      case 'resolvePromise': this.feat('resolve-promise'); return [`Promise.resolve(Promise.resolve(${this.value()}))`, false, same];
      case 'resolveWithPromise': this.feat('new-promise-resolve-promise'); return [`new Promise((res) => res(Promise.resolve(${this.value()})))`, false, same];
      case 'resolveThenable': this.feat('new-promise-thenable'); return [`new Promise((res) => res(${this.helper(1)}(${this.value()})))`, false, same];
      default: this.feat('Promise.resolve'); return [`Promise.resolve(${this.value()})`, false, same];
    }
  }

  /** What a then-handler returns: [code, mayReject]. */
  private handlerReturn(): [string, boolean] {
    return this.weighted<[string, boolean]>([
      [3, [`return ${this.value()};`, false]],
      [2, ['return x;', false]],
      [1, [`return String(x) + '!';`, false]],
      [1.5, [`return Promise.resolve(${this.value()});`, false]],
      [1, [`return ${this.helper(1)}(${this.value()});`, false]],
      [1, [`return ${this.helper(3)}(${this.value()});`, false]],
      [1.5, [`throw new Error('t${this.label}');`, true]],
      [0.7, [`return Promise.reject(new Error('pr${this.label}'));`, true]],
      [1, ['', false]],
      [0.5, [`return { then(ok) { queueMicrotask(() => ok(${this.value()})); } };`, false]],
      [0.3, [`return { then() { throw new Error('tt${this.label}'); } };`, true]],
      [0.3, [`return { then(ok) { ok(${this.value()}); throw new Error('ignored'); } };`, false]],
    ]);
  }

  private chain(ctx: Ctx): string {
    this.feat('chain');
    let [expr, mayReject, hctx] = this.promiseSource(ctx);
    const links = this.int(1, 4);
    let code = expr;
    for (let i = 0; i < links; i++) {
      const inner: Ctx = { ...hctx, depth: ctx.depth + 1, async: false, tag: 'P' };
      const k = this.weighted<string>([[5, 'then'], [2, 'catch'], [1.5, 'finally'], [1, 'then2'], [0.4, 'passThrough']]);
      if (k === 'passThrough') {
        this.feat('then-non-function');
        code += `\n  .${this.pick(['then()', 'then(null)', 'then(undefined, 5)', 'catch(null)', 'finally()'])}`;
        continue;
      }
      const nested = inner.depth <= this.maxDepth && this.chance(0.35) && this.budget > 0 ? '\n' + this.block([this.stmt(inner)]) : '';
      if (k === 'then') {
        this.feat('then');
        const [ret, rej] = this.handlerReturn();
        code += `\n  .then((x) => {\n    console.log(${this.lab('P')}, x);${nested.replace(/\n/g, '\n  ')}${ret ? '\n    ' + ret : ''}\n  })`;
        mayReject = mayReject || rej; // a rejection passes through; the handler may also throw
      } else if (k === 'then2') {
        this.feat('then-2-args');
        const [ret, rej] = this.handlerReturn();
        code += `\n  .then((x) => {\n    console.log(${this.lab('P')}, x);${ret ? '\n    ' + ret : ''}\n  }, (e) => {\n    console.log(${this.lab('C')}, e.message);\n    return ${this.value()};\n  })`;
        mayReject = rej;
      } else if (k === 'catch') {
        this.feat('catch');
        code += `\n  .catch((e) => {\n    console.log(${this.lab('C')}, e.message);${nested.replace(/\n/g, '\n  ')}\n    return ${this.value()};\n  })`;
        mayReject = false;
      } else {
        this.feat('finally');
        const fret = this.chance(0.25) ? `\n    return ${this.value()};` : ''; // ignored by finally
        code += `\n  .finally(() => {\n    console.log(${this.lab('F')});${nested.replace(/\n/g, '\n  ')}${fret}\n  })`;
      }
    }
    if (mayReject) code += `\n  .catch((e) => console.log(${this.lab('C')}, e.message))`;
    else if (this.chance(0.3)) code += `\n  .then((x) => console.log(${this.lab('P')}, x))`;
    return code + ';';
  }

  private newPromise(ctx: Ctx): string {
    this.feat('new-Promise');
    const p = this.name('p');
    const d = this.chance(0.4) ? this.delay(ctx) : null;
    let settle: string;
    let rejects = false;
    let hctx: Ctx = ctx;
    if (d) {
      this.feat('resolve-in-timer');
      rejects = this.chance(0.3);
      settle = `setTimeout(() => {\n    console.log(${this.lab('T')});\n    ${rejects ? `reject(new Error('np${this.label}'))` : `resolve(${this.value()})`};\n  }, ${d[0]});`;
      hctx = this.timerTurn(d[1], ctx.depth, 'P');
    } else {
      rejects = this.chance(0.25);
      settle = rejects ? `reject(new Error('np${this.label}'));` : `resolve(${this.value()});`;
      if (this.chance(0.3)) settle += ` ${rejects ? 'resolve' : 'reject'}(${this.value()}); // ignored`;
    }
    const h = { ...hctx, depth: ctx.depth + 1, async: false, tag: 'P' };
    const nested = h.depth <= this.maxDepth && this.chance(0.4) && this.budget > 0 ? '\n' + this.block([this.stmt(h)]) : '';
    return `const ${p} = new Promise((resolve, reject) => {\n  console.log(${this.lab(ctx.tag)}, 'executor');\n  ${settle}\n});\n` +
      `${p}.then((x) => {\n  console.log(${this.lab('P')}, x);${nested}\n}, (e) => console.log(${this.lab('C')}, e.message));`;
  }

  private combinator(ctx: Ctx): string {
    const which = this.pick(['all', 'allSettled', 'race', 'any']);
    this.feat(`Promise.${which}`);
    const n = this.int(which === 'race' ? 1 : 0, 4);
    const items: string[] = [];
    let timed = false;
    for (let i = 0; i < n; i++) {
      const k = this.weighted<string>([[3, 'resolve'], [2, 'value'], [1.5, 'reject'], [1.5, 'wait'], [1, 'thenable'], [1, 'later'], [0.5, 'fail']]);
      if (k === 'wait') {
        const d = this.delay(ctx);
        if (d) { items.push(`${this.helper(0)}(${d[0]}, ${this.value()})`); timed = true; continue; }
      }
      items.push(
        k === 'reject' ? `Promise.reject(new Error('c${this.label}_${i}'))`
          : k === 'thenable' ? `${this.helper(1)}(${this.value()})`
            : k === 'later' ? `${this.helper(3)}(${this.value()})`
              : k === 'fail' ? `${this.helper(4)}('cf${this.label}_${i}')`
                : k === 'value' ? this.value()
                  : `Promise.resolve(${this.value()})`,
      );
    }
    if (which === 'race' && n === 0) items.push('1');
    const arr = `[${items.join(', ')}]`;
    // Handlers run in an unknown turn when any element waits on a timer.
    const h: Ctx = timed ? { turn: -1, time: 0, depth: ctx.depth + 1, async: false, tag: 'P' } : { ...ctx, depth: ctx.depth + 1, async: false, tag: 'P' };
    const nested = h.depth <= this.maxDepth && this.chance(0.3) && this.budget > 0 ? '\n' + this.block([this.stmt(h)]) : '';
    if (which === 'allSettled') {
      return `Promise.allSettled(${arr}).then((rs) => {\n  console.log(${this.lab('P')}, rs.map((r) => r.status === 'fulfilled' ? r.value : r.reason.message));${nested}\n});`;
    }
    const errText = which === 'any' ? `e.constructor.name, e.errors ? e.errors.map((x) => x.message) : e.message` : 'e.message';
    return `Promise.${which}(${arr})\n  .then((r) => {\n    console.log(${this.lab('P')}, r);${nested.replace(/\n/g, '\n  ')}\n  })\n  .catch((e) => console.log(${this.lab('C')}, ${errText}));`;
  }

  /** Defines an async function and calls it once, right here (so its body runs in `ctx`). */
  private asyncFn(ctx: Ctx): string {
    this.feat('async-function');
    const f = this.name('f');
    const body: Ctx = { ...ctx, depth: ctx.depth + 1, async: true, tag: 'A' };
    const stmts: string[] = [`console.log(${this.lab('A')}, '${f} start', arg);`];
    const n = this.int(1, 4);
    for (let i = 0; i < n && this.budget > 0; i++) {
      stmts.push(this.weighted<() => string>([
        [4, () => this.awaitStmt(body)],
        [1, () => this.awaitTry(body)],
        [0.7, () => this.awaitLoop(body)],
        [2, () => this.stmt(body)],
      ])());
    }
    // body ctx may have moved to a later turn (after awaiting a timer)
    let rejects = false;
    const end = this.weighted<string>([
      [3, `return ${this.value()};`],
      [1, `return Promise.resolve(${this.value()});`],
      [0.7, `return ${this.helper(1)}(${this.value()});`],
      [1, `throw new Error('af${this.label}');`],
      [1, ''],
    ]);
    if (end.startsWith('throw')) rejects = true;
    if (end) stmts.push(end);
    const style = this.pick(['decl', 'arrow', 'expr']);
    const bodyText = this.block(stmts);
    const def = style === 'decl' ? `async function ${f}(arg) {\n${bodyText}\n}`
      : style === 'arrow' ? `const ${f} = async (arg) => {\n${bodyText}\n};`
        : `const ${f} = async function (arg) {\n${bodyText}\n};`;
    const h: Ctx = { ...body, depth: ctx.depth + 1, async: false, tag: 'P' };
    const after = this.chance(0.5) ? `\nconsole.log(${this.lab(ctx.tag)}, 'after ${f}()');` : '';
    let call: string;
    if (ctx.async && this.chance(0.4)) {
      // awaited call: the caller continues in the callee's final turn
      call = rejects
        ? `try {\n  console.log(${this.lab('A')}, await ${f}(${this.value()}));\n} catch (e) {\n  console.log(${this.lab('C')}, e.message);\n}`
        : `console.log(${this.lab('A')}, await ${f}(${this.value()}));`;
      ctx.turn = body.turn;
      ctx.time = body.time;
      return `${def}\n${call}`;
    }
    const nested = h.depth <= this.maxDepth && this.chance(0.3) && this.budget > 0 ? '\n' + this.block([this.stmt(h)]) : '';
    call = `${f}(${this.value()}).then((v) => {\n  console.log(${this.lab('P')}, '${f} ->', v);${nested}\n}, (e) => console.log(${this.lab('C')}, '${f} threw', e.message));`;
    return `${def}\n${call}${after}`;
  }

  /** `await X` inside an async body; moves `ctx` to a later turn when X waits on a timer. */
  private awaitStmt(ctx: Ctx): string {
    this.feat('await');
    const v = this.name('a');
    const k = this.weighted<string>([[3, 'value'], [3, 'resolve'], [2, 'wait'], [1.5, 'thenable'], [1.5, 'later'], [1, 'null'], [1, 'nested']]);
    let expr: string;
    switch (k) {
      case 'wait': {
        const d = this.delay(ctx);
        if (d) {
          this.feat('await-timer');
          expr = `${this.helper(0)}(${d[0]}, ${this.value()})`;
          const t = this.timerTurn(d[1], ctx.depth, ctx.tag);
          ctx.turn = t.turn;
          ctx.time = t.time;
        } else expr = this.value();
        break;
      }
      case 'resolve': expr = `Promise.resolve(${this.value()})`; break;
      case 'thenable': this.feat('await-thenable'); expr = `${this.helper(1)}(${this.value()})`; break;
      case 'later': expr = `${this.helper(3)}(${this.value()})`; break;
      case 'null': expr = 'null'; break;
      case 'nested': expr = `(async () => { await null; return ${this.value()}; })()`; break;
      default: expr = this.value();
    }
    return `const ${v} = await ${expr};\nconsole.log(${this.lab('A')}, ${v});`;
  }

  private awaitLoop(ctx: Ctx): string {
    this.feat('await-loop');
    const k = this.int(2, 4);
    return this.pick([
      () => `for (let i = 0; i < ${k}; i++) {\n  await null;\n  console.log(${this.lab('A')}, i);\n}`,
      () => `for (const x of [${Array.from({ length: k }, () => this.value()).join(', ')}]) {\n  console.log(${this.lab('A')}, await x);\n}`,
      () => {
        const w = this.name('w');
        return `let ${w} = 0;\nwhile (${w} < ${k}) {\n  ${w} = await Promise.resolve(${w} + 1);\n  console.log(${this.lab('A')}, ${w});\n}`;
      },
    ])();
  }

  private awaitTry(ctx: Ctx): string {
    this.feat('await-try');
    const src = this.pick([
      `Promise.reject(new Error('aw${this.label}'))`,
      `${this.helper(4)}('aw${this.label}')`,
      `${this.helper(2)}('aw${this.label}')`,
      `Promise.resolve(${this.value()})`,
    ]);
    const fin = this.chance(0.5) ? ` finally {\n  console.log(${this.lab('F')});\n}` : '';
    return `try {\n  const r = await ${src};\n  console.log(${this.lab('A')}, r);\n} catch (e) {\n  console.log(${this.lab('C')}, e.message);\n}${fin}`;
  }

  /** The one fatal event of a "fatal" program; at top level when `force`. */
  private fatal(ctx: Ctx, force: boolean): string {
    const kind = this.fatalPending;
    if (kind === 'uncaught-timer') {
      const d = this.delay(ctx, 0);
      if (!d) {
        if (!force) return '';
        this.fatalPending = 'uncaught-main';
        return this.fatal(ctx, true);
      }
      this.fatalDone = true;
      this.feat('fatal-timer');
      return `setTimeout(() => {\n  console.log(${this.lab('T')}, 'about to throw');\n  throw new Error('uncaught');\n}, ${d[0]});`;
    }
    if (!force && kind === 'uncaught-main') return '';
    this.fatalDone = true;
    this.feat('fatal-' + kind);
    switch (kind) {
      case 'unhandled-rejection': return `Promise.reject(new Error('unhandled'));`;
      case 'unhandled-async': return `(async () => {\n  await null;\n  throw new Error('async unhandled');\n})();`;
      case 'late-handler': return `const lateP = Promise.reject(new Error('handled too late'));\nsetTimeout(() => {\n  lateP.catch(() => console.log('never printed'));\n}, 0);`;
      case 'uncaught-microtask': return `queueMicrotask(() => {\n  throw new Error('microtask throw');\n});`;
      default: return `throw new Error('uncaught main');`;
    }
  }
}

export function generateProgram(seed: number, opts: GenOptions = {}): GeneratedProgram {
  return new ProgramGenerator(seed, opts).generate();
}
