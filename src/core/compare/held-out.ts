// A held-out score that works on any corpus (pure). Benchmark files barely cover a workspace (questions-words
// covered 1.6 % of its questions on kubernetes-community), so the compare also holds out a small part of the
// corpus's own sentences and asks each model to predict their words:
//  - a sentence goes to the test part, the validation part (for choosing α) or training by a hash of its words,
//    so the split is deterministic, the same for every rule and seed, and disjoint;
//  - each held-out position is scored by the same protocol for every rule, skip-gram included: h = the mean of
//    the input vectors of its context (up to `window` words each side, within the sentence), ranked against
//    every word's output vector; top-1 and top-10 accuracy over the whole vocabulary.
import type { EncodedCorpus } from '../corpus';

export interface HeldOutSplit {
  /** what the models train on: the corpus without the held-out sentences */
  train: EncodedCorpus;
  /** sentences as vocabulary ids, in corpus order */
  validation: Int32Array[];
  test: Int32Array[];
}

export interface SplitOptions { test: number; validation: number }
export const DEFAULT_SPLIT: SplitOptions = { test: 0.05, validation: 0.05 };

/** FNV-1a over the ids, then a final avalanche: a sentence's place in [0, 1). */
export function sentenceHash(ids: Int32Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    let v = ids[i]!;
    for (let b = 0; b < 4; b++) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193);
      v >>>= 8;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Splits by sentence (a run of ids ending in -1). hash < test → test; < test + validation → validation; else
 * training. The training corpus is written into a new shared buffer (the workers read it without a copy).
 */
export function splitHeldOut(corpus: EncodedCorpus, opts: SplitOptions = DEFAULT_SPLIT): HeldOutSplit {
  const { ids } = corpus;
  const validation: Int32Array[] = [];
  const test: Int32Array[] = [];
  const keep: [number, number][] = [];
  let kept = 0;
  let tokens = 0;
  for (let start = 0; start < ids.length;) {
    let end = start;
    while (end < ids.length && ids[end]! >= 0) end++;
    const words = end - start;
    if (words > 0) {
      const h = sentenceHash(ids, start, end);
      if (h < opts.test) test.push(ids.slice(start, end));
      else if (h < opts.test + opts.validation) validation.push(ids.slice(start, end));
      else {
        keep.push([start, end]);
        kept += words + 1;
        tokens += words;
      }
    }
    start = end + 1;
  }
  const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(kept * 4) : new ArrayBuffer(kept * 4);
  const out = new Int32Array(buffer);
  let o = 0;
  for (const [s, e] of keep) {
    out.set(ids.subarray(s, e), o);
    o += e - s;
    out[o++] = -1;
  }
  return { train: { ids: out, tokens, sentences: keep.length }, validation, test };
}

/** One held-out position: the centre word and its context. */
export interface Position { sentence: number; centre: number; context: number[] }

/**
 * Every position with at least one context word, or, when there are more than `max`, an evenly spaced
 * deterministic sample of them (so a large corpus costs the same to score as a small one).
 */
export function heldOutPositions(sentences: readonly Int32Array[], window: number, max: number): Position[] {
  let total = 0;
  for (const s of sentences) if (s.length > 1) total += s.length;
  const stride = total > max ? total / max : 1;
  const out: Position[] = [];
  let next = 0;
  let index = 0;
  sentences.forEach((s, si) => {
    if (s.length < 2) return;
    for (let p = 0; p < s.length; p++, index++) {
      if (index < next) continue;
      next += stride;
      const context: number[] = [];
      for (let c = Math.max(0, p - window); c <= Math.min(s.length - 1, p + window); c++) if (c !== p) context.push(s[c]!);
      out.push({ sentence: si, centre: s[p]!, context });
    }
  });
  return out;
}

/**
 * The rank of each position's centre word (1 = best) when h = mean of its context's input vectors is dotted with
 * every output vector. `scores(queries)` returns, for each query h, its dot with every output row (the caller
 * can do that in WebAssembly); ties count against the centre word.
 */
export function heldOutRanks(positions: readonly Position[], inputs: Float32Array, dim: number,
  scores: (queries: Float64Array[]) => Float32Array[], batch = 64): Int32Array {
  const ranks = new Int32Array(positions.length);
  for (let b = 0; b < positions.length; b += batch) {
    const chunk = positions.slice(b, b + batch);
    const qs = chunk.map((p) => {
      const h = new Float64Array(dim);
      for (const c of p.context) for (let j = 0; j < dim; j++) h[j] += inputs[c * dim + j]!;
      for (let j = 0; j < dim; j++) h[j] /= p.context.length;
      return h;
    });
    const rows = scores(qs);
    chunk.forEach((p, i) => {
      const row = rows[i]!;
      const target = row[p.centre]!;
      let above = 0;
      for (let w = 0; w < row.length; w++) if (w !== p.centre && row[w]! >= target) above++;
      ranks[b + i] = above + 1;
    });
  }
  return ranks;
}

/** The dot of each query with every row of a matrix (rows × dim), in plain JS (the reference). */
export function matrixDots(matrix: Float32Array, dim: number): (queries: Float64Array[]) => Float32Array[] {
  const rows = matrix.length / dim;
  return (queries) => queries.map((q) => {
    const out = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += matrix[r * dim + j]! * q[j]!;
      out[r] = s;
    }
    return out;
  });
}
