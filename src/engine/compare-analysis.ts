// The compare's measurements, run in the analysis worker (analysis-tasks.ts): every rule's seeds become one
// ensemble; each seed's neighbour lists of the most frequent words give the noise floor and the rule's effect
// (core/compare/noise.ts); every seed is scored on the held-out sentences and on the evaluation files, and
// intervals come from resampling items and seeds (core/compare/quality.ts).
import { alignSpaces, type Alignment } from '../core/compare/align';
import { heldOutPositions, heldOutRanks } from '../core/compare/held-out';
import { noiseAndEffect, type NoiseAndEffect } from '../core/compare/noise';
import { meanScores, MIN_PAIRS, MIN_QUESTIONS, MIN_SENTENCES, spearmanScores, type RuleScores } from '../core/compare/quality';
import { ensembleEmbeddings, perSeedTop, stabilitySummary, type StabilitySummary } from '../core/ensemble';
import { evaluateAnalogies, evaluateSimilarity } from '../core/evaluate';
import { Embeddings } from '../core/vectors';
import { matrixScorer } from './search-rows';

export interface CompareRuleInput {
  key: string;
  /** per seed, vocabulary × seedDim */
  inputs: Float32Array[];
  outputs: Float32Array[];
}

export interface CompareTask {
  kind: 'compareSeeds';
  words: string[];
  seedDim: number;
  /** rules[0] and rules[1] are the pair compared; any further ones are references (skip-gram) */
  rules: CompareRuleInput[];
  top: number;
  k: number;
  test: Int32Array[];
  window: number;
  maxPositions: number;
  analogies?: { name: string; text: string };
  similarity: { name: string; text: string }[];
  samples: number;
}

export interface QualityRow {
  file: string;
  kind: 'analogies' | 'similarity';
  /** items every rule answered (questions or pairs found), and all the file has */
  items: number;
  total: number;
  meaningful: boolean;
  /** perRule in the order of the task's rules; difference = rules[1] − rules[0], paired */
  scores?: RuleScores;
  /** each reference against rules[1], paired */
  referenceDifferences?: RuleScores['difference'][];
}

export interface CompareAnalysis {
  /** per rule, the ensemble matrix (shared memory: handed over without a copy) */
  ensembles: Float32Array[];
  stability: (StabilitySummary | undefined)[];
  noise: NoiseAndEffect;
  /** a reference rule's within-rule overlap of its seeds (index 2 onwards; undefined for the pair) */
  referenceWithin: (NoiseAndEffect['withinA'] | undefined)[];
  heldOut: { positions: number; sentences: number; meaningful: boolean; top1: RuleScores; top10: RuleScores; referenceTop10: RuleScores['difference'][] };
  quality: QualityRow[];
  alignment: Alignment;
}

const shared = (length: number): Float32Array =>
  new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4));

export async function analyseCompare(t: CompareTask): Promise<CompareAnalysis> {
  const ensembles = t.rules.map((r) => ensembleEmbeddings(t.words, t.seedDim, r.inputs, shared));
  const top = Math.min(t.top, t.words.length);
  const lists = ensembles.map((ens) => {
    const seeds = t.rules[0]!.inputs.length;
    const perSeed: number[][][] = Array.from({ length: seeds }, () => []);
    for (let id = 0; id < top; id++) perSeedTop(ens, id, t.k).forEach((l, s) => perSeed[s]!.push(l.ids));
    return perSeed;
  });
  const noise = noiseAndEffect(lists[0]!, lists[1]!, { k: t.k, samples: t.samples });
  const referenceWithin = lists.map((l, r) => (r < 2 ? undefined : noiseAndEffect(l, l, { k: t.k, samples: t.samples }).withinA));

  // held out: the same positions for every rule and seed; a sentence is the unit that is resampled
  const positions = heldOutPositions(t.test, t.window, t.maxPositions);
  const unitOf = Int32Array.from(positions, (p) => p.sentence);
  const hits = t.rules.map((r) => r.inputs.map((input, s) => {
    const ranks = heldOutRanks(positions, input, t.seedDim, matrixScorer(r.outputs[s]!, t.seedDim));
    return { top1: Float64Array.from(ranks, (x) => (x === 1 ? 1 : 0)), top10: Float64Array.from(ranks, (x) => (x <= 10 ? 1 : 0)) };
  }));
  const sentences = new Set(unitOf).size;
  const scoresOf = (key: 'top1' | 'top10', rules: number[]) => meanScores(rules.map((r) => hits[r]!.map((h) => h[key])), { unitOf, samples: t.samples });
  const refs = t.rules.map((_, r) => r).slice(2);
  const heldOut = {
    positions: positions.length, sentences, meaningful: sentences >= MIN_SENTENCES,
    top1: scoresOf('top1', t.rules.map((_, r) => r)), top10: scoresOf('top10', t.rules.map((_, r) => r)),
    referenceTop10: refs.map((r) => scoresOf('top10', [1, r]).difference),
  };

  const quality: QualityRow[] = [];
  const seedModels = t.rules.map((r) => r.inputs.map((input) => new Embeddings(t.words, t.seedDim, input)));
  if (t.analogies) {
    const reports = seedModels.map((seeds) => seeds.map((emb) => evaluateAnalogies(emb, t.analogies!.text, { keepOutcomes: true })));
    const first = reports[0]![0]!;
    const items = first.outcomes!.length;
    const outcomes = reports.map((seeds) => seeds.map((rep) => Float64Array.from(rep.outcomes!, (o) => (o.correct ? 1 : 0))));
    const meaningful = items >= MIN_QUESTIONS;
    quality.push({
      file: t.analogies.name, kind: 'analogies', items, total: first.all.answered + first.all.skipped, meaningful,
      ...(items > 0 ? {
        scores: meanScores(outcomes, { samples: t.samples }),
        referenceDifferences: refs.map((r) => meanScores([outcomes[1]!, outcomes[r]!], { samples: t.samples }).difference),
      } : {}),
    });
  }
  for (const file of t.similarity) {
    const reports = seedModels.map((seeds) => seeds.map((emb) => evaluateSimilarity(emb, file.text, { keepItems: true })));
    const first = reports[0]![0]!;
    const gold = first.items!.map((i) => i.gold);
    const model = reports.map((seeds) => seeds.map((rep) => Float64Array.from(rep.items!, (i) => i.model)));
    quality.push({
      file: file.name, kind: 'similarity', items: gold.length, total: first.pairs, meaningful: gold.length >= MIN_PAIRS,
      ...(gold.length >= 3 ? {
        scores: spearmanScores(gold, model, { samples: t.samples }),
        referenceDifferences: refs.map((r) => spearmanScores(gold, [model[1]!, model[r]!], { samples: t.samples }).difference),
      } : {}),
    });
  }
  const alignment = await alignSpaces(ensembles[0]!, ensembles[1]!);
  return {
    ensembles: ensembles.map((e) => e.data),
    stability: ensembles.map((e) => stabilitySummary(e)),
    noise, referenceWithin, heldOut, quality, alignment,
  };
}

/** The validation score of one run (for choosing α): top-10 accuracy on the validation sentences. */
export interface HeldOutTask { kind: 'heldOutScore'; input: Float32Array; output: Float32Array; dim: number; sentences: Int32Array[]; window: number; maxPositions: number }

export function heldOutScore(t: HeldOutTask): { top1: number; top10: number; positions: number } {
  const positions = heldOutPositions(t.sentences, t.window, t.maxPositions);
  const ranks = heldOutRanks(positions, t.input, t.dim, matrixScorer(t.output, t.dim));
  let top1 = 0;
  let top10 = 0;
  for (const r of ranks) { if (r === 1) top1++; if (r <= 10) top10++; }
  return { top1: positions.length ? top1 / positions.length : 0, top10: positions.length ? top10 / positions.length : 0, positions: positions.length };
}
