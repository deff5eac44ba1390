import type { TimedAction } from '../../kernel/actions';
import type { RandomStream } from '../../kernel/random';
import type { Micros } from '../../kernel/time';

/**
 * Bounces (turmoil's word): a node crashes and is back a few milliseconds later, within one
 * message's flight. That is when an acceptor's durable state matters most: a promise it made just
 * before the crash meets, just after the restart, an Accept of a lower ballot still in flight.
 * The random nemesis restarts nodes after tens of milliseconds, too late to meet those messages.
 */
export function bounces(random: RandomStream, nodes: readonly number[], fromUs: Micros, untilUs: Micros, meanGapUs: Micros): TimedAction[] {
  const out: TimedAction[] = [];
  for (let at = fromUs + random.int(0, meanGapUs); at < untilUs; at += random.int(meanGapUs / 2, (meanGapUs * 3) / 2)) {
    const node = nodes[random.int(0, nodes.length - 1)]!;
    out.push({ at, action: { kind: 'crash', node }, by: 'nemesis' });
    out.push({ at: at + random.int(500, 4_000), action: { kind: 'restart', node }, by: 'nemesis' });
  }
  return out;
}
