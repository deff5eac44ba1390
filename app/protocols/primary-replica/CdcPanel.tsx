import { cdcLagMs, cdcReport, type CdcReport } from '../../../engine/protocols/primary-replica/ledger';
import { useSampled } from '../../lib/sampling';
import { nodeName } from '../../store/store';
import { ledgerOf } from './ledger';
import { asPrView, currentPrimary, type ConsumerView } from './view';

/** The table's rows, one per fact, one column per consumer (a narrow panel holds it). */
const ROWS: { label: string; cell: (view: ConsumerView, r: CdcReport | undefined, lagMs: number) => string; bad?: (r: CdcReport | undefined) => boolean }[] = [
  { label: 'snapshot at', cell: (v) => (v.snapshotAt === null ? 'none yet' : `index ${v.snapshotAt}`) },
  { label: 'position', cell: (v) => (v.epochs ? `${v.position} (epoch ${v.epoch})` : String(v.position)) },
  { label: 'behind', cell: (_v, r, ms) => (!r || r.lagEntries === 0 ? 'caught up' : `${r.lagEntries} entries, ${ms} ms`) },
  { label: 'changes read', cell: (v) => String(v.read) },
  { label: 'retracted at failovers', cell: (_v, r) => String(r?.retracted ?? 0) },
  { label: 'read, never happened', cell: (_v, r) => String(r?.wrong ?? 0), bad: (r) => (r?.wrong ?? 0) > 0 },
  { label: 'read twice', cell: (_v, r) => String(r?.duplicates ?? 0), bad: (r) => (r?.duplicates ?? 0) > 0 },
];

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
                <td />
                {consumers.map(({ node }) => (
                  <th key={node.id} scope="col">
                    {node.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {consumers.map(({ node, view }) => {
                    const r = reports[node.id];
                    const text = row.cell(view, r, cdcLagMs(ledger, view.position, now));
                    const bad = row.bad?.(r) === true;
                    return (
                      <td key={node.id} className={bad ? 'pr-cdc-bad' : undefined}>
                        {bad ? `⚠ ${text}` : text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {first && (
            <div className="pr-costs">
              <p>
                <strong>{nodeName(first.node.id)}</strong> read last:
              </p>
              <ol className="pr-tail pr-cdc-tail" aria-label={`The last changes ${first.node.name} read`}>
                {tail.map((e) => {
                  const real = history[e.index - 1];
                  const phantom = e.index <= history.length && real?.value !== e.value;
                  return (
                    <li key={e.index} className={phantom ? 'pr-cdc-bad' : undefined}>
                      #{e.index} = {e.value} <small>epoch {e.epoch ?? '?'}</small>
                      {phantom ? ` ⚠ never happened (history: ${real ? real.value : 'nothing'})` : ''}
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
