import type { KvOperation, KvValue } from './kv-model';

/**
 * Builders for key-value histories, so a test reads like the history it describes:
 * `write(0, 'x', 1, 0, 10)` is client 0 writing 1 to x, called at 0 µs, returned at 10 µs.
 * A `ret` of `null` makes the operation timed out (its output is then left out).
 */
export function read(client: number, key: string, value: KvValue | null, call: number, ret: number | null): KvOperation {
  return ret === null
    ? { client, input: { kind: 'read', key }, call, return: null }
    : { client, input: { kind: 'read', key }, output: value, call, return: ret };
}

export function write(client: number, key: string, value: KvValue, call: number, ret: number | null): KvOperation {
  return ret === null
    ? { client, input: { kind: 'write', key, value }, call, return: null }
    : { client, input: { kind: 'write', key, value }, output: 'ok', call, return: ret };
}

export function cas(
  client: number,
  key: string,
  from: KvValue | null,
  to: KvValue,
  swapped: boolean,
  call: number,
  ret: number | null,
): KvOperation {
  return ret === null
    ? { client, input: { kind: 'cas', key, from, to }, call, return: null }
    : { client, input: { kind: 'cas', key, from, to }, output: swapped, call, return: ret };
}
