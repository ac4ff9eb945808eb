import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Embeddings, OutOfVocabularyError } from '../../../src/core/vectors';
import { analogy, nearest, nearestToVector, oddOneOut, similarity, topK } from '../../../src/core/query';

export function tiny(): Embeddings {
  const rows: Record<string, number[]> = {
    man: [1, 0, 0],
    woman: [1, 1, 0],
    king: [1, 0, 1],
    queen: [1, 1, 1],
    apple: [0, 0, -1],
    zero: [0, 0, 0],
  };
  return new Embeddings(Object.keys(rows), 3, Float32Array.from(Object.values(rows).flat()));
}

const close = (a: number, b: number, eps = 1e-5) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('Embeddings: lookup, unit rows, zero rows stay zero, duplicate words rejected', () => {
  const e = tiny();
  assert.equal(e.size, 6);
  assert.equal(e.id('queen'), 3);
  assert.equal(e.id('nope'), -1);
  assert.deepEqual(Array.from(e.vector('king')), [1, 0, 1]);
  const u = e.unit();
  assert.equal(e.unit(), u, 'computed once');
  close(u[2 * 3], Math.SQRT1_2);
  assert.deepEqual(Array.from(e.unitRow(5)), [0, 0, 0]);
  assert.throws(() => e.vector('nope'), (err: unknown) => err instanceof OutOfVocabularyError && err.word === 'nope' && /"nope"/.test(err.message));
  assert.throws(() => new Embeddings(['a', 'b', 'a'], 1, new Float32Array(3)), /duplicate word "a"/);
  assert.throws(() => new Embeddings(['a'], 2, new Float32Array(3)), /needs 2 values/);
});

test('nearest: by cosine, excludes the word, k larger than vocabulary returns what exists', () => {
  const e = tiny();
  const n = nearest(e, 'king', 2);
  assert.deepEqual(n.map((x) => x.word), ['queen', 'man']);
  close(n[0].similarity, 2 / Math.sqrt(6));
  close(n[1].similarity, Math.SQRT1_2);
  const all = nearest(e, 'king', 100);
  assert.equal(all.length, 5);
  assert.ok(all.every((x) => !Number.isNaN(x.similarity)));
  assert.equal(all[all.length - 1].word, 'apple');
});

test('similarity: cosine; a zero vector gives 0, not NaN', () => {
  const e = tiny();
  close(similarity(e, 'man', 'woman'), Math.SQRT1_2);
  assert.equal(similarity(e, 'zero', 'king'), 0);
  assert.equal(similarity(e, 'zero', 'zero'), 0);
  assert.deepEqual(nearestToVector(e, new Float32Array(3), 2).map((x) => x.similarity), [0, 0]);
});

test('OOV and empty words give clear errors', () => {
  const e = tiny();
  assert.throws(() => nearest(e, 'prince'), (err: unknown) => err instanceof OutOfVocabularyError && err.word === 'prince');
  assert.throws(() => analogy(e, 'man', 'king', 'girl'), /"girl" is not in the vocabulary/);
  assert.throws(() => similarity(e, 'man', ''), /Empty word/);
  assert.throws(() => oddOneOut(e, ['man', 'xyz']), /"xyz"/);
});

test('analogy: 3CosAdd and 3CosMul find queen, excluding a, b, c', () => {
  const e = tiny();
  const add = analogy(e, 'man', 'king', 'woman');
  assert.equal(add[0].word, 'queen');
  assert.ok(!add.some((x) => ['man', 'king', 'woman'].includes(x.word)));
  assert.equal(add.length, 3);
  // cosine with unit(king - man + woman) over unit vectors
  const q = [Math.SQRT1_2 - 1 + Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2];
  const qn = Math.hypot(...q);
  close(add[0].similarity, (q[0] + q[1] + q[2]) / qn / Math.sqrt(3));
  const mul = analogy(e, 'man', 'king', 'woman', { method: 'mul', k: 1 });
  assert.equal(mul.length, 1);
  assert.equal(mul[0].word, 'queen');
  const c = 2 / Math.sqrt(6);
  close(mul[0].similarity, (((1 + c) / 2) * ((1 + c) / 2)) / ((1 + 1 / Math.sqrt(3)) / 2 + 1e-3));
  // restrict to the 4 most frequent words: only queen remains after excluding a, b, c
  assert.deepEqual(analogy(e, 'man', 'king', 'woman', { restrict: 4 }).map((x) => x.word), ['queen']);
});

test('oddOneOut: gensim doesnt_match semantics', () => {
  const e = tiny();
  const r = oddOneOut(e, ['man', 'woman', 'king', 'apple']);
  assert.equal(r.word, 'apple');
  assert.equal(r.scores.length, 4);
  assert.equal(r.scores[0].word, 'apple');
  assert.ok(r.scores[0].similarity <= r.scores[1].similarity);
  assert.throws(() => oddOneOut(e, ['man']), /at least two/);
});

test('topK equals a full sort, ties by lower id', () => {
  const scores = Float32Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 1000) / 1000);
  const want = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, 25);
  assert.deepEqual(topK(scores, 25), want);
  assert.deepEqual(topK(scores, 3, new Set([want[0]])), want.slice(1, 4));
  assert.deepEqual(topK([1, 2], 0), []);
});

test('nearest on 100k x 300 runs in milliseconds once normalised', () => {
  const V = 100000, D = 300;
  const data = new Float32Array(V * D);
  let s = 1;
  for (let i = 0; i < data.length; i++) {
    s = (s * 16807) % 2147483647;
    data[i] = s / 2147483647 - 0.5;
  }
  const e = new Embeddings(Array.from({ length: V }, (_, i) => `w${i}`), D, data);
  e.unit();
  nearest(e, 'w1', 10);
  for (let r = 0; r < 5; r++) assert.equal(nearest(e, `w${r}`, 10).length, 10); // its speed: bench/extension.ts
});
