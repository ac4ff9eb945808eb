// The analysis worker (dist/analysis-worker.js) gives the same results as the same task on this thread, and a loaded
// model reaches it without a copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis, plain, AnalysisCancelledError } from '../../../src/engine/analysis';
import { runAnalysisTask } from '../../../src/engine/analysis-tasks';
import { Embeddings } from '../../../src/core/vectors';
import { packWords, sharedWordList } from '../../../src/core/shared-words';

function model(seed: number, n = 300, d = 16): Embeddings {
  let a = seed >>> 0;
  const r = () => { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; return a / 2 ** 32 - 0.5; };
  return new Embeddings(Array.from({ length: n }, (_, i) => `w${i}`), d, Float32Array.from({ length: n * d }, r));
}

test('the compare task on the worker equals the in-thread result', async () => {
  const seeds = (base: number) => [0, 1, 2].map((s) => model(base + s).data);
  const task = {
    kind: 'compareSeeds' as const, words: model(1).words.slice(), seedDim: 16, top: 100, k: 10, window: 2, maxPositions: 200, samples: 50, similarity: [],
    rules: [{ key: 'a', inputs: seeds(10), outputs: seeds(20) }, { key: 'b', inputs: seeds(30), outputs: seeds(40) }],
    test: [Int32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(7, 8, 9, 10), Int32Array.of(11, 12, 13)],
  };
  const here = await runAnalysisTask(task);
  const there = await runAnalysis(task);
  assert.deepEqual(JSON.parse(JSON.stringify(there)), JSON.parse(JSON.stringify(here)));
  assert.equal(there.noise.words, 100);
  assert.equal(there.ensembles.length, 2);
  assert.equal(there.heldOut.positions, 13);
});

test('evaluate task on the worker; an aborted task rejects', async () => {
  const emb = model(3);
  const r = await runAnalysis({ kind: 'evaluate', model: plain(emb), analogies: ': s\nw1 w2 w3 w4\nw1 w2 zz w4\n', similarity: [{ name: 'x', text: 'w1 w2 1\nw3 w4 2\nw5 w6 3\n' }], keepFailures: 2 });
  assert.equal(r.analogies!.all.answered, 1);
  assert.equal(r.analogies!.all.skipped, 1);
  assert.equal(r.similarity[0].report.found, 3);
  const ac = new AbortController();
  const big = (base: number) => [0, 1, 2].map((s) => model(base + s, 3000, 50).data);
  const p = runAnalysis({
    kind: 'compareSeeds', words: model(1, 3000, 50).words.slice(), seedDim: 50, top: 1000, k: 10, window: 2, maxPositions: 100, samples: 1000, similarity: [],
    rules: [{ key: 'a', inputs: big(1), outputs: big(5) }, { key: 'b', inputs: big(9), outputs: big(13) }], test: [],
  }, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, AnalysisCancelledError);
});

test('align and project tasks on the worker equal the in-thread results; the rotation is applied there', async () => {
  const { alignSpaces, rotate } = await import('../../../src/core/compare/align');
  const { pca2 } = await import('../../../src/core/projection');
  const a = model(6, 400, 24), b = model(7, 400, 24);
  const aligned = await runAnalysis({ kind: 'align', a: plain(a), b: plain(b) });
  const here = await alignSpaces(a, b);
  assert.equal(aligned.words, 400);
  assert.deepEqual(Array.from(aligned.rotation), Array.from(here.rotation));

  const m = 30, d = 24;
  const pts = new Float64Array(2 * m * d);
  for (let i = 0; i < m; i++) { pts.set(a.unitRow(i), i * d); pts.set(b.unitRow(i), (m + i) * d); }
  const byHand = pts.slice();
  for (let i = m; i < 2 * m; i++) byHand.set(rotate(byHand.subarray(i * d, (i + 1) * d), here.rotation, d), i * d);
  const want = pca2(byHand, 2 * m, d);
  const got = await runAnalysis({ kind: 'project', method: 'pca', points: pts, n: 2 * m, d, seed: 1, rotateFrom: m, rotation: here.rotation.slice() });
  assert.equal(got.coords.length, want.coords.length);
  for (let i = 0; i < want.coords.length; i++) assert.ok(Math.abs(got.coords[i]! - want.coords[i]!) < 1e-9, `coordinate ${i}`);
  const umap = await runAnalysis({ kind: 'project', method: 'umap', points: byHand.slice(), n: 2 * m, d, seed: 1 });
  assert.equal(umap.coords.length, 4 * m);
  assert.ok(Array.from(umap.coords).every(Number.isFinite));
});

test('a 10,000-dimension projection is cancellable on the worker', async () => {
  const d = 10_000, n = 200;
  const pts = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37));
  const ac = new AbortController();
  const p = runAnalysis({ kind: 'project', method: 'pca', points: pts, n, d, seed: 1 }, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, AnalysisCancelledError);
});

test('a loaded model (shared matrix, packed words) goes to the worker uncopied, and evaluates as its copy does', async () => {
  const emb = model(7);
  const shared = new Float32Array(new SharedArrayBuffer(emb.data.byteLength));
  shared.set(emb.data);
  const loaded = new Embeddings(sharedWordList(packWords(emb.words)), emb.dim, shared);
  const p = plain(loaded);
  assert.equal(p.data, shared, 'the shared matrix itself, not a copy');
  assert.ok(!Array.isArray(p.words), 'the words stay packed');
  assert.ok(Array.isArray(plain(emb).words) && plain(emb).data !== emb.data, 'an ordinary model is copied');
  const task = (m: typeof p) => ({ kind: 'evaluate' as const, model: m, analogies: ': s\nw1 w2 w3 w4\nw5 w6 w7 w8\nw1 w2 zz w4\n', similarity: [{ name: 'x', text: 'w1 w2 1\nw3 w4 2\nw5 w6 3\nw7 w9 4\n' }], keepFailures: 2 });
  const there = await runAnalysis(task(p));
  const copy = await runAnalysis(task(plain(emb)));
  const strip = (r: typeof there) => JSON.parse(JSON.stringify({ ...r, analogySeconds: 0, similarity: r.similarity.map((s) => ({ ...s, seconds: 0 })) }));
  assert.deepEqual(strip(there), strip(copy));
  assert.equal(there.analogies!.all.answered, 2);
  assert.deepEqual(Array.from(shared), Array.from(emb.data), 'the worker did not write to the shared matrix');
  // the compare view's alignment of two loaded models
  const other = model(8);
  const otherShared = new Float32Array(new SharedArrayBuffer(other.data.byteLength));
  otherShared.set(other.data);
  const loadedOther = new Embeddings(sharedWordList(packWords(other.words)), other.dim, otherShared);
  const aligned = await runAnalysis({ kind: 'align', a: plain(loaded), b: plain(loadedOther) });
  const alignedCopy = await runAnalysis({ kind: 'align', a: plain(emb), b: plain(other) });
  assert.deepEqual(JSON.parse(JSON.stringify(aligned)), JSON.parse(JSON.stringify(alignedCopy)));
  assert.deepEqual(Array.from(otherShared), Array.from(other.data), 'nor to the other one');
});
