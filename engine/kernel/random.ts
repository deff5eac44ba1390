import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { hash32 } from './hash';

/**
 * A seeded random stream. Every consumer (each node, each link, the nemesis, the workload) has
 * its own, derived from the one scenario seed by name, so the draws one of them makes never
 * depend on what another did or on which thread ran first (DESIGN.md invariant 1).
 */
export class RandomStream {
  private constructor(private rng: RandomGenerator & { getState(): readonly number[] }) {}

  /** The stream named `name` under the scenario seed `seed`. */
  static derive(seed: number, name: string): RandomStream {
    const mixed = hash32(`${seed >>> 0}/${name}`) ^ Math.imul(seed | 0, 0x9e3779b1);
    return new RandomStream(xoroshiro128plus(mixed | 0) as never);
  }

  static fromState(state: readonly number[]): RandomStream {
    return new RandomStream(xoroshiro128plusFromState(state) as never);
  }

  state(): number[] {
    return [...this.rng.getState()];
  }

  /** Integer uniformly drawn from [min, max], both ends included. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return uniformInt(this.rng, min, max);
  }

  /** Float in [0, 1), built from 53 random bits. */
  float(): number {
    const high = (this.rng.next() >>> 0) >>> 5; // 27 bits
    const low = (this.rng.next() >>> 0) >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** True with probability `p` (no draw is consumed when p is 0 or 1, keeping streams stable). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
