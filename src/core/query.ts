import { Embeddings, getAccelerator, OutOfVocabularyError } from './vectors';

export interface Neighbour {
  word: string;
  similarity: number;
}

/** A query that cannot be answered as asked (empty word, too few words); the message says what to do. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export function lookup(emb: Embeddings, word: string): number {
  if (word.trim() === '') throw new QueryError('Empty word: enter a word to look up');
  const i = emb.id(word);
  if (i < 0) throw new OutOfVocabularyError(word);
  return i;
}

/**
 * Dot product of m's row r (dim d) with v; unrolled because this loop is the whole cost of a query.
 * The accelerator (vectors.ts VectorAccelerator; src/engine/kernels/search.ts dotExact) reproduces this exact
 * summation order to give bit-identical scores: change both together (test/unit/engine/search-*.test.ts check it).
 */
export function dotRow(m: Float32Array, o: number, v: Float32Array | Float64Array, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += m[o + j] * v[j];
    s1 += m[o + j + 1] * v[j + 1];
    s2 += m[o + j + 2] * v[j + 2];
    s3 += m[o + j + 3] * v[j + 3];
  }
  for (; j < d; j++) s0 += m[o + j] * v[j];
  return s0 + s1 + s2 + s3;
}

/**
 * Cosines of every row (ids < limit) with each of the given rows, several per sweep: the matrix is far bigger
 * than the cache, so reading it once for 8 queries instead of 8 times is what makes batch evaluation fast.
 */
export function cosineRows(emb: Embeddings, ids: readonly number[], limit = emb.size): Float32Array[] {
  const d = emb.dim;
  const n = Math.min(limit, emb.size);
  const m = emb.unit();
  const acc = getAccelerator();
  if (acc && ids.length) {
    const rows = acc.dots(emb, ids.map((id) => Float64Array.from(emb.unitRow(id))), n);
    if (rows) return rows;
  }
  const outs = ids.map(() => new Float32Array(n));
  for (let b0 = 0; b0 < ids.length; b0 += 8) {
    const batch = ids.slice(b0, b0 + 8);
    const qs = batch.map((id) => Float64Array.from(emb.unitRow(id)));
    const os = outs.slice(b0, b0 + 8);
    for (let r = 0, o = 0; r < n; r++, o += d) {
      for (let b = 0; b < qs.length; b++) os[b][r] = dotRow(m, o, qs[b], d);
    }
  }
  return outs;
}

/** v / |v| in float64 (the query every cosine loop uses); undefined when |v| is 0 or NaN. */
export function unitQuery(v: ArrayLike<number>, d: number): Float64Array | undefined {
  let ss = 0;
  for (let j = 0; j < d; j++) ss += v[j] * v[j];
  if (!(ss > 0)) return undefined;
  const q = new Float64Array(d);
  const inv = 1 / Math.sqrt(ss);
  for (let j = 0; j < d; j++) q[j] = v[j] * inv;
  return q;
}

/** Cosine of every row (ids < limit) with v. */
export function cosinesTo(emb: Embeddings, v: ArrayLike<number>, limit = emb.size): Float32Array {
  const d = emb.dim;
  const n = Math.min(limit, emb.size);
  const q = unitQuery(v, d);
  if (!q) return new Float32Array(n);
  const rows = getAccelerator()?.dots(emb, [q], n);
  if (rows) return rows[0];
  const out = new Float32Array(n);
  const m = emb.unit();
  for (let r = 0, o = 0; r < n; r++, o += d) out[r] = dotRow(m, o, q, d);
  return out;
}

/**
 * Indices of the k largest scores (ties: lower id first), skipping exclude, best first.
 * A size-k min-heap: O(n log k) instead of sorting all n.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: Set<number>): number[] {
  const n = scores.length;
  k = Math.max(0, Math.min(k, n));
  const heap = new Int32Array(k);
  let size = 0;
  // "worse" = lower score, or equal score with higher id.
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      let m = l;
      if (l + 1 < size && worse(heap[l + 1], heap[l])) m = l + 1;
      if (!worse(heap[m], heap[i])) return;
      const t = heap[m]; heap[m] = heap[i]; heap[i] = t;
      i = m;
    }
  };
  if (k === 0) return [];
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    // Fast reject: later ids lose ties, so only a strictly better score can enter a full heap.
    if (size === k && !(s > scores[heap[0]])) continue;
    if (s !== s || (exclude !== undefined && exclude.has(i))) continue; // NaN never ranks
    if (size < k) {
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c], heap[p])) break;
        const t = heap[c]; heap[c] = heap[p]; heap[p] = t;
        c = p;
      }
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const out = Array.from(heap.subarray(0, size));
  out.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return out;
}

function neighbours(emb: Embeddings, scores: ArrayLike<number>, k: number, exclude?: Set<number>): Neighbour[] {
  return topK(scores, k, exclude).map((i) => ({ word: emb.words[i], similarity: scores[i] }));
}

/** The k rows (ids < limit) most similar to v: neighbours(cosinesTo(v)), or the accelerator's identical answer. */
function nearestCosines(emb: Embeddings, v: ArrayLike<number>, k: number, exclude?: Set<number>, limit = emb.size): Neighbour[] {
  const acc = getAccelerator();
  if (acc?.nearest) {
    const q = unitQuery(v, emb.dim);
    const r = q && acc.nearest(emb, q, k, exclude, Math.min(limit, emb.size));
    if (r) return r.ids.map((i, n) => ({ word: emb.words[i], similarity: r.scores[n] }));
  }
  return neighbours(emb, cosinesTo(emb, v, limit), k, exclude);
}

export function nearestToVector(emb: Embeddings, v: Float32Array, k: number, exclude?: Set<number>): Neighbour[] {
  return nearestCosines(emb, v, k, exclude);
}

export function nearest(emb: Embeddings, word: string, k = 10): Neighbour[] {
  const i = lookup(emb, word);
  return nearestToVector(emb, emb.unitRow(i), k, new Set([i]));
}

export function similarity(emb: Embeddings, a: string, b: string): number {
  const i = lookup(emb, a);
  const j = lookup(emb, b);
  const u = emb.unit();
  return dotRow(u, i * emb.dim, emb.unitRow(j), emb.dim);
}

/**
 * a : b :: c : ?  (excluding a, b, c).
 * 'add' = 3CosAdd (gensim most_similar(positive=[b, c], negative=[a])): cosine with unit(b - a + c), unit vectors.
 * 'mul' = 3CosMul (Levy & Goldberg 2014): cos'(x,b) cos'(x,c) / (cos'(x,a) + 1e-3), cos' = (cos + 1) / 2.
 * restrict limits candidates to the first `restrict` (most frequent) words.
 */
export function analogy(
  emb: Embeddings, a: string, b: string, c: string,
  opts: { method?: 'add' | 'mul'; k?: number; restrict?: number } = {},
): Neighbour[] {
  const ia = lookup(emb, a);
  const ib = lookup(emb, b);
  const ic = lookup(emb, c);
  const limit = Math.min(opts.restrict ?? emb.size, emb.size);
  const k = opts.k ?? 10;
  const exclude = new Set([ia, ib, ic]);
  if (opts.method === 'mul') {
    return neighbours(emb, cosMulScores(cosinesTo(emb, emb.unitRow(ia), limit), cosinesTo(emb, emb.unitRow(ib), limit), cosinesTo(emb, emb.unitRow(ic), limit)), k, exclude);
  }
  const d = emb.dim;
  const q = new Float32Array(d);
  const ua = emb.unitRow(ia), ub = emb.unitRow(ib), uc = emb.unitRow(ic);
  for (let j = 0; j < d; j++) q[j] = ub[j] - ua[j] + uc[j];
  return nearestCosines(emb, q, k, exclude, limit);
}

export const COSMUL_EPSILON = 1e-3;

export function cosMulScores(ca: Float32Array, cb: Float32Array, cc: Float32Array): Float32Array {
  const out = new Float32Array(ca.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = (((cb[i] + 1) / 2) * ((cc[i] + 1) / 2)) / ((ca[i] + 1) / 2 + COSMUL_EPSILON);
  }
  return out;
}

/**
 * gensim's doesnt_match: the word whose unit vector is least similar to the unit mean of all the unit vectors.
 * scores: each word's cosine with that mean, lowest (the odd one) first.
 */
export function oddOneOut(emb: Embeddings, words: string[]): { word: string; scores: Neighbour[] } {
  if (words.length < 2) throw new QueryError('Odd one out needs at least two words');
  const ids = words.map((w) => lookup(emb, w));
  const d = emb.dim;
  const mean = new Float64Array(d);
  for (const i of ids) {
    const u = emb.unitRow(i);
    for (let j = 0; j < d; j++) mean[j] += u[j];
  }
  let ss = 0;
  for (let j = 0; j < d; j++) ss += mean[j] * mean[j];
  if (ss > 0) for (let j = 0; j < d; j++) mean[j] /= Math.sqrt(ss);
  const scores = ids.map((i, n) => ({ word: words[n], similarity: dotRow(emb.unit(), i * d, mean, d) }));
  const order = scores.map((s, n) => ({ s, n })).sort((x, y) => x.s.similarity - y.s.similarity || x.n - y.n).map((x) => x.s);
  return { word: order[0].word, scores: order };
}
