// Executes a training plan run by run on the engine's workers, with one overall progress and one cancellation.
// Nothing is saved here: the caller gets every run's result or an error, so it can save all of them or none.
import type { Worker } from 'node:worker_threads';
import type { EncodedCorpus } from '../core/corpus';
import type { Vocabulary } from '../core/vocab';
import { runWords, type PlannedRun, type TrainingPlan } from './plan';
import { train, TrainingCancelledError, type TrainProgress, type TrainResult } from './train';

export interface PlanProgress {
  /** 0-based index of the run in progress, and how many runs the plan has (so far, for an `auto` plan) */
  run: number;
  runs: number;
  current: PlannedRun;
  /** of the current run */
  runFraction: number;
  /** of the whole plan, by words */
  fraction: number;
  epoch: number;
  wordsPerSecond: number;
  etaSeconds: number;
  /** the engine's report for the current run */
  engine: TrainProgress;
}

export interface RunOutcome {
  run: PlannedRun;
  result: TrainResult;
}

export interface PlanHooks {
  signal?: AbortSignal;
  onProgress?: (p: PlanProgress) => void;
  onWorkers?: (workers: readonly Worker[]) => void;
  background?: boolean;
  /** Called after each run; returns runs to append (how `auto` seeds grow the plan after the first run). */
  extend?: (done: readonly RunOutcome[]) => PlannedRun[];
}

/** A failure of one run, naming which. */
export class PlanRunError extends Error {
  constructor(readonly run: number, readonly runs: number, readonly planned: PlannedRun, cause: Error) {
    super(runs > 1 ? `run ${run + 1} of ${runs} (${planned.model}, seed ${planned.seed}) failed: ${cause.message}` : cause.message);
    this.name = 'PlanRunError';
  }
}

/** Runs every run of the plan in order. Rejects with TrainingCancelledError on cancel, PlanRunError on a failure. */
export async function runPlan(plan: TrainingPlan, corpus: EncodedCorpus, vocab: Vocabulary, hooks: PlanHooks = {}): Promise<RunOutcome[]> {
  const runs = [...plan.runs];
  const done: RunOutcome[] = [];
  let wordsBefore = 0;
  for (let i = 0; i < runs.length; i++) {
    if (hooks.signal?.aborted) throw new TrainingCancelledError();
    const run = runs[i]!;
    const words = runWords(run, corpus.tokens);
    const onProgress = (p: TrainProgress): void => {
      if (!hooks.onProgress) return;
      const totalWords = runs.reduce((s, r) => s + runWords(r, corpus.tokens), 0);
      const doneWords = wordsBefore + p.fraction * words;
      const rate = p.wordsPerSecond;
      hooks.onProgress({
        run: i, runs: runs.length, current: run, runFraction: p.fraction, fraction: totalWords > 0 ? doneWords / totalWords : 1,
        epoch: p.epoch, wordsPerSecond: rate, etaSeconds: rate > 0 ? (totalWords - doneWords) / rate : Number.POSITIVE_INFINITY, engine: p,
      });
    };
    let result: TrainResult;
    try {
      result = await train(corpus, vocab, { ...plan.base, model: run.model, seed: run.seed, alpha: run.alpha, epochs: run.epochs }, {
        onProgress, signal: hooks.signal, onWorkers: hooks.onWorkers, background: hooks.background,
      });
    } catch (e) {
      if (e instanceof TrainingCancelledError || hooks.signal?.aborted) throw new TrainingCancelledError();
      throw new PlanRunError(i, runs.length, run, e instanceof Error ? e : new Error(String(e)));
    }
    done.push({ run, result });
    wordsBefore += words;
    if (hooks.extend) runs.push(...hooks.extend(done));
  }
  if (hooks.signal?.aborted) throw new TrainingCancelledError();
  return done;
}

/**
 * The one "training" lock of an extension host: Train and Compare both take it, so neither can start while the
 * other runs. `what` names the holder for the refusal message.
 */
export class TrainingLock {
  private holder: string | undefined;

  get busy(): string | undefined {
    return this.holder;
  }

  /** Takes the lock, or returns undefined when it is held. */
  acquire(what: string): (() => void) | undefined {
    if (this.holder !== undefined) return undefined;
    this.holder = what;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holder = undefined;
    };
  }
}
