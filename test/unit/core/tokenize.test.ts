import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachToken, normalizeWord, tokenize } from '../../../src/core/tokenize';

test('Latin words, punctuation and digits', () => {
  assert.deepEqual(tokenize('Hello, World! 42 apples (and 3.5 pears).'), ['hello', 'world', '42', 'apples', 'and', '3', '5', 'pears']);
  assert.deepEqual(tokenize('abc123 x2'), ['abc123', 'x2']);
});

test('accents and Cyrillic are letters', () => {
  assert.deepEqual(tokenize('Café déjà-vu, naïve Ålesund'), ['café', 'déjà-vu', 'naïve', 'ålesund']);
  assert.deepEqual(tokenize('Привет, мир! Ёлка'), ['привет', 'мир', 'ёлка']);
  // decomposed e + combining acute stays one word (\p{M})
  assert.deepEqual(tokenize('cafe\u0301 ok'), ['cafe\u0301', 'ok']);
});

test('astral letters and digits outside the BMP', () => {
  assert.deepEqual(tokenize('𝐀𝐁 x 😀 y'), ['𝐀𝐁', 'x', 'y']);
});

test('apostrophes: internal kept, curly normalised, leading/trailing stripped', () => {
  assert.deepEqual(tokenize("Don't stop the city's 'quoted' words'"), ["don't", 'stop', 'the', "city's", 'quoted', 'words']);
  assert.deepEqual(tokenize('don\u2019t \u2018x\u2019'), ["don't", 'x']);
  assert.deepEqual(tokenize("rock''n roll '' '"), ["rock''n", 'roll']);
});

test('hyphens: keep (default) vs split', () => {
  assert.deepEqual(tokenize('state-of-the-art -lead trail- a--b'), ['state-of-the-art', 'lead', 'trail', 'a', 'b']);
  assert.deepEqual(tokenize('state-of-the-art', { hyphens: 'split' }), ['state', 'of', 'the', 'art']);
  assert.deepEqual(tokenize('x\u2010y'), ['x-y']);
  assert.deepEqual(tokenize("o'-neill"), ['o', 'neill']);
});

test('lowercase option', () => {
  assert.deepEqual(tokenize('Paris PARIS', { lowercase: false }), ['Paris', 'PARIS']);
  assert.deepEqual(tokenize('Paris PARIS'), ['paris', 'paris']);
});

test('underscores and other symbols split words', () => {
  assert.deepEqual(tokenize('snake_case a+b e-mail@host.com'), ['snake', 'case', 'a', 'b', 'e-mail', 'host', 'com']);
});

test('forEachToken streams the same tokens', () => {
  const seen: string[] = [];
  forEachToken('One two-three', { hyphens: 'split' }, (t) => seen.push(t));
  assert.deepEqual(seen, ['one', 'two', 'three']);
});

test('normalizeWord: the training token or undefined', () => {
  assert.equal(normalizeWord('Don\u2019t'), "don't");
  assert.equal(normalizeWord('(Paris)'), 'paris');
  assert.equal(normalizeWord('two words'), undefined);
  assert.equal(normalizeWord('...'), undefined);
  assert.equal(normalizeWord('well-known', { hyphens: 'split' }), undefined);
});

test('a long line tokenizes completely (its speed is in bench/tokenize.ts)', () => {
  const line = 'lorem ipsum-dolor sit amet, '.repeat(200000); // 5.6 MB
  let n = 0;
  forEachToken(line, {}, () => n++);
  assert.equal(n, 800000);
});

test('tokens longer than MAX_TOKEN_LENGTH are dropped by training and hover alike', async () => {
  const { MAX_TOKEN_LENGTH, tokenize, normalizeWord } = await import('../../../src/core/tokenize');
  const long = 'a'.repeat(MAX_TOKEN_LENGTH + 1);
  const limit = 'b'.repeat(MAX_TOKEN_LENGTH);
  assert.deepEqual(tokenize(`one ${long} two ${limit}`), ['one', 'two', limit]);
  assert.equal(normalizeWord(long), undefined);
  assert.equal(normalizeWord(limit), limit);
});
