import { cdcLagMs, cdcReport } from '../../../engine/protocols/primary-replica/ledger';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { ledgerOf } from './ledger';
import { asPrView, currentPrimary } from './view';

/**
 * The change stream (change data capture, engine/protocols/primary-replica/cdc.ts): per consumer
 * its snapshot, its position (index, and epoch when positions carry it), how far behind the
 * primary's log it is in entries and in milliseconds, and what a failover did to its stream:
 * changes retracted (epochs), changes read that the history does not hold, changes read twice.
 * Below, the last changes the first consumer read, each marked when the history disagrees.
 * Everything comes from the engine's ledger folded over the page's trace (the CLI's `cdc` stats).
 */
export function CdcPanel() {
  const trace = useSampled((s) => s.trace, 400);
  const nodes = useSampled((s) => s.nodes, 250);
  const now = useSampled((s) => s.now, 250);
  const ledger = ledgerOf(trace);
  const reports = cdcReport(ledger);
  const consumers = nodes.flatMap((node) => {
    const view = asPrView(node.view);
    return view?.kind === 'consumer' ? [{ node, view }] : [];
  });
  const head = currentPrimary(nodes);
  const history = ledger.current ? ledger.logs[ledger.current.node] ?? [] : [];
  const first = consumers[0];
  const tail = first ? (ledger.consumers[first.node.id]?.stream ?? []).slice(-8) : [];
  return (
    <section className="panel-view pr-panel" aria-label="Change stream">
      <header className="pr-panel-header">
        <h2 className="panel-title">Change stream</h2>
        <span className="pr-panel-epoch">
          {head ? `from ${head.node.name}'s log, epoch ${head.view.epoch}, ${history.length} entries` : 'no primary'}
          {first ? (first.view.epochs ? ' · positions carry the epoch' : ' · positions by index only') : ''}
        </span>
      </header>
      {consumers.length === 0 ? (
        <p className="pr-costs">No change consumers in this run (add some with a consumer group: --group consumer=1).</p>
      ) : (
        <div className="pr-panel-body">
          <table className="pr-cdc-table">
            <caption className="visually-hidden">Each consumer's position, lag and what failovers did to its stream</caption>
            <thead>
              <tr>
                <th scope="col">consumer</th>
                <th scope="col">snapshot at</th>
                <th scope="col">position</th>
                <th scope="col">behind</th>
                <th scope="col">read</th>
                <th scope="col">retracted</th>
                <th scope="col">never happened</th>
                <th scope="col">twice</th>
              </tr>
            </thead>
            <tbody>
              {consumers.map(({ node, view }) => {
                const r = reports[node.id];
                const behind = r?.lagEntries ?? 0;
                const ms = cdcLagMs(ledger, view.position, now);
                return (
                  <tr key={node.id}>
                    <th scope="row">{node.name}</th>
                    <td>{view.snapshotAt === null ? 'none yet' : `index ${view.snapshotAt}`}</td>
                    <td>{view.epochs ? `${view.position} (epoch ${view.epoch})` : view.position}</td>
                    <td>{behind === 0 ? 'caught up' : `${behind} entries, ${ms} ms`}</td>
                    <td>{view.read}</td>
                    <td>{r?.retracted ?? 0}</td>
                    <td className={r && r.wrong > 0 ? 'pr-cdc-bad' : undefined}>{r && r.wrong > 0 ? `⚠ ${r.wrong}` : 0}</td>
                    <td className={r && r.duplicates > 0 ? 'pr-cdc-bad' : undefined}>{r && r.duplicates > 0 ? `⚠ ${r.duplicates}` : 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {first && (
            <div className="pr-costs">
              <p>
                <strong>{nodeName(first.node.id)}</strong> read last:
              </p>
              <ol className="pr-tail" aria-label={`The last changes ${first.node.name} read`}>
                {tail.map((e) => {
                  const real = history[e.index - 1];
                  const phantom = e.index <= history.length && real?.value !== e.value;
                  return (
                    <li key={e.index} className={phantom ? 'pr-cdc-bad' : undefined}>
                      #{e.index} = {e.value} <small>epoch {e.epoch ?? '?'}</small>
                      {phantom ? ` ⚠ never happened (the history has ${real ? real.value : 'nothing'} here)` : ''}
                    </li>
                  );
                })}
              </ol>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
