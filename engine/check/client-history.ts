import type { TraceEvent } from '../kernel/trace';
import type { Micros } from '../kernel/time';
import { checkLinearizability } from './check';
import type { KvInput, KvOperation, KvOutput } from './kv-model';
import { registerModel } from './register-model';

/**
 * A run's client history as the kernel records it, for any protocol: every client operation is
 * an `invoke` trace event (the command, at the node it was invoked at) and, if it completes, a
 * `return` event with its result. This module knows no protocol; it reads the commands in the
 * key-value vocabulary of `kvModel`:
 *
 * - `{ type: 'read', key? }` answered `{ ok: true, value }` (a number, a string or null) is a read
 *   that observed `value`; a read that failed or never returned observed nothing and is left out;
 * - `{ type: 'write', key?, value }` answered `{ ok: true }` took effect within its interval; one
 *   that failed or never returned may or may not have (the checker's timed-out operation);
 * - a command without `key` addresses the store's one register, named `x`;
 * - every other command (an election forced by hand, a membership change) is drawn but not judged.
 *
 * The page's history panel draws these operations and marks what the checker cannot order; a
 * protocol's own monitor (Raft's `history.ts`) may know more (which refusals mean "never
 * happened") and stays the judge of headless runs. Reading a refused write as indeterminate
 * here is sound: it can hide a violation, never invent one.
 */

export type ClientOpKind = 'read' | 'write' | 'other';

/** One client operation: plain data (it crosses from the coordinator worker to the page). */
export interface ClientOp {
  opId: number;
  /** The node it was invoked at: a client node, or the server a workload handed it to. */
  node: number;
  kind: ClientOpKind;
  /** The command's type, as the protocol names it ("write", "read", "forceElection"). */
  label: string;
  /** The key of a read or write (`x` when the command names none); null for other commands. */
  key: string | null;
  /** What a write wrote; what a read returned (null: nothing yet); null before a read returns. */
  value: number | string | null;
  call: Micros;
  /** When its answer came; null while it has none (pending, or never answered). */
  ret: Micros | null;
  /** Whether the answer said it succeeded (`result.ok === true`); null while unanswered. */
  ok: boolean | null;
  /** The answer's error, if it gave one ("no leader"). */
  error?: string;
}

/** The register a command without a key addresses. */
export const DEFAULT_KEY = 'x';

function keyOf(command: Record<string, unknown>): string {
  const key = command.key;
  return typeof key === 'string' ? key : typeof key === 'number' ? String(key) : DEFAULT_KEY;
}

function isValue(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
}

/** The operation an `invoke` event starts. */
export function opOfInvoke(event: Extract<TraceEvent, { kind: 'invoke' }>): ClientOp {
  const command = event.command as Record<string, unknown> & { type: string };
  const isWrite = command.type === 'write' && isValue(command.value);
  const kind: ClientOpKind = isWrite ? 'write' : command.type === 'read' ? 'read' : 'other';
  return {
    opId: event.opId,
    node: event.node,
    kind,
    label: String(command.type),
    key: kind === 'other' ? null : keyOf(command),
    value: isWrite ? (command.value as number | string) : null,
    call: event.at,
    ret: null,
    ok: null,
  };
}

/** The operation as its `return` event completes it (a new object; the first answer counts). */
export function opWithReturn(op: ClientOp, event: Extract<TraceEvent, { kind: 'return' }>): ClientOp {
  const result = (event.result ?? {}) as { ok?: unknown; value?: unknown; error?: unknown };
  const ok = result.ok === true;
  const done: ClientOp = { ...op, ret: event.at, ok };
  if (typeof result.error === 'string') done.error = result.error;
  if (op.kind === 'read' && ok) done.value = isValue(result.value) ? result.value : null;
  return done;
}

/**
 * Records a run's client operations from its trace, in invocation order. Plain data in, plain
 * data out; `changedSince` gives what a page has not seen yet, and `truncate` forgets what
 * happened from a time on (the run is being replayed from a checkpoint there).
 */
export class ClientHistoryRecorder {
  private ops: ClientOp[] = [];
  private slotOf = new Map<number, number>();
  private changed = new Set<number>();
  /** Set when `maxOps` was reached: later operations are not recorded. */
  overflow = false;

  constructor(private readonly maxOps = 200_000) {}

  observe(event: TraceEvent): void {
    if (event.kind === 'invoke') {
      if (this.slotOf.has(event.opId)) return;
      if (this.ops.length >= this.maxOps) {
        this.overflow = true;
        return;
      }
      this.slotOf.set(event.opId, this.ops.length);
      this.ops.push(opOfInvoke(event));
      this.changed.add(event.opId);
    } else if (event.kind === 'return') {
      const slot = this.slotOf.get(event.opId);
      if (slot === undefined || this.ops[slot]!.ret !== null) return;
      this.ops[slot] = opWithReturn(this.ops[slot]!, event);
      this.changed.add(event.opId);
    }
  }

  /** Forgets everything that happened at or after `at`: invocations go, later answers are undone. */
  truncate(at: Micros): void {
    const kept = truncateHistory(this.ops, at);
    this.ops = kept;
    this.slotOf = new Map(kept.map((op, slot) => [op.opId, slot]));
    // The page truncates its copy the same way (same function); what it must hear again is replayed.
    this.changed = new Set([...this.changed].filter((opId) => this.slotOf.has(opId)));
    this.overflow = false;
  }

  /** The operations invoked or answered since the last call (each once, latest form). */
  takeChanges(): ClientOp[] {
    const out = [...this.changed].map((opId) => this.ops[this.slotOf.get(opId)!]!);
    this.changed.clear();
    return out;
  }

  all(): readonly ClientOp[] {
    return this.ops;
  }
}

/**
 * The history as it stood just before `at`: operations invoked from `at` on are gone, and
 * answers given from `at` on are undone (the operation is pending again). The page and the
 * coordinator both cut their copies with this, so they agree after a seek back.
 */
export function truncateHistory(ops: readonly ClientOp[], at: Micros): ClientOp[] {
  const kept: ClientOp[] = [];
  for (const op of ops) {
    if (op.call >= at) continue;
    if (op.ret === null || op.ret < at) kept.push(op);
    else {
      const { error: _error, ...open } = op;
      kept.push({ ...open, ret: null, ok: null, value: op.kind === 'read' ? null : op.value });
    }
  }
  return kept;
}

/**
 * A copy of the client history kept up to date from a coordinator's statuses (the page's): cut
 * where the run restarted from a checkpoint (as the coordinator cut its own), then each operation
 * sent replaces its older form or is appended; only the latest `cap` are kept.
 */
export function mergeHistory(ops: ClientOp[], restartedAt: Micros | null, changes: readonly ClientOp[], cap = Infinity): ClientOp[] {
  if (restartedAt === null && changes.length === 0) return ops;
  let next = restartedAt === null ? ops.slice() : truncateHistory(ops, restartedAt);
  if (changes.length > 0) {
    const slotOf = new Map(next.map((op, slot) => [op.opId, slot]));
    let ordered = true;
    for (const op of changes) {
      const slot = slotOf.get(op.opId);
      if (slot !== undefined) {
        next[slot] = op;
        continue;
      }
      const last = next[next.length - 1];
      if (last && last.call > op.call) ordered = false;
      slotOf.set(op.opId, next.length);
      next.push(op);
    }
    // Invocation order (the trace comes in time order, so this is rare).
    if (!ordered) next.sort((a, b) => a.call - b.call || a.opId - b.opId);
  }
  if (next.length > cap) next = next.slice(next.length - cap);
  return next;
}

export type HistoryVerdict =
  | { ok: true; checked: number }
  | {
      ok: false;
      checked: number;
      key: string | undefined;
      /** The minimal failing sub-history: operations that cannot be ordered whatever the others did. */
      failing: number[];
      /** Of those, the ones the longest valid order found could not place. */
      notLinearized: number[];
      explanation: string;
    }
  | { ok: 'unknown'; checked: number; reason: string };

/** The budget of one check: a few hundred milliseconds at most (engine/check/README.md, "Bounded effort"). */
export const HISTORY_CHECK_STEPS = 1_000_000;

/** The reads and writes of a history as the checker's operations, each with its op id. */
export function kvOperations(ops: readonly ClientOp[]): { history: KvOperation[]; opIdOf: Map<KvOperation, number> } {
  const history: KvOperation[] = [];
  const opIdOf = new Map<KvOperation, number>();
  const seen = new Set<string>();
  for (const op of ops) if (op.kind === 'read' && op.ok === true && op.ret !== null) seen.add(JSON.stringify([op.key, op.value]));
  for (const op of ops) {
    let kv: KvOperation | null = null;
    const known = op.ok === true && op.ret !== null;
    // A write that may not have happened and whose value no read returned changes no verdict:
    // left out, as Raft's monitor does (each one would double what the search must try).
    if (op.kind === 'write' && !known && !seen.has(JSON.stringify([op.key, op.value]))) continue;
    if (op.kind === 'write' && op.value !== null) {
      const input: KvInput = { kind: 'write', key: op.key ?? DEFAULT_KEY, value: op.value };
      // A write not known to have succeeded may or may not have happened.
      kv = known ? { client: op.node, input, output: 'ok', call: op.call, return: op.ret } : { client: op.node, input, call: op.call, return: null };
    } else if (op.kind === 'read' && op.ok === true && op.ret !== null) {
      kv = { client: op.node, input: { kind: 'read', key: op.key ?? DEFAULT_KEY }, output: op.value as KvOutput, call: op.call, return: op.ret };
    }
    if (kv) {
      history.push(kv);
      opIdOf.set(kv, op.opId);
    }
  }
  return { history, opIdOf };
}

/** Is this client history linearizable (as a key-value store)? Within `maxSteps` of search. */
export function checkClientHistory(ops: readonly ClientOp[], maxSteps = HISTORY_CHECK_STEPS): HistoryVerdict {
  const { history, opIdOf } = kvOperations(ops);
  const checked = history.length;
  // Writes only: every order of them is a valid run of a store.
  if (!history.some((op) => op.input.kind === 'read')) return { ok: true, checked };
  const result = checkLinearizability(registerModel(history), history, { maxSteps, maxMinimiseSteps: maxSteps, greedy: true });
  if (result.ok === true) return { ok: true, checked };
  if (result.ok === 'unknown') return { ok: 'unknown', checked, reason: result.reason };
  return {
    ok: false,
    checked,
    key: result.key,
    failing: result.minimalHistory.map((op) => opIdOf.get(op)!),
    notLinearized: result.notLinearized.map((op) => opIdOf.get(op)!),
    explanation: result.explanation,
  };
}
