// Comparing two embedding spaces trained on the same corpus (word2vec CBOW vs corrected CBOW): orthogonal
// Procrustes alignment, overlap@k of neighbour lists, per-word and whole-model change. Pure: no `vscode`.
//
// The two spaces are not in one coordinate system (any rotation of a space is an equally good model), so
// vectors are compared only after rotating B onto A with the orthogonal R minimising ‖B·R − A‖_F over the
// shared vocabulary (Schönemann 1966; Hamilton et al. 2016): R = U·Vᵀ where Bᵀ·A = U·Σ·Vᵀ.
// Neighbour lists are rotation-invariant and are compared directly.
import { crossProduct, svd } from '../linalg';
import { cosineRows, topK, type Neighbour } from '../query';
import type { Embeddings } from '../vectors';

/** The orthogonal d × d matrix (row-major) minimising ‖b·R − a‖_F for row-major a, b (n × d). */
export function procrustes(a: ArrayLike<number>, b: ArrayLike<number>, n: number, d: number): Float64Array {
  return rotationFromCross(crossProduct(b, a, n, d, d), d);
}

/** R = U·Vᵀ from the SVD of M = Bᵀ·A (d × d). */
export function rotationFromCross(m: Float64Array, d: number): Float64Array {
  const { u, v } = svd(m, d, d);
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k] * v[j * d + k];
      r[i * d + j] = s;
    }
  }
  return r;
}

/** x (length d) · R (d × d). */
export function rotate(x: ArrayLike<number>, r: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let j = 0; j < d; j++) out[j] += xi * r[i * d + j];
  }
  return out;
}

export function cosine(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let dot = 0, xx = 0, yy = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i] * y[i];
    xx += x[i] * x[i];
    yy += y[i] * y[i];
  }
  return xx > 0 && yy > 0 ? dot / Math.sqrt(xx * yy) : 0;
}

/** |top-k of a ∩ top-k of b| / k. */
export function overlapAtK(a: readonly string[], b: readonly string[], k = 10): number {
  if (k <= 0) return 0;
  const setA = new Set(a.slice(0, k));
  let shared = 0;
  for (const w of new Set(b.slice(0, k))) if (setA.has(w)) shared++;
  return shared / k;
}

/** For each word of `a`, its 1-based rank in `b` (undefined when absent). */
export function ranksIn(a: readonly string[], b: readonly string[]): (number | undefined)[] {
  const pos = new Map<string, number>();
  b.forEach((w, i) => { if (!pos.has(w)) pos.set(w, i + 1); });
  return a.map((w) => pos.get(w));
}

/** Word ids of the words present in both spaces, in a's order (most frequent first for trained models). */
export function sharedIds(a: Embeddings, b: Embeddings, limit = Infinity): { a: Int32Array; b: Int32Array } {
  const ia: number[] = [];
  const ib: number[] = [];
  for (let i = 0; i < a.size && ia.length < limit; i++) {
    const j = b.id(a.words[i]);
    if (j >= 0) { ia.push(i); ib.push(j); }
  }
  return { a: Int32Array.from(ia), b: Int32Array.from(ib) };
}

export type Pause = () => Promise<void>;

export interface Alignment {
  /** rotates b's (unit) vectors into a's space: b_w · rotation ≈ a_w */
  rotation: Float64Array;
  dim: number;
  /** shared words used to fit it */
  words: number;
  /** mean cosine(a_w, b_w·R) over the words used */
  meanCosine: number;
}

/**
 * Fits the Procrustes rotation of b onto a over the shared vocabulary (unit-normalised rows, so frequent
 * words with long vectors do not dominate). `pause` is awaited between chunks so a caller on a UI thread
 * stays responsive.
 */
export async function alignSpaces(a: Embeddings, b: Embeddings, opts: { limit?: number; pause?: Pause } = {}): Promise<Alignment> {
  if (a.dim !== b.dim) throw new Error(`cannot align spaces of different dimensions (${a.dim} and ${b.dim})`);
  const d = a.dim;
  const ids = sharedIds(a, b, opts.limit ?? Infinity);
  const n = ids.a.length;
  if (n === 0) throw new Error('the two models share no words');
  const ua = a.unit();
  const ub = b.unit();
  const m = new Float64Array(d * d);
  const CHUNK = 2000;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    for (let r = start; r < end; r++) {
      const ao = ids.a[r] * d;
      const bo = ids.b[r] * d;
      for (let i = 0; i < d; i++) {
        const x = ub[bo + i];
        if (x === 0) continue;
        const oo = i * d;
        for (let j = 0; j < d; j++) m[oo + j] += x * ua[ao + j];
      }
    }
    if (opts.pause && end < n) await opts.pause();
  }
  const rotation = rotationFromCross(m, d);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += cosine(ua.subarray(ids.a[r] * d, ids.a[r] * d + d), rotate(ub.subarray(ids.b[r] * d, ids.b[r] * d + d), rotation, d));
    if (opts.pause && r % 20000 === 19999) await opts.pause();
  }
  return { rotation, dim: d, words: n, meanCosine: sum / n };
}

/** cosine(a_w, b_w · R): how far a word's own vector moved between the spaces. */
export function alignedCosine(a: Embeddings, b: Embeddings, alignment: Alignment, word: string): number | undefined {
  const i = a.id(word);
  const j = b.id(word);
  if (i < 0 || j < 0) return undefined;
  const d = a.dim;
  return cosine(a.unitRow(i), rotate(b.unitRow(j), alignment.rotation, d));
}

function neighboursOf(emb: Embeddings, id: number, k: number, row?: Float32Array): Neighbour[] {
  const scores = row ?? cosineRows(emb, [id])[0];
  return topK(scores, k, new Set([id])).map((i) => ({ word: emb.words[i], similarity: scores[i] }));
}

export interface WordComparison {
  word: string;
  a: Neighbour[];
  b: Neighbour[];
  /** for each of a's neighbours, its rank in b's list (1-based), and vice versa */
  ranksAInB: (number | undefined)[];
  ranksBInA: (number | undefined)[];
  overlap: number;
  k: number;
  /** cosine of the word's vectors after alignment; undefined when a model lacks the word */
  cosine: number | undefined;
}

/** The per-word view: both neighbour lists, overlap@k and the post-alignment cosine. Throws when a model lacks the word. */
export function compareWord(a: Embeddings, b: Embeddings, alignment: Alignment, word: string, k = 10): WordComparison {
  const i = a.id(word);
  const j = b.id(word);
  if (i < 0 || j < 0) {
    const missing = i < 0 && j < 0 ? 'either model' : i < 0 ? 'the first model' : 'the second model';
    throw Object.assign(new Error(`"${word}" is not in the vocabulary of ${missing}`), { word });
  }
  const na = neighboursOf(a, i, k);
  const nb = neighboursOf(b, j, k);
  const wa = na.map((n) => n.word);
  const wb = nb.map((n) => n.word);
  return {
    word, a: na, b: nb, ranksAInB: ranksIn(wa, wb), ranksBInA: ranksIn(wb, wa), overlap: overlapAtK(wa, wb, k), k,
    cosine: alignedCosine(a, b, alignment, word),
  };
}
