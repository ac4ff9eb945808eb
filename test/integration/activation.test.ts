import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const ID = 'embedding-lens.embedding-lens';

suite('activation', () => {
  test('the extension is installed', () => {
    assert.ok(vscode.extensions.getExtension(ID), `${ID} not found`);
  });

  test('it activates', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('it contributes and registers embeddingLens.train', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    const contributed = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(contributed.includes('embeddingLens.train'), 'package.json does not contribute embeddingLens.train');
    await ext.activate();
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('embeddingLens.train'), 'embeddingLens.train is not registered after activation');
  });
});
