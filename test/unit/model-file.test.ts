import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, readModelFile, readModelHeader, writeModelFile, ModelFileError, type ModelFileContents } from '../../src/core/formats/model-file';

function sample(): ModelFileContents {
  const words = ['the', 'kubernetes', 'naïve', '日本語', "don't", ''];
  const dim = 3;
  const data = new Float32Array(words.length * dim).map((_, i) => Math.sin(i) * 0.5);
  return {
    header: {
      kind: 'cbow-corrected', label: 'Workspace (corrected CBOW)', vocabSize: words.length, dim, tokens: 1234, files: 7,
      trainedAt: '2026-01-02T03:04:05.000Z', source: 'workspace', hyperparameters: { window: 5, negative: 5, epochs: 10 },
      counts: [100, 50, 7, 6, 5, 5],
    },
    words,
    data,
  };
}

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array()), 0);
  const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
  assert.equal(crc32(bytes), 0x414fa339);
  assert.equal(crc32(bytes.subarray(10), crc32(bytes.subarray(0, 10))), 0x414fa339);
});

test('round trip keeps header, words and matrix exactly', () => {
  const s = sample();
  const bytes = writeModelFile(s);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'EMBLENS1');
  const back = readModelFile(bytes);
  assert.deepEqual(back.header, s.header);
  assert.deepEqual([...back.words], s.words);
  assert.deepEqual([...back.data], [...s.data]);
  assert.deepEqual(readModelHeader(bytes), s.header);
  // from an unaligned view inside a bigger buffer
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 1);
  assert.deepEqual([...readModelFile(padded.subarray(1, 1 + bytes.length)).data], [...s.data]);
});

test('an empty model round-trips', () => {
  const s: ModelFileContents = { ...sample(), words: [], data: new Float32Array(), header: { ...sample().header, vocabSize: 0, counts: [] } };
  assert.equal(readModelFile(writeModelFile(s)).words.length, 0);
});

test('every flipped byte is detected', () => {
  const bytes = writeModelFile(sample());
  for (let i = 0; i < bytes.length; i++) {
    const copy = bytes.slice();
    copy[i] ^= 0x10;
    assert.throws(() => readModelFile(copy), (e: unknown) => e instanceof ModelFileError, `flip at ${i} not detected`);
  }
  const copy = bytes.slice();
  copy[bytes.length - 20] ^= 1;
  assert.throws(() => readModelFile(copy), /model file is corrupted: checksum mismatch/);
});

test('truncation and trailing bytes are reported', () => {
  const bytes = writeModelFile(sample());
  for (const n of [bytes.length - 1, bytes.length - 4, 40, 31, 12]) {
    assert.throws(() => readModelFile(bytes.subarray(0, n)), /model file is corrupted: truncated/);
  }
  assert.throws(() => readModelFile(bytes.subarray(0, 5)), /not an Embedding Lens model file/);
  const longer = new Uint8Array(bytes.length + 2);
  longer.set(bytes);
  assert.throws(() => readModelFile(longer), /trailing bytes/);
});

test('bad magic and future versions are clear', () => {
  const bytes = writeModelFile(sample());
  const wrong = bytes.slice();
  wrong[0] = 0x58;
  assert.throws(() => readModelFile(wrong), /not an Embedding Lens model file/);
  const future = bytes.slice();
  new DataView(future.buffer).setUint32(8, 99, true);
  assert.throws(() => readModelFile(future), /version 99 is newer/);
});

test('the writer rejects inconsistent input', () => {
  const s = sample();
  assert.throws(() => writeModelFile({ ...s, data: new Float32Array(2) }), /matrix has 2 values/);
  assert.throws(() => writeModelFile({ ...s, header: { ...s.header, vocabSize: 2 } }), /header says 2 words/);
});
