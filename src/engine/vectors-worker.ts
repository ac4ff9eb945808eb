// The load worker (dist/vectors-worker.js): probes or reads one vectors source off the extension host's
// thread (see vectors-loader.ts for the host side and the messages). The matrix goes into a
// SharedArrayBuffer that the host wraps without a copy, and so do the words, packed (core/shared-words.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { VectorFileError } from '../core/formats';
import { singleInput, writeModelFile } from '../core/formats/model-file';
import { checkReference, ModelReferenceError, type ModelReference } from '../core/model-reference';
import { LoadCancelledError } from './load-cancelled';
import { lowerThreadPriority } from './thread-priority';
import { fingerprintFiles, probeSource, readSource } from './vector-files';
import type { WorkerError, WorkerMessage, WorkerRequest } from './vectors-loader';
import { fileURLToPath } from 'node:url';
import { buildWordTable, tableSlots } from '../core/word-index';
import { ModelFileError } from '../core/formats/model-file';
import { readModelForSearch } from './model-reading';
import type { PreparedSearch } from './search';
import type { EnsembleLayout } from '../core/vectors';
import { installSearchAccelerator, prepareSharedSearch, preparedEmbeddings } from './search';
import { useSearchModule } from './search-module';
import { TableWordIndex } from '../core/word-index';
import { packWords } from '../core/shared-words';
import { runModelQuery } from '../core/model-queries';
import type { Embeddings } from '../core/vectors';
import type { QueryWorkerAnswer, QueryWorkerRequest } from './query-worker';

const { request, control, hold, searchModule } = workerData as { request: WorkerRequest; control: Int32Array; hold?: Int32Array; searchModule?: WebAssembly.Module };
if (searchModule) useSearchModule(searchModule); // the host's compiled search.wasm: its code, and its tier-up, shared
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
const cancelled = () => Atomics.load(control, 0) !== 0;

// Progress at most every 1 % (and at the end): enough for a progress bar, few messages.
let lastStep = -1;
const onProgress = (done: number, total: number, phase: 'count' | 'read') => {
  const step = total > 0 ? Math.floor((100 * done) / total) : 100;
  if (step === lastStep && done < total) return;
  lastStep = step;
  post({ type: 'progress', done, total, phase });
};

/** The test hook (vectors-loader.ts preparationHooks.hold): count this worker in [1], wait until [0] is set. */
function holdHere(): void {
  if (!hold) return;
  Atomics.add(hold, 1, 1);
  Atomics.notify(hold, 1);
  while (Atomics.load(hold, 0) === 0 && !cancelled()) Atomics.wait(hold, 0, 0, 50);
}

function errorOf(e: unknown): WorkerError {
  if (e instanceof ModelFileError) return { name: e.name, message: e.message };
  if (e instanceof ModelReferenceError) return { name: e.name, message: e.message, check: e.check, path: e.path };
  if (e instanceof VectorFileError) return { name: e.name, message: e.message, line: e.line, offset: e.offset };
  if (e instanceof LoadCancelledError) return { name: e.name, message: e.message };
  const err = e as NodeJS.ErrnoException;
  // a file that cannot be opened or read is the user's to fix: one clear line, no stack
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') return { name: 'VectorFileError', message: err.message };
  return { name: 'Error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(e) };
}

/** A matrix of this many values or more is searched here too, after the load (see query-worker.ts). */
const serving = (values: number) => values >= (request.op === 'probe' ? Infinity : request.serveFrom ?? Infinity);
/** Its search memory then has a second lane of scratch, this thread's, beside the host's. */
const lanesFor = (values: number) => (serving(values) ? 2 : 1);

/**
 * After the load: answer the host's model queries (core/model-queries.ts) on the same shared memory, through
 * lane 1. The thread lives until the host terminates it: once the host has collected the model (query-worker.ts),
 * or as the window closes.
 */
function serveQueries(emb: Embeddings): void {
  parentPort!.on('message', (m: QueryWorkerRequest) => {
    let answer: QueryWorkerAnswer;
    try {
      answer = { type: 'answer', id: m.id, ok: true, result: runModelQuery(emb, m.query) };
    } catch (e) {
      const err = e as Error & { word?: unknown };
      answer = { type: 'answer', id: m.id, ok: false, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), ...(typeof err?.word === 'string' ? { word: err.word } : {}) } };
    }
    parentPort!.postMessage(answer);
  });
}

function queryEmbeddings(words: string[], dim: number, data: Float32Array, index: Int32Array, prepared: PreparedSearch, ensemble?: EnsembleLayout): Embeddings {
  installSearchAccelerator(); // the module the host sent (useSearchModule), so the same code answers here
  return preparedEmbeddings(words, dim, data, prepared, ensemble, new TableWordIndex(words, index), prepared.memory ? 1 : 0);
}

/** A model reference: its files must be the ones that were loaded. */
async function checkExpected(expect: ModelReference): Promise<void> {
  const now = await fingerprintFiles(expect.files.map((f) => fileURLToPath(f.uri)));
  const check = checkReference(expect, now);
  if (check.status !== 'same') throw new ModelReferenceError(check, fileURLToPath(check.uri));
}

async function main(): Promise<void> {
  lowerThreadPriority();
  if (request.expect) await checkExpected(request.expect);
  if (request.op === 'probe') {
    post({ type: 'probe', info: await probeSource(request.source, { onProgress, cancelled }) });
    return;
  }
  if (request.op === 'model') {
    const m = await readModelForSearch(request.source, { cancelled, onProgress: (done, total) => onProgress(done, total, 'read'), beforePrepare: holdHere, lanes: lanesFor });
    const serves = serving(m.words.length * m.dim);
    post({ type: 'model', header: m.header, words: packWords(m.words), dim: m.dim, data: m.data, index: m.index, prepared: m.prepared, ...(m.ensemble ? { ensemble: m.ensemble } : {}), serving: serves });
    if (serves) serveQueries(queryEmbeddings(m.words, m.dim, m.data, m.index, m.prepared, m.ensemble));
    return;
  }
  const { source, info } = request;
  let fingerprint;
  if (request.fingerprint && !request.expect) {
    fingerprint = await fingerprintFiles(info.files);
  }
  const { parsed, renamed, info: used } = await readSource(source, {
    info, maxWords: request.maxWords, onProgress, cancelled,
    allocate: (values) => new Float32Array(new SharedArrayBuffer(values * 4)),
  });
  if (cancelled()) throw new LoadCancelledError();
  // the word index, built here so the host need not build a Map of every word
  const index = buildWordTable(parsed.words, new Int32Array(new SharedArrayBuffer(4 * tableSlots(parsed.words.length))));
  let encoded: Uint8Array | undefined;
  if (request.encode) {
    encoded = writeModelFile({ header: { ...request.encode, vocabSize: parsed.words.length, dim: parsed.dim }, words: parsed.words, matrices: singleInput(parsed.data) });
  }
  holdHere();
  if (cancelled()) throw new LoadCancelledError();
  // the first query's one-off work (unit matrix, int8 copy), here rather than on the host
  const values = parsed.words.length * parsed.dim;
  const prepared = prepareSharedSearch(parsed.data, parsed.words.length, parsed.dim, 1, lanesFor(values));
  const serves = serving(values);
  post(
    { type: 'loaded', words: packWords(parsed.words), dim: parsed.dim, data: parsed.data, index, prepared, info: used, serving: serves, ...(renamed ? { renamed } : {}), ...(fingerprint ? { fingerprint } : {}), ...(encoded ? { encoded } : {}) },
    encoded ? [encoded.buffer as ArrayBuffer] : [],
  );
  if (serves) serveQueries(queryEmbeddings(parsed.words, parsed.dim, parsed.data, index, prepared));
}

main().catch((e: unknown) => post({ type: 'error', error: errorOf(e) }));
