// Restricted Mode in the real VS Code: code-server runs with Workspace Trust on and this folder is not trusted.
// Its .vscode/settings.json (written by scripts/run-integration.mjs) points the evaluation files outside the
// workspace and at /dev/zero, raises maxFileSizeKB to 1 GB, threads to 256, epochs to 1,000 and dimensions to
// 1,000, includes every file and excludes all Markdown. VS Code must ignore those workspace values for the
// settings package.json declares in restrictedConfigurations, and the extension must not read them back another
// way: it uses only get(), never reads .vscode/settings.json itself (VS Code 1.100's inspect() in the extension host
// hides them as well: workspaceValue is undefined; this suite logs what it reports).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { TrainReport } from '../../src/extension/train-command';
import { readSettings } from '../../src/extension/settings';
import { EvaluationFiles } from '../../src/extension/evaluation';

const ID = 'embedding-lens.embedding-lens';

function workspaceSettings(): Record<string, unknown> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  return JSON.parse(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
}

suite('Restricted Mode: an untrusted folder cannot reconfigure the lens', function () {
  this.timeout(240_000);
  let api: EmbeddingLensApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext, `${ID} not installed`);
    api = await ext.activate();
  });

  test('the folder is not trusted, and package.json restricts the settings that choose files and cost', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted folder');
    const pkg = vscode.extensions.getExtension(ID)!.packageJSON as { capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } } };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of Object.keys(workspaceSettings()).filter((k) => k.startsWith('embeddingLens.'))) {
      assert.ok(restricted.includes(key), `${key} is set by the workspace but not restricted`);
    }
  });

  test('get() ignores the workspace values, so the settings the extension reads are the defaults', () => {
    const hostile = workspaceSettings();
    const c = vscode.workspace.getConfiguration();
    const seen: string[] = [];
    for (const [key, value] of Object.entries(hostile)) {
      if (!key.startsWith('embeddingLens.')) continue;
      const i = c.inspect(key)!;
      seen.push(`${key}: workspaceValue ${JSON.stringify(i.workspaceValue)}, get() ${JSON.stringify(c.get(key))}`);
      assert.deepEqual(c.get(key), i.defaultValue, `${key}: the workspace value reached get()`);
      assert.notDeepEqual(value, i.defaultValue, `${key}: the test must set a non-default value`);
    }
    console.log(`untrusted: ${seen.join('; ')}`);
    const s = readSettings(vscode.workspace.workspaceFolders![0]!.uri);
    assert.deepEqual(
      { include: s.include, exclude: s.exclude, maxFileSizeKB: s.maxFileSizeKB, threads: s.threads, epochs: s.epochs, dimensions: s.dimensions },
      { include: c.inspect<string[]>('embeddingLens.include')!.defaultValue, exclude: [], maxFileSizeKB: 2048, threads: 0, epochs: 0, dimensions: 100 },
    );
  });

  test('evaluation files named by the workspace are not used', async () => {
    const files = new EvaluationFiles();
    assert.deepEqual(files.describe(), { analogies: null, similarity: [], source: 'none' });
    const emb = { label: 'x', kind: 'imported', emb: undefined as never };
    await assert.rejects(files.evaluate([emb]), /No evaluation files/);
  });

  test('the train command trains with the defaults: Markdown not excluded, 2 MB cap, automatic epochs, 100 dimensions', async () => {
    const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
    assert.equal(report.outcome, 'success', report.message);
    assert.match(report.message, /1 over 2 MB/, 'the 3 MB file is over the default cap, not under the workspace\'s 1 GB');
    assert.ok(report.epochs !== undefined && report.epochs <= 50, `epochs ${report.epochs}`);
    const info = api.models.activeInfo()!;
    assert.equal(info.dim, 100);
    const saved = await api.models.store.load(info.id);
    const threads = Number(saved.header.hyperparameters.threads);
    assert.ok(threads >= 1 && threads <= 64, `threads ${threads}`);
  });
});
