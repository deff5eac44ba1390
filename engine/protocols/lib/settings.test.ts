import { describe, expect, it } from 'vitest';
import { choiceSetting, clampingReader, flagSetting, rangedSetting, settingsObject, type SettingsTable } from './settings';

const TABLE = {
  intervalMs: { fallback: 200, min: 10, max: 1000, integer: false },
  count: { fallback: 3, min: 1, max: 8, integer: true },
} as const satisfies SettingsTable;
const read = clampingReader(TABLE);

describe('clampingReader', () => {
  it('takes the fallback for a missing or null key', () => {
    expect(read({}, 'intervalMs')).toBe(200);
    expect(read({ count: null }, 'count')).toBe(3);
  });

  it('clamps a number out of range into it, and keeps one inside', () => {
    expect(read({ intervalMs: 1 }, 'intervalMs')).toBe(10);
    expect(read({ intervalMs: 5000 }, 'intervalMs')).toBe(1000);
    expect(read({ intervalMs: 12.5 }, 'intervalMs')).toBe(12.5);
    expect(read({ count: -4 }, 'count')).toBe(1);
  });

  it('refuses a fraction where a count is meant, naming the key', () => {
    expect(() => read({ count: 2.5 }, 'count')).toThrow(new RangeError('count must be a whole number'));
  });

  it('refuses text, infinities and NaN, naming the key', () => {
    for (const bad of ['5', 'x', true, [], Infinity, NaN]) {
      expect(() => read({ intervalMs: bad }, 'intervalMs')).toThrow(new RangeError('intervalMs must be a number'));
    }
  });
});

describe('rangedSetting', () => {
  it('takes the fallback and accepts the bounds themselves', () => {
    expect(rangedSetting({}, 'readFraction', 0.3, 0, 1)).toBe(0.3);
    expect(rangedSetting({ readFraction: 0 }, 'readFraction', 0.3, 0, 1)).toBe(0);
    expect(rangedSetting({ readFraction: 1 }, 'readFraction', 0.3, 0, 1)).toBe(1);
  });

  it('refuses a number out of range, naming the key, the range and the value', () => {
    expect(() => rangedSetting({ readFraction: 1.5 }, 'readFraction', 0.3, 0, 1)).toThrow(
      new RangeError('readFraction must be between 0 and 1, got 1.5'),
    );
  });

  it('refuses text, naming the key', () => {
    expect(() => rangedSetting({ kvKeys: '3' }, 'kvKeys', 3, 1, 1000)).toThrow(new RangeError('kvKeys must be a number'));
  });
});

describe('flagSetting and choiceSetting', () => {
  it('read true/false and one of a few words, refusing anything else by name', () => {
    expect(flagSetting({}, 'fencing', true)).toBe(true);
    expect(flagSetting({ fencing: false }, 'fencing', true)).toBe(false);
    expect(() => flagSetting({ fencing: 'no' }, 'fencing', true)).toThrow(new RangeError('fencing must be true or false'));
    expect(choiceSetting({ mode: 'sync' }, 'mode', ['async', 'sync'], 'async')).toBe('sync');
    expect(() => choiceSetting({ mode: 'fast' }, 'mode', ['async', 'sync'], 'async')).toThrow(
      new RangeError('mode must be one of async, sync'),
    );
  });
});

describe('settingsObject', () => {
  const known = (key: string) => key in TABLE;

  it('reads absent and null configs as no settings', () => {
    expect(settingsObject(undefined, 'swim', known)).toEqual({});
    expect(settingsObject(null, 'swim', known)).toEqual({});
  });

  it('refuses an unknown key, naming the protocol and the key', () => {
    expect(() => settingsObject({ count: 2, probeMs: 5 }, 'swim', known)).toThrow(new RangeError('unknown swim setting "probeMs"'));
  });

  it('refuses a config that is not an object, naming the protocol', () => {
    for (const bad of [5, 'x', [], true]) expect(() => settingsObject(bad, '2pc', known)).toThrow(new RangeError('2pc config must be an object'));
  });
});
