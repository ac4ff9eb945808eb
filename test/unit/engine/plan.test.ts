// The plans of Train and Compare (src/engine/plan.ts): what every run shares and what differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoSeedCount, comparePlan, seedList, trainPlan } from '../../../src/engine/plan';

test('the compare plan: matched seeds of each rule, seed-major, identical hyperparameters, each rule at its default α', () => {
  const base = { dim: 50, window: 4, negative: 3, sample: 1e-4, threads: 2 };
  const plan = comparePlan({ seeds: seedList(3), epochs: 7, base });
  assert.deepEqual(plan.runs.map((r) => `${r.model}:${r.seed}`), [
    'cbow-word2vec:1', 'cbow-corrected:1', 'cbow-word2vec:2', 'cbow-corrected:2', 'cbow-word2vec:3', 'cbow-corrected:3',
  ]);
  assert.equal(plan.base, base, 'one set of hyperparameters for every run');
  assert.ok(plan.runs.every((r) => r.epochs === 7));
  assert.deepEqual([...new Set(plan.runs.map((r) => `${r.model}:${r.alpha}`))], ['cbow-word2vec:0.05', 'cbow-corrected:0.075']);
  assert.deepEqual([...new Set(plan.runs.map((r) => r.group))], ['compare-cbow-word2vec', 'compare-cbow-corrected']);
});

test('the skip-gram reference and a forced α apply to every run', () => {
  const plan = comparePlan({ rules: ['cbow-word2vec', 'cbow-corrected', 'sg'], seeds: [1], epochs: 1, base: {}, alpha: 0.05 });
  assert.deepEqual(plan.runs.map((r) => r.model), ['cbow-word2vec', 'cbow-corrected', 'sg']);
  assert.ok(plan.runs.every((r) => r.alpha === 0.05 && r.seed === 1));
});

test('the train plan: n seeds of one rule in one group; seed 1 first, as a single run always used', () => {
  const plan = trainPlan('workspace-sg', 'sg', seedList(4), 12, { dim: 10 });
  assert.deepEqual(plan.runs.map((r) => r.seed), [1, 2, 3, 4]);
  assert.ok(plan.runs.every((r) => r.group === 'workspace-sg' && r.alpha === 0.025 && r.epochs === 12));
});

test('auto seeds: as many as fit the budget after the first, within the bounds', () => {
  const auto = { budgetSeconds: 180, min: 1, max: 10 };
  assert.equal(autoSeedCount(47, auto), 3, 'a 2 M-token workspace at about 47 s a seed');
  assert.equal(autoSeedCount(40, auto), 4);
  assert.equal(autoSeedCount(500, auto), 1, 'never fewer than min');
  assert.equal(autoSeedCount(1, auto), 10, 'never more than max');
  assert.equal(autoSeedCount(0, auto), 10);
});
