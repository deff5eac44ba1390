/**
 * Planted primary-replica bugs for mutation.test.ts (after swim/mutants.ts): each is a textual
 * edit of one file of this folder, planted in a bundled copy, never in the code itself; the
 * chaos runs of chaos-scenario.ts must catch every one through the real monitors. An anchor is
 * matched with any run of whitespace standing for any other and must occur exactly once, so a
 * change to the code under it fails the test loudly instead of testing nothing.
 */
export interface PrMutant {
  id: string;
  bug: string;
  /** The file of engine/protocols/primary-replica/ that gets the edits. */
  file: string;
  edits: { find: string; replace: string }[];
  symptoms: string[];
}

export const PR_MUTANTS: readonly PrMutant[] = [
  {
    id: 'ack-what-it-lacks',
    bug: 'a replica whose log parts from the shipment acknowledges it anyway, as if it had appended it',
    file: 'server.ts',
    edits: [{ find: "ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: false, match: hint });", replace: "ctx.send(from, { type: 'Ack', epoch: msg.epoch, ok: true, match: msg.prevIndex + msg.entries.length });" }],
    symptoms: ['A replica acknowledges only what it holds'],
  },
  {
    id: 'sync-waits-for-one',
    bug: 'synchronous replication answers a write once one replica holds it (semi-sync in disguise)',
    file: 'server.ts',
    edits: [{ find: "case 'sync':\n      return replicas;", replace: "case 'sync':\n      return Math.min(1, replicas);" }],
    symptoms: ['No acknowledged write is lost'],
  },
  {
    id: 'lease-keeps-epoch',
    bug: 'the lease store hands the key to a new holder without a new epoch',
    file: 'dcs.ts',
    edits: [{ find: 'const epoch = state.lease.epoch + 1;', replace: 'const epoch = Math.max(1, state.lease.epoch);' }],
    symptoms: ['One primary per epoch', 'No acknowledged write is lost'],
  },
  {
    id: 'ack-before-append',
    bug: 'a replica acknowledges a shipment before it appends it (and appends only what was new before the first one)',
    file: 'server.ts',
    edits: [{ find: 'if (fresh.length > 0) {\n    appendEntries(state.log, ctx.durable, fresh);', replace: 'if (fresh.length > 0 && msg.prevIndex === 0) {\n    appendEntries(state.log, ctx.durable, fresh);' }],
    symptoms: ['A replica acknowledges only what it holds'],
  },
];

export class MutantAnchorError extends Error {}

function anchorPattern(find: string): RegExp {
  const parts = find.trim().split(/\s+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\s+'), 'g');
}

/** `source` with the mutant's edits; throws naming the mutant and the anchor when one moved. */
export function applyMutant(source: string, mutant: PrMutant): string {
  let out = source;
  for (const edit of mutant.edits) {
    const pattern = anchorPattern(edit.find);
    const count = out.match(pattern)?.length ?? 0;
    if (count !== 1) {
      throw new MutantAnchorError(
        `mutant ${mutant.id}: anchor ${JSON.stringify(edit.find)} occurs ${count} times in ${mutant.file} (expected exactly once); re-anchor it in engine/protocols/primary-replica/mutants.ts`,
      );
    }
    out = out.replace(pattern, () => edit.replace);
  }
  if (out === source) throw new MutantAnchorError(`mutant ${mutant.id}: its edits leave ${mutant.file} unchanged`);
  return out;
}
