import { test } from 'node:test';
import assert from 'node:assert/strict';
import { svd, matmul } from '../../../src/core/linalg';
import { alignSpaces, compareWord, overlapAtK, procrustes, ranksIn, rotate } from '../../../src/core/compare/align';
import { pca2, umap2 } from '../../../src/core/projection';
import { Embeddings } from '../../../src/core/vectors';
import { gaussian, seededRandom } from '../../factories/random';

/** A random d × d orthogonal matrix: Gram-Schmidt on a Gaussian matrix. */
function randomRotation(d: number, r: () => number): Float64Array {
  const q = new Float64Array(d * d);
  const cols: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const c = Float64Array.from({ length: d }, () => gaussian(r));
    for (let pass = 0; pass < 2; pass++) {
      for (const o of cols) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += c[i] * o[i];
        for (let i = 0; i < d; i++) c[i] -= dot * o[i];
      }
    }
    const n = Math.hypot(...c);
    for (let i = 0; i < d; i++) c[i] /= n;
    cols.push(c);
  }
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) q[i * d + j] = cols[j][i];
  return q;
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

test('svd reconstructs a matrix with orthonormal factors and descending singular values', () => {
  const r = seededRandom(7);
  const rows = 30, cols = 12;
  const m = Float64Array.from({ length: rows * cols }, () => gaussian(r));
  const { u, s, v } = svd(m, rows, cols);
  const us = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) us[i * cols + k] = u[i * cols + k] * s[k];
  const vt = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) vt[i * cols + j] = v[j * cols + i];
  assert.ok(maxAbsDiff(matmul(us, vt, rows, cols, cols), m) < 1e-10);
  for (let k = 1; k < cols; k++) assert.ok(s[k] <= s[k - 1]);
  const utu = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++) for (let b = 0; b < cols; b++) {
    let dot = 0;
    for (let i = 0; i < rows; i++) dot += u[i * cols + a] * u[i * cols + b];
    utu[a * cols + b] = dot;
  }
  const eye = Float64Array.from({ length: cols * cols }, (_, i) => (i % (cols + 1) === 0 ? 1 : 0));
  assert.ok(maxAbsDiff(utu, eye) < 1e-12);
});

test('svd completes an orthonormal basis for a rank-deficient matrix', () => {
  // rank 1: every column the same
  const m = Float64Array.from({ length: 16 }, (_, i) => 1 + Math.floor(i / 4));
  const { u, s } = svd(m, 4, 4);
  assert.ok(s[1] < 1e-12 && s[0] > 1);
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
    let dot = 0;
    for (let i = 0; i < 4; i++) dot += u[i * 4 + a] * u[i * 4 + b];
    assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-12, `u columns ${a},${b}: ${dot}`);
  }
});

test('procrustes recovers a known random rotation to 1e-6 (d = 100)', () => {
  const r = seededRandom(42);
  const n = 500, d = 100;
  const q = randomRotation(d, r);
  const a = Float64Array.from({ length: n * d }, () => gaussian(r));
  const b = matmul(a, q, n, d, d); // b = a·Q, so b·Qᵀ = a
  const rot = procrustes(a, b, n, d);
  const qt = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) qt[i * d + j] = q[j * d + i];
  const err = maxAbsDiff(rot, qt);
  assert.ok(err < 1e-6, `max |R − Qᵀ| = ${err}`);
  // and it maps b back onto a
  assert.ok(maxAbsDiff(matmul(b, rot, n, d, d), a) < 1e-6);
});

test('procrustes with noise still finds the rotation (d = 20), and the result is orthogonal', () => {
  const r = seededRandom(3);
  const n = 400, d = 20;
  const q = randomRotation(d, r);
  const a = Float64Array.from({ length: n * d }, () => gaussian(r));
  const b = matmul(a, q, n, d, d).map((x) => x + 0.01 * gaussian(r));
  const rot = procrustes(a, b, n, d);
  const rtr = matmul(Float64Array.from({ length: d * d }, (_, i) => rot[(i % d) * d + Math.floor(i / d)]), rot, d, d, d);
  const eye = Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 1 : 0));
  assert.ok(maxAbsDiff(rtr, eye) < 1e-10, 'RᵀR = I');
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) assert.ok(Math.abs(rot[i * d + j] - q[j * d + i]) < 0.01);
});

test('overlap@k and ranks', () => {
  assert.equal(overlapAtK(['a', 'b', 'c', 'd'], ['d', 'x', 'a', 'y'], 4), 0.5);
  assert.equal(overlapAtK(['a', 'b'], ['a', 'b'], 2), 1);
  assert.equal(overlapAtK(['a', 'b', 'c'], ['c', 'b', 'a'], 2), 0.5, 'only the top k of each list count');
  assert.equal(overlapAtK([], ['a'], 10), 0);
  assert.equal(overlapAtK(['a', 'b'], ['a', 'b'], 10), 0.2, 'divided by k even when the lists are shorter');
  assert.deepEqual(ranksIn(['a', 'b', 'z'], ['b', 'a', 'c']), [2, 1, undefined]);
});

function toyModels(): { a: Embeddings; b: Embeddings; q: Float64Array } {
  const r = seededRandom(11);
  const d = 8, n = 60;
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const base = Float32Array.from({ length: n * d }, () => gaussian(r));
  const q = randomRotation(d, r);
  const rotated = Float32Array.from(matmul(base, q, n, d, d));
  // b: a rotated copy of a, except w0 which is moved somewhere else entirely
  for (let j = 0; j < d; j++) rotated[j] = gaussian(r);
  return { a: new Embeddings(words, d, base), b: new Embeddings(words, d, rotated), q };
}

test('alignSpaces + compareWord: a rotated copy has overlap 1 and cosine ≈ 1; a moved word does not', async () => {
  const { a, b } = toyModels();
  const al = await alignSpaces(a, b, { pause: async () => undefined });
  assert.equal(al.words, 60);
  const same = compareWord(a, b, al, 'w5', 10);
  assert.ok(same.cosine! > 0.99, `cosine ${same.cosine}`);
  assert.equal(same.a.length, 10);
  const moved = compareWord(a, b, al, 'w0', 10);
  assert.ok(moved.cosine! < 0.9, `moved word cosine ${moved.cosine}`);
  assert.ok(moved.overlap < 1);
  assert.deepEqual(moved.ranksAInB.length, 10);
  assert.throws(() => compareWord(a, b, al, 'nope'), /not in the vocabulary/);
  // rotate() is consistent with the alignment
  const v = rotate(b.unitRow(5), al.rotation, a.dim);
  assert.ok(v.length === 8);
});

test('pca2: points on a line and on a tilted plane project onto their principal axes', () => {
  // 5 points along (1,1,0)/√2 with a small spread along (0,0,1): PC1 is the line, PC2 the spread.
  const pts: number[] = [];
  const ts = [-2, -1, 0, 1, 2];
  const zs = [0.1, -0.2, 0.2, -0.2, 0.1]; // zero mean, uncorrelated with ts
  ts.forEach((t, i) => pts.push(t / Math.SQRT2 + 3, t / Math.SQRT2 - 1, zs[i] + 5));
  const { coords, explained } = pca2(pts, 5, 3);
  ts.forEach((t, i) => assert.ok(Math.abs(Math.abs(coords[i * 2]) - Math.abs(t)) < 1e-12, `pc1 of point ${i}`));
  ts.forEach((_, i) => assert.ok(Math.abs(Math.abs(coords[i * 2 + 1]) - Math.abs(zs[i])) < 1e-12, `pc2 of point ${i}`));
  assert.ok(Math.abs(explained![0] - 10 / 10.14) < 1e-12 && Math.abs(explained![0] + explained![1] - 1) < 1e-12);
  // sign convention: the coordinate with the largest magnitude is positive
  assert.ok(Math.abs(Math.max(...ts.map((_, i) => coords[i * 2])) - 2) < 1e-12);
});

test('pca2 agrees whether there are more points than dimensions or fewer', () => {
  const r = seededRandom(5);
  const n = 6, d = 10;
  const pts = Float64Array.from({ length: n * d }, () => gaussian(r));
  const few = pca2(pts, n, d); // n < d path
  // pad with zero dimensions? instead compare with the Gram route through the n ≥ d path on a 6 × 5 subset
  assert.equal(few.coords.length, 12);
  let ss = 0;
  for (const x of few.coords) ss += x * x;
  assert.ok(ss > 0);
  const sub = Float64Array.from({ length: 6 * 5 }, (_, i) => pts[Math.floor(i / 5) * d + (i % 5)]);
  const subsetProj = pca2(sub, 6, 5); // n ≥ d path
  const padded = Float64Array.from({ length: 6 * 8 }, (_, i) => (i % 8 < 5 ? sub[Math.floor(i / 8) * 5 + (i % 8)] : 0));
  const paddedProj = pca2(padded, 6, 8); // n < d path on the same data with 3 zero dimensions
  assert.ok(maxAbsDiff(subsetProj.coords, paddedProj.coords) < 1e-10);
});

test('umap2 is deterministic for a seed and separates two clusters', async () => {
  const r = seededRandom(9);
  const d = 5, n = 40;
  const pts = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) pts[i * d + j] = (i < 20 ? (j === 0 ? 5 : 0) : (j === 1 ? 5 : 0)) + 0.3 * gaussian(r);
  const one = await umap2(pts, n, d, { seed: 3, nEpochs: 100 });
  const two = await umap2(pts, n, d, { seed: 3, nEpochs: 100 });
  assert.deepEqual(Array.from(one.coords), Array.from(two.coords));
  const centroid = (from: number, to: number) => {
    let x = 0, y = 0;
    for (let i = from; i < to; i++) { x += one.coords[i * 2]; y += one.coords[i * 2 + 1]; }
    return [x / (to - from), y / (to - from)];
  };
  const [c1, c2] = [centroid(0, 20), centroid(20, 40)];
  let spread = 0;
  for (let i = 0; i < 20; i++) spread += Math.hypot(one.coords[i * 2] - c1[0], one.coords[i * 2 + 1] - c1[1]);
  assert.ok(Math.hypot(c1[0] - c2[0], c1[1] - c2[1]) > 2 * (spread / 20), 'clusters apart');
});

test('pca2 with fewer points than dimensions (Gram matrix) matches the SVD of the transposed data', async () => {
  const { svd } = await import('../../../src/core/linalg');
  const n = 40, d = 300;
  let seed = 99;
  const r = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32 - 0.5; };
  const pts = Float64Array.from({ length: n * d }, r);
  const got = pca2(pts, n, d);
  // the reference: centre, then Xᵀ = U S Vᵀ and the scores are V S
  const x = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += pts[i * d + j]!;
    for (let i = 0; i < n; i++) x[i * d + j] = pts[i * d + j]! - m / n;
  }
  const xt = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xt[j * n + i] = x[i * d + j]!;
  const { v, s } = svd(xt, d, n);
  let total = 0;
  for (const t of x) total += t * t;
  assert.ok(Math.abs(got.explained![0] - (s[0]! * s[0]!) / total) < 1e-12);
  assert.ok(Math.abs(got.explained![1] - (s[1]! * s[1]!) / total) < 1e-12);
  for (let c = 0; c < 2; c++) {
    const want = Array.from({ length: n }, (_, i) => v[i * n + c]! * s[c]!);
    const sign = Math.sign(want.reduce((a, w) => (Math.abs(w) > Math.abs(a) ? w : a), 0)); // fixSigns' convention
    for (let i = 0; i < n; i++) assert.ok(Math.abs(got.coords[i * 2 + c]! - sign * want[i]!) < 1e-9, `axis ${c}, point ${i}`);
  }
});
