// The module loader of one simulation: CommonJS `require`, ES module linking and evaluation
// (ECMA-262 §16.2.1.5 Link / Evaluate with the async-module algorithm), `import()`, `import.meta`,
// and the CommonJS interop of Node 20.20 (named exports found like cjs-module-lexer; require() of an
// ES module graph without top-level await).
//
// INVARIANT: sources come only from `AnalyzeOptions.modules`, the file map the host read before the
// job (src/engine/modules/graph.ts); nothing here reads a file. A path the host never looked at is
// "not loaded" (a located `module-not-loaded` diagnostic), never a MODULE_NOT_FOUND the program could
// mistake for Node's. Every module runs in the one interpreter, under the one set of budgets.
import type { Interpreter } from '../interp/runtime';
import { runsOnNode24 } from '../interp/runtime';
import type { Diagnostic, ModuleSources } from '../types';
import { Compiler } from '../interp/compiler';
import type { CScope } from '../interp/compiler';
import { compileFunctionTemplate, installFunctionMaker, instantiate } from '../interp/functions';
import { Env, HOISTED_UNDEFINED, HostSignal, UNINITIALIZED, Unsupported } from '../interp/values';
import { BUILTINS, dirname, fileUrl, formatOf, isBuiltin, NeedPath, nodeModulesPaths, resolveImport, resolveRequire, ResolveError, type FileView, type ModuleFormat } from './resolve';
import { parseSource, typeScriptMode } from '../simulator';
import { detectCjsExports } from './cjsExports';
import { INSPECT_CUSTOM, namespaceDisplays } from '../interp/inspectCustom';

/** Where an import binding reads from: a slot of another module's environment. */
export interface ImportLink {
  env: Env | null;
  slot: number;
  /** Reads it (TDZ check included), for namespace getters and re-exports. */
  read: () => any;
}

/** What the compiler asks of the module a function belongs to (import(), import.meta). */
export interface ModuleContext {
  path: string;
  importDynamic(spec: any, node: any, options?: any): any;
  importMeta(): any;
}

type Status = 'new' | 'linking' | 'linked' | 'evaluating' | 'evaluating-async' | 'evaluated';

interface Binding {
  /** Resolved to a module's local binding (by name), or its namespace. */
  module: Rec;
  local: string | null; // null: the namespace
}

interface Rec {
  path: string;
  format: ModuleFormat;
  source: string;
  // ---- CommonJS / JSON / built-in ----
  moduleObj?: any;
  cjsLoaded?: boolean;
  parent?: Rec | null;
  // ---- ES modules (synthetic ones, for CJS/JSON/built-ins imported by ESM, have `exportNames`) ----
  program?: any;
  requests: { spec: string; node: any; rec?: Rec; attributes?: Record<string, string> }[];
  imports: { local: string; spec: string; name: string | null; node: any; stmt?: any; decl?: any }[]; // name null: `* as`
  localExports: Map<string, string>;
  indirectExports: Map<string, { spec: string; name: string | null; node: any }>;
  starExports: { spec: string; node: any }[];
  exportNames?: string[]; // synthetic
  env: Env | null;
  scope: CScope | null;
  generator: any;
  hasTLA: boolean;
  status: Status;
  error: { value: any } | null;
  dfsIndex: number;
  dfsAncestor: number;
  cycleRoot: Rec | null;
  asyncEvaluation: number; // 0 = false; else the order it got [[AsyncEvaluation]]
  pendingAsyncDeps: number;
  asyncParents: Rec[];
  topLevelCapability: any;
  namespace: any;
  defaultFunctionName?: boolean;
  requireFacade?: any;
  /** A built-in the simulation lacks: every imported name is a stand-in that fails when used. */
  notAvailable?: string;
}

export interface LoaderOptions {
  mainPath: string;
  mainSource: string;
  sources: ModuleSources | undefined;
  diagnostics: Diagnostic[];
  /** The realm's built-in `require` (the simulated events/timers/util; the rest not available). */
  builtinRequire: any;
  range: (node: any) => any;
  /**
   * The parse stage's input for a file that is not JavaScript (a `.ts` among the imports: TypeScript
   * erasure that keeps every position). Absent: the text is parsed as it is.
   */
  toJavaScript?: (path: string, text: string) => string;
}

const MAX_MODULES = 2000;

export class ModuleLoader {
  readonly view: FileView;
  private readonly records = new Map<string, Rec>();
  /** require.cache: a realm object, as the guest sees and edits it. */
  readonly cache: any;
  private asyncCounter = 0;
  private mainModuleObj: any = null;
  private readonly reported = new Set<string>();

  constructor(
    private readonly rt: Interpreter,
    private readonly opts: LoaderOptions,
  ) {
    const s = opts.sources;
    const absent = new Set(s?.absent ?? []);
    const files = s?.files ?? {};
    this.view = {
      read: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : absent.has(p) ? null : p === opts.mainPath ? opts.mainSource : undefined),
    };
    this.cache = Object.create(null);
    Object.setPrototypeOf(this.cache, null);
  }

  get hasSources(): boolean {
    return this.opts.sources !== undefined;
  }

  // ---- diagnostics ------------------------------------------------------------------------------

  private notLoaded(what: string, path: string, node: any): never {
    const reason = this.opts.sources?.stopped?.[path];
    const key = what + ':' + (node ? node.start + ':' + (node.loc?.source ?? '') : '');
    const message = reason
      ? `${what}: ${reason}, so the simulation cannot load ${path}.`
      : `${what}: ${path} was not loaded for the simulation (the host follows only string-literal specifiers), so it cannot run here.`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.opts.diagnostics.push({ code: 'module-not-loaded', severity: 'warning', message, ...this.opts.range(node), observed: true });
    }
    this.rt.currentNode = node ?? this.rt.currentNode;
    return this.rt.throwError('Error', `${what} is not available in the simulation: ${reason ?? 'the file was not loaded'}`);
  }

  private located(node: any): any {
    return node;
  }

  private codeError(ctor: 'Error' | 'TypeError' | 'SyntaxError', message: string, code: string | null, extra?: Record<string, any>): any {
    const e = this.rt.makeError(ctor, message);
    if (code) {
      // Node's errors with a code name themselves `Error [CODE]` in the stack.
      e.code = code;
    }
    if (extra) for (const k of Object.keys(extra)) e[k] = extra[k];
    return e;
  }

  // ---- records ----------------------------------------------------------------------------------

  private newRec(path: string, format: ModuleFormat, source: string): Rec {
    if (this.records.size >= MAX_MODULES) this.rt.throwError('RangeError', `The simulation loads at most ${MAX_MODULES} modules`);
    const r: Rec = {
      path,
      format,
      source,
      requests: [],
      imports: [],
      localExports: new Map(),
      indirectExports: new Map(),
      starExports: [],
      env: null,
      scope: null,
      generator: null,
      hasTLA: false,
      status: 'new',
      error: null,
      dfsIndex: -1,
      dfsAncestor: -1,
      cycleRoot: null,
      asyncEvaluation: 0,
      pendingAsyncDeps: 0,
      asyncParents: [],
      topLevelCapability: null,
      namespace: null,
    };
    this.records.set(path, r);
    return r;
  }

  private formatOf(path: string): ModuleFormat {
    try {
      return formatOf(this.view, path);
    } catch (e) {
      if (e instanceof NeedPath) return /\.mjs$/.test(path) ? 'module' : 'commonjs';
      throw e;
    }
  }

  /** The record of a file (created, parsed, not run), or a thrown guest error. */
  private recordOf(path: string, node: any, what: string): Rec {
    const existing = this.records.get(path);
    if (existing) return existing;
    if (path.startsWith('node:')) {
      const r = this.newRec(path, 'builtin', '');
      return r;
    }
    const text = this.view.read(path);
    if (text === undefined) this.notLoaded(what, path, node);
    if (text === null) this.rt.throwError('Error', `Cannot find module '${path}'`);
    const format = this.formatOf(path);
    const r = this.newRec(path, format, text);
    if (format === 'module') this.parseEsm(r);
    return r;
  }

  // ---- CommonJS ---------------------------------------------------------------------------------

  /** The `module` object of the main CommonJS script, and its require. */
  mainModule(): { moduleObj: any; require: any } {
    const r = this.records.get(this.opts.mainPath) ?? this.newRec(this.opts.mainPath, 'commonjs', this.opts.mainSource);
    const moduleObj = this.makeModuleObj(r, null);
    moduleObj.id = '.';
    this.mainModuleObj = moduleObj;
    moduleObj.require.main = moduleObj;
    r.cjsLoaded = true; // it is running
    this.cache[r.path] = moduleObj;
    return { moduleObj, require: moduleObj.require };
  }

  markMainLoaded(): void {
    if (this.mainModuleObj) this.mainModuleObj.loaded = true;
  }

  private makeModuleObj(r: Rec, parent: Rec | null): any {
    const rt = this.rt;
    const m = rt.newObject();
    // An instance of node:module's Module (module.constructor, `module instanceof Module`).
    Object.setPrototypeOf(m, this.builtin('module', null).prototype);
    m.id = r.path;
    m.path = dirname(r.path);
    m.exports = rt.newObject();
    m.filename = r.path;
    m.loaded = false;
    m.children = rt.newArray([]);
    m.paths = rt.newArray(nodeModulesPaths(dirname(r.path)));
    // Deprecated but still read (`if (!module.parent) main()`): the first requirer, null for the main module.
    Object.defineProperty(m, 'parent', { value: parent?.moduleObj ?? (parent === null && r.path === this.opts.mainPath ? null : undefined), writable: true, configurable: true, enumerable: false });
    const req = this.makeRequire(r);
    Object.defineProperty(m, 'require', { value: req, writable: true, configurable: true, enumerable: false });
    // The symbol-keyed state Node 20.20 keeps on a module (console.log(module) shows it).
    const isMain = parent === null && r.path === this.opts.mainPath;
    m[K_IS_MAIN] = isMain;
    m[K_CACHED_BY_ESM] = false;
    if (!isMain) m[K_FORMAT] = 'commonjs';
    m[K_IS_EXECUTING] = true;
    r.moduleObj = m;
    r.parent = parent;
    if (parent?.moduleObj) {
      const kids = parent.moduleObj.children;
      if (Array.isArray(kids)) Array.prototype.push.call(kids, m);
    }
    return m;
  }

  private makeRequire(r: Rec): any {
    const rt = this.rt;
    const req = rt.native('require', 1, (_t, [spec]) => this.require(spec, r, rt.callNode ?? rt.currentNode));
    req.resolve = rt.native('resolve', 1, (_t, [spec]) => {
      const s = String(spec);
      if (isBuiltin(s)) return s;
      return this.resolveCjs(s, r, rt.callNode ?? rt.currentNode);
    });
    req.resolve.paths = rt.native('paths', 1, (_t, [spec]) => {
      const s = String(spec);
      if (isBuiltin(s)) return null;
      if (s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..' || s.startsWith('/')) return rt.newArray([dirname(r.path)]);
      return rt.newArray(nodeModulesPaths(dirname(r.path)));
    });
    req.cache = this.cache;
    req.extensions = this.extensions ?? (this.extensions = this.makeExtensions());
    req.main = r.path === this.opts.mainPath && r.format !== 'module' ? undefined : this.mainModuleObj ?? undefined;
    return req;
  }

  /** A built-in module: `module` (createRequire needs this loader), the rest from the realm's table. */
  private builtin(spec: string, node: any): any {
    const name = spec.replace(/^node:/, '');
    if (name === 'module') return this.moduleBuiltin ?? (this.moduleBuiltin = this.makeModuleBuiltin());
    return this.rt.call(this.opts.builtinRequire, undefined, [spec], node);
  }
  private moduleBuiltin: any = null;

  private extensions: any = null;

  /** require.extensions (deprecated): the three loaders Node has, not callable in the simulation. */
  private makeExtensions(): any {
    const rt = this.rt;
    const ext = rt.newObject();
    Object.setPrototypeOf(ext, null);
    for (const k of ['.js', '.json', '.node']) ext[k] = rt.native('', 2, () => rt.throwError('Error', `require.extensions['${k}'] is not available in the simulation`));
    return ext;
  }

  /** node:module: Module (the default export) with createRequire, builtinModules and isBuiltin. */
  private makeModuleBuiltin(): any {
    const rt = this.rt;
    const Module: any = rt.realm.helpers.nativeCtor(() => rt.throwError('Error', 'new Module() is not available in the simulation'), 'Module', 0);
    Module.createRequire = rt.native('createRequire', 1, (_t, [filename]) => {
      let path: string | null = null;
      if (typeof filename === 'string') {
        if (filename.startsWith('file://')) path = pathOfFileUrl(filename);
        else if (filename.startsWith('/')) path = filename;
      } else if (filename !== null && typeof filename === 'object') {
        const href = rt.get(filename, 'href');
        if (typeof href === 'string' && href.startsWith('file://')) path = pathOfFileUrl(href);
      }
      if (path === null) {
        const shown = typeof filename === 'string' ? `'${filename}'` : filename === null ? 'null' : typeof filename === 'object' ? 'an instance of Object' : String(filename);
        throw this.codeError('TypeError', `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${shown}`, 'ERR_INVALID_ARG_VALUE');
      }
      // A directory ("…/") resolves from inside it, as Node's createRequire does.
      const from = path.endsWith('/') ? path + 'noop.js' : path;
      const r = this.records.get(from) ?? ({ path: from, format: 'commonjs', parent: null } as unknown as Rec);
      return this.makeRequire(r);
    });
    Module.builtinModules = rt.newArray([...BUILTINS].filter((n) => n !== 'test'));
    Module.isBuiltin = rt.native('isBuiltin', 1, (_t, [s]) => typeof s === 'string' && isBuiltin(s));
    Module.Module = Module;
    Module.wrapper = rt.newArray(['(function (exports, require, module, __filename, __dirname) { ', '\n});']);
    Module.wrap = rt.native('wrap', 1, (_t, [script]) => `(function (exports, require, module, __filename, __dirname) { ${String(script)}\n});`);
    // Node 20.20's Module.prototype.constructor is a getter (so util.inspect prints a module as `{ … }`).
    Object.defineProperty(Module.prototype, 'constructor', { get: rt.native('get', 0, () => Module), enumerable: false, configurable: false });
    Object.defineProperty(Module.prototype, 'require', {
      value: rt.native('require', 1, (self, [id]) => {
        const req = self && typeof self === 'object' ? Object.getOwnPropertyDescriptor(self, 'require')?.value : undefined;
        if (typeof req !== 'function') rt.throwError('TypeError', 'module.require called on an object that is not a module');
        return rt.call(req, undefined, [id]);
      }),
      writable: true,
      configurable: true,
      enumerable: false,
    });
    return Module;
  }

  private requireStack(r: Rec): string[] {
    const out: string[] = [];
    for (let m: Rec | null | undefined = r; m && out.length < 100; m = m.parent) out.push(m.path);
    return out;
  }

  private resolveCjs(spec: string, from: Rec, node: any): string {
    let path: string | null;
    try {
      path = resolveRequire(this.view, spec, from.path);
    } catch (e) {
      if (e instanceof NeedPath) {
        if (!this.hasSources) return this.builtin(spec, node);
        return this.notLoaded(`require('${spec}')`, e.path, node);
      }
      if (e instanceof ResolveError) throw this.codeError('Error', e.message, e.code);
      throw e;
    }
    if (path === null) {
      const stack = this.requireStack(from);
      throw this.codeError('Error', `Cannot find module '${spec}'\nRequire stack:\n${stack.map((p) => `- ${p}`).join('\n')}`, 'MODULE_NOT_FOUND', { requireStack: this.rt.newArray(stack) });
    }
    return path;
  }

  require(specValue: any, from: Rec, node: any): any {
    const rt = this.rt;
    if (typeof specValue !== 'string') {
      const e = this.codeError('TypeError', `The "id" argument must be of type string. Received ${specValue === undefined ? 'undefined' : typeof specValue === 'object' ? (specValue === null ? 'null' : 'an instance of ' + (specValue.constructor?.name ?? 'Object')) : `type ${typeof specValue} (${String(specValue)})`}`, 'ERR_INVALID_ARG_TYPE');
      throw e;
    }
    const spec = specValue;
    if (spec === '') throw this.codeError('TypeError', "The argument 'id' must be a non-empty string. Received ''", 'ERR_INVALID_ARG_VALUE');
    if (isBuiltin(spec) || (!this.hasSources && !spec.startsWith('.') && !spec.startsWith('/'))) return this.builtin(spec, node);
    if (!this.hasSources) return this.builtin(spec, node);
    const path = this.resolveCjs(spec, from, node);
    // The cache the guest sees decides (delete require.cache[k] makes the next require load again).
    const cached = this.cache[path];
    if (cached !== undefined && cached !== null && typeof cached === 'object') {
      // Node's updateChildren: a cached module joins the requirer's children once.
      const kids = from.moduleObj ? from.moduleObj.children : null;
      if (Array.isArray(kids) && !kids.includes(cached)) Array.prototype.push.call(kids, cached);
      const rec = this.records.get(path);
      if (rec && rec.format === 'module' && rec.namespace) return rec.requireFacade ?? rec.namespace;
      return rt.get(cached, 'exports');
    }
    let r = this.records.get(path);
    if (r && r.format === 'module') return this.requireEsm(r, from, node);
    if (r && r.cjsLoaded) {
      // Evicted from require.cache: load it again, as Node does.
      this.records.delete(path);
      r = undefined;
    }
    if (!r) r = this.recordOf(path, node, `require('${spec}')`);
    if (r.format === 'module') return this.requireEsm(r, from, node);
    return this.loadCjs(r, from, node);
  }

  /** Runs a CommonJS (or JSON) module once; its exports. */
  private loadCjs(r: Rec, from: Rec | null, node: any): any {
    const rt = this.rt;
    if (r.format === 'addon') throw this.codeError('Error', `Cannot load native addon ${r.path} in the simulation`, 'ERR_DLOPEN_FAILED');
    const m = this.makeModuleObj(r, from);
    r.cjsLoaded = true;
    this.cache[r.path] = m;
    let ok = false;
    try {
      if (r.format === 'json') {
        try {
          m.exports = rt.intr.JSON.parse(stripBom(r.source));
        } catch (e) {
          const g = rt.toGuest(e);
          if (g && typeof g === 'object') g.message = `${r.path}: ${g.message}`;
          throw g;
        }
      } else {
        const fn = this.compileCjs(r);
        rt.call(fn, m.exports, [m.exports, Object.getOwnPropertyDescriptor(m, 'require')!.value, m, r.path, dirname(r.path)], node);
      }
      ok = true;
    } finally {
      if (!ok) {
        delete this.cache[r.path];
        this.records.delete(r.path);
      }
    }
    m.loaded = true;
    m[K_IS_EXECUTING] = false;
    return rt.get(m, 'exports');
  }

  private parse(r: Rec, kind: 'commonjs' | 'module'): any {
    if (this.opts.toJavaScript) r.source = this.opts.toJavaScript(r.path, r.source);
    // A .js module a TypeScript program imports runs on Node 24 too: its `using` declarations parse.
    const parsed = parseSource(r.source, kind, this.rt.deadline, r.path, true, r.path, runsOnNode24(this.rt) ? 'node24' : false);
    // A TypeScript module runs its erased text (same length and line breaks as the source).
    if (parsed.js !== undefined) r.source = parsed.js;
    // Node 24's type stripping names the script by its file URL (see simulator.ts typeScriptMode).
    if (typeScriptMode(parsed) === 'strip') this.rt.sourceUrlFiles.add(r.path);
    this.rt.moduleSources.set(r.path, r.source);
    if (!parsed.program) {
      const d = parsed.error!;
      this.opts.diagnostics.push({ ...d, file: r.path });
      const e = this.rt.makeError('SyntaxError', d.message.replace(/^SyntaxError: /, ''));
      throw e;
    }
    return parsed.program;
  }

  private newCompiler(r: Rec): Compiler {
    const compiler = new Compiler(this.rt, r.source);
    installFunctionMaker(compiler);
    compiler.moduleContext = this.contextFor(r.path);
    compiler.onUnsupported = (u: Unsupported) => {
      this.opts.diagnostics.push({ code: 'unsupported', severity: 'warning', message: `Unsupported: ${u.message}`, ...this.opts.range(u.node) });
    };
    return compiler;
  }

  private compileCjs(r: Rec): any {
    const program = this.parse(r, 'commonjs');
    const compiler = this.newCompiler(r);
    const names = ['exports', 'require', 'module', '__filename', '__dirname'];
    const node = {
      type: 'FunctionExpression',
      params: names.map((name) => ({ type: 'Identifier', name, start: 0, end: 0, loc: program.loc })),
      body: { type: 'BlockStatement', body: program.body, loc: program.loc, start: program.start, end: program.end },
      async: false,
      generator: false,
      expression: false,
      loc: program.loc,
      start: program.start,
      end: program.end,
    };
    const template = compileFunctionTemplate(compiler, node, { name: '', kind: 'plain', hideParams: true });
    template.frameName = 'Object.<anonymous>';
    return instantiate(this.rt, template, this.rt.newEnv(null, [], 'global', { names: [], kinds: [] }));
  }

  // ---- ES modules: parse --------------------------------------------------------------------------

  private parseEsm(r: Rec, program?: any): void {
    if (this.hasSources) this.rt.esmFiles.add(r.path);
    r.program = program ?? this.parse(r, 'module');
    const seen = new Set<string>();
    const request = (spec: string, node: any) => {
      if (!seen.has(spec)) {
        seen.add(spec);
        const attributes: Record<string, string> = Object.create(null);
        for (const a of node.attributes ?? []) attributes[moduleExportName(a.key)] = String(a.value.value);
        r.requests.push({ spec, node, attributes });
      }
    };
    for (const st of r.program.body) {
      switch (st.type) {
        case 'ImportDeclaration': {
          const spec = String(st.source.value);
          request(spec, st);
          for (const s of st.specifiers) {
            const name = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? null : moduleExportName(s.imported);
            r.imports.push({ local: s.local.name, spec, name, node: s, stmt: st });
          }
          break;
        }
        case 'ExportNamedDeclaration':
          if (st.source) {
            const spec = String(st.source.value);
            request(spec, st);
            for (const s of st.specifiers) r.indirectExports.set(moduleExportName(s.exported), { spec, name: moduleExportName(s.local), node: s });
          } else if (st.declaration) {
            for (const id of declaredNames(st.declaration)) r.localExports.set(id, id);
          } else {
            for (const s of st.specifiers) {
              const local = moduleExportName(s.local);
              const imp = r.imports.find((i) => i.local === local);
              // export { x } of an imported x re-exports what it points at.
              if (imp) r.indirectExports.set(moduleExportName(s.exported), { spec: imp.spec, name: imp.name, node: s });
              else r.localExports.set(moduleExportName(s.exported), local);
            }
          }
          break;
        case 'ExportDefaultDeclaration': {
          const d = st.declaration;
          const named = (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id;
          r.localExports.set('default', named ? d.id.name : '*default*');
          break;
        }
        case 'ExportAllDeclaration': {
          const spec = String(st.source.value);
          request(spec, st);
          if (st.exported) r.indirectExports.set(moduleExportName(st.exported), { spec, name: null, node: st });
          else r.starExports.push({ spec, node: st });
          break;
        }
      }
    }
    // A later `export { x }` may name an import declared further down: fix up.
    for (const [k, local] of [...r.localExports]) {
      const imp = r.imports.find((i) => i.local === local);
      if (imp) {
        r.localExports.delete(k);
        r.indirectExports.set(k, { spec: imp.spec, name: imp.name, node: imp.node });
      }
    }
  }

  /** Resolves an import specifier of ESM `r` to a record (parsed, not linked). */
  private importedRec(spec: string, r: Rec, node: any): Rec {
    if (isBuiltin(spec)) {
      const name = 'node:' + spec.replace(/^node:/, '');
      return this.records.get(name) ?? this.syntheticBuiltin(name);
    }
    let path: string;
    try {
      path = resolveImport(this.view, spec, r.path);
    } catch (e) {
      if (e instanceof NeedPath) {
        if (!this.hasSources) return this.notLoaded(`import '${spec}'`, e.path, node);
        return this.notLoaded(`import '${spec}'`, e.path, node);
      }
      if (e instanceof ResolveError) {
        this.rt.currentNode = node;
        throw this.codeError('Error', e.message, e.code);
      }
      throw e;
    }
    const existing = this.records.get(path);
    if (existing) {
      // Loaded by require() first: ESM still sees it through its detected export names.
      if (existing.format !== 'module') this.makeSynthetic(existing);
      return existing;
    }
    const rec = this.recordOf(path, node, `import '${spec}'`);
    if (rec.format !== 'module') this.makeSynthetic(rec);
    return rec;
  }

  private syntheticBuiltin(name: string): Rec {
    const r = this.newRec(name, 'builtin', '');
    this.makeSynthetic(r);
    return r;
  }

  /** A CommonJS, JSON or built-in module as ESM sees it: `default` and the detected names. */
  private makeSynthetic(r: Rec): void {
    if (r.exportNames) return;
    const names = new Set<string>();
    if (r.format === 'commonjs') {
      for (const n of this.cjsNames(r.path, r.source, 0)) names.add(n);
    } else if (r.format === 'builtin') {
      const name = r.path.slice(5);
      if (!this.builtinSimulated(name)) {
        // Not simulated (fs, http…): the import links, and each use fails where it happens.
        r.notAvailable = name;
      } else {
        const v = this.builtin(name, null);
        if ((typeof v === 'object' || typeof v === 'function') && v !== null) {
          for (const k of Object.getOwnPropertyNames(v)) if (!(typeof v === 'function' && ['length', 'name', 'prototype', 'caller', 'arguments'].includes(k))) names.add(k);
        }
        r.moduleObj = { builtinValue: v };
      }
    }
    names.delete('default');
    r.exportNames = ['default', ...names];
    for (const n of r.exportNames) r.localExports.set(n, n);
  }

  /** Is this built-in one the simulation has (events, timers, util…)? Asked without running anything. */
  private builtinSimulated(name: string): boolean {
    const probe = this.builtinProbe ?? (this.builtinProbe = new Map());
    if (!probe.has(name)) {
      let ok = true;
      const diagnostics = this.opts.diagnostics;
      const before = diagnostics.length;
      try {
        this.builtin(name, null);
      } catch (e) {
        if (e instanceof HostSignal) throw e;
        ok = false;
      }
      // The probe is not the program's use: its "not available" diagnostic is dropped.
      diagnostics.length = before;
      probe.set(name, ok);
    }
    return probe.get(name)!;
  }
  private builtinProbe: Map<string, boolean> | null = null;

  /** A stand-in for a built-in the simulation lacks: any use (call, construct) is "not available" there. */
  private notAvailableStub(name: string, what: string): any {
    const rt = this.rt;
    const fail = () => rt.call(this.opts.builtinRequire, undefined, [`${name}`], rt.callNode ?? rt.currentNode);
    const fn = rt.realm.helpers.nativeCtor(() => fail(), what, 0);
    return fn;
  }

  private cjsNames(path: string, source: string, depth: number): string[] {
    const found = detectCjsExports(source);
    const out = [...found.exports];
    if (depth < 8) {
      for (const spec of found.reexports) {
        try {
          const p = resolveRequire(this.view, spec, path);
          const text = p ? this.view.read(p) : null;
          if (p && typeof text === 'string' && this.formatOf(p) === 'commonjs') out.push(...this.cjsNames(p, text, depth + 1));
        } catch (e) {
          if (e instanceof HostSignal) throw e;
        }
      }
    }
    return out;
  }

  // ---- ES modules: link -----------------------------------------------------------------------------

  /** Link(): every module of the graph parsed, compiled (environments made), imports bound. */
  private link(root: Rec): void {
    const order: Rec[] = [];
    const visit = (r: Rec, depth: number) => {
      if (r.status !== 'new' || depth > 5000) return;
      r.status = 'linking';
      if (r.format === 'module') {
        for (const q of r.requests) {
          q.rec = this.importedRec(q.spec, r, q.node);
          this.checkAttributes(q.rec, q.attributes, q.node);
          visit(q.rec, depth + 1);
        }
      }
      order.push(r);
    };
    try {
      visit(root, 0);
      for (const r of order) if (r.format === 'module') this.instantiateEsm(r);
      else this.instantiateSynthetic(r);
      for (const r of order) if (r.format === 'module') this.bindImports(r);
      for (const r of order) r.status = 'linked';
    } catch (e) {
      for (const r of order) if (r.status === 'linking') r.status = 'new';
      throw e;
    }
  }

  /**
   * Node 20.20's validateAttributes (lib/internal/modules/esm/assert.js): only `type` is known, a JSON
   * module needs `type: 'json'`, the other formats take no type. Its wording and codes.
   */
  private checkAttributes(target: Rec, attributes: Record<string, string> | undefined, node: any): void {
    const attrs = attributes ?? {};
    const fail = (message: string, code: string) => {
      this.rt.currentNode = node;
      throw this.codeError('TypeError', message, code);
    };
    for (const k of Object.keys(attrs)) if (k !== 'type') fail(`Import attribute "${k}" with value "${attrs[k]}" is not supported`, 'ERR_IMPORT_ATTRIBUTE_UNSUPPORTED');
    const hasType = Object.prototype.hasOwnProperty.call(attrs, 'type');
    const valid = target.format === 'json' ? 'json' : target.format === 'module' || target.format === 'commonjs' || target.format === 'builtin' ? null : undefined;
    if (valid === undefined || (valid !== null && attrs.type === valid) || (valid === null && !hasType)) return;
    if (valid !== null && !hasType) fail(`Module "${fileUrl(target.path)}" needs an import attribute of type "${valid}"`, 'ERR_IMPORT_ASSERTION_TYPE_MISSING');
    if (attrs.type !== 'json') fail(`Import attribute type "${attrs.type}" is unsupported`, 'ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED');
    fail(`Module "${fileUrl(target.path)}" is not of type "${attrs.type}"`, 'ERR_IMPORT_ASSERTION_TYPE_FAILED');
  }

  /**
   * EvaluateImportCall steps 7-8 (V8 11.3's, with its messages): the second argument's `with` (or the
   * older `assert`) object, read now; a TypeError here rejects import() at once.
   */
  private importAttributesOf(options: any): Record<string, string> {
    const rt = this.rt;
    const attributes: Record<string, string> = Object.create(null);
    if (options === undefined) return attributes;
    if ((typeof options !== 'object' && typeof options !== 'function') || options === null) rt.throwError('TypeError', 'The second argument to import() must be an object');
    let w = rt.get(options, 'with');
    if (w === undefined) w = rt.get(options, 'assert');
    if (w === undefined) return attributes;
    if ((typeof w !== 'object' && typeof w !== 'function') || w === null) rt.throwError('TypeError', "The 'assert' option must be an object");
    // EnumerableOwnProperties(attributesObj, key+value), as V8 does it: every string key's descriptor
    // first, then the values of the enumerable ones.
    const keys = Reflect.ownKeys(w);
    if (keys.length > 10000) rt.throwError('RangeError', 'Too many import attributes');
    const enumerable: string[] = [];
    for (const k of keys) {
      if (typeof k !== 'string') continue;
      const d = Reflect.getOwnPropertyDescriptor(w, k);
      if (d && d.enumerable) enumerable.push(k);
    }
    for (const k of enumerable) {
      const v = rt.get(w, k);
      if (typeof v !== 'string') rt.throwError('TypeError', 'Import assertion value must be a string');
      attributes[k] = v;
    }
    return attributes;
  }

  /** ResolveExport(exportName): the module and local binding it names, or null / 'ambiguous'. */
  private resolveExport(r: Rec, name: string, set: { r: Rec; name: string }[] = []): Binding | null | 'ambiguous' {
    if (set.some((s) => s.r === r && s.name === name)) return null;
    if (set.length > 10000) return null;
    set.push({ r, name });
    const local = r.localExports.get(name);
    if (local !== undefined) return { module: r, local };
    const ind = r.indirectExports.get(name);
    if (ind) {
      const target = r.requests.find((q) => q.spec === ind.spec)!.rec!;
      if (ind.name === null) return { module: target, local: null };
      return this.resolveExport(target, ind.name, set);
    }
    if (name === 'default') return null;
    let star: Binding | null = null;
    for (const s of r.starExports) {
      const target = r.requests.find((q) => q.spec === s.spec)!.rec!;
      const res = this.resolveExport(target, name, set);
      if (res === 'ambiguous') return res;
      if (res) {
        if (star === null) star = res;
        else if (star.module !== res.module || star.local !== res.local) return 'ambiguous';
      }
    }
    return star;
  }

  private exportedNames(r: Rec, seen = new Set<Rec>()): string[] {
    if (seen.has(r)) return [];
    seen.add(r);
    const out = [...r.localExports.keys(), ...r.indirectExports.keys()];
    for (const s of r.starExports) {
      const target = r.requests.find((q) => q.spec === s.spec)!.rec!;
      for (const n of this.exportedNames(target, seen)) if (n !== 'default' && !out.includes(n)) out.push(n);
    }
    return out;
  }

  private instantiateSynthetic(r: Rec): void {
    const names = r.exportNames ?? ['default'];
    const slots = names.map(() => UNINITIALIZED);
    r.env = this.rt.newEnv(null, slots, 'module ' + r.path, { names, kinds: names.map(() => 'const') });
    r.scope = null;
  }

  private slotOf(r: Rec, local: string): number {
    if (r.format !== 'module') return (r.exportNames ?? []).indexOf(local);
    const b = r.scope!.bindings.get(local);
    return b ? b.slot : -1;
  }

  /** Compiles the module body as a generator (async when it awaits at top level) and creates its environment. */
  private instantiateEsm(r: Rec): void {
    const rt = this.rt;
    const program = r.program;
    const compiler = this.newCompiler(r);
    compiler.strict = true;
    const body: any[] = [];
    for (const st of program.body) {
      switch (st.type) {
        case 'ImportDeclaration':
          break;
        case 'ExportNamedDeclaration':
          if (st.declaration) body.push(st.declaration);
          break;
        case 'ExportAllDeclaration':
          break;
        case 'ExportDefaultDeclaration': {
          const d = st.declaration;
          if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) body.push(d);
          else if (d.type === 'FunctionDeclaration') {
            body.push({ ...d, id: { type: 'Identifier', name: '*default*', start: d.start, end: d.start, loc: d.loc } });
            r.defaultFunctionName = true;
          } else {
            let expr = d.type === 'ClassDeclaration' ? { ...d, type: 'ClassExpression', id: { type: 'Identifier', name: 'default', start: d.start, end: d.start, loc: d.loc } } : d;
            // `export default (class {})`, `export default () => {}`: named "default" (NamedEvaluation), not
            // after the binding; the wrapper keeps the declarator from naming it.
            if ((d.type === 'ArrowFunctionExpression' || d.type === 'FunctionExpression' || d.type === 'ClassExpression') && !d.id) {
              d.__nameHint = 'default';
              expr = { type: 'ParenthesizedExpression', expression: d, start: d.start, end: d.end, loc: d.loc };
            }
            body.push({
              type: 'VariableDeclaration',
              kind: 'const',
              declarations: [{ type: 'VariableDeclarator', id: { type: 'Identifier', name: '*default*', start: st.start, end: st.start, loc: st.loc }, init: expr, start: st.start, end: st.end, loc: st.loc }],
              start: st.start,
              end: st.end,
              loc: st.loc,
              __exportDefault: true,
            });
          }
          break;
        }
        default:
          body.push(st);
      }
    }
    const block = { type: 'BlockStatement', body, loc: program.loc, start: program.start, end: program.end };
    r.hasTLA = compiler.hasSuspend(block);
    const node = { type: 'FunctionExpression', params: [], body: block, async: r.hasTLA, generator: true, expression: false, loc: program.loc, start: program.start, end: program.end };
    const template = compileFunctionTemplate(compiler, node, {
      name: '',
      kind: 'plain',
      hideParams: true,
      noArguments: true,
      declare: (scope: CScope) => {
        r.scope = scope;
        for (const imp of r.imports) imp.decl = scope.declare(imp.local, 'import', imp.node);
      },
      onEnter: (env: Env) => {
        r.env = env;
      },
    });
    template.frameName = r.path === this.opts.mainPath ? '(main script)' : '(module)';
    const fn = instantiate(rt, template, rt.newEnv(null, [], 'global', { names: [], kinds: [] }));
    // Creating the generator runs InitializeEnvironment: hoisted functions exist from now on.
    r.generator = rt.call(fn, undefined, []);
    if (r.defaultFunctionName) {
      const slot = this.slotOf(r, '*default*');
      const f = r.env!.slots[slot];
      if (typeof f === 'function') Object.defineProperty(f, 'name', { value: 'default', configurable: true });
    }
  }

  private bindImports(r: Rec): void {
    for (const imp of r.imports) {
      const target = r.requests.find((q) => q.spec === imp.spec)!.rec!;
      let link: ImportLink;
      if (target.notAvailable !== undefined) {
        const stub = this.notAvailableStub(target.notAvailable, imp.name ?? target.notAvailable);
        link = { env: null, slot: -1, read: () => stub };
      } else if (imp.name === null) {
        const ns = this.namespaceOf(target);
        link = { env: null, slot: -1, read: () => ns };
      } else {
        const res = this.resolveExport(target, imp.name);
        if (res === null || res === 'ambiguous') {
          const names = r.imports.filter((i) => i.stmt === imp.stmt && i.name !== null && i.name !== 'default').map((i) => (i.name === i.local ? i.name! : `${i.name}: ${i.local}`));
          throw this.missingExport(r, imp.spec, imp.name, target, res === 'ambiguous', imp.node, names);
        }
        link = this.linkTo(res);
      }
      imp.decl.link = link;
    }
    // InitializeEnvironment step 3: every indirect export must resolve (`export { x } from './m'`
    // where m has no x, or only an ambiguous or circular one, is a SyntaxError before anything runs).
    for (const [exported, ind] of r.indirectExports) {
      if (ind.name === null) continue;
      const res = this.resolveExport(r, exported);
      if (res === null || res === 'ambiguous') {
        const target = r.requests.find((q) => q.spec === ind.spec)!.rec!;
        if (target.notAvailable !== undefined) continue;
        throw this.missingExport(r, ind.spec, ind.name, target, res === 'ambiguous', ind.node);
      }
    }
  }

  private missingExport(r: Rec, spec: string, name: string, target: Rec, ambiguous: boolean, node: any, names: string[] = [name]): any {
    const e = this.missingExportError(spec, name, target, ambiguous, node, names);
    this.rt.linkErrors.add(e);
    // Node's loader throws it from its own frames (there is no frame of the program yet).
    try {
      Object.defineProperty(e, 'stack', { value: `SyntaxError: ${e.message}\n${LINK_FRAMES}`, writable: true, configurable: true, enumerable: false });
    } catch {
      /* keep the stack it has */
    }
    return e;
  }

  private missingExportError(spec: string, name: string, target: Rec, ambiguous: boolean, node: any, names: string[]): any {
    this.rt.currentNode = node;
    if (target.format === 'commonjs' && !ambiguous) {
      return this.codeError(
        'SyntaxError',
        `Named export '${name}' not found. The requested module '${spec}' is a CommonJS module, which may not support all module.exports as named exports.\nCommonJS modules can always be imported via the default export, for example using:\n\nimport pkg from '${spec}';\nconst { ${names.join(', ')} } = pkg;\n`,
        null,
      );
    }
    return this.codeError('SyntaxError', ambiguous ? `The requested module '${spec}' contains conflicting star exports for name '${name}'` : `The requested module '${spec}' does not provide an export named '${name}'`, null);
  }

  private linkTo(b: Binding): ImportLink {
    const rt = this.rt;
    if (b.local === null) {
      // Made on first read: a module's namespace may hold its own (`export * as ns from './self.js'`).
      let ns: any = null;
      return { env: null, slot: -1, read: () => ns ?? (ns = this.namespaceOf(b.module)) };
    }
    const m = b.module;
    const slot = this.slotOf(m, b.local);
    const name = b.local;
    const link: ImportLink = {
      env: m.env,
      slot,
      read: () => {
        const v = m.env!.slots[slot];
        if (v === UNINITIALIZED) rt.throwError('ReferenceError', `Cannot access '${name === '*default*' ? 'default' : name}' before initialization`);
        return v === HOISTED_UNDEFINED ? undefined : v;
      },
    };
    return link;
  }

  /** The module namespace object (ECMA-262 10.4.6): sorted export names, live, null prototype, not extensible. */
  namespaceOf(r: Rec, extra?: Record<string, any>): any {
    if (r.namespace && !extra) return r.namespace;
    const names = r.format === 'module' ? this.exportedNames(r) : r.exportNames ?? ['default'];
    const links = new Map<string, ImportLink | { value: any }>();
    for (const [k, v] of Object.entries(extra ?? {})) links.set(k, { value: v });
    for (const n of names) {
      const res = this.resolveExport(r, n);
      if (res === null || res === 'ambiguous') continue;
      links.set(n, this.linkTo(res));
    }
    const ns = this.makeNamespace(links);
    if (!extra) r.namespace = ns;
    return ns;
  }

  private readonly namespaces: { target: any; display: any; links: Map<string, ImportLink | { value: any }> }[] = [];

  /**
   * The module namespace exotic object (ECMA-262 10.4.6) as a proxy whose traps are host code that
   * runs no guest code: reads go to the live bindings. Its target holds the same keys as
   * non-configurable data properties (refreshed before each read of a descriptor and before console
   * output) and Symbol.toStringTag, and is not extensible, so every invariant the spec states holds
   * (null prototype, not extensible, [[DefineOwnProperty]] of an unchanged descriptor succeeds).
   * Node formats a proxy's target: that target is a second proxy (guest code never sees it) whose only
   * difference is a [util.inspect.custom] that gives Node a display copy, `[Module: null prototype] {…}`
   * as Node prints a namespace (inspectCustom.ts lets it through: `namespaceDisplays`).
   */
  private makeNamespace(links: Map<string, ImportLink | { value: any }>): any {
    const rt = this.rt;
    const keys = [...links.keys()].sort();
    const target = rt.newObject();
    Object.setPrototypeOf(target, null);
    for (const k of keys) Object.defineProperty(target, k, { value: undefined, writable: true, enumerable: true, configurable: false });
    Object.defineProperty(target, Symbol.toStringTag, { value: 'Module', writable: false, enumerable: false, configurable: false });
    Object.preventExtensions(target);
    // The copy Node formats: the (hidden) prototype's constructor gives the `[Module: null prototype]` prefix.
    const display = Object.create(this.namespaceProto());
    for (const k of keys) Object.defineProperty(display, k, { value: undefined, writable: true, enumerable: true, configurable: true });
    const read = (k: string) => {
      const l = links.get(k)!;
      return 'value' in l ? l.value : l.read();
    };
    const entry = { target, display, links };
    this.namespaces.push(entry);
    this.rt.beforeInspect = () => this.refreshNamespaces();
    const showDisplay = () => {
      this.refreshNamespaces();
      return display;
    };
    const inner = new Proxy(target, { get: (t, k) => (k === INSPECT_CUSTOM ? showDisplay : Reflect.get(t, k)) });
    const isExport = (k: string | symbol): k is string => typeof k === 'string' && links.has(k);
    /** [[GetOwnProperty]]: the binding's current value (a ReferenceError in its TDZ), also written to the target. */
    const current = (t: any, k: string) => {
      const v = read(k);
      t[k] = v;
      return v;
    };
    const handler: ProxyHandler<any> = {
      get: (_t, k) => (isExport(k) ? read(k) : typeof k === 'symbol' ? Reflect.get(target, k) : undefined),
      getOwnPropertyDescriptor: (_t, k) => {
        if (isExport(k)) current(target, k);
        return Reflect.getOwnPropertyDescriptor(target, k);
      },
      has: (_t, k) => isExport(k) || (typeof k === 'symbol' && Reflect.has(target, k)),
      set: () => false,
      // 10.4.6.6: only a descriptor that changes nothing is accepted.
      defineProperty: (_t, k, desc) => {
        if (typeof k === 'symbol') return Reflect.defineProperty(target, k, desc);
        if (!isExport(k)) return false;
        const v = current(target, k);
        if (desc.configurable === true || desc.enumerable === false || 'get' in desc || 'set' in desc || desc.writable === false) return false;
        return 'value' in desc ? Object.is(desc.value, v) : true;
      },
      deleteProperty: (_t, k) => (isExport(k) ? false : typeof k === 'symbol' ? Reflect.deleteProperty(target, k) : true),
      ownKeys: () => [...keys, Symbol.toStringTag],
      getPrototypeOf: () => null,
      setPrototypeOf: (_t, p) => p === null,
      isExtensible: () => false,
      preventExtensions: () => true,
    };
    const ns = new Proxy(inner, handler);
    this.rt.moduleNamespaces.add(ns);
    namespaceDisplays.set(ns, showDisplay);
    return ns;
  }

  private nsProto: any = null;
  private namespaceProto(): any {
    if (this.nsProto) return this.nsProto;
    const ctor = this.rt.native('[Module: null prototype]', 0, () => undefined);
    const proto = this.rt.newObject();
    Object.setPrototypeOf(proto, null);
    Object.defineProperty(proto, 'constructor', { value: ctor, enumerable: false });
    Object.defineProperty(ctor, 'prototype', { value: proto });
    return (this.nsProto = proto);
  }

  private refreshNamespaces(): void {
    for (const { target, display, links } of this.namespaces) {
      for (const [k, l] of links) {
        let v: any;
        if ('value' in l) v = l.value;
        else {
          v = l.env ? l.env.slots[l.slot] : l.read();
          if (v === UNINITIALIZED) continue;
          if (v === HOISTED_UNDEFINED) v = undefined;
        }
        target[k] = v;
        display[k] = v;
      }
    }
  }

  // ---- ES modules: evaluate (ECMA-262 16.2.1.5.3) -------------------------------------------------

  /** Evaluate(): a promise for the graph's evaluation (settled synchronously when nothing awaits). */
  private evaluate(root: Rec): any {
    const P = this.rt.promises;
    if (root.status === 'evaluating-async' || root.status === 'evaluated') {
      const cr = root.cycleRoot ?? root;
      if (cr.topLevelCapability) return cr.topLevelCapability;
      root = cr;
    }
    const cap = P.newPromise();
    root.topLevelCapability = cap;
    const stack: Rec[] = [];
    try {
      this.innerEvaluation(root, stack, 0);
    } catch (e) {
      const v = this.rt.toGuest(e);
      for (const m of stack) {
        m.status = 'evaluated';
        m.error = { value: v };
      }
      if (root.status !== 'evaluated' || !root.error) root.error = { value: v };
      root.status = 'evaluated';
      P.rejectPromise(cap, v);
      return cap;
    }
    if (!root.asyncEvaluation) P.resolvePromise(cap, undefined);
    return cap;
  }

  private innerEvaluation(m: Rec, stack: Rec[], index: number): number {
    if (m.format !== 'module') {
      this.evaluateSynthetic(m);
      return index;
    }
    if (m.status === 'evaluating-async' || m.status === 'evaluated') {
      if (m.error) throw m.error.value;
      return index;
    }
    if (m.status === 'evaluating') return index;
    m.status = 'evaluating';
    m.dfsIndex = m.dfsAncestor = index;
    m.pendingAsyncDeps = 0;
    index++;
    stack.push(m);
    for (const q of m.requests) {
      let req = q.rec!;
      index = this.innerEvaluation(req, stack, index);
      if (req.format !== 'module') continue;
      if (req.status === 'evaluating') m.dfsAncestor = Math.min(m.dfsAncestor, req.dfsAncestor);
      else {
        req = req.cycleRoot ?? req;
        if (req.error) throw req.error.value;
      }
      if (req.asyncEvaluation) {
        m.pendingAsyncDeps++;
        req.asyncParents.push(m);
      }
    }
    if (m.pendingAsyncDeps > 0 || m.hasTLA) {
      m.asyncEvaluation = ++this.asyncCounter;
      if (m.pendingAsyncDeps === 0) this.executeAsync(m);
    } else this.executeSync(m);
    if (m.dfsAncestor === m.dfsIndex) {
      for (;;) {
        const done = stack.pop()!;
        done.status = done.asyncEvaluation ? 'evaluating-async' : 'evaluated';
        done.cycleRoot = m;
        if (done === m) break;
      }
    }
    return index;
  }

  private executeSync(m: Rec): void {
    const rt = this.rt;
    rt.call(rt.get(m.generator, 'next'), m.generator, []);
  }

  /** ExecuteAsyncModule: the body runs; its completion continues the graph from a promise job. */
  private executeAsync(m: Rec): void {
    const rt = this.rt;
    let p: any;
    try {
      p = rt.call(rt.get(m.generator, 'next'), m.generator, []);
    } catch (e) {
      this.asyncRejected(m, rt.toGuest(e));
      return;
    }
    rt.promises.performThenHost(
      p,
      () => this.asyncFulfilled(m),
      (e) => this.asyncRejected(m, e),
      'await',
      null,
      null,
    );
  }

  private gatherAncestors(m: Rec, list: Rec[]): void {
    for (const p of m.asyncParents) {
      if (!list.includes(p) && !(p.cycleRoot ?? p).error) {
        p.pendingAsyncDeps--;
        if (p.pendingAsyncDeps === 0) {
          list.push(p);
          if (!p.hasTLA) this.gatherAncestors(p, list);
        }
      }
    }
  }

  private asyncFulfilled(m: Rec): void {
    if (m.status === 'evaluated') return;
    m.asyncEvaluation = 0;
    m.status = 'evaluated';
    if (m.topLevelCapability) this.rt.promises.resolvePromise(m.topLevelCapability, undefined);
    const list: Rec[] = [];
    this.gatherAncestors(m, list);
    list.sort((a, b) => a.asyncEvaluation - b.asyncEvaluation);
    for (const p of list) {
      if (p.status === 'evaluated' && p.error) continue;
      if (p.hasTLA) this.executeAsync(p);
      else {
        try {
          this.executeSync(p);
        } catch (e) {
          this.asyncRejected(p, this.rt.toGuest(e));
          continue;
        }
        p.status = 'evaluated';
        p.asyncEvaluation = 0;
        if (p.topLevelCapability) this.rt.promises.resolvePromise(p.topLevelCapability, undefined);
      }
    }
  }

  private asyncRejected(m: Rec, error: any): void {
    if (m.status === 'evaluated') return;
    m.error = { value: error };
    m.status = 'evaluated';
    for (const p of m.asyncParents) this.asyncRejected(p, error);
    if (m.topLevelCapability) this.rt.promises.rejectPromise(m.topLevelCapability, error);
  }

  /** A CommonJS/JSON/built-in module imported by ESM: run it (once) and set its exports. */
  private evaluateSynthetic(r: Rec): void {
    if (r.status === 'evaluated') {
      if (r.error) throw r.error.value;
      return;
    }
    const rt = this.rt;
    let exportsValue: any;
    try {
      if (r.format === 'builtin') {
        if (r.error) throw r.error.value;
        exportsValue = r.moduleObj?.builtinValue;
      } else {
        const cached = this.cache[r.path];
        exportsValue = cached && typeof cached === 'object' ? rt.get(cached, 'exports') : this.loadCjs(r, null, null);
      }
    } catch (e) {
      r.status = 'evaluated';
      r.error = { value: rt.toGuest(e) };
      throw r.error.value;
    }
    r.status = 'evaluated';
    const names = r.exportNames ?? ['default'];
    const slots = r.env!.slots;
    if (r.notAvailable !== undefined) {
      slots[0] = this.notAvailableStub(r.notAvailable, r.notAvailable);
      return;
    }
    slots[0] = exportsValue;
    for (let i = 1; i < names.length; i++) {
      const n = names[i];
      let v: any;
      if ((typeof exportsValue === 'object' || typeof exportsValue === 'function') && exportsValue !== null && Object.prototype.hasOwnProperty.call(exportsValue, n)) {
        v = rt.get(exportsValue, n);
      }
      slots[i] = v;
    }
  }

  // ---- entry points -----------------------------------------------------------------------------

  /** The main file as an ES module record: parsed program given, linked now (throws link errors). */
  linkMain(program: any): void {
    const r = this.newRec(this.opts.mainPath, 'module', this.opts.mainSource);
    this.parseEsm(r, program);
    this.link(r);
  }

  evaluateMain(): { promise: any; async: boolean } {
    const r = this.records.get(this.opts.mainPath)!;
    const promise = this.evaluate(r);
    return { promise, async: r.asyncEvaluation > 0 || (r.status === 'evaluating-async') };
  }

  /** require() of an ES module (Node 20.20): its namespace, unless its graph awaits at top level. */
  private requireEsm(r: Rec, from: Rec, node: any): any {
    const rt = this.rt;
    if (r.status === 'new') this.link(r);
    if (this.graphHasTLA(r, new Set())) {
      throw this.codeError(
        'Error',
        `require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where the top-level await comes from, use --experimental-print-required-tla.\n  From ${from.path} \n  Requiring ${r.path} `,
        'ERR_REQUIRE_ASYNC_MODULE',
      );
    }
    this.throwIfRejected(this.evaluate(r));
    // Node's require(esm) of a module with a default export: a namespace with `__esModule: true` too.
    const plain = this.namespaceOf(r);
    const ns = Object.prototype.hasOwnProperty.call(Object.getOwnPropertyDescriptors(plain), 'default') && !this.exportedNames(r).includes('__esModule') ? (r.requireFacade ??= this.namespaceOf(r, { __esModule: true })) : plain;
    this.cache[r.path] = this.cache[r.path] ?? (() => {
      const m = this.makeModuleObj({ ...r, moduleObj: undefined } as Rec, from);
      m.exports = ns;
      m.loaded = true;
      return m;
    })();
    void node;
    return ns;
  }

  /** A promise Evaluate() rejected synchronously: its error, thrown (and no unhandled rejection). */
  throwIfRejected(p: any): void {
    const rec = this.rt.promises.record(p);
    if (rec && rec.state === 'rejected') {
      if (!rec.isHandled) this.rt.loop.untrackRejection(p);
      rec.isHandled = true;
      throw rec.value;
    }
  }

  private graphHasTLA(r: Rec, seen: Set<Rec>): boolean {
    if (seen.has(r) || r.format !== 'module') return false;
    seen.add(r);
    if (r.hasTLA && r.status !== 'evaluated') return true;
    return r.requests.some((q) => q.rec && this.graphHasTLA(q.rec, seen));
  }

  /**
   * import(spec) from the module at `fromPath`: always a promise (a failure rejects it). Node's loader
   * reads a module it has not loaded with asynchronous file I/O (modelled as two check-phase hops);
   * one it already has resolves after a run of its own promise jobs (measured on Node 20.20: the
   * reaction of an import() of a loaded ES module runs at microtask depth 8, of a CommonJS one at 16).
   */
  importDynamic(specValue: any, fromPath: string, node: any, options?: any): any {
    const rt = this.rt;
    const P = rt.promises;
    const result = P.newPromise();
    const fail = (e: any) => P.rejectPromise(result, rt.toGuest(e));
    let target: Rec | undefined;
    let fresh = false;
    // EvaluateImportCall steps 5-7: ToString(specifier), then the attributes; abrupt: rejected at once.
    let spec: string;
    let attributes: Record<string, string>;
    try {
      spec = `${specValue}`;
      attributes = this.importAttributesOf(options);
    } catch (e) {
      fail(e);
      return result;
    }
    try {
      const from = this.records.get(fromPath) ?? ({ path: fromPath } as Rec);
      const known = (p: string) => this.records.has(p);
      const before = new Set([...this.records.keys()].filter(known));
      target = this.importedRec(spec, from, node);
      fresh = target.format === 'module' && !before.has(target.path);
      this.checkAttributes(target, attributes, node);
    } catch (e) {
      // Rejected as late as a load of that module would have resolved (Node checks after reading).
      const error = rt.toGuest(e);
      const hops = target && target.format === 'module' ? 6 : 14;
      const hop = (n: number) => () => (n <= 0 ? P.rejectPromise(result, error) : rt.loop.enqueueMicrotask(hop(n - 1), 'promise', 'module loader', null));
      if (target && target.format === 'module' && !fresh) rt.loop.enqueueMicrotask(hop(hops), 'promise', 'module loader', null);
      else if (target && fresh) this.afterRead(target, node, () => P.rejectPromise(result, error));
      else rt.loop.enqueueMicrotask(hop(hops), 'promise', 'module loader', null);
      return result;
    }
    const finish = () => {
      if (!target) return;
      try {
        if (target.status === 'new') this.link(target);
        const evalPromise =
          target.format === 'module'
            ? this.evaluate(target)
            : (() => {
                const p = P.newPromise();
                try {
                  this.evaluateSynthetic(target);
                  P.resolvePromise(p, undefined);
                } catch (e) {
                  P.rejectPromise(p, rt.toGuest(e));
                }
                return p;
              })();
        P.performThenHost(evalPromise, () => P.resolvePromise(result, this.namespaceOf(target)), (e) => P.rejectPromise(result, e), 'await', node, null);
      } catch (e) {
        fail(e);
      }
    };
    const pending = this.pendingReads.get(target!.path);
    if (fresh) {
      // Every import() of this module while its files are read waits for the same read, in call order.
      const waiters = [finish];
      this.pendingReads.set(target!.path, waiters);
      this.afterRead(target!, node, () => {
        this.pendingReads.delete(target!.path);
        for (const f of waiters) f();
      });
    } else if (pending) {
      pending.push(finish);
    } else {
      // A module of the graph being evaluated (import() of a module its static imports also load)
      // runs with that graph, not inside the import() call: Node loads it in later jobs.
      const hops = target!.format === 'module' && target!.status !== 'new' ? 6 : target!.format === 'module' ? 0 : 14;
      const hop = (n: number) => () => (n <= 0 ? finish() : rt.loop.enqueueMicrotask(hop(n - 1), 'promise', 'module loader', null));
      if (hops === 0) finish();
      else rt.loop.enqueueMicrotask(hop(hops - 1), 'promise', 'module loader', null);
    }
    return result;
  }

  /**
   * Node reads a module its ES loader does not have yet with asynchronous I/O: it completes in a
   * later turn of the event loop, after a timer of 0 ms and the check phase of the current one.
   * Modelled as simulated I/O of 2 ms (like fetch's latency): after the 0 and 1 ms timers.
   */
  private readonly pendingReads = new Map<string, (() => void)[]>();

  private afterRead(target: Rec, node: any, then: () => void): void {
    // The read's completion resolves a promise of the loader: linking and evaluation run in a promise
    // job, so a process.nextTick the module schedules waits for the whole microtask queue (Node 20.20).
    const resume = () => this.rt.loop.enqueueMicrotask(then, 'promise', 'module loader', null);
    this.rt.loop.addTimer({ delay: 2, callback: undefined, args: [], repeat: false, source: 'fetch', node, label: `module loader: read ${target.path.split('/').pop()}`, host: resume, nesting: 0, handle: undefined } as any);
  }

  contextFor(path: string): ModuleContext {
    let meta: any = null;
    return {
      path,
      importDynamic: (spec, node, options) => this.importDynamic(spec, path, node, options),
      importMeta: () => {
        if (meta) return meta;
        const rt = this.rt;
        meta = rt.newObject();
        Object.setPrototypeOf(meta, null);
        meta.dirname = dirname(path);
        meta.filename = path;
        meta.resolve = rt.native('resolve', 1, (_t, [spec]) => {
          const s = String(spec);
          if (isBuiltin(s)) return s.startsWith('node:') ? s : 'node:' + s;
          try {
            return fileUrl(resolveImport(this.view, s, path));
          } catch (e) {
            // Node's import.meta.resolve answers the URL of a missing file (or directory) it resolved to.
            if (e instanceof ResolveError && e.path !== undefined && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_UNSUPPORTED_DIR_IMPORT')) return fileUrl(e.path);
            if (e instanceof ResolveError) throw this.codeError('Error', e.message, e.code);
            if (e instanceof NeedPath) return this.notLoaded(`import.meta.resolve('${s}')`, e.path, rt.callNode);
            throw e;
          }
        });
        meta.url = fileUrl(path);
        return meta;
      },
    };
  }
}

/** The frames of Node 20.20's ES module loader under a link error, as it prints them. */
const LINK_FRAMES = [
  '    at ModuleJob._instantiate (node:internal/modules/esm/module_job:213:21)',
  '    at async ModuleJob.run (node:internal/modules/esm/module_job:320:5)',
  '    at async ModuleLoader.import (node:internal/modules/esm/loader:606:24)',
  '    at async asyncRunEntryPointWithESMLoader (node:internal/modules/run_main:117:5)',
].join('\n');

const K_IS_MAIN = Symbol('kIsMainSymbol');
const K_CACHED_BY_ESM = Symbol('kIsCachedByESMLoader');
const K_FORMAT = Symbol('kFormat');
const K_IS_EXECUTING = Symbol('kIsExecuting');

function pathOfFileUrl(url: string): string {
  try {
    return decodeURIComponent(url.replace(/^file:\/\/(localhost)?/, ''));
  } catch {
    return url.slice(7);
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function moduleExportName(n: any): string {
  return n.type === 'Literal' ? String(n.value) : n.name;
}

function declaredNames(d: any): string[] {
  if (d.type === 'VariableDeclaration') {
    const out: string[] = [];
    const walk = (p: any) => {
      if (!p) return;
      if (p.type === 'Identifier') out.push(p.name);
      else if (p.type === 'ObjectPattern') for (const q of p.properties) walk(q.type === 'RestElement' ? q.argument : q.value);
      else if (p.type === 'ArrayPattern') for (const q of p.elements) walk(q);
      else if (p.type === 'RestElement') walk(p.argument);
      else if (p.type === 'AssignmentPattern') walk(p.left);
    };
    for (const x of d.declarations) walk(x.id);
    return out;
  }
  return d.id ? [d.id.name] : [];
}
