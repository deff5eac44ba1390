import type { AnyProtocol } from '../kernel/protocol';
import { ScenarioError } from '../scenario/version';
import { ping } from './ping/ping';
import { raft } from './raft/raft';
import { ring } from './ring/ring';

/** Every protocol the playground can run, by the name scenarios use. */
const protocols = new Map<string, AnyProtocol>([[ping.name, ping], [raft.name, raft], [ring.name, ring]]);

export function getProtocol(name: string): AnyProtocol {
  const protocol = protocols.get(name);
  if (!protocol) throw new ScenarioError(`unknown protocol "${name}" (known: ${[...protocols.keys()].join(', ')})`);
  return protocol;
}

/** The protocol called `name`, or undefined (for code that must not throw on untrusted names). */
export function getProtocolIfKnown(name: string): AnyProtocol | undefined {
  return protocols.get(name);
}

export function protocolNames(): string[] {
  return [...protocols.keys()];
}
