// Tiny in-memory models for unit tests: words w0, w1, … with Gaussian (or custom) vectors from a seed.
import { Embeddings } from '../../src/core/vectors';
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
