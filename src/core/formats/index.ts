import type { Embeddings } from '../vectors';
import { VectorFileError } from './errors';
import { bomLength, isBlank } from './shared';
import { readWord2vecBinary } from './word2vec-binary';
import { readWord2vecText } from './word2vec-text';

export { VectorFileError, VectorFileTooLargeError, isTooLargeError } from './errors';
export { writeWord2vecText, writeHeaderlessText, word2vecTextChunks } from './word2vec-text';
export { writeWord2vecBinary, word2vecBinaryChunks } from './word2vec-binary';
export { writeProjectorTsv } from './projector';

export type VectorFormat = 'word2vec-text' | 'word2vec-binary' | 'fasttext-vec' | 'headerless-text';

const HEADER = /^\s*\d+[ \t]+\d+\s*$/;

function textLike(b: number): boolean {
  // digits . - + e E space tab CR LF, and the letters of nan/inf so a text NaN is reported as such, not as binary
  return (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x2d || b === 0x2b || b === 0x65 || b === 0x45 ||
    b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a || 'naifNAIFty'.includes(String.fromCharCode(b));
}

/**
 * Header "V D" then text values -> word2vec text (fastText .vec is the same format);
 * header then non-text bytes after the first word -> binary; no header -> headerless text.
 */
export function detectFormat(bytes: Uint8Array): VectorFormat {
  const start = bomLength(bytes);
  if (isBlank(bytes, start)) throw new VectorFileError('line 1: empty file', { line: 1, offset: 0 });
  let nl = bytes.indexOf(0x0a, start);
  if (nl < 0) nl = bytes.length;
  const first = new TextDecoder('latin1').decode(bytes.subarray(start, Math.min(nl, start + 64)));
  if (nl - start > 64 || !HEADER.test(first)) return 'headerless-text';
  const dim = Number(first.trim().split(/\s+/)[1]);
  let p = nl + 1;
  while (p < bytes.length && (bytes[p] === 0x0a || bytes[p] === 0x0d || bytes[p] === 0x20)) p++;
  const sp = bytes.indexOf(0x20, p);
  if (sp < 0) return 'word2vec-text';
  // Only the rest of this line: the next word's letters are not evidence of binary.
  const end = Math.min(bytes.length, sp + 1 + Math.min(4 * dim, 256));
  for (let i = sp + 1; i < end && bytes[i] !== 0x0a; i++) if (!textLike(bytes[i])) return 'word2vec-binary';
  return 'word2vec-text';
}

export function readVectors(bytes: Uint8Array, format: VectorFormat | 'auto' = 'auto'): Embeddings {
  const f = format === 'auto' ? detectFormat(bytes) : format;
  switch (f) {
    case 'word2vec-binary':
      return readWord2vecBinary(bytes);
    case 'headerless-text':
      return readWord2vecText(bytes, false);
    case 'word2vec-text':
    case 'fasttext-vec':
      return readWord2vecText(bytes, true);
    default:
      throw new Error(`unknown vector format "${String(f)}"`);
  }
}
