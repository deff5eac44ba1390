import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { useSim } from '../../../store/store';
import type { NodeState } from '../../../store/types';
import { LogTable } from './LogTable';

const initial = useSim.getState();
afterEach(() => useSim.setState(initial, true));

const view = (role: string, terms: number[], commitIndex: number) => ({
  role,
  term: 2,
  votedFor: null,
  leader: 0,
  members: [0, 1],
  commitIndex,
  appliedValue: null,
  logLength: terms.length,
  log: terms.map((term, i) => ({ index: i + 1, term, kind: 'write', value: i })),
  nextIndex: null,
  matchIndex: null,
  votes: null,
});

describe('LogTable', () => {
  it('renders a real table: caption, column and row headers, a crashed row', () => {
    const nodes: NodeState[] = [
      { id: 0, name: 'S1', up: true, incarnation: 0, timers: [], view: view('leader', [1, 2], 2) },
      { id: 1, name: 'S2', up: true, incarnation: 0, timers: [], view: view('follower', [1, 1, 1], 1) },
      { id: 2, name: 'S3', up: false, incarnation: 0, timers: [], view: null },
    ];
    useSim.setState({ nodes });
    const html = renderToStaticMarkup(createElement(LogTable));
    expect(html).toContain('<caption');
    expect(html.match(/scope="col"/g)).toHaveLength(4);
    expect(html.match(/scope="row"/g)).toHaveLength(3);
    expect(html).toContain('crashed');
    expect(html).toContain('logtable-cell--conflict');
    expect(html).toContain('var(--term-2)');
  });

  it('draws the compacted indices as one snapshot block and names the snapshot point beside the role', () => {
    const compacted = { ...view('leader', [1, 2, 2, 2, 2], 5), snapshotIndex: 3, snapshotTerm: 2 };
    compacted.log = compacted.log.slice(3);
    const nodes: NodeState[] = [
      { id: 0, name: 'S1', up: true, incarnation: 0, timers: [], view: compacted },
      { id: 1, name: 'S2', up: true, incarnation: 0, timers: [], view: view('follower', [1, 2, 2, 2], 4) },
    ];
    useSim.setState({ nodes });
    const html = renderToStaticMarkup(createElement(LogTable));
    expect(html.match(/logtable-cell--snapshot/g)).toHaveLength(1);
    expect(html).toMatch(/colSpan="3"/i);
    expect(html).toContain('snapshot ≤ 3 · t2');
    expect(html).toMatch(/class="logtable-snap"[^>]*aria-label="S1&#x27;s snapshot: entries 1 to 3 \(up to term 2\)[^>]*><span aria-hidden="true">≤3 <span class="logtable-snap-term">t2</);
    expect(html).toContain('S2 has no snapshot');
    expect(html).toContain('logtable-swatch--snapshot');
    // Without any snapshot the table looks as it always did.
    useSim.setState({ nodes: [{ id: 0, name: 'S1', up: true, incarnation: 0, timers: [], view: view('leader', [1, 2], 2) }] });
    expect(renderToStaticMarkup(createElement(LogTable))).not.toContain('snapshot');
  });
});

