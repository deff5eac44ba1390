import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSim } from '../../store/store';
import type { NodeState } from '../../store/types';
import { Inspector } from './Inspector';

/*
 * Server rendering (there is no DOM in these tests) makes zustand read the store's *initial*
 * state. So the store is mocked by one that is created anew, with the test's state as its
 * initial state, whenever a test sets state.
 */
vi.mock('../../store/store', async () => {
  const { create } = await import('zustand');
  const real = await vi.importActual<typeof import('../../store/store')>('../../store/store');
  type State = ReturnType<typeof real.useSim.getState>;
  let store = create<State>()(() => real.useSim.getState());
  const useSim = Object.assign(<T,>(selector: (s: State) => T) => store(selector), {
    getState: () => store.getState(),
    getInitialState: () => store.getInitialState(),
    subscribe: (listener: (s: State, p: State) => void) => store.subscribe(listener),
    setState: (partial: Partial<State>, replace?: boolean) => {
      const next = replace ? (partial as State) : { ...store.getState(), ...partial };
      store = create<State>()(() => next);
    },
  });
  return { ...real, useSim };
});

const initial = useSim.getState();
afterEach(() => useSim.setState(initial, true));

const leader: NodeState = {
  id: 0,
  name: 'S1',
  up: true,
  incarnation: 0,
  timers: [{ id: 4, name: 'heartbeat', setAt: 1_000_000, dueAt: 1_050_000 }],
  view: {
    role: 'leader',
    term: 3,
    votedFor: 0,
    leader: 0,
    members: [0, 1, 2],
    commitIndex: 4,
    appliedValue: 17,
    logLength: 5,
    log: [1, 2, 3, 4, 5].map((index) => ({ index, term: index < 3 ? 1 : 3, kind: index === 3 ? 'noop' : 'write', value: index === 3 ? null : index * 10 })),
    nextIndex: [6, 6, 4],
    matchIndex: [0, 5, 3],
    votes: null,
  },
};
const down: NodeState = { id: 2, name: 'S3', up: false, incarnation: 1, timers: [], view: null };
const render = () => renderToStaticMarkup(createElement(Inspector));

describe('Inspector', () => {
  it('hints at what to click when nothing is selected', () => {
    expect(render()).toContain('Click something');
  });

  it("shows a leader's state, timers and replication progress", () => {
    useSim.setState({ nodes: [leader, down], now: 1_020_000, selection: { kind: 'node', id: 0 } });
    const html = render();
    for (const text of ['S1', 'leader', 'Commit index', 'fires in 30 ms', 'nextIndex', 'matchIndex', 'no-op', 'Crash', 'Time out now']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('✕ down');
  });

  it('offers a restart for a crashed server', () => {
    useSim.setState({ nodes: [leader, down], selection: { kind: 'node', id: 2 } });
    const html = render();
    expect(html).toContain('Restart');
    expect(html).toContain('is crashed');
  });

  it("shows a message's payload and a drop button while it flies", () => {
    const msg = { type: 'AppendEntries', term: 3, prevLogIndex: 4, prevLogTerm: 3, entries: [{ term: 3, kind: 'write', value: 9 }], leaderCommit: 4, round: 2 };
    useSim.setState({
      now: 1_005_000,
      inFlight: [{ key: '0.0.12', id: { from: 0, fromIncarnation: 0, fromSeq: 12 }, from: 0, to: 1, type: 'AppendEntries', sentAt: 1_000_000, dueAt: 1_012_000, msg }],
      selection: { kind: 'message', key: '0.0.12' },
    });
    const html = render();
    for (const text of ['AppendEntries', 'Prev log index', 'Leader commit', '1 entry', 'Drop this message', 'in flight']) expect(html).toContain(text);
  });

  it("shows a link's two directions and the buttons that fit", () => {
    useSim.setState({ nodes: [leader, down], links: { ...initial.links, cuts: ['0>2'] }, selection: { kind: 'link', from: 0, to: 2 } });
    const html = render();
    expect(html).toContain('S1 → S3');
    expect(html).toContain('✂ cut');
    expect(html).toContain('✓ working');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Cut S1 ⇸ S3 only/);
  });
});
