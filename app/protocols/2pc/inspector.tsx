import { formatDuration } from '../../lib/format';
import { nodeName } from '../../store/store';
import type { NodeState } from '../../store/types';
import { TimersSection } from '../../views/inspector/TimersSection';
import type { InspectorSectionProps, InspectorUi } from '../ui';
import { acceptorRecordText, asTwoPcView, txnText } from './view';

/** A two-phase-commit node in the inspector: its role, then what it holds and waits for, then its timers. */

function Badge({ node }: { node: NodeState }) {
  const view = asTwoPcView(node.view);
  if (!view) return null;
  if (view.role === 'coordinator') return <span className="inspector-role tpc-role"><span aria-hidden="true">◆</span> coordinator</span>;
  if (view.role === 'acceptor') return <span className="inspector-role tpc-role"><span aria-hidden="true">▲</span> acceptor</span>;
  return view.prepared.length > 0 ? (
    <span className="inspector-role tpc-role--doubt"><span aria-hidden="true">?</span> participant, in doubt</span>
  ) : (
    <span className="inspector-role"><span aria-hidden="true">✓</span> participant</span>
  );
}

function Facts({ node, now }: InspectorSectionProps) {
  const view = asTwoPcView(node.view);
  if (!view) return null;
  if (view.role === 'coordinator') {
    return (
      <dl className="inspector-facts">
        <dt>Open</dt>
        <dd>{view.txns.length === 0 ? 'no transactions' : view.txns.map(txnText).join('; ')}</dd>
        <dt>Finished</dt>
        <dd>{view.finished.length === 0 ? 'none yet' : view.finished.map((f) => `${f.txid} ${f.outcome === 'commit' ? 'committed' : `aborted (${f.reason ?? ''})`}`).join('; ')}</dd>
        <dt>On disk</dt>
        <dd>its decisions until every participant acknowledged them (presumed abort: no record means abort)</dd>
      </dl>
    );
  }
  if (view.role === 'acceptor') {
    return (
      <dl className="inspector-facts">
        <dt>Instances</dt>
        <dd>{view.mode !== 'paxos' ? 'idle: this run decides with one coordinator (commit: coordinator)' : view.records.length === 0 ? 'no vote accepted yet' : view.records.map((r) => acceptorRecordText(r, nodeName)).join(' · ')}</dd>
        <dt>Leads</dt>
        <dd>{view.leading.length === 0 ? 'nothing (it takes over when a participant in doubt asks and nobody decided)' : view.leading.map((l) => `${l.txid} in ballot ${l.ballot} (${l.phase})`).join('; ')}</dd>
        <dt>On disk</dt>
        <dd>per transaction its promise and the votes it accepted, written before it answers</dd>
      </dl>
    );
  }
  const locks = Object.entries(view.locks).sort(([a], [b]) => a.localeCompare(b));
  const data = Object.entries(view.data).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="inspector-facts">
      <dt>In doubt</dt>
      <dd>
        {view.prepared.length === 0
          ? 'no: it has no prepared transaction'
          : view.prepared.map((p) => `${p.txid} for ${formatDuration(Math.max(0, now - p.preparedUs))} (voted yes; only ${nodeName(p.coordinator)} may say what was decided)`).join('; ')}
      </dd>
      <dt>Locks</dt>
      <dd>{locks.length === 0 ? 'none' : locks.map(([k, t]) => `${k} by ${t}`).join(', ')}</dd>
      <dt>Data</dt>
      <dd>{data.length === 0 ? 'nothing committed yet' : data.map(([k, v]) => `${k}=${v.value} (${v.txid})`).join(', ')}</dd>
      <dt>Recent</dt>
      <dd>{view.recent.length === 0 ? 'no outcomes yet' : view.recent.slice(0, 5).map((r) => `${r.txid} ${r.outcome === 'commit' ? 'committed' : 'aborted'}`).join(', ')}</dd>
    </dl>
  );
}

export const twoPcInspector: InspectorUi = {
  nodeHint: 'its locks, the transactions it is in doubt about or runs, its data and timers, and buttons to crash it or send it a transaction',
  Badge,
  crashedNote: () =>
    'Its disk keeps its prepared transactions with their locks and its data (a coordinator: its decision log; an acceptor: its promises and accepted votes). Restart it: a participant takes its locks again and asks what was decided.',
  sections: [
    { id: 'facts', Component: Facts },
    { id: 'timers', Component: TimersSection },
  ],
};
