// The load worker through its host side (engine/vectors-loader.ts), with real worker threads and real files:
// results equal readVectors and live in a SharedArrayBuffer; progress in bytes; a cancel at a point defined
// by progress; errors as readVectors gives them; maxWords; the probe; model references (unchanged, changed,
// vanished) and the copy for the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readVectors, VectorFileError, writeHeaderlessText, writeWord2vecBinary } from '../../../src/core/formats';
import { readModelFile } from '../../../src/core/formats/model-file';
import { checkReference, ModelReferenceError, type ModelReference } from '../../../src/core/model-reference';
import { Embeddings } from '../../../src/core/vectors';
import { LoadCancelledError } from '../../../src/engine/load-cancelled';
import { loadVectors, probeVectors, type LoadProgress } from '../../../src/engine/vectors-loader';
import { fingerprintFiles, type VectorSource } from '../../../src/engine/vector-files';
import { bigWord, writeBigBinary } from '../../factories/big-vectors';

const dir = mkdtempSync(join(tmpdir(), 'el-loader-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function model(n: number, dim: number): Embeddings {
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.cos(i * 0.37));
  return new Embeddings(Array.from({ length: n }, (_, i) => `wörd${i}`), dim, data);
}

const src = (path: string): VectorSource => ({ kind: 'vectors', path, format: 'auto' });

test('a binary file loads in the worker: the same vectors as readVectors, over a SharedArrayBuffer, with its index', async () => {
  const path = join(dir, 'm.bin');
  const emb = model(3000, 20);
  writeFileSync(path, writeWord2vecBinary(emb));
  const info = await probeVectors(src(path));
  assert.deepEqual([info.format, info.words, info.dim, info.exact, info.frequencyOrdered], ['word2vec-binary', 3000, 20, true, true]);
  const progress: LoadProgress[] = [];
  const loaded = await loadVectors(src(path), { info }, { onProgress: (p) => { progress.push(p); } });
  const e = loaded.embeddings;
  assert.ok(e.data.buffer instanceof SharedArrayBuffer, 'the matrix is the worker\'s SharedArrayBuffer, not a copy');
  assert.deepEqual([...e.words], [...emb.words]);
  assert.deepEqual(e.data, emb.data);
  assert.equal(e.id('wörd2999'), 2999);
  assert.equal(e.id('nope'), -1);
  assert.equal(progress.at(-1)!.done, statSync(path).size);
  assert.ok(progress.every((p, i) => i === 0 || p.done >= progress[i - 1].done), 'progress only grows');
});

test('headerless text: the probe counts lines; the load equals readVectors; maxWords keeps the first rows', async () => {
  const path = join(dir, 'glove.txt');
  const emb = model(500, 7);
  writeFileSync(path, writeHeaderlessText(emb));
  const info = await probeVectors(src(path));
  assert.deepEqual([info.format, info.words, info.exact, info.rowsHint, info.dim], ['headerless-text', 500, false, 500, 7]);
  const all = await loadVectors(src(path), { info });
  const want = readVectors(readFileSync(path));
  assert.deepEqual([...all.embeddings.words], [...want.words]);
  assert.deepEqual(all.embeddings.data, want.data);
  const some = await loadVectors(src(path), { info, maxWords: 17 });
  assert.deepEqual([...some.embeddings.words], want.words.slice(0, 17));
  assert.deepEqual(some.embeddings.data, want.data.slice(0, 17 * 7));
});

test('a malformed file fails with the error readVectors gives', async () => {
  const path = join(dir, 'bad.vec');
  writeFileSync(path, '3 2\na 1 2\nb 3 x\nc 5 6\n');
  let want: unknown;
  try { readVectors(readFileSync(path)); } catch (e) { want = e; }
  const same = (e: unknown) => {
    assert.ok(e instanceof VectorFileError);
    assert.equal(e.message, (want as VectorFileError).message);
    assert.equal(e.line, 3);
    return true;
  };
  // the probe reads the header and the first rows, so an early defect is reported before loading begins
  await assert.rejects(() => probeVectors(src(path)), same);
  const info = { format: 'word2vec-text' as const, words: 3, exact: true, dim: 2, bytes: statSync(path).size, frequencyOrdered: true, files: [path] };
  await assert.rejects(() => loadVectors(src(path), { info }), same);
  writeFileSync(path, '');
  await assert.rejects(() => probeVectors(src(path)), /line 1: empty file/);
  await assert.rejects(() => probeVectors(src(join(dir, 'missing.bin'))), (e: unknown) => e instanceof VectorFileError && /ENOENT|no such file/.test(e.message));
});

test('cancel at a point defined by progress (40 % of the bytes): LoadCancelledError, and the next load works', async () => {
  const path = join(dir, 'big.bin');
  await writeBigBinary(path, 20000, 256); // about 20 MB: five 4 MB pieces, a progress report for each
  const info = await probeVectors(src(path));
  const controller = new AbortController();
  let at: number | undefined;
  await assert.rejects(() => loadVectors(src(path), { info }, {
    signal: controller.signal,
    onProgress: (p) => {
      if (at === undefined && p.done / p.total >= 0.4 && p.done < p.total) { at = p.done / p.total; controller.abort(); }
    },
  }), LoadCancelledError);
  assert.ok(at !== undefined && at < 1, 'the cancel point was reached before the end');
  const again = await loadVectors(src(path), { info });
  assert.equal(again.embeddings.size, 20000);
  assert.equal(again.embeddings.words[19999], bigWord(19999));
});

test('a progress callback\'s promise is awaited before the load completes', async () => {
  const path = join(dir, 'm2.bin');
  writeFileSync(path, writeWord2vecBinary(model(100, 4)));
  const info = await probeVectors(src(path));
  const order: string[] = [];
  const loaded = await loadVectors(src(path), { info }, {
    onProgress: () => new Promise<void>((r) => setTimeout(() => { order.push('hook'); r(); }, 20)),
  }).then((l) => { order.push('loaded'); return l; });
  assert.equal(loaded.embeddings.size, 100);
  assert.deepEqual(order.slice(-1), ['loaded']);
  assert.ok(order.indexOf('hook') >= 0 && order.indexOf('hook') < order.indexOf('loaded'));
});

test('model references: the fingerprint is checked before reading; changed and vanished files are named', async () => {
  const path = join(dir, 'ref.bin');
  writeFileSync(path, writeWord2vecBinary(model(200, 6)));
  const info = await probeVectors(src(path));
  const first = await loadVectors(src(path), { info, fingerprint: true });
  const fp = first.fingerprint!;
  assert.equal(fp.files.length, 1);
  const ref: ModelReference = { version: 1, source: { kind: 'vectors', uri: pathToFileURL(path).toString(), format: 'auto' }, files: fp.files.map((f) => f!), hash: fp.hash! };
  assert.equal(checkReference(ref, await fingerprintFiles([path])).status, 'same');
  const again = await loadVectors(src(path), { info, expect: ref });
  assert.deepEqual(again.embeddings.data, first.embeddings.data);

  // the same size and modification time, other values: only the hash can tell
  const { mtime } = statSync(path);
  const bytes = readFileSync(path);
  bytes[bytes.length - 3] ^= 0x01;
  writeFileSync(path, bytes);
  utimesSync(path, mtime, mtime);
  const c = checkReference(ref, await fingerprintFiles([path]));
  assert.deepEqual(c, { status: 'changed', uri: ref.files[0].uri, changes: ['its contents differ (the header or the first rows)'] });
  await assert.rejects(() => loadVectors(src(path), { info, expect: ref }), (e: unknown) => e instanceof ModelReferenceError && /changed since it was loaded: its contents differ/.test(e.message) && e.message.includes(path));
  // a new size
  writeFileSync(path, Buffer.concat([bytes, Buffer.from('\n')]));
  await assert.rejects(() => loadVectors(src(path), { info, expect: ref }), /changed since it was loaded: its size is/);
  // gone
  unlinkSync(path);
  await assert.rejects(() => loadVectors(src(path), { info, expect: ref }), (e: unknown) => e instanceof ModelReferenceError && e.check.status === 'vanished' && /is gone \(moved or deleted\)/.test(e.message));
});

test('the copy for the store is encoded in the worker and reads back as a model file', async () => {
  const path = join(dir, 'copy.bin');
  const emb = model(300, 5);
  writeFileSync(path, writeWord2vecBinary(emb));
  const info = await probeVectors(src(path));
  const header = { kind: 'imported' as const, label: 'copy.bin', vocabSize: 0, dim: 0, tokens: 0, files: 0, trainedAt: new Date(0).toISOString(), source: 'x', hyperparameters: {} };
  const loaded = await loadVectors(src(path), { info, encode: header });
  const back = readModelFile(loaded.encoded!);
  assert.equal(back.header.vocabSize, 300);
  assert.equal(back.header.dim, 5);
  assert.deepEqual([...back.words], [...emb.words]);
  assert.deepEqual(back.matrices[0]!.data, emb.data);
});

test('bytes handed over whole (a virtual file system): shared with the probe and the load worker', async () => {
  const emb = model(400, 9);
  const raw = writeWord2vecBinary(emb);
  const bytes = new Uint8Array(new SharedArrayBuffer(raw.length));
  bytes.set(raw);
  const source: VectorSource = { kind: 'bytes', bytes, name: 'remote.bin', format: 'auto' };
  const info = await probeVectors(source);
  assert.deepEqual([info.format, info.words, info.dim], ['word2vec-binary', 400, 9]);
  const loaded = await loadVectors(source, { info });
  assert.deepEqual(loaded.embeddings.data, emb.data);
  assert.equal(bytes[0], raw[0], 'the host still has its bytes');
});
