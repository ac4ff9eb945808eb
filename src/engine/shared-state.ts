// The few numbers the coordinator and the workers share, each in a SharedArrayBuffer.
export const NEXT_TASK = 0;
export const ABORT = 1;

export const STAT_LOSS_SUM = 0;
export const STAT_LOSS_COUNT = 1;
export const STAT_CONTEXT_SUM = 2;
export const STAT_POSITIONS = 3;
export const STATS_PER_WORKER = 4;

export interface SharedState {
  control: Int32Array; // NEXT_TASK, ABORT
  wordsDone: BigInt64Array; // [0]: corpus words handed to kernels so far, over all epochs
  stats: Float64Array; // per worker, cumulative: STAT_*; written by its owner only
}

export function createSharedState(workers: number): SharedState {
  return {
    control: new Int32Array(new SharedArrayBuffer(2 * 4)),
    wordsDone: new BigInt64Array(new SharedArrayBuffer(8)),
    stats: new Float64Array(new SharedArrayBuffer(workers * STATS_PER_WORKER * 8)),
  };
}

export function sumStat(stats: Float64Array, which: number): number {
  let s = 0;
  for (let i = which; i < stats.length; i += STATS_PER_WORKER) s += stats[i];
  return s;
}
