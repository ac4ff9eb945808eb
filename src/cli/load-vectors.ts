// How the CLI reads a vectors file (every command that takes one): streamed from disk by the same reader the
// extension's load worker runs (engine/vector-files.ts), in this process. Flags:
//   --max-words N          only the first N words (word2vec, fastText and GloVe files are in frequency order)
//   --format F             instead of detecting it
//   --metadata FILE        a Projector vectors.tsv's labels (default: metadata.tsv beside it)
//   --label-column C       which metadata column labels the rows (a header name or a 1-based number)
//   --header-row           the metadata file's first line is a header even though it has one column
import { open, readFile } from 'node:fs/promises';
import { modelEmbeddings } from '../core/ensemble';
import { VectorFileError } from '../core/formats';
import { MODEL_FILE_MAGIC, readModelFile } from '../core/formats/model-file';
import { toEmbeddings } from '../core/formats/stream-readers';
import type { Embeddings } from '../core/vectors';
import { installSearchAccelerator } from '../engine/search';
import { probeSource, readSource, resolveSource, type SourceFormat } from '../engine/vector-files';
import { choiceFlag, intFlag, last, UsageError, type ParsedArgs } from './args';

export const VECTOR_VALUE_FLAGS = ['max-words', 'format', 'metadata', 'label-column'];
export const VECTOR_BOOLEAN_FLAGS = ['header-row'];
const FORMATS = ['word2vec-text', 'word2vec-binary', 'fasttext-vec', 'headerless-text', 'projector-tsv', 'spark-ml'] as const satisfies readonly SourceFormat[];

export const VECTOR_USAGE = '[--max-words N] [--format F] [--metadata FILE] [--label-column C] [--header-row]';

export async function loadVectorsArg(path: string | undefined, args: ParsedArgs, err: (line: string) => void, signal?: AbortSignal): Promise<Embeddings> {
  if (!path) throw new UsageError('missing the vectors file');
  if (await isModelFile(path)) {
    // Embedding Lens's own model file (several seeds, with their agreement): checksummed as a whole, so read whole
    installSearchAccelerator();
    return modelEmbeddings(readModelFile(await readFile(path)));
  }
  const maxWords = intFlag(args, 'max-words', 1, Number.MAX_SAFE_INTEGER);
  const format = choiceFlag(args, 'format', FORMATS) ?? 'auto';
  const resolved = await resolveSource(path, format, last(args, 'metadata'));
  if (resolved.kind === 'projector' && resolved.metadataMissing) {
    throw new UsageError(`${path} is a Projector vectors.tsv; its labels are missing: put metadata.tsv beside it or pass --metadata FILE`);
  }
  const column = last(args, 'label-column');
  const src = resolved.kind === 'projector'
    ? { ...resolved, ...(column !== undefined ? { labelColumn: /^\d+$/.test(column) ? Number(column) - 1 : column } : {}), ...(args.flags.has('header-row') ? { header: true } : {}) }
    : resolved;
  const cancelled = () => signal?.aborted === true;
  const info = await probeSource(src, { cancelled });
  if (maxWords !== undefined && maxWords < info.words && !info.frequencyOrdered) {
    err(`note: ${info.format === 'spark-ml' ? 'Spark ML stores' : 'this file lists'} words in no particular order, so --max-words ${maxWords} keeps an arbitrary ${maxWords} of them`);
  }
  installSearchAccelerator(); // neighbours, analogies and eval through dist/search.wasm (same answers, faster)
  try {
    const { parsed } = await readSource(src, { info, maxWords, cancelled });
    if (parsed.words.length === 0) throw new VectorFileError(`${path}: the file holds no vectors`);
    return toEmbeddings(parsed);
  } catch (e) {
    if (e instanceof RangeError && /Array buffer allocation failed|Invalid typed array length/.test(e.message)) {
      throw new UsageError(`not enough memory for ${info.words.toLocaleString('en')} × ${info.dim} vectors; load fewer with --max-words N`);
    }
    throw e;
  }
}

async function isModelFile(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false; // a folder (Spark) or a missing file: resolveSource says which
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await file.read(head, 0, 8, 0).catch(() => ({ bytesRead: 0 }));
    return bytesRead === 8 && head.toString('latin1') === MODEL_FILE_MAGIC;
  } finally {
    await file.close();
  }
}
