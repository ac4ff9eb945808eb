import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryLayout } from './layout';
import { MODEL_INDEX, type ModelKind } from './options';
import { builtDir } from './built-files';

/** The exports of dist/kernels.wasm (src/engine/kernels/w2v.ts). Pointers are byte offsets. */
export interface KernelExports {
  SIG_RANGE: WebAssembly.Global;
  SIG_STEPS_PER_UNIT: WebAssembly.Global;
  SIG_TABLE_SIZE: WebAssembly.Global;
  /** Called through configureKernel, which names its arguments. */
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
  /** Trains through the first engine's single-position code, for whole-chunk comparisons. */
  setReferencePath(on: boolean): void;
  cbowStep(sentence: number, len: number, p: number, w: number, alpha: number): void;
  /** The first engine's single-position CBOW step, which cbowStep reproduces bit for bit. */
  cbowStepReference(sentence: number, len: number, p: number, w: number, alpha: number): void;
  sgPair(input: number, output: number, alpha: number): void;
  sgStep(sentence: number, len: number, p: number, w: number, alpha: number): void;
  /** The first engine's skip-gram block, which sgStep reproduces bit for bit. */
  sgStepReference(sentence: number, len: number, p: number, w: number, alpha: number): void;
  initVectors(words: number, dim: number, seed: bigint): void;
  heapBase(): number;
}

/** The folder holding the built engine (kernels.wasm, engine-worker.js), wherever this bundle sits under dist/. */
export function engineDir(): string {
  const dir = builtDir('kernels.wasm', 'engine-worker.js');
  if (dir !== undefined) return dir;
  throw new Error(`the training engine is not built (no kernels.wasm near ${__dirname}); run "npm run build"`);
}

/**
 * The two builds of the kernel: `plain` (SIMD: every multiply-add rounds twice, bit for bit the
 * first engine's arithmetic) and `relaxed` (relaxed SIMD: f32x4.relaxed_madd, one fused FMA where
 * the CPU has one, so results differ from plain in the last bits).
 */
export type KernelBuild = 'plain' | 'relaxed';

const KERNEL_FILES: Record<KernelBuild, string> = { plain: 'kernels.wasm', relaxed: 'kernels-relaxed.wasm' };

let relaxedValid: boolean | undefined;

/**
 * Whether this runtime accepts relaxed SIMD: a tiny module holding one f32x4.relaxed_madd must
 * validate. Node 20's V8 needs --experimental-wasm-relaxed-simd; Chromium 114+ (so the Electron
 * of desktop VS Code) and node 22+ have it on.
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxedValid === undefined) {
    const v128Const = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
    const body = [0x00, ...v128Const, ...v128Const, ...v128Const, 0xfd, 0x85, 0x02, 0x0b]; // f32x4.relaxed_madd = 0xfd 0x105
    relaxedValid = WebAssembly.validate(new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // one type: () -> v128
      0x03, 0x02, 0x01, 0x00, // one function of that type
      0x0a, body.length + 2, 0x01, body.length, ...body,
    ]));
  }
  return relaxedValid;
}

/** The build training uses: relaxed where the runtime validates it and it was built, else plain. */
export function preferredKernelBuild(): KernelBuild {
  if (process.env.EMBEDDING_LENS_KERNEL === 'plain') return 'plain';
  return relaxedSimdAvailable() && existsSync(join(engineDir(), KERNEL_FILES.relaxed)) ? 'relaxed' : 'plain';
}

const compiled = new Map<KernelBuild, Promise<WebAssembly.Module>>();

export function kernelModule(build: KernelBuild = preferredKernelBuild()): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = WebAssembly.compile(readFileSync(join(engineDir(), KERNEL_FILES[build])));
    compiled.set(build, module);
  }
  return module;
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

/** What one kernel instance trains: the model, where the shared memory holds everything, its own scratch and random stream. */
export interface KernelConfig {
  model: ModelKind;
  layout: MemoryLayout;
  vocabSize: number;
  window: number;
  negative: number;
  /** This instance's scratch (one of layout.workers[].scratch). */
  scratch: number;
  seed: bigint;
}

/** The one call of the kernel's 14-argument configure(). */
export function configureKernel(k: KernelExports, c: KernelConfig): void {
  const l = c.layout;
  k.configure(MODEL_INDEX[c.model], l.syn0, l.syn1, l.rowFloats, c.vocabSize,
    l.keepProb, l.aliasProb, l.aliasIndex, l.sigTable, l.logSigTable,
    c.window, c.negative, c.scratch, c.seed);
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
