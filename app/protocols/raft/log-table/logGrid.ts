import type { NodeState } from '../../../store/types';
import { currentLeader } from '../leader';
import { asRaftView, type RaftRole, type RaftViewEntry } from '../view';

/**
 * The log table's model, apart from React: which indices get a column, and for every node and
 * index what the cell shows. Pure, so it is tested without a DOM.
 */

/** The views carry at most this many of each log's last entries (raft.ts VIEW_LOG_ENTRIES). */
/** Columns drawn: enough to scroll back a screenful or two; each is a DOM cell per server. */
export const MAX_COLUMNS = 64;

export type CellState =
  /** No entry at this index. */
  | 'empty'
  /** Older than the entries the node's view carries. */
  | 'unknown'
  /** Compacted into the node's snapshot (§7): no entry any more, only the state it built. */
  | 'snapshot'
  | 'entry';

export interface LogCell {
  index: number;
  state: CellState;
  entry: RaftViewEntry | null;
  committed: boolean;
  /**
   * The leader holds a different term at this index, or nothing at all: the entry is doomed
   * and will be overwritten (Log Matching, §5.3).
   */
  conflict: boolean;
  /** The last committed index of its row: the commit marker is drawn after it. */
  commitEdge: boolean;
}

export interface LogRow {
  id: number;
  name: string;
  up: boolean;
  role: RaftRole | null;
  term: number | null;
  commitIndex: number;
  logLength: number;
  /** The node's snapshot: entries up to this index are compacted into it (0: none). */
  snapshotIndex: number;
  snapshotTerm: number;
  isLeader: boolean;
  cells: LogCell[];
}

export interface LogGrid {
  /** First and last index with a column; last < first when every log is empty. */
  first: number;
  last: number;
  /** The leader the conflicts are measured against: the live leader of the highest term. */
  leader: number | null;
  /** Some running node has a snapshot: the table then shows every row's snapshot point. */
  hasSnapshot: boolean;
  rows: LogRow[];
}

export function buildLogGrid(nodes: readonly NodeState[]): LogGrid {
  const views = nodes.map((n) => (n.up ? asRaftView(n.view) : null));
  const last = Math.max(0, ...views.map((v) => v?.logLength ?? 0));
  const first = Math.max(1, last - MAX_COLUMNS + 1);
  const leader = currentLeader(nodes);
  const leaderView = leader === null ? null : views[nodes.findIndex((n) => n.id === leader)] ?? null;
  const leaderTerm = new Map<number, number>();
  for (const e of leaderView?.log ?? []) leaderTerm.set(e.index, e.term);
  const leaderFirst = leaderView?.log[0]?.index ?? Infinity;

  const rows = nodes.map((node, i): LogRow => {
    const view = views[i] ?? null;
    const byIndex = new Map<number, RaftViewEntry>();
    for (const e of view?.log ?? []) byIndex.set(e.index, e);
    const knownFrom = view?.log[0]?.index ?? 1;
    const cells: LogCell[] = [];
    if (view) {
      for (let index = first; index <= last; index++) {
        const entry = byIndex.get(index) ?? null;
        const state: CellState = entry
          ? 'entry'
          : index <= view.snapshotIndex
            ? 'snapshot'
            : index <= view.logLength && index < knownFrom
              ? 'unknown'
              : 'empty';
        let conflict = false;
        if (entry && leaderView && node.id !== leader && index >= leaderFirst) {
          const theirs = leaderTerm.get(index);
          conflict = theirs === undefined ? index > leaderView.logLength : theirs !== entry.term;
        }
        cells.push({
          index,
          state,
          entry,
          committed: state !== 'empty' && index <= view.commitIndex,
          conflict,
          commitEdge: index === view.commitIndex,
        });
      }
    }
    return {
      id: node.id,
      name: node.name,
      up: node.up,
      role: view?.role ?? null,
      term: view?.term ?? null,
      commitIndex: view?.commitIndex ?? 0,
      logLength: view?.logLength ?? 0,
      snapshotIndex: view?.snapshotIndex ?? 0,
      snapshotTerm: view?.snapshotTerm ?? 0,
      isLeader: node.id === leader,
      cells,
    };
  });
  return { first, last, leader, hasSnapshot: rows.some((r) => r.up && r.snapshotIndex > 0), rows };
}

/** What a screen reader (and the tooltip) says for a node's snapshot, or its absence. */
export function snapshotLabel(row: LogRow): string {
  if (row.snapshotIndex === 0) return `${row.name} has no snapshot: its log holds every entry from index 1`;
  return `${row.name}'s snapshot: entries 1 to ${row.snapshotIndex} (up to term ${row.snapshotTerm}) were compacted into it; its log holds the entries after`;
}

/** What a screen reader (and the tooltip) says for one cell. */
export function cellLabel(row: LogRow, cell: LogCell, leaderName: string | null): string {
  if (cell.state === 'empty') return `${row.name}, index ${cell.index}: empty`;
  if (cell.state === 'unknown') return `${row.name}, index ${cell.index}: not shown (older entries)`;
  if (cell.state === 'snapshot') return `${row.name}, index ${cell.index}: in the snapshot (committed, compacted)`;
  const e = cell.entry!;
  const what = e.kind === 'write' ? `write ${String(e.value)}` : e.kind === 'noop' ? 'no-op' : String(e.value);
  const parts = [`${row.name}, index ${cell.index}: term ${e.term}, ${what}`, cell.committed ? 'committed' : 'not committed'];
  if (cell.conflict) parts.push(`conflicts with leader ${leaderName ?? ''}`.trim());
  return parts.join(', ');
}
