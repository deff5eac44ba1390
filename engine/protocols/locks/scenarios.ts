import { defaultScenario, type Scenario } from '../../scenario/schema';
import type { LockMode } from './config';

/**
 * The built-in scenarios (public/scenarios/locks-*.json are these, written out; builtins.test.ts
 * keeps them equal), the lesson's and the experiment's runs. Three lock servers L1-L3 (ids 0-2),
 * clients C1 and C2 (3, 4), the storage D1 (5); a one-second lease; each holder works 200 ms
 * before each of its two writes. C1 takes the lock first (at about 220 ms) and, at 300 ms, freezes for two
 * seconds in the middle of its work (a long garbage-collection pause): its lease runs out, C2
 * takes the lock and writes, and then C1 wakes up and sends the write it was about to send.
 */
export const TOPOLOGY = {
  groups: [
    { kind: 'server', count: 3 },
    { kind: 'client', count: 2 },
    { kind: 'storage', count: 1 },
  ],
};
export const L1 = 0;
export const L2 = 1;
export const L3 = 2;
export const C1 = 3;
export const C2 = 4;
export const D1 = 5;
export const SEED = 15;
export const PAUSE_AT_US = 300_000;
export const RESUME_AT_US = 2_300_000;

export function pausedHolderScenario(mode: LockMode, fencing: boolean, options: { pauseMs?: number; ttlMs?: number; seed?: number; crashAtUs?: number } = {}): Scenario {
  const resumeAt = PAUSE_AT_US + (options.pauseMs === undefined ? RESUME_AT_US - PAUSE_AT_US : options.pauseMs * 1000);
  const timeline: Scenario['timeline'] = [
    { at: PAUSE_AT_US, action: { kind: 'pause', node: C1 } },
    { at: resumeAt, action: { kind: 'resume', node: C1 } },
  ];
  if (options.crashAtUs !== undefined) timeline.splice(1, 0, { at: options.crashAtUs, action: { kind: 'crash', node: L2 } });
  return defaultScenario({
    protocol: 'locks',
    seed: options.seed ?? SEED,
    topology: TOPOLOGY,
    config: { mode, fencing, leaseTtlMs: options.ttlMs ?? 1000, workMs: 200, writesPerHold: 2, thinkMs: 400 },
    network: { latencyUs: { min: 5_000, max: 15_000 } },
    timeline,
    untilUs: 4_000_000,
  });
}

/** "The paused lock holder" with Redlock and no fencing: the storage takes C1's late write over C2's. */
export const redlockPausedHolder = () => pausedHolderScenario('redlock', false);
/** The same with fencing: the storage refuses C1's token 1 after C2's token 2. */
export const redlockPausedHolderFenced = () => pausedHolderScenario('redlock', true);
/**
 * The consensus-backed lock with fencing: the same pause, and the group's leader L2 crashes at
 * 600 ms while C1 is frozen; L1 and L3 elect a new leader, which keeps C1's lease (it is in the
 * replicated table) until it runs out and then grants C2 a higher token; C1's write is refused.
 */
export const consensusLeaderCrash = () => pausedHolderScenario('consensus', true, { crashAtUs: 600_000 });
