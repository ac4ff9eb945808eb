// The one typed message protocol between the extension host and the webviews (sidebar and panel).
// Both sides import these types; the host never trusts them at runtime: every message from a webview
// goes through parseWebviewMessage (src/extension/message-validation.ts) first.
//
// webview -> host: requests carry a numeric `id` and are answered by exactly one `response` with that id;
//                  notifications (ready, models.select, word.findInFiles, model.train, panel.open) have no id.
// host -> webview: `response`, and events (`model.changed`, `show`).
// The webview never names a command, a path or a URI: the host maps fixed message types to fixed actions.

import type { ModelKind, ModelSourceKind } from './core/model-kinds';
import type { LearnedFrom } from './core/code/source-report';

/** Panel tabs, in display order. */
export const PANEL_TABS = ['neighbours', 'analogies', 'similarity', 'oddOneOut', 'compare', 'map', 'evaluate'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];
/** Tab names the openPanel command accepts (contract); tabs that do not exist yet fall back to neighbours with a note. */
export const REQUESTED_TABS = [...PANEL_TABS, 'compare', 'map', 'evaluate'] as const;
export type RequestedTab = (typeof REQUESTED_TABS)[number];

export const LIMITS = {
  wordLength: 100,
  kMin: 1,
  kMax: 200,
  completeLimitMax: 50,
  oddOneOutMin: 3,
  oddOneOutMax: 20,
  modelIdLength: 200,
  /** map: the word plus up to this many neighbours */
  mapMin: 5,
  mapMax: 500,
  compareKMax: 50,
} as const;

export const MAP_METHODS = ['pca', 'umap'] as const;
export type MapMethod = (typeof MAP_METHODS)[number];
/** 'active': the active model; 'compare': both compared models side by side, after Procrustes alignment */
export const MAP_SCOPES = ['active', 'compare'] as const;
export type MapScope = (typeof MAP_SCOPES)[number];
export const EVAL_KINDS = ['analogies', 'similarity'] as const;
export type EvalKind = (typeof EVAL_KINDS)[number];
export const EVAL_TARGETS = ['active', 'compare'] as const;
export type EvalTarget = (typeof EVAL_TARGETS)[number];

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
  /** what a trained model learned from: files and tokens per language and part, and what was skipped */
  learnedFrom?: LearnedFrom;
}

export interface Neighbour { word: string; similarity: number }

// ---------------------------------------------------------------- webview -> host
export interface NeighboursRequest { type: 'query.neighbours'; id: number; word: string; k: number }
export interface AnalogyRequest { type: 'query.analogy'; id: number; a: string; b: string; c: string; method: 'add' | 'mul'; k: number }
export interface SimilarityRequest { type: 'query.similarity'; id: number; a: string; b: string }
export interface OddOneOutRequest { type: 'query.oddOneOut'; id: number; words: string[] }
export interface CompleteRequest { type: 'vocab.complete'; id: number; prefix: string; limit: number }
/** The saved comparison (instant: precomputed when the pair was trained). */
export interface CompareSummaryRequest { type: 'compare.summary'; id: number }
/** One word in both compared models. */
export interface CompareWordRequest { type: 'compare.word'; id: number; word: string; k: number }
/** A 2D map of a word and its top-n neighbours. */
export interface MapRequest { type: 'map.data'; id: number; word: string; n: number; method: MapMethod; scope: MapScope }
/** The evaluation files in use (names only; the webview never sees or sends paths). */
export interface EvalFilesRequest { type: 'eval.files'; id: number }
/** Shows an open-file dialog on the host for one kind of evaluation file. */
export interface EvalPickRequest { type: 'eval.pick'; id: number; kind: EvalKind }
/** Runs the evaluation files against the active model or both compared models. */
export interface EvalRunRequest { type: 'eval.run'; id: number; target: EvalTarget }

export type WebviewRequest = NeighboursRequest | AnalogyRequest | SimilarityRequest | OddOneOutRequest | CompleteRequest
  | CompareSummaryRequest | CompareWordRequest | MapRequest | EvalFilesRequest | EvalPickRequest | EvalRunRequest;

// ---------------------------------------------------------------- compare / map / evaluate results
export interface LossPoint { fraction: number; loss: number }
export interface CompareRunInfo {
  kind: ModelKind;
  label: string;
  modelId: string;
  alpha: number;
  seconds: number;
  wordsPerSecond: number;
  meanContextSize: number;
  lossCurve: LossPoint[];
}
export interface WordChange { word: string; overlap: number; cosine: number }
export interface CompareData {
  createdAt: string;
  source: string;
  files: number;
  tokens: number;
  vocabSize: number;
  minCount: number;
  seed: number;
  hyperparameters: { dim: number; window: number; negative: number; sample: number; epochs: number; threads: number };
  runs: CompareRunInfo[];
  /** measured mean number of context words per CBOW update */
  meanContextSize: number;
  k: number;
  words: number;
  meanOverlap: number;
  meanCosine: number;
  mostChanged: WordChange[];
  leastChanged: WordChange[];
  alignment: { words: number; meanCosine: number };
  totalSeconds: number;
}
export type CompareSummary = { available: true; data: CompareData } | { available: false; running: boolean; reason: string };
export interface CompareWordResult {
  word: string;
  labels: [string, string];
  a: Neighbour[];
  b: Neighbour[];
  /** rank (1-based) of each of a's neighbours in b's list, null when absent; and vice versa */
  ranksAInB: (number | null)[];
  ranksBInA: (number | null)[];
  overlap: number;
  k: number;
  cosine: number | null;
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
export type RequestType = WebviewRequest['type'];

/** What a successful response carries, per request type. */
export interface ResultMap {
  'query.neighbours': { word: string; neighbours: Neighbour[] };
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

export interface ReadyMessage { type: 'ready' }
export interface SelectModelMessage { type: 'models.select'; modelId: string }
export interface FindInFilesMessage { type: 'word.findInFiles'; word: string }
/** Runs embeddingLens.train (the host owns that mapping). */
export interface TrainMessage { type: 'model.train' }
/** Opens the explorer panel on a word (sidebar -> host). */
export interface OpenPanelMessage { type: 'panel.open'; word?: string; tab?: PanelTab }

/** Runs embeddingLens.compare (the host owns that mapping). */
export interface CompareRunMessage { type: 'compare.run' }

export type WebviewNotification = ReadyMessage | SelectModelMessage | FindInFilesMessage | TrainMessage | OpenPanelMessage | CompareRunMessage;
export type WebviewMessage = WebviewRequest | WebviewNotification;
export type WebviewMessageType = WebviewMessage['type'];

// ---------------------------------------------------------------- host -> webview
export type ResponseMessage<T extends RequestType = RequestType> =
  | { type: 'response'; id: number; ok: true; result: ResultMap[T] }
  | { type: 'response'; id: number; ok: false; error: string };

export interface ModelChangedMessage {
  type: 'model.changed';
  info: ModelSummary | undefined;
  models: ModelSummary[];
  training: { running: boolean; fraction?: number };
}
/** Asks the webview to show a word (embeddingLens.explore, openPanel args). `note` is a plain-text notice. */
export interface ShowMessage { type: 'show'; word?: string; tab?: PanelTab; note?: string }

/** A new comparison was saved (or one is running): the Compare tab reloads its summary. */
export interface CompareChangedMessage { type: 'compare.changed'; running: boolean }

export type HostMessage = ResponseMessage | ModelChangedMessage | ShowMessage | CompareChangedMessage;

/** State the panel webview keeps with setState (restored after reload by the WebviewPanelSerializer). */
export interface PanelState {
  tab: PanelTab;
  neighbours: { word: string; k: number };
  analogies: { a: string; b: string; c: string };
  similarity: { a: string; b: string };
  oddOneOut: { words: string };
  compare: { word: string };
  map: { word: string; n: number; method: MapMethod; scope: MapScope };
  evaluate: { target: EvalTarget };
}
/** State the sidebar webview keeps with setState. */
export interface SidebarState { word: string; query: string }
