// Runs an analysis task on a worker thread (dist/analysis-worker.js) so the caller's thread stays free; the task
// never runs on the caller's thread (a missing worker bundle is an error, as for the other workers).
// Cancellable: aborting terminates the worker.
import { Worker } from 'node:worker_threads';
import { builtFile } from './built-files';
import type { Embeddings } from '../core/vectors';
import { packedOf } from '../core/shared-words';
import { transferables, type AnalysisOutput, type AnalysisTask, type PlainEmbeddings } from './analysis-tasks';

export type { AnalysisTask, EvaluateOutput, EnsembleOutput } from './analysis-tasks';

function workerFile(): string {
  const f = builtFile('analysis-worker.js');
  if (f === undefined) throw new Error(`the analysis worker is not built (no analysis-worker.js near ${__dirname}); run "npm run build"`);
  return f;
}

/**
 * The vectors, for a worker: a matrix in shared memory (every loaded model's) is shared as it is, and packed
 * words (a big model's, core/shared-words.ts) stay packed, so nothing the size of the model is copied or decoded
 * on the caller's thread; otherwise a copy, which the worker then owns.
 */
export function plain(emb: Embeddings): PlainEmbeddings {
  const shared = typeof SharedArrayBuffer === 'function' && emb.data.buffer instanceof SharedArrayBuffer;
  return { words: packedOf(emb.words) ?? [...emb.words], dim: emb.dim, data: shared ? emb.data : emb.data.slice() };
}

/**
 * Test hook: while `hold` is set (an Int32Array on a SharedArrayBuffer, [0] = open, [1] = arrivals), every
 * analysis worker counts itself in [1] and waits until [0] is non-zero before it starts its task. Tests use it to
 * show, without timing, that the host answers requests while analysis work is in flight.
 */
export const analysisHooks: { hold?: Int32Array } = {};

export class AnalysisCancelledError extends Error {
  constructor() { super('analysis cancelled'); this.name = 'AnalysisCancelledError'; }
}

export function runAnalysis<T extends AnalysisTask>(task: T, opts: { signal?: AbortSignal } = {}): Promise<AnalysisOutput<T>> {
  let file: string;
  try { file = workerFile(); } catch (err) { return Promise.reject(err); }
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) { reject(new AnalysisCancelledError()); return; }
    const worker = new Worker(file);
    const transfer = transferables(task);
    const finish = () => { opts.signal?.removeEventListener('abort', onAbort); void worker.terminate(); };
    const onAbort = () => { finish(); reject(new AnalysisCancelledError()); };
    opts.signal?.addEventListener('abort', onAbort);
    worker.once('message', (m: { ok: true; result: AnalysisOutput<T> } | { ok: false; error: string }) => {
      finish();
      if (m.ok) resolve(m.result); else reject(new Error(m.error));
    });
    worker.once('error', (e) => { finish(); reject(e); });
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`the analysis worker exited with code ${code}`)); });
    worker.postMessage(analysisHooks.hold ? { ...task, hold: analysisHooks.hold } : task, transfer);
  });
}
