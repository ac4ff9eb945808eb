// The one table of training rules. Everything that names a rule (engine, host, webviews, CLI, model file,
// settings) reads it from here; package.json's enum is checked against it by test/unit/core/model-kinds.test.ts.

export interface ModelKindInfo {
  /** the setting, CLI and file value */
  readonly id: 'cbow-corrected' | 'cbow-word2vec' | 'sg';
  /** in sentences: "trained corrected CBOW on …" */
  readonly label: string;
  /** in narrow columns and chips */
  readonly shortLabel: string;
  /**
   * kōan's authors recommend 0.075 for corrected CBOW (İrsoy et al. 2021, §4); word2vec.c uses 0.05 for its
   * CBOW and 0.025 for skip-gram.
   */
  readonly defaultAlpha: number;
  readonly cbow: boolean;
  /** the settings UI's one-line description */
  readonly description: string;
}

/** In the order the settings list them: the default first. */
export const MODEL_KIND_TABLE = [
  {
    id: 'cbow-corrected', label: 'corrected CBOW', shortLabel: 'corrected', defaultAlpha: 0.075, cbow: true,
    description: 'CBOW with the corrected gradient (İrsoy et al. 2021): fast, and as good as skip-gram.',
  },
  {
    id: 'sg', label: 'skip-gram', shortLabel: 'skip-gram', defaultAlpha: 0.025, cbow: false,
    description: 'Skip-gram with negative sampling (word2vec).',
  },
  {
    id: 'cbow-word2vec', label: 'word2vec CBOW', shortLabel: 'word2vec', defaultAlpha: 0.05, cbow: true,
    description: "CBOW with word2vec.c's original update rule, for comparison.",
  },
] as const satisfies readonly ModelKindInfo[];

export type ModelKind = (typeof MODEL_KIND_TABLE)[number]['id'];
export const MODEL_KINDS: readonly ModelKind[] = MODEL_KIND_TABLE.map((k) => k.id);
export const DEFAULT_MODEL_KIND: ModelKind = 'cbow-corrected';

/** Models loaded from a vectors file rather than trained here. */
export type ModelSourceKind = ModelKind | 'imported';
export const IMPORTED_LABEL = 'imported vectors';

export function isModelKind(value: unknown): value is ModelKind {
  return typeof value === 'string' && (MODEL_KINDS as readonly string[]).includes(value);
}

export function isModelSourceKind(value: unknown): value is ModelSourceKind {
  return value === 'imported' || isModelKind(value);
}

export function modelKindInfo(kind: ModelKind): ModelKindInfo {
  return MODEL_KIND_TABLE.find((k) => k.id === kind)!;
}

export function modelLabel(kind: ModelSourceKind): string {
  return kind === 'imported' ? IMPORTED_LABEL : modelKindInfo(kind).label;
}

export const DEFAULT_ALPHA: Readonly<Record<ModelKind, number>> = Object.fromEntries(
  MODEL_KIND_TABLE.map((k) => [k.id, k.defaultAlpha]),
) as Record<ModelKind, number>;
