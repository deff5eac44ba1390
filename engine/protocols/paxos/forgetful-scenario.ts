import { defaultScenario, type Scenario } from '../../scenario/schema';

/**
 * The one moment an acceptor's durable promise matters, staged (Paxos Made Simple §2.3): two
 * proposers, three acceptors, a learner, and links whose latencies are set so that
 *
 *   5 ms   A1 and A2 promise P1's ballot 1.P1; A3 promises P2's 1.P2 (higher)
 *   7 ms   A1 promises 1.P2 as well
 *   8 ms   A1 crashes, and is back at 9 ms (its promise to P2 is on its way already)
 *   10 ms  P1 has a majority of promises and sends Accept(1.P1, 10)
 *   14 ms  P2 has its majority (A1, A3), nobody reported a value: it sends Accept(1.P2, 20)
 *   15 ms  Accept(1.P1, 10) reaches A1 and A2
 *   19, 21 ms  Accept(1.P2, 20) reaches A3, then A1
 *
 * A1 remembers its promise of 1.P2 and refuses 1.P1 at 15 ms, so only 20 is ever chosen. An A1
 * that forgot its promise in the crash accepts 1.P1 with A2 (10 is chosen) and then 1.P2 (20
 * would be chosen too): the monitor stops the run at A1's second acceptance. The mutation test
 * plants exactly that bug; the unmutated protocol must pass. (A crash loses the messages on their
 * way to the node, so the crash comes before P1's Accept leaves.)
 */
export function forgetfulAcceptorScenario(): Scenario {
  const [p1, p2, a1, a2, a3] = [0, 1, 2, 3, 4];
  const ms = (n: number) => ({ min: n * 1000, max: n * 1000 });
  return {
    ...defaultScenario({
      protocol: 'paxos',
      seed: 1,
      untilUs: 200_000,
      topology: {
        groups: [
          { kind: 'proposer', count: 2 },
          { kind: 'acceptor', count: 3 },
          { kind: 'learner', count: 1 },
        ],
      },
      config: { strategy: 'distinguished', startJitterMs: 0, phaseTimeoutMs: 500, backoffMinMs: 500, backoffMaxMs: 500 },
      network: {
        latencyUs: ms(10),
        links: [
          { from: p1, to: a1, latencyUs: ms(5) },
          { from: p1, to: a2, latencyUs: ms(5) },
          { from: p1, to: a3, latencyUs: ms(50) },
          { from: p2, to: a1, latencyUs: ms(7) },
          { from: p2, to: a2, latencyUs: ms(50) },
          { from: p2, to: a3, latencyUs: ms(5) },
        ],
      },
      workload: { kind: 'none' },
      timeline: [
        { at: 8_000, action: { kind: 'crash', node: a1 } },
        { at: 9_000, action: { kind: 'restart', node: a1 } },
      ],
    }),
  };
}
