import { plantedBugs, type PlantedBug } from '../lib/planted-bugs';
import type { LockMode } from './config';

/**
 * Planted lock-service bugs for mutation.test.ts: each is a textual edit of one file of this
 * folder, planted in a bundled copy, never in the code itself; the chaos runs of
 * chaos-scenario.ts (fencing on, in `mode`) must catch every one through the real monitors.
 */
export type LocksMutant = PlantedBug<{
  /** The lock service it runs in: the bug lives in that mode's code. */
  readonly mode: LockMode;
}>;

export const LOCKS_MUTANTS: readonly LocksMutant[] = plantedBugs<LocksMutant>([
  {
    id: 'ignores-elapsed-time',
    bug: 'a client counts its lease from when the grants arrived, not from when it asked (Redlock step 3 without the elapsed time)',
    mode: 'consensus',
    file: 'client.ts',
    edits: [
      { find: 'const validUntil = validUntilUs(state.config, state.startUs);', replace: 'const validUntil = validUntilUs(state.config, ctx.now());' },
      { find: 'state.validUntilUs = validUntilUs(state.config, state.startUs);', replace: 'state.validUntilUs = validUntilUs(state.config, ctx.now());' },
    ],
    symptoms: ['One holder at a time'],
  },
  {
    id: 'storage-skips-tokens',
    bug: 'the storage forgets to compare tokens: fencing is on, and every write is taken',
    mode: 'consensus',
    file: 'storage.ts',
    swap: ['const ok = !state.config.fencing || msg.token >= highest;', 'const ok = true;'],
    symptoms: ['No stale token accepted', 'Mutual exclusion at the storage'],
  },
  {
    id: 'redlock-minority',
    bug: 'a Redlock client holds the lock with one grant fewer than a majority',
    mode: 'redlock',
    file: 'client.ts',
    swap: ["const needed = state.config.mode === 'redlock' ? majority(ctx) : 1;", "const needed = state.config.mode === 'redlock' ? majority(ctx) - 1 : 1;"],
    symptoms: ['One holder at a time', 'Mutual exclusion at the storage'],
  },
  {
    id: 'leader-answers-alone',
    bug: 'the consensus leader answers a request once it holds the entry itself, before a majority does',
    mode: 'consensus',
    file: 'consensus-server.ts',
    swap: ['const committed = held[majority(ctx) - 1] ?? 0;', 'const committed = held[0] ?? 0;'],
    symptoms: ['One holder at a time', 'Mutual exclusion at the storage'],
  },
  {
    id: 'lease-outlives-ttl',
    bug: 'a Redlock server renews a lease for twice the TTL asked',
    mode: 'redlock',
    file: 'redlock-server.ts',
    swap: ['const ok = tryRenew(state.table, msg.lock, from, msg.attempt, now, msg.ttlUs);', 'const ok = tryRenew(state.table, msg.lock, from, msg.attempt, now, 2 * msg.ttlUs);'],
    symptoms: ['A lease lasts at most its TTL'],
  },
]);
