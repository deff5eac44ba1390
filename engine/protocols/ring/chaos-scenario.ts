import fc from 'fast-check';
import type { TimedAction } from '../../kernel/actions';
import { chaosTimeline } from '../../scenario/chaos';
import { defaultScenario, type Scenario } from '../../scenario/schema';
import type { RingScheme } from './config';

export interface RingChaosOptions {
  untilUs?: number;
  /** Schemes to draw from (all five by default). */
  schemes?: RingScheme[];
}

/**
 * A chaotic ring scenario from fast-check's draws: the seeded nemesis (crashes, partitions, one-way
 * cuts, loss bursts) plus joins and leaves during its active part, with loss and duplication on
 * every link; every fault heals half-way through, leaving the migration (paced: 10 ms between chunks, a lost
 * one sent again after 100 ms) time to settle even at 20% loss.
 */
export const ringChaosScenario = (o: RingChaosOptions = {}) =>
  fc
    .record({
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      nodes: fc.integer({ min: 2, max: 7 }),
      spares: fc.integer({ min: 0, max: 2 }),
      scheme: fc.constantFrom<RingScheme>(...(o.schemes ?? ['ring', 'modulo', 'jump', 'maglev', 'bounded', 'range'])),
      keys: fc.integer({ min: 8, max: 64 }),
      chunkKeys: fc.integer({ min: 2, max: 8 }),
      latencyMin: fc.integer({ min: 500, max: 15_000 }),
      latencySpread: fc.integer({ min: 0, max: 20_000 }),
      lossRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
      duplicateRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
      changes: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), node: fc.nat(), join: fc.boolean() }), { maxLength: 6 }),
    })
    .map((p): Scenario => {
      // Range partitioning keeps splitting until writes stop filling ranges: it gets longer after
      // the heal to finish (its changes wait for every member to settle, which faults prevent).
      const untilUs = o.untilUs ?? (p.scheme === 'range' ? 14_000_000 : 8_000_000);
      const spares = Math.min(p.spares, p.nodes - 1);
      const base = defaultScenario({
        protocol: 'ring',
        nodes: p.nodes,
        seed: p.seed,
        untilUs,
        config: {
          scheme: p.scheme,
          keys: p.keys,
          chunkKeys: p.chunkKeys,
          initialMembers: p.nodes - spares,
          maglevTableSize: 1009,
          vnodes: 8,
          workloadIntervalMs: 20,
          chunkIntervalMs: 10,
          transferRetryMs: 100,
          // Range partitioning: ranges split as writes fill them; with no deletes sizes only
          // grow, so the master's changes (one per gossip round once every member has settled)
          // stop, and the migration can settle after the heal.
          splitKeys: 12,
          mergeKeys: 5,
          gossipIntervalMs: 100,
        },
        network: { latencyUs: { min: p.latencyMin, max: p.latencyMin + p.latencySpread }, lossRate: p.lossRate, duplicateRate: p.duplicateRate },
      });
      const activeFraction = p.scheme === 'range' && o.untilUs === undefined ? 4 / 14 : 0.5;
      const chaos = chaosTimeline({ seed: p.seed, nodes: p.nodes, untilUs, activeFraction, meanGapUs: 200_000, baseLossRate: p.lossRate });
      const changes: TimedAction[] = p.changes.map((c) => ({
        at: Math.floor(c.at * chaos.healedAtUs),
        action: { kind: 'command', node: c.node % p.nodes, command: { type: c.join ? 'join' : 'leave' } },
      }));
      const timeline = [...chaos.timeline, ...changes].sort((a, b) => a.at - b.at);
      return { ...base, timeline, healedAtUs: chaos.healedAtUs };
    });
