import { availableParallelism } from 'node:os';
import { DEFAULT_ALPHA, isModelKind, MODEL_KINDS, type ModelKind } from '../core/model-kinds';

export { DEFAULT_ALPHA, isModelKind, MODEL_KINDS, type ModelKind };

export interface TrainOptions {
  model: ModelKind;
  dim: number;
  window: number;
  negative: number;
  sample: number;
  epochs: number;
  alpha: number;
  /** The learning rate never falls below alpha × minAlphaFraction (word2vec.c uses 1e-4). */
  minAlphaFraction: number;
  threads: number;
  seed: number;
}

// The kernel's index into its update rules.
export const MODEL_INDEX: Record<ModelKind, number> = { sg: 0, 'cbow-word2vec': 1, 'cbow-corrected': 2 };

export function resolveOptions(partial: Partial<TrainOptions> & { model: ModelKind }): TrainOptions {
  if (!isModelKind(partial.model)) {
    throw new Error(`unknown model "${String(partial.model)}"; expected one of ${MODEL_KINDS.join(', ')}`);
  }
  const o: TrainOptions = {
    model: partial.model,
    dim: partial.dim ?? 100,
    window: partial.window ?? 5,
    negative: partial.negative ?? 5,
    sample: partial.sample ?? 1e-3,
    epochs: partial.epochs ?? 5,
    alpha: partial.alpha ?? DEFAULT_ALPHA[partial.model],
    minAlphaFraction: partial.minAlphaFraction ?? 1e-4,
    threads: partial.threads && partial.threads > 0 ? partial.threads : availableParallelism(),
    seed: partial.seed ?? 1,
  };
  const checks: [boolean, string][] = [
    [Number.isInteger(o.dim) && o.dim >= 1 && o.dim <= 4096, 'dim must be an integer in 1..4096'],
    [Number.isInteger(o.window) && o.window >= 1 && o.window <= 100, 'window must be an integer in 1..100'],
    [Number.isInteger(o.negative) && o.negative >= 0 && o.negative <= 100, 'negative must be an integer in 0..100'],
    [Number.isFinite(o.sample) && o.sample >= 0 && o.sample < 1, 'sample must be in [0, 1)'],
    [Number.isInteger(o.epochs) && o.epochs >= 1 && o.epochs <= 1000, 'epochs must be an integer in 1..1000'],
    [Number.isFinite(o.alpha) && o.alpha > 0 && o.alpha <= 1, 'alpha must be in (0, 1]'],
    [Number.isFinite(o.minAlphaFraction) && o.minAlphaFraction >= 0 && o.minAlphaFraction <= 1, 'minAlphaFraction must be in [0, 1]'],
    [Number.isInteger(o.threads) && o.threads >= 1 && o.threads <= 256, 'threads must be an integer in 1..256'],
    [Number.isSafeInteger(o.seed) && o.seed >= 0, 'seed must be a non-negative integer'],
  ];
  for (const [ok, message] of checks) if (!ok) throw new Error(message);
  return o;
}

/** The learning rate after `done` of `total` words: linear decay to a floor, as word2vec.c. */
export function learningRate(o: TrainOptions, done: number, total: number): number {
  return o.alpha * Math.max(o.minAlphaFraction, 1 - done / total);
}
