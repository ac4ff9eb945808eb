// Every reader refuses sizes beyond its limits with a specific error (code 'too-large'), never a generic
// RangeError: the security review's model file with vocabSize ≥ 2^32 and headerless file with a 10,000-value
// first line followed by a million blank lines, plus the headers that announce too much.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, readModelFile, writeModelFile, ModelFileError, ModelFileTooLargeError, type ModelFileContents } from '../../../src/core/formats/model-file';
import { isTooLargeError, readVectors, VectorFileError, VectorFileTooLargeError } from '../../../src/core/formats';
import { checkValues, MAX_VALUES } from '../../../src/core/formats/shared';

const enc = new TextEncoder();

/** A well-formed, correctly checksummed model file whose header is `patch`ed (so only the header lies). */
function modelWithHeader(patch: (h: Record<string, unknown>) => void): Uint8Array {
  const words = ['a', 'b', 'c'];
  const contents: ModelFileContents = {
    header: { kind: 'imported', label: 'x', vocabSize: 3, dim: 2, tokens: 0, files: 0, trainedAt: '2026-01-01T00:00:00.000Z', source: 't', hyperparameters: {} },
    words, matrices: [{ role: 'input', seed: 0, data: new Float32Array(6).fill(0.5) }],
  };
  const good = writeModelFile(contents);
  const view = new DataView(good.buffer);
  const hLen = view.getUint32(24, true);
  const header = JSON.parse(new TextDecoder().decode(good.subarray(28, 28 + hLen))) as Record<string, unknown>;
  patch(header);
  const hb = enc.encode(JSON.stringify(header));
  const wordsStart = 28 + hLen;
  const wLen = view.getUint32(wordsStart, true);
  const wordsBlock = good.subarray(wordsStart, wordsStart + 4 + wLen);
  const before = 28 + hb.length + wordsBlock.length;
  const pad = (4 - (before % 4)) % 4;
  const matrix = good.subarray(good.length - 4 - 24, good.length - 4);
  const total = before + pad + matrix.length + 4;
  const out = new Uint8Array(total);
  const ov = new DataView(out.buffer);
  out.set(good.subarray(0, 16), 0);
  ov.setFloat64(16, total, true);
  ov.setUint32(24, hb.length, true);
  out.set(hb, 28);
  out.set(wordsBlock, 28 + hb.length);
  out.set(matrix, before + pad);
  ov.setUint32(total - 4, crc32(out.subarray(0, total - 4)), true);
  return out;
}

test('a model file declaring vocabSize ≥ 2^32 is a ModelFileTooLargeError, not a RangeError', () => {
  assert.throws(() => readModelFile(modelWithHeader((h) => { h.vocabSize = 2 ** 32; })),
    (e: unknown) => e instanceof ModelFileTooLargeError && isTooLargeError(e) && /declares 4,294,967,296 words, more than the 2,147,483,647/.test((e as Error).message));
  assert.throws(() => readModelFile(modelWithHeader((h) => { h.dim = 20_000; })), ModelFileTooLargeError);
  assert.throws(() => readModelFile(modelWithHeader((h) => { h.vocabSize = 200_000; h.dim = 10_000; })), /200,000 words × 10,000 dimensions, more than the 1,073,741,824 values/);
  // within the limits but more words than the file holds: corrupted, before anything is allocated
  assert.throws(() => readModelFile(modelWithHeader((h) => { h.vocabSize = 1_000_000_000; h.dim = 1; })),
    (e: unknown) => e instanceof ModelFileError && !(e instanceof ModelFileTooLargeError) && /cannot hold 1000000000 words/.test((e as Error).message));
});

test('a headerless file with a 10,000-value first line and a million blank lines is read, not a RangeError', () => {
  const first = `w ${Array.from({ length: 10_000 }, () => '0.5').join(' ')}\n`;
  const bytes = enc.encode(first + '\n'.repeat(1_000_000));
  const emb = readVectors(bytes);
  assert.equal(emb.size, 1);
  assert.equal(emb.dim, 10_000);
});

test('vector headers beyond the limits are VectorFileTooLargeErrors (still VectorFileErrors)', () => {
  const cases: [string, RegExp][] = [
    ['3 20000\na 1\n', /line 1: dimension 20000 in the header is out of range \(1\.\.10000\)/],
    ['2 99999999999999999999\na 1\n', /line 1: dimension 100000000000000000000 in the header is out of range/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => readVectors(enc.encode(text)), (e: unknown) => e instanceof VectorFileTooLargeError && e instanceof VectorFileError && isTooLargeError(e) && re.test((e as Error).message), text.slice(0, 30));
  }
  const binaryHeader = enc.encode('2 50000\n');
  const bin = new Uint8Array(binaryHeader.length + 10);
  bin.set(binaryHeader);
  bin.set([0x61, 0x20, 0x80, 0x81], binaryHeader.length);
  assert.throws(() => readVectors(bin, 'word2vec-binary'), (e: unknown) => e instanceof VectorFileTooLargeError && /byte offset 0: dimension 50000/.test((e as Error).message));
  // a file large enough for its header can still announce more values than a model may hold (checked before allocating)
  assert.throws(() => checkValues(Math.floor(MAX_VALUES / 100) + 1, 100, { line: 1 }), (e: unknown) => e instanceof VectorFileTooLargeError && /line 1: 10,737,419 words × 100 dimensions is more than the 1,073,741,824 values/.test((e as Error).message));
  assert.doesNotThrow(() => checkValues(Math.floor(MAX_VALUES / 100), 100, { line: 1 }));
  // a header count smaller than the file's rows, or one the file cannot hold, stays a plain VectorFileError
  assert.throws(() => readVectors(enc.encode('200000000 10\na 1 2 3 4 5 6 7 8 9 10\n')), (e: unknown) => e instanceof VectorFileError && !isTooLargeError(e));
  // a dimension of 0 is malformed, not too large
  assert.throws(() => readVectors(enc.encode('1 0\na\n')), (e: unknown) => e instanceof VectorFileError && !isTooLargeError(e));
});
