// Runs last in the main window: leaves a trained model active and tells the second window (test/second-window)
// what to expect. scripts/run-integration.mjs then opens that second window while this one is still held.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TrainReport } from '../../src/extension/train-command';
import { activateExtension, handoffPath, waitFor, type Handoff } from '../factories/integration';

suite('second window: handoff', function () {
  this.timeout(900_000);
  test('a trained workspace model is active and saved', async () => {
    const api = await activateExtension();
    await api.models.ready();
    let info = api.models.activeInfo();
    if (!info || info.kind === 'imported') {
      const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
      assert.equal(report.outcome, 'success', report.message);
      info = api.models.activeInfo();
    }
    assert.ok(info && info.kind !== 'imported');
    const emb = await api.models.embeddings();
    const word = emb!.words.find((w) => /^[a-z]{5,}$/.test(w))!;
    const handoff: Handoff = { windowStorage: api.storage.windowStorage, modelStore: api.storage.modelStore, activeId: info.id, word };
    const file = handoffPath();
    if (!file || process.env.EMBEDDING_LENS_SECOND_WINDOW !== '1') return; // a runner without a second window
    fs.writeFileSync(file, JSON.stringify(handoff));
    // Stay alive, holding this folder's workspace storage, while the runner opens the second window.
    await waitFor(() => fs.existsSync(`${file}.done`), 600_000, 'the second window to finish');
  });
});
