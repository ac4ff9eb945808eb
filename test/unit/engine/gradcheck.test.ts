// The kernel's updates against a float64 reference of the negative-sampling loss, as kōan's
// test_gradcheck does: sg and cbow-corrected follow the gradient; cbow-word2vec scales the
// context-vector gradient by C and leaves the output-vector gradient alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configureKernel, fillSigmoidTables, instantiate, kernelModule, type KernelExports } from '../../../src/engine/kernel';
import { planLayout, pagesFor } from '../../../src/engine/layout';
import type { ModelKind } from '../../../src/engine/options';

const V = 6;
const DIM = 8;
const NOISE = 5; // the alias table below sends every negative draw here
const ALPHA = 0.01;

interface Rig { k: KernelExports; syn0: Float32Array; syn1: Float32Array; sentence: Int32Array; sentencePtr: number }

async function rig(model: ModelKind): Promise<Rig> {
  const module = await kernelModule();
  const probe = instantiate(module, new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }));
  const layout = planLayout({
    heapBase: probe.heapBase(), vocabSize: V, dim: DIM, sigTableSize: probe.SIG_TABLE_SIZE.value as number,
    scratchBytes: (r) => probe.scratchBytes(r), workers: 1, chunkCapacity: 64,
  });
  const memory = new WebAssembly.Memory({ initial: pagesFor(layout.bytes), maximum: pagesFor(layout.bytes), shared: true });
  const k = instantiate(module, memory);
  fillSigmoidTables(k, memory, layout.sigTable, layout.logSigTable);
  new Float32Array(memory.buffer, layout.keepProb, V).fill(1);
  const prob = new Float32Array(memory.buffer, layout.aliasProb, V);
  const alias = new Int32Array(memory.buffer, layout.aliasIndex, V);
  prob.fill(0);
  prob[NOISE] = 1;
  alias.fill(NOISE);
  configureKernel(k, { model, layout, vocabSize: V, window: 2, negative: 1, scratch: layout.workers[0].scratch, seed: 7n });
  const syn0 = new Float32Array(memory.buffer, layout.syn0, V * layout.rowFloats);
  const syn1 = new Float32Array(memory.buffer, layout.syn1, V * layout.rowFloats);
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.8;
  for (let i = 0; i < syn0.length; i++) syn0[i] = rand();
  for (let i = 0; i < syn1.length; i++) syn1[i] = rand();
  const sentence = new Int32Array(memory.buffer, layout.workers[0].chunk, 8);
  return { k, syn0, syn1, sentence, sentencePtr: layout.workers[0].chunk };
}

const row = (m: Float32Array, w: number) => Array.from(m.subarray(w * DIM, w * DIM + DIM), Number);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));

// Central differences of a float64 loss over every coordinate of the named rows.
function numericGradient(loss: (p: Map<string, number[]>) => number, params: Map<string, number[]>): Map<string, number[]> {
  const eps = 1e-6;
  const out = new Map<string, number[]>();
  for (const [name, v] of params) {
    out.set(name, v.map((_, i) => {
      const at = (delta: number) => loss(new Map([...params].map(([n, x]) => [n, n === name ? x.map((y, j) => (j === i ? y + delta : y)) : x])));
      return (at(eps) - at(-eps)) / (2 * eps);
    }));
  }
  return out;
}

function assertClose(actual: number[], expected: number[], what: string, rel = 2e-3) {
  const scale = Math.max(...expected.map(Math.abs));
  assert.ok(scale > 1e-4, `${what}: the reference gradient is too small to test`);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
  assert.ok(worst <= rel * scale, `${what}: kernel ${actual.map((x) => x.toFixed(6))} vs numeric ${expected.map((x) => x.toFixed(6))}`);
}

// Context words 0, 2, 3 around the target 1 (window 2 at position 1 of [0,1,2,3]): C = 3.
const CONTEXT = [0, 2, 3];
const TARGET = 1;

function cbowLoss(p: Map<string, number[]>): number {
  const h = new Array(DIM).fill(0).map((_, i) => CONTEXT.reduce((s, c) => s + p.get(`in${c}`)![i], 0) / CONTEXT.length);
  return -logSigmoid(dot(p.get(`out${TARGET}`)!, h)) - logSigmoid(-dot(p.get(`out${NOISE}`)!, h));
}

// Skip-gram's window block: every context word predicts the target against the shared negative.
function sgWindowLoss(p: Map<string, number[]>): number {
  return CONTEXT.reduce((s, c) => s - logSigmoid(dot(p.get(`out${TARGET}`)!, p.get(`in${c}`)!)) - logSigmoid(-dot(p.get(`out${NOISE}`)!, p.get(`in${c}`)!)), 0);
}

async function windowGradients(model: ModelKind) {
  const r = await rig(model);
  r.sentence.set([0, 1, 2, 3]);
  const params = new Map<string, number[]>([
    ...CONTEXT.map((c) => [`in${c}`, row(r.syn0, c)] as [string, number[]]),
    [`out${TARGET}`, row(r.syn1, TARGET)],
    [`out${NOISE}`, row(r.syn1, NOISE)],
  ]);
  const numeric = numericGradient(model === 'sg' ? sgWindowLoss : cbowLoss, params);
  (model === 'sg' ? r.k.sgStep : r.k.cbowStep)(r.sentencePtr, 4, 1, 2, ALPHA);
  const after = (name: string) => (name.startsWith('in') ? row(r.syn0, Number(name.slice(2))) : row(r.syn1, Number(name.slice(3))));
  // An SGD step moves θ by −α ∂L/∂θ, so the kernel's gradient is −Δθ/α.
  const kernel = new Map([...params].map(([name, before]) => [name, after(name).map((x, i) => -(x - before[i]) / ALPHA)]));
  return { kernel, numeric };
}

test('cbow-corrected follows the numeric gradient for context and output vectors', async () => {
  const { kernel, numeric } = await windowGradients('cbow-corrected');
  for (const [name, g] of numeric) assertClose(kernel.get(name)!, g, `cbow-corrected ${name}`);
});

test('cbow-word2vec scales the context gradient by exactly C and matches on output vectors', async () => {
  const { kernel, numeric } = await windowGradients('cbow-word2vec');
  for (const [name, g] of numeric) {
    const expected = name.startsWith('in') ? g.map((x) => x * CONTEXT.length) : g;
    assertClose(kernel.get(name)!, expected, `cbow-word2vec ${name}`);
  }
  // and it really differs from the true gradient
  const ctx = kernel.get('in0')!;
  assert.ok(Math.abs(ctx[0] - numeric.get('in0')![0]) > 0.5 * Math.abs(numeric.get('in0')![0]));
});

test('sg follows the numeric gradient for the input and output vectors', async () => {
  const r = await rig('sg');
  const input = 0;
  const loss = (p: Map<string, number[]>) =>
    -logSigmoid(dot(p.get('out')!, p.get('in')!)) - logSigmoid(-dot(p.get('noise')!, p.get('in')!));
  const params = new Map<string, number[]>([['in', row(r.syn0, input)], ['out', row(r.syn1, TARGET)], ['noise', row(r.syn1, NOISE)]]);
  const numeric = numericGradient(loss, params);
  r.k.sgPair(input, TARGET, ALPHA);
  const after = new Map([['in', row(r.syn0, input)], ['out', row(r.syn1, TARGET)], ['noise', row(r.syn1, NOISE)]]);
  for (const [name, g] of numeric) {
    const moved = after.get(name)!.map((x, i) => -(x - params.get(name)![i]) / ALPHA);
    assertClose(moved, g, `sg ${name}`);
  }
});

test('sg over a whole window follows the numeric gradient of the summed pair losses', async () => {
  const { kernel, numeric } = await windowGradients('sg');
  for (const [name, g] of numeric) assertClose(kernel.get(name)!, g, `sg window ${name}`);
});

test('a negative sample equal to the target word id is skipped', async () => {
  const r = await rig('sg');
  // Predicting NOISE itself: every negative draw is NOISE, so only the positive term may move it.
  const u = row(r.syn1, NOISE);
  const v = row(r.syn0, 0);
  const g = ALPHA * (1 - 1 / (1 + Math.exp(-dot(u, v))));
  r.k.sgPair(0, NOISE, ALPHA);
  assertClose(row(r.syn1, NOISE).map((x, i) => x - u[i]), v.map((x) => g * x), 'output row after a skipped negative', 1e-3);
});
