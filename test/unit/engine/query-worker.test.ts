// A big model's query worker (engine/query-worker.ts, vectors-worker.ts serveQueries), with real worker threads
// and real files: every query it answers equals the same query answered on this thread, for one seed and an
// ensemble, from our own model files and from an imported vectors file; its errors are the host's errors; the
// host and the worker search the same shared memory at the same time through separate lanes without disturbing
// each other; a released model's queries run here again; small models get no worker. A served model's words
// stay packed on this side (core/shared-words.ts), and every answer naming them matches the worker's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModelFile } from '../../../src/core/formats/model-file';
import { localQueries, type ModelQuery } from '../../../src/core/model-queries';
import { OutOfVocabularyError, setAccelerator, type Embeddings } from '../../../src/core/vectors';
import { QueryError } from '../../../src/core/query';
import { loadModelFile, loadVectors, probeVectors } from '../../../src/engine/vectors-loader';
import { QUERY_WORKER_MIN_VALUES, queriesFor, queryWorkerHooks, releaseQueries } from '../../../src/engine/query-worker';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { acc } from '../../accelerator-paths';
import { packedOf } from '../../../src/core/shared-words';
import { modelContents } from '../../factories/models';

const dir = mkdtempSync(join(tmpdir(), 'el-query-worker-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A spread of queries over the model's words: every op, with words from across the vocabulary. */
function queries(emb: Embeddings): ModelQuery[] {
  const w = (i: number) => emb.words[Math.min(emb.size - 1, i)]!;
  const out: ModelQuery[] = [];
  for (const i of [0, 1, 5, 17, 123, emb.size - 1]) {
    out.push({ op: 'agreed', word: w(i), k: 10 });
    out.push({ op: 'similarity', a: w(i), b: w(i + 2) });
  }
  out.push({ op: 'parts', target: { kind: 'parts', identifier: 'w1W2', parts: [w(1), w(2)], missing: [] }, k: 8 });
  out.push({ op: 'analogy', a: w(3), b: w(4), c: w(5), method: 'add', k: 5 });
  out.push({ op: 'analogy', a: w(3), b: w(4), c: w(5), method: 'mul', k: 5 });
  out.push({ op: 'oddOneOut', words: [w(1), w(2), w(3), w(40)] });
  out.push({ op: 'complete', prefix: 'w1', limit: 7 });
  return out;
}

async function sameAnswers(emb: Embeddings, what: string): Promise<void> {
  const remote = queriesFor(emb);
  assert.equal(remote.offThread, true, `${what}: the model has a query worker`);
  assert.ok(packedOf(emb.words), `${what}: the host keeps the words packed in shared memory, no string per word`);
  const here = localQueries(emb);
  for (const q of queries(emb)) {
    assert.deepEqual(await remote.run(q), await here.run(q), `${what}: ${JSON.stringify(q)}`);
  }
}

/** Runs f with the WASM search installed (as the extension has it), removing it afterwards. */
async function withAccelerator(f: () => Promise<void>): Promise<void> {
  setAccelerator(acc);
  try {
    await f();
  } finally {
    setAccelerator(undefined);
  }
}

/** Writes a model file of these contents and loads it with a query worker, however small. */
async function servedModel(name: string, contents: Parameters<typeof writeModelFile>[0]): Promise<Embeddings> {
  const file = join(dir, name);
  writeFileSync(file, writeModelFile(contents));
  return (await loadModelFile({ kind: 'path', path: file }, { serveFrom: 0 })).embeddings;
}

test('our own model files, one seed and three: the query worker answers every query as this thread does', () => withAccelerator(async () => {
  for (const seeds of [1, 3]) {
    const embeddings = await servedModel(`m${seeds}.emblens`, modelContents(4000, 24, seeds, seeds));
    await sameAnswers(embeddings, `${seeds} seed(s)`);
    releaseQueries(embeddings);
  }
}));

test('an imported vectors file: the query worker answers as this thread does, and its errors are the host\'s', () => withAccelerator(async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => `w${i} ${Array.from({ length: 12 }, (_, j) => Math.sin(i * 12 + j + 1).toFixed(5)).join(' ')}`);
  const file = join(dir, 'v.vec');
  writeFileSync(file, `1500 12\n${rows.join('\n')}\n`);
  const src = { kind: 'vectors' as const, path: file, format: 'auto' as const };
  const { embeddings } = await loadVectors(src, { info: await probeVectors(src), serveFrom: 0 });
  await sameAnswers(embeddings, 'imported');
  const remote = queriesFor(embeddings);
  await assert.rejects(remote.run({ op: 'agreed', word: 'no-such-word', k: 5 }), (e: unknown) => e instanceof OutOfVocabularyError && (e as OutOfVocabularyError & { word: string }).word === 'no-such-word');
  await assert.rejects(remote.run({ op: 'oddOneOut', words: ['w1'] }), (e: unknown) => e instanceof QueryError && /at least two words/.test((e as Error).message));
  releaseQueries(embeddings);
}));

test('the host and the query worker search the same memory at once, each through its own lane, and neither disturbs the other', () => withAccelerator(async () => {
  const emb = await servedModel('big.emblens', modelContents(30_000, 32, 2, 7));
  const remote = queriesFor(emb);
  const here = localQueries(emb);
  const words = Array.from({ length: 40 }, (_, i) => emb.words[(i * 733) % emb.size]!);
  const expected = await Promise.all(words.map((w) => here.run({ op: 'agreed', word: w, k: 10 })));
  // every answer is in flight in the worker while this thread runs its own sweeps of the same memory
  const inFlight = words.map((w) => remote.run({ op: 'agreed', word: w, k: 10 }));
  for (let round = 0; round < 3; round++) {
    for (const [i, w] of words.entries()) assert.deepEqual(await here.run({ op: 'agreed', word: w, k: 10 }), expected[i], `host: ${w}`);
  }
  assert.deepEqual(await Promise.all(inFlight), expected, 'worker answers, given while the host searched');
  releaseQueries(emb);
}));

test('a released model answers on this thread, and a query pending at the release fails clearly', () => withAccelerator(async () => {
  const embeddings = await servedModel('r.emblens', modelContents(3000, 16, 1, 3));
  const remote = queriesFor(embeddings);
  const pending = remote.run({ op: 'agreed', word: 'w5', k: 5 });
  releaseQueries(embeddings);
  await assert.rejects(pending, /the model was closed/);
  await assert.rejects(remote.run({ op: 'agreed', word: 'w5', k: 5 }), /the model was closed/);
  const after = queriesFor(embeddings);
  assert.equal(after.offThread, false);
  assert.equal((await after.run({ op: 'agreed', word: 'w5', k: 5 })).neighbours.length, 5);
}));

test('a model below the threshold gets no query worker, and its words are an ordinary array', async () => {
  const file = join(dir, 's.emblens');
  const contents = modelContents(2000, 16, 1, 4);
  writeFileSync(file, writeModelFile(contents));
  assert.ok(2000 * 16 < QUERY_WORKER_MIN_VALUES);
  const { embeddings } = await loadModelFile({ kind: 'path', path: file });
  assert.equal(queriesFor(embeddings).offThread, false);
  assert.equal(packedOf(embeddings.words), undefined);
  assert.deepEqual(embeddings.words, contents.words);
  // an imported file of 40,000 words × 2 (many words, few values), unpacked in slices
  const vec = join(dir, 'many.vec');
  writeFileSync(vec, `40000 2\n${Array.from({ length: 40000 }, (_, i) => `v${i} ${i} 1`).join('\n')}\n`);
  const src = { kind: 'vectors' as const, path: vec, format: 'auto' as const };
  const imported = (await loadVectors(src, { info: await probeVectors(src) })).embeddings;
  assert.equal(queriesFor(imported).offThread, false);
  assert.equal(packedOf(imported.words), undefined);
  assert.equal(imported.size, 40000);
  assert.equal(imported.words[0], 'v0');
  assert.equal(imported.words[16384], 'v16384', 'across a slice boundary');
  assert.equal(imported.id('v39999'), 39999);
});

/** A full collection now (the test process has no --expose-gc: a context made after the flag has gc()). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

test('a released model\'s thread stays while the model is held here, ends once it is collected, and never holds the process', () => withAccelerator(async () => {
  const before = new Set(queryWorkerHooks.threads);
  let embeddings: Embeddings | undefined = await servedModel('g.emblens', modelContents(2000, 16, 1, 5));
  const started = [...queryWorkerHooks.threads].filter((id) => !before.has(id));
  assert.equal(started.length, 1, 'one query worker started');
  const thread = started[0]!;
  const pending = queriesFor(embeddings).run({ op: 'agreed', word: 'w5', k: 5 });
  releaseQueries(embeddings);
  await assert.rejects(pending, /the model was closed/);
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(queryWorkerHooks.threads.has(thread), 'the model is still held: its thread stays, the last holder of its memory');
  embeddings = undefined;
  // collect until the thread is gone (the registry's callback runs after a collection); only a hang guard bounds it
  for (let round = 0; queryWorkerHooks.threads.has(thread); round++) {
    if (round > 2000) assert.fail('the thread did not end after the model was collected');
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}));
