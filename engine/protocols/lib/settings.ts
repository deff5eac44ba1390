/**
 * Reading a protocol's settings from a scenario's `config` object, which may come from a share
 * link and so hold anything. Each protocol's config.ts keeps its own table of numbers (defaults,
 * ranges, whether a number counts something) and its cross-field rules; this module does the
 * parsing they all repeated, with the same messages, so that a link parses the same everywhere.
 *
 *     const SETTINGS = {
 *       probeIntervalMs: { fallback: 1000, min: 10, max: 60_000, integer: false },
 *       gossipNodes: { fallback: 3, min: 0, max: 64, integer: true },
 *     } as const satisfies SettingsTable;
 *     const numberSetting = clampingReader(SETTINGS);
 *
 *     const r = settingsObject(raw, 'swim', (key) => key in SETTINGS || key === 'lifeguard');
 *     numberSetting(r, 'probeIntervalMs');   // 1000 when absent, clamped into 10..60000
 *     flagSetting(r, 'lifeguard', true);
 *
 * Two policies exist because released links depend on both: the clamping reader (swim, 2pc,
 * primary-replica, pbft, locks, multi-leader) brings an out-of-range number into range, `rangedSetting` (raft, paxos,
 * multi-paxos, ping) refuses it. Neither may change: a link that ran must run the same way.
 */

/** One number of a protocol's settings: its default, its range, and whether it counts things. */
export interface NumberSetting {
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export type SettingsTable = Readonly<Record<string, NumberSetting>>;

/** A raw config as a record: the value of each key a link wrote. */
export type RawSettings = Record<string, unknown>;

/**
 * A reader for `table`'s numbers that clamps: a missing key takes its fallback, a value that is
 * not a finite number (or, for a count, not whole) throws a RangeError naming the key, and a
 * number out of range is clamped into it.
 */
export function clampingReader<T extends SettingsTable>(table: T): (raw: RawSettings, key: keyof T & string) => number {
  return (raw, key) => {
    const s: NumberSetting = table[key]!;
    const value = raw[key] ?? s.fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${key} must be a number`);
    if (s.integer && !Number.isInteger(value)) throw new RangeError(`${key} must be a whole number`);
    return Math.min(s.max, Math.max(s.min, value));
  };
}

/**
 * One number that must lie in [min, max]: a missing key takes `fallback`, anything else that is
 * not a finite number in range throws a RangeError naming the key and the range.
 */
export function rangedSetting(raw: RawSettings, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${key} must be a number`);
  if (value < min || value > max) throw new RangeError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A true/false setting; anything else throws a RangeError naming the key. */
export function flagSetting(raw: RawSettings, key: string, fallback: boolean): boolean {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'boolean') throw new RangeError(`${key} must be true or false`);
  return value;
}

/** One of a few words; anything else throws a RangeError that lists them. */
export function choiceSetting<T extends string>(raw: RawSettings, key: string, allowed: readonly T[], fallback: T): T {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new RangeError(`${key} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * The raw config as a record (absent or null: no settings), checked to name only known keys.
 * Throws "`protocol` config must be an object" or 'unknown `protocol` setting "key"', so a
 * user sees which system refused what.
 */
export function settingsObject(raw: unknown, protocol: string, isKnown: (key: string) => boolean): RawSettings {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new RangeError(`${protocol} config must be an object`);
  }
  const r = (raw ?? {}) as RawSettings;
  for (const key of Object.keys(r)) if (!isKnown(key)) throw new RangeError(`unknown ${protocol} setting "${key}"`);
  return r;
}
