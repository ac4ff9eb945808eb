// The host side of the load worker (dist/vectors-worker.js): probe a vectors source, or load it, without
// parsing anything on the calling thread. What arrives here is small and spread out: progress (at most every
// 1 %), and at the end the matrix, a SharedArrayBuffer-backed Float32Array that Embeddings wraps as it is,
// the words packed in shared memory (core/shared-words.ts) and the word index (a hash table in another
// SharedArrayBuffer, core/word-index.ts), so no Map of every word is built here. A model whose queries run in
// its worker keeps its words packed: the host then holds no string per word. Cancelling sets a
// flag the worker checks between 4 MB pieces; the worker is terminated if it does not stop soon after.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VectorFileError } from '../core/formats';
import { ModelFileError, ModelFileTooLargeError, type ModelFileHeader } from '../core/formats/model-file';
import { ModelReferenceError, type ModelReference, type Observed, type ReferenceCheck } from '../core/model-reference';
import type { Embeddings, EnsembleLayout } from '../core/vectors';
import { preparedEmbeddings, type PreparedSearch } from './search';
import { searchModuleForWorkers } from './search-module';
import type { ModelFileSource } from './model-reading';
import { TableWordIndex } from '../core/word-index';
import { sharedWordList, unpackWords, type PackedWords } from '../core/shared-words';
import { engineDir } from './kernel';
import { LoadCancelledError } from './load-cancelled';
import { attachQueryWorker, queryWorkerThreshold } from './query-worker';
import type { SourceInfo, VectorSource } from './vector-files';

export type WorkerRequest =
  | { op: 'probe'; source: VectorSource; expect?: ModelReference }
  /** one of our own model files: read, verified, its ensemble built and its search prepared (model-reading.ts) */
  | { op: 'model'; source: ModelFileSource; expect?: undefined; serveFrom?: number }
  | {
    op: 'load'; source: VectorSource; info: SourceInfo; maxWords?: number;
    /** reload of a model reference: fail with ModelReferenceError unless its files are unchanged */
    expect?: ModelReference;
    /** fingerprint the files (for a new model reference) */
    fingerprint?: boolean;
    /** also encode the model file (a copy for the store), with this header */
    encode?: ModelFileHeader;
    /** a matrix of at least this many values stays here to answer queries (query-worker.ts) */
    serveFrom?: number;
  };

export interface WorkerError {
  name: string;
  message: string;
  line?: number;
  offset?: number;
  check?: Exclude<ReferenceCheck, { status: 'same' }>;
  path?: string;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: 'count' | 'read' }
  | { type: 'probe'; info: SourceInfo }
  | { type: 'loaded'; words: PackedWords; dim: number; data: Float32Array; index: Int32Array; prepared: PreparedSearch; info: SourceInfo; serving: boolean; renamed?: number; fingerprint?: Observed; encoded?: Uint8Array }
  | { type: 'model'; header: ModelFileHeader; words: PackedWords; dim: number; data: Float32Array; index: Int32Array; prepared: PreparedSearch; ensemble?: EnsembleLayout; serving: boolean }
  | { type: 'error'; error: WorkerError };

export interface LoadProgress {
  done: number;
  total: number;
  phase: 'count' | 'read';
}

export interface LoaderOptions {
  signal?: AbortSignal;
  /**
   * Called on every progress message, on the host's thread. A returned promise is awaited before the load
   * completes (tests hover there); an abort from inside it cancels the load at exactly that point.
   */
  onProgress?: (p: LoadProgress) => void | Promise<void>;
}

export interface LoadedVectors {
  embeddings: Embeddings;
  info: SourceInfo;
  renamed?: number;
  fingerprint?: Observed;
  encoded?: Uint8Array;
}

/** After a cancel, how long the worker gets to notice its flag before it is terminated. */
const STOP_GRACE_MS = 2000;

function workerFile(): string {
  const f = join(engineDir(), 'vectors-worker.js');
  if (!existsSync(f)) throw new Error(`the load worker is not built (no ${f}); run "npm run build"`);
  return f;
}

/**
 * Test hook: while `hold` is set (an Int32Array on a SharedArrayBuffer, [0] = open, [1] = arrivals), every load
 * worker counts itself in [1] once its file is read, and waits until [0] is non-zero before it prepares the
 * search (normalising, quantising). Tests use it to show, without timing, that the host answers meanwhile.
 */
export const preparationHooks: { hold?: Int32Array } = {};

function rebuild(e: WorkerError): Error {
  switch (e.name) {
    case 'ModelFileError': return new ModelFileError(e.message);
    case 'ModelFileTooLargeError': return new ModelFileTooLargeError(e.message);
    case 'VectorFileError': return new VectorFileError(e.message, { line: e.line, offset: e.offset });
    case 'ModelReferenceError': return new ModelReferenceError(e.check!, e.path!);
    case 'LoadCancelledError': return new LoadCancelledError();
    default: return new Error(`the load worker failed: ${e.message}`);
  }
}

/** Resolves with the value and, when the final message says the worker serves queries, the worker itself. */
function run<T>(request: WorkerRequest, options: LoaderOptions, onMessage: (m: WorkerMessage, settle: (v: T, keep?: boolean) => void) => void,
  transfer: ArrayBuffer[] = []): Promise<{ value: T; serving?: Worker }> {
  return new Promise<{ value: T; serving?: Worker }>((resolve, reject) => {
    if (options.signal?.aborted) { reject(new LoadCancelledError()); return; }
    const control = new Int32Array(new SharedArrayBuffer(4));
    // (bytes of a 'bytes' source should sit in a SharedArrayBuffer: then every worker shares them, uncopied)
    const hold = preparationHooks.hold;
    const searchModule = searchModuleForWorkers();
    const worker = new Worker(workerFile(), { workerData: { request, control, ...(hold ? { hold } : {}), ...(searchModule ? { searchModule } : {}) }, transferList: transfer });
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (error?: Error, value?: T, keep = false) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (keep && !error) {
        resolve({ value: value as T, serving: worker });
        return;
      }
      Atomics.store(control, 0, 1);
      // it exits on its own once done; after an error or a cancel it gets a moment, then is terminated
      killTimer = setTimeout(() => void worker.terminate(), error ? STOP_GRACE_MS : 0);
      if (error) reject(error); else resolve({ value: value as T });
    };
    const onAbort = () => finish(new LoadCancelledError());
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      if (m.type === 'error') finish(rebuild(m.error));
      else {
        try {
          onMessage(m, (v, keep) => finish(undefined, v, keep));
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
        }
      }
    });
    worker.once('error', (e) => finish(new Error(`the load worker failed: ${e.message}`)));
    worker.once('exit', (code) => {
      clearTimeout(killTimer);
      if (!settled) finish(new Error(`the load worker exited (code ${code}) before it finished`));
    });
  });
}

/**
 * What a source holds (header, size), read in the worker. With `expect` (a model reference), the files are
 * checked first: ModelReferenceError when they changed or vanished.
 */
export async function probeVectors(source: VectorSource, options: LoaderOptions & { expect?: ModelReference } = {}): Promise<SourceInfo> {
  return (await run<SourceInfo>({ op: 'probe', source, ...(options.expect ? { expect: options.expect } : {}) }, options, (m, settle) => {
    if (m.type === 'progress') void options.onProgress?.(m);
    else if (m.type === 'probe') settle(m.info);
  })).value;
}

export interface LoadRequest {
  info: SourceInfo;
  maxWords?: number;
  expect?: ModelReference;
  fingerprint?: boolean;
  encode?: ModelFileHeader;
  /** models of at least this many values keep their worker to answer queries (default: query-worker.ts) */
  serveFrom?: number;
}

/**
 * The worker that read a big model stays to answer its queries (query-worker.ts): attached to the Embeddings,
 * and stopped if the load is cancelled after all.
 */
function adopt(embeddings: Embeddings, serving: Worker | undefined, options: LoaderOptions): void {
  if (!serving) return;
  if (options.signal?.aborted) {
    void serving.terminate();
    throw new LoadCancelledError();
  }
  attachQueryWorker(embeddings, serving);
}

/** Words unpacked per slice, with the event loop free in between: a few milliseconds of work each. */
const UNPACK_SLICE = 16_384;

/**
 * The host's view of the words the worker packed: left packed when the worker answers the queries (the host
 * then decodes only the words it shows), unpacked into an array otherwise (a model small enough to query here,
 * though it may still have many words if they have few dimensions: so in slices).
 */
async function hostWords(packed: PackedWords, serving: Worker | undefined): Promise<readonly string[]> {
  if (serving) return sharedWordList(packed);
  const n = packed.starts.length - 1;
  const words = new Array<string>(n);
  for (let from = 0; from < n; from += UNPACK_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    unpackWords(packed, from, Math.min(n, from + UNPACK_SLICE), words);
  }
  return words;
}

/** The host's Embeddings over what the worker sent; the serving worker is stopped if they cannot be made. */
async function wrap(m: { words: PackedWords; dim: number; data: Float32Array; index: Int32Array; prepared: PreparedSearch; ensemble?: EnsembleLayout },
  serving: Worker | undefined, options: LoaderOptions): Promise<Embeddings> {
  try {
    const words = await hostWords(m.words, serving);
    const embeddings = preparedEmbeddings(words, m.dim, m.data, m.prepared, m.ensemble, new TableWordIndex(words, m.index));
    adopt(embeddings, serving, options);
    return embeddings;
  } catch (e) {
    void serving?.terminate();
    throw e;
  }
}

/** Loads a source in the worker; resolves with Embeddings over the worker's SharedArrayBuffer. */
export async function loadVectors(source: VectorSource, request: LoadRequest, options: LoaderOptions = {}): Promise<LoadedVectors> {
  const waits: Promise<void>[] = [];
  const { value: message, serving } = await run<Extract<WorkerMessage, { type: 'loaded' }>>({ op: 'load', source, ...request, serveFrom: request.serveFrom ?? queryWorkerThreshold() }, options, (m, settle) => {
    if (m.type === 'progress') {
      const wait = options.onProgress?.(m);
      if (wait) waits.push(wait);
    } else if (m.type === 'loaded') settle(m, m.serving);
  });
  try {
    await Promise.all(waits);
    if (options.signal?.aborted) throw new LoadCancelledError();
  } catch (e) {
    void serving?.terminate();
    throw e;
  }
  const embeddings = await wrap(message, serving, options);
  return {
    embeddings,
    info: message.info,
    ...(message.renamed ? { renamed: message.renamed } : {}),
    ...(message.fingerprint ? { fingerprint: message.fingerprint } : {}),
    ...(message.encoded ? { encoded: message.encoded } : {}),
  };
}

/**
 * Reads one of our own model files in the worker (checked as readModelFile checks it; its errors are the same
 * ModelFileErrors) and resolves with its Embeddings (the seeds' ensemble, as modelEmbeddings builds it) over
 * the worker's shared memory, its search prepared. `bytes` (a virtual file system) are transferred, not copied,
 * when they fill their own buffer.
 */
export async function loadModelFile(source: ModelFileSource, options: LoaderOptions & { serveFrom?: number } = {}): Promise<{ embeddings: Embeddings; header: ModelFileHeader }> {
  const request: WorkerRequest = { op: 'model', source, serveFrom: options.serveFrom ?? queryWorkerThreshold() };
  const { value: message, serving } = await run<Extract<WorkerMessage, { type: 'model' }>>(request, options, (m, settle) => {
    if (m.type === 'progress') void options.onProgress?.(m);
    else if (m.type === 'model') settle(m, m.serving);
  }, source.kind === 'bytes' ? transferable(source.bytes) : []);
  const embeddings = await wrap(message, serving, options);
  return { embeddings, header: message.header };
}

function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const b = bytes.buffer;
  return b instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === b.byteLength ? [b] : [];
}
