/**
 * Deep copy of plain data (numbers, strings, booleans, null, arrays, plain objects). Messages
 * and durable writes are copied when they leave a node, as a real network or disk would, so that
 * no node can reach another's memory in the single-threaded runner either (DESIGN.md invariant 2).
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const item = out[i];
      if (typeof item === 'object' && item !== null) out[i] = clonePlain(item);
    }
    return out as T;
  }
  // A field named "__proto__" (JSON.parse makes one from a hostile link) or an object with
  // another prototype: the old field-by-field copy set the copy's prototype from such a field and
  // iterated inherited fields, so these keep that copy exactly (links are forever).
  if (Object.getPrototypeOf(value) !== Object.prototype || Object.prototype.hasOwnProperty.call(value, '__proto__')) {
    return cloneByAssignment(value as Record<string, unknown>) as T;
  }
  // A spread copies the object's own fields in their order in one step (V8 clones the shape);
  // then only fields holding objects are replaced by copies: stores to existing fields, not a
  // field-by-field build of a new shape. Same keys, same order, same values as before.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in out) {
    const field = out[key];
    if (typeof field === 'object' && field !== null) out[key] = clonePlain(field);
  }
  return out as T;
}

/** The original copy, field by field with `for…in` and assignment: kept for the rare objects above. */
function cloneByAssignment(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = clonePlain(value[key]);
  return out;
}
