// Our own model files read off the host's thread (engine/vectors-loader.ts loadModelFile, the load worker and
// engine/model-reading.ts), with real worker threads and real files: what the worker reads and prepares equals
// readModelFile + modelEmbeddings + prepareSearch on the calling thread, bit for bit (matrix, unit matrix, int8
// copy, answers), for one seed and several, a version-1 file, from a path and from bytes; corrupted and truncated
// files give the same ModelFileErrors; the streaming check (core/formats/model-file-stream.ts) equals
// readModelFile at every piece size; the worker can be held at a defined point (after reading, before preparing)
// while this thread runs on, and cancelled there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { agreedNeighbours, modelEmbeddings } from '../../../src/core/ensemble';
import { crc32, readModelFile, writeModelFile } from '../../../src/core/formats/model-file';
import { modelContents as contents } from '../../factories/models';
import { ModelFileStream } from '../../../src/core/formats/model-file-stream';
import { nearest } from '../../../src/core/query';
import { setAccelerator, type Embeddings } from '../../../src/core/vectors';
import { LoadCancelledError } from '../../../src/engine/load-cancelled';
import { lastCandidateCount, prepareSearch, quantizedCopy } from '../../../src/engine/search';
import { preparationHooks, loadModelFile } from '../../../src/engine/vectors-loader';
import { acc } from '../../accelerator-paths';
import { repoRoot } from '../../data-path';

const dir = mkdtempSync(join(tmpdir(), 'el-model-worker-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function sameBits(a: ArrayBufferView, b: ArrayBufferView, what: string): void {
  assert.equal(b.byteLength, a.byteLength, `${what}: length`);
  assert.ok(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), `${what}: bits differ`);
}

/** The host path before the worker: the whole file, checked, the ensemble and the search prepared here. */
function onThisThread(bytes: Uint8Array): Embeddings {
  const emb = modelEmbeddings(readModelFile(bytes));
  prepareSearch(emb);
  return emb;
}

function sameModel(host: Embeddings, worker: Embeddings, what: string): void {
  assert.deepEqual(worker.words, host.words, `${what}: words`);
  assert.equal(worker.dim, host.dim);
  assert.deepEqual(worker.ensemble, host.ensemble, `${what}: ensemble layout`);
  sameBits(host.data, worker.data, `${what}: matrix`);
  assert.ok(worker.data.buffer instanceof SharedArrayBuffer, `${what}: the matrix is in shared memory`);
  assert.ok(worker.unit().buffer instanceof SharedArrayBuffer, `${what}: the unit matrix is in the worker's shared wasm memory`);
  sameBits(host.unit(), worker.unit(), `${what}: unit matrix`);
  const hq = quantizedCopy(host);
  const wq = quantizedCopy(worker);
  assert.ok(hq && wq, `${what}: both have an int8 copy`);
  sameBits(hq.q8, wq.q8, `${what}: int8 copy`);
  sameBits(hq.meta, wq.meta, `${what}: int8 scales and bounds`);
  for (const id of [...new Set([0, 1, 3, 17, host.size - 1])].filter((i) => i < host.size)) {
    const w = host.words[id]!;
    assert.equal(worker.id(w), id, `${what}: index of ${w}`);
    assert.deepEqual(nearest(worker, w, 10), nearest(host, w, 10), `${what}: neighbours of ${w}`);
    assert.equal(lastCandidateCount(worker), lastCandidateCount(host), `${what}: the same candidates were rescored`);
    assert.deepEqual(agreedNeighbours(worker, w, 10), agreedNeighbours(host, w, 10), `${what}: agreement of ${w}`);
  }
  assert.equal(worker.id('not-a-word'), -1);
}

test('a model file read and prepared by the worker equals readModelFile + modelEmbeddings + prepareSearch here: one seed, three seeds, from a path and from bytes', async () => {
  setAccelerator(acc);
  try {
    // the last is 36 MB: the worker reads it in several 4 MB pieces into one reused buffer
    for (const [seeds, n, seedDim] of [[1, 3000, 24], [3, 2500, 20], [2, 700, 13], [3, 30_000, 50]] as const) {
      const bytes = writeModelFile(contents(n, seedDim, seeds, seeds));
      const file = join(dir, `m${seeds}.emblens`);
      writeFileSync(file, bytes);
      const host = onThisThread(bytes);
      sameModel(host, (await loadModelFile({ kind: 'path', path: file })).embeddings, `${seeds} seed(s), path`);
      const copy = new Uint8Array(bytes); // transferred to the worker: the original stays for the comparison
      sameModel(host, (await loadModelFile({ kind: 'bytes', bytes: copy })).embeddings, `${seeds} seed(s), bytes`);
    }
  } finally {
    setAccelerator(undefined);
  }
});

test('a version-1 model file (one matrix, no list of matrices) reads the same in the worker', async () => {
  setAccelerator(acc);
  try {
    const file = path.join(repoRoot(), 'test/fixtures/model-v1.emblens');
    const bytes = readFileSync(file);
    const loaded = await loadModelFile({ kind: 'path', path: file });
    assert.equal(loaded.header.vocabSize, readModelFile(bytes).header.vocabSize);
    sameModel(onThisThread(bytes), loaded.embeddings, 'version 1');
  } finally {
    setAccelerator(undefined);
  }
});

test('without the accelerator the worker still prepares the unit matrix, and the answers are core\'s JS answers', async () => {
  setAccelerator(undefined);
  const bytes = writeModelFile(contents(900, 16, 2, 9));
  const host = modelEmbeddings(readModelFile(bytes));
  const worker = (await loadModelFile({ kind: 'bytes', bytes: new Uint8Array(bytes) })).embeddings;
  sameBits(host.unit(), worker.unit(), 'unit matrix');
  for (const w of ['w1', 'w2', 'wörd7']) assert.deepEqual(nearest(worker, w, 8), nearest(host, w, 8));
});

/** What readModelFile throws for these bytes (name and message), or 'ok'. */
function hostError(bytes: Uint8Array): string {
  try {
    readModelFile(bytes);
    return 'ok';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** Recomputes the checksum, so that what is wrong inside is what the reader reports. */
function resealed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  if (out.length >= 4) new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function faults(): [string, Uint8Array][] {
  const good = writeModelFile(contents(400, 12, 2, 5));
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLength = view(good).getUint32(24, true);
  const wordsAt = 28 + headerLength + 4;
  const edit = (f: (b: Uint8Array) => void) => { const b = new Uint8Array(good); f(b); return b; };
  const header = JSON.parse(new TextDecoder().decode(good.subarray(28, 28 + headerLength))) as Record<string, unknown>;
  const withHeader = (h: Record<string, unknown>) => {
    // the same file with another header (lengths fixed), so its checks, not the checksum, speak
    const hb = new TextEncoder().encode(JSON.stringify(h));
    const rest = good.subarray(28 + headerLength);
    const out = new Uint8Array(28 + hb.length + rest.length);
    out.set(good.subarray(0, 24));
    view(out).setUint32(24, hb.length, true);
    out.set(hb, 28);
    out.set(rest, 28 + hb.length);
    view(out).setFloat64(16, out.length, true);
    return resealed(out);
  };
  return [
    ['the file as written', good],
    ['flip a matrix byte', edit((b) => { b[b.length - 50] ^= 0xff; })],
    ['flip a header byte', edit((b) => { b[40] ^= 0x01; })],
    ['flip a word byte', edit((b) => { b[wordsAt + 5] ^= 0x40; })],
    ['flip the magic', edit((b) => { b[0] ^= 0x20; })],
    ['a newer version', resealed(edit((b) => { view(b).setUint32(8, 3, true); }))],
    ['truncate to half', good.slice(0, good.length >> 1)],
    ['truncate to 10 bytes', good.slice(0, 10)],
    ['truncate to 31 bytes', good.slice(0, 31)],
    ['empty file', new Uint8Array(0)],
    ['zeroed tail', edit((b) => { b.fill(0, b.length - 4096); })],
    ['trailing bytes', new Uint8Array([...good, 1, 2, 3])],
    ['a word that is not UTF-8, checksum fixed', resealed(edit((b) => { b[wordsAt + 4] = 0xff; }))],
    ['a word length past its section, checksum fixed', resealed(edit((b) => { view(b).setUint32(wordsAt, 1 << 30, true); }))],
    ['a header that is not JSON, checksum fixed', resealed(edit((b) => { b[28] = 0x7b + 1; }))],
    ['a header past the end, checksum fixed', resealed(edit((b) => { view(b).setUint32(24, 1 << 30, true); }))],
    ['a words section past the end, checksum fixed', resealed(edit((b) => { view(b).setUint32(28 + headerLength, 1 << 30, true); }))],
    ['more words than the file holds, checksum fixed', withHeader({ ...header, vocabSize: 401 })],
    ['a header declaring too many dimensions, checksum fixed', withHeader({ ...header, dim: 20_000 })],
    ['an unknown kind, checksum fixed', withHeader({ ...header, kind: 'glove' })],
    ['no input matrix, checksum fixed', withHeader({ ...header, matrices: [{ role: 'output', seed: 1 }] })],
    ['a repeated word, checksum fixed', (() => {
      const c = contents(50, 4, 1, 3);
      const words = [...c.words];
      words[9] = words[4]!;
      return writeModelFile({ ...c, words });
    })()],
  ];
}

test('corrupted and truncated model files: the worker reports the very ModelFileError readModelFile reports', async () => {
  for (const [name, bytes] of faults()) {
    // A repeated word passes readModelFile and fails in Embeddings here; the worker says the file is corrupted.
    const expected = name === 'a repeated word, checksum fixed'
      ? 'ModelFileError: model file is corrupted: duplicate word "w4" (rows 4 and 9)'
      : hostError(bytes);
    const file = join(dir, 'fault.emblens');
    writeFileSync(file, bytes);
    for (const source of [{ kind: 'path' as const, path: file }, { kind: 'bytes' as const, bytes: new Uint8Array(bytes) }]) {
      let got = 'ok';
      try {
        await loadModelFile(source);
      } catch (e) {
        got = `${(e as Error).name}: ${(e as Error).message}`;
      }
      assert.equal(got, expected, `${name} (${source.kind})`);
    }
    if (name !== 'the file as written') assert.notEqual(expected, 'ok', `${name} is a fault`);
  }
});

test('the streaming check equals readModelFile for every fault at every piece size', () => {
  for (const [name, bytes] of faults()) {
    if (name === 'a repeated word, checksum fixed') continue; // the file itself is sound: Embeddings refuses it
    const expected = hostError(bytes);
    for (const piece of [1, 3, 4, 5, 31, 32, 33, 64, 100, 1000, 4093, 1 << 20]) {
      let got = 'ok';
      const rows: number[] = [];
      try {
        const s = new ModelFileStream(bytes.length, () => (m, _d, first, values) => { rows.push(m, first, values.length); });
        for (let o = 0; o < bytes.length; o += piece) s.push(bytes.subarray(o, o + piece));
        const prefix = s.finish();
        const c = readModelFile(bytes);
        assert.deepEqual(prefix.words, c.words, `${name} @${piece}: words`);
        // every matrix arrived whole, in order, each row once
        const seen = new Map<number, number>();
        for (let i = 0; i < rows.length; i += 3) {
          const [m, first, len] = [rows[i]!, rows[i + 1]!, rows[i + 2]!];
          assert.equal(first, seen.get(m) ?? 0, `${name} @${piece}: matrix ${m} in order`);
          seen.set(m, first + len / c.header.dim);
        }
        assert.deepEqual([...seen.values()], c.matrices.map(() => c.header.vocabSize), `${name} @${piece}: every row`);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        got = `${(e as Error).name}: ${(e as Error).message}`;
      }
      assert.equal(got, expected, `${name} @${piece}`);
    }
  }
});

test('the streamed rows are the file\'s floats', () => {
  const c = contents(300, 10, 2, 4);
  const bytes = writeModelFile(c);
  const got = c.matrices.map(() => new Float32Array(300 * 10));
  const s = new ModelFileStream(bytes.length, () => (m, _d, first, values) => got[m]!.set(values, first * 10));
  const piece = new Uint8Array(777); // one buffer for every piece, as a file is read: the stream keeps copies
  for (let o = 0; o < bytes.length; o += 777) {
    const part = bytes.subarray(o, o + 777);
    piece.set(part);
    s.push(piece.subarray(0, part.length));
    piece.fill(0xee);
  }
  s.finish();
  c.matrices.forEach((m, i) => sameBits(m.data, got[i]!, `matrix ${i}`));
});

test('the worker can be held after it read the file and before it prepares the search: this thread runs meanwhile; a cancel there stops it', async () => {
  const bytes = writeModelFile(contents(2000, 16, 2, 8));
  const file = join(dir, 'held.emblens');
  writeFileSync(file, bytes);
  const hold = new Int32Array(new SharedArrayBuffer(8));
  preparationHooks.hold = hold;
  try {
    let settled = false;
    const loading = loadModelFile({ kind: 'path', path: file }).finally(() => { settled = true; });
    const end = Date.now() + 120_000; // a hang guard, not a timing assertion
    let turns = 0;
    while (Atomics.load(hold, 1) < 1) {
      if (Date.now() > end) throw new Error('the worker never reached the hold');
      await new Promise((r) => setTimeout(r, 5));
      turns++;
    }
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, `held: the model is not ready while this thread went on (${turns} turns of its event loop)`);
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    const loaded = await loading;
    assert.equal(loaded.embeddings.size, 2000);

    // held again, then cancelled at the hold
    Atomics.store(hold, 0, 0);
    Atomics.store(hold, 1, 0);
    const controller = new AbortController();
    const cancelled = loadModelFile({ kind: 'path', path: file }, { signal: controller.signal });
    while (Atomics.load(hold, 1) < 1) {
      if (Date.now() > end) throw new Error('the worker never reached the hold');
      await new Promise((r) => setTimeout(r, 5));
    }
    controller.abort();
    await assert.rejects(cancelled, LoadCancelledError);
  } finally {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    preparationHooks.hold = undefined;
  }
});
