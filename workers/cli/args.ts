import { MAX_SEEDS } from '../../engine/experiments/spec';
import { isNemesisName, NEMESIS_NAMES, type NemesisName } from '../../engine/scenario/nemesis';
import { MAX_NODES, MAX_UNTIL_US } from '../../engine/scenario/schema';

/** The headless runner's flags, parsed strictly: a wrong flag is bad input, never a guess. */
export interface SimArgs {
  protocol: string | null;
  /** `--nodes N`: how many nodes of the protocol's main kind (servers, members). */
  nodes: number | null;
  /** `--group KIND=COUNT` (repeatable): the other groups' sizes; 0 leaves a default group out. */
  groups: Record<string, number>;
  /** `--link-latency FROM,TO,MIN,MAX` (repeatable): node names or ids, milliseconds; both ways. */
  linkLatency: { from: string; to: string; minUs: number; maxUs: number }[];
  /**
   * `--slow NODE,DELAY[,FROM[,TO]]` (repeatable): the node is slow (kernel `slow` fault: what
   * reaches it waits DELAY ms before it is handled) from FROM ms (default 0) to TO ms (default:
   * the run's end); added to the scenario's timeline, so the run is a scenario file with it.
   */
  slow: { node: string; delayUs: number; fromUs: number; toUs: number | null }[];
  seed: number | null;
  untilMs: number | null;
  /** `--scenario`: a file path or a share link (a whole URL or its fragment); sim.ts tells which. */
  scenarioFile: string | null;
  runner: 'inprocess' | 'workers';
  /** `--chaos` (the random nemesis) or `--nemesis NAME`; null: no nemesis. */
  nemesis: NemesisName | null;
  /**
   * `--workload`: the protocol's default, none, one operation every `intervalMs`, or (`kv:...`) a
   * key-value load: `keys` and `reads` become the protocol's settings `kvKeys` and `readFraction`.
   */
  workload: 'default' | 'none' | WorkloadFlag;
  json: boolean;
  /** `--memory`: also report the heap the run holds (after a forced GC) and the peak RSS. */
  memory: boolean;
  help: boolean;
  /** `--seeds A..B`: run every seed of the range (inclusive) on a pool of worker threads. */
  seeds: { from: number; to: number } | null;
  /** `--experiment NAME|FILE`: a built-in experiment or an experiment file. */
  experiment: string | null;
  /** `--workers N`: pool size for --seeds and --experiment (default: one per core). */
  workers: number | null;
  /** `--csv FILE`: also write one row per run there. */
  csvFile: string | null;
}

export interface WorkloadFlag {
  intervalMs?: number;
  keys?: number;
  reads?: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run sim -- [--protocol NAME --nodes N [--group KIND=COUNT ...] [--link-latency FROM,TO,MIN,MAX ...] --seed S --until MS | --scenario FILE|LINK]
                    [--runner inprocess|workers] [--chaos | --nemesis NAME] [--workload default|none|MS|kv:keys=K,reads=R,interval=MS] [--json] [--memory]
       npm run sim -- (--protocol NAME ... | --scenario FILE|LINK) --seeds A..B [--chaos | --nemesis NAME] [--workers N] [--csv FILE] [--json]
       npm run sim -- --experiment NAME|FILE [--seeds A..B] [--workers N] [--csv FILE] [--json]
--nodes sizes the protocol's main group (Raft's servers, ping's members); --group sizes another kind (ping: --group observer=2)
--link-latency gives one link its own latency range in ms, both ways (--link-latency S1,O1,1,2); nodes by name or id
--slow NODE,DELAY[,FROM[,TO]] makes a node slow: what reaches it waits DELAY ms before it is handled, from FROM to TO ms (--slow S1,1500,2000)
--scenario takes a scenario file or a share link: a whole URL (quote it: it has a '#') or its fragment "s1...."
--chaos is --nemesis random; --nemesis steering (Raft only) mixes schedules that steer elections: ${NEMESIS_NAMES.slice(2).join(', ')} (each also a NAME)
--seeds runs every seed from A to B, one in-process run per seed on a pool of worker threads (one per core)
--workload kv:keys=5,reads=0.3,interval=50ms spreads reads (30%) and writes over keys k1..k5, one operation every 50 ms (each part optional)
--memory adds the heap the finished run holds (after a forced garbage collection) and the peak RSS
--experiment runs a built-in experiment (figure16, figure16-jitter, figure16-scaled) or an experiment file; see docs/experiments.md
exit codes: 0 safe, 1 an invariant was violated, 2 bad input`;

function seedRange(raw: string | undefined): { from: number; to: number } {
  const match = raw === undefined ? null : /^(\d{1,10})\.\.(\d{1,10})$/.exec(raw);
  const from = match ? Number(match[1]) : NaN;
  const to = match ? Number(match[2]) : NaN;
  if (!match || from > 0xffffffff || to > 0xffffffff || from > to) {
    throw new UsageError(`--seeds must be A..B, whole numbers from 0 to 4294967295 with A <= B, got "${raw ?? ''}"`);
  }
  if (to - from + 1 > MAX_SEEDS) throw new UsageError(`--seeds may name at most ${MAX_SEEDS} seeds, got ${to - from + 1}`);
  return { from, to };
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value`);
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** `kv:keys=5,reads=0.3,interval=50ms` (any of the three, in any order). */
function kvWorkload(raw: string): WorkloadFlag {
  const flag: WorkloadFlag = {};
  const parts = raw.slice(3).split(',').filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError('--workload kv: needs keys=K, reads=R or interval=MS, e.g. kv:keys=5,reads=0.3,interval=50ms');
  for (const part of parts) {
    const [name, value] = part.split('=', 2) as [string, string | undefined];
    if (name === 'keys') flag.keys = integer('--workload kv: keys', value, 1, 1000);
    else if (name === 'interval') flag.intervalMs = integer('--workload kv: interval', value?.replace(/ms$/, ''), 1, 3_600_000);
    else if (name === 'reads') {
      const reads = Number(value);
      if (value === undefined || !/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value) || !(reads >= 0 && reads <= 1)) {
        throw new UsageError(`--workload kv: reads must be a fraction from 0 to 1, got "${value ?? ''}"`);
      }
      flag.reads = reads;
    } else throw new UsageError(`--workload kv: knows keys, reads and interval, got "${part}"`);
  }
  return flag;
}

export function parseArgs(argv: readonly string[]): SimArgs {
  const args: SimArgs = {
    protocol: null,
    nodes: null,
    groups: Object.create(null) as Record<string, number>,
    linkLatency: [],
    slow: [],
    seed: null,
    untilMs: null,
    scenarioFile: null,
    runner: 'inprocess',
    nemesis: null,
    workload: 'default',
    json: false,
    memory: false,
    help: false,
    seeds: null,
    experiment: null,
    workers: null,
    csvFile: null,
  };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    given.add(flag);
    switch (flag) {
      case '--protocol': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--protocol needs a name');
        args.protocol = v;
        break;
      }
      case '--nodes':
        args.nodes = integer(flag, value(), 1, MAX_NODES);
        break;
      case '--group': {
        const v = value() ?? '';
        const match = /^([a-z][a-zA-Z0-9-]{0,31})=(\d{1,3})$/.exec(v);
        if (!match) throw new UsageError(`--group must be KIND=COUNT (a kind's name and a whole number), got "${v}"`);
        if (match[1]! in args.groups) throw new UsageError(`--group ${match[1]} is given twice`);
        args.groups[match[1]!] = integer(flag, match[2], 0, MAX_NODES);
        break;
      }
      case '--link-latency': {
        const v = value() ?? '';
        const parts = v.split(',');
        const ms = (raw: string | undefined) => (raw !== undefined && /^\d+(\.\d{1,3})?$/.test(raw) ? Math.round(Number(raw) * 1000) : NaN);
        const [from, to, min, max] = [parts[0] ?? '', parts[1] ?? '', ms(parts[2]), ms(parts[3])];
        if (parts.length !== 4 || !from || !to || !(min >= 1) || !(max >= min)) {
          throw new UsageError(`--link-latency must be FROM,TO,MIN,MAX (two nodes, then milliseconds with MIN > 0 and MAX >= MIN), got "${v}"`);
        }
        args.linkLatency.push({ from, to, minUs: min, maxUs: max });
        break;
      }
      case '--slow': {
        const v = value() ?? '';
        const parts = v.split(',');
        const ms = (raw: string | undefined) => (raw !== undefined && /^\d+(\.\d{1,3})?$/.test(raw) ? Math.round(Number(raw) * 1000) : NaN);
        const delayUs = ms(parts[1]);
        const fromUs = parts[2] === undefined ? 0 : ms(parts[2]);
        const toUs = parts[3] === undefined ? null : ms(parts[3]);
        if (parts.length < 2 || parts.length > 4 || !parts[0] || !(delayUs >= 1 && delayUs <= 60_000_000) || !(fromUs >= 0) || (toUs !== null && !(toUs > fromUs))) {
          throw new UsageError(`--slow must be NODE,DELAY[,FROM[,TO]] (a node, then milliseconds: DELAY from 0.001 to 60000, TO after FROM), got "${v}"`);
        }
        args.slow.push({ node: parts[0], delayUs, fromUs, toUs });
        break;
      }
      case '--seed':
        args.seed = integer(flag, value(), 0, 0xffffffff);
        break;
      case '--until':
        args.untilMs = integer(flag, value(), 1, MAX_UNTIL_US / 1000);
        break;
      case '--scenario': {
        const v = value();
        if (!v) throw new UsageError('--scenario needs a file or a link');
        args.scenarioFile = v;
        break;
      }
      case '--runner': {
        const v = value();
        if (v !== 'inprocess' && v !== 'workers') throw new UsageError(`--runner must be inprocess or workers, got "${v ?? ''}"`);
        args.runner = v;
        break;
      }
      case '--chaos':
        if (args.nemesis !== null && args.nemesis !== 'random') throw new UsageError(`--chaos is the random nemesis: it cannot go with --nemesis ${args.nemesis}`);
        args.nemesis = 'random';
        break;
      case '--nemesis': {
        const v = value();
        if (v === undefined || !isNemesisName(v)) throw new UsageError(`--nemesis must be one of ${NEMESIS_NAMES.join(', ')}, got "${v ?? ''}"`);
        if (given.has('--chaos') && v !== 'random') throw new UsageError(`--chaos is the random nemesis: it cannot go with --nemesis ${v}`);
        args.nemesis = v;
        break;
      }
      case '--workload': {
        const v = value();
        if (v === 'default' || v === 'none') args.workload = v;
        else if (v?.startsWith('kv:')) args.workload = kvWorkload(v);
        else args.workload = { intervalMs: integer(flag, v, 1, 3_600_000) };
        break;
      }
      case '--json':
        args.json = true;
        break;
      case '--memory':
        args.memory = true;
        break;
      case '--seeds':
        args.seeds = seedRange(value());
        break;
      case '--experiment': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--experiment needs a name or a file');
        args.experiment = v;
        break;
      }
      case '--workers':
        args.workers = integer(flag, value(), 1, 256);
        break;
      case '--csv': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--csv needs a file name');
        args.csvFile = v;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown flag "${flag}"`);
    }
  }
  if (args.help) return args;
  if (args.memory && (args.experiment || args.seeds)) throw new UsageError('--memory measures one run: drop --seeds or --experiment');
  if (args.experiment) {
    for (const flag of ['--protocol', '--scenario', '--nodes', '--group', '--link-latency', '--slow', '--seed', '--until', '--runner', '--chaos', '--nemesis', '--workload']) {
      if (given.has(flag)) throw new UsageError(`${flag} cannot be combined with --experiment (the experiment decides its scenario)`);
    }
    return args;
  }
  if (!args.protocol && !args.scenarioFile) throw new UsageError('give --protocol NAME or --scenario FILE (or a share link), or --experiment NAME');
  if (args.scenarioFile) {
    for (const flag of ['--nodes', '--group', '--link-latency']) {
      if (given.has(flag)) throw new UsageError(`${flag} goes with --protocol: a scenario file or link states its own topology and network`);
    }
  }
  if (args.seeds) {
    if (given.has('--seed')) throw new UsageError('give --seed S or --seeds A..B, not both');
    if (given.has('--runner')) throw new UsageError('--seeds runs each seed with the in-process runner on a pool of worker threads: drop --runner');
  } else {
    if (args.workers !== null) throw new UsageError('--workers goes with --seeds or --experiment');
    if (args.csvFile !== null) throw new UsageError('--csv goes with --seeds or --experiment');
  }
  return args;
}
