import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';

/**
 * Planted primary-replica bugs for mutation.test.ts (after swim/mutants.ts): each is a textual
 * edit of one file of this folder, planted in a bundled copy, never in the code itself; the
 * chaos runs of chaos-scenario.ts must catch every one through the real monitors. An anchor must
 * occur exactly once (lib/mutant-edits.ts), so a change to the code under it fails the test
 * loudly instead of testing nothing.
 */
export type PrMutant = PlantedBug;

export const PR_MUTANTS: readonly PrMutant[] = plantedBugs<PrMutant>([
  {
    id: 'ack-what-it-lacks',
    bug: 'a replica whose log parts from the shipment acknowledges it anyway, as if it had appended it',
    file: 'server.ts',
    swap: ["ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: false, match: hint });", "ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: true, match: msg.prevIndex + msg.entries.length });"],
    symptoms: ['A replica acknowledges only what it holds'],
  },
  {
    id: 'sync-waits-for-one',
    bug: 'synchronous replication answers a write once one replica holds it (semi-sync in disguise)',
    file: 'server.ts',
    swap: ["case 'sync':\n      return replicas;", "case 'sync':\n      return Math.min(1, replicas);"],
    symptoms: ['No acknowledged write is lost'],
  },
  {
    id: 'lease-keeps-epoch',
    bug: 'the lease store hands the key to a new holder without a new epoch',
    file: 'dcs.ts',
    swap: ['const epoch = state.lease.epoch + 1;', 'const epoch = Math.max(1, state.lease.epoch);'],
    symptoms: ['One primary per epoch', 'No acknowledged write is lost'],
  },
  {
    id: 'ack-before-append',
    bug: 'a replica acknowledges a shipment before it appends it (and appends only what was new before the first one)',
    file: 'server.ts',
    swap: ['if (fresh.length > 0) {\n    appendEntries(state.log, ctx.durable, fresh);', 'if (fresh.length > 0 && msg.prevIndex === 0) {\n    appendEntries(state.log, ctx.durable, fresh);'],
    symptoms: ['A replica acknowledges only what it holds'],
  },
]);
