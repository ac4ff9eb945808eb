import type { WordIndex } from './word-index';

export class OutOfVocabularyError extends Error {
  readonly word: string;
  constructor(word: string) {
    super(`"${word}" is not in the vocabulary`);
    this.name = 'OutOfVocabularyError';
    this.word = word;
  }
}

/**
 * Optional acceleration of the dense loops behind queries, installed by a host that can run it (the node side
 * installs dist/search.wasm through src/engine/search.ts); core stays pure and runs its JS loops without one
 * (e.g. in a webview). Every method may return undefined, meaning "not handled": the caller then runs the JS
 * loop. Results must be IDENTICAL to the JS loops (same float rounding, same ties), so installing an
 * accelerator never changes an answer, only its speed.
 */
export interface VectorAccelerator {
  /** Zero-filled storage for emb's unit matrix (length floats) that the accelerator reads in place. */
  allocUnit?(emb: Embeddings, length: number): Float32Array | undefined;
  /**
   * For each query q (float64, emb.dim values): the dot with every unit row r < limit as query.ts dotRow()
   * computes it (four float64 partial sums), rounded to float32.
   */
  dots(emb: Embeddings, qs: readonly Float64Array[], limit: number): Float32Array[] | undefined;
  /** query.ts topK() of dots(emb, [q], limit)[0] (best first, ties to the lower id), with those scores. */
  nearest?(emb: Embeddings, q: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number):
    { ids: number[]; scores: number[] } | undefined;
  /**
   * For an ensemble (emb.ensemble), in one pass: nearest()'s answer, and per seed s query.ts topK() over rows
   * < limit of the segment score fl32(dotRow over the seed's segment of the unit row and of q), with those
   * scores (ensemble.ts segmentScores).
   */
  nearestPerSeed?(emb: Embeddings, q: Float64Array, k: number, exclude: ReadonlySet<number> | undefined, limit: number):
    { ensemble: { ids: number[]; scores: number[] }; seeds: { ids: number[]; scores: number[] }[] } | undefined;
  /** A session for rows < limit holding up to capacity cosine rows (analogy evaluation). */
  rowSession?(emb: Embeddings, limit: number, capacity: number): CosineRowSession | undefined;
}

/** Cosine rows held in accelerator memory across many analogy questions (evaluate.ts), and ranked there. */
export interface CosineRowSession {
  /** dots() rows (limit long) of these unit rows as queries; they stay valid until release(); capacity at most. */
  rows(ids: readonly number[]): Float32Array[];
  release(row: Float32Array): void;
  /**
   * evaluate.ts's ranking of rows i < limit by the analogy score combined from three rows of this session,
   * computed in float64 and rounded to float32 exactly as there ('add': cb − ca + cc; 'mul': 3CosMul,
   * ((cb+1)/2·(cc+1)/2) / ((ca+1)/2 + epsilon)): query.ts topK(scores, k, exclude), best first.
   */
  top(method: 'add' | 'mul', ca: Float32Array, cb: Float32Array, cc: Float32Array, k: number,
    exclude: readonly number[], epsilon: number): number[] | undefined;
}

let accelerator: VectorAccelerator | undefined;

/** Installs (or, with undefined, removes) the accelerator used by every Embeddings from now on. */
export function setAccelerator(acc: VectorAccelerator | undefined): void {
  accelerator = acc;
}

export function getAccelerator(): VectorAccelerator | undefined {
  return accelerator;
}

/**
 * An ensemble of several training runs (seeds) of one model, stored as one matrix: row w is
 * [u₁(w), …, uₙ(w)] / √n, the unit vector of w in each seed side by side (core/ensemble.ts). The cosine of two
 * such rows is exactly the mean of the per-seed cosines, so every query, export and map works on it unchanged.
 */
export interface EnsembleLayout {
  seeds: number;
  /** dimensions of one seed's vectors; dim = seeds × seedDim */
  seedDim: number;
}

export class Embeddings {
  readonly words: readonly string[];
  readonly dim: number;
  readonly data: Float32Array;
  /** set when the rows are several seeds side by side; absent for one run or imported vectors */
  readonly ensemble: EnsembleLayout | undefined;
  private readonly index: WordIndex;
  private unitData: Float32Array | undefined;

  /**
   * `index` (word -> row) may be passed when it exists already: the load worker builds one for a loaded file
   * (word-index.ts), because building a Map here for a million words would stall the thread.
   */
  /**
   * `unit` may be passed when the row-normalised matrix was computed already, by unitRows() (a worker prepares it
   * in shared memory, so the host need not): unit() then returns it as it is.
   */
  constructor(words: readonly string[], dim: number, data: Float32Array, ensemble?: EnsembleLayout, index?: WordIndex, unit?: Float32Array) {
    if (!Number.isInteger(dim) || dim < 0) throw new Error(`Embeddings: invalid dimension ${dim}`);
    if (ensemble && (!Number.isInteger(ensemble.seeds) || ensemble.seeds < 2 || ensemble.seeds * ensemble.seedDim !== dim)) {
      throw new Error(`Embeddings: an ensemble of ${ensemble.seeds} seeds × ${ensemble.seedDim} dimensions does not make ${dim}`);
    }
    this.ensemble = ensemble;
    if (data.length !== words.length * dim) {
      throw new Error(`Embeddings: ${words.length} words x ${dim} dimensions needs ${words.length * dim} values, got ${data.length}`);
    }
    if (index) {
      if (index.size !== words.length) throw new Error(`Embeddings: an index of ${index.size} words for ${words.length} rows`);
      this.index = index;
    } else {
      const map = new Map<string, number>();
      for (let i = 0; i < words.length; i++) {
        if (map.has(words[i])) throw new Error(`Embeddings: duplicate word "${words[i]}" (rows ${map.get(words[i])} and ${i})`);
        map.set(words[i], i);
      }
      this.index = map;
    }
    if (unit && unit.length !== data.length) throw new Error(`Embeddings: a unit matrix of ${unit.length} values for ${data.length}`);
    this.words = words;
    this.dim = dim;
    this.data = data;
    this.unitData = unit;
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.index.get(word) ?? -1;
  }

  vector(word: string): Float32Array {
    const i = this.id(word);
    if (i < 0) throw new OutOfVocabularyError(word);
    return this.data.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Row-normalised copy, computed once; zero rows stay zero so cosines with them are 0, never NaN. */
  unit(): Float32Array {
    if (this.unitData) return this.unitData;
    const src = this.data;
    const out = accelerator?.allocUnit?.(this, src.length) ?? new Float32Array(src.length);
    unitRows(src, this.dim, 0, this.words.length, out);
    this.unitData = out;
    return out;
  }

  /** The unit-normalised row of word id i (a view into unit()). */
  unitRow(i: number): Float32Array {
    return this.unit().subarray(i * this.dim, (i + 1) * this.dim);
  }
}

/**
 * Rows [from, to) of src (d values each) normalised to unit length into out (zero-filled: zero rows stay zero, so
 * their cosines are 0, never NaN). The one definition of Embeddings.unit(), also run by the workers that prepare
 * a model off the host's thread, so both give the same floats.
 */
export function unitRows(src: Float32Array, d: number, from: number, to: number, out: Float32Array): void {
  for (let r = from, o = from * d; r < to; r++, o += d) {
    let ss = 0;
    for (let j = 0; j < d; j++) ss += src[o + j] * src[o + j];
    if (ss > 0 && Number.isFinite(ss)) {
      const inv = 1 / Math.sqrt(ss);
      for (let j = 0; j < d; j++) out[o + j] = src[o + j] * inv;
    }
  }
}
