import { describe, expect, it } from 'vitest';
import { SpeedMeter, speedText } from './speed-meter';

describe('the speed meter', () => {
  it('measures virtual seconds per wall second once it has watched for a second', () => {
    const m = new SpeedMeter();
    // 10 ms of virtual time every 100 ms of wall time: 0.1x.
    for (let i = 0; i <= 5; i++) m.sample(i * 100, i * 10_000);
    expect(m.speed(500)).toBeNull();
    for (let i = 6; i <= 30; i++) m.sample(i * 100, i * 10_000);
    expect(m.speed(3_000)).toBeCloseTo(0.1, 5);
  });

  it('forgets what was before a seek back, and looks back about two seconds only', () => {
    const m = new SpeedMeter();
    for (let i = 0; i <= 30; i++) m.sample(i * 100, i * 1_000_000); // 10x
    m.sample(3_100, 500_000); // seek back
    expect(m.speed(3_100)).toBeNull();
    for (let i = 32; i <= 80; i++) m.sample(i * 100, 500_000 + (i - 31) * 18_000); // 0.18x
    expect(m.speed(8_000)).toBeCloseTo(0.18, 2);
    // A hidden tab: no updates for 5 s, then the run goes on at 0.18x; the gap is not counted.
    m.sample(13_000, 500_000 + 50 * 18_000);
    expect(m.speed(13_000)).toBeNull();
    for (let i = 131; i <= 160; i++) m.sample(i * 100, 500_000 + 50 * 18_000 + (i - 130) * 18_000);
    expect(m.speed(16_000)).toBeCloseTo(0.18, 2);
  });

  it('says the reached speed only when it falls short', () => {
    expect(speedText(false, 100, 12)).toBe('paused');
    expect(speedText(true, 100, null)).toBe('running at 100×');
    expect(speedText(true, 100, 90)).toBe('running at 100×');
    expect(speedText(true, 100, 18.4)).toBe('running at 100×, reaching 18× (the simulation cannot keep up)');
    expect(speedText(true, 5, 2.34)).toBe('running at 5×, reaching 2.3× (the simulation cannot keep up)');
  });
});
