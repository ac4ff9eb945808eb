import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasTable, keepProbabilities } from '../../../src/core/sampling';
import { seededRandom } from '../../../src/core/random';

test('keepProbabilities: word2vec formula', () => {
  const total = 1e6;
  const s = 1e-3; // s*T = 1000
  const keep = keepProbabilities([100000, 1000, 100, 0], total, s);
  // c = 1e5: (sqrt(100) + 1) * 1000 / 1e5 = 0.11
  assert.ok(Math.abs(keep[0] - 0.11) < 1e-6);
  // c = 1000: (1 + 1) * 1 = 2 -> 1
  assert.equal(keep[1], 1);
  assert.equal(keep[2], 1);
  assert.equal(keep[3], 1);
  const k2 = keepProbabilities([250000], total, 1e-4); // s*T = 100, c/sT = 2500
  assert.ok(Math.abs(k2[0] - (51 * 100) / 250000) < 1e-7);
  assert.deepEqual(Array.from(keepProbabilities([5, 5e6], total, 0)), [1, 1]);
});

test('aliasTable: 1e6 seeded draws match unigram^0.75 within tolerance', () => {
  const counts = [50000, 20000, 9000, 3000, 1200, 500, 100, 40, 7, 1, 0, 1];
  const { prob, alias } = aliasTable(counts);
  assert.equal(prob.length, counts.length);
  const w = counts.map((c) => Math.pow(c, 0.75));
  const sum = w.reduce((a, b) => a + b, 0);
  const rng = seededRandom(42);
  const hits = new Float64Array(counts.length);
  const N = 1e6;
  for (let n = 0; n < N; n++) {
    const i = Math.floor(rng() * counts.length);
    hits[rng() < prob[i] ? i : alias[i]]++;
  }
  for (let i = 0; i < counts.length; i++) {
    const p = w[i] / sum;
    const sd = Math.sqrt((p * (1 - p)) / N);
    assert.ok(Math.abs(hits[i] / N - p) <= 5 * sd + 1e-6, `word ${i}: ${hits[i] / N} vs ${p}`);
  }
  assert.equal(hits[10], 0, 'a zero count is never drawn');
});

test('aliasTable: exact probabilities reconstructed', () => {
  const counts = [8, 4, 2, 1, 1];
  const { prob, alias } = aliasTable(counts, 1);
  const n = counts.length;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] += prob[i] / n;
    p[alias[i]] += (1 - prob[i]) / n;
  }
  for (let i = 0; i < n; i++) assert.ok(Math.abs(p[i] - counts[i] / 16) < 1e-6);
});

test('aliasTable: empty and all-zero inputs', () => {
  assert.equal(aliasTable([]).prob.length, 0);
  const t = aliasTable([0, 0]);
  assert.deepEqual(Array.from(t.prob), [1, 1]);
});
