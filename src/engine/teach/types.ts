// What the panel shows of execution contexts, closures and promises at one step (plain data).
import type { ThisKind, ReactionKind } from '../types';

export interface BindingView {
  name: string;
  kind: string;
  state: 'value' | 'uninitialized';
  preview: string;
}

export interface ContextView {
  /** Environment id of the context (its function scope). */
  env: number;
  name: string;
  line: number;
  fnKind: string;
  /** var, function declarations, parameters. */
  variableEnv: BindingView[];
  /** let / const / class (TDZ as uninitialised), innermost block first for the running context. */
  lexicalEnv: { label: string; bindings: BindingView[] }[];
  thisKind: ThisKind;
  /** The value of `this` (absent for arrows: they have none of their own). */
  thisValue?: string;
  /** One phrase: where `this` came from. */
  thisWhy: string;
  /** The outer environment reference: where the function was created. */
  outer: { id: number; label: string } | null;
  /** The stop is this context's creation phase (entered, no statement run yet). */
  creation: boolean;
  /** A frame resumed after await / yield: its context was saved and is restored. */
  resumed?: boolean;
}

export interface ClosureView {
  env: number;
  label: string;
  /** "frame returned" | "frame still running" */
  frameDone: boolean;
  /** The frame (function) that created the environment. */
  owner: string;
  bindings: BindingView[];
  /** The functions that keep it alive. */
  keptBy: { name: string; line: number; count: number }[];
  /** Queued callbacks (queue item / timer ids) that will run with this scope. */
  queued: number[];
}

export interface PromiseReactionView {
  kind: ReactionKind;
  handler: string;
  line: number;
  /** The promise the reaction settles (then/catch/finally), 0 for await. */
  derived: number;
  /** The job its settlement queued (0: not yet). */
  job: number;
  jobState?: 'queued' | 'ran';
}

export interface PromiseView {
  id: number;
  line: number;
  column: number;
  origin: string;
  state: 'pending' | 'fulfilled' | 'rejected';
  value?: string;
  /** State changes so far. */
  history: { state: 'fulfilled' | 'rejected'; preview: string; step: number }[];
  reactions: PromiseReactionView[];
  /** Adopting another promise / thenable: what it waits for. */
  waitingFor?: { target: number; job: number; line: number };
  /** A settlement or adoption happened at this stop. */
  changedNow: boolean;
}

/** A callback waiting in a queue or in the Web APIs, and the scope it will run with. */
export interface QueuedScopeView {
  id: number;
  name: string;
  line: number;
  scope: { id: number; label: string; bindings: BindingView[] }[];
}

export interface TeachState {
  /** Aligned with StepState.callStack (bottom first); null where the trace has no context. */
  frames: (ContextView | null)[];
  closures: ClosureView[];
  closureCount: number;
  promises: PromiseView[];
  promiseCount: number;
  queued: QueuedScopeView[];
  /** Why the tick count is what it is, when this stop shows it (adoption, await of a non-promise). */
  tickNotes: string[];
}
