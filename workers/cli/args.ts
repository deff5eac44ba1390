import { MAX_NODES, MAX_UNTIL_US } from '../../engine/scenario/schema';

/** The headless runner's flags, parsed strictly: a wrong flag is bad input, never a guess. */
export interface SimArgs {
  protocol: string | null;
  nodes: number | null;
  seed: number | null;
  untilMs: number | null;
  /** `--scenario`: a file path or a share link (a whole URL or its fragment); sim.ts tells which. */
  scenarioFile: string | null;
  runner: 'inprocess' | 'workers';
  chaos: boolean;
  workload: 'default' | 'none' | { intervalMs: number };
  json: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run sim -- [--protocol NAME --nodes N --seed S --until MS | --scenario FILE|LINK]
                    [--runner inprocess|workers] [--chaos] [--workload default|none|MS] [--json]
--scenario takes a scenario file or a share link: a whole URL (quote it: it has a '#') or its fragment "s1...."
exit codes: 0 safe, 1 an invariant was violated, 2 bad input`;

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value`);
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function parseArgs(argv: readonly string[]): SimArgs {
  const args: SimArgs = {
    protocol: null,
    nodes: null,
    seed: null,
    untilMs: null,
    scenarioFile: null,
    runner: 'inprocess',
    chaos: false,
    workload: 'default',
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
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
        args.chaos = true;
        break;
      case '--workload': {
        const v = value();
        if (v === 'default' || v === 'none') args.workload = v;
        else args.workload = { intervalMs: integer(flag, v, 1, 3_600_000) };
        break;
      }
      case '--json':
        args.json = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown flag "${flag}"`);
    }
  }
  if (!args.help && !args.protocol && !args.scenarioFile) throw new UsageError('give --protocol NAME or --scenario FILE (or a share link)');
  return args;
}
