import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Reads a file the user named on the command line, as UTF-8 text, refusing what a scenario or
 * experiment file never is: anything but a regular file (a device such as /dev/zero, a pipe, a
 * directory), and more than `maxBytes`. The cap holds while reading, not only by the size the
 * file claims beforehand: a file can grow meanwhile, and /proc files claim 0 bytes. Throws
 * `fail(message)`, a one-line message naming the file. `limit` says the cap in the message (the
 * callers cap characters after decoding too, and name that limit).
 */
export function readRegularFile(path: string, maxBytes: number, fail: (message: string) => Error, limit = formatBytes(maxBytes)): string {
  const tooBig = () => fail(`${path} is larger than ${limit}`);
  let fd: number;
  try {
    // Checked before opening: opening a named pipe for reading waits for a writer.
    if (!statSync(path).isFile()) throw fail(`${path} is not a regular file`);
    // O_NONBLOCK: if the name was swapped for a pipe since, the open does not wait either.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (error instanceof Error && !('code' in error)) throw error;
    throw fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(`${path} is not a regular file`);
    if (stat.size > maxBytes) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw tooBig();
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    if (error instanceof Error && !('code' in error)) throw error;
    throw fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  } finally {
    closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes / (1024 * 1024)} MiB`;
  return bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
