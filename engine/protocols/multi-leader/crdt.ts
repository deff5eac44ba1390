/**
 * The replicated data types the leaders keep, as pure functions over plain data: a state is
 * JSON-shaped, merges return new states and never mutate their arguments. Each merge is a join
 * of a semilattice: commutative, associative and idempotent (crdt.test.ts checks the three laws
 * with fast-check over states reachable by real operations), which is what lets replicas
 * exchange whole states in any order, any number of times, and still end equal
 * (Shapiro, Preguiça, Baquero and Zawirski, "Conflict-free replicated data types", 2011, §2.2).
 *
 * Node ids are the keys of version vectors, written as strings so that the states stay plain
 * JSON objects.
 */

/** A version vector: how many events of each node this state has seen (absent means 0). */
export type VersionVector = Readonly<Record<string, number>>;

export function vvMerge(a: VersionVector, b: VersionVector): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [node, n] of Object.entries(b)) if (n > (out[node] ?? 0)) out[node] = n;
  return out;
}

/** a has seen everything b has (a ≥ b pointwise). */
export function vvCovers(a: VersionVector, b: VersionVector): boolean {
  for (const [node, n] of Object.entries(b)) if ((a[node] ?? 0) < n) return false;
  return true;
}

/** a strictly happened after b: a ≥ b and a ≠ b. */
export function vvDominates(a: VersionVector, b: VersionVector): boolean {
  return vvCovers(a, b) && !vvCovers(b, a);
}

function vvDigest(vv: VersionVector): string {
  return Object.keys(vv)
    .filter((k) => vv[k]! > 0)
    .sort((x, y) => Number(x) - Number(y))
    .map((k) => `${k}:${vv[k]}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// Registers. Every write has an id (`L2/k1#4`: the writer, the key, the writer's own count for
// that key) and the version vector of what its leader had seen of that key when it was made.

export interface Write {
  readonly id: string;
  readonly value: number;
  /** The node that accepted it. */
  readonly writer: number;
  readonly vv: VersionVector;
}

/**
 * Last-writer-wins register: the write with the largest timestamp from its leader's own
 * clock, ties broken by writer then id (Shapiro et al. §3.2.1, "LWW-Register"). A skewed clock
 * decides which write survives: the merge cannot tell "later" from "stamped larger".
 */
export interface LwwRegister extends Write {
  /** The leader's local clock when it accepted the write (virtual µs plus that leader's skew). */
  readonly ts: number;
}

/** True when register a's stamp is larger than b's (a wins). */
export function lwwBeats(a: LwwRegister, b: LwwRegister): boolean {
  return a.ts !== b.ts ? a.ts > b.ts : a.writer !== b.writer ? a.writer > b.writer : a.id > b.id;
}

export function lwwMerge(a: LwwRegister | null, b: LwwRegister | null): LwwRegister | null {
  if (a === null) return b;
  if (b === null) return a;
  return lwwBeats(b, a) ? b : a;
}

/**
 * Multi-value register (Shapiro et al. §3.2.2; Dynamo's siblings): every write no other write
 * has seen is kept, so concurrent writes survive side by side until a client writes over all of
 * them. Versions are kept sorted by id, so equal states are equal objects.
 */
export interface MvRegister {
  readonly versions: readonly Write[];
}

export const emptyMv: MvRegister = { versions: [] };

export function mvMerge(a: MvRegister, b: MvRegister): MvRegister {
  const byId = new Map<string, Write>();
  for (const w of a.versions) byId.set(w.id, w);
  for (const w of b.versions) if (!byId.has(w.id)) byId.set(w.id, w);
  const all = [...byId.values()];
  const kept = all.filter((w) => !all.some((o) => o !== w && vvDominates(o.vv, w.vv)));
  return { versions: kept.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) };
}

/** The version vector of a new write at `node` that has seen every sibling (the client's context). */
export function mvNextVv(reg: MvRegister, node: number): Record<string, number> {
  let vv: Record<string, number> = {};
  for (const w of reg.versions) vv = vvMerge(vv, w.vv);
  vv[node] = (vv[node] ?? 0) + 1;
  return vv;
}

/** A write that has seen every sibling replaces them all: the client resolved the conflict. */
export function mvWrite(_reg: MvRegister, write: Write): MvRegister {
  return { versions: [write] };
}

// ---------------------------------------------------------------------------------------------
// PN-counter (Shapiro et al. §3.1.2): one increment and one decrement total per node; a node
// only ever raises its own entries, and a merge keeps the larger of each.

export interface PnCounter {
  readonly p: Readonly<Record<string, number>>;
  readonly n: Readonly<Record<string, number>>;
}

export const emptyCounter: PnCounter = { p: {}, n: {} };

export function counterAdd(c: PnCounter, node: number, by: number): PnCounter {
  if (by >= 0) return { p: { ...c.p, [node]: (c.p[node] ?? 0) + by }, n: c.n };
  return { p: c.p, n: { ...c.n, [node]: (c.n[node] ?? 0) - by } };
}

function pointwiseMax(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [node, x] of Object.entries(b)) {
    const y = out[node];
    out[node] = y === undefined ? x : Math.max(y, x);
  }
  return out;
}

export function counterMerge(a: PnCounter, b: PnCounter): PnCounter {
  return { p: pointwiseMax(a.p, b.p), n: pointwiseMax(a.n, b.n) };
}

export function counterValue(c: PnCounter): number {
  let sum = 0;
  for (const x of Object.values(c.p)) sum += x;
  for (const x of Object.values(c.n)) sum -= x;
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Add-wins observed-remove set, in its optimized form with a causal context (Bieniusa,
// Zawirski, Preguiça, Shapiro, Baquero, Balegas and Duarte, "An optimized conflict-free
// replicated set", 2012, Algorithm 2): each add makes a fresh dot (node, n); a remove drops the
// dots it has seen; a merge keeps a dot both sides hold, or one side holds and the other has
// not seen (so it cannot have removed it). A remove therefore only removes the adds it saw: an
// add concurrent with it wins.

/** A dot: [node, its n-th add]. */
export type Dot = readonly [number, number];

export interface OrSet {
  /** element -> the live dots of its adds, sorted. */
  readonly entries: Readonly<Record<string, readonly Dot[]>>;
  /** Every dot this state has seen, added or removed (downward closed per node). */
  readonly context: VersionVector;
}

export const emptyOrSet: OrSet = { entries: {}, context: {} };

function compareDots(a: Dot, b: Dot): number {
  return a[0] - b[0] || a[1] - b[1];
}

function seen(context: VersionVector, d: Dot): boolean {
  return (context[d[0]] ?? 0) >= d[1];
}

export function orAdd(s: OrSet, node: number, element: string): { set: OrSet; dot: Dot } {
  const dot: Dot = [node, (s.context[node] ?? 0) + 1];
  const dots = [...(s.entries[element] ?? []), dot].sort(compareDots);
  return { set: { entries: { ...s.entries, [element]: dots }, context: { ...s.context, [node]: dot[1] } }, dot };
}

/** Removes the adds of `element` this state has seen; returns their dots (what the remove observed). */
export function orRemove(s: OrSet, element: string): { set: OrSet; removed: readonly Dot[] } {
  const removed = s.entries[element] ?? [];
  if (removed.length === 0) return { set: s, removed };
  const entries = { ...s.entries };
  delete entries[element];
  return { set: { entries, context: s.context }, removed };
}

export function orMerge(a: OrSet, b: OrSet): OrSet {
  const entries: Record<string, Dot[]> = {};
  const elements = new Set([...Object.keys(a.entries), ...Object.keys(b.entries)]);
  for (const element of elements) {
    const da = a.entries[element] ?? [];
    const db = b.entries[element] ?? [];
    const inB = new Set(db.map((d) => `${d[0]}.${d[1]}`));
    const inA = new Set(da.map((d) => `${d[0]}.${d[1]}`));
    const both = da.filter((d) => inB.has(`${d[0]}.${d[1]}`));
    const onlyA = da.filter((d) => !inB.has(`${d[0]}.${d[1]}`));
    const onlyB = db.filter((d) => !inA.has(`${d[0]}.${d[1]}`));
    // A dot one side lacks survives only if that side never saw it (so never removed it).
    const keptA = onlyA.filter((d) => !seen(b.context, d));
    const keptB = onlyB.filter((d) => !seen(a.context, d));
    const kept = [...both, ...keptA, ...keptB].sort(compareDots);
    if (kept.length > 0) entries[element] = kept;
  }
  return { entries, context: vvMerge(a.context, b.context) };
}

export function orElements(s: OrSet): string[] {
  return Object.keys(s.entries)
    .filter((e) => (s.entries[e]?.length ?? 0) > 0)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Canonical digests: equal states give equal strings (the convergence monitor compares these,
// so it never needs a leader's whole state; cheap, hand-formatted, no JSON on the hot path).

export function lwwDigest(r: LwwRegister | null): string {
  return r === null ? '-' : `${r.id}=${r.value}@${r.ts}`;
}

export function mvDigest(r: MvRegister): string {
  return r.versions.map((w) => `${w.id}=${w.value}[${vvDigest(w.vv)}]`).join(' ');
}

export function counterDigest(c: PnCounter): string {
  return `+${vvDigest(c.p)} -${vvDigest(c.n)}`;
}

export function orDigest(s: OrSet): string {
  const parts = Object.keys(s.entries)
    .sort()
    .map((e) => `${e}:${s.entries[e]!.map((d) => `${d[0]}.${d[1]}`).join('/')}`);
  return `${parts.join(' ')} [${vvDigest(s.context)}]`;
}
