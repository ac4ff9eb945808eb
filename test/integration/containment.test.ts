// Containment in the real VS Code (code-server's extension host): symbolic links out of the workspace are not
// read (through the collector and through the train command), a link is measured by its target, and the
// pathological patterns from the security review (a .gitignore line, an exclude setting, braces) give the right
// result and let collection complete; over-cap .gitignore files stop it with a clear message. Timings of these
// cases are in bench/containment.mjs, not here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { TrainReport } from '../../src/extension/train-command';
import { collectWorkspaceCorpus } from '../../src/extension/workspace-corpus';
import { EvaluationFiles, EVAL_FILE_MAX_BYTES } from '../../src/extension/evaluation';

const ID = 'embedding-lens.embedding-lens';
const SECRET = 'zzsecretroot zzsecretnologin zzsecretbash\n'.repeat(40);
const KEY = 'zzprivatekey '.repeat(300);

function tempRoot(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** A folder outside every workspace folder: "etc/" with words that must never be read, and a key file. */
function outsideFolder(): string {
  const dir = tempRoot('el-outside-');
  fs.mkdirSync(path.join(dir, 'etc'));
  fs.writeFileSync(path.join(dir, 'etc', 'passwd.md'), SECRET);
  fs.writeFileSync(path.join(dir, 'id_rsa'), KEY);
  return dir;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('embeddingLens');
}

suite('containment: links, patterns and caps in the real VS Code', function () {
  this.timeout(240_000);
  let api: EmbeddingLensApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  test('links to a folder and a file outside the root are counted, never read; a link is measured by its target', async () => {
    const outside = outsideFolder();
    const root = tempRoot('el-links-');
    fs.writeFileSync(path.join(root, 'readme.md'), 'plain words in the workspace\n'.repeat(30));
    fs.writeFileSync(path.join(root, 'big.dat'), 'word '.repeat((3 * 1024 * 1024) / 5)); // 3 MB, over the 2 MB default, not included itself
    fs.symlinkSync(path.join(outside, 'etc'), path.join(root, 'docs'));
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(root, 'notes.md'));
    fs.symlinkSync(path.join(root, 'big.dat'), path.join(root, 'small-looking.md')); // the link is tiny, its target is not
    fs.symlinkSync(path.join(root, 'readme.md'), path.join(root, 'again.md'));
    const texts: string[] = [];
    const seen: string[] = [];
    const report = await collectWorkspaceCorpus((t, uri) => { texts.push(t); seen.push(uri.path); }, { roots: [vscode.Uri.file(root)] });
    assert.ok(!texts.some((t) => t.includes('zzsecret') || t.includes('zzprivatekey')), 'text from outside the workspace was read');
    assert.equal(report.skipped.outside, 2, JSON.stringify(report));
    assert.equal(report.skipped.tooLarge, 1, 'the link to big.dat is measured by its target');
    assert.equal(report.files, 1, `read ${seen.join(', ')}`);
  });

  test('the train command skips links out of the workspace and says so', async () => {
    const outside = outsideFolder();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const links = [path.join(folder, 'zz-outside-docs'), path.join(folder, 'zz-outside-notes.md')];
    fs.symlinkSync(path.join(outside, 'etc'), links[0]!);
    fs.symlinkSync(path.join(outside, 'id_rsa'), links[1]!);
    await config().update('epochs', 1, vscode.ConfigurationTarget.Workspace);
    await config().update('dimensions', 16, vscode.ConfigurationTarget.Workspace);
    try {
      const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
      assert.equal(report.outcome, 'success', report.message);
      assert.match(report.message, /2 outside the workspace \(symbolic links\)/);
      const emb = await api.models.embeddings();
      assert.ok(emb && emb.size > 100);
      for (const w of ['zzsecretroot', 'zzsecretnologin', 'zzsecretbash', 'zzprivatekey']) assert.equal(emb.id(w), -1, `${w} came from outside`);
    } finally {
      for (const l of links) fs.rmSync(l, { force: true });
      for (const key of ['epochs', 'dimensions']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('pathological patterns: a .gitignore line, an exclude setting and braces complete with the right result', async () => {
    const root = tempRoot('el-patterns-');
    const deep = Array.from({ length: 40 }, () => 'x').join('/');
    const files: Record<string, string> = {
      [`${'a'.repeat(40)}.md`]: 'kept long name\n', // the backtracking worst case for the first line
      [`${'a'.repeat(20)}cab.md`]: 'ignored by the first line\n',
      [`${deep}/page.md`]: 'kept deep page\n', // 40 folders deep against the second line
      [`${deep}/y/inside.md`]: 'ignored by the second line\n',
      [`${'ab'.repeat(11)}.md`]: 'excluded by the braces\n',
      [`docs/${'a'.repeat(60)}.md`]: 'kept against the exclude star line\n',
      [`docs/${'a'.repeat(30)}ab.md`]: 'excluded by the star line\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.join(root, rel, '..'), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    fs.writeFileSync(path.join(root, '.gitignore'), '*a*a*a*a*a*a*a*a*a*a*ab.md\nx/**/**/**/**/**/**/**/**/**/**/y\n');
    const texts: string[] = [];
    const report = await collectWorkspaceCorpus((t) => texts.push(t.trim()), {
      roots: [vscode.Uri.file(root)],
      exclude: [`${'{a,b}'.repeat(22)}.md`, 'docs/*a*a*a*a*a*a*a*a*a*a*ab.md'],
    });
    assert.deepEqual(texts.sort(), ['kept against the exclude star line', 'kept deep page', 'kept long name']);
    assert.equal(report.skipped.gitignored, 2);
    assert.equal(report.skipped.excluded, 2);
  });

  test('a .gitignore over the caps stops collection with a clear message, also through the train command', async () => {
    const root = tempRoot('el-caps-');
    fs.writeFileSync(path.join(root, 'a.md'), 'words\n');
    // 100,000 ordinary rules (the review's case) make a file over the 256 KB cap
    fs.writeFileSync(path.join(root, '.gitignore'), Array.from({ length: 100_000 }, (_, i) => `f${i}`).join('\n'));
    await assert.rejects(collectWorkspaceCorpus(() => undefined, { roots: [vscode.Uri.file(root)] }),
      /\.gitignore is 688,889 bytes, more than the 256 KB Embedding Lens reads for a \.gitignore; shorten it, or turn off "search\.useIgnoreFiles"/);
    // 10,001 short rules fit in the size but not in the rule cap (over all the folder's .gitignore files)
    fs.writeFileSync(path.join(root, '.gitignore'), Array.from({ length: 9_000 }, (_, i) => `f${i}`).join('\n'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', '.gitignore'), Array.from({ length: 1_001 }, (_, i) => `g${i}`).join('\n'));
    await assert.rejects(collectWorkspaceCorpus(() => undefined, { roots: [vscode.Uri.file(root)] }),
      /the \.gitignore files hold more than 10,000 rules \(the limit was reached at sub\/\.gitignore, line 1001\)/);

    await config().update('exclude', Array.from({ length: 2_001 }, (_, i) => `p${i}/**`), vscode.ConfigurationTarget.Workspace);
    try {
      const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
      assert.equal(report.outcome, 'failed', report.message);
      assert.match(report.message, /"files\.exclude", "search\.exclude" and "embeddingLens\.exclude" list 2,\d{3} patterns, more than the 2,000 Embedding Lens applies/);
    } finally {
      await config().update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('evaluation files must be regular files under the size cap, checked before reading', async () => {
    const dir = tempRoot('el-eval-');
    const big = path.join(dir, 'huge.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, EVAL_FILE_MAX_BYTES + 1); // sparse: the size says it, nothing is read
    const good = path.join(dir, 'pairs.txt');
    fs.writeFileSync(good, 'alpha beta 1\ngamma delta 2\nepsilon zeta 3\n');
    await config().update('eval.analogies', '/dev/zero', vscode.ConfigurationTarget.Workspace);
    await config().update('eval.similarity', [dir, big, good], vscode.ConfigurationTarget.Workspace);
    try {
      const emb = await api.models.embeddings();
      assert.ok(emb);
      const [r] = await new EvaluationFiles().evaluate([{ label: 'active', kind: 'imported', emb }]);
      assert.ok(r);
      assert.deepEqual(r.errors, [
        'Could not read zero: it is not a regular file (a device, a pipe or a socket)',
        `Could not read ${path.basename(dir)}: it is not a regular file (it is a folder)`,
        'Could not read huge.txt: it is 33,554,433 bytes, more than the 32 MB an evaluation file may have',
      ]);
      assert.equal(r.analogies, null);
      assert.deepEqual(r.similarity.map((x) => x.file), ['pairs.txt'], 'the good file is still evaluated');
    } finally {
      for (const key of ['eval.analogies', 'eval.similarity']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the Projector export does not replace an existing metadata.tsv unless told (the UI asks)', async () => {
    const dir = tempRoot('el-export-meta-');
    const tsv = vscode.Uri.file(path.join(dir, 'vectors.tsv'));
    const meta = path.join(dir, 'metadata.tsv');
    fs.writeFileSync(meta, 'precious labels\n');
    const refused = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('embeddingLens.exportVectors', { format: 'projector', uri: tsv, replaceMetadata: false });
    assert.equal(refused, undefined);
    assert.equal(fs.readFileSync(meta, 'utf8'), 'precious labels\n');
    assert.ok(!fs.existsSync(tsv.fsPath), 'nothing was written');
    const written = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('embeddingLens.exportVectors', { format: 'projector', uri: tsv, replaceMetadata: true });
    assert.deepEqual(written?.map((u) => path.basename(u.fsPath)), ['vectors.tsv', 'metadata.tsv']);
    assert.notEqual(fs.readFileSync(meta, 'utf8'), 'precious labels\n');
  });
});
