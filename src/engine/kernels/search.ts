// Nearest-neighbour search over a unit-normalised float32 matrix (dist/search.wasm).
//
// One instance per model, with its own (non-shared) memory: the JS side (src/engine/search.ts) lays out
// every region and passes byte offsets. Nothing here allocates.
//
// Two kinds of score:
//  - exact:  dotExact() reproduces src/core/query.ts dotRow() bit for bit: four float64 partial sums over
//            j ≡ 0,1,2,3 (mod 4), each adding fl64(f64(u_j) · q_j) in order, the tail added to s0, then
//            ((s0 + s1) + s2) + s3, rounded to float32 by the caller's store. WebAssembly, like JS, never fuses
//            a multiply-add and rounds to nearest-even, so the results are identical to the JS loop.
//  - approx: an int8 copy of the matrix (one scale per row) dotted with an int16 copy of the query, with a
//            rigorous per-row error bound; see scanSeeds() and the proof in src/engine/search.ts.

// ---- exact float scores -------------------------------------------------------------------------------

@inline function dotExact(row: usize, q: usize, d: i32): f64 {
  let a01 = f64x2.splat(0);
  let a23 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const p = row + (<usize>j << 2);
    const qp = q + (<usize>j << 3);
    a01 = f64x2.add(a01, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(p)), v128.load(qp)));
    a23 = f64x2.add(a23, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(p, 8)), v128.load(qp, 16)));
  }
  let s0 = f64x2.extract_lane(a01, 0);
  const s1 = f64x2.extract_lane(a01, 1);
  const s2 = f64x2.extract_lane(a23, 0);
  const s3 = f64x2.extract_lane(a23, 1);
  for (; j < d; j++) s0 += <f64>load<f32>(row + (<usize>j << 2)) * load<f64>(q + (<usize>j << 3));
  return s0 + s1 + s2 + s3;
}

@inline function finish(a01: v128, a23: v128, row: usize, q: usize, j0: i32, d: i32): f32 {
  let s0 = f64x2.extract_lane(a01, 0);
  for (let j = j0; j < d; j++) s0 += <f64>load<f32>(row + (<usize>j << 2)) * load<f64>(q + (<usize>j << 3));
  return <f32>(s0 + f64x2.extract_lane(a01, 1) + f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1));
}

/**
 * dotExact for four queries at once: the same per-query operations, but eight independent accumulator chains
 * instead of two, so the float64 add latency no longer limits the loop (and each row value is promoted once).
 */
@inline function dotExact4(row: usize, q: usize, qBytes: usize, d: i32, outs: usize, ro: usize): void {
  const q1 = q + qBytes;
  const q2 = q1 + qBytes;
  const q3 = q2 + qBytes;
  let a0 = f64x2.splat(0), b0 = f64x2.splat(0);
  let a1 = f64x2.splat(0), b1 = f64x2.splat(0);
  let a2 = f64x2.splat(0), b2 = f64x2.splat(0);
  let a3 = f64x2.splat(0), b3 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const p = row + (<usize>j << 2);
    const o = <usize>j << 3;
    const r01 = f64x2.promote_low_f32x4(v128.load64_zero(p));
    const r23 = f64x2.promote_low_f32x4(v128.load64_zero(p, 8));
    a0 = f64x2.add(a0, f64x2.mul(r01, v128.load(q + o)));
    b0 = f64x2.add(b0, f64x2.mul(r23, v128.load(q + o, 16)));
    a1 = f64x2.add(a1, f64x2.mul(r01, v128.load(q1 + o)));
    b1 = f64x2.add(b1, f64x2.mul(r23, v128.load(q1 + o, 16)));
    a2 = f64x2.add(a2, f64x2.mul(r01, v128.load(q2 + o)));
    b2 = f64x2.add(b2, f64x2.mul(r23, v128.load(q2 + o, 16)));
    a3 = f64x2.add(a3, f64x2.mul(r01, v128.load(q3 + o)));
    b3 = f64x2.add(b3, f64x2.mul(r23, v128.load(q3 + o, 16)));
  }
  store<f32>(<usize>load<i32>(outs) + ro, finish(a0, b0, row, q, j, d));
  store<f32>(<usize>load<i32>(outs, 4) + ro, finish(a1, b1, row, q1, j, d));
  store<f32>(<usize>load<i32>(outs, 8) + ro, finish(a2, b2, row, q2, j, d));
  store<f32>(<usize>load<i32>(outs, 12) + ro, finish(a3, b3, row, q3, j, d));
}

/**
 * For r < n and b < batch: store f32(dotExact(unit row r, query b)) at outs[b] + 4r, where outs holds `batch`
 * i32 byte offsets (one output row per query) and the queries are float64, d apart from qs.
 * Rows outer, queries inner (four at a time): each row is read once per batch and stays in L1 for the others.
 */
export function dots(unit: usize, d: i32, n: i32, qs: usize, batch: i32, outs: usize): void {
  const rowBytes = <usize>d << 2;
  const qBytes = <usize>d << 3;
  let row = unit;
  for (let r = 0; r < n; r++) {
    const ro = <usize>r << 2;
    let b = 0;
    for (; b + 3 < batch; b += 4) dotExact4(row, qs + <usize>b * qBytes, qBytes, d, outs + (<usize>b << 2), ro);
    for (; b < batch; b++) {
      store<f32>(<usize>load<i32>(outs + (<usize>b << 2)) + ro, <f32>dotExact(row, qs + <usize>b * qBytes, d));
    }
    row += rowBytes;
  }
}

/** out[i] = f32(dotExact(unit row ids[i], q)) for i < m. */
export function rescore(unit: usize, d: i32, q: usize, ids: usize, m: i32, out: usize): void {
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < m; i++) {
    const r = <usize>load<i32>(ids + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), <f32>dotExact(unit + r * rowBytes, q, d));
  }
}

/** out[i] = f32(dotExact(len floats at column off of row ids[i], q)) for i < m: one seed's segment of an ensemble row. */
export function rescoreSegment(unit: usize, rowFloats: i32, off: i32, len: i32, q: usize, ids: usize, m: i32, out: usize): void {
  const rowBytes = <usize>rowFloats << 2;
  const offBytes = <usize>off << 2;
  for (let i = 0; i < m; i++) {
    const r = <usize>load<i32>(ids + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), <f32>dotExact(unit + r * rowBytes + offBytes, q, len));
  }
}

/**
 * Plain float32 dot products for scoring (the held-out score ranks a centre word among all output rows; it needs
 * speed, not the exact JS summation order): out_b[r] = Σ_j m[r·d + j]·q_b[j] with float32 queries, rows outer so
 * each row is read once per batch. d must be a multiple of 4 (the caller pads).
 */
export function scoreRows(m: usize, d: i32, n: i32, qs: usize, batch: i32, outs: usize): void {
  const rowBytes = <usize>d << 2;
  let row = m;
  for (let r = 0; r < n; r++) {
    for (let b = 0; b < batch; b++) {
      const q = qs + <usize>b * rowBytes;
      let acc = f32x4.splat(0);
      for (let j = 0; j < d; j += 4) {
        const o = <usize>j << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(row + o), v128.load(q + o)));
      }
      store<f32>(<usize>load<i32>(outs + (<usize>b << 2)) + (<usize>r << 2),
        f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    }
    row += rowBytes;
  }
}

// ---- int8 quantisation ----------------------------------------------------------------------------------

/**
 * Quantises each of `segs` equal segments of every row (the seeds of an ensemble, segDim = d / segs floats each;
 * segs = 1 for a plain model). For each segment u: s = max|u_j| / 127, q_j = u_j / s rounded half to even,
 * ∈ [-127, 127] (int8 at q8 + (r·segs + seg)·segStride, zero-padded to segStride, a multiple of 8), and in meta (4 × f64 at
 * meta + (r·segs + seg)·32): [s, E, A, 0] with E ≥ ‖u − s·q‖₂ and A ≥ ‖s·q‖₂ (computed in float64 and rounded
 * up by a relative 1e-9 plus 1e-15, far above the float64 rounding of these sums). A zero segment gets q = 0 and
 * s = E = A = 0.
 */
export function quantizeSegments(unit: usize, n: i32, d: i32, segs: i32, q8: usize, segStride: i32, meta: usize): void {
  const rowBytes = <usize>d << 2;
  const segDim = d / segs;
  for (let r = 0; r < n; r++) {
    for (let sg = 0; sg < segs; sg++) {
      const row = unit + <usize>r * rowBytes + (<usize>(sg * segDim) << 2);
      const at = <usize>r * <usize>segs + <usize>sg;
      quantizeRow(row, segDim, q8 + at * <usize>segStride, segStride, meta + (at << 5));
    }
  }
}

@inline function quantizeRow(row: usize, d: i32, dst: usize, stride: i32, m: usize): void {
  let maxAbs: f64 = 0;
  for (let j = 0; j < d; j++) {
    const a = Math.abs(<f64>load<f32>(row + (<usize>j << 2)));
    if (a > maxAbs) maxAbs = a;
  }
  memory.fill(dst, 0, <usize>stride);
  if (!(maxAbs > 0) || !isFinite(maxAbs)) {
    store<f64>(m, 0);
    store<f64>(m, 0, 8);
    store<f64>(m, 0, 16);
    store<f64>(m, 0, 24);
    return;
  }
  const s = maxAbs / 127.0;
  const inv = 127.0 / maxAbs;
  let e2: f64 = 0;
  let a2: f64 = 0;
  for (let j = 0; j < d; j++) {
    const u = <f64>load<f32>(row + (<usize>j << 2));
    // Round half to even (f64.nearest, one instruction): Math.round's half-up is a compare and select that V8
    // turns into a branch, mispredicted on half of the values of a row (11 against 3 ns a value here). Any
    // rounding is right: E and A below are computed from the k chosen.
    let k = nearest<f64>(u * inv);
    if (k > 127) k = 127;
    if (k < -127) k = -127;
    store<i8>(dst + <usize>j, <i8>(<i32>k));
    const rec = s * k;
    const e = u - rec;
    e2 += e * e;
    a2 += rec * rec;
  }
  store<f64>(m, s);
  store<f64>(m, Math.sqrt(e2) * (1 + 1e-9) + 1e-15, 8);
  store<f64>(m, Math.sqrt(a2) * (1 + 1e-9) + 1e-15, 16);
  store<f64>(m, 0, 24);
}

@inline function dotInt(row: usize, qq: usize, stride: i32): i32 {
  let acc0 = i32x4.splat(0);
  let acc1 = i32x4.splat(0);
  let j = 0;
  for (; j + 15 < stride; j += 16) {
    acc0 = i32x4.add(acc0, i32x4.dot_i16x8_s(v128.load8x8_s(row + <usize>j), v128.load(qq + (<usize>j << 1))));
    acc1 = i32x4.add(acc1, i32x4.dot_i16x8_s(v128.load8x8_s(row + <usize>j, 8), v128.load(qq + (<usize>j << 1), 16)));
  }
  if (j < stride) {
    acc0 = i32x4.add(acc0, i32x4.dot_i16x8_s(v128.load8x8_s(row + <usize>j), v128.load(qq + (<usize>j << 1))));
  }
  const acc = i32x4.add(acc0, acc1);
  return i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
}

/**
 * A min-heap of the kk largest lower bounds and the candidate list of one ranking, kept in memory (48 bytes):
 * [heap i32, cand i32, candHi i32, size i32, count i32, kk i32, T f64, pad]. scanSeeds keeps one per ranking.
 */
@inline function offerBound(list: usize, lo: f64, hi: f64, r: i32): void {
  const heap = <usize>load<i32>(list);
  let size = load<i32>(list, 12);
  const kk = load<i32>(list, 20);
  let T = load<f64>(list, 24);
  if (size < kk) {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = load<f64>(heap + (<usize>p << 3));
      if (pv <= lo) break;
      store<f64>(heap + (<usize>i << 3), pv);
      i = p;
    }
    store<f64>(heap + (<usize>i << 3), lo);
    if (size == kk) T = load<f64>(heap);
    store<i32>(list, size, 12);
  } else if (lo > T) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let ch = l;
      let cv = load<f64>(heap + (<usize>l << 3));
      if (l + 1 < size) {
        const rv = load<f64>(heap + (<usize>(l + 1) << 3));
        if (rv < cv) {
          ch = l + 1;
          cv = rv;
        }
      }
      if (cv >= lo) break;
      store<f64>(heap + (<usize>i << 3), cv);
      i = ch;
    }
    store<f64>(heap + (<usize>i << 3), lo);
    T = load<f64>(heap);
  }
  store<f64>(list, T, 24);
  if (hi >= T) {
    const c = load<i32>(list, 16);
    store<i32>(<usize>load<i32>(list, 4) + (<usize>c << 2), r);
    store<f64>(<usize>load<i32>(list, 8) + (<usize>c << 3), hi);
    store<i32>(list, c + 1, 16);
  }
}

/** Keeps the candidates whose hi ≥ the final T; returns how many (in id order). */
@inline function closeList(list: usize): i32 {
  const cand = <usize>load<i32>(list, 4);
  const candHi = <usize>load<i32>(list, 8);
  const c = load<i32>(list, 16);
  const T = load<f64>(list, 24);
  let kept = 0;
  for (let i = 0; i < c; i++) {
    if (load<f64>(candHi + (<usize>i << 3)) >= T) {
      store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>i << 2)));
      kept++;
    }
  }
  store<i32>(list, kept, 16);
  return kept;
}

/**
 * The candidate pass of an ensemble (rows of `segs` seed segments, quantised by quantizeSegments), in one sweep
 * over the int8 rows. qq holds the int16 query, segment s at qq + s·segStride·2, all with the one scale t.
 * For each row r and segment s: I_s = q8_{r,s} · qq_s (exact int32), a_s = (s_{r,s}·t)·I_s and
 * B_s = E_{r,s}·N_s + A_{r,s}·F_s, where norms holds N_s and errs F_s (f64 each). Then
 *  - list 0 (the ensemble ranking): lo/hi = Σ a_s ∓ (Σ B_s + slacks[0]);
 *  - with perSeed, list s+1 (seed s's own ranking): lo/hi = a_s ∓ (B_s + slacks[s+1]).
 * Each list (48 bytes at lists + 48·i, see offerBound) must come zeroed but for its pointers, kk and T = −∞.
 * The bound of a sum is the sum of the segments' bounds (Cauchy–Schwarz per segment), so the proof in
 * src/engine/search.ts carries over: every list ends with a superset of its true top kk.
 */
export function scanSeeds(
  q8: usize, segs: i32, segStride: i32, meta: usize, n: i32, qq: usize, t: f64,
  norms: usize, errs: usize, slacks: usize, perSeed: i32, lists: usize,
): void {
  const slack0 = load<f64>(slacks);
  const qBytes = <usize>segStride << 1;
  let row = q8;
  let m = meta;
  for (let r = 0; r < n; r++) {
    let approx: f64 = 0;
    let bound: f64 = slack0;
    for (let sg = 0; sg < segs; sg++) {
      const I = dotInt(row, qq + <usize>sg * qBytes, segStride);
      const a = (load<f64>(m) * t) * <f64>I;
      const B = load<f64>(m, 8) * load<f64>(norms + (<usize>sg << 3)) + load<f64>(m, 16) * load<f64>(errs + (<usize>sg << 3));
      approx += a;
      bound += B;
      if (perSeed) {
        const b = B + load<f64>(slacks + (<usize>(sg + 1) << 3));
        offerBound(lists + <usize>(sg + 1) * 48, a - b, a + b, r);
      }
      row += <usize>segStride;
      m += 32;
    }
    offerBound(lists, approx - bound, approx + bound, r);
  }
  closeList(lists);
  if (perSeed) for (let sg = 0; sg < segs; sg++) closeList(lists + <usize>(sg + 1) * 48);
}

// ---- analogy ranking over cosine rows (src/core/evaluate.ts) ----------------------------------------------

let topSize = 0;

/** The analogy score of row i, as evaluate.ts computes it in float64 and stores it in a Float32Array. */
@inline function combined(method: i32, ca: usize, cb: usize, cc: usize, i: i32, eps: f64): f32 {
  const o = <usize>i << 2;
  const a = <f64>load<f32>(ca + o);
  const b = <f64>load<f32>(cb + o);
  const c = <f64>load<f32>(cc + o);
  if (method == 0) return <f32>(b - a + c);
  return <f32>((((b + 1) / 2) * ((c + 1) / 2)) / ((a + 1) / 2 + eps));
}

/** Four analogy scores at once (same float64 operations as combined(), rounded to f32). */
@inline function combined4(method: i32, ca: usize, cb: usize, cc: usize, i: i32, eps: f64): v128 {
  const o = <usize>i << 2;
  const a0 = f64x2.promote_low_f32x4(v128.load64_zero(ca + o));
  const a1 = f64x2.promote_low_f32x4(v128.load64_zero(ca + o, 8));
  const b0 = f64x2.promote_low_f32x4(v128.load64_zero(cb + o));
  const b1 = f64x2.promote_low_f32x4(v128.load64_zero(cb + o, 8));
  const c0 = f64x2.promote_low_f32x4(v128.load64_zero(cc + o));
  const c1 = f64x2.promote_low_f32x4(v128.load64_zero(cc + o, 8));
  let s0: v128, s1: v128;
  if (method == 0) {
    s0 = f64x2.add(f64x2.sub(b0, a0), c0);
    s1 = f64x2.add(f64x2.sub(b1, a1), c1);
  } else {
    const one = f64x2.splat(1);
    const two = f64x2.splat(2);
    const e = f64x2.splat(eps);
    s0 = f64x2.div(f64x2.mul(f64x2.div(f64x2.add(b0, one), two), f64x2.div(f64x2.add(c0, one), two)), f64x2.add(f64x2.div(f64x2.add(a0, one), two), e));
    s1 = f64x2.div(f64x2.mul(f64x2.div(f64x2.add(b1, one), two), f64x2.div(f64x2.add(c1, one), two)), f64x2.add(f64x2.div(f64x2.add(a1, one), two), e));
  }
  const lo = f32x4.demote_f64x2_zero(s0);
  const hi = f32x4.demote_f64x2_zero(s1);
  return v128.shuffle<i32>(lo, hi, 0, 1, 4, 5);
}

/** "worse" in query.ts topK's order: lower score, or equal score and higher id. */
@inline function worse(sa: f32, ia: i32, sb: f32, ib: i32): bool {
  return sa < sb || (sa == sb && ia > ib);
}

/** Offers (s, i) to the k-best min-heap (root = worst) at ids/scores. */
@inline function offer(s: f32, i: i32, k: i32, ids: usize, scores: usize): void {
  if (topSize < k) {
    let c = topSize++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const ps = load<f32>(scores + (<usize>p << 2));
      const pi = load<i32>(ids + (<usize>p << 2));
      if (!worse(s, i, ps, pi)) break;
      store<f32>(scores + (<usize>c << 2), ps);
      store<i32>(ids + (<usize>c << 2), pi);
      c = p;
    }
    store<f32>(scores + (<usize>c << 2), s);
    store<i32>(ids + (<usize>c << 2), i);
  } else if (worse(load<f32>(scores), load<i32>(ids), s, i)) {
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= topSize) break;
      let m = l;
      let ms = load<f32>(scores + (<usize>l << 2));
      let mi = load<i32>(ids + (<usize>l << 2));
      if (l + 1 < topSize) {
        const rs = load<f32>(scores + (<usize>(l + 1) << 2));
        const ri = load<i32>(ids + (<usize>(l + 1) << 2));
        if (worse(rs, ri, ms, mi)) {
          m = l + 1;
          ms = rs;
          mi = ri;
        }
      }
      if (!worse(ms, mi, s, i)) break;
      store<f32>(scores + (<usize>c << 2), ms);
      store<i32>(ids + (<usize>c << 2), mi);
      c = m;
    }
    store<f32>(scores + (<usize>c << 2), s);
    store<i32>(ids + (<usize>c << 2), i);
  }
}

/**
 * The k best rows i < n (query.ts topK order; NaN never ranks; ex0..ex2 skipped) of the analogy scores
 * combined from the cosine rows ca, cb, cc (method 0: b − a + c, 1: 3CosMul with eps). Writes them, unordered,
 * to ids/scores (k each) and returns how many. A full heap lets four rows at a time be rejected with one
 * compare: a later row enters only with a strictly higher score (ties go to the lower id, seen first).
 */
export function combineTop(method: i32, ca: usize, cb: usize, cc: usize, n: i32, k: i32, eps: f64,
  ex0: i32, ex1: i32, ex2: i32, ids: usize, scores: usize): i32 {
  topSize = 0;
  if (k <= 0) return 0;
  let i = 0;
  for (; i < n && topSize < k; i++) {
    const s = combined(method, ca, cb, cc, i, eps);
    if (s != s || i == ex0 || i == ex1 || i == ex2) continue;
    offer(s, i, k, ids, scores);
  }
  // 3CosAdd pre-filter in float32: |fl32(fl32(b − a) + c) − score| ≤ 3·2^-24·(|a| + |b| + |c|) < 4e-6 for
  // cosines (|·| ≤ 1 + 1e-6), so a row whose float32 estimate + 4e-6 is not above the heap's minimum cannot
  // enter; the others are scored exactly below.
  const margin = f32x4.splat(4e-6);
  for (; method == 0 && i + 3 < n; i += 4) {
    const o = <usize>i << 2;
    const est = f32x4.add(f32x4.add(f32x4.sub(v128.load(cb + o), v128.load(ca + o)), v128.load(cc + o)), margin);
    if (!v128.any_true(f32x4.gt(est, f32x4.splat(load<f32>(scores))))) continue;
    for (let l = 0; l < 4; l++) {
      const j = i + l;
      const s = combined(method, ca, cb, cc, j, eps);
      if (!(s > load<f32>(scores)) || j == ex0 || j == ex1 || j == ex2) continue;
      offer(s, j, k, ids, scores);
    }
  }
  for (; i + 3 < n; i += 4) {
    const s4 = combined4(method, ca, cb, cc, i, eps);
    if (!v128.any_true(f32x4.gt(s4, f32x4.splat(load<f32>(scores))))) continue;
    for (let l = 0; l < 4; l++) {
      const j = i + l;
      const s = combined(method, ca, cb, cc, j, eps);
      if (!(s > load<f32>(scores)) || j == ex0 || j == ex1 || j == ex2) continue;
      offer(s, j, k, ids, scores);
    }
  }
  for (; i < n; i++) {
    const s = combined(method, ca, cb, cc, i, eps);
    if (s != s || i == ex0 || i == ex1 || i == ex2) continue;
    offer(s, i, k, ids, scores);
  }
  return topSize;
}

export function heapBase(): usize {
  return __heap_base;
}
