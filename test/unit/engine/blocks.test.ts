// The register-blocked kernels against the first engine's code, kept in the kernel as the reference:
// a CBOW step (whatever its context size, down to a single context word), every skip-gram window
// block (its shared negatives, down to a single context word, where it is the pair update) and whole
// chunks of training must compute exactly what the reference computes, bit for bit, and draw the
// same random numbers. A small vocabulary with a skewed noise distribution makes repeated negatives
// and negatives equal to the target word common.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelKind } from '../../../src/engine/options';
import { firstDifference, keepPtr, rig as kernelRig, steps, V, type Rig } from './kernel-rig';

// The reference's arithmetic: no fused multiply-adds.
const rig = (model: ModelKind, dim: number, negative: number, seed: bigint) => kernelRig('plain', model, dim, negative, seed);

async function compare(model: ModelKind, dim: number, negative: number,
  step: (r: Rig, len: number, p: number, w: number) => void, reference: (r: Rig, len: number, p: number, w: number) => void) {
  const [a, b] = [await rig(model, dim, negative, 11n), await rig(model, dim, negative, 11n)];
  let singleContext = 0;
  let n = 0;
  for (const { words, p, w } of steps(400)) {
    a.sentence.set(words);
    b.sentence.set(words);
    step(a, words.length, p, w);
    reference(b, words.length, p, w);
    if (words.length === 2) singleContext++;
    for (const [name, x, y] of [['input', a.syn0, b.syn0], ['output', a.syn1, b.syn1]] as const) {
      const at = firstDifference(x, y);
      assert.equal(at, -1, `${model} dim ${dim} k ${negative}, step ${n} (${words.join(' ')} at ${p}, window ${w}): ${name} vectors differ at byte ${at}`);
    }
    n++;
  }
  assert.ok(singleContext > 10, 'single-context-word steps were exercised');
  assert.equal(a.k.getLossSum(), b.k.getLossSum(), 'the same loss is accumulated');
  // The same random numbers were drawn: one more step from each gives the same result.
  a.sentence.set([1, 2, 3, 4]);
  b.sentence.set([1, 2, 3, 4]);
  step(a, 4, 1, 3);
  reference(b, 4, 1, 3);
  assert.equal(firstDifference(a.syn1, b.syn1), -1, 'the random streams stayed in step');
}

for (const model of ['cbow-corrected', 'cbow-word2vec'] as ModelKind[]) {
  for (const [dim, negative] of [[10, 5], [100, 5], [16, 1], [7, 12]]) {
    test(`${model}: the blocked step is the single-position update bit for bit (dim ${dim}, ${negative} negatives)`, async () => {
      await compare(model, dim, negative,
        (r, len, p, w) => r.k.cbowStep(r.sentencePtr, len, p, w, 0.05),
        (r, len, p, w) => r.k.cbowStepReference(r.sentencePtr, len, p, w, 0.05));
    });
  }
}

for (const [dim, negative] of [[10, 5], [100, 5], [16, 1], [7, 12]]) {
  test(`sg: the register-blocked window is the first engine's window bit for bit (dim ${dim}, ${negative} negatives)`, async () => {
    await compare('sg', dim, negative,
      (r, len, p, w) => r.k.sgStep(r.sentencePtr, len, p, w, 0.025),
      (r, len, p, w) => r.k.sgStepReference(r.sentencePtr, len, p, w, 0.025));
  });
}

test('sg: a window block with a single context word is the pair update of the single-position path', async () => {
  const [a, b] = [await rig('sg', 10, 5, 9n), await rig('sg', 10, 5, 9n)];
  for (let i = 0; i < 50; i++) {
    const [input, output] = [i % V, (i * 5 + 2) % V];
    a.k.sgPair(input, output, 0.025);
    b.sentence.set([input, output]);
    b.k.sgStepReference(b.sentencePtr, 2, 1, 1, 0.025); // position 1 of [input, output]: one context word
  }
  assert.equal(firstDifference(a.syn0, b.syn0), -1, 'input vectors');
  assert.equal(firstDifference(a.syn1, b.syn1), -1, 'output vectors');
});

// Whole chunks through trainChunk: subsampling, sentence ends, cut sentences, the draw-ahead of
// windows and negatives, and every position's update, against the first engine's loop.
for (const model of ['sg', 'cbow-corrected', 'cbow-word2vec'] as ModelKind[]) {
  test(`${model}: training a chunk one position at a time is the first engine's training bit for bit`, async () => {
    const [a, b] = [await rig(model, 20, 5, 5n), await rig(model, 20, 5, 5n)];
    b.k.setReferencePath(true);
    // Subsample the two most frequent words, so that subsampling draws random numbers too.
    for (const r of [a, b]) new Float32Array(r.memory.buffer, keepPtr(r), V).set([0.3, 0.6, 1, 1, 1, 1, 1, 1, 1]);
    const ids: number[] = [];
    for (const { words } of steps(300)) ids.push(...words, -1);
    for (const r of [a, b]) new Int32Array(r.memory.buffer, r.sentencePtr + 4096, ids.length).set(ids);
    const keptA = a.k.trainChunk(a.sentencePtr + 4096, ids.length, 0.05, 0.01);
    const keptB = b.k.trainChunk(b.sentencePtr + 4096, ids.length, 0.05, 0.01);
    assert.equal(keptA, keptB);
    assert.ok(keptA > 400 && keptA < ids.length, `subsampling kept ${keptA} of ${ids.length}`);
    assert.equal(firstDifference(a.syn0, b.syn0), -1, 'input vectors');
    assert.equal(firstDifference(a.syn1, b.syn1), -1, 'output vectors');
    assert.equal(a.k.getLossSum(), b.k.getLossSum());
    assert.equal(a.k.getPositions(), b.k.getPositions());
  });
}
