import type { NodeId } from '../../../engine/kernel/protocol';
import { formatDuration } from '../../lib/format';
import type { ObservationDescriptors } from '../ui';

/**
 * What two-phase-commit nodes observe (engine/protocols/2pc/): the coordinator begins a
 * transaction, decides it, forgets it, recovers its log; a participant votes, decides, asks in
 * doubt, recovers its prepared transactions. Decisions, no votes and recoveries are news.
 */
export type TwoPcObservation =
  | { what: 'begin'; data: { txid: string; participants: NodeId[]; keys: string[] } }
  | { what: 'decision'; data: { txid: string; outcome: 'commit' | 'abort'; reason: string; participants: NodeId[] } }
  | { what: 'end'; data: { txid: string; outcome: 'commit' | 'abort' } }
  | { what: 'vote'; data: { txid: string; yes: boolean; keys: string[]; reason?: string } }
  | { what: 'decide'; data: { txid: string; outcome: 'commit' | 'abort'; keys: string[]; blockedUs: number } }
  | { what: 'query'; data: { txid: string; waitedUs: number; keys: string[] } }
  | { what: 'recover'; data: { txids: string[]; keys?: string[] } }
  | { what: 'takeover'; data: { txid: string; ballot: number; why: string; participants: NodeId[] } }
  | { what: 'promise'; data: { txid: string; ballot: number } }
  | { what: 'accept'; data: { txid: string; ballot: number; votes: { rm: NodeId; prepared: boolean }[] } }
  | { what: 'propose'; data: { txid: string; ballot: number; votes: { rm: NodeId; prepared: boolean }[] } }
  | { what: 'preempted'; data: { txid: string; ballot: number; by: number } }
  | { what: 'uncertain'; data: { txid: string; asker: NodeId } };

const str = (v: unknown) => (typeof v === 'string' ? v : '?');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const ids = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const votesText = (v: unknown, n: (id: NodeId) => string) =>
  (Array.isArray(v) ? v : []).map((x) => `${n(num((x as { rm?: unknown }).rm))} ${(x as { prepared?: unknown }).prepared === true ? 'Prepared' : 'Aborted'}`).join(', ');
const us = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export const twoPcObservations: ObservationDescriptors<TwoPcObservation> = {
  begin: {
    narrate: (d, n) => ({ text: `starts ${str(d.txid)}, asking ${ids(d.participants).map(n).join(', ')} to prepare`, note: `keys ${list(d.keys).join(', ')}`, major: false, topic: 'txn' }),
  },
  decision: {
    interesting: true,
    marker: {
      kind: 'tpc-decision',
      symbol: '◆',
      legend: 'the coordinator decides',
      label: (d, node) => `${node} decides to ${str(d.outcome)} ${str(d.txid)}`,
    },
    lane: (d) => ({
      kind: d.outcome === 'commit' ? 'tpc-commit' : 'tpc-abort',
      shape: 'diamond',
      label: `${d.outcome === 'commit' ? '✓' : '✕'} ${str(d.txid)}`,
      title: `decides to ${str(d.outcome)} ${str(d.txid)}: ${str(d.reason)}`,
      fill: d.outcome === 'commit' ? 'var(--ok)' : 'var(--danger)',
      priority: 2,
    }),
    narrate: (d) => ({ text: `decides to ${d.outcome === 'commit' ? 'commit' : 'abort'} ${str(d.txid)}`, note: str(d.reason), major: true, topic: d.outcome === 'commit' ? 'commit' : 'abort' }),
  },
  end: {
    narrate: (d) => ({ text: `forgets ${str(d.txid)}`, note: 'every participant acknowledged', major: false, topic: 'txn' }),
  },
  vote: {
    narrate: (d) =>
      d.yes === true
        ? { text: `votes yes on ${str(d.txid)}`, note: `prepared: locks ${list(d.keys).join(', ')} until the decision`, major: false, topic: 'txn' }
        : { text: `votes no on ${str(d.txid)}`, note: typeof d.reason === 'string' ? d.reason : undefined, major: true, topic: 'abort' },
  },
  decide: {
    narrate: (d) => ({
      text: `${d.outcome === 'commit' ? 'commits' : 'aborts'} ${str(d.txid)}`,
      note: `releases ${list(d.keys).join(', ')} after ${formatDuration(us(d.blockedUs))} in doubt`,
      major: us(d.blockedUs) > 500_000,
      topic: d.outcome === 'commit' ? 'commit' : 'abort',
    }),
  },
  query: {
    lane: (d) => ({ kind: 'tpc-query', shape: 'diamond', label: `? ${str(d.txid)}`, title: `in doubt about ${str(d.txid)} for ${formatDuration(us(d.waitedUs))}`, fill: 'var(--warn)', priority: 1 }),
    narrate: (d) => ({
      text: `asks the coordinator about ${str(d.txid)}`,
      note: `in doubt for ${formatDuration(us(d.waitedUs))}, holding ${list(d.keys).join(', ')}`,
      major: us(d.waitedUs) > 1_000_000,
      topic: 'doubt',
    }),
  },
  recover: {
    interesting: true,
    marker: { kind: 'tpc-recover', symbol: '↺', legend: 'recovery from the log', label: (d, node) => `${node} recovers ${list(d.txids).length} transaction(s) from its log` },
    narrate: (d) => ({
      text: list(d.txids).length ? `recovers ${list(d.txids).join(', ')} from its log` : 'restarts with nothing to recover',
      note: list(d.keys).length ? `and takes the locks of ${list(d.keys).join(', ')} again` : undefined,
      major: list(d.txids).length > 0,
      topic: 'doubt',
    }),
  },
  takeover: {
    interesting: true,
    marker: { kind: 'tpc-takeover', symbol: '▲', legend: 'a leader takes over (Paxos Commit)', label: (d, node) => `${node} takes over ${str(d.txid)} in ballot ${num(d.ballot)}` },
    narrate: (d) => ({ text: `takes over ${str(d.txid)} with ballot ${num(d.ballot)}`, note: str(d.why), major: true, topic: 'doubt' }),
  },
  promise: {
    narrate: (d) => ({ text: `promises ballot ${num(d.ballot)} for ${str(d.txid)}`, note: 'and reports the votes it accepted', major: false, topic: 'txn' }),
  },
  accept: {
    narrate: (d, n) => ({ text: `accepts ${votesText(d.votes, n)} for ${str(d.txid)} in ballot ${num(d.ballot)}`, note: 'on its disk before it answers', major: false, topic: 'txn' }),
  },
  propose: {
    narrate: (d, n) => ({ text: `proposes ${votesText(d.votes, n)} for ${str(d.txid)} in ballot ${num(d.ballot)}`, note: 'the highest-ballot vote each promise reported, Aborted where none', major: true, topic: 'txn' }),
  },
  preempted: {
    narrate: (d) => ({ text: `steps aside on ${str(d.txid)}`, note: `ballot ${num(d.by)} is above its ${num(d.ballot)}`, major: false, topic: 'txn' }),
  },
  uncertain: {
    narrate: (d, n) => ({ text: `cannot help ${n(num(d.asker))} with ${str(d.txid)}`, note: 'it is in doubt too (cooperative termination still blocks)', major: false, topic: 'doubt' }),
  },
};
