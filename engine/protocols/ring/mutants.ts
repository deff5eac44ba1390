/**
 * Planted bugs: textual edits of ring.ts, each a mistake a partitioned store can make while it
 * moves keys. mutation.test.ts bundles ring.ts with one planted and runs the chaos scenarios
 * (chaos-scenario.ts) against the real monitors, which must catch every one. An anchor must
 * occur exactly once in ring.ts, so a change under it fails the test instead of testing nothing.
 */
export interface RingMutant {
  id: string;
  bug: string;
  find: string;
  replace: string;
  /** Whether an end-of-run liveness finding counts as a catch (else only safety violations do). */
  liveness?: boolean;
}

export const RING_MUTANTS: readonly RingMutant[] = [
  {
    id: 'apply-duplicate-put',
    bug: 'a Put delivered twice (network duplication) is applied twice',
    find: 'if (entry.recent.includes(op.opId)) return;',
    replace: '',
  },
  {
    id: 'serve-frozen-keys',
    bug: 'the old owner keeps serving keys already in a chunk on its way to the new owner',
    find: 'if (entry && !isFrozen(state, key)) {',
    replace: 'if (entry) {',
  },
  {
    id: 'accept-repeated-chunk',
    bug: 'a repeated chunk (its acknowledgement was lost) is stored again, bringing back an old copy',
    find: 'if (seq > (state.accepted[from] ?? 0)) {',
    replace: 'if (seq > -1) {',
  },
  {
    id: 'volatile-store',
    bug: 'puts and received keys are kept in memory only, so a crash loses acknowledged writes',
    find: 'ctx.durable.put(dataKey(key), entry);',
    replace: '',
  },
  {
    id: 'late-ack-drops-returned-key',
    bug: 'a key that came back before its chunk was acknowledged is deleted by that late acknowledgement',
    find: 'if (state.outgoing.some((c) => c.keys.some((k) => arriving.has(k.key)))) {',
    replace: 'if (false) {',
  },
  {
    id: 'no-transfer-retry',
    bug: 'a lost chunk is never sent again, so the migration never finishes',
    find: "ctx.setTimer(state.config.transferRetryUs, 'retry', { to: chunk.to, seq: chunk.seq });",
    replace: '',
    liveness: true,
  },
];

export function applyRingMutant(source: string, mutant: RingMutant): string {
  const count = source.split(mutant.find).length - 1;
  if (count !== 1) {
    throw new Error(`mutant ${mutant.id}: its anchor occurs ${count} times in ring.ts (expected once); re-anchor it in mutants.ts`);
  }
  return source.replace(mutant.find, () => mutant.replace);
}
