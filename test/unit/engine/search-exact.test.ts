// dist/search.wasm (src/engine/search.ts) against core's JS loops on synthetic data: the float scores must be
// bit-identical and the top-k lists identical (ids, order, scores), including ties, zero rows and zero queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setAccelerator } from '../../../src/core/vectors';
import { analogy, cosineRows, cosinesTo, nearest, nearestToVector, type Neighbour } from '../../../src/core/query';
import { lastCandidateCount, prepareSearch, searchLayoutOf } from '../../../src/engine/search';
import type { Embeddings } from '../../../src/core/vectors';
import { gaussian, seededRandom } from '../../factories/random';
import { randomEmbeddings } from '../../factories/models';
import { acc, both, withSearchLayout } from '../../accelerator-paths';

/**
 * Each test twice: with the unit matrix in the search memory, and staged (its own SharedArrayBuffer, candidates
 * copied to a staging area to be rescored, as for models too big for one wasm memory), with a staging area of 7
 * rows so that quantising and rescoring cross its chunk boundaries.
 */
function layoutTest(name: string, body: (searched: (emb: Embeddings) => void) => void): void {
  const expect = (layout: 'in-memory' | 'staged') => (emb: Embeddings) => {
    assert.equal(searchLayoutOf(emb), layout, 'where the search ran');
    assert.ok((lastCandidateCount(emb) ?? 0) > 0, 'a query was answered by search.wasm, not core\'s JS loops');
  };
  test(name, () => body(expect('in-memory')));
  test(`${name} (staged layout)`, () => withSearchLayout({ staged: true, stageRows: 7 }, () => body(expect('staged'))));
}

function sameNeighbours(a: Neighbour[], b: Neighbour[], what: string): void {
  assert.deepEqual(b.map((x) => x.word), a.map((x) => x.word), `${what}: words`);
  assert.deepEqual(b.map((x) => x.similarity), a.map((x) => x.similarity), `${what}: similarities`);
}

function sameBits(a: Float32Array, b: Float32Array, what: string): void {
  assert.equal(b.length, a.length, `${what}: length`);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i]) assert.fail(`${what}: row ${i}: ${a[i]} (JS) vs ${b[i]} (wasm)`);
}

for (const [n, d] of [[3000, 37], [2000, 100], [1500, 300], [500, 1], [700, 3], [400, 8], [300, 17]] as const) {
  layoutTest(`search: cosines bit-identical and nearest identical, random ${n} x ${d}`, (searched) => {
    for (const unitFirstWith of ['js', 'wasm'] as const) {
      // The unit matrix either lives in wasm memory (allocUnit) or was made before the accelerator (copied in).
      const emb = randomEmbeddings(n, d, n * 31 + d);
      setAccelerator(unitFirstWith === 'wasm' ? acc : undefined);
      emb.unit();
      setAccelerator(undefined);
      const r = seededRandom(d);
      const ids = Array.from({ length: 11 }, () => Math.floor(r() * n));
      const rows = both(() => cosineRows(emb, ids));
      rows.js.forEach((row, i) => sameBits(row, rows.wasm[i], `cosineRows ${i}`));
      const limited = both(() => cosineRows(emb, ids.slice(0, 3), Math.floor(n / 3)));
      limited.js.forEach((row, i) => sameBits(row, limited.wasm[i], `cosineRows limit ${i}`));
      const v = Float32Array.from({ length: d }, () => gaussian(r));
      sameBits(both(() => cosinesTo(emb, v)).js, both(() => cosinesTo(emb, v)).wasm, 'cosinesTo');
      for (let t = 0; t < 40; t++) {
        const w = emb.words[Math.floor(r() * n)];
        for (const k of [1, 5, 10, 37]) {
          const { js, wasm } = both(() => nearest(emb, w, k));
          sameNeighbours(js, wasm, `nearest(${w}, ${k})`);
        }
      }
      const ex = new Set([0, 1, 2, Math.floor(n / 2)]);
      const { js, wasm } = both(() => nearestToVector(emb, v, 12, ex));
      sameNeighbours(js, wasm, 'nearestToVector with exclude');
      searched(emb);
    }
  });
}

layoutTest('search: ties (duplicate and parallel rows) and zero rows rank exactly as JS (lower id first)', (searched) => {
  const n = 4000, d = 50;
  const base = randomEmbeddings(40, d, 7);
  // Rows repeat 40 directions at different lengths (same unit vector → exact ties), every 13th row is zero.
  const emb = randomEmbeddings(n, d, 8, (_r, i, j) => (i % 13 === 0 ? 0 : base.data[(i % 40) * d + j] * (1 + (i % 5))));
  for (let t = 0; t < 60; t++) {
    const w = emb.words[(t * 97) % n];
    for (const k of [1, 3, 10, 50, 120]) sameNeighbours(both(() => nearest(emb, w, k)).js, both(() => nearest(emb, w, k)).wasm, `nearest ${w} ${k}`);
  }
  const zero = emb.words[13];
  sameNeighbours(both(() => nearest(emb, zero, 10)).js, both(() => nearest(emb, zero, 10)).wasm, 'zero row query');
  const z = new Float32Array(d);
  sameNeighbours(both(() => nearestToVector(emb, z, 10)).js, both(() => nearestToVector(emb, z, 10)).wasm, 'zero query vector');
  searched(emb);
});

layoutTest('search: near-identical rows (quantisation cannot separate them) still give the exact float order', (searched) => {
  const n = 5000, d = 64;
  const r0 = seededRandom(99);
  const centre = Float32Array.from({ length: d }, () => gaussian(r0));
  // Every row is the same direction plus noise far below the int8 step: the candidate pass keeps almost all.
  const emb = randomEmbeddings(n, d, 5, (r, _i, j) => centre[j] + 1e-4 * gaussian(r));
  for (let t = 0; t < 10; t++) {
    const w = emb.words[t * 17];
    sameNeighbours(both(() => nearest(emb, w, 10)).js, both(() => nearest(emb, w, 10)).wasm, `nearest ${w}`);
  }
  setAccelerator(acc);
  nearest(emb, 'w0', 10);
  setAccelerator(undefined);
  assert.ok((lastCandidateCount(emb) ?? 0) > 100, 'the bound kept many candidates, as it must here');
  searched(emb);
});

layoutTest('search: the candidate pass prunes (few rows rescored) on well-spread data', (searched) => {
  const emb = randomEmbeddings(20000, 100, 3);
  setAccelerator(acc);
  prepareSearch(emb);
  nearest(emb, 'w5', 10);
  setAccelerator(undefined);
  const c = lastCandidateCount(emb) ?? -1;
  assert.ok(c >= 11 && c < 2000, `candidates ${c}`);
  searched(emb);
});

layoutTest('search: k edge cases, exclusions and restricted analogies match JS', (searched) => {
  const emb = randomEmbeddings(900, 20, 11);
  for (const k of [0, 1, 899, 900, 2000]) sameNeighbours(both(() => nearest(emb, 'w3', k)).js, both(() => nearest(emb, 'w3', k)).wasm, `k=${k}`);
  for (const method of ['add', 'mul'] as const) {
    for (const restrict of [undefined, 300, 5]) {
      const { js, wasm } = both(() => analogy(emb, 'w1', 'w2', 'w3', { method, k: 10, restrict }));
      sameNeighbours(js, wasm, `analogy ${method} restrict ${restrict}`);
    }
  }
  const all = new Set(Array.from({ length: 895 }, (_, i) => i));
  const v = emb.vector('w899');
  sameNeighbours(both(() => nearestToVector(emb, v, 10, all)).js, both(() => nearestToVector(emb, v, 10, all)).wasm, 'almost all excluded');
  searched(emb);
});

layoutTest('search: non-finite input rows are zero in the unit matrix on both paths', (searched) => {
  const emb = randomEmbeddings(600, 10, 12, (r, i) => (i === 4 ? NaN : i === 9 ? Infinity : gaussian(r)));
  sameNeighbours(both(() => nearest(emb, 'w4', 10)).js, both(() => nearest(emb, 'w4', 10)).wasm, 'NaN row');
  sameNeighbours(both(() => nearest(emb, 'w1', 10)).js, both(() => nearest(emb, 'w1', 10)).wasm, 'query with NaN rows around');
  searched(emb);
});
