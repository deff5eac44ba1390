import { describe, expect, it } from 'vitest';
import { chaosProperty } from '../../../workers/test-support/chaos-property';
import { balancerChaosScenario } from './chaos-scenario';

/**
 * Seeded chaotic runs (chaos-scenario.ts): every invariant of monitor.ts on every event. Seeds
 * come from fast-check and every failure prints its replay.
 *
 *   BALANCER_SEEDS=1000 npx vitest run engine/protocols/balancer/chaos.test.ts   more seeds
 *   BALANCER_SEED=1234 npx vitest run engine/protocols/balancer/chaos.test.ts    replay one seed
 */
const chaos = chaosProperty({
  env: 'BALANCER',
  file: 'engine/protocols/balancer/chaos.test.ts',
  scenarioFor: (seed) => balancerChaosScenario(seed),
  numRuns: 45,
  showEvent: true,
});

describe('the balancer under a seeded nemesis', () => {
  it(chaos.title('keeps every invariant'), () => {
    const held = new Set<string>();
    chaos.check({
      perSeed: (_seed, summary) => {
        for (const s of summary.sometimes ?? []) if (s.held) held.add(s.property);
      },
      // Coverage: the nemesis did not starve the runs of what the invariants are about.
      coverage: () => expect([...held].sort()).toEqual(['a balancer ejects a server', 'a request is answered', 'a server sheds a request']),
    });
  });
});
