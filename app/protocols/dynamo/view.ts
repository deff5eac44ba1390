/**
 * The shape of dynamo's `view()` (engine/protocols/dynamo/dynamo.ts) as the page reads it: the
 * one place that knows its fields. A field of the wrong type reads as absent.
 */
export interface ClockEntryView {
  actor: string;
  counter: number;
}

export interface VersionView {
  value: string;
  dot: string;
  clock: ClockEntryView[];
}

export interface TargetView {
  node: number;
  hintFor: number | null;
  state: 'waiting' | 'answered' | 'timedout';
}

export interface OperationView {
  opId: number;
  kind: 'get' | 'put' | 'update';
  key: string;
  phase: 'read' | 'write';
  lingering: boolean;
  acks: number;
  need: number;
  sloppy: boolean;
  targets: TargetView[];
  dot: string | null;
}

export interface DynamoView {
  n: number;
  r: number;
  w: number;
  vnodes: number;
  sloppy: boolean;
  readRepair: boolean;
  /** key -> versions held as one of the key's replicas. */
  replicas: Record<string, VersionView[]>;
  /** key -> intended node -> versions held for it (hinted handoff). */
  hints: Record<string, Record<string, VersionView[]>>;
  hintCount: number;
  suspected: boolean[];
  ops: OperationView[];
  /** The nodes on the ring as this node knows them (§4.9: joins and leaves change it). */
  members: number[] | null;
  /** key -> node -> versions this node is handing to a new home of the key (a transfer awaiting its acknowledgement). */
  outgoing: Record<string, Record<string, VersionView[]>>;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function versions(raw: unknown): VersionView[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((v) => ({
    value: typeof v.value === 'string' ? v.value : '',
    dot: typeof v.dot === 'string' ? v.dot : '?',
    clock: Array.isArray(v.clock)
      ? v.clock.filter(isObject).map((e) => ({ actor: typeof e.actor === 'string' ? e.actor : '?', counter: num(e.counter) }))
      : [],
  }));
}

function byKey<T>(raw: unknown, read: (v: unknown) => T): Record<string, T> {
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  if (!isObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) out[k] = read(v);
  return out;
}

function operation(raw: Record<string, unknown>): OperationView {
  const kind = raw.kind === 'put' || raw.kind === 'update' ? raw.kind : 'get';
  return {
    opId: num(raw.opId),
    kind,
    key: typeof raw.key === 'string' ? raw.key : '?',
    phase: raw.phase === 'write' ? 'write' : 'read',
    lingering: raw.lingering === true,
    acks: num(raw.acks),
    need: num(raw.need),
    sloppy: raw.sloppy === true,
    targets: Array.isArray(raw.targets)
      ? raw.targets.filter(isObject).map((t) => ({
          node: num(t.node),
          hintFor: typeof t.hintFor === 'number' ? t.hintFor : null,
          state: t.state === 'answered' || t.state === 'timedout' ? t.state : 'waiting',
        }))
      : [],
    dot: typeof raw.dot === 'string' ? raw.dot : null,
  };
}

/** Reads a dynamo view out of a node's `view` field; null when the node is down or it is not one. */
export function asDynamoView(view: Record<string, unknown> | null | undefined): DynamoView | null {
  if (!view || typeof view !== 'object' || !isObject(view.replicas) || typeof view.n !== 'number') return null;
  return {
    n: num(view.n, 3),
    r: num(view.r, 2),
    w: num(view.w, 2),
    vnodes: num(view.vnodes, 8),
    sloppy: view.sloppy !== false,
    readRepair: view.readRepair !== false,
    replicas: byKey(view.replicas, versions),
    hints: byKey(view.hints, (v) => byKey(v, versions)),
    hintCount: num(view.hintCount),
    suspected: Array.isArray(view.suspected) ? view.suspected.map((s) => s === true) : [],
    ops: Array.isArray(view.ops) ? view.ops.filter(isObject).map(operation) : [],
    members: Array.isArray(view.members) ? view.members.filter((m): m is number => typeof m === 'number') : null,
    outgoing: byKey(view.outgoing, (v) => byKey(v, versions)),
  };
}

/** Every key a node holds, as a replica or for another node, sorted. */
export function keysOf(view: DynamoView): string[] {
  return [...new Set([...Object.keys(view.replicas), ...Object.keys(view.hints)])].sort();
}

export const formatClock = (clock: readonly ClockEntryView[]): string =>
  clock.length === 0 ? '(empty)' : clock.map((e) => `${e.actor}:${e.counter}`).join(' ');

/** "get user:3, 1 of R=2" */
export function progressText(op: OperationView): string {
  const need = op.phase === 'read' ? 'R' : 'W';
  const verb = op.kind === 'update' ? `update (${op.phase === 'read' ? 'reading' : 'writing'})` : op.kind;
  return `${verb} ${op.key}: ${Math.min(op.acks, op.need)} of ${need}=${op.need}${op.lingering ? ' (answered, still collecting)' : ''}`;
}
