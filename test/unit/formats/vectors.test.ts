import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Embeddings } from '../../../src/core/vectors';
import {
  detectFormat, readVectors, VectorFileError, writeHeaderlessText, writeProjectorTsv, writeWord2vecBinary, writeWord2vecText,
} from '../../../src/core/formats';

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

function sample(): Embeddings {
  const words = ['the', 'café', 'привет', "don't", 'state-of-the-art', '𝐀'];
  const dim = 5;
  const data = new Float32Array(words.length * dim);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 48271) % 2147483647;
    data[i] = (s / 2147483647 - 0.5) * Math.pow(10, (i % 7) - 3);
  }
  data[3] = 0;
  data[4] = -1e-30;
  return new Embeddings(words, dim, data);
}

function assertSame(a: Embeddings, b: Embeddings): void {
  assert.deepEqual(b.words, a.words);
  assert.equal(b.dim, a.dim);
  assert.deepEqual(Array.from(b.data), Array.from(a.data));
}

/** Asserts a VectorFileError whose message matches re (which names the line / offset). */
function rejects(input: Uint8Array, re: RegExp, format?: Parameters<typeof readVectors>[1]): VectorFileError {
  let caught: unknown;
  try {
    readVectors(input, format);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof VectorFileError, `expected VectorFileError, got ${String(caught)}`);
  assert.match(caught.message, re);
  return caught;
}

test('round trip: word2vec text (exact float32)', () => {
  const e = sample();
  const b = writeWord2vecText(e);
  assert.ok(new TextDecoder().decode(b).startsWith('6 5\nthe '));
  assert.equal(detectFormat(b), 'word2vec-text');
  assertSame(e, readVectors(b));
  assertSame(e, readVectors(b, 'word2vec-text'));
});

test('round trip: word2vec binary', () => {
  const e = sample();
  const b = writeWord2vecBinary(e);
  assert.equal(detectFormat(b), 'word2vec-binary');
  assertSame(e, readVectors(b));
  // without the optional newline after each vector
  const parts: number[] = [...bytes('2 2\n')];
  for (const [w, v] of [['a', [1, 2]], ['b', [3, 4]]] as const) {
    parts.push(...bytes(w + ' '), ...new Uint8Array(Float32Array.from(v).buffer));
  }
  const r = readVectors(Uint8Array.from(parts));
  assert.deepEqual(Array.from(r.data), [1, 2, 3, 4]);
});

test('round trip: headerless text (kōan, GloVe)', () => {
  const e = sample();
  const b = writeHeaderlessText(e);
  assert.equal(detectFormat(b), 'headerless-text');
  assertSame(e, readVectors(b));
});

test('fastText .vec: trailing spaces, BOM, CRLF', () => {
  const text = '\uFEFF2 3\r\nthe 0.1 -0.2 3e-2 \r\nof 1 2 3 \r\n';
  const e = readVectors(bytes(text));
  assert.deepEqual(e.words, ['the', 'of']);
  assert.deepEqual(Array.from(e.data), Array.from(Float32Array.from([0.1, -0.2, 0.03, 1, 2, 3])));
  assert.deepEqual(readVectors(bytes(text), 'fasttext-vec').words, ['the', 'of']);
  assert.deepEqual(readVectors(bytes('x 1 2\r\ny 3 4')).words, ['x', 'y']);
});

test('Projector TSV', () => {
  const e = new Embeddings(['a', 'b'], 2, Float32Array.from([0.5, -1, 0.25, 2]));
  assert.deepEqual(writeProjectorTsv(e), { vectors: '0.5\t-1\n0.25\t2\n', metadata: 'a\nb\n' });
});

test('empty files', () => {
  rejects(new Uint8Array(0), /empty file/);
  rejects(bytes('\uFEFF \r\n\n'), /empty file/);
  rejects(new Uint8Array(0), /empty file/, 'word2vec-binary');
});

test('text: header lying about the count', () => {
  const err = rejects(bytes('3 2\nalpha 1.5 2.5\nbeta 3.5 4.5\n'), /^line 3: the header announces 3 words but the file has 2/);
  rejects(bytes('3 2\na 1 2\nb 3 4\n'), /^line 1: header announces 3 words of dimension 2, more than the file's 16 bytes can hold/);
  assert.ok(err.line !== undefined);
  rejects(bytes('1 2\na 1 2\nb 3 4\n'), /^line 3: more rows than the 1/);
});

test('text: header lying about the dimension / rows of the wrong length', () => {
  rejects(bytes('2 3\nalpha 1.5 2.5\nbeta 3.5 4.5\n'), /^line 2: word "alpha" has 2 values, expected 3/);
  rejects(bytes('2 2\na 1 2\nb 3 4 5\n'), /^line 3: word "b" has 3 values, expected 2/);
  rejects(bytes('a 1 2\nb 3\n'), /^line 2: word "b" has 1 values, expected 2/);
});

test('text: non-numbers, NaN and Infinity name the line and word', () => {
  const err = rejects(bytes('2 2\na 1.0 2.0\nb 1.0 x\n'), /^line 3: word "b": value 2 "x" is not a finite number/);
  assert.equal(err.line, 3);
  rejects(bytes('1 2\na nan 2\n'), /^line 2: word "a": value 1 "nan"/);
  rejects(bytes('1 2\na 1 NaN\n'), /^line 2: word "a"/);
  rejects(bytes('1 2\na Infinity 2\n'), /^line 2: word "a": value 1 "Infinity"/);
  rejects(bytes('b 1 2\na -inf 2\n'), /^line 2: word "a"/);
});

test('text: duplicate words name the word and both lines', () => {
  rejects(bytes('3 1\na 1.0\nb 2.0\na 3.0\n'), /^line 4: duplicate word "a" \(first on line 2\)/);
});

test('text: huge dimension or count refused before allocating', () => {
  rejects(bytes('2 100000\na 1\n'), /^line 1: dimension 100000/);
  rejects(bytes('2 0\na\n'), /^line 1: dimension 0/);
  rejects(bytes('2000000000 300\na 1 2\n'), /^line 1: header announces 2000000000 words of dimension 300/);
  rejects(bytes('99999999999999999999 3\na 1 2 3\n'), /^line 1: header announces/);
});

test('text: invalid UTF-8 names the line', () => {
  const b = Uint8Array.from([...bytes('2 2\na 1.0 2.0\n'), 0xc3, 0x28, ...bytes(' 3.0 4.0\n')]);
  const err = rejects(b, /^line 3: invalid UTF-8 at byte offset 14/);
  assert.equal(err.offset, 14);
});

function binary(header: string, records: [string | number[], number[]][]): Uint8Array {
  const out: number[] = [...bytes(header)];
  for (const [w, v] of records) {
    out.push(...(typeof w === 'string' ? bytes(w) : w), 0x20, ...new Uint8Array(Float32Array.from(v).buffer), 0x0a);
  }
  return Uint8Array.from(out);
}

test('binary: truncated file names the byte offset', () => {
  const full = writeWord2vecBinary(sample());
  const cut = full.subarray(0, full.length - 7);
  const err = rejects(cut, /^byte offset \d+: truncated file/);
  assert.equal(err.offset, cut.length);
  rejects(full.subarray(0, 40), /^byte offset \d+: (truncated file|header announces)/);
});

test('binary: header lying about the count', () => {
  const err = rejects(binary('3 2\n', [['alphabetical', [1, 2]], ['betamaxes', [3, 4]]]), /^byte offset 45: truncated file: the header announces 3 words, found 2/);
  assert.equal(err.offset, 45);
  rejects(binary('1 2\n', [['a', [1, 2]], ['b', [3, 4]]]), /^byte offset 15: data after the 1 words/);
  rejects(binary('5 2\n', [['a', [1, 2]], ['b', [3, 4]], ['c', [1, 1]]]), /^byte offset 0: header announces 5 words of dimension 2/);
});

test('binary: header lying about the dimension', () => {
  const recs: [string, number[]][] = [['alpha', [0.25, -0.5, 1.5]], ['beta', [0.1, 0.2, 0.3]], ['gamma', [3, 2, 1]]];
  const good = binary('3 3\n', recs);
  assert.equal(readVectors(good, 'word2vec-binary').size, 3);
  rejects(binary('3 2\n', recs), /^byte offset \d+/, 'word2vec-binary');
  rejects(binary('2 4\n', recs), /^byte offset \d+/, 'word2vec-binary');
});

test('binary: NaN / Infinity, duplicates, invalid UTF-8, huge header', () => {
  rejects(binary('2 2\n', [['a', [1, 2]], ['b', [NaN, 1]]]), /^byte offset 17: word "b": value 1 is NaN/);
  rejects(binary('1 2\n', [['a', [1, Infinity]]]), /^byte offset 10: word "a": value 2 is Infinity/);
  rejects(binary('2 1\n', [['a', [1]], ['a', [2]]]), /^byte offset 11: duplicate word "a" \(first at byte offset 4\)/);
  rejects(binary('1 1\n', [[[0xc3, 0x28], [1]]]), /^byte offset 4: invalid UTF-8 in word 1/, 'word2vec-binary');
  rejects(binary('2 20000\n', [['a', [1]]]), /^byte offset 0: dimension 20000/, 'word2vec-binary');
  rejects(binary('1000000000 300\n', [['a', [1]]]), /^byte offset 0: header announces 1000000000 words/, 'word2vec-binary');
});

test('writers refuse words that would corrupt the file', () => {
  const e = new Embeddings(['a b'], 1, Float32Array.from([1]));
  assert.throws(() => writeWord2vecText(e), /"a b"/);
  assert.throws(() => writeWord2vecBinary(e), /"a b"/);
});
