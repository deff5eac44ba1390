import { describe, expect, it } from 'vitest';
import { kindsOf, scenarioLayout } from '../../../engine/kernel/topology';
import type { TraceEvent } from '../../../engine/kernel/trace';
import { locks } from '../../../engine/protocols/locks/locks';
import { redlockPausedHolderFenced } from '../../../engine/protocols/locks/scenarios';
import { InProcessRunner } from '../../../engine/runner/inprocess';
import { resolveCommand } from '../../commands/dispatch';
import { describeTrace } from '../../narrate/describer';
import { nodeStatesOf } from '../../store/node-states';
import { useSim } from '../../store/store';
import { locksUi } from './index';
import { locksMessages } from './messages';
import { locksLook } from './node';
import { asLocksView, clientTruth } from './view';

/** The built-in "locks-redlock-paused-holder-fenced" up to `untilUs`: C1 (node 3) freezes at 0.3 s holding token 1 and wakes at 2.3 s. */
function run(untilUs: number) {
  const scenario = redlockPausedHolderFenced();
  useSim.setState({ topology: scenarioLayout(scenario, kindsOf(locks)) });
  const trace: TraceEvent[] = [];
  const runner = new InProcessRunner(scenario, { sink: (e) => trace.push(e) });
  runner.runUntil(untilUs);
  return { trace, nodes: nodeStatesOf(runner) };
}

describe("the lock service's view", () => {
  it('reads views defensively', () => {
    expect(asLocksView(null)).toBeNull();
    expect(asLocksView({ role: 'judge' })).toBeNull();
    expect(asLocksView({ role: 'client', phase: 'dancing', token: 'x' })).toMatchObject({ role: 'client', phase: 'idle', token: null });
    expect(asLocksView({ role: 'storage', recent: [{ client: 3, token: 2, ok: true }, 'junk'] })).toMatchObject({ highest: 0, recent: [{ client: 3, token: 2, ok: true }] });
  });

  it('while C1 is paused past its lease: it believes it holds the lock, its lease is not valid, and the lock servers are free or C2\'s', () => {
    const { nodes } = run(1_250_000);
    const c1 = nodes[3]!;
    expect(locksLook(c1, nodes)).toEqual({ tone: 'lk-holder', label: 'C1, client, believes it holds the lock with token 1, lease valid until 1.184 s' });
    const view = asLocksView(c1.view);
    expect(view?.role === 'client' && clientTruth(view, 1_250_000)).toEqual({ believes: true, valid: false });
    expect(locksLook(nodes[5], nodes).label).toMatch(/^D1, storage, fencing on, highest token 0/);
  });

  it('narrates the refused stale write and the client learning of it', () => {
    const { trace } = run(2_500_000);
    const lines = describeTrace(trace, locksUi.narrator).filter((l) => l.importance === 'major').map((l) => l.text);
    expect(lines.some((t) => /^D1 .*refuses C1's write with token 1 \(fencing: it has seen token 2\)$/.test(t)), lines.join('\n')).toBe(true);
    expect(lines.some((t) => /C2 .*takes the lock with token 2/.test(t)), lines.join('\n')).toBe(true);
  });

  it('says what a message carries', () => {
    expect(locksMessages.details('WriteRefused', { token: 1, attempt: 1, highest: 2 })).toEqual(['attempt 1', 'token 1', 'the storage has seen token 2']);
    expect(locksMessages.glyph('Grant', { token: 4 })).toMatchObject({ shape: 'circle', mark: 'check', text: '4' });
  });

  it('asks for the lock from an idle client only', () => {
    const { nodes } = run(100_000);
    const idle = nodes.find((n) => asLocksView(n.view)?.role === 'client' && (asLocksView(n.view) as { phase: string }).phase === 'idle');
    const command = locksUi.commands.find((c) => c.id === 'locksAcquire')!;
    expect(command.scope === 'node' && command.enabled!(nodes[0]!)).toBe(false);
    if (idle) {
      expect(resolveCommand(locksUi.commands, { nodes, nodeCount: 6 }, { nextValue: () => 1 }, 'locksAcquire', [idle.id])).toEqual({
        kind: 'actions',
        actions: [{ kind: 'command', node: idle.id, command: { type: 'acquire' } }],
      });
    }
  });
});
