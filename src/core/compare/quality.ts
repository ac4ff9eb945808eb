// Quality with intervals (pure): each rule's mean over its seeds, with a 95 % interval that resamples the items
// (questions, word pairs, held-out sentences) and the seeds, and the paired difference between two rules, which
// shares both (seed i of every rule is one pair; every rule answers the same items). A score resting on too few
// items is marked as not meaningful, so the view says so instead of printing it as if it were.
import { spearman } from '../evaluate';
import { bootstrap, BOOTSTRAP_SAMPLES, type Interval } from './stats';

/** Fewer answered analogy questions, similarity pairs or held-out sentences than this mean nothing. */
export const MIN_QUESTIONS = 100;
export const MIN_PAIRS = 30;
export const MIN_SENTENCES = 30;

export interface RuleScores {
  /** per rule, the rule's seeds' scores: perRule[r][s] */
  perRule: Interval[];
  /** perRule[1] − perRule[0], paired */
  difference: Interval;
}

/**
 * outcomes[r][s][i] ∈ {0, 1} (or any per-item score) for item i; items may be grouped into units (sentences)
 * that are resampled together: unitOf[i]. The statistic per rule is the mean over seeds of the mean over items.
 */
export function meanScores(outcomes: readonly (readonly ArrayLike<number>[])[], opts: { unitOf?: ArrayLike<number>; samples?: number; seed?: number } = {}): RuleScores {
  const rules = outcomes.length;
  const seeds = outcomes[0]!.length;
  const items = outcomes[0]![0]!.length;
  // units: each a list of item indices
  const units: number[][] = [];
  if (opts.unitOf) {
    const byUnit = new Map<number, number[]>();
    for (let i = 0; i < items; i++) {
      const u = opts.unitOf[i]!;
      let list = byUnit.get(u);
      if (!list) byUnit.set(u, (list = []));
      list.push(i);
    }
    units.push(...byUnit.values());
  } else {
    for (let i = 0; i < items; i++) units.push([i]);
  }
  const score = (r: number, unitIdx: ArrayLike<number> | undefined, seedIdx: ArrayLike<number> | undefined): number => {
    let total = 0;
    const ns = seedIdx ? seedIdx.length : seeds;
    for (let t = 0; t < ns; t++) {
      const row = outcomes[r]![seedIdx ? seedIdx[t]! : t]!;
      let s = 0;
      let n = 0;
      const nu = unitIdx ? unitIdx.length : units.length;
      for (let u = 0; u < nu; u++) {
        for (const i of units[unitIdx ? unitIdx[u]! : u]!) { s += row[i]!; n++; }
      }
      total += n ? s / n : Number.NaN;
    }
    return total / ns;
  };
  return intervals(rules, (r, ui, si) => score(r, ui, si), units.length, seeds, opts);
}

/**
 * Spearman ρ per rule (mean over seeds) against gold scores; model[r][s][i] is seed s of rule r's cosine for
 * pair i. Resamples pairs and seeds.
 */
export function spearmanScores(gold: ArrayLike<number>, model: readonly (readonly ArrayLike<number>[])[], opts: { samples?: number; seed?: number } = {}): RuleScores {
  const rules = model.length;
  const seeds = model[0]!.length;
  const n = gold.length;
  const rho = (r: number, ui: ArrayLike<number> | undefined, si: ArrayLike<number> | undefined): number => {
    const g = ui ? Array.from(ui, (i) => gold[i]!) : Array.from(gold);
    let total = 0;
    const ns = si ? si.length : seeds;
    for (let t = 0; t < ns; t++) {
      const m = model[r]![si ? si[t]! : t]!;
      total += spearman(g, ui ? Array.from(ui, (i) => m[i]!) : Array.from(m));
    }
    return total / ns;
  };
  return intervals(rules, rho, n, seeds, opts);
}

/** One bootstrap for every rule and the paired difference: the same resampled items and seeds for all. */
function intervals(rules: number, stat: (r: number, units: ArrayLike<number> | undefined, seeds: ArrayLike<number> | undefined) => number,
  units: number, seeds: number, opts: { samples?: number; seed?: number }): RuleScores {
  const samples = opts.samples ?? BOOTSTRAP_SAMPLES;
  const draws: number[][] = Array.from({ length: rules + 1 }, () => []);
  bootstrap(0, (pick) => {
    const ui = pick(units);
    const si = pick(seeds);
    const values = Array.from({ length: rules }, (_, r) => stat(r, ui, si));
    values.forEach((v, r) => draws[r]!.push(v));
    if (rules >= 2) draws[rules]!.push(values[1]! - values[0]!);
    return 0;
  }, { samples, seed: opts.seed });
  const ci = (values: number[]): [number, number] => {
    const v = values.filter(Number.isFinite).sort((a, b) => a - b);
    if (!v.length) return [Number.NaN, Number.NaN];
    const at = (p: number) => { const pos = (v.length - 1) * p; const lo = Math.floor(pos); return v[lo]! + (v[Math.ceil(pos)]! - v[lo]!) * (pos - lo); };
    return [at(0.025), at(0.975)];
  };
  const estimates = Array.from({ length: rules }, (_, r) => stat(r, undefined, undefined));
  return {
    perRule: estimates.map((mean, r) => ({ mean, ci95: ci(draws[r]!) })),
    difference: rules >= 2 ? { mean: estimates[1]! - estimates[0]!, ci95: ci(draws[rules]!) } : { mean: Number.NaN, ci95: [Number.NaN, Number.NaN] },
  };
}
