// A single kernel instance on a tiny vocabulary, for tests that drive its steps one by one. The noise
// distribution is skewed, so that repeated negatives and negatives equal to the target word are common.
import { aliasTable } from '../../../src/core/sampling';
import { configureKernel, fillSigmoidTables, instantiate, kernelModule, type KernelBuild, type KernelExports } from '../../../src/engine/kernel';
import { planLayout, pagesFor } from '../../../src/engine/layout';
import type { ModelKind } from '../../../src/engine/options';

export const V = 9;
const COUNTS = [4000, 900, 500, 300, 120, 60, 30, 10, 5];

export interface Rig { k: KernelExports; memory: WebAssembly.Memory; syn0: Uint8Array; syn1: Uint8Array; sentence: Int32Array; sentencePtr: number; keep: number }
export const keepPtr = (r: Rig) => r.keep;

export async function rig(build: KernelBuild, model: ModelKind, dim: number, negative: number, seed: bigint): Promise<Rig> {
  const module = await kernelModule(build);
  const probe = instantiate(module, new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }));
  const layout = planLayout({
    heapBase: probe.heapBase(), vocabSize: V, dim, sigTableSize: probe.SIG_TABLE_SIZE.value as number,
    scratchBytes: (r) => probe.scratchBytes(r), workers: 1, chunkCapacity: 8192,
  });
  const memory = new WebAssembly.Memory({ initial: pagesFor(layout.bytes), maximum: pagesFor(layout.bytes), shared: true });
  const k = instantiate(module, memory);
  fillSigmoidTables(k, memory, layout.sigTable, layout.logSigTable);
  new Float32Array(memory.buffer, layout.keepProb, V).fill(1);
  const alias = aliasTable(COUNTS, 0.75);
  new Float32Array(memory.buffer, layout.aliasProb, V).set(alias.prob);
  new Int32Array(memory.buffer, layout.aliasIndex, V).set(alias.alias);
  configureKernel(k, { model, layout, vocabSize: V, window: 5, negative, scratch: layout.workers[0].scratch, seed });
  k.initVectors(V, dim, 99n);
  // Non-zero output rows, so that the first steps already move everything.
  const out = new Float32Array(memory.buffer, layout.syn1, V * layout.rowFloats);
  for (let w = 0; w < V; w++) for (let i = 0; i < dim; i++) out[w * layout.rowFloats + i] = Math.sin(w * 7 + i) * 0.3;
  const bytes = V * layout.rowFloats * 4;
  return {
    k, memory,
    syn0: new Uint8Array(memory.buffer, layout.syn0, bytes),
    syn1: new Uint8Array(memory.buffer, layout.syn1, bytes),
    sentence: new Int32Array(memory.buffer, layout.workers[0].chunk, 64),
    sentencePtr: layout.workers[0].chunk,
    keep: layout.keepProb,
  };
}

// A deterministic stream of test steps: sentence length 1..8 (so one and two words occur), a position,
// a window 1..5, and word ids drawn with the same skew as the noise.
export function* steps(count: number): Generator<{ words: number[]; p: number; w: number }> {
  let s = 2024;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < count; n++) {
    const len = 1 + Math.floor(next() * 8);
    const words = Array.from({ length: len }, () => Math.min(V - 1, Math.floor(next() ** 2 * V)));
    yield { words, p: Math.floor(next() * len), w: 1 + Math.floor(next() * 5) };
  }
}

export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

