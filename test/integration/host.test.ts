// Host side in the real extension host: collect -> train -> save -> reload, hover (with hostile words),
// cancellation keeps the old model, failed writes keep the old model, corrupted files are reported,
// empty folders give a clear message, load/export of vector files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { TrainReport } from '../../src/extension/train-command';
import { ModelStore } from '../../src/extension/model-store';
import { ModelService } from '../../src/extension/model-service';
import { emptyCorpusMessage, collectWorkspaceCorpus } from '../../src/extension/workspace-corpus';
import { readVectors } from '../../src/core/formats';

const ID = 'embedding-lens.embedding-lens';
const EVIL_LINK = '[x](command:workbench.action.quit)';
const EVIL_HTML = '<img src=x onerror=alert(1)>';

let api: EmbeddingLensApi;
let folder: vscode.Uri;
const enc = new TextEncoder();

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n----\n');
}

async function ourHover(uri: vscode.Uri, pos: vscode.Position): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  const ours = hovers.filter((h) => hoverText([h]).includes('Embedding Lens'));
  return { text: hoverText(ours), hovers: ours };
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('embeddingLens');
}

function storeRoot(): vscode.Uri {
  return vscode.Uri.joinPath(api.models.store.folder, '..');
}

suite('host: workspace training, store, hover', function () {
  this.timeout(240_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext, `${ID} not installed`);
    api = await ext.activate();
    assert.ok(api?.models, 'activate() returns the test API');
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    // two seeds: every host path (hover, views, export, reload) runs on an ensemble; seeds.test.ts covers auto
    await config().update('seeds', '2', vscode.ConfigurationTarget.Workspace);
    const w = (rel: string, data: Uint8Array | string) =>
      vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, rel), typeof data === 'string' ? enc.encode(data) : data);
    const hostile = `Clicking ${EVIL_LINK} or seeing ${EVIL_HTML} must stay plain text, and $(zap) too.\n`;
    await w('zz-hostile.md', hostile.repeat(6));
    await w('zz-binary.md', new Uint8Array([0x23, 0x20, 0x61, 0x00, 0x01, 0x02, 0x62, 0x0a]));
    await w('zz-latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]));
    await w('zz-big.md', 'word '.repeat((2048 * 1024) / 5 + 100));
    await w('.gitignore', 'ignored/\n');
    await w('ignored/secret.md', 'secret secret secret\n');
    // Small, fast settings for the test run (written to the temp workspace's .vscode/settings.json).
    await config().update('epochs', 2, vscode.ConfigurationTarget.Workspace);
    await config().update('dimensions', 32, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    for (const key of ['epochs', 'dimensions', 'hover.enabled', 'seeds']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('an empty folder gives a clear "nothing to train on" message', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'el-empty-'));
    const texts: string[] = [];
    const report = await collectWorkspaceCorpus((t) => texts.push(t), { roots: [vscode.Uri.file(empty)] });
    assert.equal(report.files, 0);
    assert.equal(texts.length, 0);
    const message = emptyCorpusMessage(report, 'no-files');
    assert.match(message, /no text files/);
    assert.match(message, /embeddingLens\.include/);
    assert.match(emptyCorpusMessage(report, 'no-folder'), /Open a folder/);
  });

  test('collection honours .gitignore and skips binary, oversized and invalid UTF-8 files', async () => {
    const seen: string[] = [];
    const report = await collectWorkspaceCorpus((_t, uri) => seen.push(uri.path), {});
    assert.ok(report.files >= 10, `only ${report.files} files`);
    assert.ok(seen.some((p) => p.endsWith('/zz-hostile.md')));
    assert.ok(!seen.some((p) => p.includes('/ignored/')), '.gitignore not honoured');
    assert.equal(report.skipped.binary, 1);
    assert.equal(report.skipped.invalidUtf8, 1);
    assert.equal(report.skipped.tooLarge, 1);
    assert.equal(report.skipped.gitignored, 1);
  });

  test('embeddingLens.train trains, saves, activates and reports skips', async () => {
    const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
    assert.equal(report.outcome, 'success', report.message);
    assert.match(report.message, /trained on \d+ files/);
    assert.match(report.message, /skipped 1 binary, 1 over 2 MB, 1 invalid UTF-8/);
    assert.equal(report.epochs, 2);
    assert.deepEqual(api.lastTrainReport(), report);
    const info = api.models.activeInfo();
    assert.ok(info, 'no active model');
    assert.equal(info.kind, 'cbow-corrected');
    assert.equal(info.dim, 32);
    assert.equal(info.vocabSize, report.vocabSize);
    assert.ok(api.models.list().some((m) => m.id === info.id));
    const emb = await api.models.embeddings();
    assert.ok(emb && emb.size === info.vocabSize);
    assert.equal(api.models.trainingState().running, false);
  });

  test('the saved model reloads through a fresh ModelService', async () => {
    const fresh = new ModelService(new ModelStore(storeRoot()));
    try {
      const info = fresh.activeInfo() ?? (await fresh.ready(), fresh.activeInfo());
      assert.equal(info?.id, api.models.activeInfo()?.id);
      const a = await api.models.embeddings();
      const b = await fresh.embeddings();
      assert.ok(a && b);
      assert.deepEqual([...b.words], [...a.words]);
      assert.deepEqual(b.data, a.data);
    } finally {
      fresh.dispose();
    }
  });

  test('hover shows neighbours of a frequent word with allow-listed command links', async () => {
    const emb = (await api.models.embeddings())!;
    const word = emb.words.find((w) => /^[a-z]{5,}$/.test(w))!;
    const doc = await vscode.workspace.openTextDocument({ content: `Some text about ${word} here.`, language: 'markdown' });
    const { text, hovers } = await ourHover(doc.uri, new vscode.Position(0, 'Some text about '.length + 2));
    assert.equal(hovers.length, 1, `no Embedding Lens hover for "${word}"`);
    assert.match(text, /command:embeddingLens\.explore\?/);
    const listed = text.split('\n').filter((l) => l.startsWith('- ')).length;
    assert.equal(listed, 5, text);
    const md = hovers[0]!.contents[0] as vscode.MarkdownString;
    assert.deepEqual(md.isTrusted, { enabledCommands: ['embeddingLens.explore', 'embeddingLens.compareWord'] });
    assert.equal(md.supportHtml, false);
    assert.equal(md.supportThemeIcons, false);
    // out-of-vocabulary words stay quiet
    const oov = await vscode.workspace.openTextDocument({ content: 'qqqzzzxxyy', language: 'markdown' });
    assert.equal((await ourHover(oov.uri, new vscode.Position(0, 3))).hovers.length, 0);
  });

  test('hover over the hostile file keeps everything escaped', async () => {
    const uri = vscode.Uri.joinPath(folder, 'zz-hostile.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(0).text;
    for (const w of ['workbench', 'quit', 'onerror', 'img', 'zap']) {
      const { text } = await ourHover(uri, new vscode.Position(0, line.indexOf(w) + 1));
      assert.ok(text.length > 0, `no hover for ${w}`);
      assert.ok(!text.includes('command:workbench'), text);
      assert.ok(!/(?<!\\)</.test(text), text);
      assert.ok(!/(?<!\\)\$\(/.test(text), text);
    }
  });

  test('loaded vectors with hostile words: every word is escaped, links only to our commands', async () => {
    const activeBefore = api.models.activeInfo()!.id;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-vec-'));
    const file = path.join(tmp, 'hostile.vec');
    const words = ['anchorword', '[x](command:workbench.action.quit)', '<img/src=x/onerror=alert(1)>', '$(zap)', '`tick`', 'plain'];
    const rows = words.map((w, i) => `${w} ${[1, 0.9 + i * 0.001, 0.1 * i].join(' ')}`);
    fs.writeFileSync(file, `${words.length} 3\n${rows.join('\n')}\n`);
    try {
      const info = await vscode.commands.executeCommand<{ id: string; kind: string }>('embeddingLens.loadVectors', { uri: vscode.Uri.file(file) });
      assert.equal(info?.kind, 'imported');
      assert.equal(api.models.activeInfo()?.id, info.id);
      const doc = await vscode.workspace.openTextDocument({ content: 'see anchorword here', language: 'markdown' });
      const { text } = await ourHover(doc.uri, new vscode.Position(0, 6));
      assert.ok(text.includes('plain'), text);
      assert.ok(!text.includes('command:workbench'), text);
      assert.ok(!text.includes('](command:workbench'), text);
      assert.ok(!/(?<!\\)</.test(text), 'unescaped <');
      assert.ok(!/(?<!\\)\$\(/.test(text), 'unescaped $(');
      const targets = [...text.matchAll(/\]\((command:[^)\s]*)/g)].map((m) => m[1]!);
      assert.ok(targets.length >= 6);
      for (const t of targets) assert.match(t, /^command:embeddingLens\.(explore|compareWord)\?[A-Za-z0-9%._~-]*$/);
      // a malformed file gives a clear error and changes nothing
      const bad = path.join(tmp, 'bad.vec');
      fs.writeFileSync(bad, '2 3\nword 1 2 3\nother 1 two 3\n');
      const none = await vscode.commands.executeCommand('embeddingLens.loadVectors', { uri: vscode.Uri.file(bad) });
      assert.equal(none, undefined);
      assert.equal(api.models.activeInfo()?.id, info.id);
    } finally {
      await api.models.setActive(activeBefore);
    }
    assert.equal(api.models.activeInfo()?.id, activeBefore);
  });

  test('export writes word2vec text, binary and Projector TSV that read back', async () => {
    const emb = (await api.models.embeddings())!;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-export-'));
    const txt = vscode.Uri.file(path.join(tmp, 'v.txt'));
    const bin = vscode.Uri.file(path.join(tmp, 'v.bin'));
    const tsv = vscode.Uri.file(path.join(tmp, 'vectors.tsv'));
    assert.equal((await vscode.commands.executeCommand<vscode.Uri[]>('embeddingLens.exportVectors', { format: 'word2vec-text', uri: txt }))?.length, 1);
    assert.equal((await vscode.commands.executeCommand<vscode.Uri[]>('embeddingLens.exportVectors', { format: 'word2vec-binary', uri: bin }))?.length, 1);
    const written = await vscode.commands.executeCommand<vscode.Uri[]>('embeddingLens.exportVectors', { format: 'projector', uri: tsv });
    assert.deepEqual(written?.map((u) => path.basename(u.fsPath)), ['vectors.tsv', 'metadata.tsv']);
    const fromText = readVectors(fs.readFileSync(txt.fsPath), 'word2vec-text');
    const fromBin = readVectors(fs.readFileSync(bin.fsPath), 'word2vec-binary');
    assert.deepEqual([...fromText.words], [...emb.words]);
    assert.deepEqual(fromBin.data, emb.data);
    assert.equal(fs.readFileSync(path.join(tmp, 'metadata.tsv'), 'utf8').trim().split('\n').length, emb.size);
  });

  test('cancelling training keeps the stored model byte for byte', async () => {
    const info = api.models.activeInfo()!;
    const before = await api.models.store.readBytes(info.id);
    await config().update('epochs', 200, vscode.ConfigurationTarget.Workspace);
    try {
      const running = vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
      await waitFor(() => api.models.trainingState().phase === 'training' && (api.models.trainingState().fraction ?? 0) > 0, 120_000, 'training to start');
      // Hovers stay fast while the workers train (the host thread is never blocked by training).
      const emb = api.models.loadedEmbeddings()!;
      const word = emb.words.find((w) => /^[a-z]{5,}$/.test(w))!;
      const doc = await vscode.workspace.openTextDocument({ content: word, language: 'plaintext' });
      const { hovers } = await ourHover(doc.uri, new vscode.Position(0, 1));
      assert.equal(hovers.length, 1, 'no hover during training');
      assert.ok(api.models.trainingState().running, 'training ended before the hover check');
      // A second train request while one runs is refused.
      assert.equal((await vscode.commands.executeCommand<TrainReport>('embeddingLens.train')).outcome, 'busy');
      assert.equal(await vscode.commands.executeCommand('embeddingLens.cancelTraining'), true);
      const report = await running;
      assert.equal(report.outcome, 'cancelled', report.message);
      assert.match(report.message, /previous model is unchanged/);
    } finally {
      await config().update('epochs', 2, vscode.ConfigurationTarget.Workspace);
    }
    const after = await api.models.store.readBytes(info.id);
    assert.equal(Buffer.compare(Buffer.from(before), Buffer.from(after)), 0, 'stored model changed');
    assert.equal(api.models.activeInfo()?.id, info.id);
    assert.equal(api.models.trainingState().running, false);
    assert.equal(await vscode.commands.executeCommand('embeddingLens.cancelTraining'), false);
  });

  test('a failed write (disk full) keeps the old model and says so', async () => {
    const info = api.models.activeInfo()!;
    const before = await api.models.store.readBytes(info.id);
    const contents = await api.models.store.load(info.id);
    const failing = {
      readFile: (u: vscode.Uri) => vscode.workspace.fs.readFile(u),
      stat: (u: vscode.Uri) => vscode.workspace.fs.stat(u),
      delete: (u: vscode.Uri, o?: { recursive?: boolean; useTrash?: boolean }) => vscode.workspace.fs.delete(u, o),
      rename: (a: vscode.Uri, b: vscode.Uri, o?: { overwrite?: boolean }) => vscode.workspace.fs.rename(a, b, o),
      createDirectory: (u: vscode.Uri) => vscode.workspace.fs.createDirectory(u),
      readDirectory: (u: vscode.Uri) => vscode.workspace.fs.readDirectory(u),
      writeFile: async (u: vscode.Uri, bytes: Uint8Array) => {
        await vscode.workspace.fs.writeFile(u, bytes.subarray(0, 100)); // a partial .tmp, then the disk is full
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const store = new ModelStore(storeRoot(), failing);
    await assert.rejects(store.save(info.id, { ...contents, header: { ...contents.header, label: 'new' } }, { activate: true }), (e: Error) => {
      assert.match(e.message, /Could not save .*ENOSPC: no space left on device\. The previous model was kept\./);
      return true;
    });
    const after = await api.models.store.readBytes(info.id);
    assert.equal(Buffer.compare(Buffer.from(before), Buffer.from(after)), 0);
    const leftovers = (await vscode.workspace.fs.readDirectory(api.models.store.folder)).filter(([n]) => n.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
    assert.equal((await new ModelStore(storeRoot()).readIndex()).active, info.id);
  });

  test('a corrupted model file is reported clearly', async () => {
    const root = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'el-store-')));
    const store = new ModelStore(root);
    const contents = await api.models.store.load(api.models.activeInfo()!.id);
    await store.save('m', contents, { activate: true });
    const file = (await store.fileUri('m')).fsPath;
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const service = new ModelService(store);
    try {
      assert.equal(await service.embeddings(), undefined);
      assert.match(service.lastLoadError() ?? '', /model file is corrupted: checksum mismatch/);
    } finally {
      service.dispose();
    }
  });

  test('hover.enabled = false turns the hover off', async () => {
    const emb = (await api.models.embeddings())!;
    const word = emb.words.find((w) => /^[a-z]{5,}$/.test(w))!;
    const doc = await vscode.workspace.openTextDocument({ content: word, language: 'plaintext' });
    assert.equal((await ourHover(doc.uri, new vscode.Position(0, 1))).hovers.length, 1);
    await config().update('hover.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal((await ourHover(doc.uri, new vscode.Position(0, 1))).hovers.length, 0);
    } finally {
      await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
