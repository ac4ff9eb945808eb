// Several seeds of one model as one ensemble, and how much the seeds agree (pure).
//
// Two runs that differ only in their seed share only about half of each top-10 list on a workspace-sized
// corpus (Antoniak & Mimno 2018 found the same; they recommend averaging over runs). So a model here is n runs,
// and every answer comes from all of them:
//  - the ensemble row of a word is [u₁, …, uₙ] / √n, its unit vectors in each seed side by side. The cosine of
//    two such rows is Σₛ uₛ·u'ₛ / n, exactly the mean of the per-seed cosines, with no alignment (cosine is
//    rotation-invariant), so neighbours, analogies, the map and export rank by mean cosine unchanged;
//  - a neighbour's agreement is in how many seeds' top-K lists it appears, and a word's stability is the mean
//    pairwise overlap@10 of its seeds' neighbour lists.
import { dotRow, lookup, nearest, topK, unitQuery, type Neighbour } from './query';
import { Embeddings, getAccelerator } from './vectors';
import { inputMatrices, type ModelFileContents } from './formats/model-file';

/** Agreement is counted among each seed's top AGREEMENT_K (or the requested k, when larger). */
export const AGREEMENT_K = 10;
/** A word's stability is the mean pairwise overlap@STABILITY_K of its seeds' neighbour lists. */
export const STABILITY_K = 10;

/**
 * One run's input vectors per seed (each words × seedDim) → the ensemble; one seed stays as it is. `alloc`
 * places the ensemble's matrix (e.g. in shared memory, so a worker can hand it over without a copy).
 */
export function ensembleEmbeddings(words: string[], seedDim: number, inputs: readonly Float32Array[],
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length)): Embeddings {
  const n = inputs.length;
  if (n === 0) throw new Error('an ensemble needs at least one seed');
  if (n === 1) return new Embeddings(words, seedDim, inputs[0]!);
  const v = words.length;
  const dim = n * seedDim;
  const data = alloc(v * dim);
  for (let s = 0; s < n; s++) {
    const src = inputs[s]!;
    if (src.length !== v * seedDim) throw new Error(`seed ${s + 1}: ${src.length} values, expected ${v} × ${seedDim}`);
    ensembleSegment(src, v, seedDim, n, s, 0, data);
  }
  return new Embeddings(words, dim, data, { seeds: n, seedDim });
}

/**
 * Writes `rows` rows of seed s's input vectors (src, seedDim values a row) into the ensemble matrix `data`
 * (seeds × seedDim values a row, zero-filled), from row `firstRow` on: each row's unit vector scaled by 1/√seeds
 * in the seed's segment. The one definition of the ensemble rows, also run by the worker that reads a model file
 * a piece at a time, so both give the same floats.
 */
export function ensembleSegment(src: Float32Array, rows: number, seedDim: number, seeds: number, s: number, firstRow: number, data: Float32Array): void {
  const dim = seeds * seedDim;
  const scale = 1 / Math.sqrt(seeds);
  for (let r = 0; r < rows; r++) {
    const o = r * seedDim;
    let ss = 0;
    for (let j = 0; j < seedDim; j++) ss += src[o + j]! * src[o + j]!;
    if (!(ss > 0) || !Number.isFinite(ss)) continue; // a zero row stays zero: its cosines are 0
    const f = scale / Math.sqrt(ss);
    const out = (firstRow + r) * dim + s * seedDim;
    for (let j = 0; j < seedDim; j++) data[out + j] = src[o + j]! * f;
  }
}

function layout(emb: Embeddings): { seeds: number; seedDim: number } {
  return emb.ensemble ?? { seeds: 1, seedDim: emb.dim };
}

/**
 * Each seed's top k for the query row id (excluding id), ranked by its segment of the ensemble's unit rows.
 * Scores are multiplied back by n, so they read as that seed's cosines.
 */
export function perSeedTop(emb: Embeddings, id: number, k: number, limit = emb.size): { ids: number[]; scores: number[] }[] {
  return withSeeds(emb, id, k, limit).seeds;
}

/** The ensemble's top k of row id and each seed's (one pass with the accelerator). */
function withSeeds(emb: Embeddings, id: number, k: number, limit = emb.size): { ensemble: { ids: number[]; scores: number[] }; seeds: { ids: number[]; scores: number[] }[] } {
  const { seeds } = layout(emb);
  // the query nearest() uses (the unit row, normalised again in float64), so list 0 is nearest()'s answer
  const q = unitQuery(emb.unitRow(id), emb.dim) ?? new Float64Array(emb.dim);
  const exclude = new Set([id]);
  const n = Math.min(limit, emb.size);
  const fromAcc = seeds > 1 ? getAccelerator()?.nearestPerSeed?.(emb, q, k, exclude, n) : undefined;
  const ensemble = fromAcc?.ensemble ?? (() => {
    const list = nearest(emb, emb.words[id]!, k);
    return { ids: list.map((x) => emb.id(x.word)), scores: list.map((x) => x.similarity) };
  })();
  const lists = fromAcc?.seeds ?? Array.from({ length: seeds }, (_, s) => {
    const scores = segmentScores(emb, q, s, n);
    const ids = topK(scores, k, exclude);
    return { ids, scores: ids.map((i) => scores[i]!) };
  });
  return { ensemble, seeds: lists.map((l) => ({ ids: l.ids, scores: l.scores.map((x) => x * seeds) })) };
}

/** fl32 of dotRow over seed s's segment, for every row < n (the reference the accelerator must match). */
export function segmentScores(emb: Embeddings, q: Float64Array, s: number, n = emb.size): Float32Array {
  const { seedDim } = layout(emb);
  const unit = emb.unit();
  const out = new Float32Array(n);
  const qs = q.subarray(s * seedDim, (s + 1) * seedDim);
  const off = s * seedDim;
  for (let r = 0, o = off; r < n; r++, o += emb.dim) out[r] = dotRow(unit, o, qs, seedDim);
  return out;
}

/** The cosine of two words in each seed. */
export function seedCosines(emb: Embeddings, a: number, b: number): number[] {
  const { seeds, seedDim } = layout(emb);
  const unit = emb.unit();
  const qb = Float64Array.from(emb.unitRow(b));
  return Array.from({ length: seeds }, (_, s) => seeds * dotRow(unit, a * emb.dim + s * seedDim, qb.subarray(s * seedDim), seedDim));
}

/** |a ∩ b| / k over the first k of each list. */
function overlap(a: readonly number[], b: readonly number[], k: number): number {
  const set = new Set(a.slice(0, k));
  let shared = 0;
  for (const x of b.slice(0, k)) if (set.has(x)) shared++;
  return shared / k;
}

/** Mean pairwise overlap@k of the lists (undefined for fewer than two). */
export function meanPairwiseOverlap(lists: readonly (readonly number[])[], k = STABILITY_K): number | undefined {
  if (lists.length < 2) return undefined;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < lists.length; i++) for (let j = i + 1; j < lists.length; j++) { sum += overlap(lists[i]!, lists[j]!, k); pairs++; }
  return sum / pairs;
}

export interface AgreedNeighbour extends Neighbour {
  /** in how many seeds' top-`agreementK` lists it appears (absent for a single run) */
  agreement?: number;
  /** its lowest and highest cosine over the seeds */
  spread?: [number, number];
}

export interface AgreedNeighbours {
  word: string;
  seeds: number;
  /** ranked by mean cosine over the seeds */
  neighbours: AgreedNeighbour[];
  /** the word's stability: mean pairwise overlap@10 of its seeds' lists (absent for a single run) */
  stability?: number;
  agreementK: number;
}

/** The ensemble's k nearest neighbours of a word, each with its agreement and cosine spread over the seeds. */
export function agreedNeighbours(emb: Embeddings, word: string, k: number): AgreedNeighbours {
  const id = lookup(emb, word);
  const { seeds } = layout(emb);
  const agreementK = Math.max(k, AGREEMENT_K);
  if (seeds < 2) return { word, seeds: 1, neighbours: nearest(emb, word, k), agreementK };
  const both = withSeeds(emb, id, agreementK);
  const list = both.ensemble.ids.slice(0, k).map((i, n) => ({ word: emb.words[i]!, similarity: both.ensemble.scores[n]! }));
  const perSeed = both.seeds.map((l) => l.ids);
  const sets = perSeed.map((ids) => new Set(ids));
  const neighbours = list.map((n) => {
    const other = emb.id(n.word);
    const cos = seedCosines(emb, id, other);
    return { ...n, agreement: sets.filter((s) => s.has(other)).length, spread: [Math.min(...cos), Math.max(...cos)] as [number, number] };
  });
  return { word, seeds, neighbours, stability: meanPairwiseOverlap(perSeed, STABILITY_K), agreementK };
}

export interface StabilitySummary {
  /** how many of the most frequent words were measured */
  words: number;
  seeds: number;
  k: number;
  median: number;
  mean: number;
  /** counts of words per tenth of stability: [0, 0.1), …, [0.9, 1] */
  histogram: number[];
  /** the least stable measured words, least first */
  leastStable: { word: string; stability: number }[];
}

/** Stability over the `top` most frequent words (rows 0..top-1 of a trained model). Undefined for one run. */
export function stabilitySummary(emb: Embeddings, opts: { top?: number; least?: number } = {}): StabilitySummary | undefined {
  const { seeds } = layout(emb);
  if (seeds < 2 || emb.size < 2) return undefined;
  const top = Math.min(opts.top ?? 1000, emb.size);
  const values: { word: string; stability: number }[] = [];
  for (let id = 0; id < top; id++) {
    const lists = perSeedTop(emb, id, STABILITY_K).map((l) => l.ids);
    values.push({ word: emb.words[id]!, stability: meanPairwiseOverlap(lists, STABILITY_K)! });
  }
  const sorted = values.map((v) => v.stability).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const histogram = new Array<number>(10).fill(0);
  for (const x of sorted) histogram[Math.min(9, Math.floor(x * 10 + 1e-9))]!++;
  const leastStable = [...values].sort((a, b) => a.stability - b.stability || (a.word < b.word ? -1 : 1)).slice(0, opts.least ?? 20);
  return { words: top, seeds, k: STABILITY_K, median, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, histogram, leastStable };
}

/** The Embeddings a saved model answers queries from: its seeds' ensemble (or its one matrix of vectors). */
export function modelEmbeddings(c: ModelFileContents): Embeddings {
  return ensembleEmbeddings([...c.words], c.header.dim, inputMatrices(c).map((m) => m.data));
}
