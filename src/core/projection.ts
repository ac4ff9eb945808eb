// 2D projections of a few hundred vectors for the map: PCA (exact, via the Jacobi SVD) and UMAP (umap-js,
// pure JS, seeded so the same input gives the same map). Pure: no `vscode` import.
// umap-js is loaded on the first map, not with every process that bundles this file (the CLI, the host)
import { svd } from './linalg';
import { seededRandom } from './random';

export interface Projection {
  /** n × 2, row-major */
  coords: Float64Array;
  /** PCA: fraction of the variance on each axis; UMAP: undefined */
  explained?: [number, number];
}

/** PCA of n points (row-major n × d) to 2D: the centred data's top-2 principal components, signs fixed. */
export function pca2(points: ArrayLike<number>, n: number, d: number): Projection {
  if (points.length !== n * d) throw new Error(`pca2: ${n} × ${d} needs ${n * d} values, got ${points.length}`);
  const coords = new Float64Array(n * 2);
  if (n === 0) return { coords, explained: [0, 0] };
  const x = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * d + j];
    mean /= n;
    for (let i = 0; i < n; i++) x[i * d + j] = points[i * d + j] - mean;
  }
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i] * x[i];
  if (n >= d) {
    // X = U S Vᵀ: scores are U S (= X V).
    const { u, s } = svd(x, n, d);
    for (let c = 0; c < Math.min(2, d); c++) for (let i = 0; i < n; i++) coords[i * 2 + c] = u[i * d + c] * s[c];
    fixSigns(coords, n);
    return { coords, explained: [ratio(s[0], total), ratio(s[1], total)] };
  }
  // Fewer points than dimensions (a 10,000-dimension model): the n × n Gram matrix G = X Xᵀ = U S² Uᵀ holds the
  // same scores (U S) at a cost of n²·d once plus a Jacobi SVD of n × n, instead of Jacobi sweeps over d-long columns
  // (about 13× less work for 501 points in 10,000 dimensions). G is symmetric positive semi-definite, so its singular
  // values are the eigenvalues S² and its singular vectors the U of X.
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    for (let k = i; k < n; k++) {
      const xk = k * d;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += x[xi + j] * x[xk + j];
      g[i * n + k] = dot;
      g[k * n + i] = dot;
    }
  }
  const { u, s: eig } = svd(g, n, n);
  const s = eig.map((e) => Math.sqrt(Math.max(0, e)));
  for (let c = 0; c < Math.min(2, n); c++) for (let i = 0; i < n; i++) coords[i * 2 + c] = u[i * n + c] * s[c];
  fixSigns(coords, n);
  return { coords, explained: [ratio(s[0], total), ratio(s[1], total)] };
}

function ratio(sv: number | undefined, total: number): number {
  return total > 0 && sv !== undefined ? (sv * sv) / total : 0;
}

/** A component's sign is arbitrary: make the coordinate with the largest magnitude positive on each axis. */
function fixSigns(coords: Float64Array, n: number): void {
  for (let c = 0; c < 2; c++) {
    let best = 0;
    for (let i = 0; i < n; i++) if (Math.abs(coords[i * 2 + c]) > Math.abs(best)) best = coords[i * 2 + c];
    if (best < 0) for (let i = 0; i < n; i++) coords[i * 2 + c] = -coords[i * 2 + c];
  }
}

/**
 * UMAP to 2D with cosine distance. `pause` is awaited every few epochs so a host thread stays responsive.
 * Needs at least 3 points; fewer fall back to PCA.
 */
export async function umap2(
  points: ArrayLike<number>, n: number, d: number,
  opts: { nNeighbors?: number; minDist?: number; nEpochs?: number; seed?: number; pause?: () => Promise<void> } = {},
): Promise<Projection> {
  if (n < 4) return pca2(points, n, d);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: d }, (_, j) => points[i * d + j]));
  const { UMAP } = await import('umap-js');
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.max(2, Math.min(opts.nNeighbors ?? 15, n - 1)),
    minDist: opts.minDist ?? 0.1,
    nEpochs: opts.nEpochs ?? 300,
    random: seededRandom(opts.seed ?? 1),
    distanceFn: cosineDistance,
  });
  const epochs = umap.initializeFit(rows);
  if (opts.pause) await opts.pause();
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (opts.pause && e % 25 === 24) await opts.pause();
  }
  const emb = umap.getEmbedding();
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) { coords[i * 2] = emb[i][0]; coords[i * 2 + 1] = emb[i][1]; }
  return { coords };
}

function cosineDistance(x: number[], y: number[]): number {
  let dot = 0, xx = 0, yy = 0;
  for (let i = 0; i < x.length; i++) { dot += x[i] * y[i]; xx += x[i] * x[i]; yy += y[i] * y[i]; }
  return xx > 0 && yy > 0 ? 1 - dot / Math.sqrt(xx * yy) : 1;
}

/**
 * The map's projection of n row-major points: rows from `rotateFrom` on are first multiplied by `rotation`
 * (d × d, the Procrustes rotation of the second compared model onto the first: O(rows · d²), which is why this
 * runs on the analysis worker), then all n are projected together so both panels share axes.
 */
export async function projectPoints(
  points: Float64Array, n: number, d: number, method: 'pca' | 'umap',
  opts: { seed?: number; rotateFrom?: number; rotation?: Float64Array } = {},
): Promise<Projection> {
  if (opts.rotation && opts.rotateFrom !== undefined) {
    const r = opts.rotation;
    if (r.length !== d * d) throw new Error(`projectPoints: a rotation for d = ${d} needs ${d * d} values, got ${r.length}`);
    const row = new Float64Array(d);
    for (let i = opts.rotateFrom; i < n; i++) {
      row.fill(0);
      const o = i * d;
      for (let k = 0; k < d; k++) {
        const x = points[o + k]!;
        if (x === 0) continue;
        const ro = k * d;
        for (let j = 0; j < d; j++) row[j] += x * r[ro + j]!;
      }
      points.set(row, o);
    }
  }
  return method === 'pca' ? pca2(points, n, d) : umap2(points, n, d, { seed: opts.seed ?? 1 });
}
