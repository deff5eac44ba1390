/**
 * Deep copy of plain data (numbers, strings, booleans, null, arrays, plain objects). Messages
 * and durable writes are copied when they leave a node, as a real network or disk would, so that
 * no node can reach another's memory in the single-threaded runner either (DESIGN.md invariant 2).
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = clonePlain(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    out[key] = clonePlain((value as Record<string, unknown>)[key]);
  }
  return out as T;
}
