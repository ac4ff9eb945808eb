import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary } from '../../../src/core/vocab';
import { CorpusBuilder } from '../../../src/core/corpus';

test('Vocabulary.fromCounts: minCount, frequency order, ties by code-unit order', () => {
  const counts = new Map([['b', 3], ['a', 3], ['c', 5], ['Z', 3], ['d', 1]]);
  const v = Vocabulary.fromCounts(counts, { minCount: 2 });
  assert.deepEqual(v.words, ['c', 'Z', 'a', 'b']);
  assert.deepEqual(Array.from(v.counts), [5, 3, 3, 3]);
  assert.equal(v.total, 14);
  assert.equal(v.size, 4);
  assert.equal(v.id('a'), 2);
  assert.equal(v.id('d'), -1);
  // insertion order must not matter
  const v2 = Vocabulary.fromCounts(new Map([...counts].reverse()), { minCount: 2 });
  assert.deepEqual(v2.words, v.words);
});

test('Vocabulary.fromCounts: maxSize keeps the most frequent', () => {
  const v = Vocabulary.fromCounts(new Map([['x', 1], ['y', 9], ['z', 4]]), { minCount: 1, maxSize: 2 });
  assert.deepEqual(v.words, ['y', 'z']);
  assert.equal(v.total, 13);
});

test('Vocabulary constructor for deserialisation; duplicates rejected', () => {
  const v = new Vocabulary(['a', 'b'], [2, 1]);
  assert.equal(v.id('b'), 1);
  assert.throws(() => new Vocabulary(['a', 'a'], [1, 1]), /duplicate word "a"/);
});

function decode(vocab: Vocabulary, ids: Int32Array): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const id of ids) {
    if (id < 0) {
      out.push(cur);
      cur = [];
    } else cur.push(vocab.words[id]);
  }
  assert.equal(cur.length, 0, 'corpus must end with a sentence sentinel');
  return out;
}

test('CorpusBuilder: sentences end with -1, min-count words dropped, empty sentences skipped', () => {
  const b = new CorpusBuilder();
  b.addText('the cat sat\n\nthe dog\n rare \nthe cat\n');
  assert.equal(b.tokensSeen, 8);
  const { vocab, corpus } = b.finish({ minCount: 2 });
  assert.deepEqual(vocab.words, ['the', 'cat']);
  assert.deepEqual(decode(vocab, corpus.ids), [['the', 'cat'], ['the'], ['the', 'cat']]);
  assert.equal(corpus.tokens, 5);
  assert.equal(corpus.sentences, 3);
  assert.deepEqual(Array.from(corpus.ids), [0, 1, -1, 0, -1, 0, 1, -1]);
});

test('CorpusBuilder: shared output; finish consumes the builder', () => {
  const b = new CorpusBuilder();
  b.addText('a b a');
  const r1 = b.finish({ minCount: 2, shared: true });
  assert.ok(r1.corpus.ids.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(r1.corpus.ids), [0, 0, -1]);
  assert.throws(() => b.finish({ minCount: 1 }), /already called/);
});

test('CorpusBuilder: streaming across arbitrary chunk boundaries equals the whole text', () => {
  const text = "Il était une fois — state-of-the-art don’t\r\nПривет мир, привет!\nthe end-\n\nand again the cat's hat\n".repeat(30);
  const whole = new CorpusBuilder();
  whole.addText(text);
  const expected = whole.finish({ minCount: 1 });
  for (const size of [1, 2, 3, 7, 64, 1000]) {
    const b = new CorpusBuilder();
    for (let i = 0; i < text.length; i += size) b.push(text.slice(i, i + size));
    b.end();
    const got = b.finish({ minCount: 1 });
    assert.deepEqual(got.vocab.words, expected.vocab.words, `chunk size ${size}`);
    assert.deepEqual(Array.from(got.corpus.ids), Array.from(expected.corpus.ids), `chunk size ${size}`);
  }
  // a line without a final newline is still a sentence at end()
  const b = new CorpusBuilder();
  b.push('no newline at');
  b.push(' the end');
  assert.equal(b.finish({ minCount: 1 }).corpus.sentences, 1);
});

test('CorpusBuilder: a 50 MB line without newline, pushed in small chunks, is one sentence', () => {
  const chunk = 'word another '.repeat(5000); // 65 KB
  const b = new CorpusBuilder();
  let pushed = 0;
  while (pushed < 50e6) {
    b.push(chunk);
    pushed += chunk.length;
  }
  b.end();
  assert.equal(b.tokensSeen, 2 * 5000 * Math.ceil(50e6 / chunk.length));
  assert.equal(b.finish({ minCount: 1 }).corpus.sentences, 1);
});

test('CorpusBuilder: a 2 MB run with no whitespace split across many pushes keeps every token', () => {
  const b = new CorpusBuilder();
  const piece = 'abcdefgh,'.repeat(100); // punctuation but no whitespace: kept as pending pieces
  for (let i = 0; i < 2500; i++) b.push(piece);
  b.push('\n');
  assert.equal(b.tokensSeen, 250000);
  const { corpus } = b.finish({ minCount: 1 });
  assert.equal(corpus.sentences, 1);
});

test('CorpusBuilder: push after end throws', () => {
  const b = new CorpusBuilder();
  b.end();
  assert.throws(() => b.push('x'), /after end/);
});
