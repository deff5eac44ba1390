/**
 * Byte helpers for share links, written against what Node (20+) and every current browser
 * both have: CompressionStream / DecompressionStream and TextEncoder / TextDecoder. No DOM.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** Base64url (RFC 4648 §5) without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

export class Base64Error extends Error {
  constructor(
    readonly reason: 'character' | 'length',
    readonly position: number,
  ) {
    super(reason === 'character' ? `character ${position + 1} is not base64url` : 'the text ends in the middle of a byte');
  }
}

/** Decodes base64url without padding; throws a Base64Error on a foreign character or a cut length. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Base64Error('length', text.length);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? INDEX[c]! : -1;
    if (v < 0) throw new Base64Error('character', i);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, the one of zlib, PNG and Python's `zlib.crc32`). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Raw DEFLATE (RFC 1951, no zlib or gzip header) of `bytes`. */
export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const writing = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const chunks = await readAll(stream.readable.getReader(), Infinity);
  await writing;
  return chunks;
}

export type InflateFailure = 'truncated' | 'corrupt' | 'too-large';

export class InflateError extends Error {
  constructor(readonly reason: InflateFailure) {
    super(reason);
  }
}

/** How much compressed input is fed at a time: at ~1000:1, one piece unpacks to at most ~0.5 MB. */
const PIECE = 512;

/**
 * Inflates raw DEFLATE, reading the output as it comes and giving up as soon as it passes
 * `maxBytes` (a deflate bomb expands about 1000:1). The input goes in small pieces, each
 * written only when the stream asks for more, so memory stays near `maxBytes` whatever the
 * input. Throws an InflateError: 'truncated' (the stream ends early), 'corrupt', 'too-large'.
 */
export async function inflateRawCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  const writing = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += PIECE) {
      await writer.ready;
      if (stopped) return;
      await writer.write(bytes.slice(i, i + PIECE));
    }
    if (!stopped) await writer.close();
  })();
  // Errors of the writing side show up on the reading side too; never leave them unhandled.
  writing.catch(() => undefined);
  try {
    return await readAll(reader, maxBytes);
  } catch (error) {
    stopped = true;
    if (error instanceof InflateError) {
      reader.cancel().catch(() => undefined);
      writer.abort().catch(() => undefined);
      throw error;
    }
    const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : String(error);
    throw new InflateError(/unexpected end|end of (file|stream|input|data)|truncat|incomplete|not complete|Z_BUF_ERROR/i.test(text) ? 'truncated' : 'corrupt');
  }
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) throw new InflateError('too-large');
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
