import type { Monitor, Violation } from '../../kernel/protocol';
import { nodeName, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';

interface PingMonitorState {
  /** "from>to:nonce" of every Ping sent, so every Pong can be checked against one. */
  pings: string[];
  suspecting: boolean[][];
  up: boolean[];
  suspicions: number;
  pongs: number;
  echoes: number;
}

/**
 * Safety: a node answers only pings it received (a Pong carries the nonce of a Ping sent to it).
 * Liveness, after the nemesis healed: no running node suspects another running node at the end.
 */
export function pingMonitor(nodeCount: number, topology?: TopologyLayout): Monitor {
  const name = (id: number) => nodeName(topology, id);
  let s: PingMonitorState = {
    pings: [],
    suspecting: Array.from({ length: nodeCount }, () => Array.from({ length: nodeCount }, () => false)),
    up: Array.from({ length: nodeCount }, () => false),
    suspicions: 0,
    pongs: 0,
    echoes: 0,
  };
  let pingSet = new Set<string>();

  return {
    observe(e: TraceEvent): Violation | undefined {
      switch (e.kind) {
        case 'start':
          s.up[e.node] = true;
          s.suspecting[e.node] = s.suspecting[e.node]!.map(() => false);
          return;
        case 'crash':
          s.up[e.node] = false;
          return;
        case 'send': {
          const msg = e.msg as { type: string; nonce: number };
          if (msg.type === 'Ping') {
            const key = `${e.node}>${e.to}:${msg.nonce}`;
            pingSet.add(key);
            s.pings.push(key);
          } else if (msg.type === 'Pong') {
            s.pongs++;
            if (!pingSet.has(`${e.to}>${e.node}:${msg.nonce}`)) {
              return {
                invariant: 'Pong answers a Ping',
                message: `${name(e.node)} sent a Pong with nonce ${msg.nonce} that ${name(e.to)} never pinged it with`,
              };
            }
          }
          return;
        }
        case 'observe':
          if (e.what === 'suspect') {
            s.suspicions++;
            s.suspecting[e.node]![(e.data as { peer: number }).peer] = true;
          } else if (e.what === 'trust') {
            s.suspecting[e.node]![(e.data as { peer: number }).peer] = false;
          }
          return;
        case 'return':
          s.echoes++;
          return;
        default:
          return;
      }
    },

    finish({ healedAtUs }) {
      const violations: Violation[] = [];
      if (healedAtUs !== null) {
        for (let a = 0; a < nodeCount; a++) {
          for (let b = 0; b < nodeCount; b++) {
            if (a !== b && s.up[a] && s.up[b] && s.suspecting[a]![b]) {
              violations.push({
                invariant: 'Liveness: suspicion cleared after heal',
                message: `${name(a)} still suspects ${name(b)} at the end, although both run and every fault was healed`,
              });
            }
          }
        }
      }
      return { stats: { suspicions: s.suspicions, pongs: s.pongs, echoes: s.echoes }, violations };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      s = structuredClone(state as PingMonitorState);
      pingSet = new Set(s.pings);
    },
  };
}
