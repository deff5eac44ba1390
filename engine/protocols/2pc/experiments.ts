import * as v from 'valibot';
import type { ExperimentVocabulary, MeasureState, StepKind, TrialControl } from '../../experiments/contract';
import type { TraceEvent } from '../../kernel/trace';
import { defaultScenario } from '../../scenario/schema';

/**
 * Two-phase commit in experiments (engine/experiments/contract.ts): how long participants stay
 * blocked (prepared, holding their locks, not knowing the outcome) when the coordinator crashes,
 * classic 2PC against Paxos Commit (Gray and Lamport 2006, §4: "Paxos Commit is non-blocking"
 * while a majority of acceptors lives). Specs spell them `2pc.crashCoordinatorInDoubt`,
 * `2pc.blockedMaxMs`, `2pc.blockedTotalMs`.
 */

/* ----------------------------------------------------------------------------- measures */

/**
 * Time in doubt, per participant and transaction: from its yes vote (`vote` observation) to its
 * decision (`decide`); one still in doubt when the run ends counts until the run's last event.
 */
function blocked(fold: 'max' | 'sum'): () => MeasureState {
  return () => {
    const since = new Map<string, number>();
    const spans: number[] = [];
    let lastAt = 0;
    return {
      push(e: TraceEvent) {
        lastAt = e.at;
        if (e.kind !== 'observe') return;
        const txid = String(e.data?.txid ?? '');
        if (e.what === 'vote' && e.data?.yes === true) since.set(`${e.node} ${txid}`, e.at);
        else if (e.what === 'decide') {
          const key = `${e.node} ${txid}`;
          const from = since.get(key);
          if (from !== undefined) spans.push(e.at - from);
          since.delete(key);
        }
      },
      done: false,
      value() {
        const all = [...spans, ...[...since.values()].map((from) => lastAt - from)];
        if (all.length === 0) return 0;
        return (fold === 'max' ? Math.max(...all) : all.reduce((a, b) => a + b, 0)) / 1000;
      },
    };
  };
}

/* ----------------------------------------------------------------------------- steps */

const POLL_US = 1_000;

/**
 * The running coordinator, if some running participant is in doubt about a transaction that
 * coordinator has not decided yet (its view lists it as preparing): crashing it now leaves that
 * participant blocked. A participant prepared whose decision is already on the wire would not be.
 */
function undecidedCoordinator(control: Pick<TrialControl, 'views'>): number | null {
  const inDoubt = new Set<string>();
  const coordinators: { id: number; preparing: string[] }[] = [];
  for (const { id, up, view } of control.views()) {
    const r = view?.protocol as { role?: unknown; prepared?: unknown; txns?: unknown } | null | undefined;
    if (!up || !r) continue;
    if (r.role === 'participant' && Array.isArray(r.prepared)) for (const p of r.prepared as { txid?: unknown }[]) inDoubt.add(String(p.txid));
    if (r.role === 'coordinator' && Array.isArray(r.txns)) {
      coordinators.push({ id, preparing: (r.txns as { txid?: unknown; phase?: unknown }[]).filter((t) => t.phase === 'preparing').map((t) => String(t.txid)) });
    }
  }
  return coordinators.find((c) => c.preparing.some((t) => inDoubt.has(t)))?.id ?? null;
}

/**
 * At the step's time, wait (in 1 ms steps) until some participant has voted yes on a transaction
 * its coordinator has not decided yet, then crash the coordinator: the moment 2PC's blocking is about. It comes
 * back `downMs` later (recovering from its log).
 */
const crashCoordinatorInDoubt: StepKind = {
  schema: v.strictObject({ downMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(600_000))) }),
  explain: 'wait until a participant is in doubt (voted yes) on a transaction the coordinator has not decided, crash the coordinator, restart it downMs later (default 3000)',
  run(step, control) {
    let node = undecidedCoordinator(control);
    while (node === null && !control.stopped()) {
      control.runUntil(Math.min(control.untilUs(), control.now() + POLL_US));
      node = undecidedCoordinator(control);
    }
    if (node === null || control.stopped()) return null;
    const atUs = control.act({ kind: 'crash', node });
    const downUs = Math.round((typeof step.downMs === 'number' ? step.downMs : 3_000) * 1000);
    control.runUntil(Math.min(control.untilUs(), atUs + downUs));
    if (!control.stopped()) control.act({ kind: 'restart', node });
    return { node, atUs };
  },
};

/* ----------------------------------------------------------------------------- built-ins */

const BLOCKING_MEASURES = ['2pc.blockedMaxMs', '2pc.blockedTotalMs', 'metric:commitLatencyMs:median'];

function blockingExperiment() {
  return {
    experiment: 2,
    name: '2pc-blocking',
    title: 'Blocking under a coordinator crash: classic 2PC against Paxos Commit',
    description:
      'Three participants, one coordinator, three acceptors (idle in classic 2PC), 10–15 ms links, a two-key transaction every 100 ms. ' +
      'From 1 s (plus up to 0.5 s, seeded) the run waits until some participant is in doubt and crashes the coordinator; it returns 3 s later. ' +
      'Blocked is the time a participant holds its locks after voting yes without knowing the outcome (the longest, and the sum over all). ' +
      'Classic 2PC waits for the coordinator to come back; Paxos Commit asks the acceptors, one of which takes over (Gray and Lamport §4).',
    scenario: defaultScenario({
      protocol: '2pc',
      seed: 0,
      untilUs: 6_000_000,
      config: { refuseRate: 0, txnIntervalMs: 100, keys: 6, keysPerTxn: 2 },
      topology: {
        groups: [
          { kind: 'participant', count: 3 },
          { kind: 'coordinator', count: 1 },
          { kind: 'acceptor', count: 3 },
        ],
      },
    }),
    seeds: { from: 1, to: 20 },
    variants: [
      { name: 'classic 2PC', config: { commit: 'coordinator' } },
      { name: 'Paxos Commit', config: { commit: 'paxos' } },
    ],
    steps: [{ kind: '2pc.crashCoordinatorInDoubt', atMs: 1000, jitterMs: 500, downMs: 3000 }],
    measures: BLOCKING_MEASURES.slice(0, 2),
    stopWhenMeasured: false,
  };
}

export const twoPcExperiments: ExperimentVocabulary = {
  steps: { crashCoordinatorInDoubt },
  measures: {
    blockedMaxMs: {
      label: 'longest blocked',
      axis: 'longest time a participant held its locks in doubt (ms)',
      unit: 'ms',
      explain: 'The longest time any participant spent between its yes vote and learning the outcome (one still in doubt counts until the run ends).',
      create: blocked('max'),
    },
    blockedTotalMs: {
      label: 'total blocked',
      axis: 'participant-milliseconds in doubt, summed',
      unit: 'ms',
      explain: 'The time in doubt summed over every participant and transaction: how long locks were held undecided in all.',
      create: blocked('sum'),
    },
  },
  builtins: {
    '2pc-blocking': { label: '2PC: blocking under a coordinator crash, classic against Paxos Commit', make: blockingExperiment },
  },
  scenario: [
    {
      id: 'blocking',
      label: 'Blocking when the coordinator crashes in doubt',
      title: 'This scenario: time participants stay blocked when the coordinator crashes',
      steps: [{ kind: '2pc.crashCoordinatorInDoubt', atMs: 1000, jitterMs: 500, downMs: 3000 }],
      measures: ['2pc.blockedMaxMs', '2pc.blockedTotalMs'],
      untilMs: 6_000,
    },
  ],
};
