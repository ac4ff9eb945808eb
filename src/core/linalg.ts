// Small dense linear algebra in float64 for the compare view and the map (d ≤ a few hundred): a one-sided
// Jacobi (Hestenes) SVD, exact to rounding, no native dependencies. Pure: no `vscode` import.

export interface Svd {
  rows: number;
  cols: number;
  /** rows × cols, row-major: left singular vectors as columns (orthonormal; completed for zero singular values) */
  u: Float64Array;
  /** cols singular values, descending */
  s: Float64Array;
  /** cols × cols, row-major: right singular vectors as columns */
  v: Float64Array;
}

/**
 * Thin SVD of a rows × cols row-major matrix with rows ≥ cols: m = u · diag(s) · vᵀ.
 * One-sided Jacobi: rotate pairs of columns until all are mutually orthogonal; the column norms are then the
 * singular values. Converges quadratically; 10-15 sweeps for d = 300.
 */
export function svd(m: ArrayLike<number>, rows: number, cols: number, { maxSweeps = 80, tolerance = 1e-15 } = {}): Svd {
  if (rows < cols) throw new Error(`svd: needs rows ≥ cols (got ${rows} × ${cols}); pass the transpose`);
  if (m.length !== rows * cols) throw new Error(`svd: ${rows} × ${cols} needs ${rows * cols} values, got ${m.length}`);
  // Work on columns stored contiguously: w[j] = column j of m.
  const w: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = m[i * cols + j];
    w.push(c);
  }
  const v: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const c = new Float64Array(cols);
    c[j] = 1;
    v.push(c);
  }
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      const wp = w[p];
      for (let q = p + 1; q < cols; q++) {
        const wq = w[q];
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < rows; i++) {
          const a = wp[i], b = wq[i];
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const a = wp[i], b = wq[i];
          wp[i] = c * a - s * b;
          wq[i] = s * a + c * b;
        }
        const vp = v[p], vq = v[q];
        for (let i = 0; i < cols; i++) {
          const a = vp[i], b = vq[i];
          vp[i] = c * a - s * b;
          vq[i] = s * a + c * b;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = w.map((c) => Math.sqrt(c.reduce((acc, x) => acc + x * x, 0)));
  const order = [...norms.keys()].sort((a, b) => norms[b] - norms[a] || a - b);
  const maxNorm = norms[order[0]] ?? 0;
  const u = new Float64Array(rows * cols);
  const s = new Float64Array(cols);
  const vOut = new Float64Array(cols * cols);
  const uCols: Float64Array[] = [];
  order.forEach((j, k) => {
    s[k] = norms[j];
    for (let i = 0; i < cols; i++) vOut[i * cols + k] = v[j][i];
    const col = new Float64Array(rows);
    if (norms[j] > maxNorm * 1e-13 && norms[j] > 0) for (let i = 0; i < rows; i++) col[i] = w[j][i] / norms[j];
    else s[k] = norms[j]; // (near) zero singular value: its u column is completed below
    uCols.push(col);
  });
  completeOrthonormal(uCols, order.map((j) => norms[j] > maxNorm * 1e-13 && norms[j] > 0), rows);
  uCols.forEach((col, k) => { for (let i = 0; i < rows; i++) u[i * cols + k] = col[i]; });
  return { rows, cols, u, s, v: vOut };
}

/** Fills the columns not marked `ok` with unit vectors orthogonal to all others (Gram-Schmidt on e_1, e_2, …). */
function completeOrthonormal(cols: Float64Array[], ok: boolean[], rows: number): void {
  let basis = 0;
  for (let k = 0; k < cols.length; k++) {
    if (ok[k]) continue;
    for (;;) {
      if (basis >= rows) throw new Error('svd: could not complete an orthonormal basis');
      const c = new Float64Array(rows);
      c[basis++] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < cols.length; j++) {
          if (j === k || !(ok[j] || j < k)) continue;
          const o = cols[j];
          let dot = 0;
          for (let i = 0; i < rows; i++) dot += c[i] * o[i];
          for (let i = 0; i < rows; i++) c[i] -= dot * o[i];
        }
      }
      const n = Math.sqrt(c.reduce((a, x) => a + x * x, 0));
      if (n > 1e-6) {
        for (let i = 0; i < rows; i++) c[i] /= n;
        cols[k] = c;
        break;
      }
    }
  }
}

/** c = aᵀ · b for row-major a (n × p) and b (n × q): p × q. */
export function crossProduct(a: ArrayLike<number>, b: ArrayLike<number>, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    const ao = r * p, bo = r * q;
    for (let i = 0; i < p; i++) {
      const x = a[ao + i];
      if (x === 0) continue;
      const oo = i * q;
      for (let j = 0; j < q; j++) out[oo + j] += x * b[bo + j];
    }
  }
  return out;
}

/** a (n × p) · b (p × q), row-major. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, p: number, q: number): Float64Array {
  const out = new Float64Array(n * q);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < p; i++) {
      const x = a[r * p + i];
      if (x === 0) continue;
      for (let j = 0; j < q; j++) out[r * q + j] += x * b[i * q + j];
    }
  }
  return out;
}
