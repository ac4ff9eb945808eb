import type { Embeddings } from '../vectors';
import { formatFloat } from './shared';

/** TensorFlow Projector: vectors.tsv (tab-separated rows, no header) and metadata.tsv (one word a line, no header). */
export function writeProjectorTsv(emb: Embeddings): { vectors: string; metadata: string } {
  const d = emb.dim;
  const rows = new Array<string>(emb.size);
  const row = new Array<string>(d);
  for (let r = 0; r < emb.size; r++) {
    for (let j = 0; j < d; j++) row[j] = formatFloat(emb.data[r * d + j]);
    rows[r] = row.join('\t');
  }
  // A tab or newline inside a word would shift every later row.
  const metadata = emb.words.map((w) => w.replace(/[\t\r\n]/g, ' '));
  return {
    vectors: rows.length ? rows.join('\n') + '\n' : '',
    metadata: metadata.length ? metadata.join('\n') + '\n' : '',
  };
}
