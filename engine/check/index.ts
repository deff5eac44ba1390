/** The linearizability checker: see README.md. */
export { checkLinearizability, DEFAULT_MAX_MINIMISE_STEPS, DEFAULT_MAX_STEPS, DEFAULT_MINIMISE_WINDOW } from './check';
export type { CheckOptions, LinearizabilityResult } from './check';
export { formatInterval, validateHistory } from './history';
export type { Operation } from './history';
export { kvModel } from './kv-model';
export { registerModel } from './register-model';
/** Builders for key-value histories: `kvHistory.write(client, key, value, call, ret)`, ... */
export * as kvHistory from './kv-history';
export type { KvInput, KvOperation, KvOutput, KvState, KvValue } from './kv-model';
export type { Model, StepResult } from './model';
export { partitionBy } from './partition';
export type { Part } from './partition';
