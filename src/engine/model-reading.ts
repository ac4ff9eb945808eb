// Reading one of our own model files (.emblens) in the load worker, so that nothing of it runs on the extension
// host's thread: the file is read in 4 MB pieces (or taken from bytes the host handed over, for a virtual file
// system), checked exactly as readModelFile checks it (core/formats/model-file-stream.ts), its seeds' input
// vectors go straight into the ensemble's matrix in a SharedArrayBuffer (core/ensemble.ts ensembleSegment, the
// same floats as modelEmbeddings), the word index is built in shared memory, and the search is prepared
// (unit matrix and int8 copy, prepareSharedSearch). The host then wraps all of it without a copy.
import { open } from 'node:fs/promises';
import { ensembleSegment } from '../core/ensemble';
import { ModelFileStream, type MatrixRowsSink } from '../core/formats/model-file-stream';
import { ModelFileError, type ModelFileHeader } from '../core/formats/model-file';
import type { EnsembleLayout } from '../core/vectors';
import { buildWordTable, DuplicateWordError, tableSlots } from '../core/word-index';
import { LoadCancelledError } from './load-cancelled';
import { prepareSharedSearch, type PreparedSearch } from './search';

/** Where the model file's bytes are: a local path, or bytes the host read (a virtual file system). */
export type ModelFileSource = { kind: 'path'; path: string } | { kind: 'bytes'; bytes: Uint8Array };

export interface ReadModel {
  header: ModelFileHeader;
  words: string[];
  dim: number;
  data: Float32Array;
  ensemble?: EnsembleLayout;
  index: Int32Array;
  prepared: PreparedSearch;
}

export interface ModelReadOptions {
  cancelled: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /** called once the file is read and verified, before the search is prepared (tests hold the worker there) */
  beforePrepare?: () => void;
  /** how many query lanes the search memory gets, given the matrix's values (2 when a query worker will serve it) */
  lanes?: (values: number) => number;
}

const PIECE = 4 << 20;

/** The ensemble (or the one seed's matrix) of a model file, filled as its rows stream in. */
function ensembleSink(prefix: { header: ModelFileHeader; descriptors: { role: string }[] }, out: { data?: Float32Array; ensemble?: EnsembleLayout }): MatrixRowsSink {
  const { vocabSize, dim: seedDim } = prefix.header;
  const inputs = prefix.descriptors.map((d, i) => (d.role === 'input' ? i : -1)).filter((i) => i >= 0);
  const seeds = inputs.length;
  const dim = seeds * seedDim;
  const data = new Float32Array(new SharedArrayBuffer(vocabSize * dim * 4));
  out.data = data;
  if (seeds > 1) out.ensemble = { seeds, seedDim };
  const seedOf = new Map(inputs.map((m, s) => [m, s]));
  return (matrix, _d, firstRow, rows) => {
    const s = seedOf.get(matrix);
    if (s === undefined) return; // output vectors: checked (the checksum), not kept for queries
    const n = rows.length / seedDim;
    if (seeds === 1) data.set(rows, firstRow * seedDim);
    else ensembleSegment(rows, n, seedDim, seeds, s, firstRow, data);
  };
}

/** Reads, verifies and prepares a model file; throws ModelFileError as readModelFile would. */
export async function readModelForSearch(source: ModelFileSource, options: ModelReadOptions): Promise<ReadModel> {
  const out: { data?: Float32Array; ensemble?: EnsembleLayout } = {};
  let size: number;
  let stream: ModelFileStream;
  const make = (total: number) => new ModelFileStream(total, (prefix) => ensembleSink(prefix, out));
  if (source.kind === 'bytes') {
    size = source.bytes.length;
    stream = make(size);
    for (let o = 0; o < size; o += PIECE) {
      if (options.cancelled()) throw new LoadCancelledError();
      stream.push(source.bytes.subarray(o, Math.min(size, o + PIECE)));
      options.onProgress?.(Math.min(size, o + PIECE), size);
    }
  } else {
    const handle = await open(source.path, 'r');
    try {
      size = (await handle.stat()).size;
      stream = make(size);
      const piece = new Uint8Array(Math.min(PIECE, Math.max(1, size)));
      let done = 0;
      for (;;) {
        if (options.cancelled()) throw new LoadCancelledError();
        const { bytesRead } = await handle.read(piece, 0, piece.length, done);
        if (bytesRead === 0) break;
        stream.push(piece.subarray(0, bytesRead));
        done += bytesRead;
        options.onProgress?.(done, size);
      }
    } finally {
      await handle.close();
    }
  }
  const { header, words } = stream.finish();
  if (!out.data) throw new Error('model file: no matrix was read'); // finish() has thrown for every file without one
  let index: Int32Array;
  try {
    index = buildWordTable(words, new Int32Array(new SharedArrayBuffer(4 * tableSlots(words.length))), true);
  } catch (e) {
    // a file that passed its checksum with a word twice was written wrong; it cannot be queried either way
    if (e instanceof DuplicateWordError) throw new ModelFileError(`model file is corrupted: ${e.message}`);
    throw e;
  }
  options.beforePrepare?.();
  if (options.cancelled()) throw new LoadCancelledError();
  const seeds = out.ensemble?.seeds ?? 1;
  const dim = seeds * header.dim;
  const prepared = prepareSharedSearch(out.data, words.length, dim, seeds, options.lanes?.(words.length * dim) ?? 1);
  return { header, words, dim, data: out.data, ...(out.ensemble ? { ensemble: out.ensemble } : {}), index, prepared };
}
