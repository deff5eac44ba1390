import fc from 'fast-check';
import { ACTORS, type Action } from '../kernel/actions';
import { MAX_UNTIL_US, parseScenario, type Scenario } from './schema';

/** fast-check generators of valid scenarios, for the tests of links and files (tests only). */

const safeKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/).filter((k) => k !== 'type' && k !== 'constructor' && k !== 'prototype');
const plainValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -5, max: 1e9 }), { maxLength: 4 }),
);
const rate = fc.double({ min: 0, max: 1, noNaN: true });
const latency = fc
  .tuple(fc.integer({ min: 1, max: 60_000_000 }), fc.integer({ min: 0, max: 1_000_000 }))
  .map(([min, extra]) => ({ min, max: Math.min(60_000_000, min + extra) }));
const micros = fc.integer({ min: 0, max: MAX_UNTIL_US });

function actionOf(n: number): fc.Arbitrary<Action> {
  const node = fc.integer({ min: 0, max: n - 1 });
  const command = fc
    .tuple(fc.oneof(fc.constantFrom('write', 'read', 'forceElection', 'addServer'), fc.string({ maxLength: 64 })), fc.dictionary(safeKey, plainValue, { maxKeys: 3, noNullPrototype: true }))
    .map(([type, rest]) => ({ ...rest, type }));
  return fc.oneof(
    node.map((node) => ({ kind: 'crash' as const, node })),
    node.map((node) => ({ kind: 'restart' as const, node })),
    fc.record({ kind: fc.constantFrom('cut' as const, 'restore' as const), from: node, to: node, oneWay: fc.boolean() }),
    fc.record({ kind: fc.constant('partition' as const), groups: fc.array(fc.array(node, { maxLength: n }), { maxLength: 4 }) }),
    fc.constant({ kind: 'heal' as const }),
    fc.record({ kind: fc.constant('network' as const), latencyUs: latency, lossRate: rate, duplicateRate: rate }, { requiredKeys: ['kind'], noNullPrototype: true }),
    fc.record({
      kind: fc.constant('drop' as const),
      id: fc.record({ from: node, fromIncarnation: fc.nat(1000), fromSeq: fc.integer({ min: 1, max: 10_000_000 }) }),
    }),
    fc.record({ kind: fc.constant('command' as const), node, command }),
    node.map((node) => ({ kind: 'pause' as const, node })),
    node.map((node) => ({ kind: 'resume' as const, node })),
    // Only "honest again": a named policy must be one its protocol declares (new-faults-link.test.ts).
    node.map((node) => ({ kind: 'byzantine' as const, node, policy: null })),
    fc.record({ kind: fc.constant('slow' as const), node, delayUs: fc.integer({ min: 0, max: 60_000_000 }) }),
  );
}

const raftConfig = fc.record(
  {
    electionTimeoutMsMin: fc.integer({ min: 100, max: 300 }),
    heartbeatIntervalMs: fc.integer({ min: 10, max: 99 }),
    preVote: fc.boolean(),
    initialMembers: fc.constant([0]),
  },
  { requiredKeys: [], noNullPrototype: true },
);

export const arbitraryScenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc
    .record({
      version: fc.constant(1 as const),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      protocol: fc.oneof(
        fc.record({ name: fc.constant('ping'), config: fc.constant({}) }),
        fc.record({ name: fc.constant('raft'), config: raftConfig }),
      ),
      nodes: fc.constant(n),
      initiallyDown: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
      network: fc.record(
        {
          latencyUs: latency,
          lossRate: rate,
          duplicateRate: rate,
          links: fc.array(
            fc.record(
              { from: fc.integer({ min: 0, max: n - 1 }), to: fc.integer({ min: 0, max: n - 1 }), latencyUs: latency, oneWay: fc.boolean() },
              { requiredKeys: ['from', 'to', 'latencyUs'], noNullPrototype: true },
            ).filter((l) => l.from !== l.to),
            { maxLength: n > 1 ? 4 : 0 },
          ),
        },
        { requiredKeys: ['latencyUs', 'lossRate', 'duplicateRate'], noNullPrototype: true },
      ),
      // For ping: how many of the nodes are observers (its second kind), with or without settings.
      observers: fc.integer({ min: 0, max: n - 1 }),
      observerConfig: fc.option(fc.record({ pingIntervalMs: fc.integer({ min: 1, max: 1000 }) }), { nil: undefined }),
      memberPrefix: fc.option(fc.constantFrom('M', 'Mem'), { nil: undefined }),
      workload: fc.oneof(
        fc.constant({ kind: 'default' as const }),
        fc.constant({ kind: 'none' as const }),
        fc.record({ kind: fc.constant('interval' as const), intervalUs: fc.integer({ min: 100, max: 10_000_000 }) }),
      ),
      // Who acted: often nobody (the scenario itself), else the user, a lesson or the nemesis.
      timeline: fc.array(fc.record({ at: micros, action: actionOf(n), by: fc.constantFrom(...ACTORS) }, { requiredKeys: ['at', 'action'] }), { maxLength: 30 }),
      untilUs: fc.oneof(fc.constant(30_000_000), micros),
      healedAtUs: fc.option(micros, { nil: null }),
    })
    .map(({ observers, observerConfig, memberPrefix, ...raw }) => {
      if (raw.protocol.name !== 'ping' || (observers === 0 && memberPrefix === undefined)) return parseScenario(raw);
      const groups: Record<string, unknown>[] = [{ kind: 'member', count: n - observers, ...(memberPrefix ? { prefix: memberPrefix } : {}) }];
      if (observers > 0) groups.push({ kind: 'observer', count: observers, ...(observerConfig ? { config: observerConfig } : {}) });
      return parseScenario({ ...raw, topology: { groups } });
    }),
);

