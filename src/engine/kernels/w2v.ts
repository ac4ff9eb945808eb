// word2vec with negative sampling: skip-gram, word2vec's CBOW and corrected CBOW.
//
// Every instance (one per worker) imports the same shared memory, which holds the two
// matrices and the sampling tables; the JS side lays them out and passes pointers to
// configure(). Globals are per instance, so each worker has its own RNG and loss sums.
// Updates are Hogwild (Recht et al. 2011): no locks, as in word2vec.c and kōan.
//
// Training runs through register-blocked kernels (cbowPosition, sgBlock): their inner loops keep
// up to four rows' partial sums in registers, so each lane of a row is loaded once for several
// products, and every sum still runs in the first engine's order. The random numbers of four
// positions are drawn ahead in the order the first engine draws them, so that the rows they
// need are touched together. The first engine's code is kept (cbowAtReference,
// sgBlockReference, setReferencePath): the tests check that training computes exactly what it
// computed, bit for bit, one thread at a time.

const MODEL_SG: i32 = 0;
const MODEL_CBOW_WORD2VEC: i32 = 1;
const MODEL_CBOW_CORRECTED: i32 = 2;

// Matches word2vec.c's MAX_SENTENCE_LENGTH: longer lines are cut into pieces this long.
const MAX_SENTENCE: i32 = 1000;
// The option limits (src/engine/options.ts) that size the block scratch.
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
let blockInputs: usize = 0; // i32 × MAX_INPUTS: skip-gram inputs (word ids)
let blockOutputs: usize = 0; // i32 × MAX_OUTPUTS: output word ids, the positive first
let blockGrad: usize = 0; // f32 × MAX_INPUTS × MAX_OUTPUTS, row-major by input (CBOW: one row)
let inputRows: usize = 0; // usize × MAX_INPUTS: row addresses of the inputs
let outputRows: usize = 0; // usize × MAX_OUTPUTS: row addresses of the outputs
// Random draws made ahead (see drawAhead): per position, its window then its negatives.
const LOOKAHEAD: i32 = 4;
const DRAWN_STRIDE: i32 = 1 + MAX_NEGATIVE;
let drawn: usize = 0; // i32 × LOOKAHEAD × DRAWN_STRIDE
let drawnNow: usize = 0; // i32 × MAX_NEGATIVE: negatives drawn on the spot (single steps, the reference)
let referencePath: bool = false;
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
  inputRows = blockGrad + (<usize>(MAX_INPUTS * MAX_OUTPUTS) << 2);
  outputRows = inputRows + (<usize>MAX_INPUTS << 2);
  drawn = outputRows + (<usize>MAX_OUTPUTS << 2);
  drawnNow = drawn + (<usize>(LOOKAHEAD * DRAWN_STRIDE) << 2);
  blockInputErr = (drawnNow + (<usize>MAX_NEGATIVE << 2) + 15) & ~(<usize>15);
  referencePath = false;
  rng = seed;
  resetStats();
}

// Bytes of per-worker scratch that configure() expects at scratchPtr.
export function scratchBytes(rowFloats: i32): usize {
  const row = <usize>rowFloats << 2;
  const words = MAX_SENTENCE + MAX_INPUTS + MAX_OUTPUTS + MAX_INPUTS * MAX_OUTPUTS + MAX_INPUTS + MAX_OUTPUTS + LOOKAHEAD * DRAWN_STRIDE + MAX_NEGATIVE;
  return 2 * row + (<usize>words << 2) + 16 + <usize>MAX_INPUTS * row;
}

// Trains through the first engine's code (one position at a time, negatives drawn as it goes):
// the tests compare whole chunks against it.
export function setReferencePath(on: bool): void {
  referencePath = on;
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

// The one place negatives are drawn: `negative` word ids into `at` (i32 each), in order.
@inline function drawNegatives(at: usize): void {
  for (let d = 0; d < negative; d++) store<u32>(at + (<usize>d << 2), sampleNegative());
}

// The outputs of one update into blockOutputs: the word, then the negatives drawn at `negs`
// except those equal to the word (compare word ids, not positions: kōan's slip), whose gradient
// would be exactly 0. Returns how many outputs there are.
@inline function collectOutputs(word: u32, negs: usize): i32 {
  let outputs = 1;
  store<u32>(blockOutputs, word);
  for (let d = 0; d < negative; d++) {
    const t = load<u32>(negs + (<usize>d << 2));
    if (t == word) continue;
    store<u32>(blockOutputs + (<usize>outputs << 2), t);
    outputs++;
  }
  return outputs;
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

// The horizontal sum in the first engine's order: ((a0 + a1) + a2) + a3.
@inline function hsum(acc: v128): f32 {
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

// acc + a·b. The plain build rounds twice, as the first engine does; the relaxed-SIMD build
// (kernels-relaxed.wasm) lets the engine fuse it into one FMA where the CPU has one.
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function dot(a: usize, b: usize): f32 {
  let acc = f32x4.splat(0);
  for (let i = 0; i < lanes; i++) {
    const o = <usize>i << 4;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return hsum(acc);
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

@inline function ptrAt(list: usize, i: i32): usize {
  return <usize>load<u32>(list + (<usize>i << 2));
}

// The gradient of input `row` (CBOW: row 0) against output o; grads = blockGrad.
@inline function gradAt(grads: usize, row: i32, o: i32): usize {
  return grads + (<usize>(row * MAX_OUTPUTS + o) << 2);
}

// WebAssembly has no prefetch: one load from each cache line of a row that is needed soon starts
// its cache misses while other work goes on. The loads are folded into a value that is kept, so
// they are not dead code.
@inline function touch(row: usize, st: usize, acc: v128): v128 {
  for (let off: usize = 0; off < st; off += 64) acc = v128.or(acc, v128.load(row + off));
  return v128.or(acc, v128.load(row + st - 16));
}
let touchSink: v128 = i32x4.splat(0);

// The plain SIMD dot product, with the row stride passed in: same lanes, same order as dot().
@inline function dotRows(a: usize, b: usize, st: usize): f32 {
  let acc = f32x4.splat(0);
  for (let off: usize = 0; off < st; off += 16) acc = madd(acc, v128.load(a + off), v128.load(b + off));
  return hsum(acc);
}

// Four dot products of one row u against rows x0..x3, each lane of u loaded once. Every
// accumulator adds its lanes in order, so each result equals dot(x_j, u) bit for bit.
@inline function dots4(u: usize, x0: usize, x1: usize, x2: usize, x3: usize, out: usize, outStep: usize, st: usize): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let off: usize = 0; off < st; off += 16) {
    const r = v128.load(u + off);
    a0 = madd(a0, v128.load(x0 + off), r);
    a1 = madd(a1, v128.load(x1 + off), r);
    a2 = madd(a2, v128.load(x2 + off), r);
    a3 = madd(a3, v128.load(x3 + off), r);
  }
  store<f32>(out, hsum(a0));
  store<f32>(out + outStep, hsum(a1));
  store<f32>(out + 2 * outStep, hsum(a2));
  store<f32>(out + 3 * outStep, hsum(a3));
}

// The last one to three of a row's dot products (dots4 takes the others), as independent sums:
// one chain of adds per lane would wait on each add.
@inline function dotsTail(u: usize, xs: usize, from: i32, to: i32, out: usize, outStep: usize, st: usize): void {
  const m = to - from;
  if (m <= 0) return;
  const x0 = ptrAt(xs, from);
  if (m == 1) {
    store<f32>(out, dotRows(x0, u, st));
    return;
  }
  const x1 = ptrAt(xs, from + 1);
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  if (m == 2) {
    for (let off: usize = 0; off < st; off += 16) {
      const r = v128.load(u + off);
      a0 = madd(a0, v128.load(x0 + off), r);
      a1 = madd(a1, v128.load(x1 + off), r);
    }
  } else {
    const x2 = ptrAt(xs, from + 2);
    let a2 = f32x4.splat(0);
    for (let off: usize = 0; off < st; off += 16) {
      const r = v128.load(u + off);
      a0 = madd(a0, v128.load(x0 + off), r);
      a1 = madd(a1, v128.load(x1 + off), r);
      a2 = madd(a2, v128.load(x2 + off), r);
    }
    store<f32>(out + 2 * outStep, hsum(a2));
  }
  store<f32>(out, hsum(a0));
  store<f32>(out + outStep, hsum(a1));
}

// h = (Σ rows) · inv over the n rows listed at `rows`, summed left to right from +0 as the
// reference does, four rows per pass over h (the last pass also scales).
@inline function meanRows(h: usize, rows: usize, n: i32, invv: v128, st: usize): void {
  let j = 0;
  for (; n - j > 4; j += 4) {
    const r0 = ptrAt(rows, j);
    const r1 = ptrAt(rows, j + 1);
    const r2 = ptrAt(rows, j + 2);
    const r3 = ptrAt(rows, j + 3);
    if (j == 0) {
      for (let off: usize = 0; off < st; off += 16) {
        const acc = f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.splat(0), v128.load(r0 + off)), v128.load(r1 + off)), v128.load(r2 + off)), v128.load(r3 + off));
        v128.store(h + off, acc);
      }
    } else {
      for (let off: usize = 0; off < st; off += 16) {
        const acc = f32x4.add(f32x4.add(f32x4.add(f32x4.add(v128.load(h + off), v128.load(r0 + off)), v128.load(r1 + off)), v128.load(r2 + off)), v128.load(r3 + off));
        v128.store(h + off, acc);
      }
    }
  }
  const m = n - j;
  const first = j == 0;
  const r0 = ptrAt(rows, j);
  const r1 = m > 1 ? ptrAt(rows, j + 1) : r0;
  const r2 = m > 2 ? ptrAt(rows, j + 2) : r0;
  const r3 = m > 3 ? ptrAt(rows, j + 3) : r0;
  if (m == 4) {
    for (let off: usize = 0; off < st; off += 16) {
      const acc = f32x4.add(f32x4.add(f32x4.add(f32x4.add(first ? f32x4.splat(0) : v128.load(h + off), v128.load(r0 + off)), v128.load(r1 + off)), v128.load(r2 + off)), v128.load(r3 + off));
      v128.store(h + off, f32x4.mul(acc, invv));
    }
  } else if (m == 3) {
    for (let off: usize = 0; off < st; off += 16) {
      const acc = f32x4.add(f32x4.add(f32x4.add(first ? f32x4.splat(0) : v128.load(h + off), v128.load(r0 + off)), v128.load(r1 + off)), v128.load(r2 + off));
      v128.store(h + off, f32x4.mul(acc, invv));
    }
  } else if (m == 2) {
    for (let off: usize = 0; off < st; off += 16) {
      const acc = f32x4.add(f32x4.add(first ? f32x4.splat(0) : v128.load(h + off), v128.load(r0 + off)), v128.load(r1 + off));
      v128.store(h + off, f32x4.mul(acc, invv));
    }
  } else {
    for (let off: usize = 0; off < st; off += 16) {
      const acc = f32x4.add(first ? f32x4.splat(0) : v128.load(h + off), v128.load(r0 + off));
      v128.store(h + off, f32x4.mul(acc, invv));
    }
  }
}

// The label gradient for dot product f, scaled by α.
@inline function gradient(f: f32, positive: bool, alpha: f32): f32 {
  const label: f32 = positive ? 1 : 0;
  return (label - sigmoid(f)) * alpha;
}

// Its loss term. The blocks add these to a local copy of lossSum, in the reference's order, and
// store it once: a global is a memory cell, and a chain of adds through it costs a store and a
// load each.
@inline function lossTerm(f: f32, positive: bool): f64 {
  return <f64>(positive ? negLogSigmoid(f) : negLogSigmoid(-f));
}

// e_j = Σ_o g[j][o] · out_o over the rows listed at outs[first..end), for inputs j0..j0+3 at once
// (lane by lane, so each output lane is loaded once for four inputs); each sum runs over o in
// order, from +0 or from e_j's first term `start_j` = g[j][s]·out_s when `startRows` lists them.
@inline function errors4(grads: usize, j0: i32, outs: usize, first: i32, end: i32, e0: usize, st: usize): void {
  const g0 = gradAt(grads, j0, 0);
  const g1 = g0 + (<usize>MAX_OUTPUTS << 2);
  const g2 = g1 + (<usize>MAX_OUTPUTS << 2);
  const g3 = g2 + (<usize>MAX_OUTPUTS << 2);
  const e1 = e0 + st;
  const e2 = e1 + st;
  const e3 = e2 + st;
  for (let off: usize = 0; off < st; off += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let o = first; o < end; o++) {
      const r = v128.load(ptrAt(outs, o) + off);
      const go = <usize>o << 2;
      a0 = madd(a0, v128.load32_splat(g0 + go), r);
      a1 = madd(a1, v128.load32_splat(g1 + go), r);
      a2 = madd(a2, v128.load32_splat(g2 + go), r);
      a3 = madd(a3, v128.load32_splat(g3 + go), r);
    }
    v128.store(e0 + off, a0);
    v128.store(e1 + off, a1);
    v128.store(e2 + off, a2);
    v128.store(e3 + off, a3);
  }
}

@inline function errors1(grads: usize, j: i32, outs: usize, first: i32, end: i32, e: usize, st: usize): void {
  const g = gradAt(grads, j, 0);
  for (let off: usize = 0; off < st; off += 16) {
    let a = f32x4.splat(0);
    for (let o = first; o < end; o++) a = madd(a, v128.load32_splat(g + (<usize>o << 2)), v128.load(ptrAt(outs, o) + off));
    v128.store(e + off, a);
  }
}

// u += Σ_j g[j][o] · x_j over `count` rows x_j (listed at xs, or xs == 0: contiguous from xBase),
// in order of j: four at a time, with their four gradients held in registers.
@inline function updateRow(grads: usize, u: usize, o: i32, xs: usize, count: i32, xBase: usize, st: usize): void {
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const c0 = v128.load32_splat(gradAt(grads, j, o));
    const c1 = v128.load32_splat(gradAt(grads, j + 1, o));
    const c2 = v128.load32_splat(gradAt(grads, j + 2, o));
    const c3 = v128.load32_splat(gradAt(grads, j + 3, o));
    const x0 = xs ? ptrAt(xs, j) : xBase + <usize>j * st;
    const x1 = xs ? ptrAt(xs, j + 1) : x0 + st;
    const x2 = xs ? ptrAt(xs, j + 2) : x1 + st;
    const x3 = xs ? ptrAt(xs, j + 3) : x2 + st;
    for (let off: usize = 0; off < st; off += 16) {
      let acc = v128.load(u + off);
      acc = madd(acc, c0, v128.load(x0 + off));
      acc = madd(acc, c1, v128.load(x1 + off));
      acc = madd(acc, c2, v128.load(x2 + off));
      acc = madd(acc, c3, v128.load(x3 + off));
      v128.store(u + off, acc);
    }
  }
  for (; j < count; j++) {
    const c = v128.load32_splat(gradAt(grads, j, o));
    const x = xs ? ptrAt(xs, j) : xBase + <usize>j * st;
    for (let off: usize = 0; off < st; off += 16) v128.store(u + off, madd(v128.load(u + off), c, v128.load(x + off)));
  }
}

// ---------------------------------------------------------------------------------------------
// CBOW

// One positive and `negative` noise words against the hidden vector h: adds the gradient for
// h into neu1e and updates the output rows in place. All dot products come first, so the cache
// misses on the random noise rows overlap instead of waiting on each other's updates; every
// gradient is then taken at the same point, as in the skip-gram block.
@inline function negativeSampling(h: usize, word: u32, alpha: f32): void {
  drawNegatives(drawnNow);
  const outputs = collectOutputs(word, drawnNow);
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

// The first engine's CBOW step, one position with its own negatives: the reference that the
// training step (cbowPosition) must reproduce exactly.
@inline function cbowAtReference(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
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

// One CBOW position through the training path: the reference step (cbowAtReference) computed
// with the register-blocked kernels, bit for bit. Its negatives come drawn ahead (negs), or are
// drawn here (negs == 0); one equal to the position's word is left out, as in the reference.
function cbowPosition(sen: usize, len: i32, p: i32, w: i32, alpha: f32, negs: usize): void {
  if (len < 2) return; // a one-word sentence: no context to learn from, and nothing is drawn
  const st = stride;
  const s0 = syn0;
  const s1 = syn1;
  const grads = blockGrad;
  const rows = inputRows;
  const outs = outputRows;
  const h = blockInputErr; // the hidden mean
  const e = blockInputErr + st; // its error
  const word = load<u32>(sen + (<usize>p << 2));
  const drawnHere = negs == 0;
  if (drawnHere) drawNegatives(drawnNow);
  // Outputs: the word (column 0 of the gradients), then the negatives.
  const outputs = collectOutputs(word, drawnHere ? drawnNow : negs);
  for (let o = 0; o < outputs; o++) store<u32>(outs + (<usize>o << 2), <u32>(s1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * st));
  // The context mean, lane by lane, every context row read once per lane.
  const lo = p - w < 0 ? 0 : p - w;
  const hi = p + w >= len ? len - 1 : p + w;
  const cw = hi - lo;
  let n = 0;
  for (let c = lo; c <= hi; c++) {
    if (c == p) continue;
    store<u32>(rows + (<usize>n << 2), <u32>(s0 + <usize>load<u32>(sen + (<usize>c << 2)) * st));
    n++;
  }
  const inv: f32 = <f32>1.0 / <f32>cw;
  meanRows(h, rows, n, f32x4.splat(inv), st);
  // Dot products against the word and the negatives, four rows at a time, then the gradients.
  let o = 0;
  for (; o + 4 <= outputs; o += 4) {
    dots4(h, ptrAt(outs, o), ptrAt(outs, o + 1), ptrAt(outs, o + 2), ptrAt(outs, o + 3), gradAt(grads, 0, o), 4, st);
  }
  dotsTail(h, outs, o, outputs, gradAt(grads, 0, o), 4, st);
  let loss = lossSum;
  for (let d = 0; d < outputs; d++) {
    const at = gradAt(grads, 0, d);
    const f = load<f32>(at);
    loss += lossTerm(f, d == 0);
    store<f32>(at, gradient(f, d == 0, alpha));
  }
  lossSum = loss;
  lossCount += 1;
  // The outputs in order, each error term from the row before its own update, as the reference.
  for (let d = 0; d < outputs; d++) {
    const u = ptrAt(outs, d);
    const c = v128.load32_splat(gradAt(grads, 0, d));
    if (d == 0) {
      for (let off: usize = 0; off < st; off += 16) {
        const r = v128.load(u + off);
        v128.store(e + off, madd(f32x4.splat(0), c, r));
        v128.store(u + off, madd(r, c, v128.load(h + off)));
      }
    } else {
      for (let off: usize = 0; off < st; off += 16) {
        const r = v128.load(u + off);
        v128.store(e + off, madd(v128.load(e + off), c, r));
        v128.store(u + off, madd(r, c, v128.load(h + off)));
      }
    }
  }
  // h is the mean of the C context vectors, so ∂L/∂v_c = (1/C)·∂L/∂h. word2vec.c and
  // gensim add ∂L/∂h to each v_c undivided (İrsoy, Benton & Stratos 2021, §2); kōan divides.
  const sv = f32x4.splat(model == MODEL_CBOW_CORRECTED ? inv : 1);
  for (let off: usize = 0; off < st; off += 16) v128.store(e + off, f32x4.mul(sv, v128.load(e + off)));
  for (let c = 0; c < n; c++) {
    const row = ptrAt(rows, c);
    for (let off: usize = 0; off < st; off += 16) v128.store(row + off, f32x4.add(v128.load(row + off), v128.load(e + off)));
  }
  contextSum += <f64>cw;
  positions += 1;
}

// ---------------------------------------------------------------------------------------------
// Skip-gram

// The first engine's skip-gram block, kept as the reference for sgBlock.
@inline function sgBlockReference(inputs: i32, word: u32, alpha: f32): void {
  drawNegatives(drawnNow);
  const outputs = collectOutputs(word, drawnNow);
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

// Skip-gram as a block (Ji et al. 2016, pWord2Vec): the context words around one centre word
// share one draw of negatives, so each output row is loaded once for the whole window instead
// of once per context word, and the dot products form a small matrix product held in cache.
// Input errors come from the old output rows, output updates from the old input rows, then the
// inputs move: every gradient in the block is taken at the same point. It computes what
// sgBlockReference computes, in the same order of operations for every element, with four
// rows' partial sums in registers at a time. With a single input it is exactly word2vec.c's
// pair update.
function sgBlock(inputs: i32, word: u32, alpha: f32, negs: usize): void {
  const st = stride;
  const s0 = syn0;
  const s1 = syn1;
  const grads = blockGrad;
  const ins = inputRows;
  const outs = outputRows;
  const errs = blockInputErr;
  const drawnHere = negs == 0;
  if (drawnHere) drawNegatives(drawnNow);
  const outputs = collectOutputs(word, drawnHere ? drawnNow : negs);
  for (let i = 0; i < inputs; i++) {
    store<u32>(ins + (<usize>i << 2), <u32>(s0 + <usize>load<u32>(blockInputs + (<usize>i << 2)) * st));
  }
  let touched = touchSink;
  for (let o = 0; o < outputs; o++) {
    const u = s1 + <usize>load<u32>(blockOutputs + (<usize>o << 2)) * st;
    store<u32>(outs + (<usize>o << 2), <u32>u);
    if (o > 0 && drawnHere) touched = touch(u, st, touched);
  }
  touchSink = touched;
  for (let o = 0; o < outputs; o++) {
    const u = ptrAt(outs, o);
    let i = 0;
    for (; i + 4 <= inputs; i += 4) {
      dots4(u, ptrAt(ins, i), ptrAt(ins, i + 1), ptrAt(ins, i + 2), ptrAt(ins, i + 3), gradAt(grads, i, o), <usize>MAX_OUTPUTS << 2, st);
    }
    dotsTail(u, ins, i, inputs, gradAt(grads, i, o), <usize>MAX_OUTPUTS << 2, st);
  }
  let loss = lossSum;
  for (let i = 0; i < inputs; i++) {
    for (let o = 0; o < outputs; o++) {
      const at = gradAt(grads, i, o);
      const f = load<f32>(at);
      loss += lossTerm(f, o == 0);
      store<f32>(at, gradient(f, o == 0, alpha));
    }
  }
  lossSum = loss;
  lossCount += <f64>inputs;
  let i = 0;
  for (; i + 4 <= inputs; i += 4) errors4(grads, i, outs, 0, outputs, errs + <usize>i * st, st);
  for (; i < inputs; i++) errors1(grads, i, outs, 0, outputs, errs + <usize>i * st, st);
  for (let o = 0; o < outputs; o++) updateRow(grads, ptrAt(outs, o), o, ins, inputs, 0, st);
  for (let j = 0; j < inputs; j++) {
    const v = ptrAt(ins, j);
    const e = errs + <usize>j * st;
    for (let off: usize = 0; off < st; off += 16) v128.store(v + off, f32x4.add(v128.load(v + off), v128.load(e + off)));
  }
}

// word2vec.c's skip-gram direction: each context word's input vector predicts the centre word.
@inline function sgAt(sen: usize, len: i32, p: i32, w: i32, alpha: f32, reference: bool, negs: usize): void {
  const word = load<u32>(sen + (<usize>p << 2));
  const lo = p - w < 0 ? 0 : p - w;
  const hi = p + w >= len ? len - 1 : p + w;
  let inputs = 0;
  for (let c = lo; c <= hi; c++) {
    if (c == p) continue;
    store<u32>(blockInputs + (<usize>inputs << 2), load<u32>(sen + (<usize>c << 2)));
    inputs++;
  }
  if (inputs > 0) {
    if (reference) sgBlockReference(inputs, word, alpha);
    else sgBlock(inputs, word, alpha, negs);
  }
  contextSum += <f64>inputs;
  positions += 1;
}

// ---------------------------------------------------------------------------------------------
// Training

// Draws, in the order the reference draws them (each position's window, then its negatives),
// the random numbers of positions p..p+n-1, and touches the rows they will need: their
// negatives, their own words' output rows, and the input rows entering their windows. The cache
// misses of several positions then overlap, instead of costing one wait per position, and the
// results stay exactly those of drawing as one goes.
@inline function drawAhead(sen: usize, len: i32, p: i32, n: i32): void {
  const st = stride;
  const s0 = syn0;
  const s1 = syn1;
  const k = negative;
  let touched = touchSink;
  for (let j = 0; j < n; j++) {
    const at = drawn + (<usize>(j * DRAWN_STRIDE) << 2);
    // Dynamic window: the effective size is uniform in 1..window, as in word2vec.c.
    store<i32>(at, window - <i32>(nextRandom() % <u32>window));
    if (len < 2) continue; // a one-word sentence has no context, and draws no negatives
    drawNegatives(at + 4);
    for (let d = 1; d <= k; d++) touched = touch(s1 + <usize>load<u32>(at + (<usize>d << 2)) * st, st, touched);
    touched = touch(s1 + <usize>load<u32>(sen + (<usize>(p + j) << 2)) * st, st, touched);
  }
  const from = p == 0 ? 0 : p + window;
  const to = p + n - 1 + window < len ? p + n - 1 + window : len - 1;
  for (let q = from; q <= to; q++) touched = touch(s0 + <usize>load<u32>(sen + (<usize>q << 2)) * st, st, touched);
  touchSink = touched;
}

@inline function trainSentence(len: i32, alpha: f32): void {
  if (referencePath) {
    for (let p = 0; p < len; p++) {
      const w = window - <i32>(nextRandom() % <u32>window);
      if (model == MODEL_SG) sgAt(sentence, len, p, w, alpha, true, 0);
      else cbowAtReference(sentence, len, p, w, alpha);
    }
    return;
  }
  for (let p = 0; p < len; p += LOOKAHEAD) {
    const n = len - p < LOOKAHEAD ? len - p : LOOKAHEAD;
    drawAhead(sentence, len, p, n);
    for (let j = 0; j < n; j++) {
      const at = drawn + (<usize>(j * DRAWN_STRIDE) << 2);
      if (model == MODEL_SG) sgAt(sentence, len, p + j, load<i32>(at), alpha, false, at + 4);
      else cbowPosition(sentence, len, p + j, load<i32>(at), alpha, at + 4);
    }
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

// One CBOW step at position p of sen with a fixed window, through the training path; the
// gradient check calls this.
export function cbowStep(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  cbowPosition(sen, len, p, w, alpha, 0);
}

// The first engine's CBOW step (its own negatives), for the bit-for-bit comparison.
export function cbowStepReference(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  cbowAtReference(sen, len, p, w, alpha);
}

// One skip-gram pair: the input vector of `input` predicts `output`.
export function sgPair(input: u32, output: u32, alpha: f32): void {
  store<u32>(blockInputs, input);
  sgBlock(1, output, alpha, 0);
}

// One skip-gram step at position p with a fixed window; the gradient check calls this.
export function sgStep(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  sgAt(sen, len, p, w, alpha, false, 0);
}

// The first engine's skip-gram step, for the bit-for-bit comparison.
export function sgStepReference(sen: usize, len: i32, p: i32, w: i32, alpha: f32): void {
  sgAt(sen, len, p, w, alpha, true, 0);
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
