import type { TimedAction } from '../../kernel/actions';
import type { NodeId } from '../../kernel/protocol';
import { RandomStream } from '../../kernel/random';
import type { Micros } from '../../kernel/time';
import { parseScenario, SCENARIO_VERSION, type Scenario } from '../../scenario/schema';

/**
 * A seeded nemesis for membership changes (tests only), after the reporter's fuzzer of issue 9:
 * a small cluster with spares (some of them down), and a stretch of random addServer and
 * removeServer commands sent to any node (leader or not, up or not), forced elections, crashes,
 * restarts, partitions, one-way cuts and loss. Then every fault is healed at `healedAtUs`:
 * links restored, loss back to its base, every slot running (a spare added while it was down
 * must run for its configuration to have a majority). The run goes on long enough after the
 * heal for liveness to be judged.
 *
 * Everything follows from the seed, so the seed alone replays a run.
 */
export function membershipScenario(seed: number, config: Record<string, unknown> = {}): Scenario {
  const random = RandomStream.derive(seed, 'membership-nemesis');
  const nodes = random.int(2, 5);
  // Small first configurations (one or two members) are where single-server changes bite.
  const initialMembers = Array.from({ length: random.int(1, nodes) }, (_, i) => i);
  const spares = Array.from({ length: nodes }, (_, i) => i).filter((id) => !initialMembers.includes(id));
  const initiallyDown = spares.filter(() => random.chance(0.5));
  const baseLossRate = random.pick([0, 0, 0.02, 0.05]);
  const healedAtUs = random.int(1_000_000, 4_000_000);
  const untilUs = healedAtUs + 4_000_000;
  const { timeline, down } = nemesisMoves(random, nodes, healedAtUs, new Set(initiallyDown), baseLossRate);
  timeline.push(
    { at: healedAtUs, action: { kind: 'heal' }, by: 'nemesis' },
    { at: healedAtUs, action: { kind: 'network', lossRate: baseLossRate }, by: 'nemesis' },
    ...[...down].sort((a, b) => a - b).map((node): TimedAction => ({ at: healedAtUs, action: { kind: 'restart', node }, by: 'nemesis' })),
  );
  return parseScenario({
    version: SCENARIO_VERSION,
    seed,
    protocol: { name: 'raft', config: { preVote: seed % 2 === 0, initialMembers, ...config } },
    nodes,
    initiallyDown,
    network: { latencyUs: { min: 10_000, max: 15_000 }, lossRate: baseLossRate, duplicateRate: baseLossRate / 2 },
    workload: { kind: 'default' },
    timeline,
    untilUs,
    healedAtUs,
  });
}

/** The faulty stretch: one move every 20-400 ms until the heal. Returns the nodes left down. */
function nemesisMoves(
  random: RandomStream,
  nodes: number,
  healedAtUs: Micros,
  down: Set<NodeId>,
  baseLossRate: number,
): { timeline: TimedAction[]; down: Set<NodeId> } {
  const timeline: TimedAction[] = [];
  const anyNode = () => random.int(0, nodes - 1);
  for (let at = random.int(200_000, 600_000); at < healedAtUs; at += random.int(20_000, 400_000)) {
    const push = (action: TimedAction['action']) => timeline.push({ at, action, by: 'nemesis' });
    const move = random.int(0, 11);
    if (move <= 3) {
      const type = random.chance(0.5) ? 'addServer' : 'removeServer';
      push({ kind: 'command', node: anyNode(), command: { type, node: anyNode() } });
    } else if (move === 4) {
      push({ kind: 'command', node: anyNode(), command: { type: 'forceElection' } });
    } else if (move === 5) {
      const node = anyNode();
      down.add(node);
      push({ kind: 'crash', node });
    } else if (move === 6 && down.size > 0) {
      const node = random.pick([...down].sort((a, b) => a - b));
      down.delete(node);
      push({ kind: 'restart', node });
    } else if (move <= 8) {
      const shuffled = random.shuffled(Array.from({ length: nodes }, (_, i) => i));
      const cut = random.int(1, nodes - 1);
      push({ kind: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] });
    } else if (move === 9) {
      const from = anyNode();
      const to = (from + random.int(1, nodes - 1)) % nodes;
      push({ kind: 'cut', from, to, oneWay: random.chance(0.5) });
    } else if (move === 10) {
      push({ kind: 'network', lossRate: random.chance(0.5) ? random.int(5, 40) / 100 : baseLossRate });
    } else {
      push({ kind: 'heal' });
    }
  }
  return { timeline, down };
}
