// The reference check (core/model-reference.ts): a model kept as a reference to the user's own file is
// reloaded only while that file is the one that was loaded; otherwise the check says what changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReference, isModelReference, type ModelReference } from '../../../src/core/model-reference';

const ref: ModelReference = {
  version: 1,
  source: { kind: 'vectors', uri: 'file:///data/GoogleNews-vectors-negative300.bin', format: 'auto' },
  files: [{ uri: 'file:///data/GoogleNews-vectors-negative300.bin', size: 3644258522, mtimeMs: 1700000000000 }],
  hash: 'ab'.repeat(32),
};

test('unchanged: same size, time and hash', () => {
  assert.deepEqual(checkReference(ref, { files: [{ ...ref.files[0] }], hash: ref.hash }), { status: 'same' });
});

test('vanished: the file is gone', () => {
  assert.deepEqual(checkReference(ref, { files: [undefined] }), { status: 'vanished', uri: ref.files[0].uri });
});

test('changed: size, modification time, or contents (the hash), each said in words', () => {
  const size = checkReference(ref, { files: [{ ...ref.files[0], size: 3644258000 }], hash: ref.hash });
  assert.deepEqual(size, { status: 'changed', uri: ref.files[0].uri, changes: ['its size is 3,644,258,000 bytes, it was 3,644,258,522'] });
  assert.deepEqual((checkReference(ref, { files: [{ ...ref.files[0], size: 1e9 }], hash: ref.hash }) as { changes: string[] }).changes, ['its size is 953.7 MB, it was 3.39 GB']);
  const time = checkReference(ref, { files: [{ ...ref.files[0], mtimeMs: 1700000600000 }], hash: ref.hash });
  assert.equal(time.status, 'changed');
  assert.match((time as { changes: string[] }).changes[0], /^it was modified on 2023-11-14T22:23:20\.000Z \(when loaded: 2023-11-14T22:13:20\.000Z\)$/);
  assert.deepEqual(checkReference(ref, { files: [{ ...ref.files[0] }], hash: 'cd'.repeat(32) }),
    { status: 'changed', uri: ref.files[0].uri, changes: ['its contents differ (the header or the first rows)'] });
});

test('several files (Projector TSV, Spark): the first that vanished or changed is named', () => {
  const two: ModelReference = { ...ref, source: { kind: 'projector', uri: 'file:///v.tsv', metadataUri: 'file:///m.tsv', labelColumn: 0, header: false },
    files: [{ uri: 'file:///v.tsv', size: 10, mtimeMs: 1 }, { uri: 'file:///m.tsv', size: 5, mtimeMs: 1 }] };
  assert.deepEqual(checkReference(two, { files: [two.files[0], undefined] }), { status: 'vanished', uri: 'file:///m.tsv' });
  assert.equal((checkReference(two, { files: [two.files[0], { ...two.files[1], size: 6 }], hash: two.hash }) as { uri: string }).uri, 'file:///m.tsv');
});

test('isModelReference validates what a store entry carries', () => {
  assert.ok(isModelReference(ref));
  assert.ok(!isModelReference({ ...ref, version: 2 }));
  assert.ok(!isModelReference({ ...ref, files: [] }));
  assert.ok(!isModelReference({ ...ref, maxWords: 0 }));
  assert.ok(!isModelReference({ ...ref, source: { kind: 'ftp', uri: 'x' } }));
  assert.ok(!isModelReference({ ...ref, files: [{ uri: 1, size: 1, mtimeMs: 1 }] }));
});
