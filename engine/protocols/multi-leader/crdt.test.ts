import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  counterAdd,
  counterDigest,
  counterMerge,
  counterValue,
  emptyCounter,
  emptyMv,
  emptyOrSet,
  lwwDigest,
  lwwMerge,
  mvDigest,
  mvMerge,
  mvNextVv,
  mvWrite,
  orAdd,
  orDigest,
  orElements,
  orMerge,
  orRemove,
  vvCovers,
  type LwwRegister,
  type MvRegister,
  type OrSet,
  type PnCounter,
} from './crdt';

/**
 * The merge laws of every data type in crdt.ts (Shapiro et al. 2011, §2.2: a state-based CRDT's
 * merge is the join of a semilattice), over states that real operations reach: three replicas
 * apply a random history of local updates and merges from one another, and any three of the
 * states met on the way must satisfy commutativity, associativity and idempotence. States are
 * compared by their canonical digests (the ones the convergence monitor compares).
 *
 *   CRDT_RUNS=2000 npx vitest run engine/protocols/multi-leader/crdt.test.ts
 *   a failure prints fast-check's seed and path: pass them as { seed, path } to replay
 */
const numRuns = Number(process.env.CRDT_RUNS ?? 200);
const REPLICAS = 3;

interface DataType<S> {
  name: string;
  empty: S;
  /** A local update at `node`; `n` and `choice` are the history's draws. */
  update(s: S, node: number, n: number, choice: number): S;
  merge(a: S, b: S): S;
  digest(s: S): string;
}

const step = fc.record({ node: fc.integer({ min: 0, max: REPLICAS - 1 }), from: fc.integer({ min: 0, max: REPLICAS - 1 }), merge: fc.boolean(), choice: fc.integer({ min: 0, max: 5 }) });
const history = fc.array(step, { minLength: 1, maxLength: 30 });

/** Every state the replicas pass through under a history. */
function reachable<S>(t: DataType<S>, steps: readonly { node: number; from: number; merge: boolean; choice: number }[]): S[] {
  const replicas: S[] = Array.from({ length: REPLICAS }, () => t.empty);
  const seen: S[] = [t.empty];
  steps.forEach((st, n) => {
    replicas[st.node] = st.merge ? t.merge(replicas[st.node]!, replicas[st.from]!) : t.update(replicas[st.node]!, st.node, n, st.choice);
    seen.push(replicas[st.node]!);
  });
  return seen;
}

function checkLaws<S>(t: DataType<S>): void {
  fc.assert(
    fc.property(history, fc.nat(), fc.nat(), fc.nat(), (steps, i, j, k) => {
      const states = reachable(t, steps);
      const a = states[i % states.length]!;
      const b = states[j % states.length]!;
      const c = states[k % states.length]!;
      const d = t.digest;
      expect(d(t.merge(a, b)), 'commutative').toBe(d(t.merge(b, a)));
      expect(d(t.merge(t.merge(a, b), c)), 'associative').toBe(d(t.merge(a, t.merge(b, c))));
      expect(d(t.merge(a, a)), 'idempotent').toBe(d(a));
    }),
    { numRuns },
  );
}

const lww: DataType<LwwRegister | null> = {
  name: 'LWW register',
  empty: null,
  // Clocks that disagree: timestamps drawn from a small range, so ties happen too.
  update: (s, node, n, choice) => lwwMerge(s, { id: `${node}#${n}`, value: n, writer: node, vv: { [node]: n + 1 }, ts: choice * 10 }),
  merge: lwwMerge,
  digest: lwwDigest,
};

const mv: DataType<MvRegister> = {
  name: 'MV register',
  empty: emptyMv,
  update: (s, node, n) => {
    const vv = mvNextVv(s, node);
    return mvWrite(s, { id: `${node}#${vv[node]}`, value: n, writer: node, vv });
  },
  merge: mvMerge,
  digest: mvDigest,
};

const counter: DataType<PnCounter> = {
  name: 'PN-counter',
  empty: emptyCounter,
  update: (s, node, _n, choice) => counterAdd(s, node, choice - 2),
  merge: counterMerge,
  digest: counterDigest,
};

const ELEMENTS = ['a', 'b', 'c'];
const orSet: DataType<OrSet> = {
  name: 'OR-set',
  empty: emptyOrSet,
  update: (s, node, _n, choice) => (choice < 3 ? orAdd(s, node, ELEMENTS[choice]!).set : orRemove(s, ELEMENTS[choice - 3]!).set),
  merge: orMerge,
  digest: orDigest,
};

describe('crdt.ts: every merge is commutative, associative and idempotent over reachable states', () => {
  for (const t of [lww, mv, counter, orSet] as DataType<unknown>[]) it(t.name, () => checkLaws(t));
});

describe('crdt.ts: what each type promises', () => {
  it('a PN-counter merged from every replica holds the sum of every update', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const replicas: PnCounter[] = Array.from({ length: REPLICAS }, () => emptyCounter);
        let sum = 0;
        steps.forEach((st) => {
          if (st.merge) replicas[st.node] = counterMerge(replicas[st.node]!, replicas[st.from]!);
          else {
            replicas[st.node] = counterAdd(replicas[st.node]!, st.node, st.choice - 2);
            sum += st.choice - 2;
          }
        });
        expect(counterValue(replicas.reduce(counterMerge))).toBe(sum);
      }),
      { numRuns },
    );
  });

  it('the OR-set: an add concurrent with a remove wins; a remove that saw every add wins', () => {
    const a1 = orAdd(emptyOrSet, 0, 'x').set; // replica 0 adds x
    const b = orRemove(orMerge(emptyOrSet, a1), 'x').set; // replica 1 sees it and removes it
    const a2 = orAdd(a1, 0, 'x').set; // meanwhile replica 0 adds x again
    expect(orElements(orMerge(a2, b))).toEqual(['x']);
    expect(orElements(orMerge(a1, b))).toEqual([]);
  });

  it('an MV register keeps concurrent writes as siblings, and a write that saw them replaces them', () => {
    const w = (s: MvRegister, node: number, value: number) => {
      const vv = mvNextVv(s, node);
      return mvWrite(s, { id: `${node}#${vv[node]}`, value, writer: node, vv });
    };
    const a = w(emptyMv, 0, 1);
    const b = w(emptyMv, 1, 2);
    const both = mvMerge(a, b);
    expect(both.versions.map((v) => v.value)).toEqual([1, 2]);
    const resolved = w(both, 0, 3);
    expect(mvMerge(resolved, b).versions.map((v) => v.value)).toEqual([3]);
    expect(vvCovers(resolved.versions[0]!.vv, b.versions[0]!.vv)).toBe(true);
  });
});
