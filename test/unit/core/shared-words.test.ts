// The packed word list (core/shared-words.ts): every word comes back as it went in, and the list behaves as the
// read-only array its consumers (Embeddings.words) expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedOf, packWords, packedWord, sharedWordList, unpackWords } from '../../../src/core/shared-words';
import { buildWordTable, tableSlots, TableWordIndex } from '../../../src/core/word-index';
import { Embeddings } from '../../../src/core/vectors';
import { seededRandom } from '../../../src/core/random';

const odd = ['', 'the', 'é', 'я', '𝐀', '\uD800', '\uDFFF', 'a\u0000b', '\uFFFD', 'x'.repeat(4096), 'y'.repeat(4097), 'z'.repeat(12289)];

test('packed words come back exactly: lone surrogates, NUL, empty and very long words, in shared memory', () => {
  const p = packWords(odd);
  assert.ok(p.chars.buffer instanceof SharedArrayBuffer && p.starts.buffer instanceof SharedArrayBuffer);
  assert.equal(p.starts.length, odd.length + 1);
  odd.forEach((w, i) => assert.equal(packedWord(p, i), w, `word ${i}`));
  assert.deepEqual(unpackWords(p), odd);
  const plain = packWords(['a', 'bc'], false);
  assert.ok(plain.chars.buffer instanceof ArrayBuffer);
  assert.deepEqual(unpackWords(plain), ['a', 'bc']);
  assert.deepEqual(unpackWords(packWords([])), []);
  const out = new Array<string>(odd.length);
  unpackWords(p, 2, 5, out);
  assert.deepEqual(out.slice(2, 5), odd.slice(2, 5), 'a slice, into the caller\'s array');
  assert.equal(out[1], undefined);
});

test('the shared list answers as an array: indices, length, iteration, Array methods, JSON, deep equality', () => {
  const words = ['alpha', 'beta', 'gamma', 'é', ''];
  const list = sharedWordList(packWords(words));
  assert.equal(list.length, 5);
  assert.equal(list[2], 'gamma');
  assert.equal(list[5], undefined);
  assert.equal(list[-1 as number], undefined);
  assert.equal((list as unknown as Record<string, unknown>)['02'], undefined, 'not a canonical index');
  assert.ok(Array.isArray(list));
  assert.deepEqual([...list], words);
  assert.deepEqual(list.slice(1, 3), ['beta', 'gamma']);
  assert.deepEqual(list.map((w) => w.length), [5, 4, 5, 1, 0]);
  assert.equal(list.indexOf('é'), 3);
  assert.ok(list.includes('beta') && !list.includes('delta'));
  assert.equal(JSON.stringify(list), JSON.stringify(words));
  assert.deepEqual(Object.keys(list), ['0', '1', '2', '3', '4']);
  assert.ok(1 in list && !(5 in list));
  assert.deepEqual(list, words);
  const out: string[] = [];
  for (const w of list) out.push(w);
  assert.deepEqual(out, words);
  assert.equal(packedOf(list)?.starts.length, 6);
  assert.equal(packedOf(words), undefined);
});

test('the shared list is read-only, and cannot be posted as it is', () => {
  const list = sharedWordList(packWords(['a', 'b'])) as string[];
  assert.throws(() => { list[0] = 'z'; }, TypeError);
  assert.throws(() => { list.push('c'); }, TypeError);
  assert.throws(() => { delete list[0]; }, TypeError);
  assert.throws(() => Object.freeze(list), TypeError);
  assert.throws(() => Object.seal(list), TypeError);
  assert.throws(() => Object.preventExtensions(list), TypeError);
  assert.throws(() => Object.setPrototypeOf(list, null), TypeError);
  assert.deepEqual([...list], ['a', 'b']);
  assert.deepEqual(Object.keys(list), ['0', '1'], 'still an array after the refused changes');
  assert.throws(() => structuredClone(list), /could not be cloned/);
  assert.deepEqual(structuredClone([...list]), ['a', 'b']);
});

test('Embeddings over a shared list and its word table look words up as a Map would', () => {
  const r = seededRandom(5);
  const set = new Set<string>();
  while (set.size < 5000) set.add(Array.from({ length: 1 + Math.floor(r() * 6) }, () => 'abé𝐀-'[Math.floor(r() * 5)]).join(''));
  const words = [...set];
  const list = sharedWordList(packWords(words));
  const table = buildWordTable(words, new Int32Array(tableSlots(words.length)));
  const emb = new Embeddings(list, 1, Float32Array.from(words, (_, i) => i), undefined, new TableWordIndex(list, table));
  const map = new Map(words.map((w, i) => [w, i]));
  for (const w of [...words, 'nope', '', 'a\u0000']) assert.equal(emb.id(w), map.get(w) ?? -1, JSON.stringify(w));
  assert.equal(emb.size, words.length);
  assert.deepEqual(Array.from(emb.vector(words[1234]!)), [1234]);
});
