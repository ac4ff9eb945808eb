// Robustness in the real VS Code (code-server's extension host), through the extension's own paths:
// a worker killed during the train command, 20 cancellations at points defined by progress, a read-only storage folder
// under the real store during training, a full disk, corrupted model files, hostile words in hovers, bad
// corpora through the workspace collector, and hostile webview messages through the host's bridge.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { TrainReport } from '../../src/extension/train-command';
import { ModelStore } from '../../src/extension/model-store';
import { ModelService } from '../../src/extension/model-service';
import { NeighboursHoverProvider } from '../../src/extension/hover';
import { WebviewBridge } from '../../src/extension/webview-bridge';
import { collectWorkspaceCorpus } from '../../src/extension/workspace-corpus';
import { readModelFile, writeModelFile, type ModelFileContents, singleInput } from '../../src/core/formats/model-file';
import { Rng } from '../factories/random';

const ID = 'embedding-lens.embedding-lens';
let api: EmbeddingLensApi;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('embeddingLens');
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


function train(): Promise<TrainReport> {
  return Promise.resolve(vscode.commands.executeCommand<TrainReport>('embeddingLens.train'));
}

async function storedBytes(id: string): Promise<Buffer | undefined> {
  try {
    return Buffer.from(await api.models.store.readBytes(id));
  } catch {
    return undefined;
  }
}

function tryMount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function smallModel(label: string): ModelFileContents {
  const words = Array.from({ length: 20 }, (_, i) => `old${i}`);
  return {
    header: { kind: 'imported', label, vocabSize: 20, dim: 4, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: 'test', hyperparameters: {} },
    words, matrices: singleInput(new Float32Array(80).map((_, i) => Math.sin(i) + 1)),
  };
}

suite('robustness: faults, bad input and hostile text in the real VS Code', function () {
  this.timeout(300_000);
  let modelId: string;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<EmbeddingLensApi>(ID);
    assert.ok(ext);
    api = await ext.activate();
    await config().update('epochs', 3, vscode.ConfigurationTarget.Workspace);
    await config().update('dimensions', 16, vscode.ConfigurationTarget.Workspace);
    await config().update('threads', 2, vscode.ConfigurationTarget.Workspace);
    await config().update('seeds', '1', vscode.ConfigurationTarget.Workspace); // faults, not seeds, are tested here
    await api.models.ready();
    const report = await train();
    assert.equal(report.outcome, 'success', report.message);
    modelId = report.modelId!;
  });

  suiteTeardown(async () => {
    api.trainHooks.onWorkers = undefined;
    for (const key of ['epochs', 'dimensions', 'threads', 'seeds']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a worker killed during the train command: clear failure, old model kept, next training succeeds', async () => {
    const before = await storedBytes(modelId);
    assert.ok(before);
    const activeBefore = api.models.activeInfo()!.id;
    await config().update('epochs', 300, vscode.ConfigurationTarget.Workspace);
    let workers: readonly Worker[] = [];
    const exited = new Set<number>();
    api.trainHooks.onWorkers = (ws) => {
      workers = ws;
      ws.forEach((w, i) => w.once('exit', () => exited.add(i)));
    };
    let report: TrainReport;
    try {
      const running = train();
      await waitFor(() => workers.length > 0 && (api.models.trainingState().fraction ?? 0) > 0, 120_000, 'training to start');
      void workers[0]!.terminate();
      report = await running;
    } finally {
      api.trainHooks.onWorkers = undefined;
      await config().update('epochs', 3, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(report.outcome, 'failed', report.message);
    assert.match(report.message, /training worker 1 of 2 stopped unexpectedly/);
    assert.deepEqual([...exited].sort(), [0, 1], 'the other worker stopped too');
    assert.equal(Buffer.compare(before, (await storedBytes(modelId))!), 0, 'stored model changed');
    assert.equal(api.models.activeInfo()?.id, activeBefore);
    assert.ok((await api.models.embeddings())?.size, 'the old model still answers');
    assert.equal(api.models.trainingState().running, false);
    const again = await train();
    assert.equal(again.outcome, 'success', again.message);
  });

  test('20 cancellations at points defined by progress: no worker leak, the store holds the old or a complete new model', async () => {
    // Each run cancels at a point named by what training has reached, never after a wall-clock delay, so the
    // expected outcome is known on any machine: while reading files, as the workers start, or at the k-th
    // progress report of the engine, the run must end cancelled; once saving has begun it must complete.
    type Point = 'reading' | 'workers' | 'progress' | 'saving';
    const points: Point[] = ['reading', 'workers', 'progress', 'saving'];
    const rng = new Rng(20240601); // seeded: the cancellation points are the same on every run
    const next = (n: number) => rng.int(n);
    let live = 0;
    let maxLive = 0;
    let point: Point = 'reading';
    let reportsBeforeCancel = 0;
    let cancelledAt: { point: Point; fraction?: number } | undefined;
    const cancelNow = (fraction?: number) => {
      if (cancelledAt) return;
      cancelledAt = { point, ...(fraction === undefined ? {} : { fraction }) };
      // The command runs its handler synchronously in this extension host, so the abort lands here and now.
      void vscode.commands.executeCommand('embeddingLens.cancelTraining');
    };
    api.trainHooks.onWorkers = (ws) => {
      for (const w of ws) { live++; maxLive = Math.max(maxLive, live); w.once('exit', () => live--); }
      if (point === 'workers') cancelNow();
    };
    api.trainHooks.onProgress = (p) => {
      // The engine's last report (fraction 1) comes after training has finished: too late to cancel it.
      if (point === 'progress' && p.fraction < 1 && --reportsBeforeCancel <= 0) cancelNow(p.fraction);
    };
    const phases = api.models.onDidChangeTraining(() => {
      const phase = api.models.trainingState().phase;
      if ((point === 'reading' && phase === 'reading') || (point === 'saving' && phase === 'saving')) cancelNow();
    });
    const outcomes: Record<string, number> = {};
    const rssBefore = process.memoryUsage().rss;
    try {
      for (let i = 0; i < 20; i++) {
        point = points[i % points.length]!;
        // long runs where the cancel comes mid-training (so the k-th report usually exists), short ones elsewhere
        await config().update('epochs', point === 'progress' ? 300 : 3, vscode.ConfigurationTarget.Workspace);
        reportsBeforeCancel = 1 + next(3);
        cancelledAt = undefined;
        const before = await storedBytes(modelId);
        const report = await train();
        const key = `${point}:${report.outcome}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        const after = await storedBytes(modelId);
        assert.ok(after, `run ${i}: the model file is gone`);
        if (point === 'saving' || (point === 'progress' && !cancelledAt)) {
          // saving had begun (or training ended before the k-th report): the new model is complete
          assert.equal(report.outcome, 'success', `run ${i} (${point}): ${report.message}`);
          const contents = readModelFile(after); // complete: length, checksum and sections all check out
          assert.equal(contents.words.length, contents.header.vocabSize);
        } else {
          assert.ok(cancelledAt, `run ${i}: the ${point} point was never reached`);
          assert.equal(report.outcome, 'cancelled', `run ${i} (${JSON.stringify(cancelledAt)}): ${report.message}`);
          assert.equal(Buffer.compare(before!, after), 0, `run ${i}: cancelled but the stored model changed`);
        }
        assert.equal(api.models.activeInfo()?.id, modelId);
        assert.equal(api.models.trainingState().running, false, `run ${i}: still marked as training`);
        await waitFor(() => live === 0, 60_000, `run ${i}: workers to exit`);
      }
    } finally {
      api.trainHooks.onWorkers = undefined;
      api.trainHooks.onProgress = undefined;
      phases.dispose();
      await config().update('epochs', 3, vscode.ConfigurationTarget.Workspace);
    }
    const leftovers = (await vscode.workspace.fs.readDirectory(api.models.store.folder)).filter(([n]) => n.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
    const rssAfter = process.memoryUsage().rss;
    console.log(`robustness: 20 cancellations: ${JSON.stringify(outcomes)}; max ${maxLive} live workers, 0 after each; ` +
      `extension host RSS before ${mb(rssBefore)}, after ${mb(rssAfter)}; active resources ${JSON.stringify(process.getActiveResourcesInfo().filter((r) => /Worker/.test(r)))}`);
    assert.ok(rssAfter - rssBefore < 512 << 20, `RSS grew ${mb(rssAfter - rssBefore)}`);
  });

  test('read-only storage folder while the train command saves: clear error, old model kept and active', async function () {
    const folder = api.models.store.folder.fsPath;
    const before = await storedBytes(modelId);
    let how: string;
    let undo: () => void;
    if (tryMount(['--bind', folder, folder]) && tryMount(['-o', 'remount,bind,ro', folder])) {
      how = 'read-only bind mount over the real storage folder';
      undo = () => execFileSync('umount', [folder]);
    } else {
      // without mount rights: the store cannot create its folder because a file is in the way (ENOTDIR)
      this.skip();
      return;
    }
    let report: TrainReport;
    try {
      assert.throws(() => fs.writeFileSync(path.join(folder, 'probe'), 'x'), /EROFS/);
      report = await train();
    } finally {
      undo();
    }
    console.log(`robustness: save with ${how}: ${report.message}`);
    assert.equal(report.outcome, 'failed');
    assert.match(report.message, /could not be saved: Could not save .*The previous model was kept/);
    assert.equal(Buffer.compare(before!, (await storedBytes(modelId))!), 0);
    assert.equal(api.models.activeInfo()?.id, modelId);
    assert.ok((await api.models.embeddings())?.size);
  });

  test('a full disk (tiny tmpfs) or a file in place of the folder: clear error, old model kept, no temp left', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'el-full-'));
    const real = await api.models.store.load(modelId);
    const cases: { root: string; how: string; cleanup?: () => void }[] = [];
    const tmpfs = path.join(base, 'tmpfs');
    fs.mkdirSync(tmpfs);
    // the new model (about 1.3 MB) cannot fit in a 256 KB tmpfs that already holds the old one
    const big: ModelFileContents = {
      header: { ...real.header, label: 'new', vocabSize: 20_000, dim: 16, counts: undefined },
      words: Array.from({ length: 20_000 }, (_, i) => `new${i}`),
      matrices: singleInput(new Float32Array(20_000 * 16).fill(0.5)),
    };
    assert.ok(writeModelFile(big).length > 1 << 20);
    if (tryMount(['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', tmpfs])) {
      cases.push({ root: tmpfs, how: 'a 256 KB tmpfs (ENOSPC)', cleanup: () => execFileSync('umount', [tmpfs]) });
    }
    const blocked = path.join(base, 'blocked');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'models'), 'a file where the models folder should be');
    cases.push({ root: blocked, how: 'models/ is a file (ENOTDIR / EEXIST)' });
    try {
      for (const c of cases) {
        const store = new ModelStore(vscode.Uri.file(c.root));
        if (c.root === blocked) {
          await assert.rejects(store.save('old', smallModel('old'), { activate: true }), /Could not save .*The previous model was kept/);
          continue;
        }
        await store.save('m', smallModel('old'), { activate: true });
        const oldBytes = fs.readFileSync((await store.fileUri('m')).fsPath);
        const saved = await store.save('m', big, { activate: true }).then(() => 'saved', (e: Error) => e);
        if (saved === 'saved') {
          const b = fs.readFileSync((await store.fileUri('m')).fsPath);
          let ok = 'reads back';
          try { readModelFile(b); } catch (e) { ok = String(e); }
          throw new Error(`save into ${c.how} did not fail: file is ${b.length} bytes (${ok}); df: ${execFileSync('df', ['-k', c.root]).toString()}`);
        }
        await assert.rejects(Promise.reject(saved), (e: Error) => {
          assert.match(e.message, /Could not save .*(ENOSPC|no space|space).*The previous model was kept\./i);
          return true;
        });
        assert.equal(Buffer.compare(oldBytes, fs.readFileSync((await store.fileUri('m')).fsPath)), 0, `${c.how}: the old model changed`);
        assert.equal((await store.load('m')).header.label, 'old');
        assert.equal((await store.readIndex()).active, 'm');
        assert.deepEqual(fs.readdirSync(store.folder.fsPath).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
        console.log(`robustness: store save into ${c.how}: refused, old model kept`);
      }
    } finally {
      for (const c of cases) c.cleanup?.();
    }
    assert.ok(cases.length >= 1);
  });

  test('corrupted model files on disk: the checksum catches it, the user is told, nothing crashes', async () => {
    const root = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'el-corrupt-')));
    const store = new ModelStore(root);
    const contents = await api.models.store.load(modelId);
    const shown: string[] = [];
    const win = vscode.window as { showErrorMessage: (...a: unknown[]) => unknown };
    const original = win.showErrorMessage;
    let spied = true;
    try {
      win.showErrorMessage = (...a: unknown[]) => { shown.push(String(a[0])); return Promise.resolve(undefined); };
    } catch {
      spied = false;
    }
    if (win.showErrorMessage === original) spied = false;
    const faults: [string, (b: Buffer) => Buffer][] = [
      ['flip a matrix byte', (b) => { b[b.length - 50] ^= 0xff; return b; }],
      ['flip a header byte', (b) => { b[40] ^= 0x01; return b; }],
      ['flip the magic', (b) => { b[0] ^= 0x20; return b; }],
      ['truncate to half', (b) => b.subarray(0, b.length >> 1)],
      ['truncate to 10 bytes', (b) => b.subarray(0, 10)],
      ['empty file', () => Buffer.alloc(0)],
      ['zeroed tail', (b) => { b.fill(0, b.length - 4096); return b; }],
    ];
    try {
      for (const [name, corrupt] of faults) {
        await store.save('m', contents, { activate: true });
        const file = (await store.fileUri('m')).fsPath;
        fs.writeFileSync(file, corrupt(fs.readFileSync(file)));
        const service = new ModelService(store, undefined, true);
        try {
          assert.equal(await service.embeddings(), undefined, name);
          assert.match(service.lastLoadError() ?? '', /model file is corrupted|not an Embedding Lens model file/, name);
          // the hover over a corrupted model stays quiet instead of throwing
          const doc = await vscode.workspace.openTextDocument({ content: contents.words[5]!, language: 'plaintext' });
          const hover = await new NeighboursHoverProvider(service).provideHover(doc, new vscode.Position(0, 1), new vscode.CancellationTokenSource().token);
          assert.equal(hover, undefined);
        } finally {
          service.dispose();
        }
      }
    } finally {
      if (spied) win.showErrorMessage = original;
    }
    if (spied) {
      assert.equal(shown.length, faults.length, shown.join('\n'));
      for (const s of shown) assert.match(s, /Embedding Lens: Could not load the model .*(corrupted|not an Embedding Lens model file).*Train again or load embeddings/);
    }
    console.log(`robustness: ${faults.length} corrupted model files; user notified ${spied ? `${shown.length} times (spied)` : '(not spied: window API is read-only)'}`);
  });

  test('hostile words from a vector file are plain text in the hover', async () => {
    const words = ['anchorword', '<img/src=x/onerror=alert(1)>', '[a](command:workbench.action.quit)', '`x`', '$(icon)', 'javascript:alert(1)', '<script>alert(1)</script>'];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'el-hostile-')), 'hostile.vec');
    fs.writeFileSync(file, `${words.length} 3\n${words.map((w, i) => `${w} 1 ${0.9 + i / 1000} ${i / 10}`).join('\n')}\n`);
    const activeBefore = api.models.activeInfo()!.id;
    try {
      const info = await vscode.commands.executeCommand<{ id: string }>('embeddingLens.loadVectors', { uri: vscode.Uri.file(file) });
      assert.ok(info);
      for (const [content, col] of [['see anchorword here', 6]] as const) {
        const doc = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
        const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, col))) ?? [];
        const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).filter((t) => t.includes('Embedding Lens')).join('\n');
        assert.ok(text.length > 0, `no hover on "${content}"`);
        const targets = [...text.matchAll(/(?<!\\)\]\(([^)\s]*)/g)].map((m) => m[1]!);
        for (const t of targets) assert.match(t, /^command:embeddingLens\.(explore|compareWord)\?[A-Za-z0-9%._~-]*$/);
        const outside = text.replace(/(?<!\\)\]\([^)]*\)/g, '');
        assert.ok(!/(?<!\\)[<>`]/.test(outside), outside);
        assert.ok(!/(?<!\\)\$\(/.test(outside), outside);
        assert.ok(!/\]\(javascript:/i.test(text));
        for (const w of ['img', 'command', 'icon', 'javascript', 'script']) assert.ok(text.includes(w), `neighbour containing ${w} is listed`);
      }
    } finally {
      await api.models.setActive(activeBefore);
    }
  });

  test('bad corpora through the workspace collector: counted skips, nothing lost, no crash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'el-badcorpus-'));
    const w = (name: string, data: string | Uint8Array) => fs.writeFileSync(path.join(dir, name), data);
    w('good.md', 'plain words here and there\n'.repeat(50));
    w('punct.md', '!!! ??? ... ---\n'.repeat(50));
    w('nul.md', new Uint8Array([0x61, 0x00, 0x62, 0x0a]));
    w('utf16.md', new Uint8Array(Buffer.from('\ufeffhello utf16\n', 'utf16le')));
    w('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    w('longline.md', 'word '.repeat(300_000)); // 1.5 MB, one line, under the 2 MB limit
    fs.mkdirSync(path.join(dir, 'sub'));
    w('sub/inner.md', 'inner text\n');
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop')); // a directory loop
    fs.symlinkSync(path.join(dir, 'x-b.md'), path.join(dir, 'x-a.md')); // a -> b -> a
    fs.symlinkSync(path.join(dir, 'x-a.md'), path.join(dir, 'x-b.md'));
    const texts: string[] = [];
    const started = Date.now();
    const report = await collectWorkspaceCorpus((t) => texts.push(t), { roots: [vscode.Uri.file(dir)] });
    const s = report.skipped;
    console.log(`robustness: collector on bad corpus in ${Date.now() - started} ms: ${JSON.stringify(report)}`);
    assert.equal(report.files, texts.length);
    assert.ok(texts.some((t) => t.startsWith('plain words')));
    assert.ok(texts.some((t) => t.startsWith('word word')));
    assert.equal(s.binary, 2, 'NUL and UTF-16 files');
    assert.equal(s.invalidUtf8, 1);
    assert.equal(report.files + s.binary + s.invalidUtf8 + s.tooLarge + s.unreadable + s.excluded + s.gitignored, report.candidates, 'every candidate accounted for');
  });

  test('hostile webview messages through the host bridge: rejected, logged, answered, nothing thrown', async () => {
    const posted: unknown[] = [];
    const logged: string[] = [];
    const listeners: ((m: unknown) => void)[] = [];
    const webview = {
      onDidReceiveMessage: (l: (m: unknown) => void) => { listeners.push(l); return { dispose() {} }; },
      postMessage: (m: unknown) => { posted.push(m); return Promise.resolve(true); },
    } as unknown as vscode.Webview;
    const logFn = (...a: unknown[]) => logged.push(a.map(String).join(' '));
    const log = { appendLine: logFn, append: logFn, info: logFn, warn: logFn, error: logFn, debug: logFn, trace: logFn } as unknown as vscode.LogOutputChannel;
    const bridge = new WebviewBridge('panel', webview, api.models, log);
    const hostile: unknown[] = [
      { type: 'exec', command: 'workbench.action.quit' },
      { type: 'file.read', id: 1, path: '/etc/passwd' },
      { type: 'query.neighbours', id: 2, word: '/etc/passwd', k: 5 },
      { type: 'query.neighbours', id: 3, word: 'x', k: 5, command: 'workbench.action.quit' },
      { type: 'models.select', modelId: '../../../etc/passwd' },
      { type: 'query.neighbours', id: 4, word: '<img src=x onerror=alert(1)>', k: 5 },
      'not an object', null, 42,
    ];
    const activeBefore = api.models.activeInfo()?.id;
    for (const m of hostile) for (const l of listeners) l(m);
    await new Promise((r) => setTimeout(r, 300));
    bridge.dispose();
    assert.ok(logged.filter((l) => /rejected message/.test(l)).length >= 7, logged.join('\n'));
    assert.ok(logged.some((l) => /unknown model id/.test(l)), 'the unknown model id is logged');
    const responses = posted.filter((p): p is { type: string; id: number; ok: boolean; error?: string } => (p as { type?: string })?.type === 'response');
    for (const id of [1, 2, 3, 4]) {
      const r = responses.find((x) => x.id === id);
      assert.ok(r && r.ok === false, `request ${id} got an error answer`);
    }
    assert.equal(api.models.activeInfo()?.id, activeBefore, 'the active model did not change');
  });
});
