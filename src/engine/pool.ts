import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { engineDir } from './kernel';
import { learningRate } from './options';
import { ABORT, STAT_CONTEXT_SUM, STAT_LOSS_COUNT, STAT_LOSS_SUM, STAT_POSITIONS, sumStat } from './shared-state';
import type { WorkerData } from './worker-data';

export interface TrainProgress {
  fraction: number;
  epoch: number; // 1-based
  wordsPerSecond: number;
  alpha: number;
  loss: number; // mean loss per training example since the previous report
  etaSeconds: number;
}

export class TrainingCancelledError extends Error {
  constructor() {
    super('training was cancelled');
    this.name = 'TrainingCancelledError';
  }
}

export interface PoolResult {
  seconds: number;
  lossCurve: { fraction: number; loss: number }[];
  meanContextSize: number;
}

const PROGRESS_MS = 250;
// Workers check the abort flag between chunks (tens of ms); this is the backstop.
const STOP_GRACE_MS = 80;

export function runPool(
  shared: Omit<WorkerData, 'index' | 'seed'>,
  seeds: string[],
  hooks: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal; onWorkers?: (workers: readonly Worker[]) => void },
): Promise<PoolResult> {
  const { state, options, totalWords } = shared;
  const started = performance.now();
  const workers: Worker[] = [];
  const lossCurve: { fraction: number; loss: number }[] = [];
  let lastLossSum = 0;
  let lastLossCount = 0;
  let lastCurveFraction = -1;

  const snapshot = (): TrainProgress => {
    const done = Math.min(totalWords, Number(state.wordsDone[0]));
    const seconds = (performance.now() - started) / 1000;
    const lossSum = sumStat(state.stats, STAT_LOSS_SUM);
    const lossCount = sumStat(state.stats, STAT_LOSS_COUNT);
    const loss = lossCount > lastLossCount ? (lossSum - lastLossSum) / (lossCount - lastLossCount) : Number.NaN;
    lastLossSum = lossSum;
    lastLossCount = lossCount;
    const rate = seconds > 0 ? done / seconds : 0;
    const fraction = totalWords > 0 ? done / totalWords : 1;
    if (Number.isFinite(loss) && fraction - lastCurveFraction >= 0.005) {
      lossCurve.push({ fraction, loss });
      lastCurveFraction = fraction;
    }
    return {
      fraction,
      epoch: Math.min(options.epochs, Math.floor(fraction * options.epochs) + 1),
      wordsPerSecond: rate,
      alpha: learningRate(options, done, totalWords),
      loss,
      etaSeconds: rate > 0 ? (totalWords - done) / rate : Number.POSITIVE_INFINITY,
    };
  };

  return new Promise<PoolResult>((resolve, reject) => {
    let running = seeds.length;
    let failure: Error | undefined;
    let settled = false;
    const timer = setInterval(() => {
      const progress = snapshot(); // also extends the loss curve
      hooks.onProgress?.(progress);
    }, PROGRESS_MS);

    const finish = () => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      hooks.signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (hooks.signal?.aborted) return reject(new TrainingCancelledError());
      const final = snapshot();
      hooks.onProgress?.(final);
      const positions = sumStat(state.stats, STAT_POSITIONS);
      resolve({
        seconds: (performance.now() - started) / 1000,
        lossCurve,
        meanContextSize: positions > 0 ? sumStat(state.stats, STAT_CONTEXT_SUM) / positions : 0,
      });
    };

    const stopAll = () => {
      Atomics.store(state.control, ABORT, 1);
      setTimeout(() => {
        for (const w of workers) void w.terminate();
      }, STOP_GRACE_MS).unref();
    };

    const onAbort = () => stopAll();
    hooks.signal?.addEventListener('abort', onAbort, { once: true });

    seeds.forEach((seed, index) => {
      const w = new Worker(join(engineDir(), 'engine-worker.js'), { workerData: { ...shared, index, seed } satisfies WorkerData });
      workers.push(w);
      let completed = false;
      w.on('message', (m: { type: string }) => {
        if (m.type === 'done') completed = true;
      });
      w.on('error', (err) => {
        failure ??= new Error(`training worker ${index + 1} of ${seeds.length} failed: ${err.message}`);
        stopAll();
      });
      w.on('exit', (code) => {
        if (!completed && !failure && !hooks.signal?.aborted && !Atomics.load(state.control, ABORT)) {
          failure = new Error(`training worker ${index + 1} of ${seeds.length} stopped unexpectedly (exit code ${code})`);
          stopAll();
        }
        if (--running === 0) finish();
      });
    });
    hooks.onWorkers?.(workers);
    if (hooks.signal?.aborted) stopAll();
  });
}
