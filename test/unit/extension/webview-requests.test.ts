// The host's answers to webview queries: friendly OOV errors, completion by frequency, normalised input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Embeddings } from '../../../src/core/vectors';
import { answerRequest, NO_MODEL } from '../../../src/extension/webview-requests';
import { complete } from '../../../src/core/model-queries';

const words = ['the', 'king', 'queen', 'man', 'woman', 'kingdom', 'kind', 'apple'];
const vecs: Record<string, number[]> = {
  the: [0, 0, 1], king: [1, 1, 0], queen: [1, -1, 0.1], man: [0.2, 1, 0], woman: [0.2, -1, 0.1],
  kingdom: [1, 0.9, 0.2], kind: [0.1, 0.1, 0.9], apple: [-1, 0, 0],
};
const emb = new Embeddings(words, 3, Float32Array.from(words.flatMap((w) => vecs[w]!)));

test('neighbours: ok response with the resolved word', async () => {
  const r = await answerRequest(emb, { type: 'query.neighbours', id: 3, word: 'King', k: 2 });
  assert.equal(r.ok, true);
  assert.equal(r.id, 3);
  if (!r.ok) return;
  const res = r.result as { word: string; neighbours: { word: string }[] };
  assert.equal(res.word, 'king');
  assert.equal(res.neighbours.length, 2);
  assert.equal(res.neighbours[0]!.word, 'kingdom');
});

test('OOV words come back as a friendly error naming the word', async () => {
  const r = await answerRequest(emb, { type: 'query.neighbours', id: 4, word: 'foo', k: 5 });
  assert.deepEqual(r, { type: 'response', id: 4, ok: false, error: "'foo' is not in the vocabulary" });
  const a = await answerRequest(emb, { type: 'query.analogy', id: 5, a: 'man', b: 'king', c: 'zebra', method: 'add', k: 3 });
  assert.deepEqual(a, { type: 'response', id: 5, ok: false, error: "'zebra' is not in the vocabulary" });
});

test('no model: a clear error', async () => {
  assert.deepEqual(await answerRequest(undefined, { type: 'query.similarity', id: 1, a: 'a', b: 'b' }), { type: 'response', id: 1, ok: false, error: NO_MODEL });
});

test('analogy, similarity and odd one out answer', async () => {
  const a = await answerRequest(emb, { type: 'query.analogy', id: 1, a: 'man', b: 'king', c: 'woman', method: 'add', k: 3 });
  assert.ok(a.ok && (a.result as { answers: { word: string }[] }).answers[0]!.word === 'queen');
  const m = await answerRequest(emb, { type: 'query.analogy', id: 1, a: 'man', b: 'king', c: 'woman', method: 'mul', k: 3 });
  assert.ok(m.ok);
  const s = await answerRequest(emb, { type: 'query.similarity', id: 2, a: 'king', b: 'king' });
  assert.ok(s.ok && Math.abs((s.result as { similarity: number }).similarity - 1) < 1e-6);
  const o = await answerRequest(emb, { type: 'query.oddOneOut', id: 3, words: ['king', 'queen', 'kingdom', 'apple'] });
  assert.ok(o.ok && (o.result as { word: string }).word === 'apple');
});

test('completion: prefix match in model (frequency) order, case-insensitive, limited', async () => {
  assert.deepEqual(complete(words, 'kin', 10), ['king', 'kingdom', 'kind']);
  assert.deepEqual(complete(words, 'KIN', 2), ['king', 'kingdom']);
  assert.deepEqual(complete(words, 'zz', 5), []);
  const r = await answerRequest(emb, { type: 'vocab.complete', id: 9, prefix: 'q', limit: 5 });
  assert.deepEqual(r, { type: 'response', id: 9, ok: true, result: { words: ['queen'] } });
});
