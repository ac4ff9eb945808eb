import type { Worker } from 'node:worker_threads';
import type { EncodedCorpus } from '../core/corpus';
import type { Vocabulary } from '../core/vocab';
import { Embeddings } from '../core/vectors';
import { aliasTable, keepProbabilities } from '../core/sampling';
import { splitChunks } from './chunks';
import { configureKernel, fillSigmoidTables, instantiate, kernelModule, preferredKernelBuild, type KernelBuild, type KernelExports } from './kernel';
import { pagesFor, planLayout, type MemoryLayout } from './layout';
import { resolveOptions, type ModelKind, type TrainOptions } from './options';
import { runPool, TrainingCancelledError, type TrainProgress } from './pool';
import { createSharedState } from './shared-state';

export { TrainingCancelledError, type TrainProgress } from './pool';
export { MODEL_KINDS, DEFAULT_ALPHA, isModelKind, type ModelKind, type TrainOptions } from './options';

export interface TrainResult {
  embeddings: Embeddings;
  /** the output (context) vectors, vocabulary × dim: what a held-out score ranks against */
  outputs: Float32Array;
  seconds: number;
  wordsPerSecond: number;
  lossCurve: { fraction: number; loss: number }[];
  options: TrainOptions;
  /** Mean number of context words per CBOW update (per skip-gram centre word for sg). */
  meanContextSize: number;
  /** The kernel build that trained it (relaxed SIMD where the runtime has it; see kernel.ts). */
  kernel: KernelBuild;
}

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  /** Sees the worker threads once started: for monitoring, and for fault-injection tests. */
  onWorkers?: (workers: readonly Worker[]) => void;
  /** Runs the workers at a lower OS priority, so an editor sharing the cores stays responsive. */
  background?: boolean;
}

/** Trains word vectors on worker threads; the calling thread stays free. */
export async function train(
  corpus: EncodedCorpus,
  vocab: Vocabulary,
  partial: Partial<TrainOptions> & { model: ModelKind },
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const options = resolveOptions(partial);
  if (vocab.size === 0 || corpus.tokens === 0) {
    throw new Error('nothing to train on: the corpus has no words that reach the minimum count');
  }
  if (hooks.signal?.aborted) throw new TrainingCancelledError();

  const kernel = preferredKernelBuild();
  const module = await kernelModule(kernel);
  const chunks = splitChunks(corpus.ids, chunkTarget(options));
  const threads = Math.max(1, Math.min(options.threads, chunks.count));
  const layout = planLayout({
    heapBase: probe(module, (k) => k.heapBase()),
    vocabSize: vocab.size,
    dim: options.dim,
    sigTableSize: probe(module, (k) => k.SIG_TABLE_SIZE.value as number),
    scratchBytes: (rowFloats) => probe(module, (k) => k.scratchBytes(rowFloats)),
    workers: threads,
    chunkCapacity: chunks.maxLength,
  });
  const pages = pagesFor(layout.bytes);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  initialise(instantiate(module, memory), memory, layout, vocab, options);

  const totalWords = corpus.tokens * options.epochs;
  const pool = await runPool(
    {
      module, memory, layout, options, totalWords,
      ids: sharedIds(corpus.ids),
      chunkStarts: chunks.starts,
      chunkWords: chunks.words,
      vocabSize: vocab.size,
      state: createSharedState(threads),
      background: hooks.background ?? false,
    },
    workerSeeds(options.seed, threads),
    hooks,
  );
  return {
    embeddings: new Embeddings([...vocab.words], options.dim, matrixRows(memory, layout, layout.syn0, vocab.size, options.dim)),
    outputs: matrixRows(memory, layout, layout.syn1, vocab.size, options.dim),
    seconds: pool.seconds,
    wordsPerSecond: totalWords / pool.seconds,
    lossCurve: pool.lossCurve,
    options,
    meanContextSize: pool.meanContextSize,
    kernel,
  };
}

// Chunks small enough that a worker sees the abort flag within tens of milliseconds.
function chunkTarget(o: TrainOptions): number {
  const work = (o.dim / 100) * ((o.negative + 1) / 6) * (o.model === 'sg' ? o.window : 1);
  return Math.max(512, Math.min(16384, Math.round(16384 / Math.max(work, 1e-3))));
}

function probe<T>(module: WebAssembly.Module, read: (k: KernelExports) => T): T {
  return read(instantiate(module, new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true })));
}

function initialise(k: KernelExports, memory: WebAssembly.Memory, layout: MemoryLayout, vocab: Vocabulary, o: TrainOptions): void {
  const v = vocab.size;
  fillSigmoidTables(k, memory, layout.sigTable, layout.logSigTable);
  new Float32Array(memory.buffer, layout.keepProb, v).set(keepProbabilities(vocab.counts, vocab.total, o.sample));
  const alias = aliasTable(vocab.counts, 0.75);
  new Float32Array(memory.buffer, layout.aliasProb, v).set(alias.prob);
  new Int32Array(memory.buffer, layout.aliasIndex, v).set(alias.alias);
  configureKernel(k, { model: o.model, layout, vocabSize: v, window: o.window, negative: o.negative, scratch: layout.workers[0].scratch, seed: 1n });
  k.initVectors(v, o.dim, BigInt(o.seed) * 2654435761n + 1n);
}

// Each worker gets its own stream (kōan seeds every thread alike).
function workerSeeds(seed: number, threads: number): string[] {
  return Array.from({ length: threads }, (_, i) => String((BigInt(seed) * 0x9e3779b97f4a7c15n + BigInt(i) * 0xbf58476d1ce4e5b9n + 1n) & 0xffffffffffffffffn));
}

function sharedIds(ids: Int32Array): Int32Array {
  if (ids.buffer instanceof SharedArrayBuffer) return ids;
  const copy = new Int32Array(new SharedArrayBuffer(ids.byteLength));
  copy.set(ids);
  return copy;
}

// When rows carry no padding the vectors are used where they lie: a copy would add the whole
// matrix to peak memory just as training ends. The memory stays alive as long as they do.
function matrixRows(memory: WebAssembly.Memory, layout: MemoryLayout, base: number, words: number, dim: number): Float32Array {
  if (layout.rowFloats === dim) return new Float32Array(memory.buffer, base, words * dim);
  const out = new Float32Array(words * dim);
  const all = new Float32Array(memory.buffer, base, words * layout.rowFloats);
  for (let w = 0; w < words; w++) out.set(all.subarray(w * layout.rowFloats, w * layout.rowFloats + dim), w * dim);
  return out;
}
