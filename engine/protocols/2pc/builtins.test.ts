import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../kernel/trace';
import { runBuiltin } from '../../scenario/test-support/builtin-run';

/**
 * The built-in scenarios "2pc-blocks" and "2pc-paxos-commit" side by side: the same transactions
 * and the same coordinator crash at 1.516 s, decided by one coordinator or by Paxos Commit.
 */
function run(file: string) {
  const { trace, summary, observed } = runBuiltin(file);
  const decides = observed('decide')
    .filter((e) => e.data?.txid === 'TM1.2')
    .map((e) => ({ node: e.node, outcome: e.data?.outcome, blockedMs: Math.round((e.data?.blockedUs as number) / 1000) }));
  return { decides, summary, trace: trace as TraceEvent[] };
}

describe('2PC against Paxos Commit under the same coordinator crash', () => {
  it('classic: P1 and P2 block until TM1 returns at 6 s, which presumes abort', () => {
    const r = run('2pc-blocks.json');
    expect(r.decides.map((d) => d.outcome)).toEqual(['abort', 'abort']);
    for (const d of r.decides) expect(d.blockedMs).toBeGreaterThan(4_400);
    expect(r.summary.violations).toEqual([]);
  });

  it('Paxos Commit: an acceptor takes over at the first question and commits within half a second', () => {
    const r = run('2pc-paxos-commit.json');
    expect(r.decides.map((d) => d.outcome)).toEqual(['commit', 'commit']);
    for (const d of r.decides) expect(d.blockedMs).toBeLessThan(500);
    const takeover = r.trace.find((e) => e.kind === 'observe' && e.what === 'takeover');
    expect(takeover?.node).toBe(4); // A1
    expect(r.summary.violations).toEqual([]);
    expect(r.summary.stats.committed).toBe(3);
  });
});
