import { formatDuration, formatSeconds } from '../../lib/format';
import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asLocksView, clientTruth, isClient, isServer, isStorage, liveHolder, PHASE_WORD } from './view';

/** A lock-service node in the inspector: its role, what it holds or believes, then its timers. */

function Badge({ node }: { node: NodeState }) {
  const view = asLocksView(node.view);
  if (!view) return null;
  if (isServer(view)) return <span className="inspector-role"><span aria-hidden="true">{view.role === 'leader' ? '★' : '◇'}</span> lock server{view.role === 'redlock' ? '' : `, ${view.role}`}</span>;
  if (isClient(view)) return <span className="inspector-role"><span aria-hidden="true">{view.phase === 'holding' ? '◆' : '…'}</span> client, {PHASE_WORD[view.phase]}</span>;
  return <span className="inspector-role"><span aria-hidden="true">▭</span> storage</span>;
}

function Facts({ node, now }: InspectorSectionProps) {
  const view = asLocksView(node.view);
  if (!view) return null;
  if (isServer(view)) {
    const live = liveHolder(view, now);
    return (
      <dl className="inspector-facts">
        <dt>Lease</dt>
        <dd>{live ? `to ${nodeName(live.holder)}, token ${view.token ?? '?'}, ${formatDuration(live.remainingUs)} left` : 'none: the lock is free here'}</dd>
        <dt>Tokens</dt>
        <dd>{view.role === 'redlock' ? `its grant counter is at ${view.counter}` : `log index ${view.commitIndex ?? 0} committed; a grant's token is its index`}</dd>
        {view.term !== null && (
          <>
            <dt>Group</dt>
            <dd>{view.role === 'leader' ? `leader of term ${view.term}` : `${view.role} in term ${view.term}${view.leader !== null ? `, follows ${nodeName(view.leader)}` : ''}`}</dd>
          </>
        )}
      </dl>
    );
  }
  if (isClient(view)) {
    const { believes, valid } = clientTruth(view, now);
    return (
      <dl className="inspector-facts">
        <dt>Believes it holds</dt>
        <dd>{believes ? `yes, token ${view.token ?? '?'}` : `no (${PHASE_WORD[view.phase]})`}</dd>
        <dt>Actually valid</dt>
        <dd className={believes && !valid ? 'lk-warn' : undefined}>
          {!believes ? '—' : valid ? `yes, for ${formatDuration(view.validUntilUs! - now)} more` : `no: its lease ran out at ${formatSeconds(view.validUntilUs ?? 0)}`}
        </dd>
        <dt>Writes</dt>
        <dd>{view.writesDone} accepted so far</dd>
        {view.lastOutcome && (
          <>
            <dt>Last</dt>
            <dd>{view.lastOutcome}</dd>
          </>
        )}
      </dl>
    );
  }
  if (isStorage(view)) {
    return (
      <dl className="inspector-facts">
        <dt>Fencing</dt>
        <dd>{view.fencing ? 'on: a token lower than the highest seen is refused' : 'off: every write is taken'}</dd>
        <dt>Highest token</dt>
        <dd>{view.highest}</dd>
        <dt>Writes</dt>
        <dd>{view.accepted} accepted, {view.refused} refused</dd>
      </dl>
    );
  }
  return null;
}

export const locksInspector: InspectorUi = {
  nodeHint: 'the lease it grants, believes it holds or the tokens it has seen, its timers, and buttons to crash or pause it',
  Badge,
  crashedNote: () => 'Its disk keeps its leases (a lock server), its term, vote and table (a consensus server) or the highest token (the storage). A crashed client forgets it held the lock.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
