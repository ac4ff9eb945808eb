// The training plan of a compare pair (pure, no `vscode`): ONE vocabulary and encoded corpus, ONE seed, the
// same hyperparameters and epochs for every run; only the model (and with it the engine's default learning
// rate for that update rule, unless one alpha is forced for all) differs. The compare command and the
// benchmark both train from this plan, and a unit test checks its invariants.
import type { ModelKind, TrainOptions } from '../engine/train';

export const COMPARE_MODELS: readonly ModelKind[] = ['cbow-word2vec', 'cbow-corrected'];

export interface CompareBase {
  dim: number;
  window: number;
  negative: number;
  sample?: number;
  epochs: number;
  threads?: number;
  seed?: number;
  /** one learning rate for every run; by default each rule uses its engine default (0.05 vs 0.075, sg 0.025) */
  alpha?: number;
}

export interface CompareRun {
  model: ModelKind;
  options: Partial<TrainOptions> & { model: ModelKind };
}

export interface ComparePlan<V, C> {
  vocab: V;
  corpus: C;
  seed: number;
  runs: CompareRun[];
}

export function planCompare<V, C>(vocab: V, corpus: C, base: CompareBase, opts: { includeSkipGram?: boolean } = {}): ComparePlan<V, C> {
  const seed = base.seed ?? 1;
  const shared: Omit<Partial<TrainOptions>, 'model'> = {
    dim: base.dim, window: base.window, negative: base.negative, epochs: base.epochs, seed,
    ...(base.sample !== undefined ? { sample: base.sample } : {}),
    ...(base.threads !== undefined && base.threads > 0 ? { threads: base.threads } : {}),
    ...(base.alpha !== undefined ? { alpha: base.alpha } : {}),
  };
  const models: ModelKind[] = [...COMPARE_MODELS, ...(opts.includeSkipGram ? ['sg' as const] : [])];
  return { vocab, corpus, seed, runs: models.map((model) => ({ model, options: { ...shared, model } })) };
}
