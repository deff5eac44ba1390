import { describe, expect, it } from 'vitest';
import { toolbarNetworkFor } from './walk';

/** The headless learner changes the network as the page's toolbar can (Latency, Loss). */
describe('toolbarNetworkFor', () => {
  const calm = { min: 10_000, max: 15_000 };
  const slow = { min: 100_000, max: 150_000 };

  it('raises latency or loss to the smallest toolbar choice that is enough', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 100 }, calm, 0)).toEqual({ latencyUs: slow });
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 40 }, calm, 0)).toEqual({ latencyUs: { min: 30_000, max: 60_000 } });
    expect(toolbarNetworkFor({ kind: 'network', lossAtLeast: 0.2 }, calm, 0)).toEqual({ lossRate: 0.25 });
  });

  it('lowers them to the largest choice that is low enough, and changes nothing that already fits', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtMostMs: 20, lossAtMost: 0 }, slow, 0.2)).toEqual({ latencyUs: calm, lossRate: 0 });
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtMostMs: 20 }, calm, 0.2)).toBeNull();
  });

  it('gives up when no toolbar choice fits', () => {
    expect(toolbarNetworkFor({ kind: 'network', latencyMaxAtLeastMs: 500 }, calm, 0)).toBeNull();
    expect(toolbarNetworkFor({ kind: 'network', lossAtLeast: 0.9 }, calm, 0)).toBeNull();
  });
});
