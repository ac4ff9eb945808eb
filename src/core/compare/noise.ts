// The rule's effect against seed noise (pure). Two seeds of ONE rule already share only part of each top-10 list,
// so the overlap between two rules means nothing on its own. With n matched seeds of rules A and B:
//   within_A(w)  = mean over seed pairs i ≠ j of overlap@10(A_i(w), A_j(w))   (A's noise floor)
//   between(w)   = mean over seed pairs i ≠ j of overlap@10(A_i(w), B_j(w))
//   excess(w)    = (within_A(w) + within_B(w)) / 2 − between(w)
// Both overlaps compare runs of different seeds, so both carry the same seed noise, and excess is the part of the
// change that the rule, not the seed, causes: exactly 0 when the rules give the same runs. The matched pairs
// (same seed, other rule: A_i against B_i) share their random draws and are reported apart.
// Whole-model figures average over the words; their intervals resample words and seeds (matched: seed i of both
// rules together). Resampled pairs of one seed with itself are left out.
// A single word has too few seeds for a resampling interval of its own (with 3 seeds there are 6 within-rule and
// 6 between-rule pairs, and a bootstrap over 3 seeds has a handful of distinct outcomes). Its interval is instead
// excess ± 1.96·SE, where SE takes the spread of the word's own pairwise overlaps, shrunk towards the spread of
// words at the same overlap level (as limma does for genes), and widened by WORD_SE_INFLATION because pairs that
// share a seed are not independent; test/unit/compare/stats.test.ts checks that two noisy copies of one model
// flag about 5 % of words or fewer. With 2 seeds no word is called changed: there is no spread to measure.
import { bootstrap, BOOTSTRAP_SAMPLES, quantile, type Interval } from './stats';

/** lists[seed][word] = that seed's top-k neighbour ids of the word (k = lists' length). */
export type SeedLists = readonly (readonly (readonly number[])[])[];

export function overlap(a: readonly number[], b: readonly number[], k: number): number {
  const set = new Set(a.slice(0, k));
  let n = 0;
  for (const x of b.slice(0, k)) if (set.has(x)) n++;
  return n / k;
}

/** The pairwise overlaps of one word: aa[i·n+j], bb[i·n+j] within each rule, ab[i·n+j] = overlap(A_i, B_j). */
interface WordOverlaps { aa: Float64Array; bb: Float64Array; ab: Float64Array }

function overlapsOf(a: SeedLists, b: SeedLists, w: number, k: number): WordOverlaps {
  const n = a.length;
  const aa = new Float64Array(n * n), bb = new Float64Array(n * n), ab = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j > i) {
        aa[i * n + j] = aa[j * n + i] = overlap(a[i]![w]!, a[j]![w]!, k);
        bb[i * n + j] = bb[j * n + i] = overlap(b[i]![w]!, b[j]![w]!, k);
      }
      ab[i * n + j] = overlap(a[i]![w]!, b[j]![w]!, k);
    }
  }
  return { aa, bb, ab };
}

/** Within A, within B and between for the seeds at `idx` (default: all, in order). */
function perWord(o: WordOverlaps, n: number, idx?: Int32Array): { withinA: number; withinB: number; between: number } {
  const m = idx ? idx.length : n;
  const at = (i: number) => (idx ? idx[i]! : i);
  let wa = 0, wb = 0, pairs = 0, between = 0, cross = 0;
  for (let i = 0; i < m; i++) {
    const si = at(i);
    for (let j = 0; j < m; j++) {
      const sj = at(j);
      if (si === sj) continue; // the same seed twice says nothing about seed noise
      if (j > i) {
        wa += o.aa[si * n + sj]!;
        wb += o.bb[si * n + sj]!;
        pairs++;
      }
      between += o.ab[si * n + sj]!;
      cross++;
    }
  }
  return pairs ? { withinA: wa / pairs, withinB: wb / pairs, between: between / cross } : { withinA: Number.NaN, withinB: Number.NaN, between: Number.NaN };
}

/** Same seed, other rule: the mean over i of overlap(A_i, B_i). */
function matchedOf(o: WordOverlaps, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += o.ab[i * n + i]!;
  return s / n;
}

export interface WordEffect {
  word: number;
  withinA: number;
  withinB: number;
  between: number;
  excess: Interval;
  /** the excess interval excludes zero */
  beyondNoise: boolean;
}

export interface NoiseAndEffect {
  seeds: number;
  words: number;
  k: number;
  withinA: Interval;
  withinB: Interval;
  between: Interval;
  excess: Interval;
  /** same seed, other rule (their runs share every random draw), for information */
  matched: number;
  perWord: WordEffect[];
}

/**
 * The whole comparison of two rules' neighbour lists. `a` and `b` hold the same words in the same order (the
 * words measured, e.g. the 1,000 most frequent), each seed's lists in seed order, seeds matched.
 */
export function noiseAndEffect(a: SeedLists, b: SeedLists, opts: { k?: number; samples?: number; seed?: number } = {}): NoiseAndEffect {
  const n = a.length;
  if (n < 2 || b.length !== n) throw new Error(`the noise floor needs at least 2 matched seeds of each rule (got ${a.length} and ${b.length})`);
  const words = a[0]!.length;
  const k = opts.k ?? 10;
  const samples = opts.samples ?? BOOTSTRAP_SAMPLES;
  const overlaps = Array.from({ length: words }, (_, w) => overlapsOf(a, b, w, k));
  const base = overlaps.map((o) => perWord(o, n));
  const meanOf = (f: (x: { withinA: number; withinB: number; between: number }) => number, rows: { withinA: number; withinB: number; between: number }[]) => {
    let s = 0;
    for (const r of rows) s += f(r);
    return s / rows.length;
  };
  const excessOf = (r: { withinA: number; withinB: number; between: number }) => (r.withinA + r.withinB) / 2 - r.between;
  // One bootstrap for the four whole-model figures: the same resampled words and seeds for all of them.
  const draws: { withinA: number; withinB: number; between: number; excess: number }[] = [];
  bootstrap(0, (pick) => {
    const ws = pick(words);
    const ss = pick(n);
    const rows = Array.from(ws, (w) => perWord(overlaps[w]!, n, ss));
    if (rows.some((r) => Number.isNaN(r.withinA))) return Number.NaN;
    draws.push({ withinA: meanOf((r) => r.withinA, rows), withinB: meanOf((r) => r.withinB, rows), between: meanOf((r) => r.between, rows), excess: meanOf(excessOf, rows) });
    return 0;
  }, { samples, seed: opts.seed });
  const interval = (mean: number, key: 'withinA' | 'withinB' | 'between' | 'excess'): Interval => {
    const v = draws.map((d) => d[key]).sort((x, y) => x - y);
    return { mean, ci95: [quantile(v, 0.025), quantile(v, 0.975)] };
  };
  const se = wordStandardErrors(overlaps, n, k);
  const perWordEffects = base.map((r, w): WordEffect => {
    const e = excessOf(r);
    const half = 1.96 * se[w]!;
    const excess: Interval = { mean: e, ci95: Number.isFinite(half) ? [e - half, e + half] : [Number.NaN, Number.NaN] };
    return { word: w, ...r, excess, beyondNoise: excess.ci95[0] > 0 || excess.ci95[1] < 0 };
  });
  return {
    seeds: n, words, k,
    withinA: interval(meanOf((r) => r.withinA, base), 'withinA'),
    withinB: interval(meanOf((r) => r.withinB, base), 'withinB'),
    between: interval(meanOf((r) => r.between, base), 'between'),
    excess: interval(meanOf(excessOf, base), 'excess'),
    matched: overlaps.reduce((t, o) => t + matchedOf(o, n), 0) / words,
    perWord: perWordEffects,
  };
}

/** How much wider a word's interval is than independent pairs would make it (calibrated in the unit test). */
export const WORD_SE_INFLATION = 1.2;
const PRIOR_DF = 10;

/** Each word's standard error of excess change (NaN with fewer than 3 seeds). */
function wordStandardErrors(overlaps: readonly WordOverlaps[], n: number, k: number): Float64Array {
  const out = new Float64Array(overlaps.length).fill(Number.NaN);
  if (n < 3) return out;
  const level = new Float64Array(overlaps.length);
  const variance = new Float64Array(overlaps.length);
  const m = n * (n - 1); // within-rule pairs (both rules) and between-rule pairs of different seeds: m each
  overlaps.forEach((o, w) => {
    const within: number[] = [];
    const between: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        if (j > i) within.push(o.aa[i * n + j]!, o.bb[i * n + j]!);
        between.push(o.ab[i * n + j]!);
      }
    }
    const mw = within.reduce((a, b) => a + b, 0) / within.length;
    const mb = between.reduce((a, b) => a + b, 0) / between.length;
    let ss = 0;
    for (const x of within) ss += (x - mw) ** 2;
    for (const x of between) ss += (x - mb) ** 2;
    level[w] = (mw + mb) / 2;
    variance[w] = ss / (within.length + between.length - 2);
  });
  // the prior: the mean variance of words at about the same level (twenty bins of overlap level)
  const bins = 20;
  const sum = new Float64Array(bins);
  const count = new Float64Array(bins);
  const bin = (x: number) => Math.min(bins - 1, Math.max(0, Math.floor(x * bins)));
  level.forEach((x, w) => { sum[bin(x)]! += variance[w]!; count[bin(x)]!++; });
  const all = variance.reduce((a, b) => a + b, 0) / Math.max(1, variance.length);
  const df = 2 * m - 2;
  overlaps.forEach((_, w) => {
    const b = bin(level[w]!);
    const prior = count[b]! >= 5 ? sum[b]! / count[b]! : all;
    // never below a proportion's own variance at that level: overlaps come in steps of 1/k, and a word whose few
    // pairs happen to agree exactly has not shown that it cannot move
    const floor = (level[w]! * (1 - level[w]!)) / k;
    const shrunk = Math.max(floor, (df * variance[w]! + PRIOR_DF * prior) / (df + PRIOR_DF));
    out[w] = WORD_SE_INFLATION * Math.sqrt(shrunk * (2 / m));
  });
  return out;
}

