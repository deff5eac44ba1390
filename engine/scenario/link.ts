import { Base64Error, crc32, deflateRaw, fromBase64Url, inflateRawCapped, InflateError, toBase64Url } from './bytes';
import { compactScenario, EXPANDERS } from './compact';
import { isPlainObject } from './migrations';
import { SCENARIO_VERSION, ScenarioError, type Scenario } from './schema';
import { acceptScenario, parseUntrustedJson, parseView, type ScenarioView } from './untrusted';

/**
 * Share links (docs/scenario-format.md, "Links"). A link's fragment is
 *
 *     s<version>.<base64url( CRC-32 of the JSON, 4 bytes big-endian ++ deflate-raw(JSON) )>
 *
 * where <version> is the scenario format version and the JSON is the compact form of the
 * scenario's inputs (compact.ts) plus the time the viewer stopped at; never the trace.
 *
 * Decoding trusts nothing: the text is capped before anything else, the inflated size is capped
 * while inflating (a deflate bomb stops at MAX_LINK_JSON_BYTES), the checksum catches a link
 * changed on its way, the JSON cannot reach a prototype, and the scenario goes through the
 * migrations, `parseScenario` and a check of its protocol. Every failure is a ScenarioError
 * with a one-line message.
 */

export type { ScenarioView } from './untrusted';

/** Longest link text accepted, before any decoding (the page's links are far shorter). */
export const MAX_LINK_CHARS = 64 * 1024;
/** Most bytes a link may inflate to. */
export const MAX_LINK_JSON_BYTES = 1024 * 1024;

const PREFIX = /^s(\d{1,6})\./;
const WHAT = 'the link';

export interface DecodedScenario {
  scenario: Scenario;
  view: ScenarioView;
}

/**
 * The fragment payload (no '#') of a link to `scenario` as the viewer sees it. The scenario is
 * validated first (so every link made decodes); throws a ScenarioError if it is invalid or its
 * link would pass MAX_LINK_CHARS (save a file instead).
 */
export async function encodeScenarioLink(scenario: Scenario, view: ScenarioView = {}): Promise<string> {
  const checked = acceptScenario(parseUntrustedJson(JSON.stringify(scenario), 'the scenario'), 'the scenario');
  const checkedView = parseView(JSON.parse(JSON.stringify(view)) as unknown, 'view');
  const json = JSON.stringify(compactScenario(checked, checkedView));
  const bytes = new TextEncoder().encode(json);
  if (bytes.length > MAX_LINK_JSON_BYTES) throw new ScenarioError('the scenario is too large for a link: save it as a file instead');
  const packed = await deflateRaw(bytes);
  const framed = new Uint8Array(4 + packed.length);
  new DataView(framed.buffer).setUint32(0, crc32(bytes));
  framed.set(packed, 4);
  const link = `s${SCENARIO_VERSION}.${toBase64Url(framed)}`;
  if (link.length > MAX_LINK_CHARS) {
    throw new ScenarioError(`the scenario is too large for a link (${link.length} characters): save it as a file instead`);
  }
  return link;
}

/**
 * The fragment payload in `text`: a whole URL ("https://…/#s1.…"), a fragment ("#s1.…") or
 * the payload itself. White space is ignored, also inside (a mail program may wrap a link).
 */
export function linkPayload(text: string): string {
  const hash = text.indexOf('#');
  return (hash >= 0 ? text.slice(hash + 1) : text).replace(/\s+/g, '');
}

/** Whether `text` has the shape of a link (for the CLI's "file or link?"): it is not decoded. */
export function looksLikeScenarioLink(text: string): boolean {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed) || trimmed.includes('#')) return true;
  const payload = linkPayload(trimmed);
  return /^s\d+\.[A-Za-z0-9_-]*$/.test(payload) && !/\.json$/i.test(payload);
}

/** Decodes a link made by `encodeScenarioLink` (or by hand); throws a ScenarioError on anything wrong. */
export async function decodeScenarioLink(text: string): Promise<DecodedScenario> {
  const { version, doc } = await readLinkDocument(text);
  const expand = Object.prototype.hasOwnProperty.call(EXPANDERS, version) ? EXPANDERS[version] : undefined;
  if (!expand) throw new ScenarioError(`${WHAT} uses scenario format ${version}, which this version cannot read`);
  const expanded = expand(doc, version);
  const scenario = acceptScenario(expanded.scenario, WHAT);
  return { scenario, view: parseView(expanded.view, 'view') };
}

/**
 * The first half of decoding: the caps, the version prefix, base64url, inflating, the checksum
 * and the JSON. Returns the compact document and the version it claims (not yet expanded).
 */
export async function readLinkDocument(text: string): Promise<{ version: number; doc: Record<string, unknown> }> {
  if (typeof text !== 'string') throw new ScenarioError(`${WHAT} is not a Quorum Playground scenario`);
  if (text.length > MAX_LINK_CHARS) throw new ScenarioError(`${WHAT} is too long (${text.length} characters; at most ${MAX_LINK_CHARS})`);
  const payload = linkPayload(text);
  const prefix = PREFIX.exec(payload);
  if (!prefix) throw new ScenarioError(payload === '' ? `${WHAT} holds no scenario` : `${WHAT} is not a Quorum Playground scenario`);
  const version = Number(prefix[1]);
  if (version > SCENARIO_VERSION) {
    throw new ScenarioError(
      `${WHAT} is from a newer version of Quorum Playground (scenario format ${version}; this one reads up to ${SCENARIO_VERSION}): update or reload the page`,
    );
  }
  let framed: Uint8Array;
  try {
    framed = fromBase64Url(payload.slice(prefix[0].length));
  } catch (error) {
    if (error instanceof Base64Error && error.reason === 'character') {
      throw new ScenarioError(`${WHAT} is damaged: character ${prefix[0].length + error.position + 1} cannot appear in a link`);
    }
    throw new ScenarioError(`${WHAT} is cut short`);
  }
  if (framed.length < 5) throw new ScenarioError(`${WHAT} is cut short`);
  const expected = new DataView(framed.buffer, framed.byteOffset, 4).getUint32(0);
  let bytes: Uint8Array;
  try {
    bytes = await inflateRawCapped(framed.subarray(4), MAX_LINK_JSON_BYTES);
  } catch (error) {
    if (!(error instanceof InflateError)) throw new ScenarioError(`${WHAT} is damaged`);
    if (error.reason === 'truncated') throw new ScenarioError(`${WHAT} is cut short`);
    if (error.reason === 'too-large') throw new ScenarioError(`${WHAT} unpacks to more than ${MAX_LINK_JSON_BYTES} bytes: it is not a scenario this page made`);
    throw new ScenarioError(`${WHAT} is damaged (its compressed data is broken): was it copied completely and unchanged?`);
  }
  if (crc32(bytes) !== expected) throw new ScenarioError(`${WHAT} is damaged (its checksum does not match): was it copied completely and unchanged?`);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError(`${WHAT} is damaged (it is not text)`);
  }
  const doc = parseUntrustedJson(json, WHAT);
  if (!isPlainObject(doc)) throw new ScenarioError(`${WHAT} is not a Quorum Playground scenario`);
  return { version, doc };
}
