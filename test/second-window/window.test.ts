// A second window on the same folder, opened while the first (which trained) is still held: code-server gives it
// a fresh storageUri, and it must still find the model without training, and answer hovers with it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { statusText } from '../../src/extension/status-bar';
import { activateExtension, handoffPath, ourHover, type Handoff } from '../factories/integration';

suite('second window on the same folder', function () {
  this.timeout(120_000);
  let handoff: Handoff;

  suiteSetup(() => {
    const file = handoffPath();
    assert.ok(file && fs.existsSync(file), `the first window left no handoff at ${file}`);
    handoff = JSON.parse(fs.readFileSync(file, 'utf8')) as Handoff;
  });

  test('this window has its own storageUri, and the same model store', async () => {
    const api = await activateExtension();
    assert.ok(api.storage.windowStorage, 'a folder is open');
    assert.notEqual(api.storage.windowStorage, handoff.windowStorage, 'code-server gave this window a fresh storageUri (the case under test)');
    assert.equal(api.storage.modelStore, handoff.modelStore);
  });

  test('it finds the model the first window trained, without training, and the status bar says so', async () => {
    const api = await activateExtension();
    await api.models.ready();
    assert.equal(api.lastTrainReport(), undefined, 'nothing was trained in this window');
    assert.equal(api.models.activeInfo()?.id, handoff.activeId);
    assert.match(statusText(api.models).text, /Embedding Lens: [\d.]+k? words/);
  });

  test('its hover answers from that model', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: `the ${handoff.word} here`, language: 'markdown' });
    const { text } = await ourHover(doc.uri, new vscode.Position(0, 6));
    assert.match(text, /nearest to/);
    assert.match(text, /\d\.\d\d/);
  });
});
