import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtDir } from './built-files';

/** The exports of dist/kernels.wasm (src/engine/kernels/w2v.ts). Pointers are byte offsets. */
export interface KernelExports {
  SIG_RANGE: WebAssembly.Global;
  SIG_STEPS_PER_UNIT: WebAssembly.Global;
  SIG_TABLE_SIZE: WebAssembly.Global;
  configure(model: number, syn0: number, syn1: number, rowFloats: number, words: number,
    keep: number, aliasProb: number, aliasIndex: number, sig: number, logSig: number,
    window: number, negative: number, scratch: number, seed: bigint): void;
  scratchBytes(rowFloats: number): number;
  resetStats(): void;
  getLossSum(): number;
  getLossCount(): number;
  getContextSum(): number;
  getPositions(): number;
  trainChunk(ids: number, count: number, alphaStart: number, alphaEnd: number): number;
  cbowStep(sentence: number, len: number, p: number, w: number, alpha: number): void;
  sgPair(input: number, output: number, alpha: number): void;
  sgStep(sentence: number, len: number, p: number, w: number, alpha: number): void;
  initVectors(words: number, dim: number, seed: bigint): void;
  heapBase(): number;
}

/** The folder holding the built engine (kernels.wasm, engine-worker.js), wherever this bundle sits under dist/. */
export function engineDir(): string {
  const dir = builtDir('kernels.wasm', 'engine-worker.js');
  if (dir !== undefined) return dir;
  throw new Error(`the training engine is not built (no kernels.wasm near ${__dirname}); run "npm run build"`);
}

let compiled: Promise<WebAssembly.Module> | undefined;

export function kernelModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(readFileSync(join(engineDir(), 'kernels.wasm')));
  return compiled;
}

export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: () => { throw new Error('kernel abort'); },
    },
  });
  return instance.exports as unknown as KernelExports;
}

/** σ(x) and −log σ(x) sampled for the kernel's interpolated lookups. */
export function fillSigmoidTables(k: KernelExports, memory: WebAssembly.Memory, sigPtr: number, logSigPtr: number): void {
  const size = k.SIG_TABLE_SIZE.value as number;
  const range = k.SIG_RANGE.value as number;
  const steps = k.SIG_STEPS_PER_UNIT.value as number;
  const sig = new Float32Array(memory.buffer, sigPtr, size);
  const logSig = new Float32Array(memory.buffer, logSigPtr, size);
  for (let i = 0; i < size; i++) {
    const x = i / steps - range;
    sig[i] = 1 / (1 + Math.exp(-x));
    // −log σ(x) = log(1 + e^(−x)), computed stably for both signs.
    logSig[i] = x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
  }
}
