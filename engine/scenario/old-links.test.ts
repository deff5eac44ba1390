import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InProcessRunner } from '../runner/inprocess';
import { decodeScenarioLink } from './link';

/**
 * Links are forever: links made by earlier versions of the playground replay to the trace hash
 * they replayed to when they were made, whatever the engine and the protocols became since.
 * fixtures/v1-links.json was written by scripts/make-v1-links.ts with the format-1 encoder,
 * before any setting's default changed; fixtures/v2-links.json by scripts/make-v2-links.ts with
 * the format-2 encoder, before topologies (format 3). Both are frozen (add new fixtures beside
 * them, never edit them).
 */
interface OldLink {
  name: string;
  link: string;
  untilUs: number;
  traceHash: string;
  events: number;
}

const fixtures = (file: string) => JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as OldLink[];

describe('old links replay exactly', () => {
  const v1 = fixtures('v1-links.json');
  it('the format-1 set is the one that was frozen', () => {
    expect(v1.length).toBe(20);
    expect(v1.every((f) => f.link.startsWith('s1.'))).toBe(true);
  });
  it.each(v1.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const { scenario } = await decodeScenarioLink(f.link);
    const summary = new InProcessRunner(scenario).runUntil(f.untilUs).summary();
    expect({ traceHash: summary.traceHash, events: summary.events }).toEqual({ traceHash: f.traceHash, events: f.events });
  });

  const v2 = fixtures('v2-links.json');
  it('the format-2 set is the one that was frozen', () => {
    expect(v2.length).toBe(19);
    expect(v2.every((f) => f.link.startsWith('s2.'))).toBe(true);
  });
  it.each(v2.map((f) => [f.name, f] as const))('format 2: %s', async (_name, f) => {
    const { scenario } = await decodeScenarioLink(f.link);
    const summary = new InProcessRunner(scenario).runUntil(f.untilUs).summary();
    expect({ traceHash: summary.traceHash, events: summary.events }).toEqual({ traceHash: f.traceHash, events: f.events });
  });
});
