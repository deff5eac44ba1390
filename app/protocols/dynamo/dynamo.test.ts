import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { parseScenario } from '../../../engine/scenario/schema';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dynamoUi } from './index';
import { dynamoLook } from './node';
import { useSelectedKey } from './selected-key';
import { asDynamoView, progressText } from './view';
import { nodeStatesOf } from '../../store/node-states';

function run(file: string, untilUs: number) {
  const scenario = parseScenario(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'public', 'scenarios', file), 'utf8')));
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  const nodes = nodeStatesOf(runner);
  return { trace, nodes };
}

describe("dynamo's view", () => {
  it('reads the view defensively', () => {
    expect(asDynamoView(null)).toBeNull();
    expect(asDynamoView({ replicas: 'x', n: 3 })).toBeNull();
    const v = asDynamoView({ n: 3, r: 2, w: 2, replicas: { 'user:1': [{ value: 'a', dot: 'S1:1', clock: [{ actor: 'S1', counter: 1 }] }, 'junk'] }, hints: { 'user:2': { '3': [] } }, ops: [{ kind: 'bogus', acks: 'x' }] })!;
    expect(v.replicas['user:1']).toEqual([{ value: 'a', dot: 'S1:1', clock: [{ actor: 'S1', counter: 1 }] }]);
    expect(v.hints['user:2']).toEqual({ '3': [] });
    expect(v.ops[0]).toMatchObject({ kind: 'get', acks: 0, phase: 'read' });
    expect(progressText({ ...v.ops[0]!, key: 'user:1', acks: 1, need: 2 })).toBe('get user:1: 1 of R=2');
  });

  it('names a node by what it holds: "S4, up, 1 key, 1 hint" while it stands in for the crashed S1', () => {
    const { nodes } = run('dynamo-hinted-handoff.json', 4_000_000);
    expect(dynamoLook(nodes[0], nodes)).toEqual({ tone: 'down', label: 'S1, crashed' });
    expect(dynamoLook(nodes[3], nodes)).toEqual({ tone: 'hinted', label: 'S4, up, 1 key, 1 hint' });
    expect(dynamoLook(nodes[4], nodes).label).toBe('S5, up, 1 key, 0 hints');
  });

  it('narrates the stand-in, the hint and its handoff', () => {
    const { trace } = run('dynamo-hinted-handoff.json', 8_000_000);
    const major = describeTrace(trace, dynamoUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(major.some((t) => t.includes('asks S4 to stand in for S1'))).toBe(true);
    expect(major.some((t) => t.includes('hands user:1 back to S1'))).toBe(true);
  });

  it('narrates siblings on a read', () => {
    const { trace } = run('dynamo-siblings.json', 9_000_000);
    const lines = describeTrace(trace, dynamoUi.narrator).map((l) => l.text);
    expect(lines.some((t) => t.includes('reads 2 conflicting versions of user:3'))).toBe(true);
    expect(lines.some((t) => t.includes('read 2 siblings: cart: book, lamp, cart: book, pen'))).toBe(true);
  });

  it('gets and updates the selected key through the dispatcher', () => {
    const nodes = run('dynamo-healthy.json', 100_000).nodes;
    useSelectedKey.getState().setKey('user:7');
    expect(resolveCommand(dynamoUi.commands, { nodes, nodeCount: 5 }, { nextValue: () => 1001 }, 'update', [2])).toEqual({
      kind: 'actions',
      actions: [{ kind: 'command', node: 2, command: { type: 'update', key: 'user:7', value: 'v1001' } }],
    });
  });
});
