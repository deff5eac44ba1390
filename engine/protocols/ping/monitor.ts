import type { Monitor, Violation } from '../../kernel/protocol';
import { sometimesResult } from '../../kernel/sometimes';
import { nodeName, type TopologyLayout } from '../../kernel/topology';
import type { TraceEvent } from '../../kernel/trace';

/** Ping's "sometimes" property (reported in the summary; never a violation of one run). */
export const EVERY_MEMBER_HEARS_EVERY_OTHER = 'every member hears every other';

interface PingMonitorState {
  /** "from>to:nonce" of every Ping sent, so every Pong can be checked against one. */
  pings: string[];
  suspecting: boolean[][];
  up: boolean[];
  suspicions: number;
  pongs: number;
  echoes: number;
  /** heard[a][b]: a has received a message from b (once is enough). */
  heard: boolean[][];
  /** Pairs (a, b), a != b, not heard yet; when it reaches 0 the sometimes property held. */
  unheard: number;
  /** When every member had heard every other, or null. */
  allHeardAtUs: number | null;
}

function nothingHeard(nodeCount: number): Pick<PingMonitorState, 'heard' | 'unheard' | 'allHeardAtUs'> {
  return {
    heard: Array.from({ length: nodeCount }, (_, a) => Array.from({ length: nodeCount }, (_, b) => a === b)),
    unheard: nodeCount * (nodeCount - 1),
    allHeardAtUs: nodeCount > 1 ? null : 0,
  };
}

/**
 * Sometimes: every member hears every other (each has received a message from each, at least
 * once; not necessarily at one moment).
 *
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
    ...nothingHeard(nodeCount),
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
        case 'deliver':
          if (!s.heard[e.node]![e.from]) {
            s.heard[e.node]![e.from] = true;
            if (--s.unheard === 0) s.allHeardAtUs = e.at;
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
      return {
        stats: { suspicions: s.suspicions, pongs: s.pongs, echoes: s.echoes },
        violations,
        sometimes: [sometimesResult(EVERY_MEMBER_HEARS_EVERY_OTHER, s.allHeardAtUs)],
      };
    },

    snapshot: () => structuredClone(s),
    restore(state) {
      const saved = structuredClone(state as PingMonitorState);
      // A snapshot from before the sometimes property: counted from here on, as from the start.
      s = saved.heard ? saved : { ...saved, ...nothingHeard(nodeCount) };
      pingSet = new Set(s.pings);
    },
  };
}
