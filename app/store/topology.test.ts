import { afterEach, describe, expect, it } from 'vitest';
import { observedMesh } from '../../engine/scenario/topology.fixture';
import { defaultScenario } from '../../engine/scenario/schema';
import { serverName } from '../lib/format';
import { layoutOf, nodeName, useSim } from './store';

describe('the store names nodes from the running scenario\'s topology', () => {
  afterEach(() => useSim.setState({ topology: null }));

  it('S1, S2, ... before a load and for a scenario of one group', () => {
    expect([0, 1, 2].map(nodeName)).toEqual(['S1', 'S2', 'S3']);
    useSim.setState({ topology: layoutOf(defaultScenario({ protocol: 'raft', nodes: 3 })) });
    expect([0, 1, 2].map(nodeName)).toEqual(['S1', 'S2', 'S3']);
  });

  it('each group\'s prefix and number, in every view that asks (nodeName, serverName)', () => {
    useSim.setState({ topology: layoutOf(observedMesh()) });
    expect([0, 3, 4, 5].map(nodeName)).toEqual(['S1', 'S4', 'O1', 'O2']);
    expect(serverName(5)).toBe('O2');
    expect(useSim.getState().topology?.groups.map((g) => g.title)).toEqual(['Member', 'Observer']);
  });
});
