import { useSim } from '../store/store';
import { fallbackUi } from './fallback';
import { pingUi } from './ping';
import { raftUi } from './raft';
import { dynamoUi } from './dynamo';
import { swimUi } from './swim';
import { ringUi } from './ring';
import { twoPcUi } from './2pc';
import { pbftUi } from './pbft';
import { meshUi } from './mesh';
import { primaryReplicaUi } from './primary-replica';
import { balancerUi } from './balancer';
import { paxosUi } from './paxos';
import { multiPaxosUi } from './multi-paxos';
import { multiLeaderUi } from './multi-leader';
import { locksUi } from './locks';
import type { ProtocolUi } from './ui';

/**
 * Every system the page can show, in the picker's order: one line per protocol folder
 * (app/protocols/NAME/), named as the engine's registry names it (engine/protocols/registry.ts).
 * The generic views ask here for the running protocol's UI and import no protocol folder
 * (app/imports.test.ts holds them to it).
 */
const UIS: readonly ProtocolUi[] = [
  raftUi,
  pingUi,
  ringUi,
  dynamoUi,
  swimUi,
  twoPcUi,
  pbftUi,
  meshUi,
  primaryReplicaUi,
  balancerUi,
  paxosUi,
  multiPaxosUi,
  multiLeaderUi,
  locksUi,
];

const byName = new Map<string, ProtocolUi>(UIS.map((ui) => [ui.name, ui]));
const fallbacks = new Map<string, ProtocolUi>();

/** The UI of the protocol called `name`; a plain one when it has no folder of its own. */
export function protocolUi(name: string): ProtocolUi {
  const ui = byName.get(name);
  if (ui) return ui;
  let plain = fallbacks.get(name);
  if (!plain) {
    plain = fallbackUi(name) as ProtocolUi;
    fallbacks.set(name, plain);
  }
  return plain;
}

/** The systems with a view of their own (the picker's choices). */
export function protocolUis(): readonly ProtocolUi[] {
  return UIS;
}

/** The running protocol's UI, for components (re-renders when the system changes). */
export function useProtocolUi(): ProtocolUi {
  return protocolUi(useSim((s) => s.protocol));
}
