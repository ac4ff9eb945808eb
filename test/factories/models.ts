// Tiny in-memory models for unit tests: words w0, w1, … with Gaussian (or custom) vectors from a seed.
import { Embeddings } from '../../src/core/vectors';
import type { ModelFileContents, ModelMatrix } from '../../src/core/formats/model-file';
import { gaussian, seededRandom } from './random';

/** `n` words w0 … w(n-1). */
export const words = (n: number): string[] => Array.from({ length: n }, (_, i) => `w${i}`);

/** n words of dimension d; each value from `fill` (default: standard normal). */
export function randomEmbeddings(n: number, d: number, seed: number, fill?: (r: () => number, row: number, j: number) => number): Embeddings {
  const r = seededRandom(seed);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = fill ? fill(r, i, j) : gaussian(r);
  return new Embeddings(words(n), d, data);
}

/**
 * A model file's contents: n words (some non-ASCII), `seeds` seeds of uniform input and output vectors of
 * seedDim, each seed's input with one zero row (row 3 + s).
 */
export function modelContents(n: number, seedDim: number, seeds: number, seed = 1): ModelFileContents {
  const r = seededRandom(seed);
  const matrix = (zeroRow: number) => {
    const m = new Float32Array(n * seedDim);
    for (let i = 0; i < m.length; i++) m[i] = Math.fround(r() - 0.5);
    m.fill(0, zeroRow * seedDim, (zeroRow + 1) * seedDim); // a zero row stays zero everywhere
    return m;
  };
  const matrices: ModelMatrix[] = [];
  for (let s = 0; s < seeds; s++) {
    matrices.push({ role: 'input', seed: s + 1, data: matrix(3 + s) });
    matrices.push({ role: 'output', seed: s + 1, data: matrix(0) });
  }
  const words = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? `wörd${i}` : i % 11 === 0 ? `日本${i}` : `w${i}`));
  return {
    header: { kind: 'cbow-corrected', label: 'test', vocabSize: n, dim: seedDim, tokens: 1000, files: 1, trainedAt: '2026-01-01T00:00:00Z', source: 'test', hyperparameters: { seeds } },
    words, matrices,
  };
}
