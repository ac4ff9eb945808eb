// A saved model (our own .emblens file, several seeds) and an imported vectors file are read, checked and
// prepared for search (ensemble, unit matrix, int8 copy) by the load worker, not on the extension host's
// thread. Shown without timing: the worker is held at a defined point (engine/vectors-loader.ts
// preparationHooks.hold: the file is read, the search not yet prepared) while the host answers a hover from
// the extension's active model; then released, the model equals what readModelFile + modelEmbeddings give.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { modelEmbeddings } from '../../src/core/ensemble';
import { writeWord2vecBinary } from '../../src/core/formats';
import type { ModelMatrix } from '../../src/core/formats/model-file';
import { nearest } from '../../src/core/query';
import { Embeddings } from '../../src/core/vectors';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import { ModelService } from '../../src/extension/model-service';
import { ModelStore } from '../../src/extension/model-store';
import { loadVectors, preparationHooks, probeVectors } from '../../src/engine/vectors-loader';
import { activateExtension, ourHover, arrivals, hold, release } from '../factories/integration';

function seedMatrix(n: number, dim: number, seed: number): Float32Array {
  const m = new Float32Array(n * dim);
  let s = seed;
  for (let i = 0; i < m.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; m[i] = s / 2 ** 32 - 0.5; }
  return m;
}

suite('models prepared off the host thread', function () {
  this.timeout(300_000);
  let api: EmbeddingLensApi;
  let tmp: string;
  let doc: vscode.TextDocument;
  let smallId: string;
  let previous: string | undefined;

  suiteSetup(async () => {
    api = await activateExtension();
    previous = (await api.models.ready()).active ?? undefined;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-prep-'));
    // the extension's active model, which answers the hovers while another model is being prepared
    const words = Array.from({ length: 500 }, (_, i) => `pv${i}`);
    const small = path.join(tmp, 'el-prep-small.bin');
    fs.writeFileSync(small, writeWord2vecBinary(new Embeddings(words, 16, seedMatrix(500, 16, 3))));
    const info = await vscode.commands.executeCommand<{ id: string } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(small) });
    assert.ok(info, 'the small model loads');
    smallId = info.id;
    doc = await vscode.workspace.openTextDocument({ content: 'pv17 is a word of the active model', language: 'plaintext' });
  });

  suiteTeardown(async () => {
    preparationHooks.hold = undefined;
    await api.models.remove(smallId).catch(() => undefined);
    if (previous) await api.models.setActive(previous).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a saved model of three seeds: the host answers a hover while the worker prepares it, and the model equals readModelFile + modelEmbeddings', async () => {
    const store = new ModelStore(vscode.Uri.file(path.join(tmp, 'store')));
    const n = 20_000;
    const seedDim = 40;
    const words = Array.from({ length: n }, (_, i) => `sd${i}`);
    const matrices: ModelMatrix[] = [1, 2, 3].flatMap((s) => [
      { role: 'input' as const, seed: s, data: seedMatrix(n, seedDim, s) },
      { role: 'output' as const, seed: s, data: seedMatrix(n, seedDim, 100 + s) },
    ]);
    await store.save('three-seeds', {
      header: { kind: 'cbow-corrected', label: 'three seeds', vocabSize: n, dim: seedDim, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: 'test', hyperparameters: {} },
      words, matrices,
    }, { activate: true });
    const service = new ModelService(store);
    const h = hold();
    preparationHooks.hold = h; // this service is the test bundle's instance: its own hooks
    let settled = false;
    try {
      const loading = service.embeddings().finally(() => { settled = true; });
      await arrivals(h, 1, 'load worker'); // the worker has read and checked the file, and waits before preparing the search
      const text = (await ourHover(doc.uri, new vscode.Position(0, 1))).text;
      assert.match(text, /pv\d+/, 'the host answered a hover from its active model');
      assert.equal(settled, false, 'while the saved model was still being prepared');
      release(h);
      const emb = await loading;
      assert.ok(emb, service.lastLoadError());
      assert.ok(emb.data.buffer instanceof SharedArrayBuffer && emb.unit().buffer instanceof SharedArrayBuffer, 'shared with the worker, not copied');
      const reference = modelEmbeddings(await store.load('three-seeds'));
      assert.deepEqual(emb.ensemble, { seeds: 3, seedDim });
      assert.ok(Buffer.from(emb.data.buffer, emb.data.byteOffset, emb.data.byteLength).equals(Buffer.from(reference.data.buffer, reference.data.byteOffset, reference.data.byteLength)), 'the same ensemble');
      for (const w of ['sd0', 'sd777', 'sd19999']) assert.deepEqual(nearest(emb, w, 10), nearest(reference, w, 10), w);
    } finally {
      release(h);
      preparationHooks.hold = undefined;
      service.dispose();
    }
  });

  test('an imported vectors file: the host answers a hover while the load worker prepares its search', async () => {
    const file = path.join(tmp, 'el-prep-import.bin');
    const words = Array.from({ length: 30_000 }, (_, i) => `im${i}`);
    const emb0 = new Embeddings(words, 50, seedMatrix(30_000, 50, 9));
    fs.writeFileSync(file, writeWord2vecBinary(emb0));
    const source = { kind: 'vectors' as const, path: file, format: 'auto' as const };
    const h = hold();
    preparationHooks.hold = h;
    let settled = false;
    try {
      const info = await probeVectors(source);
      const loading = loadVectors(source, { info }).finally(() => { settled = true; });
      await arrivals(h, 1, 'load worker');
      assert.match((await ourHover(doc.uri, new vscode.Position(0, 1))).text, /pv\d+/);
      assert.equal(settled, false);
      release(h);
      const emb = (await loading).embeddings;
      assert.ok(emb.unit().buffer instanceof SharedArrayBuffer, 'the unit matrix came from the worker');
      for (const w of ['im0', 'im12345']) assert.deepEqual(nearest(emb, w, 10), nearest(emb0, w, 10), w);
    } finally {
      release(h);
      preparationHooks.hold = undefined;
    }
  });

  test('a model with a query worker answers hovers there, as this thread would; switched away from, the small model answers on the host again', async () => {
    const file = path.join(tmp, 'el-prep-served.bin');
    const words = Array.from({ length: 3000 }, (_, i) => `qw${i}`);
    const emb0 = new Embeddings(words, 24, seedMatrix(3000, 24, 21));
    fs.writeFileSync(file, writeWord2vecBinary(emb0));
    api.queryWorkerHooks.minValues = 0; // the extension's own hook: every model gets a worker, however small
    let servedId: string | undefined;
    try {
      const info = await vscode.commands.executeCommand<{ id: string } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(file) });
      assert.ok(info, 'the model loads');
      servedId = info.id;
      assert.ok(await api.models.embeddings());
      assert.equal(api.models.queriesOffThread(), true, 'the active model answers in its query worker');
      const served = await vscode.workspace.openTextDocument({ content: 'qw17 and qw2999 are words of the served model', language: 'plaintext' });
      for (const [word, at] of [['qw17', 1], ['qw2999', 10]] as const) {
        const text = (await ourHover(served.uri, new vscode.Position(0, at))).text;
        for (const n of nearest(emb0, word, 3)) assert.ok(text.includes(n.word), `the hover on ${word} lists ${n.word}: ${text}`);
      }
      api.queryWorkerHooks.minValues = undefined; // the small model, read again below, is under the real threshold
      await api.models.setActive(smallId);
      assert.ok(await api.models.embeddings());
      assert.equal(api.models.queriesOffThread(), false, 'the small model answers here; the served one was dropped');
      assert.match((await ourHover(doc.uri, new vscode.Position(0, 1))).text, /pv\d+/);
    } finally {
      api.queryWorkerHooks.minValues = undefined;
      if (servedId) await api.models.remove(servedId).catch(() => undefined);
      await api.models.setActive(smallId).catch(() => undefined);
    }
  });
});
