import { memo, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { select } from '../../../session/selection';
import { useSim } from '../../../store/store';
import { termColor, termInk } from '../colors';
import { useSampled } from '../../../lib/sampling';
import { roleLabel, type RaftRole } from '../view';
import { buildLogGrid, cellLabel, snapshotLabel, type LogCell, type LogRow } from './logGrid';
import './LogTable.css';

/**
 * Every server's log lined up by index (RaftScope's log panel, as a real table): one row per
 * server, one column per index (the last 64; it opens scrolled to the newest). A cell shows its
 * term as a number and a colour; committed entries are solid, uncommitted ones pale and dashed,
 * entries that differ from the leader's are hatched, and a black bar follows each commit index.
 * Once a server has compacted its log (§7), its row names its snapshot point beside its role,
 * and the compacted indices in view are one grey "snapshot" block.
 *
 * Contract: reads `nodes` (sampled at 4 Hz) and `selection` from the store; clicking a server's
 * name selects it. Fills its parent's box and scrolls inside it. The legend opens with "Key"
 * (open from the start on screens 900 px tall or more): at 720 px it took the rows' room, and
 * the table showed two of five servers (issue 11); rows are compact enough for five at 720.
 */

const ROLE_GLYPH: Record<RaftRole, string> = { leader: '★', candidate: '◆', precandidate: '◇', follower: '○' };

export function LogTable() {
  const nodes = useSampled((s) => s.nodes, 250);
  const selection = useSim((s) => s.selection);
  const grid = useMemo(() => buildLogGrid(nodes), [nodes]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Stay at the newest index unless the user scrolled back to read older ones.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollLeft = el.scrollWidth;
  }, [grid]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - 40;
  };

  const leaderName = grid.leader === null ? null : (nodes.find((n) => n.id === grid.leader)?.name ?? null);
  const columns: number[] = [];
  for (let i = grid.first; i <= grid.last; i++) columns.push(i);
  const selectedId = selection?.kind === 'node' ? selection.id : null;
  const [showKey, setShowKey] = useState(() => typeof window === 'undefined' || window.innerHeight >= 900);
  const keyId = useId();

  return (
    <section className={nodes.length > 5 ? 'panel-view logtable logtable--compact' : 'panel-view logtable'} aria-label="Logs">
      <header className="logtable-header">
        <h2 className="panel-title logtable-title">Logs</h2>
        <button type="button" className="key-toggle" aria-expanded={showKey} aria-controls={keyId} onClick={() => setShowKey((v) => !v)}>
          Key
        </button>
        <ul className="logtable-legend" aria-label="Legend" id={keyId} hidden={!showKey}>
          <li>
            <span className="logtable-swatch logtable-swatch--committed" aria-hidden="true">2</span> committed
          </li>
          <li>
            <span className="logtable-swatch logtable-swatch--pending" aria-hidden="true">2</span> not committed
          </li>
          <li>
            <span className="logtable-swatch logtable-swatch--conflict" aria-hidden="true">1</span>{' '}
            {leaderName ? `differs from leader ${leaderName}` : 'differs from the leader'}
          </li>
          <li>
            <span className="logtable-swatch logtable-swatch--edge" aria-hidden="true" /> commit index
          </li>
          {grid.hasSnapshot ? (
            <li title="Entries compacted into a snapshot (§7); ≤ n beside a server: its snapshot holds indices 1 to n">
              <span className="logtable-swatch logtable-swatch--snapshot" aria-hidden="true" /> snapshot
            </li>
          ) : null}
          <li className="logtable-legend-note">number and colour = term</li>
        </ul>
      </header>
      {nodes.length === 0 ? (
        <p className="logtable-empty">No cluster yet.</p>
      ) : (
        <div
          className="logtable-scroll"
          ref={scroller}
          onScroll={onScroll}
          tabIndex={0}
          role="region"
          aria-label="Log table, scrolls sideways"
        >
          <table className="logtable-table">
            <caption className="visually-hidden">
              Each server's log by index, {grid.last >= grid.first ? `indices ${grid.first} to ${grid.last}` : 'all empty'}. Cells show
              the entry's term.{leaderName ? ` Entries that differ from leader ${leaderName}'s log are marked as conflicts.` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="logtable-corner">
                  Index
                </th>
                {columns.map((i) => (
                  <th scope="col" key={i} className={i % 5 === 0 || i === grid.last ? 'logtable-index logtable-index--labelled' : 'logtable-index'}>
                    <span className={i % 5 === 0 || i === grid.last ? 'logtable-index-label' : 'visually-hidden'}>{i}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <Row
                  key={row.id}
                  row={row}
                  span={columns.length}
                  selected={row.id === selectedId}
                  leaderName={leaderName}
                  showSnapshot={grid.hasSnapshot}
                />
              ))}
            </tbody>
          </table>
          {grid.last < grid.first || grid.last === 0 ? <p className="logtable-empty">Every log is empty so far.</p> : null}
        </div>
      )}
    </section>
  );
}

function Row({
  row,
  span,
  selected,
  leaderName,
  showSnapshot,
}: {
  row: LogRow;
  span: number;
  selected: boolean;
  leaderName: string | null;
  showSnapshot: boolean;
}) {
  const role = row.role;
  // The compacted indices in view lead the row: one block instead of a cell each.
  let compacted = 0;
  while (compacted < row.cells.length && row.cells[compacted]!.state === 'snapshot') compacted++;
  return (
    <tr className={`logtable-row${row.up ? '' : ' logtable-row--down'}${selected ? ' logtable-row--selected' : ''}`}>
      <th scope="row" className="logtable-rowhead">
        <button
          type="button"
          className="logtable-node"
          aria-pressed={selected}
          title={`Select ${row.name}`}
          onClick={() => select({ kind: 'node', id: row.id })}
        >
          {row.name}
        </button>
        {role ? (
          <span className={`logtable-role logtable-role--${role}`}>
            <span aria-hidden="true">{ROLE_GLYPH[role]}</span> {roleLabel(role)}
          </span>
        ) : (
          <span className="logtable-role logtable-role--down">
            <span aria-hidden="true">✕</span> crashed
          </span>
        )}
        {showSnapshot && row.up ? <SnapshotBadge row={row} /> : null}
      </th>
      {row.up ? (
        <>
          {compacted > 0 ? <SnapshotBlock row={row} span={compacted} /> : null}
          {row.cells.slice(compacted).map((cell) => (
            <Cell key={cell.index} row={row} cell={cell} leaderName={leaderName} />
          ))}
        </>
      ) : (
        <td colSpan={Math.max(1, span)} className="logtable-crashed">
          <span className="logtable-crashed-text" title="Crashed: its log waits on disk until it restarts">
            log kept on disk
          </span>
        </td>
      )}
    </tr>
  );
}

/** Where the node's snapshot ends, beside its role: in view however far the table scrolls. */
function SnapshotBadge({ row }: { row: LogRow }) {
  if (row.snapshotIndex === 0) return <span className="logtable-snap logtable-snap--none" role="img" title={snapshotLabel(row)} aria-label={snapshotLabel(row)} />;
  const style = { '--cell-term': termColor(row.snapshotTerm) } as React.CSSProperties;
  return (
    <span className="logtable-snap" role="img" style={style} title={snapshotLabel(row)} aria-label={snapshotLabel(row)}>
      <span aria-hidden="true">
        ≤{row.snapshotIndex} <span className="logtable-snap-term">t{row.snapshotTerm}</span>
      </span>
    </span>
  );
}

/** The compacted indices in view, as one block: the entries are gone, their state is in the snapshot. */
function SnapshotBlock({ row, span }: { row: LogRow; span: number }) {
  const first = row.cells[0]!.index;
  const last = row.cells[span - 1]!.index;
  const edge = row.cells.slice(0, span).some((c) => c.commitEdge);
  const style = { '--cell-term': termColor(row.snapshotTerm) } as React.CSSProperties;
  const label = `${row.name}, indices ${first} to ${last}: in the snapshot up to index ${row.snapshotIndex} (term ${row.snapshotTerm}), committed and compacted`;
  return (
    <td colSpan={span} className={`logtable-cell logtable-cell--snapshot${edge ? ' logtable-cell--edge' : ''}`} style={style} title={label}>
      <span className="logtable-snapshot-text" aria-hidden="true">
        {span >= 3 ? `snapshot ≤ ${row.snapshotIndex} · t${row.snapshotTerm}` : '≤'}
      </span>
      <span className="visually-hidden">{label}</span>
    </td>
  );
}

/** Cells re-render only when what they show changes (the grid is rebuilt ten times a second). */
const Cell = memo(CellView, (a, b) => {
  const x = a.cell;
  const y = b.cell;
  return (
    a.leaderName === b.leaderName &&
    a.row.name === b.row.name &&
    x.index === y.index &&
    x.state === y.state &&
    x.committed === y.committed &&
    x.conflict === y.conflict &&
    x.commitEdge === y.commitEdge &&
    x.entry?.term === y.entry?.term &&
    x.entry?.kind === y.entry?.kind &&
    x.entry?.value === y.entry?.value
  );
});

function CellView({ row, cell, leaderName }: { row: LogRow; cell: LogCell; leaderName: string | null }) {
  if (cell.state !== 'entry' || !cell.entry) {
    return <td className={`logtable-cell logtable-cell--${cell.state}${cell.commitEdge ? ' logtable-cell--edge' : ''}`} />;
  }
  const term = cell.entry.term;
  const classes = ['logtable-cell', cell.committed ? 'logtable-cell--committed' : 'logtable-cell--pending'];
  if (cell.conflict) classes.push('logtable-cell--conflict');
  if (cell.commitEdge) classes.push('logtable-cell--edge');
  if (cell.entry.kind !== 'write') classes.push(`logtable-cell--${cell.entry.kind}`);
  const style = { '--cell-term': termColor(term), '--cell-ink': cell.committed ? termInk(term) : 'var(--ink)' } as React.CSSProperties;
  return (
    <td className={classes.join(' ')} style={style} title={cellLabel(row, cell, leaderName)}>
      {term}
      {cell.committed && !cell.conflict ? null : (
        <span className="visually-hidden">{cell.conflict ? ', conflicts with the leader' : ', not committed'}</span>
      )}
    </td>
  );
}
