// Intervals for the compare (pure). Every number the compare shows that noise can move comes with a 95 %
// interval from a percentile bootstrap, resampling what the number rests on: the words, the questions, the
// held-out sentences, and the seeds (matched across rules, since seed i of every rule is one pair).
import { seededRandom } from '../random';

export interface Interval {
  mean: number;
  /** 95 % percentile bootstrap interval */
  ci95: [number, number];
}

export const BOOTSTRAP_SAMPLES = 1000;

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile bootstrap: `statistic(draw)` is computed on B resamples, where draw() returns a fresh resample index
 * for each of the `n` units (with replacement). Resamples where the statistic is undefined (NaN) are skipped.
 */
export function bootstrap(estimate: number, statistic: (pick: (n: number) => Int32Array) => number, opts: { samples?: number; seed?: number } = {}): Interval {
  const r = seededRandom(opts.seed ?? 20211);
  const pick = (n: number): Int32Array => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(r() * n);
    return out;
  };
  const values: number[] = [];
  const b = opts.samples ?? BOOTSTRAP_SAMPLES;
  for (let i = 0; i < b; i++) {
    const v = statistic(pick);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((x, y) => x - y);
  return { mean: estimate, ci95: values.length ? [quantile(values, 0.025), quantile(values, 0.975)] : [Number.NaN, Number.NaN] };
}

/** The mean of values with a bootstrap interval over them. */
export function meanInterval(values: readonly number[], opts: { samples?: number; seed?: number } = {}): Interval {
  const mean = (idx?: Int32Array) => {
    const n = values.length;
    if (n === 0) return Number.NaN;
    let s = 0;
    for (let i = 0; i < n; i++) s += values[idx ? idx[i]! : i]!;
    return s / n;
  };
  return bootstrap(mean(), (pick) => mean(pick(values.length)), opts);
}

/** True when the interval lies wholly on one side of zero: a difference beyond noise. */
export function excludesZero(i: Interval): boolean {
  return i.ci95[0] > 0 || i.ci95[1] < 0;
}

/** "0.43 [0.41, 0.45]" */
export function formatInterval(i: Interval, digits = 2, scale = 1): string {
  const f = (x: number) => (x * scale).toFixed(digits);
  return `${f(i.mean)} [${f(i.ci95[0])}, ${f(i.ci95[1])}]`;
}
