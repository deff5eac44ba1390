import type { NodeState } from '../../store/types';
import { asMultiLeaderView, siblingsText, type LostView, type MultiLeaderView } from './view';

/**
 * The leaders side by side, as plain data for the stage (LeadersPanel.tsx) and its tests: one
 * row per thing the leaders replicate (each key under last writer wins and as siblings, the
 * counter, the set), one cell per leader, and whether the leaders that are up disagree on it.
 * A crashed leader's cell says so and does not count: its disk is the page's blind spot.
 */
export interface CompareRow {
  /** "k1 LWW", "k1 siblings", "likes" (the PN-counter), "cart" (the OR-set). */
  label: string;
  cells: { leader: string; text: string; siblings?: number }[];
  disagree: boolean;
}

export interface Comparison {
  rows: CompareRow[];
  /** Every write a leader saw LWW discard, once each, newest first. */
  lost: LostView[];
  disagreeing: number;
}

type Cell = (v: MultiLeaderView) => { text: string; siblings?: number };

function rowsOf(view: MultiLeaderView): { label: string; cell: Cell }[] {
  const rows: { label: string; cell: Cell }[] = [];
  for (const r of view.registers) {
    const key = r.key;
    rows.push({
      label: `${key} LWW`,
      cell: (v) => {
        const reg = v.registers.find((x) => x.key === key);
        return { text: reg?.lww ? `${reg.lww.value} @${(reg.lww.ts / 1_000_000).toFixed(2)}` : '—' };
      },
    });
    rows.push({
      label: `${key} siblings`,
      cell: (v) => {
        const reg = v.registers.find((x) => x.key === key);
        return reg ? { text: siblingsText(reg), siblings: reg.siblings.length } : { text: '—' };
      },
    });
  }
  rows.push({ label: 'likes', cell: (v) => ({ text: String(v.counter.value) }) });
  rows.push({ label: 'cart', cell: (v) => ({ text: v.cart.length ? v.cart.join(', ') : 'empty' }) });
  return rows;
}

/** What a cell compares by: the siblings' ids rather than their text (two writes may carry one value). */
function identity(v: MultiLeaderView, label: string, text: string): string {
  const [key, kind] = label.split(' ');
  const reg = v.registers.find((x) => x.key === key);
  if (reg && kind === 'LWW') return reg.lww?.id ?? '-';
  if (reg && kind === 'siblings') return reg.siblings.map((s) => s.id).join(' ');
  return text;
}

export function compareLeaders(nodes: readonly NodeState[]): Comparison | null {
  const leaders = nodes.map((n) => ({ node: n, view: n.up ? asMultiLeaderView(n.view) : null }));
  const first = leaders.find((l) => l.view)?.view;
  if (!first) return null;
  const rows = rowsOf(first).map(({ label, cell }) => {
    const ids = new Set<string>();
    const cells = leaders.map(({ node, view }) => {
      if (!view) return { leader: node.name, text: node.up ? 'starting' : 'crashed' };
      const c = cell(view);
      ids.add(identity(view, label, c.text));
      return { leader: node.name, ...c };
    });
    return { label, cells, disagree: ids.size > 1 };
  });
  const seen = new Set<string>();
  const lost: LostView[] = [];
  for (const { view } of leaders) for (const l of view?.lost ?? []) if (!seen.has(l.id)) (seen.add(l.id), lost.push(l));
  lost.sort((a, b) => b.atUs - a.atUs);
  return { rows, lost, disagreeing: rows.filter((r) => r.disagree).length };
}
