// The shared word index (core/word-index.ts) answers exactly as a Map of the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWordTable, hashWord, tableSlots, TableWordIndex } from '../../../src/core/word-index';
import { Embeddings } from '../../../src/core/vectors';
import { seededRandom } from '../../../src/core/random';

test('lookups equal a Map\'s: every word, absent words, near misses, odd strings', () => {
  const r = seededRandom(77);
  const alphabet = ['a', 'b', 'é', 'я', '𝐀', "'", '-', '\uFFFD', '1'];
  const set = new Set<string>();
  while (set.size < 20000) set.add(Array.from({ length: 1 + Math.floor(r() * 8) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
  const words = [...set];
  const map = new Map(words.map((w, i) => [w, i]));
  const index = new TableWordIndex(words, buildWordTable(words, new Int32Array(tableSlots(words.length))));
  assert.equal(index.size, words.length);
  for (const w of words) assert.equal(index.get(w), map.get(w));
  const queries = ['', 'zzz', '\uD800', '\uD835', 'a\u0000', ...words.slice(0, 500).map((w) => `${w}x`), ...words.slice(0, 500).map((w) => w.slice(1))];
  for (const q of queries) assert.equal(index.get(q), map.get(q), JSON.stringify(q));
});

test('a shared table works as Embeddings\' index; too small a table is refused', () => {
  const words = ['the', 'of', 'and'];
  const table = buildWordTable(words, new Int32Array(new SharedArrayBuffer(4 * tableSlots(3))));
  const emb = new Embeddings(words, 1, Float32Array.from([1, 2, 3]), undefined, new TableWordIndex(words, table));
  assert.equal(emb.id('and'), 2);
  assert.equal(emb.id('or'), -1);
  assert.deepEqual(Array.from(emb.vector('of')), [2]);
  assert.throws(() => buildWordTable(words, new Int32Array(4)), /too few slots/);
  assert.throws(() => new Embeddings(words, 1, Float32Array.from([1, 2, 3]), undefined, new TableWordIndex(['x'], new Int32Array(16))), /an index of 1 words for 3 rows/);
  assert.equal(hashWord('a'), hashWord('a'));
});
