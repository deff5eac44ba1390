import * as v from 'valibot';
import type { ExperimentVocabulary, MeasureState, StepKind } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

/**
 * The hash ring in experiments (engine/experiments/contract.ts): a node joins or leaves
 * (`ring.join`, `ring.leave`), and what the migration cost, read from the trace: the keys that
 * travelled in chunks against the ideal K/N (`ring.movedOverIdeal`, `ring.keysMoved`) and the
 * load imbalance afterwards (`ring.imbalance`, max over mean keys per member). The built-in
 * experiment runs one join under each placement scheme. experiment.ts keeps the longer sweeps
 * (growth from 5 to 20 nodes, imbalance against virtual nodes) as scripts.
 */

/**
 * Who holds which keys, from the trace: each node's keys at boot (`holding`), plus the chunks it
 * took (`accept`), minus the chunks it handed over (`handed`); and the members, from the boot
 * view and each join or leave (`status`).
 */
function holdings() {
  const held = new Map<number, Set<number>>();
  let members: Set<number> | null = null;
  let keys = 0;
  let membersBefore = 0;
  let moved = 0;
  let changed = false;
  return {
    push(e: TraceEvent) {
      if (e.kind !== 'observe') return;
      const d = (e.data ?? {}) as { keys?: number[]; members?: number[]; status?: string };
      if (e.what === 'holding' && !changed && Array.isArray(d.keys) && Array.isArray(d.members)) {
        held.set(e.node, new Set(d.keys));
        members ??= new Set(d.members);
        keys = [...held.values()].reduce((sum, s) => sum + s.size, 0);
        membersBefore = members.size;
      } else if (e.what === 'status' && members) {
        changed = true;
        if (d.status === 'member') members.add(e.node);
        else members.delete(e.node);
      } else if (e.what === 'accept' && Array.isArray(d.keys)) {
        const mine = held.get(e.node) ?? new Set<number>();
        d.keys.forEach((k) => mine.add(k));
        held.set(e.node, mine);
        moved += d.keys.length;
      } else if (e.what === 'handed' && Array.isArray(d.keys)) {
        const mine = held.get(e.node);
        d.keys.forEach((k) => mine?.delete(k));
      }
    },
    get changed() {
      return changed;
    },
    moved: () => moved,
    /** K / N for one join or leave: the keys the newcomer takes, or the leaver held, on average. */
    ideal: () => (members ? keys / Math.max(membersBefore, members.size, 1) : 0),
    imbalance(): number | null {
      if (!members || members.size === 0 || keys === 0) return null;
      const loads = [...members].map((m) => held.get(m)?.size ?? 0);
      return Math.max(...loads) / (keys / members.size);
    },
  };
}

function measure(value: (h: ReturnType<typeof holdings>) => number | null): () => MeasureState {
  return () => {
    const h = holdings();
    return {
      push: (e) => h.push(e),
      // The migration has no natural end in the trace: each run goes to its end.
      done: false,
      value: () => (h.changed ? value(h) : null),
    };
  };
}

const membership = (type: 'join' | 'leave'): StepKind => ({
  schema: v.strictObject({ node: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1023)) }),
  explain: type === 'join' ? 'The node joins the ring: the keys it now owns move to it.' : 'The member leaves the ring: its keys move to their new owners.',
  run(step, control) {
    const node = step.node as number;
    if (!control.views()[node]?.up) return null;
    const atUs = control.act({ kind: 'command', node, command: { type } });
    return { node, atUs };
  },
});

/** The placement schemes of the built-in experiment, as variants of the ring's settings. */
const SCHEMES: { name: string; config: Record<string, unknown> }[] = [
  { name: 'modulo', config: { scheme: 'modulo' } },
  { name: 'ring ×1', config: { scheme: 'ring', vnodes: 1 } },
  { name: 'ring ×16', config: { scheme: 'ring', vnodes: 16 } },
  { name: 'ring ×256', config: { scheme: 'ring', vnodes: 256 } },
  { name: 'jump', config: { scheme: 'jump' } },
  { name: 'Maglev', config: { scheme: 'maglev' } },
  { name: 'bounded c=1.25', config: { scheme: 'bounded', vnodes: 16, loadFactor: 1.25 } },
];

export const ringExperiments: ExperimentVocabulary = {
  steps: { join: membership('join'), leave: membership('leave') },
  measures: {
    movedOverIdeal: {
      label: 'keys moved ÷ ideal K/N',
      axis: 'keys that travelled to a new owner, as a multiple of the ideal K/N',
      unit: '× K/N',
      explain: 'Keys carried in migration chunks after a join or leave, over K/N (N: the members after a join, before a leave).',
      create: measure((h) => h.moved() / Math.max(h.ideal(), 1e-9)),
    },
    keysMoved: {
      label: 'keys moved',
      axis: 'keys that travelled to a new owner',
      unit: 'keys',
      explain: 'Keys carried in migration chunks after a join or leave.',
      create: measure((h) => h.moved()),
    },
    imbalance: {
      label: 'load imbalance (max ÷ mean)',
      axis: 'keys held by the fullest member over the mean',
      unit: '× mean',
      explain: 'At the end of the run: the most keys a member holds over the mean, after the migration.',
      create: measure((h) => h.imbalance()),
    },
  },
  builtins: {
    'ring-join': {
      label: 'Hash ring: keys moved and imbalance when a node joins, per placement scheme',
      make: () => ({
        experiment: 2,
        name: 'ring-join',
        title: 'A sixth node joins five: keys moved against the ideal K/N, and load imbalance, per placement scheme',
        description:
          'Five members own 960 keys; at 0.5 s the spare S6 joins and every key it now owns travels to it in chunks over messages. ' +
          'Each variant is a placement scheme. Published: about K/N keys move per added node with consistent hashing (Karger et al.), ' +
          'the ideal 1.0×; modulo hashing moves N/(N+1) of all keys, 5× the ideal here. Measured (seed 1): modulo 4.84× (775 keys), ' +
          'ring with 1, 16 and 256 points per member 1.16×, 1.42× and 0.90×, jump 1.03×, Maglev 1.08×, bounded loads 1.25×; imbalance ' +
          'after the join 1.12, 1.84, 1.42, 1.12, 1.09, 1.08 and 1.25. Placement hashes only the names of keys and members, so every ' +
          'seed gives the same figures: a few seeds are enough.',
        scenario: defaultScenario({
          protocol: 'ring',
          nodes: 6,
          seed: 0,
          untilUs: 2_500_000,
          workload: { kind: 'none' },
          config: { initialMembers: 5, keys: 960, chunkKeys: 64, chunkIntervalMs: 10 },
        }),
        seeds: { from: 1, to: 3 },
        variants: SCHEMES,
        steps: [{ kind: 'ring.join', node: 5, atMs: 500 }],
        measures: ['ring.movedOverIdeal', 'ring.imbalance', 'ring.keysMoved'],
        stopWhenMeasured: false,
      }),
    },
  },
  scenario: [
    {
      id: 'migration',
      label: 'Keys moved by this run\'s joins and leaves, against K/N',
      title: 'This scenario: keys moved against the ideal K/N',
      steps: [],
      measures: ['ring.movedOverIdeal', 'ring.imbalance', 'ring.keysMoved'],
      untilMs: 10_000,
    },
  ],
};
