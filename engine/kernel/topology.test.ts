import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultTopology,
  isMainOnly,
  kindsOf,
  layoutTopology,
  mainOnlyTopology,
  nodeByName,
  nodeName,
  nodeNames,
  nodesOf,
  kindOf,
  PLAIN_KINDS,
  scenarioLayout,
  topologyContext,
  topologyProblem,
  topologySizeOf,
  type ProtocolKinds,
} from './topology';

/** A store: clients and servers, with a kind that runs none by default. */
const store: ProtocolKinds = {
  main: 'server',
  kinds: {
    server: { prefix: 'S', title: 'Server' },
    client: { prefix: 'C', title: 'Client', defaultCount: 3 },
    admin: { prefix: 'A', title: 'Admin' },
  },
};

describe('topology: kinds, ids and names', () => {
  it('a protocol without kinds runs one kind, "node", named S1, S2, ...', () => {
    expect(kindsOf({})).toBe(PLAIN_KINDS);
    const layout = scenarioLayout({ nodes: 3 }, PLAIN_KINDS);
    expect(nodeNames(layout)).toEqual(['S1', 'S2', 'S3']);
    expect(kindOf(layout, 2)).toBe('node');
  });

  it('the default topology puts the main group first, then kinds with a default count, in declared order', () => {
    expect(defaultTopology(store, 5)).toEqual({ groups: [{ kind: 'server', count: 5 }, { kind: 'client', count: 3 }] });
    expect(defaultTopology(store, 5, { client: 0, admin: 1 })).toEqual({ groups: [{ kind: 'server', count: 5 }, { kind: 'admin', count: 1 }] });
    expect(defaultTopology(PLAIN_KINDS, 4)).toEqual(mainOnlyTopology(PLAIN_KINDS, 4));
  });

  it('hands out ids in group order and names nodes within their group', () => {
    const layout = layoutTopology({ groups: [{ kind: 'client', count: 2 }, { kind: 'server', count: 3, prefix: 'R' }] }, store);
    expect(nodeNames(layout)).toEqual(['C1', 'C2', 'R1', 'R2', 'R3']);
    expect(nodesOf(layout, 'server')).toEqual([2, 3, 4]);
    expect(nodesOf(layout, 'admin')).toEqual([]);
    expect([0, 1, 2, 4, 5].map((id) => kindOf(layout, id))).toEqual(['client', 'client', 'server', 'server', undefined]);
    expect(topologySizeOf(layout)).toBe(5);
    expect(layout.groups.map((g) => [g.title, g.first])).toEqual([['Client', 0], ['Server', 2]]);
    // Beyond the topology, or with none loaded, a node keeps the name it always had.
    expect(nodeName(layout, 7)).toBe('S8');
    expect(nodeName(null, 0)).toBe('S1');
  });

  it('reads a name back to its node, whatever its case', () => {
    const layout = layoutTopology(defaultTopology(store, 3), store);
    expect(['S1', 's3', 'C1', 'c3', 'C4', 'X1', 'S0', 'S', ''].map((n) => nodeByName(layout, n))).toEqual([0, 2, 3, 5, undefined, undefined, undefined, undefined, undefined]);
  });

  it('names every node uniquely and reads each name back, for any valid topology (property)', () => {
    const kinds = Object.keys(store.kinds);
    fc.assert(
      fc.property(fc.shuffledSubarray(kinds, { minLength: 1 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }), (chosen, counts) => {
        const spec = { groups: chosen.map((kind, i) => ({ kind, count: counts[i]! })) };
        const nodes = counts.slice(0, chosen.length).reduce((a, b) => a + b, 0);
        expect(topologyProblem(spec, nodes, store)).toBeNull();
        const layout = layoutTopology(spec, store);
        const names = nodeNames(layout);
        expect(new Set(names).size).toBe(nodes);
        names.forEach((name, id) => {
          expect(nodeName(layout, id)).toBe(name);
          expect(nodeByName(layout, name)).toBe(id);
        });
      }),
      { seed: 10, numRuns: 200 },
    );
  });
});

describe('topology: validation', () => {
  const problem = (groups: unknown[], nodes: number, kinds: ProtocolKinds | undefined = store) => topologyProblem({ groups } as never, nodes, kinds);
  it('accepts a good one', () => {
    expect(problem([{ kind: 'server', count: 3 }, { kind: 'client', count: 2, prefix: 'Cl', config: { timeoutMs: 50 } }], 5)).toBeNull();
  });
  it('names what is wrong', () => {
    expect(problem([], 0)).toBe('topology.groups: needs at least one group');
    expect(problem([{ kind: 'server', count: 3 }], 5)).toBe('topology: its groups hold 3 nodes, but the scenario has 5');
    expect(problem([{ kind: 'server', count: 3 }, { kind: 'server', count: 2 }], 5)).toBe('topology.groups.1.kind: the kind "server" has two groups');
    expect(problem([{ kind: 'broker', count: 3 }], 3)).toBe('topology.groups.0.kind: this protocol has no nodes of kind "broker" (it has server, client, admin)');
    expect(problem([{ kind: 'Server!', count: 3 }], 3)).toMatch(/^topology\.groups\.0\.kind: "Server!" is not a kind's name/);
    expect(problem([{ kind: 'server', count: 0 }], 0)).toBe('topology.groups.0.count: must be a whole number, 1 or more');
    expect(problem([{ kind: 'server', count: 2, prefix: 'Srv12' }], 2)).toBe('topology.groups.0.prefix: must be 1 to 4 letters');
    expect(problem([{ kind: 'server', count: 2, prefix: 'S1' }], 2)).toBe('topology.groups.0.prefix: must be 1 to 4 letters');
    expect(problem([{ kind: 'server', count: 2 }, { kind: 'client', count: 1, prefix: 's' }], 3)).toBe('topology.groups.1.prefix: "s" already names group 0\'s nodes');
  });
  it('without the protocol, checks only the shape', () => {
    expect(topologyProblem({ groups: [{ kind: 'broker', count: 3 }] }, 3)).toBeNull();
  });
  it('knows a topology that says only "every node is of the main kind"', () => {
    expect(isMainOnly({ groups: [{ kind: 'server', count: 4 }] }, store, 4)).toBe(true);
    expect(isMainOnly({ groups: [{ kind: 'server', count: 4, prefix: 'S' }] }, store, 4)).toBe(true);
    expect(isMainOnly({ groups: [{ kind: 'server', count: 4, prefix: 'N' }] }, store, 4)).toBe(false);
    expect(isMainOnly({ groups: [{ kind: 'server', count: 4, config: {} }] }, store, 4)).toBe(false);
    expect(isMainOnly({ groups: [{ kind: 'client', count: 4 }] }, store, 4)).toBe(false);
  });
});

describe('topology: what a node knows', () => {
  const layout = layoutTopology({ groups: [{ kind: 'server', count: 3 }, { kind: 'client', count: 2, config: { retry: { afterMs: 20 } } }] }, store);
  it('its kind, its group\'s settings, every node of a kind and every name', () => {
    const ctx = topologyContext(layout, 4);
    expect(ctx.kind).toBe('client');
    expect(ctx.groupConfig).toEqual({ retry: { afterMs: 20 } });
    expect(ctx.nodesOf('server')).toEqual([0, 1, 2]);
    expect(ctx.nodesOf('admin')).toEqual([]);
    expect(ctx.kindOf(0)).toBe('server');
    expect(ctx.nameOf(3)).toBe('C1');
    expect(topologyContext(layout, 0).groupConfig).toEqual({});
    expect(() => topologyContext(layout, 9)).toThrow(RangeError);
  });
  it('hands out frozen data, so no node can change what another reads', () => {
    const a = topologyContext(layout, 3);
    expect(() => ((a.groupConfig.retry as { afterMs: number }).afterMs = 1)).toThrow(TypeError);
    expect(() => (a.nodesOf('server') as number[]).push(9)).toThrow(TypeError);
    expect(topologyContext(layout, 4).groupConfig).toEqual({ retry: { afterMs: 20 } });
  });
});
