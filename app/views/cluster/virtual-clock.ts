/**
 * The virtual time the animation draws. The session may publish `now` less often than the
 * screen refreshes; while playing, this carries time forward at `speed` between updates (at
 * most MAX_EXTRAPOLATION_MS of wall time), so messages glide instead of hopping. It never runs
 * backwards unless the store's own `now` does (a seek). Pure apart from the wall time passed in.
 */
export const MAX_EXTRAPOLATION_MS = 120;

export interface ClockInput {
  now: number;
  playing: boolean;
  /** Virtual seconds per wall second. */
  speed: number;
}

export function createDisplayClock() {
  let storeNow = Number.NaN;
  let storeWallMs = 0;
  let shown = Number.NaN;
  return {
    read(s: ClockInput, wallMs: number): number {
      if (s.now !== storeNow) {
        const backwards = s.now < storeNow;
        storeNow = s.now;
        storeWallMs = wallMs;
        if (backwards || Number.isNaN(shown)) shown = s.now;
      }
      const ahead = s.playing ? Math.min(wallMs - storeWallMs, MAX_EXTRAPOLATION_MS) * s.speed * 1000 : 0;
      const estimate = storeNow + Math.max(0, ahead);
      // Hold rather than step back when the session lags behind our estimate.
      shown = s.playing ? Math.max(shown, estimate) : storeNow;
      return shown;
    },
  };
}
