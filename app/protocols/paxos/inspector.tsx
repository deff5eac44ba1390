import { listNames } from '../../lib/format';
import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { asPaxosView, ballotText, PHASE_TEXT, proposalText, rolesText } from './view';

/** A Paxos node in the inspector: its roles, and each role's state. */

function Badge({ node }: { node: NodeState }) {
  const view = asPaxosView(node.view);
  if (!view) return null;
  return <span className="inspector-role">{rolesText(view)}</span>;
}

function Facts({ node }: InspectorSectionProps) {
  const view = asPaxosView(node.view);
  if (!view) return null;
  const p = view.proposer;
  const a = view.acceptor;
  const l = view.learner;
  return (
    <dl className="inspector-facts">
      {a && (
        <>
          <dt>Promised</dt>
          <dd>ballot {ballotText(a.promised)} (on disk)</dd>
          <dt>Accepted</dt>
          <dd>{proposalText(a.accepted)} (on disk)</dd>
        </>
      )}
      {p && (
        <>
          <dt>Proposer</dt>
          <dd>
            {PHASE_TEXT[p.phase]}
            {p.ballot > 0 ? `, ballot ${ballotText(p.ballot)}` : ''}
          </dd>
          <dt>Its value</dt>
          <dd>{p.value ?? 'none'}{p.proposing !== null && p.proposing !== p.value ? ` (proposing ${p.proposing}, reported by a promise)` : ''}</dd>
          {p.phase === 'preparing' && (
            <>
              <dt>Promises</dt>
              <dd>
                {p.promises.length} of {Math.floor(view.acceptorCount / 2) + 1} needed{p.promises.length ? `: ${listNames(p.promises, nodeName)}` : ''}
              </dd>
            </>
          )}
          {p.phase === 'accepting' && (
            <>
              <dt>Accepted by</dt>
              <dd>
                {p.accepts.length} of {Math.floor(view.acceptorCount / 2) + 1} needed{p.accepts.length ? `: ${listNames(p.accepts, nodeName)}` : ''}
              </dd>
            </>
          )}
          <dt>Ballots</dt>
          <dd>
            {p.ballotsStarted} started, {p.preemptions} pre-empted ({view.strategy === 'duelling' ? 'competes at once' : 'backs off at random'})
          </dd>
        </>
      )}
      {l && (
        <>
          <dt>Learned</dt>
          <dd>{l.learned ? `${l.learned.value} (chosen at ${ballotText(l.learned.ballot)})` : 'nothing yet'}</dd>
        </>
      )}
    </dl>
  );
}

export const paxosInspector: InspectorUi = {
  nodeHint: 'its promise and what it accepted, its ballots as a proposer, what it learned, and buttons to crash it or propose a value',
  Badge,
  crashedNote: () =>
    'Its disk keeps its promise, the proposal it accepted and its last ballot round (Paxos Made Simple §2.3); what it heard as a proposer or learner is lost. Restart it to see it recover.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
