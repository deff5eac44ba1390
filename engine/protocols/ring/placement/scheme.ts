/**
 * A placement scheme maps each key to one of the member nodes. Schemes are pure functions of
 * their inputs (keys and members by name, settings): every node that knows the same membership
 * computes the same owners, which is all a partitioned store needs to route without asking.
 */
export interface PlacementScheme {
  /** Short name used in settings and tables ("ring", "jump", ...). */
  readonly name: SchemeName;
  /** What the scheme is, for tables ("consistent hashing, 64 virtual nodes"). */
  readonly title: string;
  /**
   * The owner of each key, as an index into `members`. `members` are node names ("S1"), in the
   * order the caller keeps them (sorted by node id in the protocol); keys are distinct.
   */
  assign(keys: readonly string[], members: readonly string[]): number[];
}

export type SchemeName = 'modulo' | 'ring' | 'jump' | 'maglev' | 'bounded';

export const SCHEME_NAMES: readonly SchemeName[] = ['modulo', 'ring', 'jump', 'maglev', 'bounded'];

export interface SchemeSettings {
  /** Virtual nodes per member on the consistent-hash ring (ring and bounded). */
  vnodes: number;
  /** Bounded loads: each member takes at most ceil(loadFactor · K / N) keys (c > 1). */
  loadFactor: number;
  /** Maglev lookup table size: a prime well above the member count (65,537 in the paper). */
  maglevTableSize: number;
}

export const DEFAULT_SCHEME_SETTINGS: SchemeSettings = { vnodes: 64, loadFactor: 1.25, maglevTableSize: 65_537 };
