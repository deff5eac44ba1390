import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegularFile } from './read-file';

const fail = (message: string) => new RangeError(message);

describe('reading a file named on the command line', () => {
  it('reads a regular file, and refuses devices, pipes and directories without reading them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-'));
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{"é": 1}');
    expect(readRegularFile(file, 100, fail)).toBe('{"é": 1}');
    const fifo = join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    // No writer ever opens the pipe: a read would wait forever, a refusal returns at once.
    for (const path of ['/dev/zero', fifo, dir]) expect(() => readRegularFile(path, 100, fail)).toThrow(`${path} is not a regular file`);
    expect(() => readRegularFile(join(dir, 'missing'), 100, fail)).toThrow(`cannot read ${join(dir, 'missing')}: ENOENT`);
  });

  it('caps the bytes it reads, also when the file claims to be empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-'));
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(2048));
    expect(() => readRegularFile(big, 1024, fail)).toThrow(`${big} is larger than 1 KiB`);
    expect(() => readRegularFile(big, 1024, fail, '1 thousand characters')).toThrow('is larger than 1 thousand characters');
    // /proc files are regular files of size 0 whose reads go on: only the cap while reading stops them.
    expect(statSync('/proc/self/status').size).toBe(0);
    expect(() => readRegularFile('/proc/self/status', 64, fail)).toThrow('/proc/self/status is larger than 64 bytes');
  });
});
