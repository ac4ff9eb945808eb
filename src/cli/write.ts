import { open, rename, rm } from 'node:fs/promises';
import { UsageError } from './args';

// Streamed beside the target, then renamed: an interrupted run never leaves a half-written file.
export async function writeAtomically(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const file = await open(tmp, 'w');
    try {
      for (const chunk of chunks) {
        // write() may write only part of a chunk (a full disk reports a short write before ENOSPC): loop
        for (let off = 0; off < chunk.length;) {
          const { bytesWritten } = await file.write(chunk, off, chunk.length - off);
          if (bytesWritten <= 0) throw new Error('ENOSPC: no space left on device (short write)');
          off += bytesWritten;
        }
      }
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // disk full, read-only folder, missing folder: a user can fix these, so one line, not a stack
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}; nothing was written`);
  }
}

