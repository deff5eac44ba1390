import { create } from 'zustand';
import { kindsOf, nodeName as topologyNodeName, scenarioLayout, type TopologyLayout } from '../../engine/kernel/topology';
import { getProtocolIfKnown } from '../../engine/protocols/registry';
import type { Scenario } from '../../engine/scenario/schema';
import type { SimState } from './types';
import { DEFAULT_NETWORK } from './defaults';

/**
 * The single source of what the page draws (zustand). Only the session (app/session/) writes
 * the simulation fields; views read them through selectors, and per-frame animation (messages
 * in flight, timer arcs) reads the store in requestAnimationFrame via `useSim.getState()` or
 * `useSim.subscribe`, not through React renders.
 */
export const useSim = create<SimState>()(() => ({
  protocol: 'raft',
  seed: 1,
  nodeCount: 0,
  topology: null,
  now: 0,
  recordedUntil: 0,
  traceHash: '0000000000000000',
  eventCount: 0,
  checking: false,
  playing: false,
  speed: 0.1,
  nodes: [],
  inFlight: [],
  links: { cuts: [], groups: null, network: DEFAULT_NETWORK },
  trace: [],
  markers: [],
  actions: [],
  history: [],
  violation: null,
  selection: null,
  notice: null,
  forkPrompt: null,
  shortcutsOpen: false,
  ready: false,
}));

/** Node `id`'s name in the running scenario's topology ("S1", "O2"); S1, S2, ... before a load. */
export const nodeName = (id: number): string => topologyNodeName(useSim.getState().topology, id);

/** The running scenario's topology, placed against its protocol's kinds (what `topology` holds). */
export function layoutOf(scenario: Scenario): TopologyLayout {
  const protocol = getProtocolIfKnown(scenario.protocol.name);
  return scenarioLayout(scenario, kindsOf(protocol ?? {}));
}
