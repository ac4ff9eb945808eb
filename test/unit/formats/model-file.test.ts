import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inputMatrices, readModelFile, readModelHeader, writeModelFile, ModelFileError, type ModelFileContents } from '../../../src/core/formats/model-file';
import { modelEmbeddings } from '../../../src/core/ensemble';
import { repoRoot } from '../../data-path';

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
    matrices: [{ role: 'input', seed: 1, data }],
  };
}

/** Three seeds, each with input and output vectors (what training with seeds writes). */
function ensembleSample(): ModelFileContents {
  const s = sample();
  const n = s.words.length * s.header.dim;
  const m = (k: number) => new Float32Array(n).map((_, i) => Math.cos(i * k) * 0.3);
  return { ...s, matrices: [1, 2, 3].flatMap((seed) => [{ role: 'input' as const, seed, data: m(seed) }, { role: 'output' as const, seed, data: m(seed + 10) }]) };
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
  assert.deepEqual(back.header, { ...s.header, matrices: [{ role: 'input', seed: 1 }] });
  assert.deepEqual([...back.words], s.words);
  assert.deepEqual([...back.matrices[0]!.data], [...s.matrices[0]!.data]);
  assert.deepEqual(readModelHeader(bytes), back.header);
  // from an unaligned view inside a bigger buffer
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 1);
  assert.deepEqual([...readModelFile(padded.subarray(1, 1 + bytes.length)).matrices[0]!.data], [...s.matrices[0]!.data]);
});

test('a model of three seeds keeps every input and output matrix, in order', () => {
  const s = ensembleSample();
  const back = readModelFile(writeModelFile(s));
  assert.deepEqual(back.header.matrices, s.matrices.map(({ role, seed }) => ({ role, seed })));
  back.matrices.forEach((m, i) => {
    assert.equal(m.role, s.matrices[i]!.role);
    assert.equal(m.seed, s.matrices[i]!.seed);
    assert.deepEqual([...m.data], [...s.matrices[i]!.data]);
  });
  assert.equal(inputMatrices(back).length, 3);
  assert.equal(modelEmbeddings(back).ensemble?.seeds, 3);
});

test('a model file written by version 1 (one matrix, no list of matrices) still loads', () => {
  const bytes = readFileSync(path.join(repoRoot(), 'test/fixtures/model-v1.emblens'));
  assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true), 1, 'the fixture is a version-1 file');
  const c = readModelFile(bytes);
  assert.deepEqual([...c.words], ['the', 'kubernetes', 'naïve', '日本語', "don't", 'cluster']);
  assert.equal(c.matrices.length, 1);
  assert.equal(c.matrices[0]!.role, 'input');
  assert.equal(c.matrices[0]!.seed, 1, 'the seed from its hyperparameters');
  assert.deepEqual([...c.matrices[0]!.data], [...new Float32Array(18).map((_, i) => Math.sin(i) * 0.5)]);
  const emb = modelEmbeddings(c);
  assert.equal(emb.ensemble, undefined);
  assert.equal(emb.dim, 3);
});

test('a model needs at least one matrix of input vectors', () => {
  const s = ensembleSample();
  assert.throws(() => writeModelFile({ ...s, matrices: [{ role: 'output', seed: 1, data: s.matrices[1]!.data }] }), /at least one matrix of input vectors/);
});

test('an empty model round-trips', () => {
  const s: ModelFileContents = { ...sample(), words: [], matrices: [{ role: 'input', seed: 1, data: new Float32Array() }], header: { ...sample().header, vocabSize: 0, counts: [] } };
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
  assert.throws(() => writeModelFile({ ...s, matrices: [{ role: 'input', seed: 1, data: new Float32Array(2) }] }), /matrix has 2 values/);
  assert.throws(() => writeModelFile({ ...s, header: { ...s.header, vocabSize: 2 } }), /header says 2 words/);
});
