// Code workspaces in the real VS Code (the "code" session: requests and vscode-extension-samples side by side):
// training learns from comments, strings and identifiers through the tree-sitter grammars, skips lockfiles and
// says so, and the hover on HTTPAdapter (adapters.py) and registerCommand (a sample's extension.ts) shows
// neighbours. Figures (tokens prose-only against with code, vocabulary, host event-loop delay while collecting,
// before and after the corpus worker) go to test-artifacts/integration/code-figures.json; nothing here depends on speed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { TrainReport } from '../../src/extension/train-command';
import { encodeWorkspace } from '../../src/extension/encode-workspace';
import { DEFAULT_INCLUDE, readSettings, type Settings } from '../../src/extension/settings';
import { collectWorkspaceCorpus, describeSkips, selectWorkspaceFiles } from '../../src/extension/workspace-corpus';
import { CorpusBuilder } from '../../src/core/corpus';
import { repoRoot } from '../data-path';

const ID = 'embedding-lens.embedding-lens';
const progress = { report: () => undefined };
const figures: Record<string, unknown> = {};
let api: EmbeddingLensApi;
let root: vscode.Uri;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('embeddingLens');
}

/** Event-loop delay of this (the extension host's) thread while `work` runs: p50/p99/max in ms. */
async function delayDuring<T>(work: () => Promise<T>): Promise<{ result: T; delay: { p50: number; p99: number; max: number; seconds: number } }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  return { result, delay: { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, seconds } };
}

async function encoded(settings: Settings, folder: vscode.Uri, include?: string[]) {
  const r = await encodeWorkspace(settings, progress, new AbortController().signal, { roots: [folder], ...(include ? { include } : {}) });
  assert.equal(r.outcome, 'encoded', r.outcome !== 'encoded' && 'message' in r ? r.message : r.outcome);
  if (r.outcome !== 'encoded') throw new Error('not encoded');
  return r;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

async function hoverOn(file: vscode.Uri, needle: string, offsetInNeedle = 0): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(file);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not in ${file.fsPath}`);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + offsetInNeedle + 1))) ?? [];
  return hoverText(hovers.filter((h) => hoverText([h]).includes('Embedding Lens')));
}

suite('code workspaces: tree-sitter extraction, lockfiles, hover on identifiers', function () {
  this.timeout(600_000);

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<EmbeddingLensApi>(ID)!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri;
    assert.ok(fs.existsSync(path.join(root.fsPath, 'requests/src/requests/adapters.py')), 'the code workspace is requests + vscode-extension-samples');
  });

  suiteTeardown(() => {
    const dir = path.join(repoRoot(), 'test-artifacts/integration');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'code-figures.json'), JSON.stringify(figures, null, 2));
  });

  test('requests: Python comments, docstrings, strings and identifiers are learned from; prose-only learns much less', async () => {
    const requests = vscode.Uri.joinPath(root, 'requests');
    const settings = readSettings(requests);
    const prose = await encoded({ ...settings, code: { ...settings.code, enabled: false } }, requests);
    const code = await encoded(settings, requests);
    const py = code.collect.learnedFrom!.languages.find((l) => l.id === 'python')!;
    assert.equal(py.files, 37);
    assert.ok(py.tokens.comments > 1000 && py.tokens.identifiers > 1000 && py.tokens.strings > 0, JSON.stringify(py));
    assert.ok(code.corpus.tokens > prose.corpus.tokens, `${code.corpus.tokens} with code, ${prose.corpus.tokens} prose-only`);
    assert.ok(prose.collect.skipped.codeOff >= 37, 'with code off the Python (and CSS) files are left out, and counted');
    for (const w of ['http_adapter', 'max_redirects', 'get_connection', 'adapter']) assert.ok(code.vocab.id(w) >= 0, `${w} in the vocabulary`);
    // Keywords and boilerplate names do not come from the code: what is left of them is prose ("Returns self").
    const sources = fs.readdirSync(requests.fsPath, { recursive: true }).map(String).filter((f) => f.endsWith('.py'))
      .map((f) => fs.readFileSync(path.join(requests.fsPath, f), 'utf8')).join('\n');
    for (const w of ['def', 'self', 'import', 'return']) {
      const inCode = sources.match(new RegExp(`\\b${w}\\b`, 'g'))?.length ?? 0;
      const learned = code.vocab.id(w) >= 0 ? code.vocab.counts[code.vocab.id(w)]! : 0;
      assert.ok(inCode > 100 && learned < inCode / 5, `"${w}": ${inCode} in the Python sources, ${learned} in the corpus`);
    }
    figures.requests = {
      proseOnly: { files: prose.collect.files, tokens: prose.corpus.tokens, vocab: prose.vocab.size, minCount: prose.minCount },
      withCode: { files: code.collect.files, tokens: code.corpus.tokens, vocab: code.vocab.size, minCount: code.minCount, learnedFrom: code.collect.learnedFrom },
    };
  });

  test('vscode-extension-samples: lockfiles are skipped and reported, TypeScript is learned from', async () => {
    const samples = vscode.Uri.joinPath(root, 'vscode-extension-samples');
    const settings = readSettings(samples);
    const include = [...DEFAULT_INCLUDE, '**/*.json']; // a user who also trains on package.json descriptions
    const code = await encoded(settings, samples, include);
    // node_modules/.package-lock.json is left out earlier, by VS Code's default search.exclude
    const lockfiles = fs.readdirSync(samples.fsPath, { recursive: true }).map(String).filter((f) => /(^|\/)package-lock\.json$/.test(f) && !f.includes('node_modules')).length;
    assert.ok(lockfiles > 90, `${lockfiles} lockfiles in the archive`);
    // (a sample's own .gitignore may list its lockfile, which is then left out for that reason)
    assert.ok(code.collect.skipped.lockfile <= lockfiles && code.collect.skipped.lockfile >= lockfiles - code.collect.skipped.gitignored,
      `${code.collect.skipped.lockfile} lockfiles skipped of ${lockfiles}; ${code.collect.skipped.gitignored} in .gitignore`);
    assert.match(describeSkips(code.collect), /\d+ lockfiles/);
    assert.equal(code.collect.learnedFrom!.skipped.lockfile, code.collect.skipped.lockfile);
    const ts = code.collect.learnedFrom!.languages.find((l) => l.id === 'typescript')!;
    assert.ok(ts.files > 150 && ts.tokens.identifiers > 10_000, JSON.stringify(ts));
    assert.ok(code.vocab.id('register_command') >= 0 && code.vocab.id('tree_data_provider') >= 0);
    const prose = await encoded({ ...settings, code: { ...settings.code, enabled: false } }, samples);
    figures.samples = {
      proseOnly: { files: prose.collect.files, tokens: prose.corpus.tokens, vocab: prose.vocab.size, minCount: prose.minCount },
      withCode: { files: code.collect.files, tokens: code.corpus.tokens, vocab: code.vocab.size, minCount: code.minCount, learnedFrom: code.collect.learnedFrom, skipped: code.collect.skipped },
    };
  });

  test('the host thread stays free while a code workspace is collected (event-loop delay, before and after the corpus worker)', async () => {
    // Before: the host thread read, decoded and tokenized every file itself (code read whole as text).
    const before = await delayDuring(async () => {
      const builder = new CorpusBuilder({ lowercase: true });
      const report = await collectWorkspaceCorpus((text) => builder.addText(text), { roots: [root] });
      builder.end();
      return { files: report.files, tokens: builder.tokensSeen };
    });
    // After: the host only lists files; the corpus worker reads, decodes, parses and tokenizes them.
    const after = await delayDuring(async () => {
      const r = await encoded(readSettings(root), root);
      return { files: r.collect.files, tokens: r.corpus.tokens };
    });
    // The selection stage alone (findFiles, .gitignore), which both paths share.
    const selection = await delayDuring(async () => ({ files: (await selectWorkspaceFiles({ roots: [root] })).jobs.length, tokens: 0 }));
    assert.ok(after.result.files > 0 && before.result.files > 0);
    figures.eventLoopDelayMs = { before, after, selectionOnly: selection };
  });

  test('training on the code workspace, then hovers on HTTPAdapter (Python) and registerCommand (TypeScript) show neighbours', async () => {
    await config().update('epochs', 5, vscode.ConfigurationTarget.Workspace);
    await config().update('dimensions', 50, vscode.ConfigurationTarget.Workspace);
    await config().update('include', [...DEFAULT_INCLUDE, '**/*.json'], vscode.ConfigurationTarget.Workspace);
    try {
      const t0 = Date.now();
      const report = await vscode.commands.executeCommand<TrainReport>('embeddingLens.train');
      assert.equal(report.outcome, 'success', report.message);
      assert.match(report.message, /Python \d/);
      assert.match(report.message, /TypeScript \d/);
      assert.match(report.message, /\d+ lockfiles/);
      const info = api.models.activeInfo()!;
      assert.ok(info.learnedFrom && info.learnedFrom.languages.some((l) => l.id === 'python') && info.learnedFrom.code.enabled, 'the model stats carry what it learned from');
      figures.trainedWorkspace = { seconds: (Date.now() - t0) / 1000, tokens: report.tokens, vocab: report.vocabSize, epochs: report.epochs, message: report.message };

      const adapters = vscode.Uri.joinPath(root, 'requests/src/requests/adapters.py');
      const py = await hoverOn(adapters, 'class HTTPAdapter', 'class '.length + 2);
      assert.match(py, /nearest to/, py);
      assert.ok((py.match(/^- /gm) ?? []).length >= 3, py);
      assert.match(py, /http\\_adapter|http \+ adapter/, 'the identifier, or its parts combined');
      const comment = await hoverOn(adapters, 'connection pool', 2);
      assert.match(comment, /nearest to .*connection/, comment);

      const ext = vscode.Uri.joinPath(root, 'vscode-extension-samples/helloworld-sample/src/extension.ts');
      const ts = await hoverOn(ext, 'commands.registerCommand', 'commands.'.length + 3);
      assert.match(ts, /nearest to/, ts);
      assert.ok((ts.match(/^- /gm) ?? []).length >= 3, ts);
      assert.match(ts, /register\\_command|register \+ command/);
      figures.hovers = { HTTPAdapter: py, registerCommand: ts, comment };
    } finally {
      for (const key of ['epochs', 'dimensions', 'include']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
