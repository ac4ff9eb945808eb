// The host side of a big model's query worker. A hover on a million-row model sweeps 300 MB of int8 rows
// (tens of milliseconds, more on a busy machine, and about a second where the model did not fit one wasm memory
// and the JS loops run): on the extension host's thread that would stall every extension. So the load worker
// that read such a model stays alive and answers its queries (vectors-worker.ts serveQueries), on the same shared
// memory through a lane of scratch of its own, and the host only posts the question and renders the answer.
// Small models answer on the host (core/model-queries.ts localQueries): the round trip would cost more there.
import type { Worker } from 'node:worker_threads';
import { localQueries, type ModelQueries, type ModelQuery, type ModelQueryResult } from '../core/model-queries';
import { OutOfVocabularyError, type Embeddings } from '../core/vectors';
import { QueryError } from '../core/query';

/** Models of this many values (rows × dimensions) or more get a query worker: 8 M is 80,000 words × 100. */
export const QUERY_WORKER_MIN_VALUES = 8_000_000;

/**
 * Test hooks: minValues, the threshold the loader passes to its workers (0 gives every model a query worker);
 * threads, the thread ids of the query workers running in this process.
 */
export const queryWorkerHooks: { minValues?: number; readonly threads: Set<number> } = { threads: new Set() };

export function queryWorkerThreshold(): number {
  return queryWorkerHooks.minValues ?? QUERY_WORKER_MIN_VALUES;
}

export interface QueryWorkerRequest {
  type: 'query';
  id: number;
  query: ModelQuery;
}

export type QueryWorkerAnswer =
  | { type: 'answer'; id: number; ok: true; result: unknown }
  | { type: 'answer'; id: number; ok: false; error: { name: string; message: string; word?: string } };

/** The errors a query can raise, as the host's own code would have raised them. */
function rebuild(e: { name: string; message: string; word?: string }): Error {
  if (e.name === 'OutOfVocabularyError' && e.word !== undefined) return new OutOfVocabularyError(e.word);
  if (e.name === 'QueryError') return new QueryError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

class QueryWorker implements ModelQueries {
  readonly offThread = true;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private stopped: Error | undefined;

  constructor(private readonly worker: Worker) {
    // an idle query worker must not keep a process (a test, the CLI) alive; a pending query must
    worker.unref();
    const id = worker.threadId;
    queryWorkerHooks.threads.add(id);
    worker.once('exit', () => queryWorkerHooks.threads.delete(id));
    worker.on('message', (m: QueryWorkerAnswer) => {
      if (m?.type !== 'answer') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(rebuild(m.error));
    });
    worker.on('error', (e) => this.stop(new Error(`the query worker failed: ${e.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`the query worker exited (code ${code})`)));
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  run<Q extends ModelQuery>(query: Q): Promise<ModelQueryResult<Q>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<ModelQueryResult<Q>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.ref();
      const message: QueryWorkerRequest = { type: 'query', id, query };
      this.worker.postMessage(message);
    });
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    this.worker.unref(); // a closed worker's thread lives on until the model is collected; it must not keep a process alive
  }

  /** Stops answering: pending and later queries fail; the thread lives on until dispose(). */
  close(): void {
    this.stop(new Error('the model was closed'));
  }

  dispose(): void {
    this.close();
    void this.worker.terminate();
  }
}

const workers = new WeakMap<Embeddings, QueryWorker>();
// The thread ends once this thread has collected the model (released or not). Its own references to the
// model's shared memory are then the last ones, so the gigabytes are unmapped on its thread as it exits, not by
// this thread's collector (unmapping 2.7 GB of touched pages takes a good part of a second).
const orphans = new FinalizationRegistry<QueryWorker>((w) => w.dispose());

/** Makes `worker` (a load worker that serves, see vectors-worker.ts) answer emb's queries. */
export function attachQueryWorker(emb: Embeddings, worker: Worker): void {
  const w = new QueryWorker(worker);
  workers.set(emb, w);
  orphans.register(emb, w);
}

/** Where emb's queries are answered: its query worker while it runs, else this thread. */
export function queriesFor(emb: Embeddings): ModelQueries {
  const w = workers.get(emb);
  return w?.alive ? w : localQueries(emb);
}

/** Stops emb's query worker answering, if it has one (its queries then run on this thread). */
export function releaseQueries(emb: Embeddings): void {
  const w = workers.get(emb);
  if (!w) return;
  workers.delete(emb);
  w.close(); // (the thread itself ends when emb is collected: see orphans)
}
