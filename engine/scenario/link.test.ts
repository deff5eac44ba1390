import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocolNames } from '../protocols/registry';
import { InProcessRunner } from '../runner/inprocess';
import { crc32, deflateRaw, inflateRawCapped, InflateError, toBase64Url } from './bytes';
import { chaosTimeline } from './chaos';
import { decodeScenarioLink, encodeScenarioLink, linkPayload, looksLikeScenarioLink, MAX_LINK_CHARS, MAX_LINK_JSON_BYTES } from './link';
import { arbitraryScenario } from './arbitraries';
import { defaultScenario, MAX_UNTIL_US, parseScenario, ScenarioError } from './schema';

/** Frames any JSON text the way a link does: for hand-made (and hostile) links with a valid checksum. */
async function frame(json: string, version = 1): Promise<string> {
  const bytes = new TextEncoder().encode(json);
  const packed = await deflateRaw(bytes);
  const framed = new Uint8Array(4 + packed.length);
  new DataView(framed.buffer).setUint32(0, crc32(bytes));
  framed.set(packed, 4);
  return `s${version}.${toBase64Url(framed)}`;
}

/** The message of the ScenarioError `promise` rejects with; fails the test on anything else. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as Error).message;
    expect(message, 'one line').not.toMatch(/\n/);
    expect(message).not.toMatch(/\bat .*\.ts:\d+/);
    return message;
  }
  throw new Error('expected a ScenarioError, got a scenario');
}

const arbitraryView = fc.record({ atUs: fc.integer({ min: 0, max: MAX_UNTIL_US }) }, { requiredKeys: [], noNullPrototype: true });

// --- Tests ---------------------------------------------------------------------------------

describe('share links: round trip', () => {
  it('decodes what it encodes, for any valid scenario and view', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryScenario, arbitraryView, async (scenario, view) => {
        const link = await encodeScenarioLink(scenario, view);
        expect(link).toMatch(/^s3\.[A-Za-z0-9_-]+$/);
        const decoded = await decodeScenarioLink(link);
        expect(decoded.scenario).toStrictEqual(scenario);
        expect(decoded.view).toStrictEqual(view);
      }),
      { numRuns: 150 },
    );
  });

  it('accepts a whole URL, a fragment or the payload, with white space around', async () => {
    const scenario = defaultScenario({ protocol: 'ping', seed: 4 });
    const link = await encodeScenarioLink(scenario, { atUs: 2_500_000 });
    for (const text of [link, `#${link}`, `https://example.org/quorum/?paused=1#${link}`, `  ${link}\n`, `${link.slice(0, 20)}\n  ${link.slice(20)}`]) {
      expect(linkPayload(text)).toBe(link);
      expect(looksLikeScenarioLink(text)).toBe(true);
      expect((await decodeScenarioLink(text)).scenario).toStrictEqual(scenario);
    }
    expect(looksLikeScenarioLink('scenarios/s1.json')).toBe(false);
    expect(looksLikeScenarioLink('s1.json')).toBe(false);
  });

  it('gives the same trace hash as the original scenario', async () => {
    const ping = defaultScenario({ protocol: 'ping', nodes: 5, seed: 21, untilUs: 4_000_000, network: { lossRate: 0.05 } });
    const chaos = chaosTimeline({ seed: 21, nodes: 5, untilUs: 4_000_000, meanGapUs: 150_000 });
    const raft = defaultScenario({
      protocol: 'raft',
      nodes: 5,
      seed: 8,
      untilUs: 3_000_000,
      timeline: [
        { at: 700_123, action: { kind: 'crash', node: 0 } },
        { at: 900_001, action: { kind: 'partition', groups: [[1, 2], [3, 4]] } },
        { at: 1_200_000, action: { kind: 'command', node: 1, command: { type: 'write', value: 1001 } } },
        { at: 1_500_017, action: { kind: 'heal' } },
        { at: 1_600_000, action: { kind: 'restart', node: 0 } },
        { at: 1_700_000, action: { kind: 'network', lossRate: 0.1 } },
        { at: 2_000_000, action: { kind: 'command', node: 2, command: { type: 'forceElection' } } },
      ],
    });
    for (const scenario of [{ ...ping, timeline: chaos.timeline, healedAtUs: chaos.healedAtUs }, raft]) {
      const { scenario: decoded } = await decodeScenarioLink(await encodeScenarioLink(scenario, { atUs: 1_000_000 }));
      const a = new InProcessRunner(scenario).runUntil(scenario.untilUs).summary();
      const b = new InProcessRunner(decoded).runUntil(decoded.untilUs).summary();
      expect(a.events).toBeGreaterThan(500);
      expect(b.traceHash).toBe(a.traceHash);
    }
  });

  it('refuses to encode an invalid scenario or one too large for a link', async () => {
    const bad = { ...defaultScenario({ protocol: 'ping' }), nodes: 0 };
    expect(await failure(encodeScenarioLink(bad))).toMatch(/^nodes:/);
    const unknown = { ...defaultScenario({ protocol: 'ping' }), protocol: { name: 'nonesuch', config: {} } };
    expect(await failure(encodeScenarioLink(unknown))).toMatch(/unknown protocol "nonesuch"/);
    // 20,000 commands with incompressible payloads: a valid scenario, but not for a link.
    const big = defaultScenario({
      protocol: 'ping',
      timeline: Array.from({ length: 20_000 }, (_, i) => ({
        at: i * 997,
        action: { kind: 'command' as const, node: 0, command: { type: 'x', value: crc32(new Uint8Array([i, i >> 8])) } },
      })),
    });
    expect(await failure(encodeScenarioLink(big))).toMatch(/too large for a link .*save it as a file/);
  });
});

describe('share links: bad input', () => {
  const good = encodeScenarioLink(
    defaultScenario({
      protocol: 'raft',
      seed: 99,
      timeline: [
        { at: 1000, action: { kind: 'crash', node: 3 } },
        { at: 2000, action: { kind: 'command', node: 1, command: { type: 'write', value: 7 } } },
      ],
    }),
    { atUs: 5000 },
  );

  it('names a link cut short, whatever the cut', async () => {
    const link = await good;
    for (let cut = 4; cut < link.length; cut++) {
      const message = await failure(decodeScenarioLink(link.slice(0, cut)));
      expect(message, `cut at ${cut}`).toMatch(/^the link is (cut short|damaged)/);
    }
    expect(await failure(decodeScenarioLink(link.slice(0, Math.floor(link.length / 2))))).toBe('the link is cut short');
  });

  it('notices any changed character (or decodes exactly the same scenario)', async () => {
    const link = await good;
    const original = await decodeScenarioLink(link);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let unchanged = 0;
    for (let i = 3; i < link.length; i++) {
      for (const k of [1, 17, 40]) {
        const c = alphabet[(alphabet.indexOf(link[i]!) + k) % 64]!;
        try {
          // Padding bits at the end of the deflate stream, or unused bits of the last
          // character, can change without changing a byte of the scenario.
          expect(await decodeScenarioLink(link.slice(0, i) + c + link.slice(i + 1))).toStrictEqual(original);
          unchanged++;
        } catch (error) {
          expect(error, `position ${i}`).toBeInstanceOf(ScenarioError);
        }
      }
    }
    expect(unchanged).toBeLessThanOrEqual(6);
    expect(await failure(decodeScenarioLink(`${link.slice(0, 10)}%${link.slice(11)}`))).toBe('the link is damaged: character 11 cannot appear in a link');
  });

  it('never throws anything but a one-line ScenarioError, and never hangs (fuzz)', async () => {
    const link = await good;
    const payloadChars = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 300 });
    const mutated = fc
      .tuple(fc.nat(link.length), fc.nat(link.length), fc.string({ maxLength: 4 }))
      .map(([a, b, insert]) => link.slice(0, Math.min(a, b)) + insert + link.slice(Math.max(a, b)));
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), payloadChars.map((p) => `s1.${p}`), mutated);
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const started = performance.now();
        try {
          await decodeScenarioLink(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          expect((error as Error).message).not.toMatch(/\n/);
        }
        expect(performance.now() - started).toBeLessThan(2000);
      }),
      { numRuns: 400 },
    );
  });

  it('fuzzes the JSON inside a well-framed link', async () => {
    const base = { s: 1, p: 'ping', n: 3, l: [1000, 2000], t: [[0, 'c', 1], [5, 'm', 0, 'poke']] };
    const keys = ['s', 'p', 'c', 'n', 'd', 'l', 'o', 'u', 'w', 't', 'e', 'h', 'a', 'z'];
    const docs = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.tuple(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 })).map(([key, value]) => ({ ...base, [key]: value })),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }).map((entry) => ({ ...base, t: [entry] })),
    );
    await fc.assert(
      fc.asyncProperty(docs, async (doc) => {
        try {
          const { scenario } = await decodeScenarioLink(await frame(JSON.stringify(doc)));
          expect(parseScenario(scenario)).toStrictEqual(scenario);
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          expect((error as Error).message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects an oversized link before decoding it', async () => {
    const started = performance.now();
    const message = await failure(decodeScenarioLink(`s1.${'A'.repeat(MAX_LINK_CHARS)}`));
    expect(message).toBe(`the link is too long (${MAX_LINK_CHARS + 3} characters; at most ${MAX_LINK_CHARS})`);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('stops inflating a deflate bomb at the cap, quickly', async () => {
    const bomb = await deflateRaw(new Uint8Array(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(60_000);
    let started = performance.now();
    await expect(inflateRawCapped(bomb, MAX_LINK_JSON_BYTES)).rejects.toThrow(InflateError);
    expect(performance.now() - started).toBeLessThan(1000);

    // The same bomb as a link is over the length cap; a 20 MB one fits and stops while inflating.
    const fifty = new Uint8Array(4 + bomb.length);
    fifty.set(bomb, 4);
    started = performance.now();
    expect(await failure(decodeScenarioLink(`s1.${toBase64Url(fifty)}`))).toMatch(/^the link (is too long|unpacks to more than)/);
    const spaces = await deflateRaw(new Uint8Array(20 * 1024 * 1024).fill(0x20));
    const twenty = new Uint8Array(4 + spaces.length);
    twenty.set(spaces, 4);
    const link = `s1.${toBase64Url(twenty)}`;
    expect(link.length).toBeLessThan(MAX_LINK_CHARS);
    started = performance.now();
    expect(await failure(decodeScenarioLink(link))).toBe(`the link unpacks to more than ${MAX_LINK_JSON_BYTES} bytes: it is not a scenario this page made`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never lets "__proto__" or "constructor" reach a prototype', async () => {
    const hostile = [
      '{"__proto__":{"polluted":1},"s":1,"p":"ping","n":3,"l":[1000,2000]}',
      '{"s":1,"p":"ping","c":{"__proto__":{"polluted":1}},"n":3,"l":[1000,2000]}',
      '{"s":1,"p":"ping","n":3,"l":[1000,2000],"t":[[0,"m",0,{"type":"x","__proto__":{"polluted":1}}]]}',
      '{"s":1,"p":"ping","n":3,"l":[1000,2000],"t":[[0,"m",0,{"type":"x","v":{"constructor":{"prototype":{"polluted":1}}}}]]}',
      '{"s":1,"p":"ping","n":3,"l":[1000,2000],"t":[[0,"n",{"__proto__":{"polluted":1}}]]}',
    ];
    for (const json of hostile) {
      expect(await failure(decodeScenarioLink(await frame(json)))).toMatch(/^the link contains the key "(__proto__|constructor)", which a scenario never has$/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('names the version, the protocol and the field that is wrong', async () => {
    const doc = (extra: Record<string, unknown>) => JSON.stringify({ s: 1, p: 'ping', n: 3, l: [1000, 2000], ...extra });
    const cases: [Promise<string>, string | RegExp][] = [
      [frame(doc({}), 4), 'the link is from a newer version of Quorum Playground (scenario format 4; this one reads up to 3): update or reload the page'],
      [frame(doc({}), 0), 'the link uses scenario format 0, which this version cannot read'],
      [frame(doc({ p: 'nonesuch' })), `unknown protocol "nonesuch" (known: ${protocolNames().join(', ')})`],
      [frame(JSON.stringify({ s: 1, p: 'raft', c: { heartbeatIntervalMs: 500 }, n: 3, l: [1000, 2000] })), /^protocol\.config: heartbeatIntervalMs \(500\) must be below/],
      [frame(JSON.stringify({ s: 2, p: 'raft', c: { initialMembers: [5, 6] }, n: 3, l: [1000, 2000] })), 'protocol.config: initialMembers names nodes 5, 6, but the scenario has 3 nodes (0 to 2)'],
      [frame(doc({ t: [[0, 'c', 1], [0, 'c', 1], [0, 'c', 1], [10, 'c', 'two']] })), /^timeline\.3\.action\.node: /],
      [frame(doc({ t: [[0, 'c', 7]] })), 'timeline.0: names a node beyond the 3 in the scenario'],
      [frame(doc({ t: [[-5, 'h']] })), 'timeline.0.at: the time step must be a whole number of µs, 0 or more'],
      [frame(doc({ t: [[0, 'q', 1]] })), 'timeline.0.action: unknown action "q"'],
      [frame(doc({ t: [[0, 'c', 1, 2]] })), 'timeline.0.action: "c" takes 1 values, got 2'],
      [frame(doc({ l: [2000, 1000] })), /^network\.latencyUs: latency max must not be below min$/],
      [frame(doc({ a: -1 })), /^view\.atUs: /],
      [frame(doc({ zz: 1 })), 'the link has an unknown field "zz"'],
      [frame('[1,2,3]'), 'the link is not a Quorum Playground scenario'],
      [frame('{"hello":"world"}'), 'the link has an unknown field "hello"'],
      [frame('{}'), 'the link is not a Quorum Playground scenario'],
      [frame('{"s":1,'), /^the link is not valid JSON: /],
      [frame(`${'['.repeat(40)}${']'.repeat(40)}`), 'the link nests data deeper than 32 levels'],
      [Promise.resolve('hello'), 'the link is not a Quorum Playground scenario'],
      [Promise.resolve('https://example.org/#'), 'the link holds no scenario'],
    ];
    for (const [link, expected] of cases) {
      const message = await failure(decodeScenarioLink(await link));
      if (typeof expected === 'string') expect(message).toBe(expected);
      else expect(message).toMatch(expected);
    }
  });

  it('keeps who acted, and names a bad "who acted" field', async () => {
    const scenario = defaultScenario({
      protocol: 'raft',
      timeline: [
        { at: 1_000, action: { kind: 'crash', node: 1 }, by: 'user' },
        { at: 2_000, action: { kind: 'restart', node: 1 } },
        { at: 3_000, action: { kind: 'heal' }, by: 'nemesis' },
        { at: 4_000, action: { kind: 'crash', node: 2 }, by: 'lesson' },
      ],
    });
    const link = await encodeScenarioLink(scenario, {});
    expect((await decodeScenarioLink(link)).scenario.timeline.map((t) => t.by)).toEqual(['user', undefined, 'nemesis', 'lesson']);
    const base = { s: 1, p: 'raft', n: 3, l: [1000, 2000], t: [[5, 'c', 1], [5, 'h']] };
    expect((await decodeScenarioLink(await frame(JSON.stringify({ ...base, b: 'u-' })))).scenario.timeline[0]!.by).toBe('user');
    for (const b of ['u', 'ux', 'uuu', 7]) {
      expect(await failure(decodeScenarioLink(await frame(JSON.stringify({ ...base, b }))))).toContain('"b" (who acted)');
    }
    // A file is checked as strictly: an unknown actor is refused, with its path.
    expect(() => parseScenario({ ...scenario, timeline: [{ at: 1, action: { kind: 'heal' }, by: 'admin' }] })).toThrow(/timeline\.0\.by/);
  });

  it('checks the checksum', async () => {
    const json = JSON.stringify({ s: 1, p: 'ping', n: 3, l: [1000, 2000] });
    const bytes = new TextEncoder().encode(json);
    // The checksum of one scenario with the data of another, itself a valid scenario.
    const packed = await deflateRaw(new TextEncoder().encode(json.replace('"s":1', '"s":2')));
    const framed = new Uint8Array(4 + packed.length);
    new DataView(framed.buffer).setUint32(0, crc32(bytes));
    framed.set(packed, 4);
    const swapped = `s1.${toBase64Url(framed)}`;
    expect(await failure(decodeScenarioLink(swapped))).toBe(
      'the link is damaged (its checksum does not match): was it copied completely and unchanged?',
    );
  });
});
