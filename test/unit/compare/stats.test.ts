// The statistics behind the honest compare (src/core/compare/*): intervals that cover what they should, paired
// differences, the noise floor and excess change on constructed models, and the held-out split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorpusBuilder } from '../../../src/core/corpus';
import { heldOutPositions, heldOutRanks, matrixDots, sentenceHash, splitHeldOut } from '../../../src/core/compare/held-out';
import { noiseAndEffect } from '../../../src/core/compare/noise';
import { meanScores, spearmanScores } from '../../../src/core/compare/quality';
import { excludesZero, meanInterval } from '../../../src/core/compare/stats';
import { seededRandom } from '../../../src/core/random';

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

test('the bootstrap interval of a mean covers the true mean about 95 % of the time', () => {
  const r = seededRandom(1);
  let covered = 0;
  const trials = 300;
  for (let t = 0; t < trials; t++) {
    const xs = Array.from({ length: 60 }, () => 0.3 + normal(r));
    const i = meanInterval(xs, { samples: 400, seed: t });
    if (i.ci95[0] <= 0.3 && 0.3 <= i.ci95[1]) covered++;
  }
  // 95 % nominal; the percentile bootstrap runs a little narrow at n = 60. Binomial sd at 300 trials ≈ 1.3 %.
  assert.ok(covered / trials > 0.89 && covered / trials < 0.99, `coverage ${covered / trials}`);
});

test('the paired difference: a real gap is found, no gap is not, and pairing narrows the interval', () => {
  const r = seededRandom(2);
  const items = 400;
  const seeds = 3;
  // item difficulty shared by both rules (what pairing cancels), plus a 5-point gain for rule 1
  const difficulty = Array.from({ length: items }, () => r());
  const outcomes = (gain: number) => [0, 1].map((rule) => Array.from({ length: seeds }, () =>
    Float64Array.from(difficulty, (d) => (r() < d + (rule === 1 ? gain : 0) ? 1 : 0))));
  const gap = meanScores(outcomes(0.05), { samples: 500, seed: 3 });
  assert.ok(excludesZero(gap.difference), `the 5-point gain is beyond noise: ${JSON.stringify(gap.difference)}`);
  assert.ok(gap.difference.mean > 0.02 && gap.difference.mean < 0.08);
  const none = meanScores(outcomes(0), { samples: 500, seed: 4 });
  assert.ok(!excludesZero(none.difference), `no gain, no difference: ${JSON.stringify(none.difference)}`);
  const width = (i: { ci95: [number, number] }) => i.ci95[1] - i.ci95[0];
  assert.ok(width(gap.difference) < width(gap.perRule[0]!) + width(gap.perRule[1]!), 'pairing removes the shared item difficulty');
  // units: items grouped into sentences are resampled together
  const grouped = meanScores(outcomes(0.05), { unitOf: Array.from({ length: items }, (_, i) => Math.floor(i / 4)), samples: 300, seed: 5 });
  assert.ok(Number.isFinite(grouped.difference.ci95[0]));
});

test('Spearman ρ per rule with intervals: identical models give a zero difference', () => {
  const r = seededRandom(6);
  const gold = Array.from({ length: 120 }, () => r());
  const model = Array.from({ length: 3 }, () => Float64Array.from(gold, (g) => g + 0.3 * normal(r)));
  const same = spearmanScores(gold, [model, model], { samples: 300 });
  assert.equal(same.difference.mean, 0);
  assert.deepEqual(same.difference.ci95, [0, 0]);
  assert.ok(same.perRule[0]!.mean > 0.5);
});

/** n seeds of a rule: each word's true neighbour list, with `noise` of its 10 entries swapped for random ones. */
function seedLists(truth: number[][], seeds: number, noise: number, r: () => number, vocab: number): number[][][] {
  return Array.from({ length: seeds }, () => truth.map((list) => {
    const out = [...list];
    for (let t = 0; t < noise; t++) out[Math.floor(r() * 10)] = 1000 + Math.floor(r() * vocab);
    return out;
  }));
}

test('excess change: identical models give 0; two noisy copies of one model show no difference beyond noise', () => {
  const r = seededRandom(7);
  const truth = Array.from({ length: 300 }, (_, w) => Array.from({ length: 10 }, (_, i) => (w * 10 + i) % 900));
  const same = seedLists(truth, 3, 3, r, 5000);
  const identical = noiseAndEffect(same, same, { samples: 300 });
  assert.ok(Math.abs(identical.excess.mean) < 1e-12, `identical: ${identical.excess.mean}`);
  assert.ok(identical.perWord.every((w) => Math.abs(w.excess.mean) < 1e-12));
  const a = seedLists(truth, 3, 3, r, 5000);
  const b = seedLists(truth, 3, 3, r, 5000);
  const copies = noiseAndEffect(a, b, { samples: 400 });
  assert.ok(!excludesZero(copies.excess), `two noisy copies: ${JSON.stringify(copies.excess)}`);
  assert.ok(copies.withinA.mean < 1 && copies.between.mean < 1, 'noise is there');
  const beyond = copies.perWord.filter((w) => w.beyondNoise).length;
  assert.ok(beyond / copies.words <= 0.05, `few words cross the noise by chance: ${beyond} of ${copies.words}`);
  // with 2 seeds there is no spread between seeds to measure a single word against: none is called changed
  const two = noiseAndEffect(seedLists(truth, 2, 3, r, 5000), seedLists(truth, 2, 3, r, 5000), { samples: 100 });
  assert.equal(two.perWord.filter((w) => w.beyondNoise).length, 0);
  assert.ok(two.perWord.every((w) => Number.isNaN(w.excess.ci95[0])));
});

test('word intervals: two noisy copies flag at most 5 % of words, at every noise level and seed count', () => {
  for (const seeds of [3, 4, 6]) {
    for (const noise of [1, 3, 6]) {
      const r = seededRandom(seeds * 10 + noise);
      const truth = Array.from({ length: 400 }, (_, w) => Array.from({ length: 10 }, (_, i) => (w * 10 + i) % 900));
      const e = noiseAndEffect(seedLists(truth, seeds, noise, r, 5000), seedLists(truth, seeds, noise, r, 5000), { samples: 50 });
      const flagged = e.perWord.filter((w) => w.beyondNoise).length;
      assert.ok(flagged / e.words <= 0.05, `${seeds} seeds, noise ${noise}: ${flagged} of ${e.words} flagged`);
    }
  }
});

test('excess change: a planted change is found, for the whole model and for the words that carry it', () => {
  const r = seededRandom(8);
  const truth = Array.from({ length: 300 }, (_, w) => Array.from({ length: 10 }, (_, i) => (w * 10 + i) % 900));
  // rule B moves 6 of the 10 true neighbours of the first 60 words elsewhere, for every seed
  const moved = truth.map((list, w) => (w < 60 ? [...list.slice(0, 4), ...Array.from({ length: 6 }, (_, i) => 2000 + w * 6 + i)] : list));
  const a = seedLists(truth, 4, 2, r, 5000);
  const b = seedLists(moved, 4, 2, r, 5000);
  const e = noiseAndEffect(a, b, { samples: 400 });
  assert.ok(excludesZero(e.excess) && e.excess.mean > 0, JSON.stringify(e.excess));
  const flagged = new Set(e.perWord.filter((w) => w.beyondNoise && w.excess.mean > 0).map((w) => w.word));
  const planted = [...flagged].filter((w) => w < 60).length;
  assert.ok(planted >= 40, `most planted words are found: ${planted} of 60`);
  assert.ok(flagged.size - planted <= 15, `few unchanged words are flagged: ${flagged.size - planted}`);
});

test('the held-out split is deterministic, disjoint from training and roughly the asked fractions', () => {
  const r = seededRandom(9);
  const b = new CorpusBuilder();
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) lines.push(Array.from({ length: 5 + Math.floor(r() * 10) }, () => `w${Math.floor(r() ** 2 * 300)}`).join(' '));
  b.addText(lines.join('\n'));
  const { corpus } = b.finish({ minCount: 1 });
  const one = splitHeldOut(corpus, { test: 0.05, validation: 0.05 });
  const two = splitHeldOut(corpus, { test: 0.05, validation: 0.05 });
  assert.deepEqual(one.test.map((s) => [...s]), two.test.map((s) => [...s]), 'deterministic');
  assert.deepEqual([...one.train.ids], [...two.train.ids]);
  const key = (s: ArrayLike<number>) => Array.from(s).join(',');
  const trainSentences: string[] = [];
  for (let s = 0, i = 0; i < one.train.ids.length; i++) if (one.train.ids[i]! < 0) { trainSentences.push(key(one.train.ids.subarray(s, i))); s = i + 1; }
  const testKeys = new Set(one.test.map(key));
  const validationKeys = new Set(one.validation.map(key));
  assert.ok(trainSentences.every((k) => !testKeys.has(k) && !validationKeys.has(k)), 'no held-out sentence is trained on');
  assert.ok([...testKeys].every((k) => !validationKeys.has(k)), 'test and validation are disjoint');
  assert.equal(one.train.sentences + one.test.length + one.validation.length, corpus.sentences);
  assert.equal(one.train.tokens + one.test.reduce((s, x) => s + x.length, 0) + one.validation.reduce((s, x) => s + x.length, 0), corpus.tokens);
  assert.ok(one.test.length > 120 && one.test.length < 280, `test ${one.test.length} of 4000`);
  assert.ok(one.validation.length > 120 && one.validation.length < 280);
  assert.ok(one.train.ids.buffer instanceof SharedArrayBuffer, 'the workers can read it without a copy');
  const h = sentenceHash(Int32Array.of(1, 2, 3), 0, 3);
  assert.ok(h >= 0 && h < 1);
});

test('held-out ranks: a model that predicts the centre word ranks it first', () => {
  // three words; the context of word 0 is word 1, and word 0's output vector is word 1's input direction
  const inputs = Float32Array.of(0, 0, 1, 0, 0, 1);
  const outputs = Float32Array.of(1, 0, 0, 1, -1, -1);
  const positions = heldOutPositions([Int32Array.of(1, 0, 1)], 1, 100);
  assert.deepEqual(positions.map((p) => [p.centre, p.context]), [[1, [0]], [0, [1, 1]], [1, [0]]]);
  const ranks = heldOutRanks(positions, inputs, 2, matrixDots(outputs, 2));
  assert.equal(ranks[1], 1, 'word 0 from its context: first');
  assert.equal(heldOutPositions([Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8)], 2, 3).length, 3, 'a sample when there are too many');
});
