import type { TimedAction } from '../kernel/actions';
import { RandomStream } from '../kernel/random';
import type { Micros } from '../kernel/time';

export interface ChaosOptions {
  seed: number;
  nodes: number;
  untilUs: Micros;
  /** Fraction of the run during which the nemesis acts; every fault is healed after it. */
  activeFraction?: number;
  /** Mean gap between two nemesis moves. */
  meanGapUs?: Micros;
  baseLossRate?: number;
  /**
   * Also freeze nodes for a while (pause faults: a long GC pause, a stopped VM). Off by default:
   * the pauses come from a stream of their own ("nemesis/pauses"), so turning them on adds them
   * without moving any other move of the nemesis, and leaving them off keeps every seed's run.
   */
  pauses?: boolean;
}

/**
 * A seeded nemesis (after Jepsen's): crashes and restarts, partitions, one-way cuts and loss
 * bursts during the first 75% of the run, then everything heals so liveness can be judged.
 * It never crashes a majority at once, so a correct protocol can always make progress again.
 */
export function chaosTimeline(o: ChaosOptions): { timeline: TimedAction[]; healedAtUs: Micros } {
  const random = RandomStream.derive(o.seed, 'nemesis');
  const healedAtUs = Math.floor(o.untilUs * (o.activeFraction ?? 0.75));
  const meanGap = o.meanGapUs ?? 400_000;
  const down = new Set<number>();
  const maxDown = Math.max(0, Math.floor((o.nodes - 1) / 2));
  const timeline: TimedAction[] = [];
  let at = random.int(meanGap / 2, meanGap * 2);
  const push = (action: TimedAction['action']) => timeline.push({ at, action, by: 'nemesis' });

  while (at < healedAtUs) {
    const move = random.int(0, 9);
    if (move <= 2) {
      const node = random.int(0, o.nodes - 1);
      if (down.has(node)) {
        down.delete(node);
        push({ kind: 'restart', node });
      } else if (down.size < maxDown) {
        down.add(node);
        push({ kind: 'crash', node });
      }
    } else if (move <= 4 && o.nodes > 1) {
      const shuffled = random.shuffled(Array.from({ length: o.nodes }, (_, i) => i));
      const cut = random.int(1, o.nodes - 1);
      push({ kind: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] });
    } else if (move <= 6 && o.nodes > 1) {
      const from = random.int(0, o.nodes - 1);
      const to = (from + random.int(1, o.nodes - 1)) % o.nodes;
      push({ kind: 'cut', from, to, oneWay: random.chance(0.5) });
    } else if (move === 7) {
      push({ kind: 'network', lossRate: random.int(5, 40) / 100 });
    } else if (move === 8) {
      push({ kind: 'network', lossRate: o.baseLossRate ?? 0 });
    } else {
      push({ kind: 'heal' });
    }
    at += random.int(meanGap / 4, meanGap * 2);
  }
  at = healedAtUs;
  push({ kind: 'heal' });
  push({ kind: 'network', lossRate: o.baseLossRate ?? 0 });
  for (const node of [...down].sort((a, b) => a - b)) push({ kind: 'restart', node });
  if (!o.pauses) return { timeline, healedAtUs };
  // Same-instant order: the nemesis's other moves first, then pauses and resumes (stable sort).
  const merged = [...timeline, ...pauseEpisodes(o, healedAtUs, meanGap)].sort((a, b) => a.at - b.at);
  return { timeline: merged, healedAtUs };
}

/**
 * Pause episodes during the active part: a node frozen for a tenth of a gap to two gaps, then
 * resumed, at most one episode per node at a time, every node resumed by the heal. A pause of a
 * node that the other moves crashed meanwhile changes nothing (FaultState.changesSomething).
 */
function pauseEpisodes(o: ChaosOptions, healedAtUs: Micros, meanGap: Micros): TimedAction[] {
  const random = RandomStream.derive(o.seed, 'nemesis/pauses');
  const out: TimedAction[] = [];
  const busyUntil = Array.from({ length: o.nodes }, () => 0);
  for (let at = random.int(meanGap / 2, meanGap * 3); at < healedAtUs; at += random.int(meanGap / 2, meanGap * 3)) {
    const node = random.int(0, o.nodes - 1);
    const length = random.int(Math.max(1, Math.floor(meanGap / 10)), meanGap * 2);
    if (busyUntil[node]! > at) continue;
    const resumeAt = Math.min(at + length, healedAtUs);
    busyUntil[node] = resumeAt + 1;
    out.push({ at, action: { kind: 'pause', node }, by: 'nemesis' });
    out.push({ at: resumeAt, action: { kind: 'resume', node }, by: 'nemesis' });
  }
  return out;
}
