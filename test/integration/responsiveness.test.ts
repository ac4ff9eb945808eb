// Heavy maths stays off the extension host's thread, shown without timing: the analysis workers are held at
// their start (api.analysisHooks.hold), and while a 10,000-dimension PCA map or a compare-scope map (Procrustes
// alignment, rotation, PCA) is in flight the host answers a hover. The event-loop delay figures are in
// bench/responsiveness.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import { CompareService } from '../../src/extension/compare/compare-service';
import { EvaluationFiles } from '../../src/extension/evaluation';
import { TrainingRunner } from '../../src/extension/training-runner';
import { ModelService } from '../../src/extension/model-service';
import { ModelStore } from '../../src/extension/model-store';
import { analysisHooks } from '../../src/engine/analysis';
import { arrivals, hold, release } from '../factories/integration';

const ID = 'embedding-lens.embedding-lens';
const DIM = 10_000;
const WORDS = 300;

/** word2vec binary with WORDS words of DIM dimensions; "lighthouse" first. */
function bigVectors(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'el-10k-')), 'wide-10000.bin');
  const words = ['lighthouse', ...Array.from({ length: WORDS - 1 }, (_, i) => `beacon${i}`)];
  const parts: Buffer[] = [Buffer.from(`${WORDS} ${DIM}\n`)];
  let s = 12345;
  for (const w of words) {
    const v = new Float32Array(DIM);
    for (let j = 0; j < DIM; j++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[j] = s / 2 ** 32 - 0.5; }
    parts.push(Buffer.from(`${w} `), Buffer.from(v.buffer), Buffer.from('\n'));
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

async function hoverText(doc: vscode.TextDocument, word: string): Promise<string> {
  const pos = doc.positionAt(doc.getText().indexOf(word) + 1);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

suite('responsiveness: PCA and Procrustes on the analysis worker', function () {
  this.timeout(300_000);
  let api: EmbeddingLensApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  test('a 10,000-dimension PCA map: the host answers a hover while the projection is in flight', async () => {
    const previous = api.models.activeInfo()?.id;
    const info = await vscode.commands.executeCommand<{ dim: number } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(bigVectors()) });
    assert.equal(info?.dim, DIM);
    const doc = await vscode.workspace.openTextDocument({ content: 'the lighthouse keeper\n', language: 'markdown' });
    const h = hold();
    api.analysisHooks.hold = h;
    let settled = false;
    try {
      const mapping = api.compare.map('lighthouse', 100, 'pca', 'active').finally(() => { settled = true; });
      await arrivals(h, 1, 'analysis worker'); // the projection has been handed to a worker, which waits
      const text = await hoverText(doc, 'lighthouse');
      assert.match(text, /Embedding Lens/, 'the hover was answered');
      assert.equal(settled, false, 'the map is still in flight while the host answered');
      release(h);
      const r = await mapping;
      assert.equal(r.panels[0]!.points.length, 101);
      assert.ok(r.explained && r.explained[0] >= r.explained[1] && r.explained[0] + r.explained[1] <= 1 + 1e-9);
    } finally {
      release(h);
      api.analysisHooks.hold = undefined;
      if (previous) await api.models.setActive(previous);
    }
  });

  test('a compare-scope map aligns (Procrustes) and projects on workers while the host answers', async () => {
    const service = new ModelService(new ModelStore(vscode.Uri.joinPath(api.models.store.folder, '..')));
    const fresh = new CompareService(service, new TrainingRunner(service), new EvaluationFiles());
    const h = hold();
    analysisHooks.hold = h; // this service is the test bundle's instance: its own hooks
    let settled = false;
    try {
      const summary = await fresh.summary();
      assert.ok(summary.available, 'the compare suite saved a pair');
      const word = (await api.models.store.load('compare-cbow-corrected')).words[3]!;
      const emb = await api.models.embeddings();
      assert.ok(emb);
      const doc = await vscode.workspace.openTextDocument({ content: `${emb.words[5]} ${emb.words[6]}\n`, language: 'markdown' });
      const mapping = fresh.map(word, 50, 'pca', 'compare').finally(() => { settled = true; });
      await arrivals(h, 1, 'analysis worker'); // the alignment waits on its worker
      assert.match(await hoverText(doc, emb.words[5]!), /Embedding Lens/);
      assert.equal(settled, false);
      release(h);
      const r = await mapping;
      assert.equal(r.panels.length, 2);
      assert.equal(Atomics.load(h, 1), 2, 'alignment and projection each ran on a worker');
    } finally {
      release(h);
      analysisHooks.hold = undefined;
      fresh.dispose();
    }
  });
});
