// User timing (performance.mark / measure / getEntries…, PerformanceEntry, PerformanceMark,
// PerformanceMeasure), as Node's lib/internal/perf/usertiming.js does it, on the virtual clock.
// Invariant: entries live in a host list; a mark's detail is the realm's structuredClone of the
// guest's (captured before the program ran), and a display formats it through the membrane's
// custom-inspection path (inspectCustom.ts formatWithCustom), never by handing it to Node raw.
import * as util from 'util';
import type { Interpreter } from './runtime';
import { describeReceived } from './globals';
import { formatWithCustom, INSPECT_CUSTOM } from './inspectCustom';
import { constructorName, deeper, definePlatformInspector } from './platformInspect';

type Native = (name: string, length: number, fn: (thisArg: any, args: any[], newTarget: any) => any) => any;

interface Entry {
  name: string;
  entryType: 'mark' | 'measure';
  startTime: number;
  duration: number;
  detail: any;
}

export interface UserTiming {
  PerformanceEntry: any;
  PerformanceMark: any;
  PerformanceMeasure: any;
}

/**
 * Installs mark, measure, getEntries, getEntriesByName, getEntriesByType, clearMarks and
 * clearMeasures on `perf`; answers the classes, made on first use.
 */
export function installUserTiming(rt: Interpreter, native: Native, perf: any, now: () => number, clone: any, domException: (message: string, name: string) => any): () => UserTiming {
  const entries = new WeakMap<object, Entry>();
  const list: { obj: any; e: Entry }[] = [];
  const define = (o: any, name: string, value: any, enumerable = true) => Object.defineProperty(o, name, { value, writable: true, enumerable, configurable: true });
  const coded = (ctor: 'TypeError' | 'RangeError', message: string, code: string) => rt.makeCodedError(ctor, message, code);
  const entryOf = (o: any): Entry => entries.get(o) ?? rt.throwError('TypeError', 'Value of "this" must be of type PerformanceEntry');
  let classes: UserTiming | null = null;

  const make = (): UserTiming => {
    const illegal = () => rt.throwError('TypeError', 'Illegal constructor');
    const Entry_: any = rt.realm.helpers.nativeCtor(() => illegal(), 'PerformanceEntry', 0);
    const ep = Entry_.prototype;
    for (const k of ['name', 'entryType', 'startTime', 'duration'] as const) {
      Object.defineProperty(ep, k, { get: native(`get ${k}`, 0, (o) => entryOf(o)[k]), enumerable: true, configurable: true });
    }
    define(ep, 'toJSON', native('toJSON', 0, (o) => toJSON(o)));
    // Node's display: `PerformanceMark { name: …, entryType: …, startTime: …, duration: …, detail: … }`.
    definePlatformInspector(rt, ep, (o, depth, opts) => {
      const e = entries.get(o);
      if (!e || depth < 0) return undefined;
      const detail = e.detail;
      const shown =
        (typeof detail !== 'object' && typeof detail !== 'function') || detail === null
          ? detail
          : { [INSPECT_CUSTOM]: (d: number, o2: util.InspectOptions) => formatWithCustom(rt, { ...o2, depth: d }, [detail], (oo) => util.inspect(detail, oo)) };
      const fields = e.entryType === 'mark' || e.entryType === 'measure' ? { name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration, detail: shown } : { name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration };
      return `${constructorName(o, 'PerformanceEntry')} ${util.inspect(fields, deeper(opts))}`;
    });
    const detailGetter = (proto: any) => Object.defineProperty(proto, 'detail', { get: native('get detail', 0, (o) => entryOf(o).detail), enumerable: true, configurable: true });
    const Mark: any = rt.realm.helpers.nativeCtor(
      (_t, args, newTarget) => {
        if (newTarget === undefined) rt.throwError('TypeError', "Class constructor PerformanceMark cannot be invoked without 'new'");
        return newMark(args, newTarget);
      },
      'PerformanceMark',
      1,
    );
    Object.setPrototypeOf(Mark, Entry_);
    Object.setPrototypeOf(Mark.prototype, ep);
    detailGetter(Mark.prototype);
    Object.defineProperty(Mark.prototype, Symbol.toStringTag, { value: 'PerformanceMark', configurable: true });
    const Measure: any = rt.realm.helpers.nativeCtor(() => illegal(), 'PerformanceMeasure', 0);
    Object.setPrototypeOf(Measure, Entry_);
    Object.setPrototypeOf(Measure.prototype, ep);
    detailGetter(Measure.prototype);
    Object.defineProperty(Measure.prototype, Symbol.toStringTag, { value: 'PerformanceMeasure', configurable: true });
    return { PerformanceEntry: Entry_, PerformanceMark: Mark, PerformanceMeasure: Measure };
  };
  const api = () => (classes ??= make());

  const toJSON = (o: any) => {
    const e = entryOf(o);
    const r = rt.newObject();
    r.name = e.name;
    r.entryType = e.entryType;
    r.startTime = e.startTime;
    r.duration = e.duration;
    r.detail = e.detail;
    return r;
  };
  const entryObject = (e: Entry, proto: any) => {
    const o = Object.create(proto);
    entries.set(o, e);
    return o;
  };
  const optionsObject = (v: any, name = 'options') => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object') throw coded('TypeError', `The "${name}" argument must be of type object. Received ${describeReceived(v)}`, 'ERR_INVALID_ARG_TYPE');
    return v;
  };
  const invalidTimestamp = (t: any) => coded('TypeError', `${String(t)} is not a valid timestamp`, 'ERR_PERFORMANCE_INVALID_TIMESTAMP');
  const newMark = (args: any[], newTarget: any) => {
    if (args.length === 0) throw coded('TypeError', 'The "name" argument must be specified', 'ERR_MISSING_ARGS');
    const name = String(args[0]);
    const options = optionsObject(args[1]);
    let startTime = now();
    let detail: any = null;
    if (options !== null) {
      const st = rt.get(options, 'startTime');
      if (st !== undefined) {
        if (typeof st !== 'number') throw coded('TypeError', `The "options.startTime" property must be of type number. Received ${describeReceived(st)}`, 'ERR_INVALID_ARG_TYPE');
        if (st < 0) throw invalidTimestamp(st);
        startTime = st;
      }
      const d = rt.get(options, 'detail');
      detail = d === undefined ? null : rt.call(clone, undefined, [d]);
    }
    const { PerformanceMark } = api();
    const p = newTarget === undefined || newTarget === PerformanceMark ? PerformanceMark.prototype : rt.get(newTarget, 'prototype');
    return entryObject({ name, entryType: 'mark', startTime, duration: 0, detail }, p);
  };
  /** A mark's time: a number as it is, else the last mark of that name (Node's getMark). */
  const markTime = (v: any): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === 'number') {
      if (v < 0) throw invalidTimestamp(v);
      return v;
    }
    const name = String(v);
    for (let i = list.length - 1; i >= 0; i--) if (list[i].e.entryType === 'mark' && list[i].e.name === name) return list[i].e.startTime;
    throw domException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  };

  define(perf, 'mark', native('mark', 1, (_t, args) => {
    const m = newMark(args, undefined);
    list.push({ obj: m, e: entries.get(m)! });
    return m;
  }));
  define(perf, 'measure', native('measure', 1, (_t, args) => {
    if (args.length === 0) throw coded('TypeError', 'The "name" argument must be specified', 'ERR_MISSING_ARGS');
    const name = String(args[0]);
    let startOrOptions = args[1];
    const endMark = args[2];
    if (startOrOptions === null) startOrOptions = undefined;
    let start: any;
    let end: any;
    let duration: any;
    let detail: any = null;
    if (typeof startOrOptions === 'object') {
      const keys = rt.call(rt.intr.Object.keys, rt.intr.Object, [startOrOptions]);
      if (keys.length === 0) throw coded('TypeError', "The argument 'startOrMeasureOptions' must not be an empty object. Received {}", 'ERR_INVALID_ARG_VALUE');
      start = rt.get(startOrOptions, 'start');
      end = rt.get(startOrOptions, 'end');
      duration = rt.get(startOrOptions, 'duration');
      const d = rt.get(startOrOptions, 'detail');
      if (d !== undefined) detail = rt.call(clone, undefined, [d]);
      if (start !== undefined && end !== undefined && duration !== undefined) throw coded('TypeError', 'Invalid options: start, end, and duration must not all be specified', 'ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS');
      if (start === undefined && end === undefined) throw coded('TypeError', 'Invalid options: One of options.start or options.end must be specified', 'ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS');
      if (duration !== undefined && typeof duration !== 'number') throw coded('TypeError', `The "options.duration" property must be of type number. Received ${describeReceived(duration)}`, 'ERR_INVALID_ARG_TYPE');
    } else start = startOrOptions;
    const endTime = endMark !== undefined ? markTime(endMark)! : end !== undefined ? markTime(end)! : start !== undefined && duration !== undefined ? markTime(start)! + duration : now();
    const startTime = start !== undefined ? markTime(start)! : duration !== undefined && end !== undefined ? endTime - duration : 0;
    const m = entryObject({ name, entryType: 'measure', startTime, duration: endTime - startTime, detail }, api().PerformanceMeasure.prototype);
    list.push({ obj: m, e: entries.get(m)! });
    return m;
  }));
  const sorted = (keep: (e: Entry) => boolean) =>
    rt.newArray(
      list
        .filter((x) => keep(x.e))
        .sort((a, b) => a.e.startTime - b.e.startTime)
        .map((x) => x.obj),
    );
  define(perf, 'getEntries', native('getEntries', 0, () => sorted(() => true)));
  define(perf, 'getEntriesByName', native('getEntriesByName', 1, (_t, { 0: name, 1: type }) => {
    const n = String(name);
    return sorted((e) => e.name === n && (type === undefined || e.entryType === String(type)));
  }));
  define(perf, 'getEntriesByType', native('getEntriesByType', 1, (_t, { 0: type }) => {
    const t = String(type);
    return sorted((e) => e.entryType === t);
  }));
  const clearer = (type: 'mark' | 'measure') =>
    native(type === 'mark' ? 'clearMarks' : 'clearMeasures', 0, (_t, { 0: name }) => {
      const n = name === undefined ? undefined : String(name);
      for (let i = list.length - 1; i >= 0; i--) if (list[i].e.entryType === type && (n === undefined || list[i].e.name === n)) list.splice(i, 1);
      return undefined;
    });
  define(perf, 'clearMarks', clearer('mark'));
  define(perf, 'clearMeasures', clearer('measure'));
  return api;
}
