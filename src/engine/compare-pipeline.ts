// The honest compare, shared by the extension's Compare job and `embedding-lens compare`: hold out sentences,
// optionally choose each rule's α on the validation part, train n matched seeds of each rule (and optional
// skip-gram references, at their own epochs and at corrected CBOW's wall time), measure everything with
// intervals in the analysis worker, and write the verdict. The caller trains (with its own progress) and saves.
import type { EncodedCorpus } from '../core/corpus';
import { DEFAULT_SPLIT, splitHeldOut, type SplitOptions } from '../core/compare/held-out';
import { compareVerdict } from '../core/compare/verdict';
import { DEFAULT_ALPHA, modelLabel, type ModelKind } from '../core/model-kinds';
import type { Vocabulary } from '../core/vocab';
import type { AlphaSweep, CompareData, CompareRule, Interval } from '../protocol';
import type { AnalysisOutput, AnalysisTask } from './analysis-tasks';
import type { CompareAnalysis } from './compare-analysis';
import { COMPARE_RULES, compareGroup, runWords, seedList, type PlanBase, type PlannedRun, type TrainingPlan } from './plan';
import type { RunOutcome } from './plan-runner';
import { TrainingCancelledError } from './train';

export interface CompareSettings {
  /** the two rules compared (default: word2vec's CBOW, then corrected CBOW) */
  pair?: readonly [ModelKind, ModelKind];
  seeds: number;
  epochs: number;
  base: PlanBase;
  /** α values to try per rule on the validation sentences; empty: each rule at its default */
  alphaGrid: number[];
  /** a skip-gram reference at the same epochs */
  skipGram: boolean;
  /** and skip-gram at the epochs that fit corrected CBOW's wall time (implies skipGram) */
  equalTime: boolean;
  split: SplitOptions;
  maxPositions: number;
  analogies?: { name: string; text: string };
  similarity: { name: string; text: string }[];
  top: number;
  k: number;
  samples: number;
}

export const DEFAULT_COMPARE: Omit<CompareSettings, 'seeds' | 'epochs' | 'base' | 'similarity'> = {
  alphaGrid: [], skipGram: false, equalTime: false, split: DEFAULT_SPLIT, maxPositions: 3000, top: 1000, k: 10, samples: 1000,
};

export interface CompareHooks {
  /** trains a plan on `corpus`; `range` is the part of the whole compare's progress it covers */
  train(plan: TrainingPlan, corpus: EncodedCorpus, range: [number, number]): Promise<RunOutcome[]>;
  analyse<T extends AnalysisTask>(task: T): Promise<AnalysisOutput<T>>;
  step?(message: string): void;
  signal?: AbortSignal;
}

export interface ComparedRule {
  key: string;
  kind: ModelKind;
  label: string;
  modelId: string;
  outcomes: RunOutcome[];
  /** the seeds as one ensemble (shared memory) */
  ensemble: Float32Array;
  stability: CompareAnalysis['stability'][number];
}

export interface CompareOutcome {
  /** everything but what only the caller knows (createdAt, source, files, totalSeconds) */
  data: Omit<CompareData, 'createdAt' | 'source' | 'files' | 'totalSeconds'>;
  rules: ComparedRule[];
  trainCorpus: EncodedCorpus;
  /** every measured word's noise floor and excess change (the record keeps only the most changed) */
  perWord: { word: string; withinA: number; withinB: number; between: number; excess: Interval; beyondNoise: boolean }[];
  /** the held-out test sentences (vocabulary ids), so others can recompute the score */
  test: Int32Array[];
}

interface RuleSpec { key: string; kind: ModelKind; label: string; alpha: number; alphaChosenBy: CompareRule['alphaChosenBy']; epochs: number }

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new TrainingCancelledError();
}

export async function runCompare(corpus: EncodedCorpus, vocab: Vocabulary, s: CompareSettings, hooks: CompareHooks): Promise<CompareOutcome> {
  if (s.seeds < 2) throw new Error('the compare needs at least 2 seeds per rule: the noise floor is the overlap between seeds of one rule');
  const split = splitHeldOut(corpus, s.split);
  const train = split.train;
  const seeds = seedList(s.seeds);
  const window = s.base.window ?? 5;
  const pair = s.pair ?? (COMPARE_RULES as [ModelKind, ModelKind]);
  if (pair[0] === pair[1]) throw new Error('the compare needs two different rules');
  const specs: RuleSpec[] = pair.map((kind) => ({ key: kind, kind, label: modelLabel(kind), alpha: DEFAULT_ALPHA[kind], alphaChosenBy: 'default', epochs: s.epochs }));
  const withSkipGram = s.skipGram || s.equalTime;
  if (withSkipGram && !pair.includes('sg')) specs.push({ key: 'sg', kind: 'sg', label: modelLabel('sg'), alpha: DEFAULT_ALPHA.sg, alphaChosenBy: 'default', epochs: s.epochs });

  // Progress is measured in words trained: the sweep, the main runs, and (estimated) the equal-time runs.
  const sweepWords = s.alphaGrid.length * specs.length * s.epochs * train.tokens;
  const mainWords = specs.length * s.seeds * s.epochs * train.tokens;
  const eqWords = s.equalTime ? s.seeds * s.epochs * train.tokens : 0;
  const total = sweepWords + mainWords + eqWords || 1;
  let at = 0;
  const range = (words: number): [number, number] => { const r: [number, number] = [at / total, (at + words) / total]; at += words; return r; };

  // 1. α: for each rule, the grid value whose single run (seed 1) predicts the validation sentences best
  let alphaSweep: AlphaSweep | null = null;
  if (s.alphaGrid.length) {
    hooks.step?.(`Choosing α on the validation sentences (${s.alphaGrid.join(', ')})…`);
    const runs: PlannedRun[] = specs.flatMap((r) => s.alphaGrid.map((alpha) => ({ model: r.kind, seed: 1, alpha, epochs: s.epochs, group: `sweep-${r.key}` })));
    const done = await hooks.train({ base: s.base, runs }, train, range(sweepWords));
    cancelled(hooks.signal);
    alphaSweep = { grid: s.alphaGrid, rules: [], validationSentences: split.validation.length };
    for (const r of specs) {
      const scores: number[] = [];
      for (const alpha of s.alphaGrid) {
        const o = done.find((d) => d.run.model === r.kind && d.run.alpha === alpha)!;
        const v = await hooks.analyse({ kind: 'heldOutScore', input: o.result.embeddings.data, output: o.result.outputs, dim: o.result.options.dim, sentences: split.validation, window, maxPositions: s.maxPositions });
        scores.push(v.top10);
      }
      const best = scores.indexOf(Math.max(...scores));
      r.alpha = s.alphaGrid[best]!;
      r.alphaChosenBy = 'validation';
      alphaSweep.rules.push({ key: r.key, label: r.label, validationTop10: scores, chosen: r.alpha });
    }
  }

  // 2. n matched seeds of every rule, seed-major, at the α chosen (or each rule's default)
  hooks.step?.(`Training ${specs.length} rules × ${s.seeds} seeds…`);
  const main: PlannedRun[] = seeds.flatMap((seed) => specs.map((r) => ({ model: r.kind, seed, alpha: r.alpha, epochs: r.epochs, group: compareGroup(r.kind) })));
  const mainDone = await hooks.train({ base: s.base, runs: main }, train, range(mainWords));
  cancelled(hooks.signal);
  const outcomesOf = (kind: ModelKind, from: RunOutcome[]) => from.filter((o) => o.run.model === kind);

  // 3. skip-gram at corrected CBOW's wall time: its epochs scaled by the measured time per epoch
  let eqDone: RunOutcome[] = [];
  if (s.equalTime) {
    const meanSeconds = (o: RunOutcome[]) => o.reduce((t, x) => t + x.result.seconds, 0) / o.length;
    const tc = meanSeconds(outcomesOf(pair[1], mainDone));
    const ts = meanSeconds(outcomesOf('sg', mainDone));
    const epochs = Math.max(1, Math.round((s.epochs * tc) / ts));
    specs.push({ key: 'sg-equal-time', kind: 'sg', label: `${modelLabel('sg')} at equal time`, alpha: specs.find((r) => r.kind === 'sg')!.alpha, alphaChosenBy: specs.find((r) => r.kind === 'sg')!.alphaChosenBy, epochs });
    hooks.step?.(`Training skip-gram at corrected CBOW's wall time (${epochs} epochs)…`);
    const runs = seeds.map((seed) => ({ model: 'sg' as const, seed, alpha: specs.at(-1)!.alpha, epochs, group: 'compare-sg-equal-time' }));
    eqDone = await hooks.train({ base: s.base, runs }, train, range(runWords(runs[0]!, train.tokens) * runs.length));
    cancelled(hooks.signal);
  }
  const runsOf = (r: RuleSpec) => (r.key === 'sg-equal-time' ? eqDone : outcomesOf(r.kind, mainDone));

  // 4. measure, off the caller's thread
  hooks.step?.('Measuring the noise floor, the held-out score and the evaluation files…');
  const words = [...vocab.words];
  const analysis = await hooks.analyse({
    kind: 'compareSeeds', words, seedDim: mainDone[0]!.result.options.dim,
    rules: specs.map((r) => ({ key: r.key, inputs: runsOf(r).map((o) => o.result.embeddings.data), outputs: runsOf(r).map((o) => o.result.outputs) })),
    top: s.top, k: s.k, test: split.test, window, maxPositions: s.maxPositions,
    ...(s.analogies ? { analogies: s.analogies } : {}), similarity: s.similarity, samples: s.samples,
  });
  cancelled(hooks.signal);

  const first = mainDone[0]!.result;
  const ruleOf = (r: RuleSpec, i: number): CompareRule => {
    const o = runsOf(r);
    const within: Interval | null = i === 0 ? analysis.noise.withinA : i === 1 ? analysis.noise.withinB : analysis.referenceWithin[i] ?? null;
    return {
      key: r.key, kind: r.kind, label: r.label, modelId: r.key === 'sg-equal-time' ? 'compare-sg-equal-time' : compareGroup(r.kind),
      alpha: r.alpha, alphaChosenBy: r.alphaChosenBy, epochs: r.epochs, seeds,
      seconds: o.map((x) => x.result.seconds), wordsPerSecond: o.reduce((t, x) => t + x.result.wordsPerSecond, 0) / o.length,
      meanContextSize: o[0]!.result.meanContextSize, lossCurves: o.map((x) => x.result.lossCurve),
      within,
      heldOutTop1: analysis.heldOut.top1.perRule[i] ?? null,
      heldOutTop10: analysis.heldOut.top10.perRule[i] ?? null,
      ...(i >= 2 ? { heldOutTop10VsCorrected: analysis.heldOut.referenceTop10[i - 2]! } : {}),
    };
  };
  const rules = specs.map(ruleOf);
  const noise = analysis.noise;
  const changed = noise.perWord.filter((w) => w.beyondNoise && w.excess.mean > 0).sort((x, y) => y.excess.mean - x.excess.mean || x.word - y.word);
  const data: Omit<CompareData, 'createdAt' | 'source' | 'files' | 'totalSeconds' | 'verdict'> = {
    version: 2, tokens: train.tokens, vocabSize: vocab.size, minCount: 0,
    hyperparameters: { dim: first.options.dim, window: first.options.window, negative: first.options.negative, sample: first.options.sample, epochs: s.epochs, threads: first.options.threads },
    seeds: s.seeds,
    split: { test: s.split.test, validation: s.split.validation, testSentences: split.test.length, validationSentences: split.validation.length, positions: analysis.heldOut.positions, meaningful: analysis.heldOut.meaningful },
    rules, k: noise.k, words: noise.words, between: noise.between, excess: noise.excess, matched: noise.matched,
    beyondNoise: changed.length,
    mostChanged: changed.slice(0, 30).map((w) => ({ word: words[w.word]!, excess: w.excess, withinA: w.withinA, withinB: w.withinB, between: w.between })),
    heldOutDifference: { top1: analysis.heldOut.top1.difference, top10: analysis.heldOut.top10.difference },
    quality: analysis.quality.map((q) => ({
      file: q.file, kind: q.kind, items: q.items, total: q.total, coverage: q.total ? q.items / q.total : 0, meaningful: q.meaningful,
      perRule: rules.map((_, i) => q.scores?.perRule[i] ?? null), difference: q.scores?.difference ?? null,
    })),
    alphaSweep, meanContextSize: outcomesOf(pair[1], mainDone)[0]!.result.meanContextSize,
    alignment: { words: analysis.alignment.words, meanCosine: analysis.alignment.meanCosine },
  };
  return {
    data: { ...data, verdict: compareVerdict({ ...data, createdAt: '', source: '', files: 0, totalSeconds: 0 }) },
    rules: specs.map((r, i) => ({ key: r.key, kind: r.kind, label: r.label, modelId: rules[i]!.modelId, outcomes: runsOf(r), ensemble: analysis.ensembles[i]!, stability: analysis.stability[i] })),
    trainCorpus: train,
    perWord: noise.perWord.map((w) => ({ word: words[w.word]!, withinA: w.withinA, withinB: w.withinB, between: w.between, excess: w.excess, beyondNoise: w.beyondNoise })),
    test: split.test,
  };
}
