import type { SettingUi } from '../ui';

/**
 * The lock service's settings in the New run dialog: keys of engine/protocols/locks/config.ts.
 * The mode (redlock or consensus) is a word, which the dialog cannot offer yet: the built-in
 * scenarios and links carry it, and the number of lock servers is the run's node count.
 */
export const locksSettings: readonly SettingUi[] = [
  { key: 'leaseTtlMs', label: 'Lease TTL', kind: 'number', unit: 'ms', min: 10, max: 60_000 },
  { key: 'clockDriftFactor', label: 'Clock drift factor', kind: 'number', unit: '× TTL', min: 0, max: 0.5, hint: "Redlock's allowance: TTL × factor + 2 ms is given up" },
  { key: 'fencing', label: 'Fencing tokens checked by the storage', kind: 'boolean', hint: 'the storage refuses a token lower than the highest it has seen' },
  { key: 'workMs', label: 'Work before each write', kind: 'number', unit: 'ms', min: 0, max: 60_000, hint: 'the window a pause can fall into' },
];
