import type { Action, TimedAction } from '../kernel/actions';
import type { NodeId } from '../kernel/protocol';
import { RandomStream } from '../kernel/random';
import type { Micros } from '../kernel/time';
import { chaosTimeline } from './chaos';
import type { Scenario } from './schema';
import { ScenarioError } from './version';

/**
 * A steering nemesis for leader-based consensus (it speaks Raft's commands). The random nemesis
 * (chaos.ts) rarely lines up the few-millisecond coincidences that classic Raft bugs need: a
 * leader cut off just after it replicated to a minority, two candidates in one term, a message
 * from a deposed leader arriving after a new term began. This one cannot read the run either
 * (its faults are data decided from the seed, DESIGN.md invariant 5), but it can steer it:
 * `forceElection` makes a chosen node campaign at once, so a schedule chooses who leads, has it
 * write, and cuts it off within one link latency of what it just sent.
 *
 * The run is cut into episodes, each a schedule drawn from the seed that starts and ends healed
 * with every node up; after the active part, everything heals (as in chaos.ts) so liveness can be
 * judged. Timings come from the scenario's link latency (min r, max R): a message sent at t is
 * due in [t + r, t + R], so "after every RequestVote arrived but before the winner's first
 * AppendEntries can" is the window (t + R, t + 3r).
 */

export const STEERING_SCHEDULES = [
  /** A leader and at most one follower are cut off right after a write; the rest elect another. */
  'split-brain',
  /** A leader stops hearing (or its messages are delayed by a latency spike) while another takes over. */
  'stale-leader',
  /** Figure 8 of the paper: leaders crash and come back in turn, an old-term entry reaches a majority. */
  'figure8',
  /** Two candidates in one term; the voters in between crash and restart. */
  'vote-amnesia',
  /** A node misses committed writes behind a partition, then campaigns at once. */
  'lagging-candidate',
  /** Servers are removed and added while partitions come and go. */
  'membership',
] as const;

export type SteeringSchedule = (typeof STEERING_SCHEDULES)[number];

export interface SteeringOptions {
  seed: number;
  nodes: number;
  untilUs: Micros;
  /** The scenario's link latency; the schedules time their cuts against it. */
  latencyUs: { min: Micros; max: Micros };
  /** Fraction of the run during which the nemesis acts (default 0.75); every fault heals after. */
  activeFraction?: number;
  /** The loss rate to restore at the heal (the scenario's). */
  baseLossRate?: number;
  /** The schedules to mix, one drawn per episode (default: all). */
  schedules?: readonly SteeringSchedule[];
  /** Slots down at time 0 and outside the first configuration: `membership` adds them. */
  spares?: readonly NodeId[];
  /** Quiet time after each episode, for the cluster to elect and commit again (default 300 ms). */
  settleUs?: Micros;
}

/** The minimum number of members the schedules need (a leader, a rival and a voter). */
export const STEERING_MIN_MEMBERS = 3;

const MS = 1000;

/** An episode's script: actions appended at a cursor that only moves forward. */
class Script {
  readonly timeline: TimedAction[] = [];
  /** Nodes this nemesis crashed and has not restarted (spares it retired are not among them). */
  readonly down = new Set<NodeId>();

  /** `values` numbers the writes of every episode of the run, so no two share a value. */
  constructor(
    public at: Micros,
    private readonly values: { next: number },
  ) {}

  wait(us: Micros): void {
    this.at += Math.max(0, Math.round(us));
  }

  /** Moves the cursor to `at`, or leaves it where it is if it is already later. */
  waitUntil(at: Micros): void {
    this.at = Math.max(this.at, Math.round(at));
  }

  act(action: Action): void {
    this.timeline.push({ at: this.at, action, by: 'nemesis' });
  }

  command(node: NodeId, command: { type: string; [field: string]: unknown }): void {
    this.act({ kind: 'command', node, command });
  }

  forceElection(node: NodeId): void {
    this.command(node, { type: 'forceElection' });
  }

  /** A client write at `node`, with a value no workload operation has, to trace it by eye. */
  write(node: NodeId): void {
    this.command(node, { type: 'write', value: this.values.next++ });
  }

  crash(node: NodeId): void {
    this.down.add(node);
    this.act({ kind: 'crash', node });
  }

  restart(node: NodeId): void {
    this.down.delete(node);
    this.act({ kind: 'restart', node });
  }

  partition(...groups: NodeId[][]): void {
    this.act({ kind: 'partition', groups: groups.map((g) => [...g].sort((a, b) => a - b)) });
  }

  /** Nothing `from` sends reaches `to` any more (what is on the wire is lost on arrival). */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.act({ kind: 'cut', from, to, oneWay: true });
  }

  heal(): void {
    this.act({ kind: 'heal' });
  }
}

interface Cluster {
  random: RandomStream;
  /** The first configuration, as the nemesis believes it (a change it asked for may be refused). */
  members: NodeId[];
  /** Spares not yet used. */
  spares: NodeId[];
  /** r and R: the shortest and longest one-way latency. */
  r: Micros;
  R: Micros;
}

/** `count` distinct members, in random order. */
function pickMembers(c: Cluster, count: number): NodeId[] {
  return c.random.shuffled(c.members).slice(0, count);
}

/**
 * Makes `node` lead: it campaigns at once (no Pre-Vote) and wins if its log is up to date and
 * no vote is lost. It campaigns twice: a node whose first campaign failed has caught up from
 * whoever won meanwhile, and one that won wins again (its log is the most up to date).
 */
function lead(s: Script, c: Cluster, node: NodeId): void {
  s.forceElection(node);
  s.wait(c.random.int(200 * MS, 300 * MS));
  s.forceElection(node);
  s.wait(c.random.int(120 * MS, 200 * MS));
}

/**
 * A leader replicates a write, and right after (somewhere inside one heartbeat) it and at most
 * one follower are cut off: the newest entries are on a minority. The majority elects a rival
 * at once; the heal comes before the old leader's check-quorum deposes it, so its AppendEntries
 * of the old term meet followers of the new one.
 */
function splitBrain(s: Script, c: Cluster): void {
  const [leader, rival, ...rest] = pickMembers(c, c.members.length);
  lead(s, c, leader!);
  s.write(leader!);
  s.wait(c.random.int(0, 60 * MS));
  const buddy = rest.length >= 2 && c.random.chance(0.6) ? [rest.pop()!] : [];
  s.partition([leader!, ...buddy], [rival!, ...rest]);
  s.write(leader!);
  s.wait(c.random.int(0, 2 * c.R));
  s.forceElection(rival!);
  const campaign = s.at;
  for (let i = c.random.int(1, 3); i > 0; i--) {
    s.wait(c.random.int(10 * MS, 20 * MS));
    s.write(leader!);
  }
  // The rival has led and committed for a heartbeat or two; the old leader's check-quorum has
  // not yet deposed it (that takes a maximum election timeout without a majority's answers).
  s.waitUntil(campaign + c.random.int(90 * MS, 170 * MS));
  s.heal();
}

/**
 * A leader goes deaf (every link into it cut one way, and the one to the rival it is replaced
 * by) or its messages are held back by a latency spike, and another node takes over. The old
 * leader keeps sending AppendEntries of its old term, or its delayed ones arrive late, at
 * followers already in the new term.
 */
function staleLeader(s: Script, c: Cluster): void {
  const [leader, rival] = pickMembers(c, 2);
  lead(s, c, leader!);
  if (c.random.chance(0.5)) {
    // The rival does not hear it either, so it can win and lead while the others hear both.
    for (const node of c.members) if (node !== leader) s.cutOneWay(node, leader!);
    s.cutOneWay(leader!, rival!);
    s.write(leader!);
    s.wait(c.random.int(0, 2 * c.R));
    s.forceElection(rival!);
    s.wait(c.random.int(100 * MS, 180 * MS));
    s.heal();
  } else {
    const spikeUs = c.random.int(250 * MS, 600 * MS);
    s.act({ kind: 'network', latencyUs: { min: c.r, max: spikeUs } });
    s.write(leader!);
    // At least one heartbeat of the leader goes out slow.
    s.wait(c.random.int(50 * MS, 90 * MS));
    s.act({ kind: 'network', latencyUs: { min: c.r, max: c.R } });
    s.forceElection(rival!);
    s.wait(spikeUs + 50 * MS);
  }
}

/**
 * Figure 8: S1 (here `old`) leads and appends entries only it has; S5 (`rogue`) wins the next
 * term and appends an entry nobody receives (its outgoing links are cut once its RequestVotes
 * arrived), then crashes; S1 comes back, leads again and replicates its old-term entries to a
 * majority, and crashes before its own term's entries follow; S5 restarts and campaigns twice
 * (its term is one behind). A leader that commits old-term entries by counting replicas has
 * then committed entries S5 overwrites.
 */
function figure8(s: Script, c: Cluster): void {
  const [old, rogue, ...others] = pickMembers(c, c.members.length);
  lead(s, c, old!);
  s.partition([old!], [rogue!, ...others]);
  // Enough entries that, in batches of a few, the old leader's own no-op trails them by
  // several round trips when it leads again: the window in which it must crash.
  for (let i = c.random.int(6, 12); i > 0; i--) {
    s.write(old!);
    s.wait(c.random.int(1 * MS, 5 * MS));
  }
  s.wait(c.random.int(0, 20 * MS));
  s.forceElection(rogue!);
  // Every RequestVote has arrived after R; the winner's first AppendEntries cannot before 3r.
  s.wait(c.R + 1 + c.random.int(0, Math.max(0, 3 * c.r - c.R - 2)));
  for (const node of others) s.cutOneWay(rogue!, node);
  s.wait(Math.max(2 * c.R + 1, 3 * c.r) + c.random.int(0, 15 * MS));
  s.crash(rogue!);
  s.heal();
  // Two campaigns: the first lands in the rogue's term, whose votes are gone.
  s.forceElection(old!);
  s.wait(1 * MS);
  s.forceElection(old!);
  // It wins about 2R later, probes each follower once (2R) and ships the first old-term
  // entries (2R more): a buggy leader commits them then, while its no-op is still behind.
  s.wait(6 * c.R + c.random.int(-10 * MS, 60 * MS));
  s.crash(old!);
  s.restart(rogue!);
  s.forceElection(rogue!);
  s.wait(1 * MS);
  s.forceElection(rogue!);
  s.wait(c.random.int(150 * MS, 300 * MS));
  s.restart(old!);
}

/**
 * Two candidates in one term. Either at the same instant, or: `first` campaigns with a bare
 * majority around it, those voters crash after voting (before its first AppendEntries can reach
 * them) and restart, and `second`, the old leader, campaigns in the same term among them. A
 * voter that forgot its vote (or its term) elects a second leader of that term.
 *
 * Both campaigns need logs at least as up to date as the voters'. `second` leads, so its log is;
 * the voters are first kept from hearing it for about a heartbeat, so that `first`, which keeps
 * hearing it, is ahead of them too.
 */
function voteAmnesia(s: Script, c: Cluster): void {
  const [second, first, ...others] = pickMembers(c, c.members.length);
  lead(s, c, second!);
  if (c.random.chance(0.2)) {
    s.forceElection(first!);
    s.forceElection(second!);
    s.wait(c.random.int(150 * MS, 250 * MS));
    return;
  }
  // With `first`, the voters are a bare majority.
  const voters = others.slice(0, Math.floor(c.members.length / 2));
  const bystanders = others.slice(voters.length);
  for (const voter of voters) s.cutOneWay(second!, voter);
  s.wait(c.random.int(55 * MS, 75 * MS));
  s.heal();
  s.partition([first!, ...voters], [second!, ...bystanders]);
  s.wait(1 * MS);
  s.forceElection(first!);
  const campaign = s.at;
  s.wait(c.R + 1 + c.random.int(0, Math.max(0, 3 * c.r - c.R - 2)));
  for (const voter of voters) s.crash(voter);
  // Their grants reach `first` by 2R; it stays cut off from them from then on, so what it
  // sends as leader never reaches them, before or after they restart.
  s.waitUntil(campaign + 2 * c.R + 1);
  s.partition([second!, ...voters, ...bystanders], [first!]);
  for (const voter of voters) s.restart(voter);
  s.forceElection(second!);
  s.wait(c.random.int(100 * MS, 200 * MS));
  s.heal();
}

/** A node misses committed entries behind a partition and campaigns the moment it heals. */
function laggingCandidate(s: Script, c: Cluster): void {
  const [lagging] = pickMembers(c, 1);
  s.partition([lagging!], c.members.filter((n) => n !== lagging));
  s.wait(c.random.int(200 * MS, 500 * MS));
  s.heal();
  s.wait(c.random.int(0, 2 * c.R));
  s.forceElection(lagging!);
  s.wait(c.random.int(100 * MS, 200 * MS));
}

/** Asks for a configuration change several times at different nodes: any one may be refused. */
function changeMembership(s: Script, c: Cluster, change: 'addServer' | 'removeServer', node: NodeId, via: NodeId[]): void {
  for (let i = 0; i < 4; i++) {
    s.command(via[i % via.length]!, { type: change, node });
    s.wait(c.random.int(60 * MS, 120 * MS));
  }
}

/**
 * Membership changes under partitions: a spare joins (or a crashed member is removed) while the
 * cluster is split, then the change is undone. The nemesis cannot know which request commits,
 * so it repeats each one; a server it removed is added back before the episode ends (a removed
 * server that never hears of its removal would otherwise keep campaigning).
 */
function membership(s: Script, c: Cluster): void {
  const [leader, other, ...rest] = pickMembers(c, c.members.length);
  lead(s, c, leader!);
  const split = () => {
    const shuffled = c.random.shuffled(c.members);
    const cut = c.random.int(1, c.members.length - 1);
    s.partition(shuffled.slice(0, cut), shuffled.slice(cut));
  };
  const spare = c.spares.length > 0 && c.random.chance(0.5) ? c.spares.shift()! : null;
  if (spare !== null) {
    s.restart(spare);
    s.command(leader!, { type: 'addServer', node: spare });
    s.wait(c.random.int(0, 3 * c.R));
    split();
    s.wait(c.random.int(100 * MS, 300 * MS));
    s.forceElection(c.random.pick([other!, ...rest]));
    s.wait(c.random.int(50 * MS, 150 * MS));
    s.heal();
    changeMembership(s, c, 'addServer', spare, [leader!, other!]);
    // Retired: crashed first, so it cannot campaign if it never hears of its removal.
    s.crash(spare);
    s.down.delete(spare);
    changeMembership(s, c, 'removeServer', spare, [leader!, other!, ...rest]);
  } else {
    s.crash(other!);
    s.command(leader!, { type: 'removeServer', node: other! });
    s.wait(c.random.int(0, 3 * c.R));
    split();
    s.wait(c.random.int(100 * MS, 300 * MS));
    s.forceElection(c.random.pick([leader!, ...rest]));
    s.wait(c.random.int(50 * MS, 150 * MS));
    s.heal();
    changeMembership(s, c, 'removeServer', other!, [leader!, ...rest]);
    s.restart(other!);
    changeMembership(s, c, 'addServer', other!, [leader!, ...rest]);
  }
}

const EPISODES: Record<SteeringSchedule, (s: Script, c: Cluster) => void> = {
  'split-brain': splitBrain,
  'stale-leader': staleLeader,
  figure8,
  'vote-amnesia': voteAmnesia,
  'lagging-candidate': laggingCandidate,
  membership,
};

export interface SteeringResult {
  timeline: TimedAction[];
  healedAtUs: Micros;
  /** Which schedule ran when, for the story of a run (a violation's time falls in one). */
  episodes: { schedule: SteeringSchedule; fromUs: Micros; toUs: Micros }[];
}

/**
 * The steering nemesis's timeline for one seed: episodes of the chosen schedules, one after
 * another, until the heal. Throws a RangeError when the cluster has too few members to steer.
 */
export function steeringTimeline(o: SteeringOptions): SteeringResult {
  const spares = [...new Set(o.spares ?? [])].filter((n) => n >= 0 && n < o.nodes).sort((a, b) => a - b);
  const members = Array.from({ length: o.nodes }, (_, i) => i).filter((n) => !spares.includes(n));
  if (members.length < STEERING_MIN_MEMBERS) {
    throw new RangeError(`the steering nemesis needs at least ${STEERING_MIN_MEMBERS} members, got ${members.length}`);
  }
  const schedules = o.schedules ?? STEERING_SCHEDULES;
  if (schedules.length === 0) throw new RangeError('the steering nemesis needs at least one schedule');
  const random = RandomStream.derive(o.seed, 'nemesis/steering');
  const cluster: Cluster = { random, members, spares, r: o.latencyUs.min, R: o.latencyUs.max };
  const healedAtUs = Math.floor(o.untilUs * (o.activeFraction ?? 0.75));
  const settleUs = o.settleUs ?? 300 * MS;

  const timeline: TimedAction[] = [];
  const episodes: SteeringResult['episodes'] = [];
  // Far above the workload's values (operation numbers), so the nemesis's writes stand out.
  const values = { next: 1_000_000_000 };
  let at = random.int(settleUs, 2 * settleUs);
  for (;;) {
    const episode = new Script(at, values);
    const schedule = random.pick(schedules);
    EPISODES[schedule](episode, cluster);
    // Each episode ends healed, at the scenario's latency, with every member it crashed back up.
    episode.heal();
    for (const node of [...episode.down].sort((a, b) => a - b)) episode.restart(node);
    // An episode that would run past the heal is left out whole: half of one could leave a
    // server removed or a spare running that the heal does not know about.
    if (episode.at >= healedAtUs) break;
    timeline.push(...episode.timeline);
    episodes.push({ schedule, fromUs: at, toUs: episode.at });
    at = episode.at + random.int(settleUs, 2 * settleUs);
  }
  const final = new Script(healedAtUs, values);
  final.heal();
  final.act({ kind: 'network', latencyUs: { ...o.latencyUs }, lossRate: o.baseLossRate ?? 0 });
  return { timeline: [...timeline, ...final.timeline], healedAtUs, episodes };
}

/** What `--nemesis` names: chaos.ts's random faults, every steering schedule mixed, or one of them. */
export type NemesisName = 'random' | 'steering' | SteeringSchedule;
export const NEMESIS_NAMES: readonly NemesisName[] = ['random', 'steering', ...STEERING_SCHEDULES];

export function isNemesisName(name: string): name is NemesisName {
  return (NEMESIS_NAMES as readonly string[]).includes(name);
}

/** The schedules a steering nemesis name stands for (null for the random nemesis). */
export function schedulesOf(name: NemesisName): readonly SteeringSchedule[] | null {
  if (name === 'random') return null;
  return name === 'steering' ? STEERING_SCHEDULES : [name];
}

/**
 * `scenario` with the named nemesis's timeline merged into its own (for the CLI's `--chaos` and
 * `--nemesis`, and experiments). The random nemesis is exactly what `--chaos` always added; a
 * steering one drives Raft's commands, treats the scenario's `initiallyDown` slots as spares
 * and times its cuts against the scenario's latency. Throws a ScenarioError on a mismatch.
 * `pauses` lets the random nemesis also freeze nodes (ChaosOptions.pauses).
 */
export function withNemesis(scenario: Scenario, name: NemesisName, options: { pauses?: boolean } = {}): Scenario {
  const { seed, nodes, untilUs, network } = scenario;
  const schedules = schedulesOf(name);
  let added: { timeline: TimedAction[]; healedAtUs: Micros };
  if (schedules === null) {
    added = chaosTimeline({ seed, nodes, untilUs, baseLossRate: network.lossRate, ...(options.pauses ? { pauses: true } : {}) });
  } else {
    if (scenario.protocol.name !== 'raft') {
      throw new ScenarioError(`the ${name} nemesis steers Raft (forceElection, write, addServer); use --chaos for ${scenario.protocol.name}`);
    }
    try {
      added = steeringTimeline({ seed, nodes, untilUs, latencyUs: network.latencyUs, baseLossRate: network.lossRate, spares: scenario.initiallyDown, schedules });
    } catch (error) {
      throw new ScenarioError((error as Error).message);
    }
  }
  return { ...scenario, timeline: [...scenario.timeline, ...added.timeline].sort((a, b) => a.at - b.at), healedAtUs: added.healedAtUs };
}
