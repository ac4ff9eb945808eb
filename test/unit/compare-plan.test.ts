import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCompare } from '../../src/extension/compare-plan';
import { CorpusBuilder } from '../../src/core/corpus';

test('the compare pair is planned from one vocabulary, one corpus and one seed with identical hyperparameters', () => {
  const b = new CorpusBuilder();
  b.addText('the cat sat on the mat\nthe dog sat on the log\n');
  b.end();
  const { vocab, corpus } = b.finish({ minCount: 1 });
  const plan = planCompare(vocab, corpus, { dim: 50, window: 4, negative: 3, sample: 1e-4, epochs: 7, threads: 2, seed: 9 });
  assert.deepEqual(plan.runs.map((r) => r.model), ['cbow-word2vec', 'cbow-corrected']);
  assert.equal(plan.vocab, vocab, 'one Vocabulary object');
  assert.equal(plan.corpus, corpus, 'one encoded corpus');
  assert.equal(plan.seed, 9);
  const strip = ({ model: _m, ...rest }: { model: string }) => rest;
  for (const r of plan.runs) {
    assert.equal(r.options.model, r.model);
    assert.equal(r.options.seed, 9);
    assert.deepEqual(strip(r.options), strip(plan.runs[0].options), 'same hyperparameters apart from the model');
  }
  assert.deepEqual(strip(plan.runs[0].options), { dim: 50, window: 4, negative: 3, sample: 1e-4, epochs: 7, threads: 2, seed: 9 });
  assert.equal(plan.runs[0].options.alpha, undefined, 'each rule keeps its engine default learning rate unless forced');
});

test('the optional skip-gram reference shares the plan; a forced alpha applies to every run; default seed is 1', () => {
  const plan = planCompare('V', 'C', { dim: 10, window: 2, negative: 1, epochs: 1, alpha: 0.05 }, { includeSkipGram: true });
  assert.deepEqual(plan.runs.map((r) => r.model), ['cbow-word2vec', 'cbow-corrected', 'sg']);
  assert.ok(plan.runs.every((r) => r.options.alpha === 0.05 && r.options.seed === 1));
  assert.equal(plan.seed, 1);
});
