import { open } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a local file into one Buffer a chunk at a time, stopping as soon as it passes `maxBytes`: a huge file, or a
 * device or pipe that never ends (`/dev/zero`), is read no further than the cap. Returns null when it is larger.
 * @throws the file system's error (ENOENT, EISDIR, …) when it cannot be read
 */
export async function readFileCapped(path: string, maxBytes: number): Promise<Buffer | null> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > maxBytes) return null;
      // A short read (a pipe) keeps a copy of what it read, not the whole chunk.
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : Buffer.from(chunk.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
}
