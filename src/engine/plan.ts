// A training plan: every run of one Train or Compare, over ONE encoded corpus and ONE vocabulary. The engine's
// train() stays the unit (one run); runPlan (plan-runner.ts) executes any plan. Train is n seeds of one rule,
// Compare is n matched seeds of each rule (seed i is shared by the rules, so each seed is a matched pair).
import { DEFAULT_ALPHA, type ModelKind } from '../core/model-kinds';
import type { TrainOptions } from './options';

export interface PlannedRun {
  model: ModelKind;
  seed: number;
  alpha: number;
  epochs: number;
  /** the saved model this run belongs to (its seeds are saved together) */
  group: string;
}

/** What every run of a plan shares. */
export type PlanBase = Omit<Partial<TrainOptions>, 'model' | 'seed' | 'alpha' | 'epochs'>;

export interface TrainingPlan {
  base: PlanBase;
  runs: PlannedRun[];
}

export const MAX_SEEDS = 10;

/** Seeds 1..n: seed 1 is what a single run has always used, so one seed gives the same model as before. */
export function seedList(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** n seeds of one rule, all in one group. */
export function trainPlan(group: string, model: ModelKind, seeds: readonly number[], epochs: number, base: PlanBase, alpha?: number): TrainingPlan {
  return { base, runs: seeds.map((seed) => ({ model, seed, alpha: alpha ?? DEFAULT_ALPHA[model], epochs, group })) };
}

/** How the `auto` seed count is decided (README: "Several seeds"). */
export interface AutoSeeds {
  /** seconds the whole training may take */
  budgetSeconds: number;
  min: number;
  max: number;
}

/**
 * How many seeds fit the budget, from the first run's measured wall time: floor(budget / first), within
 * [min, max]. On these machines a 2 M-token workspace takes well under a minute per seed at the automatic
 * epochs, so the default budget of 180 s gives at least 3.
 */
export function autoSeedCount(firstRunSeconds: number, auto: AutoSeeds): number {
  const fit = Number.isFinite(firstRunSeconds) && firstRunSeconds > 0 ? Math.floor(auto.budgetSeconds / firstRunSeconds) : auto.max;
  return Math.max(auto.min, Math.min(auto.max, fit));
}

/** The words a run trains on: what overall progress and ETAs are measured in. */
export function runWords(run: PlannedRun, tokens: number): number {
  return run.epochs * tokens;
}

/** The rules Compare trains, in its order: word2vec's CBOW rule first (the reference), then the corrected one. */
export const COMPARE_RULES: readonly ModelKind[] = ['cbow-word2vec', 'cbow-corrected'];

export const compareGroup = (model: ModelKind): string => `compare-${model}`;

/**
 * n matched seeds of each rule, seed-major (seed 1 of every rule, then seed 2, …): one vocabulary, one corpus,
 * the same hyperparameters and epochs; only the rule differs, and with it the engine's default learning rate
 * for that rule unless `alpha` forces one for all.
 */
export function comparePlan(opts: { rules?: readonly ModelKind[]; seeds: readonly number[]; epochs: number; base: PlanBase; alpha?: number }): TrainingPlan {
  const rules = opts.rules ?? COMPARE_RULES;
  const runs = opts.seeds.flatMap((seed) => rules.map((model) => ({
    model, seed, alpha: opts.alpha ?? DEFAULT_ALPHA[model], epochs: opts.epochs, group: compareGroup(model),
  })));
  return { base: opts.base, runs };
}
