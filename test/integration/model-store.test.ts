// The models of a workspace live where every window on it finds them (globalStorage, keyed by the workspace),
// survive concurrent writers, move in from older per-window stores, and can be deleted from a command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import { readModelFile, writeModelFile, type ModelFileContents, singleInput } from '../../src/core/formats/model-file';
import { ModelStore } from '../../src/extension/model-store';
import { legacyStores, migrateLegacyStore, workspaceIdentity } from '../../src/extension/workspace-store';
import { activateExtension } from '../factories/integration';

let api: EmbeddingLensApi;

function tinyModel(label: string, words = 30, dim = 4): ModelFileContents {
  return {
    header: { kind: 'imported', label, vocabSize: words, dim, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: 'test', hyperparameters: {} },
    words: Array.from({ length: words }, (_, i) => `${label}-w${i}`),
    matrices: singleInput(new Float32Array(words * dim).map((_, i) => Math.sin(i + label.length))),
  };
}

const tempRoot = (prefix: string) => vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));

suite('model store: one per workspace, shared by its windows', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test("the workspace's models live under globalStorage, keyed by the folder, not in the window's storage", () => {
    const { modelStore, windowStorage } = api.storage;
    const id = workspaceIdentity();
    assert.equal(id.identity, vscode.workspace.workspaceFolders![0]!.uri.toString());
    assert.ok(modelStore.endsWith(`/workspaces/${id.key}`), modelStore);
    assert.ok(/\/globalStorage\//.test(modelStore), modelStore);
    assert.ok(windowStorage && !modelStore.startsWith(windowStorage), 'not inside the per-window storageUri');
  });

  test('two writers saving different models to one store at once keep every entry, each complete', async () => {
    const root = tempRoot('el-concurrent-');
    const a = new ModelStore(root, { writer: 'window-a' });
    const b = new ModelStore(root, { writer: 'window-b' });
    const saves: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      saves.push(a.save(`a${i}`, tinyModel(`a${i}`), { activate: i % 2 === 0 }));
      saves.push(b.save(`b${i}`, tinyModel(`b${i}`), { activate: i % 2 === 1 }));
    }
    await Promise.all(saves);
    const index = await new ModelStore(root, { writer: 'reader' }).readIndex();
    assert.deepEqual(index.models.map((m) => m.id).sort(), [...Array.from({ length: 8 }, (_, i) => `a${i}`), ...Array.from({ length: 8 }, (_, i) => `b${i}`)].sort());
    for (const m of index.models) assert.equal((await a.load(m.id)).header.label, m.label, `${m.id} loads and matches its entry`);
    assert.ok(index.active !== null, 'an active model is recorded');
    const leftovers = fs.readdirSync(path.join(root.fsPath, 'models')).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, [], 'no temporary files left');
    assert.equal(fs.readdirSync(path.join(root.fsPath, 'models')).filter((f) => f.endsWith('.emblens')).length, 16, 'one file per model');
  });

  test('two writers saving the same model at once: the entry names one complete file, and the other is gone', async () => {
    const root = tempRoot('el-same-id-');
    const a = new ModelStore(root, { writer: 'window-a' });
    const b = new ModelStore(root, { writer: 'window-b' });
    await Promise.all([a.save('m', tinyModel('from-a', 500), { activate: true }), b.save('m', tinyModel('from-b', 700), { activate: true })]);
    const entry = (await a.readIndex()).models;
    assert.equal(entry.length, 1);
    const contents = await b.load('m');
    assert.equal(contents.header.label, entry[0]!.label, 'the entry describes the file it names');
    assert.equal(contents.words.length, contents.header.vocabSize);
    const files = fs.readdirSync(path.join(root.fsPath, 'models')).filter((f) => f.endsWith('.emblens'));
    assert.ok(files.includes(entry[0]!.file!));
    // the loser's file may survive only until the next save of that model replaces the entry again
    assert.ok(files.length <= 2, files.join(', '));
  });

  test('older per-window stores of the same folder are found (own and sibling storage) and moved in', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-legacy-'));
    const wsStorage = path.join(tmp, 'User', 'workspaceStorage');
    const folderUri = vscode.Uri.file(path.join(tmp, 'the-folder')).toString();
    const ext = 'embedding-lens.embedding-lens';
    const legacy = (dir: string, meta: object, models: { id: string; contents: ModelFileContents }[], active: string) => {
      const root = path.join(wsStorage, dir);
      fs.mkdirSync(path.join(root, ext, 'models'), { recursive: true });
      fs.writeFileSync(path.join(root, 'workspace.json'), JSON.stringify(meta));
      const entries = models.map(({ id, contents }) => {
        const bytes = writeModelFile(contents);
        fs.writeFileSync(path.join(root, ext, 'models', `${id}.emblens`), bytes);
        const h = contents.header;
        return { id, label: h.label, kind: h.kind, vocabSize: h.vocabSize, tokens: h.tokens, dim: h.dim, trainedAt: h.trainedAt, files: h.files, source: h.source, bytes: bytes.length };
      });
      fs.writeFileSync(path.join(root, ext, 'models', 'index.json'), JSON.stringify({ version: 1, active, models: entries }));
      return path.join(root, ext);
    };
    const old = tinyModel('old');
    old.header.trainedAt = '2024-01-01T00:00:00.000Z';
    const own = legacy('3bb5f9b6-1', { folder: folderUri }, [{ id: 'workspace-cbow-corrected', contents: tinyModel('newer') }], 'workspace-cbow-corrected');
    legacy('3bb5f9b6', { folder: folderUri }, [{ id: 'workspace-cbow-corrected', contents: old }, { id: 'imported-x.vec', contents: tinyModel('imported') }], 'imported-x.vec');
    fs.writeFileSync(path.join(wsStorage, '3bb5f9b6', ext, 'models', 'compare.json'), JSON.stringify({ version: 1 }));
    legacy('ffffffff', { folder: vscode.Uri.file('/somewhere/else').toString() }, [{ id: 'other', contents: tinyModel('other') }], 'other');

    const found = await legacyStores(vscode.Uri.file(own), folderUri);
    assert.deepEqual(found.map((u) => path.basename(path.dirname(u.fsPath))).sort(), ['3bb5f9b6', '3bb5f9b6-1'], 'own and sibling, not the other folder');

    const store = new ModelStore(vscode.Uri.file(path.join(tmp, 'new-store')), {
      writer: 'new', migrate: async (s) => { for (const r of found) await migrateLegacyStore(s, r); },
    });
    const index = await store.readIndex();
    assert.deepEqual(index.models.map((m) => m.id).sort(), ['imported-x.vec', 'workspace-cbow-corrected']);
    assert.equal((await store.load('workspace-cbow-corrected')).header.label, 'newer', 'the newer of two clashing models wins');
    assert.equal((await store.load('imported-x.vec')).words.length, 30);
    assert.equal(index.active, 'workspace-cbow-corrected', 'the own window’s active model stays active');
    assert.ok(fs.existsSync(path.join(tmp, 'new-store', 'models', 'compare.json')), 'the compare record moved too');
    for (const dir of ['3bb5f9b6', '3bb5f9b6-1']) {
      assert.ok(!fs.existsSync(path.join(wsStorage, dir, ext, 'models', 'index.json')), `${dir}: old index removed`);
      assert.deepEqual(fs.existsSync(path.join(wsStorage, dir, ext, 'models')) ? fs.readdirSync(path.join(wsStorage, dir, ext, 'models')) : [], [], `${dir}: files moved, none left`);
    }
    assert.ok(fs.existsSync(path.join(wsStorage, 'ffffffff', ext, 'models', 'index.json')), 'another folder’s store is untouched');
  });

  test('a model saved by another window is noticed by this window through the store folder and offered', async () => {
    const other = new ModelStore(api.models.store.root, { writer: 'another-window' });
    const activeBefore = api.models.activeInfo()?.id;
    const seen = new Promise<string[]>((resolve) => {
      const sub = api.models.onDidDiscover((infos) => { sub.dispose(); resolve(infos.map((i) => i.id)); });
    });
    await api.models.ready();
    await other.save('from-another-window', tinyModel('from-another-window'), { activate: true });
    const ids = await Promise.race([seen, new Promise<string[]>((_, rej) => setTimeout(() => rej(new Error('not noticed within 60 s')), 60_000))]);
    assert.deepEqual(ids, ['from-another-window']);
    assert.ok(api.models.list().some((m) => m.id === 'from-another-window'), 'listed');
    assert.equal(api.models.activeInfo()?.id, activeBefore, 'offered, not switched to unasked');
    await api.models.remove('from-another-window');
  });

  test('Delete Saved Models… removes the chosen model, its entry and its file', async () => {
    const saved = await api.models.add('to-delete', tinyModel('to-delete'), undefined, false);
    const file = (await api.models.store.fileUri(saved.id)).fsPath;
    assert.ok(fs.existsSync(file));
    const deleted = await vscode.commands.executeCommand<string[]>('embeddingLens.deleteModels', { ids: [saved.id] });
    assert.deepEqual(deleted, [saved.id]);
    assert.ok(!fs.existsSync(file), 'the file is gone');
    assert.ok(!api.models.list().some((m) => m.id === saved.id), 'the entry is gone');
    assert.ok(!(await api.models.store.readIndex()).models.some((m) => m.id === saved.id));
  });

  test('a model file read back from the store is the one its entry describes (and reads as a model file)', async () => {
    await api.models.ready();
    for (const m of (await api.models.store.readIndex()).models) {
      const bytes = await api.models.store.readBytes(m.id);
      assert.equal(bytes.length, m.bytes, `${m.id}: size matches the entry`);
      assert.equal(readModelFile(bytes).header.vocabSize, m.vocabSize);
    }
  });
});
