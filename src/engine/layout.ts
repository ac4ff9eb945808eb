// Where everything lives in the one shared WebAssembly.Memory.
export interface MemoryLayout {
  rowFloats: number; // dim padded to a multiple of 4 floats, so rows fit whole v128 lanes
  sigTable: number;
  logSigTable: number;
  keepProb: number;
  aliasProb: number;
  aliasIndex: number;
  syn0: number;
  syn1: number;
  workers: { scratch: number; chunk: number }[];
  chunkCapacity: number; // ids per chunk buffer
  bytes: number;
}

const PAGE = 65536;
const CACHE_LINE = 64;

const align = (n: number, to = CACHE_LINE) => Math.ceil(n / to) * to;

export function planLayout(p: {
  heapBase: number; vocabSize: number; dim: number; sigTableSize: number;
  scratchBytes: (rowFloats: number) => number; workers: number; chunkCapacity: number;
}): MemoryLayout {
  const rowFloats = Math.ceil(p.dim / 4) * 4;
  let at = align(p.heapBase);
  const take = (bytes: number) => {
    const start = at;
    at = align(at + bytes);
    return start;
  };
  const sigTable = take(p.sigTableSize * 4);
  const logSigTable = take(p.sigTableSize * 4);
  const keepProb = take(p.vocabSize * 4);
  const aliasProb = take(p.vocabSize * 4);
  const aliasIndex = take(p.vocabSize * 4);
  const syn0 = take(p.vocabSize * rowFloats * 4);
  const syn1 = take(p.vocabSize * rowFloats * 4);
  const workers = Array.from({ length: p.workers }, () => ({
    scratch: take(p.scratchBytes(rowFloats)),
    chunk: take(p.chunkCapacity * 4),
  }));
  if (at > 4 * 1024 ** 3 - PAGE) {
    throw new Error(`the model needs ${(at / 1024 ** 3).toFixed(1)} GiB, more than WebAssembly's 4 GiB: lower the dimension or the vocabulary size`);
  }
  return { rowFloats, sigTable, logSigTable, keepProb, aliasProb, aliasIndex, syn0, syn1, workers, chunkCapacity: p.chunkCapacity, bytes: at };
}

export function pagesFor(bytes: number): number {
  return Math.ceil(bytes / PAGE);
}
