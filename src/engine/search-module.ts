// dist/search.wasm (src/engine/kernels/search.ts) as the search code loads it: its exports, its one compiled
// module per thread (or the host's, handed to a worker), and the sizes its memories are laid out in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineDir } from './kernel';

/** The exports of dist/search.wasm. Pointers are byte offsets into the instance's memory. */
export interface SearchExports {
  dots(unit: number, d: number, n: number, qs: number, batch: number, outs: number): void;
  rescore(unit: number, d: number, q: number, ids: number, m: number, out: number): void;
  quantizeSegments(unit: number, n: number, d: number, segs: number, q8: number, segStride: number, meta: number): void;
  scanSeeds(q8: number, segs: number, segStride: number, meta: number, n: number, qq: number, t: number,
    norms: number, errs: number, slacks: number, perSeed: number, lists: number): void;
  rescoreSegment(unit: number, rowFloats: number, off: number, len: number, q: number, ids: number, m: number, out: number): void;
  scoreRows(m: number, d: number, n: number, qs: number, batch: number, outs: number): void;
  combineTop(method: number, ca: number, cb: number, cc: number, n: number, k: number, eps: number,
    ex0: number, ex1: number, ex2: number, ids: number, scores: number): number;
  heapBase(): number;
}

/** Queries per matrix sweep in dots(): each row is read once per batch. */
export const BATCH = 8;
export const PAGE = 65536;
export const MAX_PAGES = 65536; // 4 GiB, wasm32's limit

let compiled: WebAssembly.Module | undefined;

export function searchModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(join(engineDir(), 'search.wasm')));
  return compiled;
}

/** The compiled module, to hand to a worker (a posted WebAssembly.Module shares its compiled code). */
export function searchModuleForWorkers(): WebAssembly.Module | undefined {
  try {
    return searchModule();
  } catch {
    return undefined;
  }
}

/**
 * In a worker: use the module the host compiled. Its code is shared with the host, and so is its tier-up, so
 * the queries a worker runs on a prepared model leave the host's first query in optimised code, not baseline.
 */
export function useSearchModule(module: WebAssembly.Module): void {
  compiled = module;
}

/** x rounded up to a multiple of a: the regions of a search memory start on cache lines. */
export const align = (x: number, a = 64) => Math.ceil(x / a) * a;

/** An instance of dist/search.wasm on `memory`. */
export function searchInstance(memory: WebAssembly.Memory): SearchExports {
  return new WebAssembly.Instance(searchModule(), { env: { memory } }).exports as unknown as SearchExports;
}
