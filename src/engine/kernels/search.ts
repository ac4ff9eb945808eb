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
//            rigorous per-row error bound; see scan() and the proof in src/engine/search.ts.

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

/**
 * out[b·n + r] = f32(dotExact(unit row r, query b)) for r < n, b < batch. Queries are float64, d apart.
 * Rows outer, queries inner: each row is read from memory once per batch and stays in L1 for the others.
 */
export function dots(unit: usize, d: i32, n: i32, qs: usize, batch: i32, out: usize): void {
  const rowBytes = <usize>d << 2;
  const qBytes = <usize>d << 3;
  const outStride = <usize>n << 2;
  let row = unit;
  for (let r = 0; r < n; r++) {
    let q = qs;
    let o = out + (<usize>r << 2);
    for (let b = 0; b < batch; b++) {
      store<f32>(o, <f32>dotExact(row, q, d));
      q += qBytes;
      o += outStride;
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

// ---- int8 quantisation ----------------------------------------------------------------------------------

/**
 * For each row u (d floats at unit + r·d·4): s = max|u_j| / 127, q_j = round(u_j / s) ∈ [-127, 127]
 * (int8 at q8 + r·stride, zero-padded to stride, a multiple of 8), and in meta (4 × f64 per row):
 * [s, E, A, 0] with E ≥ ‖u − s·q‖₂ and A ≥ ‖s·q‖₂ (computed in float64 and rounded up by a relative 1e-9
 * plus 1e-15, far above the float64 rounding of these sums). A zero row gets q = 0 and s = E = A = 0.
 */
export function quantize(unit: usize, n: i32, d: i32, q8: usize, stride: i32, meta: usize): void {
  const rowBytes = <usize>d << 2;
  for (let r = 0; r < n; r++) {
    const row = unit + <usize>r * rowBytes;
    const dst = q8 + <usize>r * <usize>stride;
    const m = meta + (<usize>r << 5);
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
      continue;
    }
    const s = maxAbs / 127.0;
    const inv = 127.0 / maxAbs;
    let e2: f64 = 0;
    let a2: f64 = 0;
    for (let j = 0; j < d; j++) {
      const u = <f64>load<f32>(row + (<usize>j << 2));
      let k = Math.round(u * inv);
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
 * The candidate pass. For each row r < n: I = q8_r · qq (exact int32: the JS side bounds |qq| so it cannot
 * overflow), approx = (s_r · t) · I, B = E_r · qNorm + A_r · qErr + slack, lo = approx − B, hi = approx + B.
 * Keeps the kk largest lo in a min-heap (heap: kk f64); its minimum is T (−∞ until kk rows were seen).
 * Every row whose hi ≥ T (the T of the moment, which only rises) is appended to cand/candHi; at the end the
 * list is filtered with the final T. Returns the number of candidates: all rows with hi ≥ final T, in id order.
 */
export function scan(
  q8: usize, stride: i32, meta: usize, n: i32, qq: usize, t: f64, qNorm: f64, qErr: f64, slack: f64,
  kk: i32, heap: usize, cand: usize, candHi: usize,
): i32 {
  let size = 0;
  let T: f64 = -Infinity;
  let c = 0;
  let row = q8;
  let m = meta;
  for (let r = 0; r < n; r++) {
    const I = dotInt(row, qq, stride);
    const approx = (load<f64>(m) * t) * <f64>I;
    const B = load<f64>(m, 8) * qNorm + load<f64>(m, 16) * qErr + slack;
    const lo = approx - B;
    const hi = approx + B;
    if (size < kk) {
      // push lo
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
    } else if (lo > T) {
      // replace the minimum, sift down
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
    if (hi >= T) {
      store<i32>(cand + (<usize>c << 2), r);
      store<f64>(candHi + (<usize>c << 3), hi);
      c++;
    }
    row += <usize>stride;
    m += 32;
  }
  let kept = 0;
  for (let i = 0; i < c; i++) {
    if (load<f64>(candHi + (<usize>i << 3)) >= T) {
      store<i32>(cand + (<usize>kept << 2), load<i32>(cand + (<usize>i << 2)));
      kept++;
    }
  }
  return kept;
}

export function heapBase(): usize {
  return __heap_base;
}
