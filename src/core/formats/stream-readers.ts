// Which streaming reader reads a format, and the format of a stream from its first bytes (pure).
import { Embeddings } from '../vectors';
import { buildWordTable, tableSlots, TableWordIndex, type WordIndex } from '../word-index';
import { detectFormat, type VectorFormat } from './index';
import { isBlank, bomLength } from './shared';
import type { ParsedVectors, StreamOptions, VectorStreamReader } from './stream';
import { Word2vecBinaryReader } from './word2vec-binary-stream';
import { Word2vecTextReader } from './word2vec-text-stream';

/** How much of a file format detection (and a model reference's fingerprint) looks at. */
export const DETECT_BYTES = 1 << 20;

export function createVectorReader(format: VectorFormat, options: StreamOptions): VectorStreamReader {
  switch (format) {
    case 'word2vec-binary':
      return new Word2vecBinaryReader(options);
    case 'headerless-text':
      return new Word2vecTextReader(options, false);
    case 'word2vec-text':
    case 'fasttext-vec':
      return new Word2vecTextReader(options, true);
    default:
      throw new Error(`unknown vector format "${String(format)}"`);
  }
}

/**
 * detectFormat() from the first bytes of a stream (`prefix`, the first DETECT_BYTES or the whole input). A
 * prefix of nothing but whitespace decides nothing when more follows: as readVectors() would, the file is
 * then read as headerless text (whose reader gives the precise error).
 */
export function detectStreamFormat(prefix: Uint8Array, totalBytes: number): VectorFormat {
  if (prefix.length < totalBytes && isBlank(prefix, bomLength(prefix))) return 'headerless-text';
  return detectFormat(prefix);
}

/** Reads chunks (in memory) through the streaming reader; for tests and small inputs. */
export function readVectorChunks(chunks: Iterable<Uint8Array>, format: VectorFormat | 'auto', options: Partial<StreamOptions> & { totalBytes: number }): ParsedVectors {
  const list = [...chunks];
  let f = format;
  if (f === 'auto') {
    const prefix = new Uint8Array(Math.min(DETECT_BYTES, options.totalBytes));
    let o = 0;
    for (const c of list) {
      if (o >= prefix.length) break;
      const k = Math.min(c.length, prefix.length - o);
      prefix.set(c.subarray(0, k), o);
      o += k;
    }
    f = detectStreamFormat(prefix, options.totalBytes);
  }
  const reader = createVectorReader(f, options);
  for (const c of list) {
    if (reader.done) break;
    reader.push(c);
  }
  return reader.end();
}

/** The readers reject repeated words, so their words index as a hash table (cheaper than a Map of each). */
export function toEmbeddings(parsed: ParsedVectors, index?: WordIndex): Embeddings {
  const words = parsed.words;
  return new Embeddings(words, parsed.dim, parsed.data, undefined, index ?? new TableWordIndex(words, buildWordTable(words, new Int32Array(tableSlots(words.length)))));
}
