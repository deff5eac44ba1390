import { checkLinearizability, registerModel, type KvOperation } from '../../check';
import type { Monitor, Violation } from '../../kernel/protocol';
import type { TraceEvent } from '../../kernel/trace';

/**
 * Is the cluster's store linearizable, as its clients saw it? This monitor records the client
 * history from the trace (each `invoke` of a read or write and its `return`) and, at the end of
 * the run, hands it to the linearizability checker (engine/check) with the key-value model: the
 * register `x`, or the keys the workload names (`kvKeys`), checked key by key. Being a monitor, it runs in both runners and in the page with no change to them.
 *
 * What each answer means (client.ts):
 * - a write `{ok:true}` committed; a write `{ok:false}` with one of client.ts's refusals ("no
 *   leader", "not leader", a malformed command) was refused before anything was appended, so it
 *   never happened and is left out; any other failure is taken as indeterminate;
 * - a write that never returned (its leader lost its term, a message was lost) may or may not
 *   have committed: it goes to the checker with `return: null`;
 * - a read `{ok:true, value}` observed the register; a failed or unanswered read has no effect
 *   and is left out.
 *
 * The history is kept as parallel arrays of numbers, not an object per operation (an hour of the
 * default load is 360,000 writes), and is plain data for snapshots. A history of writes only is
 * linearizable whatever it holds, so the checker runs only when some read returned.
 */

/** Refusals client.ts gives before a write is appended anywhere: the write did not happen. */
const DEFINITE_WRITE_FAILURES = new Set(['no leader', 'not leader', 'write needs a numeric value', 'key must be 1 to 32 letters, digits, ".", "_" or "-"']);

const WRITE = 0;
const READ = 1;
/** A slot whose operation is left out (a refused write, a failed read). */
const DROPPED = -1;

/** Beyond this many operations the history is no longer recorded and the verdict is unknown. */
export const MAX_HISTORY_OPS = 2_000_000;
/** A history of writes only is compacted once it holds this many operations (then twice as many as it kept). */
const COMPACT_FROM = 4096;
/** The checker's step budget: about a second of search (engine/check/README.md). */
export const HISTORY_MAX_STEPS = 5_000_000;

interface HistoryState {
  /** Per operation, in invocation order: WRITE, READ or DROPPED. */
  kind: number[];
  /** The node it was invoked at (the checker's "client"). */
  node: number[];
  /** The key it reads or writes (`x`: the register, for commands without a key). */
  key: string[];
  /** The value written, or the value a read returned (null: the register was empty). */
  value: (number | null)[];
  call: number[];
  /** When it returned; null while it has not (for good, at the end of the run). */
  ret: (number | null)[];
  /**
   * Operations invoked and not yet returned: opId -> slot. A Map: an object keyed by ever
   * larger op ids, deleted one by one, turned into a slow dictionary (issue 12). Snapshots
   * hold it as the record it was (HistorySnapshot).
   */
  open: Map<number, number>;
  reads: number;
  /** Reads and writes recorded, less those left out (refused writes, failed reads). */
  recorded: number;
  /** Whether any read was invoked yet: until then the history is compacted (see compact). */
  readInvoked: boolean;
  /** The history's length at which it is next compacted. */
  compactAt: number;
  /** Set once MAX_HISTORY_OPS was reached: the operations after it are not recorded. */
  overflow: boolean;
}

/** The state as snapshots hold it, the format they always had: `open` as a record. */
type HistorySnapshot = Omit<HistoryState, 'open'> & { open: Record<number, number> };

export interface HistoryMonitorOptions {
  maxSteps?: number;
  maxOps?: number;
}

/**
 * The client history of a run as the checker's operations (key "x"), in invocation order,
 * without the writes that never returned and that no read saw.
 */
export function historyOperations(s: HistoryState): KvOperation[] {
  const keyOf = (i: number) => s.key[i] ?? 'x';
  const read = new Set<string>();
  for (let i = 0; i < s.kind.length; i++) if (s.kind[i] === READ && s.ret[i] !== null) read.add(`${keyOf(i)}\u0000${s.value[i]}`);
  const ops: KvOperation[] = [];
  for (let i = 0; i < s.kind.length; i++) {
    const kind = s.kind[i]!;
    const client = s.node[i]!;
    const call = s.call[i]!;
    const ret = s.ret[i]!;
    if (kind === WRITE) {
      // A write that never returned and whose value nobody read may as well not have happened:
      // leaving it out changes no verdict (the checker could place it nowhere it matters).
      if (ret === null && !read.has(`${keyOf(i)}\u0000${s.value[i]}`)) continue;
      const value = s.value[i]!;
      const key = keyOf(i);
      ops.push(ret === null ? { client, input: { kind: 'write', key, value }, call, return: null } : { client, input: { kind: 'write', key, value }, output: 'ok', call, return: ret });
    } else if (kind === READ && ret !== null) {
      ops.push({ client, input: { kind: 'read', key: keyOf(i) }, output: s.value[i]!, call, return: ret });
    }
  }
  return ops;
}

/** The key-value model with unread values taken as equal: engine/check/register-model.ts. */
export { registerModel };

export function raftHistoryMonitor(options: HistoryMonitorOptions = {}): Monitor & { state(): HistoryState } {
  const maxSteps = options.maxSteps ?? HISTORY_MAX_STEPS;
  const maxOps = options.maxOps ?? MAX_HISTORY_OPS;
  let s: HistoryState = {
    kind: [],
    node: [],
    key: [],
    value: [],
    call: [],
    ret: [],
    open: new Map(),
    reads: 0,
    recorded: 0,
    readInvoked: false,
    compactAt: COMPACT_FROM,
    overflow: false,
  };

  /**
   * Before the first read, a write that returned before another write was called can never
   * matter: any read comes later still (after that one returned), so it reads that one's value
   * or a later one's, and the write may go anywhere in its interval among writes nobody read.
   * So the writes that returned before the latest call of a returned write of the same key are
   * dropped, and the default load (writes only) keeps a few dozen operations however long it runs.
   */
  const compact = () => {
    const latestCall = new Map<string, number>();
    for (let i = 0; i < s.kind.length; i++) {
      if (s.kind[i] === WRITE && s.ret[i] !== null) latestCall.set(s.key[i]!, Math.max(latestCall.get(s.key[i]!) ?? -Infinity, s.call[i]!));
    }
    const slotOf = new Map<number, number>();
    const next: HistoryState = { ...s, kind: [], node: [], key: [], value: [], call: [], ret: [], open: new Map() };
    for (let i = 0; i < s.kind.length; i++) {
      const ret = s.ret[i]!;
      if (s.kind[i] === DROPPED || (ret !== null && ret < (latestCall.get(s.key[i]!) ?? -Infinity))) continue;
      slotOf.set(i, next.kind.length);
      next.kind.push(s.kind[i]!);
      next.node.push(s.node[i]!);
      next.key.push(s.key[i]!);
      next.value.push(s.value[i]!);
      next.call.push(s.call[i]!);
      next.ret.push(ret);
    }
    for (const [opId, slot] of s.open) next.open.set(opId, slotOf.get(slot)!);
    next.compactAt = Math.max(COMPACT_FROM, 2 * next.kind.length);
    s = next;
  };

  const invoke = (event: Extract<TraceEvent, { kind: 'invoke' }>) => {
    const command = event.command as { type: string; value?: unknown; key?: unknown };
    const isWrite = command.type === 'write' && typeof command.value === 'number' && Number.isFinite(command.value);
    if (!isWrite && command.type !== 'read') return;
    if (!isWrite) s.readInvoked = true;
    if (!s.readInvoked && s.kind.length >= s.compactAt) compact();
    if (s.kind.length >= maxOps) {
      s.overflow = true;
      return;
    }
    s.open.set(event.opId, s.kind.length);
    s.kind.push(isWrite ? WRITE : READ);
    s.node.push(event.node);
    s.key.push(typeof command.key === 'string' ? command.key : 'x');
    s.value.push(isWrite ? (command.value as number) : null);
    s.call.push(event.at);
    s.ret.push(null);
    s.recorded++;
  };

  const complete = (event: Extract<TraceEvent, { kind: 'return' }>) => {
    const slot = s.open.get(event.opId);
    // Not a read or write, or answered already (the first answer is the client's).
    if (slot === undefined) return;
    s.open.delete(event.opId);
    const result = (event.result ?? {}) as { ok?: unknown; value?: unknown; error?: unknown };
    if (s.kind[slot] === WRITE) {
      if (result.ok === true) s.ret[slot] = event.at;
      else if (typeof result.error === 'string' && DEFINITE_WRITE_FAILURES.has(result.error)) {
        s.kind[slot] = DROPPED;
        s.recorded--;
      }
      // Any other failure: the write may or may not have happened; it stays unanswered.
    } else if (result.ok === true && (typeof result.value === 'number' || result.value === null)) {
      s.ret[slot] = event.at;
      s.value[slot] = result.value;
      s.reads++;
    } else {
      s.kind[slot] = DROPPED;
      s.recorded--;
    }
  };

  return {
    kinds: ['invoke', 'return'],
    observe(event) {
      if (event.kind === 'invoke') invoke(event);
      else if (event.kind === 'return') complete(event);
      return undefined;
    },

    finish() {
      const violations: Violation[] = [];
      // Reads and writes recorded, less the refused writes and failed reads (unanswered reads
      // included: they are left out when checking).
      const stats: Record<string, unknown> = { historyOps: s.recorded, historyReads: s.reads };
      if (s.overflow) {
        stats.linearizable = 'unknown';
        stats.linearizabilityNote = `the history passed ${maxOps} operations; later ones were not recorded`;
      } else if (s.reads === 0) {
        // Writes only: every order of them is a valid run of a register.
        stats.linearizable = true;
      } else {
        const history = historyOperations(s);
        const result = checkLinearizability(registerModel(history), history, { maxSteps, greedy: true });
        if (result.ok === true) stats.linearizable = true;
        else if (result.ok === 'unknown') {
          stats.linearizable = 'unknown';
          stats.linearizabilityNote = result.reason;
        } else {
          stats.linearizable = false;
          violations.push({ invariant: 'Linearizability', message: result.explanation });
        }
      }
      return { stats, violations };
    },

    snapshot() {
      // Op ids ascending, as the record always listed them (integer keys enumerate ascending).
      const open: Record<number, number> = {};
      for (const opId of [...s.open.keys()].sort((a, b) => a - b)) open[opId] = s.open.get(opId)!;
      return structuredClone({ ...s, open } satisfies HistorySnapshot);
    },

    restore(state) {
      const snapshot = structuredClone(state as HistorySnapshot);
      s = { ...snapshot, open: new Map(Object.entries(snapshot.open).map(([opId, slot]) => [Number(opId), slot])) };
    },

    state() {
      return s;
    },
  };
}
