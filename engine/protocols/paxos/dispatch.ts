import type { NodeId } from '../../kernel/protocol';
import { proposerOf } from './ballot';
import { onAccept, onPrepare } from './acceptor';
import { onAcceptedAtLearner } from './learner';
import { finish, heardBallot, onAcceptedAtProposer, onNack, onPromise } from './proposer';
import type { PaxosContext, PaxosMessage, PaxosState } from './types';

/**
 * Routes a message to the roles this node plays. A node playing several roles (a server) talks
 * to itself without the network, as a real process would: `post` to itself runs the handler at
 * once, so only messages between nodes are traced, drawn and counted.
 */
export function post(state: PaxosState, ctx: PaxosContext, to: NodeId, msg: PaxosMessage): void {
  if (to === ctx.self) return dispatch(state, ctx, ctx.self, msg);
  ctx.send(to, msg);
}

export function dispatch(state: PaxosState, ctx: PaxosContext, from: NodeId, msg: PaxosMessage): void {
  switch (msg.type) {
    case 'Prepare':
    case 'Accept':
      if (!state.acceptor) return;
      if (msg.type === 'Prepare') onPrepare(state, ctx, from, msg);
      else onAccept(state, ctx, from, msg);
      // Another proposer's ballot, heard by this node's acceptor: its proposer may be pre-empted.
      if (proposerOf(msg.ballot) !== ctx.self) heardBallot(state, ctx, msg.ballot);
      return;
    case 'Promise':
      if (state.proposer) onPromise(state, ctx, from, msg);
      return;
    case 'Nack':
      if (state.proposer) onNack(state, ctx, msg);
      return;
    case 'Accepted':
      if (state.proposer && proposerOf(msg.ballot) === ctx.self) onAcceptedAtProposer(state, ctx, from, msg);
      if (state.learner && onAcceptedAtLearner(state, ctx, from, msg)) finish(state, ctx);
      return;
  }
}
