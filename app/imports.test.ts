import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * **Architecture Invariant:** adding a system is one folder in engine/protocols/NAME/, one in
 * app/protocols/NAME/ and one line in each registry. So the page's generic code (every view,
 * the session, the commands, narration, lessons) imports no protocol folder: only
 * app/protocols/registry.ts does, and a protocol folder imports neither another protocol's
 * folder nor the registry. And no generic code tells observations apart by their names: what an
 * observation means is its protocol's descriptors' to say (`ProtocolUi.observations`).
 */

const appDir = __dirname;
const protocolsDir = join(appDir, 'protocols');
const REGISTRY = join(protocolsDir, 'registry.ts');

/** Every TypeScript source file under `dir` (tests included when asked). */
function sources(dir: string, withTests: boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, withTests);
    const ts = /\.tsx?$/.test(path);
    return ts && (withTests || !/\.test\.tsx?$/.test(path)) ? [path] : [];
  });
}

/** The protocol folder a file lies in ("raft" for app/protocols/raft/x.ts), or null for generic code. */
function protocolOf(file: string): string | null {
  const rel = relative(protocolsDir, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0]! : null;
}

/** The files a source imports (relative specifiers, resolved; packages are left out). */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

/** Where an import points: a protocol folder's name, the registry, or null (anything else). */
function targetOf(path: string): string | null {
  if (path === REGISTRY.replace(/\.ts$/, '')) return 'registry';
  return protocolOf(`${path}.ts`) ?? (path.startsWith(protocolsDir + sep) ? relative(protocolsDir, path).split(sep)[0]! : null);
}

/** Lines without comments: a comment may name what it likes. */
const code = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.trim().startsWith('*') && !line.trim().startsWith('//') && !line.trim().startsWith('/*'))
    .join('\n');

export function importProblems(file: string, text: string): string[] {
  const own = protocolOf(file);
  const problems: string[] = [];
  for (const target of importsOf(file, text)) {
    const where = targetOf(target);
    if (where === null || where === 'ui' || where === 'fallback') continue;
    if (where === 'registry') {
      if (own !== null) problems.push(`the ${own} folder imports the registry (protocol folders are what it lists)`);
      continue;
    }
    if (own === where) continue;
    if (file === REGISTRY) continue;
    problems.push(own === null ? `generic code imports the ${where} folder (ask the registry)` : `the ${own} folder imports the ${where} folder`);
  }
  return problems;
}

/** Comparing an observation's kind with a literal: `e.what === 'leader'`, `case 'commit':` after `switch (e.what)`. */
const MATCHES_KIND = [/\.what\s*[!=]==?\s*['"]/, /['"][a-z-]+['"]\s*[!=]==?\s*\w+\.what\b/, /switch\s*\(\s*\w+\.what\s*\)/];

describe('Architecture Invariant: generic app code imports no protocol folder', () => {
  for (const file of sources(appDir, true)) {
    const name = relative(appDir, file);
    it(name, () => {
      const text = code(readFileSync(file, 'utf8'));
      expect(importProblems(file, text), name).toEqual([]);
      if (protocolOf(file) === null && !/\.test\.tsx?$/.test(file)) {
        for (const pattern of MATCHES_KIND) expect(text, `${name} tells observations apart by name`).not.toMatch(pattern);
      }
    });
  }

  it('catches a violation (the check itself can fail)', () => {
    const view = join(appDir, 'views', 'cluster', 'X.tsx');
    expect(importProblems(view, "import { raftUi } from '../../protocols/raft';")).toEqual(['generic code imports the raft folder (ask the registry)']);
    expect(importProblems(view, "import { asRaftView } from '../../protocols/raft/view';")).toHaveLength(1);
    expect(importProblems(view, "const m = await import('../../protocols/raft/messages');")).toHaveLength(1);
    expect(importProblems(view, "import { useProtocolUi } from '../../protocols/registry';\nimport type { ProtocolUi } from '../../protocols/ui';")).toEqual([]);
    expect(importProblems(REGISTRY, "import { raftUi } from './raft';")).toEqual([]);
    const ping = join(protocolsDir, 'ping', 'x.ts');
    expect(importProblems(ping, "import { termColor } from '../raft/colors';")).toEqual(['the ping folder imports the raft folder']);
    expect(importProblems(ping, "import { protocolUi } from '../registry';")).toHaveLength(1);
    expect("if (e.kind === 'observe' && e.what === 'leader') {").toMatch(MATCHES_KIND[0]!);
    expect("switch (o.what) {").toMatch(MATCHES_KIND[2]!);
  });
});

/**
 * **Architecture Invariant:** the generic parts of lessons and experiments speak no protocol's
 * words: a protocol contributes its conditions, actions, roles, steps and measures under its own
 * name (`raft.leaderElected`, `raft.timeToLeader`) from its own folders. Comments may explain
 * with examples; code may not. The one exception is the frozen migration of format-1 lessons,
 * whose only vocabulary was Raft's (lines naming `FORMAT_1_`).
 */
const RAFT_WORDS = new Set(['raft', 'leader', 'leaders', 'follower', 'followers', 'candidate', 'candidates', 'term', 'terms', 'commit', 'committed', 'election', 'elections', 'vote', 'votes']);
/** The words of a line, camelCase split: `currentLeader` is "current", "leader". */
const wordsOf = (line: string) => line.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
const rootDir = join(appDir, '..');
const GENERIC_LESSONS_AND_EXPERIMENTS = ['app/lessons', 'app/views/lessons', 'app/views/experiments', 'engine/experiments', 'workers/experiments', 'engine/scenario/lesson.ts', 'engine/scenario/lesson-parts.ts'];

export function raftWordsIn(text: string): string[] {
  return code(text)
    .split('\n')
    .filter((line) => !line.includes('FORMAT_1_') && wordsOf(line).some((w) => RAFT_WORDS.has(w)))
    .map((line) => line.trim());
}

describe('Architecture Invariant: generic lesson and experiment code speaks no protocol\'s words', () => {
  const files = GENERIC_LESSONS_AND_EXPERIMENTS.flatMap((p) => {
    const path = join(rootDir, p);
    return statSync(path).isDirectory() ? sources(path, false) : [path];
  }).filter((f) => !f.endsWith('test-world.ts'));
  for (const file of files) {
    const name = relative(rootDir, file);
    it(name, () => {
      expect(raftWordsIn(readFileSync(file, 'utf8')), `${name} speaks Raft`).toEqual([]);
    });
  }

  it('catches a violation (the check itself can fail)', () => {
    expect(raftWordsIn("case 'time':\n  return currentLeader(world) !== null;")).toEqual(['return currentLeader(world) !== null;']);
    expect(raftWordsIn("case 'leaderElected':")).toHaveLength(1);
    expect(raftWordsIn('const n = terminate(determine(x));')).toEqual([]);
    expect(raftWordsIn('const t = view.term;')).toHaveLength(1);
    expect(raftWordsIn("// the leader, in a comment\nconst x = 'raft.leaderElected';")).toEqual(["const x = 'raft.leaderElected';"]);
    expect(raftWordsIn('const held = entry.roles[who];')).toEqual([]);
  });
});
