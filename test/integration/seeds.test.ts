// Several seeds per model in the real VS Code: Train makes one ensemble of them, the stats and the hover say what
// the answers rest on, `auto` grows the plan after the first seed, and the one training lock refuses Train while
// Compare runs and the other way round, with a clear message.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { CompareReport } from '../../src/extension/compare/compare-service';
import type { TrainReport } from '../../src/extension/train-command';
import { readModelFile } from '../../src/core/formats/model-file';
import { activateExtension, ourHover, waitFor } from '../factories/integration';

let api: EmbeddingLensApi;
const config = () => vscode.workspace.getConfiguration('embeddingLens');
const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Workspace);
const train = () => Promise.resolve(vscode.commands.executeCommand<TrainReport>('embeddingLens.train'));
const compare = () => Promise.resolve(vscode.commands.executeCommand<CompareReport>('embeddingLens.compare'));

suite('seeds: one model of several training runs', function () {
  this.timeout(300_000);

  suiteSetup(async () => {
    api = await activateExtension();
    await set('dimensions', 16);
    await set('threads', 2);
    await api.models.ready();
  });

  suiteTeardown(async () => {
    for (const key of ['dimensions', 'threads', 'epochs', 'seeds', 'seedBudgetSeconds']) await set(key, undefined);
  });

  test('Train with 3 seeds: one saved model of 3 seeds, the stats show them, the hover shows agreement', async () => {
    await set('seeds', '3');
    await set('epochs', 5);
    const report = await train();
    assert.equal(report.outcome, 'success', report.message);
    assert.equal(report.seeds, 3);
    assert.match(report.message, /3 seeds \(median stability of the frequent words \d\.\d\d\)/);
    const info = api.models.activeInfo()!;
    assert.equal(info.id, report.modelId);
    assert.equal(info.seeds, 3, 'the stats show 3 seeds');
    const st = info.stability!;
    assert.ok(st, 'the stats carry the stability summary');
    assert.equal(st.words, Math.min(1000, info.vocabSize));
    assert.equal(st.histogram.reduce((a, b) => a + b, 0), st.words);
    assert.ok(st.median >= 0 && st.median <= 1);
    assert.equal(st.leastStable.length, 20);
    const contents = readModelFile(await api.models.store.readBytes(info.id));
    assert.deepEqual(contents.header.matrices, [1, 2, 3].flatMap((seed) => [{ role: 'input', seed }, { role: 'output', seed }]));
    const emb = (await api.models.embeddings())!;
    assert.deepEqual(emb.ensemble, { seeds: 3, seedDim: 16 });

    const word = emb.words.find((w) => /^[a-z]{5,}$/.test(w))!;
    const doc = await vscode.workspace.openTextDocument({ content: `about ${word} here`, language: 'markdown' });
    const { text } = await ourHover(doc.uri, new vscode.Position(0, 8));
    assert.match(text, /3 seeds · (stable|fairly stable|unstable) \\\(stability \d\\\.\d\d\\\)/, text);
    const marks = [...text.matchAll(/ · ([0-3])\/3$/gm)];
    assert.ok(marks.length >= 3, `every neighbour has its agreement mark: ${text}`);
  });

  test('auto: after the first seed, as many as fit the budget (a budget no run can exhaust gives the maximum, 10)', async () => {
    await set('seeds', 'auto');
    await set('seedBudgetSeconds', 86_400);
    await set('epochs', 1);
    const report = await train();
    assert.equal(report.outcome, 'success', report.message);
    assert.equal(report.seeds, 10);
    assert.equal(api.models.activeInfo()!.seeds, 10);
  });

  test('a plan of 3 seeds cancelled in run 2, or failing in run 2, saves nothing', async () => {
    await set('seeds', '3');
    await set('epochs', 5);
    if (!api.models.activeInfo()) assert.equal((await train()).outcome, 'success');
    const id = api.models.activeInfo()!.id;
    const before = Buffer.from(await api.models.store.readBytes(id));
    const entries = (await api.models.store.readIndex()).models.map((m) => `${m.id}@${m.savedAt}`);
    for (const fault of ['cancel', 'kill'] as const) {
      let run = 0;
      api.trainHooks.onWorkers = (ws) => {
        if (++run !== 2) return;
        // at the start of run 2 of 3: a point defined by the plan, not by a delay
        if (fault === 'cancel') void vscode.commands.executeCommand('embeddingLens.cancelTraining');
        else void ws[0]!.terminate();
      };
      let report: TrainReport;
      try {
        report = await train();
      } finally {
        api.trainHooks.onWorkers = undefined;
      }
      if (fault === 'cancel') assert.equal(report.outcome, 'cancelled', report.message);
      else {
        assert.equal(report.outcome, 'failed', report.message);
        assert.match(report.message, /run 2 of 3 \(cbow-corrected, seed 2\) failed: training worker 1 of 2 stopped unexpectedly/);
      }
      assert.equal(run, 2, `${fault}: run 3 never started`);
      assert.equal(Buffer.compare(before, Buffer.from(await api.models.store.readBytes(id))), 0, `${fault}: the saved model is untouched`);
      assert.deepEqual((await api.models.store.readIndex()).models.map((m) => `${m.id}@${m.savedAt}`), entries, `${fault}: no entry changed`);
      assert.equal(api.models.activeInfo()?.id, id);
    }
  });

  test('Train while Compare runs is refused with a clear message, and the other way round', async () => {
    await set('seeds', '1');
    await set('epochs', 400);
    const whileRunning = async (start: () => Promise<{ outcome: string; message: string }>, running: string, other: () => Promise<{ outcome: string; message: string }>) => {
      const job = start();
      await waitFor(() => api.models.trainingState().phase === 'training', 120_000, `${running} to start training`);
      const refused = await other();
      assert.equal(refused.outcome, 'busy', refused.message);
      assert.match(refused.message, new RegExp(`Embedding Lens is already running ${running}( \\(run \\d+ of \\d+\\))?\\. Wait for it to finish, or stop it with "Embedding Lens: Cancel Training"\\.`));
      assert.equal(await vscode.commands.executeCommand('embeddingLens.cancelTraining'), true);
      assert.equal((await job).outcome, 'cancelled');
    };
    await whileRunning(compare, 'Compare', train);
    await whileRunning(train, 'Train', compare);
    assert.equal(api.models.trainingState().running, false);
  });
});
