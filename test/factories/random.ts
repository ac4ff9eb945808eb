// The one seeded randomness for tests: core's mulberry32 (src/core/random.ts, which UMAP and the benchmarks use
// too), a Gaussian from it, and a small convenience wrapper for fuzzing. Every run is reproducible from its seed.
import { seededRandom } from '../../src/core/random';

export { seededRandom };

/** A standard normal draw (Box–Muller) from a uniform generator; `1 - r()` keeps the log finite. */
export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** n × d standard normal values, row-major, from `seed`. */
export function gaussianMatrix(n: number, d: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return new Float32Array(n * d).map(() => gaussian(r));
}

/** seededRandom with the helpers fuzz and fault tests want. */
export class Rng {
  private readonly r: () => number;
  constructor(seed: number) { this.r = seededRandom(seed); }
  /** in [0, 1) */
  float(): number { return this.r(); }
  /** an integer in [0, n); 0 when n ≤ 0 */
  int(n: number): number { return n <= 0 ? 0 : Math.floor(this.r() * n); }
  pick<T>(list: readonly T[]): T { return list[this.int(list.length)]!; }
}
