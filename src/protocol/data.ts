// The data the host sends to the webviews: model summaries, query results, compare / map / evaluation results,
// and what each webview keeps with setState. Plain types; the messages that carry them are messages.ts (webview ->
// host) and views.ts (host -> webview).
import type { ModelKind, ModelSourceKind } from '../core/model-kinds';
import type { StabilitySummary } from '../core/ensemble';

export type { StabilitySummary };
import type { LearnedFrom } from '../core/code/source-report';
import type { MapMethod, MapScope, EvalTarget, PanelTab } from './constants';

/** A model as the views show it; the host's ModelService lists these. */
export interface ModelSummary {
  id: string;
  label: string;
  kind: ModelSourceKind;
  vocabSize: number;
  tokens: number;
  dim: number;
  trainedAt: string;
  files: number;
  source: string;
  /** training runs (seeds) the model's answers average over; 1 for a single run or imported vectors */
  seeds: number;
  /** how stable the most frequent words are across the seeds (models of two seeds or more) */
  stability?: StabilitySummary;
  /** what a trained model learned from: files and tokens per language and part, and what was skipped */
  learnedFrom?: LearnedFrom;
}

/** A neighbour; with several seeds, its agreement (in how many seeds' top-K lists it is) and cosine spread. */
export interface Neighbour { word: string; similarity: number; agreement?: number; spread?: [number, number] }

// ---------------------------------------------------------------- compare / map / evaluate results
export interface LossPoint { fraction: number; loss: number }
/** A figure noise can move, with its 95 % bootstrap interval. */
export interface Interval { mean: number; ci95: [number, number] }

/** One rule of a comparison (the pair, then any skip-gram references), trained with `seeds`. */
export interface CompareRule {
  key: string;
  kind: ModelKind;
  label: string;
  modelId: string;
  alpha: number;
  /** the rule's default α, or the α the sweep chose on the validation sentences */
  alphaChosenBy: 'default' | 'validation';
  epochs: number;
  seeds: number[];
  /** training wall time of each seed */
  seconds: number[];
  wordsPerSecond: number;
  meanContextSize: number;
  /** one curve per seed */
  lossCurves: LossPoint[][];
  /** overlap@10 between this rule's own seeds: its noise floor */
  within: Interval | null;
  heldOutTop1: Interval | null;
  heldOutTop10: Interval | null;
  /** the references': held-out top-10 minus corrected CBOW's, paired */
  heldOutTop10VsCorrected?: Interval;
}

export interface CompareQualityRow {
  file: string;
  kind: 'analogies' | 'similarity';
  /** questions answered / pairs found by every rule, of all in the file */
  items: number;
  total: number;
  coverage: number;
  /** false when too few items are covered for the figure to mean anything */
  meaningful: boolean;
  /** accuracy or Spearman ρ per rule (in the order of `rules`), mean over seeds */
  perRule: (Interval | null)[];
  /** rules[1] − rules[0], paired over items and seeds */
  difference: Interval | null;
}

export interface ChangedWord { word: string; excess: Interval; withinA: number; withinB: number; between: number }

export interface AlphaSweep {
  grid: number[];
  rules: { key: string; label: string; validationTop10: number[]; chosen: number }[];
  validationSentences: number;
}

export interface CompareData {
  version: 2;
  createdAt: string;
  source: string;
  files: number;
  /** tokens trained on (the corpus without its held-out sentences) */
  tokens: number;
  vocabSize: number;
  minCount: number;
  hyperparameters: { dim: number; window: number; negative: number; sample: number; epochs: number; threads: number };
  seeds: number;
  split: { test: number; validation: number; testSentences: number; validationSentences: number; positions: number; meaningful: boolean };
  /** rules[0] is word2vec's CBOW, rules[1] corrected CBOW, then skip-gram references if any */
  rules: CompareRule[];
  k: number;
  /** how many of the most frequent words the overlaps are measured over */
  words: number;
  between: Interval;
  excess: Interval;
  /** same seed, other rule: their runs share every random draw */
  matched: number;
  /** words whose excess change is beyond noise (its interval excludes 0) */
  beyondNoise: number;
  /** the words changed beyond noise, most changed first */
  mostChanged: ChangedWord[];
  heldOutDifference: { top1: Interval; top10: Interval } | null;
  quality: CompareQualityRow[];
  alphaSweep: AlphaSweep | null;
  meanContextSize: number;
  alignment: { words: number; meanCosine: number };
  totalSeconds: number;
  /** a few sentences built from the figures above; never claims a difference whose interval includes 0 */
  verdict: string;
}
export type CompareSummary = { available: true; data: CompareData } | { available: false; running: boolean; reason: string };
export interface CompareWordResult {
  word: string;
  labels: [string, string];
  /** each rule's ensemble list; `agreement` is within that rule, over its seeds */
  a: Neighbour[];
  b: Neighbour[];
  seeds: number;
  agreementK: number;
  /** rank (1-based) of each of a's neighbours in b's list, null when absent; and vice versa */
  ranksAInB: (number | null)[];
  ranksBInA: (number | null)[];
  overlap: number;
  k: number;
  cosine: number | null;
  /** this word's noise floor and the rule's effect on it, over the seeds */
  effect: { withinA: number; withinB: number; between: number; excess: Interval; beyondNoise: boolean } | null;
}
export interface MapPoint { word: string; x: number; y: number; role: 'centre' | 'neighbour' | 'other' }
export interface MapPanel { title: string; points: MapPoint[] }
export interface MapResult { word: string; method: MapMethod; panels: MapPanel[]; explained?: [number, number]; seconds: number; note?: string }
export interface EvalFiles { analogies: string | null; similarity: string[]; source: 'settings' | 'picked' | 'none' }
export interface AnalogySectionResult {
  name: string; correct: number; answered: number; skipped: number; accuracy: number; coverage: number;
  failures: { question: [string, string, string, string]; answer: string | null }[];
}
export interface AnalogyTotalsResult { correct: number; answered: number; skipped: number; accuracy: number; coverage: number }
export interface AnalogyFileResult {
  file: string; sections: AnalogySectionResult[]; semantic: AnalogyTotalsResult; syntactic: AnalogyTotalsResult; all: AnalogyTotalsResult; seconds: number;
}
export interface SimilarityFileResult { file: string; spearman: number | null; pairs: number; found: number; coverage: number; seconds: number }
export interface ModelEvalResult { label: string; kind: string; analogies: AnalogyFileResult | null; similarity: SimilarityFileResult[]; errors: string[] }
export interface EvalRunResult { models: ModelEvalResult[]; seconds: number }


/** What a successful response carries, per request type. */
export interface ResultMap {
  'query.neighbours': { word: string; neighbours: Neighbour[]; seeds: number; agreementK: number; stability?: number };
  'query.analogy': { answers: Neighbour[] };
  'query.similarity': { a: string; b: string; similarity: number };
  'query.oddOneOut': { word: string; scores: Neighbour[] };
  'vocab.complete': { words: string[] };
  'compare.summary': CompareSummary;
  'compare.word': CompareWordResult;
  'map.data': MapResult;
  'eval.files': EvalFiles;
  'eval.pick': EvalFiles;
  'eval.run': EvalRunResult;
}

/** State the panel webview keeps with setState (restored after reload by the WebviewPanelSerializer). */
export interface PanelState {
  tab: PanelTab;
  neighbours: { word: string; k: number; onlyAgreed?: boolean };
  analogies: { a: string; b: string; c: string };
  similarity: { a: string; b: string };
  oddOneOut: { words: string };
  compare: { word: string };
  map: { word: string; n: number; method: MapMethod; scope: MapScope };
  evaluate: { target: EvalTarget };
}
/** State the sidebar webview keeps with setState. */
export interface SidebarState { word: string; query: string; /** hide neighbours fewer than half of the seeds agree on */ onlyAgreed?: boolean }
