// Large word2vec binary files generated on the fly (never committed): the benchmarks' 1 M and 3 M × 300 files
// and the integration test's 1 M × 300 file. Written in pieces, so generating a 3.6 GB file needs a few MB.
import { open } from 'node:fs/promises';

/** The i-th generated word: letters and digits only, so the hover's tokenizer takes it as one word. */
export function bigWord(i: number): string {
  return `w${i.toString(36)}`;
}

/**
 * Writes "count dim\n" then count records "word<space><dim float32 LE>\n" with reproducible pseudo-random
 * values in [-0.5, 0.5). Returns the file's size in bytes.
 */
export async function writeBigBinary(path: string, count: number, dim: number, seed = 1): Promise<number> {
  const file = await open(path, 'w');
  const enc = new TextEncoder();
  let state = seed >>> 0 || 1;
  let size = 0;
  const write = async (bytes: Uint8Array) => {
    for (let off = 0; off < bytes.length;) {
      const { bytesWritten } = await file.write(bytes, off, bytes.length - off);
      off += bytesWritten;
    }
    size += bytes.length;
  };
  try {
    await write(enc.encode(`${count} ${dim}\n`));
    const rowsPerPiece = Math.max(1, Math.floor((4 << 20) / (4 * dim + 16)));
    const piece = new Uint8Array(rowsPerPiece * (4 * dim + 16));
    const view = new DataView(piece.buffer);
    for (let r0 = 0; r0 < count; r0 += rowsPerPiece) {
      let o = 0;
      for (let r = r0; r < Math.min(count, r0 + rowsPerPiece); r++) {
        o += enc.encodeInto(bigWord(r), piece.subarray(o)).written;
        piece[o++] = 0x20;
        for (let j = 0; j < dim; j++) {
          state ^= state << 13; state >>>= 0;
          state ^= state >>> 17;
          state ^= state << 5; state >>>= 0;
          view.setFloat32(o, state / 4294967296 - 0.5, true);
          o += 4;
        }
        piece[o++] = 0x0a;
      }
      await write(piece.subarray(0, o));
    }
  } finally {
    await file.close();
  }
  return size;
}
