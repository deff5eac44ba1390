import type { NodeId } from '../../kernel/protocol';
import { ballotLabel, majority } from './ballot';
import type { PaxosContext, PaxosMessage, PaxosState } from './types';

/**
 * The learner (§2.3): a value is chosen once a majority of acceptors accepted one ballot of it;
 * the learner counts the Accepted messages per ballot and learns the value when one reaches a
 * majority. It never learns from a single acceptor, which may have accepted a value that was
 * never chosen.
 */
export function onAcceptedAtLearner(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: Extract<PaxosMessage, { type: 'Accepted' }>): boolean {
  const l = state.learner!;
  if (l.learned) return false;
  const vote = (l.votes[msg.ballot] ??= { value: msg.value, from: [] });
  if (!vote.from.includes(from)) vote.from.push(from);
  if (vote.from.length < majority(state.acceptors.length)) return false;
  l.learned = { ballot: msg.ballot, value: msg.value };
  l.votes = {};
  ctx.observe('learned', { slot: 0, value: msg.value, ballot: msg.ballot, label: ballotLabel(msg.ballot, ctx.nameOf) });
  return true;
}
