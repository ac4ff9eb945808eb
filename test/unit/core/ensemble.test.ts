// Seeds as one ensemble (src/core/ensemble.ts): cosines are the mean of the seeds' cosines, each seed's own
// neighbour lists come out of the ensemble matrix exactly (JS and WASM alike), and agreement and stability
// have the values a constructed case says they must have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreedNeighbours, ensembleEmbeddings, meanPairwiseOverlap, perSeedTop, seedCosines, stabilitySummary } from '../../../src/core/ensemble';
import { nearest, similarity } from '../../../src/core/query';
import { Embeddings } from '../../../src/core/vectors';
import { both } from '../../accelerator-paths';
import { gaussianMatrix, seededRandom } from '../../factories/random';
import { words } from '../../factories/models';


test('the ensemble cosine of two words is the mean of their per-seed cosines', () => {
  const n = 400;
  const d = 24;
  const seeds = [11, 12, 13].map((s) => gaussianMatrix(n, d, s));
  const ens = ensembleEmbeddings(words(n), d, seeds);
  assert.deepEqual(ens.ensemble, { seeds: 3, seedDim: d });
  const single = seeds.map((m) => new Embeddings(words(n), d, m));
  const r = seededRandom(5);
  for (let t = 0; t < 200; t++) {
    const a = `w${Math.floor(r() * n)}`;
    const b = `w${Math.floor(r() * n)}`;
    const mean = single.reduce((s, e) => s + similarity(e, a, b), 0) / 3;
    assert.ok(Math.abs(similarity(ens, a, b) - mean) < 1e-6, `${a} ${b}: ${similarity(ens, a, b)} vs ${mean}`);
    const per = seedCosines(ens, ens.id(a), ens.id(b));
    per.forEach((c, s) => assert.ok(Math.abs(c - similarity(single[s]!, a, b)) < 1e-6));
  }
  // one seed is the plain model, untouched
  const one = ensembleEmbeddings(words(n), d, [seeds[0]!]);
  assert.equal(one.ensemble, undefined);
  assert.equal(one.data, seeds[0]);
});

test("each seed's neighbour list comes out of the ensemble as that seed's own list", () => {
  const n = 1500;
  const d = 32;
  const seeds = [1, 2, 3, 4].map((s) => gaussianMatrix(n, d, s * 7));
  const ens = ensembleEmbeddings(words(n), d, seeds);
  const single = seeds.map((m) => new Embeddings(words(n), d, m));
  for (const id of [0, 17, 999, 1499]) {
    const lists = perSeedTop(ens, id, 10);
    lists.forEach((l, s) => {
      const own = nearest(single[s]!, `w${id}`, 10);
      assert.deepEqual(l.ids.map((i) => `w${i}`), own.map((x) => x.word), `seed ${s + 1} of w${id}`);
      l.scores.forEach((x, i) => assert.ok(Math.abs(x - own[i]!.similarity) < 1e-5));
    });
  }
});

for (const [n, d, seeds] of [[3000, 100, 3], [2000, 37, 2], [1200, 300, 3], [900, 8, 5]] as const) {
  test(`WASM and JS give identical ensemble and per-seed lists, ${n} words × ${seeds} seeds × ${d}`, () => {
    const ens = ensembleEmbeddings(words(n), d, Array.from({ length: seeds }, (_, s) => gaussianMatrix(n, d, n + d + s)));
    const r = seededRandom(n);
    for (let t = 0; t < 25; t++) {
      const id = Math.floor(r() * n);
      for (const k of [1, 5, 10, 20]) {
        const per = both(() => perSeedTop(ens, id, k));
        assert.deepEqual(per.wasm, per.js, `per-seed top ${k} of w${id}`);
        const top = both(() => nearest(ens, `w${id}`, k));
        assert.deepEqual(top.wasm, top.js, `ensemble top ${k} of w${id}`);
      }
    }
  });
}

/**
 * Word 0 is e₀ in every seed; word i (1..30) is cᵢ·e₀ + √(1 − cᵢ²)·eᵢ, so its cosine with word 0 in seed s is
 * exactly the cᵢ chosen for that seed. Word 0's top 10 is then A₁ = 1..10, A₂ = 1..8 ∪ {11, 12},
 * A₃ = 1..5 ∪ 13..17 by construction.
 */
function constructed(): Embeddings {
  const n = 31;
  const d = 32;
  const tops = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 11, 12], [1, 2, 3, 4, 5, 13, 14, 15, 16, 17]];
  const seeds = tops.map((top) => {
    const m = new Float32Array(n * d);
    m[0] = 1;
    for (let i = 1; i < n; i++) {
      const rank = top.indexOf(i);
      const c = rank >= 0 ? 0.9 - rank * 0.05 : 0.2 - i * 0.005; // in the top 10: 0.9 … 0.45; else below 0.2
      m[i * d] = c;
      m[i * d + i] = Math.sqrt(1 - c * c);
    }
    return m;
  });
  return ensembleEmbeddings(words(n), d, seeds);
}

test('agreement and stability on a constructed case with known answers', () => {
  const ens = constructed();
  const r = agreedNeighbours(ens, 'w0', 10);
  assert.equal(r.seeds, 3);
  assert.equal(r.agreementK, 10);
  // overlaps: |A1∩A2| = 8, |A1∩A3| = 5, |A2∩A3| = 5, so stability = (0.8 + 0.5 + 0.5) / 3
  assert.ok(Math.abs(r.stability! - 0.6) < 1e-12, String(r.stability));
  const agreement = new Map(r.neighbours.map((x) => [x.word, x.agreement]));
  for (const w of ['w1', 'w2', 'w3', 'w4', 'w5']) assert.equal(agreement.get(w), 3, w);
  for (const w of ['w6', 'w7', 'w8']) if (agreement.has(w)) assert.equal(agreement.get(w), 2, w);
  // the ensemble ranks by mean cosine: w1 (0.9 in all three seeds) first
  assert.equal(r.neighbours[0]!.word, 'w1');
  assert.ok(Math.abs(r.neighbours[0]!.similarity - 0.9) < 1e-6);
  assert.deepEqual(r.neighbours[0]!.spread!.map((x) => Math.round(x * 1e6) / 1e6), [0.9, 0.9]);
  // w6 is 0.65 in seeds 1 and 2 and 0.17 in seed 3: spread [0.17, 0.65]
  const w6 = r.neighbours.find((x) => x.word === 'w6')!;
  assert.deepEqual(w6.spread!.map((x) => Math.round(x * 1e6) / 1e6), [0.17, 0.65]);
  assert.equal(meanPairwiseOverlap([[1, 2], [1, 2]], 2), 1);
  assert.equal(meanPairwiseOverlap([[1, 2]], 2), undefined);
});

test('the stability summary: median, histogram and least stable words', () => {
  const ens = constructed();
  const s = stabilitySummary(ens, { top: 1, least: 5 })!;
  assert.equal(s.words, 1);
  assert.equal(s.seeds, 3);
  assert.equal(s.median, 0.6);
  assert.deepEqual(s.histogram, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual(s.leastStable, [{ word: 'w0', stability: 0.6 }]);
  const all = stabilitySummary(ens)!;
  assert.equal(all.words, 31);
  assert.equal(all.histogram.reduce((a, b) => a + b, 0), 31);
  assert.ok(all.leastStable.length === 20 && all.leastStable.every((x, i, l) => i === 0 || l[i - 1]!.stability <= x.stability));
  assert.equal(stabilitySummary(new Embeddings(words(3), 2, new Float32Array(6))), undefined, 'one run has no stability');
});

test('agreed neighbours are the same with WASM and with the JS loops (one pass or two)', () => {
  const n = 2500;
  const d = 40;
  const ens = ensembleEmbeddings(words(n), d, [3, 4, 5].map((s) => gaussianMatrix(n, d, s * 101)));
  for (const w of ['w0', 'w7', 'w2499']) {
    for (const k of [5, 10, 20]) {
      const r = both(() => agreedNeighbours(ens, w, k));
      assert.deepEqual(r.wasm, r.js, `${w} k=${k}`);
      assert.deepEqual(r.js.neighbours.map((x) => x.word), nearest(ens, w, k).map((x) => x.word), 'ranked by the ensemble');
    }
  }
});
