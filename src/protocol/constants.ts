// Fixed facts both sides of the protocol share: the panel's tabs, the bounds of every field, the fixed choices.
// The validator (src/extension/message-validation.ts) and the webviews' inputs read their limits from here.
import { MAX_TOKEN_LENGTH } from '../core/tokenize';

/** Panel tabs, in display order. */
export const PANEL_TABS = ['neighbours', 'analogies', 'similarity', 'oddOneOut', 'compare', 'map', 'evaluate'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export const LIMITS = {
  /** a word is a token the tokenizer can produce: no longer than it keeps (core/tokenize.ts) */
  wordLength: MAX_TOKEN_LENGTH,
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
