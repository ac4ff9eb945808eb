// The analysis worker (dist/analysis-worker.js) gives the same results as the same task on this thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAnalysis, plain, AnalysisCancelledError } from '../../src/engine/analysis';
import { runAnalysisTask } from '../../src/engine/analysis-tasks';
import { Embeddings } from '../../src/core/vectors';

function model(seed: number, n = 300, d = 16): Embeddings {
  let a = seed >>> 0;
  const r = () => { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; return a / 2 ** 32 - 0.5; };
  return new Embeddings(Array.from({ length: n }, (_, i) => `w${i}`), d, Float32Array.from({ length: n * d }, r));
}

test('compare task on the worker equals the in-thread result', async () => {
  const a = model(1), b = model(2);
  const task = { kind: 'compare' as const, a: plain(a), b: plain(b), top: 100, k: 10, listSize: 5 };
  const here = await runAnalysisTask({ ...task, a: plain(a), b: plain(b) });
  const there = await runAnalysis(task);
  assert.deepEqual(there, here);
  assert.equal(there.comparison.words, 100);
});

test('evaluate task on the worker; an aborted task rejects', async () => {
  const emb = model(3);
  const r = await runAnalysis({ kind: 'evaluate', model: plain(emb), analogies: ': s\nw1 w2 w3 w4\nw1 w2 zz w4\n', similarity: [{ name: 'x', text: 'w1 w2 1\nw3 w4 2\nw5 w6 3\n' }], keepFailures: 2 });
  assert.equal(r.analogies!.all.answered, 1);
  assert.equal(r.analogies!.all.skipped, 1);
  assert.equal(r.similarity[0].report.found, 3);
  const ac = new AbortController();
  const p = runAnalysis({ kind: 'compare', a: plain(model(4, 3000, 50)), b: plain(model(5, 3000, 50)), top: 1000, k: 10, listSize: 5 }, { signal: ac.signal });
  ac.abort();
  await assert.rejects(p, AnalysisCancelledError);
});
