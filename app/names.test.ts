import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * **Architecture Invariant:** node names come from the topology. A node's name is its group's
 * prefix and its number in the group ("S1", "C2", "O1"), and only engine/kernel/topology.ts makes
 * one: everything else asks it (the engine's `nodeName(layout, id)`, a node's `ctx.nameOf`, the
 * page's `nodeName`/`serverName`, which read the running scenario's topology from the store). So
 * no source, tests included, writes "S" and a number together: a template with `S${` or "S" + n.
 */

const root = join(__dirname, '..');
const DIRS = ['engine', 'app', 'workers', 'bench', 'scripts', 'e2e'];
const ALLOWED = new Set(['engine/kernel/topology.ts', 'app/names.test.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(tsx?|mjs|js)$/.test(path) ? [path] : [];
  });
}

/** A name made by hand: `S${id + 1}` in a template, or 'S' + number. */
const HAND_MADE = [/\bS\$\{/, /['"]S['"]\s*\+/];

describe('Architecture Invariant: node names come from the topology', () => {
  const files = DIRS.flatMap((d) => sources(join(root, d))).filter((f) => !ALLOWED.has(relative(root, f)));

  it('no file outside the topology module makes a node name by hand', () => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (HAND_MADE.some((p) => p.test(line))) found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the check can fail', () => {
    expect(files.length).toBeGreaterThan(100);
    const samples = ['const n = `S${id + 1}`;', "return 'S' + (id + 1);", '`crash S${target + 1}`'];
    for (const s of samples) expect(HAND_MADE.some((p) => p.test(s)), s).toBe(true);
    expect(HAND_MADE.some((p) => p.test('`${prefix}${id - first + 1}`'))).toBe(false);
  });
});
