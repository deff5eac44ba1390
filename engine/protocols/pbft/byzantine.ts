import type { ByzantinePolicies } from '../../kernel/protocol';
import { lieAbout, truthOf } from './digest';
import type { PbftMessage } from './types';

/**
 * The ways a PBFT node can lie (the kernel's byzantine fault: what it sends passes through
 * `forge`, which sees one message and its destination, never the node's state). None can make a
 * message look like another node's: the engine authenticates every sender, as the paper's MACs
 * and signatures do (§3).
 *
 * Equivocation splits the replicas by the parity of their node id: odd-numbered replicas are
 * told that the null request stands at a sequence number, even-numbered ones the real request.
 * Because the rule depends on the destination only, two byzantine nodes under it collude without
 * talking: each tells every replica the story that replica was told. One of them (up to f) is
 * harmless; f + 1 of them get two correct replicas to commit different requests at one number.
 */
export const pbftByzantine: ByzantinePolicies<PbftMessage> = {
  policies: {
    equivocate: {
      title: 'Equivocate',
      summary:
        'as primary, pre-prepares the null request to odd-numbered replicas and the real one to the others; as any replica, prepares and commits whichever story the receiver was told, and hides its prepared certificates in view changes',
    },
    'forge-votes': {
      title: 'Forge votes',
      summary: 'sends a commit with every prepare (before it is prepared) and view changes that claim it prepared nothing',
    },
    silent: {
      title: 'Go silent',
      summary: 'keeps running but withholds every message it would send (a crashed primary that still looks alive)',
    },
  },
  forge(policy, msg, to) {
    if (policy === 'silent') return [];
    if (policy === 'equivocate') {
      const odd = to % 2 === 1;
      switch (msg.type) {
        case 'PrePrepare':
          if (!odd || msg.m.kind !== 'request') return [msg];
          return [{ ...msg, digest: lieAbout(msg.digest), m: { kind: 'null', replaces: msg.digest } }];
        case 'Prepare':
        case 'Commit':
          return [{ ...msg, digest: odd ? lieAbout(truthOf(msg.digest)) : truthOf(msg.digest) }];
        case 'ViewChange':
          return [{ ...msg, prepared: [] }];
        default:
          return [msg];
      }
    }
    if (policy === 'forge-votes') {
      if (msg.type === 'Prepare') return [msg, { type: 'Commit', view: msg.view, seq: msg.seq, digest: msg.digest }];
      if (msg.type === 'ViewChange') return [{ ...msg, prepared: [] }];
    }
    return [msg];
  },
};
