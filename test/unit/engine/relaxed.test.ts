// The relaxed-SIMD kernel build (f32x4.relaxed_madd) against the plain one. Where the CPU has FMA,
// a fused multiply-add rounds once where plain SIMD rounds twice, so the two builds are not bit for
// bit alike. What holds, and what this checks:
// - they draw the same random numbers (subsampling, windows and negatives do not depend on the
//   vectors), so the same updates happen in the same order;
// - one update from the same vectors agrees to within RELATIVE_STEP of the largest value in the
//   matrices, about 32 units in the last place of a float32 (measured: up to 3e-7 for a CBOW step,
//   1.1e-6 for a skip-gram window of ten words, whose sums have the most terms);
// - a whole chunk of training (about 1000 positions), where these differences compound, ends with
//   the loss within RELATIVE_LOSS and every vector within RELATIVE_DRIFT of the plain build's
//   (measured: 3e-9 and 2e-6).
// A bug in either build would show as differences of order 1, far outside these bounds.
// The relaxed build only loads where the runtime validates relaxed SIMD. Node 20 does not unless
// started with --experimental-wasm-relaxed-simd, so this file then runs itself once more with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernelModule, preferredKernelBuild, relaxedSimdAvailable } from '../../../src/engine/kernel';
import type { ModelKind } from '../../../src/engine/options';
import { keepPtr, rig, steps, type Rig } from './kernel-rig';

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const RELATIVE_STEP = 4e-6;
const RELATIVE_LOSS = 1e-6;
const RELATIVE_DRIFT = 1e-4;

const floats = (r: Rig) => [new Float32Array(r.syn0.buffer, r.syn0.byteOffset, r.syn0.length / 4),
  new Float32Array(r.syn1.buffer, r.syn1.byteOffset, r.syn1.length / 4)];

// max |a − b| / max |a| over both matrices.
function relativeDifference(a: Rig, b: Rig): number {
  let diff = 0;
  let scale = 0;
  const [a0, a1] = floats(a);
  const [b0, b1] = floats(b);
  for (const [x, y] of [[a0, b0], [a1, b1]]) {
    for (let i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(x[i]));
    }
  }
  return diff / scale;
}

const STEPS: Record<ModelKind, (r: Rig, len: number, p: number, w: number) => void> = {
  'cbow-corrected': (r, len, p, w) => r.k.cbowStep(r.sentencePtr, len, p, w, 0.05),
  'cbow-word2vec': (r, len, p, w) => r.k.cbowStep(r.sentencePtr, len, p, w, 0.05),
  sg: (r, len, p, w) => r.k.sgStep(r.sentencePtr, len, p, w, 0.025),
};

if (!relaxedSimdAvailable() && !process.execArgv.includes(RELAXED_FLAG)) {
  test('the relaxed-SIMD build against the plain build (in a child started with relaxed SIMD on)', (t) => {
    // Without this runner's context the child reports in TAP, which is read here.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, [RELAXED_FLAG, '--test-reporter=tap', __filename], { encoding: 'utf8', env });
    if (/bad option/.test(run.stderr)) {
      t.skip(`this node (${process.version}) neither validates relaxed SIMD nor accepts ${RELAXED_FLAG}`);
      return;
    }
    for (const line of run.stdout.split('\n')) if (line.startsWith('# relaxed')) t.diagnostic(line.slice(2));
    assert.equal(run.status, 0, `the relaxed-SIMD tests failed in the child:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /# pass [1-9]/, 'the child ran the comparisons');
  });
} else {
  test('relaxed SIMD validates here, and training prefers the relaxed build', async () => {
    assert.equal(relaxedSimdAvailable(), true);
    assert.equal(preferredKernelBuild(), process.env.EMBEDDING_LENS_KERNEL === 'plain' ? 'plain' : 'relaxed');
    await kernelModule('relaxed');
  });

  for (const model of ['cbow-corrected', 'cbow-word2vec', 'sg'] as ModelKind[]) {
    test(`${model}: one update of the relaxed build is the plain build's to within ${RELATIVE_STEP} (relative)`, async (t) => {
      const [plain, relaxed] = [await rig('plain', model, 100, 5, 11n), await rig('relaxed', model, 100, 5, 11n)];
      let worst = 0;
      let differs = 0;
      for (const { words, p, w } of steps(400)) {
        relaxed.syn0.set(plain.syn0);
        relaxed.syn1.set(plain.syn1);
        plain.sentence.set(words);
        relaxed.sentence.set(words);
        STEPS[model](plain, words.length, p, w);
        STEPS[model](relaxed, words.length, p, w);
        const d = relativeDifference(plain, relaxed);
        if (d > 0) differs++;
        worst = Math.max(worst, d);
      }
      t.diagnostic(`relaxed ${model}: worst relative difference of one update ${worst.toExponential(2)}; ${differs} of 400 updates not bit-identical`);
      assert.ok(worst <= RELATIVE_STEP, `one update differs by ${worst} (relative)`);
    });

    test(`${model}: a chunk trained by the relaxed build ends near the plain build's (loss ${RELATIVE_LOSS}, vectors ${RELATIVE_DRIFT})`, async (t) => {
      const [plain, relaxed] = [await rig('plain', model, 100, 5, 5n), await rig('relaxed', model, 100, 5, 5n)];
      for (const r of [plain, relaxed]) new Float32Array(r.memory.buffer, keepPtr(r), 9).set([0.3, 0.6, 1, 1, 1, 1, 1, 1, 1]);
      const ids: number[] = [];
      for (const { words } of steps(300)) ids.push(...words, -1);
      for (const r of [plain, relaxed]) new Int32Array(r.memory.buffer, r.sentencePtr + 4096, ids.length).set(ids);
      const keptPlain = plain.k.trainChunk(plain.sentencePtr + 4096, ids.length, 0.05, 0.01);
      const keptRelaxed = relaxed.k.trainChunk(relaxed.sentencePtr + 4096, ids.length, 0.05, 0.01);
      assert.equal(keptRelaxed, keptPlain, 'the same words are kept: the random streams agree');
      assert.equal(relaxed.k.getPositions(), plain.k.getPositions());
      const loss = Math.abs(relaxed.k.getLossSum() - plain.k.getLossSum()) / plain.k.getLossSum();
      const drift = relativeDifference(plain, relaxed);
      t.diagnostic(`relaxed ${model}: after ${keptPlain} positions, loss differs by ${loss.toExponential(2)}, vectors by ${drift.toExponential(2)} (relative)`);
      assert.ok(loss <= RELATIVE_LOSS, `the loss differs by ${loss} (relative)`);
      assert.ok(drift <= RELATIVE_DRIFT, `the vectors differ by ${drift} (relative)`);
    });
  }
}
