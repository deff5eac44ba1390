import type { SettingUi } from '../ui';

/**
 * Raft's settings in the New run dialog: the keys of engine/protocols/raft/config.ts, in the
 * milliseconds a user writes. Ranges are what a class can watch (10 ms to 10 s); the engine
 * also insists that heartbeats come well inside the shortest election timeout (§5.6).
 */
export const raftSettings: readonly SettingUi[] = [
  { key: 'electionTimeoutMsMin', label: 'Election timeout, shortest', kind: 'number', unit: 'ms', min: 10, max: 10_000 },
  { key: 'electionTimeoutMsMax', label: 'Election timeout, longest', kind: 'number', unit: 'ms', min: 10, max: 20_000 },
  { key: 'heartbeatIntervalMs', label: 'Heartbeat interval', kind: 'number', unit: 'ms', min: 1, max: 5_000, hint: 'below the shortest election timeout' },
  { key: 'preVote', label: 'Pre-Vote (thesis §9.6)', kind: 'boolean', hint: 'a server asks whether it could win before it raises its term' },
  { key: 'checkQuorum', label: 'Check-quorum (thesis §6.2)', kind: 'boolean', hint: 'a leader that hears from no majority for an election timeout steps down' },
];
