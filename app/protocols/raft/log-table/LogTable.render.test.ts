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
});
