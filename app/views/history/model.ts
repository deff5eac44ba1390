import type { ClientOp, HistoryVerdict } from '../../../engine/check/client-history';
import type { Micros } from '../../../engine/kernel/time';
import type { CheckedHistory } from '../../../workers/coordinator-service';
import { formatSeconds } from '../../lib/format';

/**
 * The history panel's model, apart from React so it is tested without a DOM: which operations
 * fall in the time window, on which lane and row, how each is marked, and the words for each.
 */

/** How the checker sees an operation, for marking. */
export type OpMark = 'unordered' | 'failing' | null;

export interface HistoryBar {
  op: ClientOp;
  /** Index into `lanes`. */
  lane: number;
  /** Row inside the lane: operations of one node that overlap in time go one under another. */
  row: number;
  from: Micros;
  /** Where the bar stops: its return, or `now` for one still without an answer (drawn open). */
  to: Micros;
  open: boolean;
  /** The short text drawn in the bar: "W x=5", "R x→5", "forceElection". */
  text: string;
  mark: OpMark;
}

export interface HistoryLane {
  node: number;
  name: string;
  rows: number;
  /**
   * Operations invoked before the window that still have no answer (writes whose leader lost
   * its term stay so for ever): drawn as one thin line, not a bar each, or they would bury the rest.
   */
  carried: number;
}

export interface HistoryLayout {
  lanes: HistoryLane[];
  bars: HistoryBar[];
  /** Operations left out of the window because a lane had no more rows. */
  hidden: number;
}

/** A verdict and the moment it is about (the history up to it). */
export type CheckedVerdict = CheckedHistory;

/** Rows one lane may stack before overlapping operations are left out (never a marked one). */
export const MAX_ROWS = 4;

/** Marks per operation: in the minimal failing sub-history, and of those, which no order can place. */
export function marksOf(verdict: HistoryVerdict | null | undefined): Map<number, OpMark> {
  const marks = new Map<number, OpMark>();
  if (!verdict || verdict.ok !== false) return marks;
  for (const opId of verdict.failing) marks.set(opId, 'failing');
  for (const opId of verdict.notLinearized) marks.set(opId, 'unordered');
  return marks;
}

function show(value: ClientOp['value']): string {
  return value === null ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The few characters drawn inside a bar. */
export function barText(op: ClientOp): string {
  if (op.kind === 'write') return `W ${op.key}=${show(op.value)}`;
  if (op.kind === 'read') return op.ok === true ? `R ${op.key}→${show(op.value)}` : `R ${op.key}`;
  return op.label;
}

/** The answer in words: "ok", "failed: no leader", "no answer yet". */
export function answerText(op: ClientOp): string {
  if (op.ret === null) return 'no answer yet';
  if (op.ok) return op.kind === 'read' ? `returned ${show(op.value)}` : 'ok';
  return op.error ? `failed: ${op.error}` : 'failed';
}

/** One sentence for hover, the keyboard cursor and screen readers. */
export function describeOp(op: ClientOp, nodeName: (id: number) => string, mark: OpMark = null): string {
  const what =
    op.kind === 'write' ? `write ${show(op.value)} to key ${op.key}` : op.kind === 'read' ? `read key ${op.key}` : op.label;
  const when = op.ret === null ? `called at ${formatSeconds(op.call)}, ${answerText(op)}` : `${formatSeconds(op.call)} to ${formatSeconds(op.ret)}, ${answerText(op)}`;
  const marked = mark === 'unordered' ? '; cannot be ordered (not linearizable)' : mark === 'failing' ? '; part of the history that cannot be ordered' : '';
  return `${nodeName(op.node)}: ${what}, ${when}${marked}`;
}

/**
 * The bars of the operations that overlap [now - windowUs, now], one lane per node that invoked
 * any operation (so lanes stay put while time passes), rows packed greedily (marked ones first).
 */
export function layoutHistory(
  ops: readonly ClientOp[],
  now: Micros,
  windowUs: Micros,
  nodeName: (id: number) => string,
  marks: ReadonlyMap<number, OpMark> = new Map(),
): HistoryLayout {
  const from = now - windowUs;
  const laneNodes = [...new Set(ops.filter((op) => op.call <= now).map((op) => op.node))].sort((a, b) => a - b);
  const laneOf = new Map(laneNodes.map((node, lane) => [node, lane]));
  const lanes: HistoryLane[] = laneNodes.map((node) => ({ node, name: nodeName(node), rows: 1, carried: 0 }));
  // Per lane, per row: the intervals placed there.
  const rowBars: [Micros, Micros][][][] = laneNodes.map(() => []);
  const bars: HistoryBar[] = [];
  let hidden = 0;
  // What the checker marks is placed first, so it gets a row of its own before the crowd.
  const marked = ops.filter((op) => marks.has(op.opId));
  const rest = marked.length === 0 ? ops : ops.filter((op) => !marks.has(op.opId));
  for (const op of [...marked, ...rest]) {
    if (op.call > now) continue;
    const open = op.ret === null || op.ret > now;
    const to = open ? now : op.ret!;
    if (to < from) continue;
    const lane = laneOf.get(op.node)!;
    const rows = rowBars[lane]!;
    const mark = marks.get(op.opId) ?? null;
    if (open && op.call < from && !mark) {
      lanes[lane]!.carried++;
      continue;
    }
    let row = rows.findIndex((placed) => placed.every(([a, b]) => b < op.call || a > to));
    if (row < 0) {
      if (rows.length < MAX_ROWS) row = rows.length;
      // What the checker marks is always drawn, over another bar of its lane if it must.
      else if (mark) row = rows.length - 1;
      else {
        hidden++;
        continue;
      }
    }
    (rows[row] ??= []).push([op.call, to]);
    lanes[lane]!.rows = Math.max(lanes[lane]!.rows, row + 1);
    const shown: ClientOp = open && op.ret !== null ? { ...op, ret: null, ok: null, value: op.kind === 'read' ? null : op.value } : op;
    bars.push({ op: shown, lane, row, from: Math.max(from, op.call), to, open, text: barText(shown), mark });
  }
  // Drawn in call order (what is marked on top comes last).
  bars.sort((a, b) => Number(a.mark !== null) - Number(b.mark !== null) || a.op.call - b.op.call || a.op.opId - b.op.opId);
  return { lanes, bars, hidden };
}

/** The verdict in a few words, with its symbol: never colour alone. */
export function verdictText(checked: CheckedVerdict | null, now: Micros, checking: boolean): { symbol: string; tone: 'ok' | 'bad' | 'unknown' | 'idle'; text: string } {
  if (!checked) return { symbol: '…', tone: 'idle', text: checking ? 'Checking the history…' : 'Not checked yet' };
  const { verdict, upTo } = checked;
  const asOf = upTo === now ? '' : ` (as of ${formatSeconds(upTo)})`;
  const overflow = checked.overflow ? '; later operations were not recorded' : '';
  if (verdict.ok === true) {
    return { symbol: '✓', tone: 'ok', text: `Linearizable: ${verdict.checked} reads and writes${asOf}${overflow}` };
  }
  if (verdict.ok === 'unknown') return { symbol: '?', tone: 'unknown', text: `Unknown: no verdict within the search budget${asOf}` };
  const n = verdict.failing.length;
  return { symbol: '✗', tone: 'bad', text: `Not linearizable: ${n} operation${n === 1 ? '' : 's'} cannot be ordered${verdict.key === undefined ? '' : ` (key ${verdict.key})`}${asOf}` };
}
