import type { Scenario } from '../../engine/scenario/schema';
import { protocolUi, protocolUis } from '../protocols/registry';

/**
 * What a first visit runs: a system's own default scenario (`ProtocolUi.defaultScenario`; the
 * first system in the registry unless named). `?seed=` and `?nodes=` override.
 */
export function defaultScenario(params: URLSearchParams, randomSeed: number, protocol = protocolUis()[0]!.name): Scenario {
  const seed = clampInt(params.get('seed'), 0, 0xffffffff) ?? randomSeed;
  // Up to 25 nodes from the URL (the benchmark draws that many).
  const nodes = clampInt(params.get('nodes'), 1, 25);
  return protocolUi(protocol).defaultScenario({ seed, nodes });
}

function clampInt(raw: string | null, min: number, max: number): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Math.min(max, Math.max(min, Number(raw)));
}
