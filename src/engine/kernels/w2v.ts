// word2vec with negative sampling: skip-gram, word2vec's CBOW and corrected CBOW.
//
// Every instance (one per worker) imports the same shared memory, which holds the two
// matrices and the sampling tables; the JS side lays them out and passes pointers to
// configure(). Globals are per instance, so each worker has its own RNG and loss sums.
// Updates are Hogwild (Recht et al. 2011): no locks, as in word2vec.c and kōan.

const MODEL_SG: i32 = 0;
const MODEL_CBOW_WORD2VEC: i32 = 1;
const MODEL_CBOW_CORRECTED: i32 = 2;

// Matches word2vec.c's MAX_SENTENCE_LENGTH: longer lines are cut into pieces this long.
const MAX_SENTENCE: i32 = 1000;
// The option limits (src/engine/options.ts) that size the skip-gram block scratch.
const MAX_WINDOW: i32 = 100;
const MAX_NEGATIVE: i32 = 100;
const MAX_INPUTS: i32 = 2 * MAX_WINDOW;
const MAX_OUTPUTS: i32 = MAX_NEGATIVE + 1;

// σ and log σ tables over [-SIG_RANGE, SIG_RANGE], read with linear interpolation:
// the error (< 1e-6) is small enough for the gradient check, unlike word2vec's
// nearest-entry table, and far cheaper than exp() per update.
export const SIG_RANGE: f32 = 8.0;
export const SIG_STEPS_PER_UNIT: i32 = 128;
export const SIG_TABLE_SIZE: i32 = 2 * 8 * 128 + 2;

let model: i32 = MODEL_CBOW_CORRECTED;
let syn0: usize = 0;
let syn1: usize = 0;
let stride: usize = 0; // bytes per row; rows are padded to a multiple of 4 floats for v128
let lanes: i32 = 0; // v128 lanes per row
let vocabSize: u32 = 0;
let keepProb: usize = 0;
let aliasProb: usize = 0;
let aliasIndex: usize = 0;
let sigTable: usize = 0;
let logSigTable: usize = 0;
let window: i32 = 5;
let negative: i32 = 5;
let neu1: usize = 0;
let neu1e: usize = 0;
let sentence: usize = 0;
let blockInputs: usize = 0; // i32 × MAX_INPUTS
let blockOutputs: usize = 0; // i32 × MAX_OUTPUTS
let blockGrad: usize = 0; // f32 × MAX_INPUTS × MAX_OUTPUTS
let blockInputErr: usize = 0; // MAX_INPUTS rows
let rng: u64 = 1;

let lossSum: f64 = 0;
let lossCount: f64 = 0;
let contextSum: f64 = 0;
let positions: f64 = 0;

export function configure(
  modelKind: i32, syn0Ptr: usize, syn1Ptr: usize, rowFloats: i32, words: u32,
  keepPtr: usize, aliasProbPtr: usize, aliasIndexPtr: usize, sigPtr: usize, logSigPtr: usize,
  windowSize: i32, negatives: i32, scratchPtr: usize, seed: u64,
): void {
  model = modelKind;
  syn0 = syn0Ptr;
  syn1 = syn1Ptr;
  stride = <usize>rowFloats << 2;
  lanes = rowFloats >> 2;
  vocabSize = words;
  keepProb = keepPtr;
  aliasProb = aliasProbPtr;
  aliasIndex = aliasIndexPtr;
  sigTable = sigPtr;
  logSigTable = logSigPtr;
  window = windowSize;
  negative = negatives;
  neu1 = scratchPtr;
  neu1e = scratchPtr + stride;
  sentence = scratchPtr + 2 * stride;
  blockInputs = sentence + (<usize>MAX_SENTENCE << 2);
  blockOutputs = blockInputs + (<usize>MAX_INPUTS << 2);
  blockGrad = blockOutputs + (<usize>MAX_OUTPUTS << 2);
  blockInputErr = (blockGrad + (<usize>(MAX_INPUTS * MAX_OUTPUTS) << 2) + 15) & ~(<usize>15);
  rng = seed;
  resetStats();
}

// Bytes of per-worker scratch that configure() expects at scratchPtr.
export function scratchBytes(rowFloats: i32): usize {
  const row = <usize>rowFloats << 2;
  return 2 * row + (<usize>(MAX_SENTENCE + MAX_INPUTS + MAX_OUTPUTS + MAX_INPUTS * MAX_OUTPUTS) << 2) + 16 + <usize>MAX_INPUTS * row;
}

export function resetStats(): void {
  lossSum = 0;
  lossCount = 0;
  contextSum = 0;
  positions = 0;
}
export function getLossSum(): f64 { return lossSum; }
export function getLossCount(): f64 { return lossCount; }
export function getContextSum(): f64 { return contextSum; }
export function getPositions(): f64 { return positions; }

// Knuth's MMIX LCG; the high 32 bits are the well-mixed ones.
@inline function nextRandom(): u32 {
  rng = rng * 6364136223846793005 + 1442695040888963407;
  return <u32>(rng >> 32);
}

@inline function randomUnit(): f32 {
  return <f32>(nextRandom() >> 8) * (1.0 / 16777216.0);
}

// Walker's alias method: one uniform bucket, one coin.
@inline function sampleNegative(): u32 {
  const bucket = <u32>((<u64>nextRandom() * <u64>vocabSize) >> 32);
  const offset = <usize>bucket << 2;
  if (randomUnit() < load<f32>(aliasProb + offset)) return bucket;
  return load<u32>(aliasIndex + offset);
}

@inline function lookup(table: usize, x: f32): f32 {
  const t = (x + SIG_RANGE) * <f32>SIG_STEPS_PER_UNIT;
  const i = <i32>t;
  const frac = t - <f32>i;
  const p = table + (<usize>i << 2);
  const a = load<f32>(p);
  return a + frac * (load<f32>(p, 4) - a);
}

@inline function sigmoid(x: f32): f32 {
  if (x >= SIG_RANGE) return 1;
  if (x <= -SIG_RANGE) return 0;
  return lookup(sigTable, x);
}

// -log σ(x)
@inline function negLogSigmoid(x: f32): f32 {
  if (x >= SIG_RANGE) return 0;
  if (x <= -SIG_RANGE) return -x;
  return lookup(logSigTable, x);
}

@inline function dot(a: usize, b: usize): f32 {
  let acc = f32x4.splat(0);
  for (let i = 0; i < lanes; i++) {
    const o = <usize>i << 4;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

// dst += g * src
@inline function axpy(dst: usize, g: f32, src: usize): void {
  const gv = f32x4.splat(g);
  for (let i = 0; i < lanes; i++) {
    const o = <usize>i << 4;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(gv, v128.load(src + o))));
  }
}

@inline function zero(dst: usize): void {
  memory.fill(dst, 0, stride);
}

// One positive and `negative` noise words against the hidden vector h: adds the gradient for
// h into neu1e and updates the output rows in place. All dot products come first, so the cache
// misses on the random noise rows overlap instead of waiting on each other's updates; every
// gradient is then taken at the same point, as in the skip-gram block.
@inline function negativeSampling(h: usize, word: u32, alpha: f32): void {
  let outputs = 1;
  store<u32>(blockOutputs, word);
  for (let d = 0; d < negative; d++) {
    const t = sampleNegative();
    if (t == word) continue; // compare word ids (kōan compares a word id with a sentence position)
    store<u32>(blockOutputs + (<usize>outputs << 2), t);
    outputs++;
  }
  for (let o = 0; o < outputs; o++) {
    const f = dot(h, syn1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * stride);
    const label: f32 = o == 0 ? 1 : 0;
    lossSum += <f64>(o == 0 ? negLogSigmoid(f) : negLogSigmoid(-f));
    store<f32>(blockGrad + (<usize>o << 2), (label - sigmoid(f)) * alpha);
  }
  for (let o = 0; o < outputs; o++) {
    const row = syn1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * stride;
    const gv = f32x4.splat(load<f32>(blockGrad + (<usize>o << 2)));
    // neu1e must see the row before its update, so both happen in one pass per lane.
    for (let i = 0; i < lanes; i++) {
      const off = <usize>i << 4;
      const r = v128.load(row + off);
      v128.store(neu1e + off, f32x4.add(v128.load(neu1e + off), f32x4.mul(gv, r)));
      v128.store(row + off, f32x4.add(r, f32x4.mul(gv, v128.load(h + off))));
    }
  }
  lossCount += 1;
}

@inline function cbowAt(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  const word = load<u32>(sen + (<usize>p << 2));
  const lo = p - w < 0 ? 0 : p - w;
  const hi = p + w >= len ? len - 1 : p + w;
  zero(neu1);
  let cw = 0;
  for (let c = lo; c <= hi; c++) {
    if (c == p) continue;
    axpy(neu1, 1, syn0 + <usize>load<u32>(sen + (<usize>c << 2)) * stride);
    cw++;
  }
  if (cw == 0) return;
  const inv: f32 = <f32>1.0 / <f32>cw;
  const invv = f32x4.splat(inv);
  for (let i = 0; i < lanes; i++) {
    const o = <usize>i << 4;
    v128.store(neu1 + o, f32x4.mul(v128.load(neu1 + o), invv));
  }
  zero(neu1e);
  negativeSampling(neu1, word, alpha);
  // h is the mean of the C context vectors, so ∂L/∂v_c = (1/C)·∂L/∂h. word2vec.c and
  // gensim add ∂L/∂h to each v_c undivided (İrsoy, Benton & Stratos 2021, §2); kōan divides.
  const scale: f32 = model == MODEL_CBOW_CORRECTED ? inv : 1;
  for (let c = lo; c <= hi; c++) {
    if (c == p) continue;
    axpy(syn0 + <usize>load<u32>(sen + (<usize>c << 2)) * stride, scale, neu1e);
  }
  contextSum += <f64>cw;
  positions += 1;
}

// Skip-gram as a block (Ji et al. 2016, pWord2Vec): the context words around one centre word
// share one draw of negatives, so each output row is loaded once for the whole window instead
// of once per context word, and the dot products form a small matrix product held in cache.
// With a single input it is exactly word2vec.c's pair update.
@inline function sgBlock(inputs: i32, word: u32, alpha: f32): void {
  let outputs = 1;
  store<u32>(blockOutputs, word);
  for (let d = 0; d < negative; d++) {
    const t = sampleNegative();
    if (t == word) continue; // compare word ids, not positions (kōan's slip)
    store<u32>(blockOutputs + (<usize>outputs << 2), t);
    outputs++;
  }
  for (let i = 0; i < inputs; i++) {
    const v = syn0 + <usize>load<u32>(blockInputs + (<usize>i << 2)) * stride;
    for (let o = 0; o < outputs; o++) {
      const u = syn1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * stride;
      const f = dot(v, u);
      const label: f32 = o == 0 ? 1 : 0;
      lossSum += <f64>(o == 0 ? negLogSigmoid(f) : negLogSigmoid(-f));
      store<f32>(blockGrad + (<usize>(i * MAX_OUTPUTS + o) << 2), (label - sigmoid(f)) * alpha);
    }
  }
  lossCount += <f64>inputs;
  // Input errors from the old output rows, then output updates from the old input rows,
  // then the inputs: every gradient in the block is taken at the same point.
  for (let i = 0; i < inputs; i++) {
    const e = blockInputErr + <usize>i * stride;
    zero(e);
    for (let o = 0; o < outputs; o++) {
      axpy(e, load<f32>(blockGrad + (<usize>(i * MAX_OUTPUTS + o) << 2)), syn1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * stride);
    }
  }
  for (let o = 0; o < outputs; o++) {
    const u = syn1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * stride;
    for (let i = 0; i < inputs; i++) {
      axpy(u, load<f32>(blockGrad + (<usize>(i * MAX_OUTPUTS + o) << 2)), syn0 + <usize>load<u32>(blockInputs + (<usize>i << 2)) * stride);
    }
  }
  for (let i = 0; i < inputs; i++) {
    axpy(syn0 + <usize>load<u32>(blockInputs + (<usize>i << 2)) * stride, 1, blockInputErr + <usize>i * stride);
  }
}

// word2vec.c's skip-gram direction: each context word's input vector predicts the centre word.
@inline function sgAt(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  const word = load<u32>(sen + (<usize>p << 2));
  const lo = p - w < 0 ? 0 : p - w;
  const hi = p + w >= len ? len - 1 : p + w;
  let inputs = 0;
  for (let c = lo; c <= hi; c++) {
    if (c == p) continue;
    store<u32>(blockInputs + (<usize>inputs << 2), load<u32>(sen + (<usize>c << 2)));
    inputs++;
  }
  if (inputs > 0) sgBlock(inputs, word, alpha);
  contextSum += <f64>inputs;
  positions += 1;
}

@inline function trainSentence(len: i32, alpha: f32): void {
  for (let p = 0; p < len; p++) {
    // Dynamic window: the effective size is uniform in 1..window, as in word2vec.c.
    const w = window - <i32>(nextRandom() % <u32>window);
    if (model == MODEL_SG) sgAt(sentence, len, p, w, alpha);
    else cbowAt(sentence, len, p, w, alpha);
  }
}

// Trains on ids[0..count): vocabulary ids with -1 ending each sentence. The learning rate
// falls linearly from alphaStart to alphaEnd across the chunk. Returns the words kept
// after subsampling.
export function trainChunk(ids: usize, count: i32, alphaStart: f32, alphaEnd: f32): i32 {
  let len = 0;
  let kept = 0;
  const slope = count > 0 ? (alphaEnd - alphaStart) / <f32>count : 0;
  for (let i = 0; i < count; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    if (id >= 0) {
      const keep = load<f32>(keepProb + (<usize>id << 2));
      if (keep < 1 && keep < randomUnit()) continue;
      store<i32>(sentence + (<usize>len << 2), id);
      len++;
      kept++;
      if (len < MAX_SENTENCE) continue;
    }
    if (len > 0) trainSentence(len, alphaStart + slope * <f32>i);
    len = 0;
  }
  if (len > 0) trainSentence(len, alphaEnd);
  return kept;
}

// One CBOW step at position p of sen with a fixed window; the gradient check calls this.
export function cbowStep(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  cbowAt(sen, len, p, w, alpha);
}

// One skip-gram pair: the input vector of `input` predicts `output`.
export function sgPair(input: u32, output: u32, alpha: f32): void {
  store<u32>(blockInputs, input);
  sgBlock(1, output, alpha);
}

// word2vec.c's initialisation: inputs uniform in [-0.5/dim, 0.5/dim), outputs zero.
export function initVectors(words: u32, dim: i32, seed: u64): void {
  let r: u64 = seed;
  const scale: f32 = <f32>1.0 / <f32>dim;
  for (let w: u32 = 0; w < words; w++) {
    const row = syn0 + <usize>w * stride;
    for (let i = 0; i < dim; i++) {
      r = r * 6364136223846793005 + 1442695040888963407;
      const u = <f32>(<u32>(r >> 40)) * (1.0 / 16777216.0);
      store<f32>(row + (<usize>i << 2), (u - 0.5) * scale);
    }
    memory.fill(row + (<usize>dim << 2), 0, stride - (<usize>dim << 2));
  }
  memory.fill(syn1, 0, <usize>words * stride);
}

export function heapBase(): usize {
  return __heap_base;
}

// One skip-gram step at position p with a fixed window; the gradient check calls this.
export function sgStep(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  sgAt(sen, len, p, w, alpha);
}
