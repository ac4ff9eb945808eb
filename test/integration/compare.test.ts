// embeddingLens.compare in the real extension host on the small real workspace: both models and the
// view's data exist (saved, reloadable by a fresh service), per-word and map queries work, evaluation files
// from ../shared/data are used, and a cancelled compare saves nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import { CompareService, COMPARE_RECORD, type CompareReport } from '../../src/extension/compare/compare-service';
import { EvaluationFiles } from '../../src/extension/evaluation';
import { ModelService } from '../../src/extension/model-service';
import { ModelStore } from '../../src/extension/model-store';
import { TrainingRunner } from '../../src/extension/training-runner';
import { dataPath } from '../data-path';

const ID = 'embedding-lens.embedding-lens';
let api: EmbeddingLensApi;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('embeddingLens');
}

suite('compare: word2vec CBOW vs corrected CBOW', function () {
  this.timeout(300_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext, `${ID} not installed`);
    api = await ext.activate();
    assert.ok(api.compare, 'activate() exposes the compare service');
    await config().update('epochs', 3, vscode.ConfigurationTarget.Workspace);
    await config().update('dimensions', 32, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    for (const key of ['epochs', 'dimensions', 'eval.analogies', 'eval.similarity', 'compare.seeds']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a cancelled compare saves nothing', async () => {
    const before = await api.compare.data();
    const modelsBefore = api.models.list().map((m) => m.id).sort();
    let cancelled = false;
    const sub = api.models.onDidChangeTraining(() => {
      if (!cancelled && api.models.trainingState().phase === 'training') {
        cancelled = true;
        void vscode.commands.executeCommand('embeddingLens.cancelTraining');
      }
    });
    const report = await vscode.commands.executeCommand<CompareReport>('embeddingLens.compare').then((r) => { sub.dispose(); return r; });
    assert.ok(cancelled, 'cancelled during training');
    assert.equal(report.outcome, 'cancelled', report.message);
    assert.match(report.message, /Nothing was saved/);
    assert.deepEqual(await api.compare.data(), before);
    assert.deepEqual(api.models.list().map((m) => m.id).sort(), modelsBefore);
    assert.equal(api.models.trainingState().running, false);
  });

  test('a 2-seed compare: the view data holds the noise floor, the intervals, the held-out score and the verdict', async () => {
    await config().update('compare.seeds', 2, vscode.ConfigurationTarget.Workspace);
    await config().update('eval.analogies', dataPath('analogy/questions-words.txt'), vscode.ConfigurationTarget.Workspace);
    await config().update('eval.similarity', [dataPath('similarity/EN-WS-353-ALL.txt')], vscode.ConfigurationTarget.Workspace);
    const report = await vscode.commands.executeCommand<CompareReport>('embeddingLens.compare');
    assert.equal(report.outcome, 'success', report.message);
    const data = await api.compare.data();
    assert.ok(data, 'the view data exists');
    assert.equal(data.version, 2);
    assert.equal(data.seeds, 2);
    assert.deepEqual(data.rules.map((r) => r.kind), ['cbow-word2vec', 'cbow-corrected']);
    assert.equal(data.hyperparameters.epochs, 3);
    assert.equal(data.hyperparameters.dim, 32);
    const inInterval = (i: { mean: number; ci95: [number, number] }, what: string) => {
      assert.ok(Number.isFinite(i.mean) && i.ci95[0] <= i.mean + 1e-12 && i.mean <= i.ci95[1] + 1e-12, `${what}: ${JSON.stringify(i)}`);
    };
    for (const r of data.rules) {
      assert.deepEqual(r.seeds, [1, 2]);
      assert.equal(r.seconds.length, 2, `${r.kind}: a time per seed`);
      assert.equal(r.lossCurves.length, 2, `${r.kind}: a loss curve per seed`);
      assert.ok(r.meanContextSize > 1 && r.meanContextSize <= 10, `${r.kind} mean C ${r.meanContextSize}`);
      assert.equal(r.alphaChosenBy, 'default');
      inInterval(r.within!, `${r.kind} noise floor`);
      inInterval(r.heldOutTop10!, `${r.kind} held-out top-10`);
    }
    assert.equal(data.rules[0]!.alpha, 0.05);
    assert.equal(data.rules[1]!.alpha, 0.075);
    inInterval(data.between, 'between');
    inInterval(data.excess, 'excess');
    assert.ok(Math.abs(data.excess.mean - ((data.rules[0]!.within!.mean + data.rules[1]!.within!.mean) / 2 - data.between.mean)) < 1e-9, 'excess = noise floor − between');
    assert.ok(data.words > 100 && data.words <= 1000, `measured ${data.words} words`);
    assert.equal(data.beyondNoise, 0, 'with 2 seeds no single word is called changed');
    assert.ok(data.split.testSentences > 0 && data.split.positions > 0);
    assert.ok(data.tokens < (await api.models.store.load('compare-cbow-corrected')).header.tokens + 1, 'trained on the corpus without its held-out sentences');
    assert.equal(data.quality.length, 2);
    const [qa, qs] = data.quality;
    assert.equal(qa!.kind, 'analogies');
    assert.equal(qa!.total, 19544);
    assert.ok(qa!.coverage >= 0 && qa!.coverage < 1);
    assert.equal(qs!.kind, 'similarity');
    assert.equal(qs!.total, 353);
    for (const q of data.quality) if (q.meaningful) { inInterval(q.perRule[0]!, q.file); inInterval(q.difference!, `${q.file} difference`); }
    assert.match(data.verdict, /With 2 seeds the intervals cannot include how much the seeds themselves vary/);
    assert.match(data.verdict, /(No change in neighbourhoods beyond seed noise|The rule changes neighbourhoods beyond seed noise): excess change -?\d\.\d\d \[/);
    assert.match(data.verdict, /Each rule ran at its default α/);
    // both rules are stored as ensembles of their 2 seeds, with one vocabulary
    const ids = api.models.list().map((m) => m.id);
    assert.ok(ids.includes('compare-cbow-word2vec') && ids.includes('compare-cbow-corrected'), ids.join(', '));
    const a = await api.models.store.load('compare-cbow-word2vec');
    const b = await api.models.store.load('compare-cbow-corrected');
    assert.deepEqual([...a.words], [...b.words], 'one vocabulary');
    assert.deepEqual(a.header.matrices, [{ role: 'input', seed: 1 }, { role: 'output', seed: 1 }, { role: 'input', seed: 2 }, { role: 'output', seed: 2 }]);
    assert.equal(a.header.vocabSize, data.vocabSize);
    const record = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(api.models.store.folder, COMPARE_RECORD))));
    assert.equal(record.version, 2);
    assert.equal(record.data.createdAt, data.createdAt);
  });

  test('a fresh service reopens the saved comparison and answers per-word and map queries', async () => {
    const service = new ModelService(new ModelStore(vscode.Uri.joinPath(api.models.store.folder, '..')));
    const fresh = new CompareService(service, new TrainingRunner(service), new EvaluationFiles());
    try {
      const summary = await fresh.summary();
      assert.ok(summary.available, 'saved summary available');
      assert.equal(fresh.isRunning, false, 'read from the saved record, nothing recomputed');
      assert.equal(summary.data.createdAt, (await api.compare.data())!.createdAt);
      const top = (await api.models.store.load('compare-cbow-corrected')).words[3]!;
      const w = await fresh.word(top, 10);
      assert.equal(w.word, top);
      assert.equal(w.a.length, 10);
      assert.equal(w.b.length, 10);
      assert.equal(w.seeds, 2);
      assert.ok(w.a.every((n) => n.agreement !== undefined && n.agreement >= 0 && n.agreement <= 2), 'each neighbour carries its agreement within its rule');
      assert.ok(w.effect && Number.isFinite(w.effect.withinA) && Number.isFinite(w.effect.between), 'the word’s own noise floor');
      assert.equal(w.effect.beyondNoise, false, 'with 2 seeds: not called changed');
      assert.ok(w.cosine !== null && w.cosine > -1 && w.cosine <= 1 + 1e-9);
      const shared = w.a.filter((n) => w.b.some((m) => m.word === n.word)).length;
      assert.equal(w.overlap, shared / 10);
      assert.equal(w.ranksAInB.filter((r) => r !== null).length, shared);
      await assert.rejects(fresh.word('zzzz-not-a-word'), /not in the vocabulary/);
      const map = await fresh.map(top, 50, 'pca', 'compare');
      assert.equal(map.panels.length, 2);
      assert.equal(map.panels[0]!.points.length, map.panels[1]!.points.length);
      assert.equal(map.panels[0]!.points[0]!.role, 'centre');
      assert.ok(map.panels[0]!.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
      const umap = await fresh.map(top, 30, 'umap', 'compare');
      assert.ok(umap.panels[1]!.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
    } finally {
      fresh.dispose();
      service.dispose();
    }
  });

  test('Quality: the configured analogy and similarity files evaluate both models with coverage', async () => {
    await config().update('eval.analogies', dataPath('analogy/questions-words.txt'), vscode.ConfigurationTarget.Workspace);
    await config().update('eval.similarity', [dataPath('similarity/EN-WS-353-ALL.txt'), dataPath('similarity/EN-SIMLEX-999.txt')], vscode.ConfigurationTarget.Workspace);
    const files = new EvaluationFiles();
    assert.deepEqual(files.describe(), { analogies: 'questions-words.txt', similarity: ['EN-WS-353-ALL.txt', 'EN-SIMLEX-999.txt'], source: 'settings' });
    const results = await files.evaluate(await api.compare.evaluationModels());
    assert.equal(results.length, 2, 'both rules’ ensembles');
    for (const r of results) {
      assert.deepEqual(r.errors, []);
      assert.ok(r.analogies);
      assert.equal(r.analogies.sections.length, 14);
      assert.equal(r.analogies.all.answered + r.analogies.all.skipped, 19544);
      assert.ok(r.analogies.all.coverage >= 0 && r.analogies.all.coverage < 1);
      assert.equal(r.similarity.length, 2);
      assert.ok(r.similarity[0].pairs === 353 && r.similarity[0].found > 0);
    }
  });
});
