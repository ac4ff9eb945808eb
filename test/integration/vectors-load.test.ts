// "Load Embeddings from File…" in the real VS Code, on a generated 1,000,000 × 300 word2vec binary file
// (1.2 GB, written to a temp folder, never committed): the load runs off the host's thread, so hovers are
// answered while it runs (one is issued at a point defined by progress, and the load cannot complete before it
// is answered); a load cancelled at half its bytes changes nothing; a big model is kept as a reference to its
// file, reloads from it, and a changed or vanished file is reported while the other models keep working;
// Spark ML folders and Projector TSV load through the same command. Speed is measured in bench/, not here:
// the event-loop delay is printed, never asserted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { writeProjectorTsv, writeWord2vecBinary } from '../../src/core/formats';
import { Embeddings } from '../../src/core/vectors';
import type { EmbeddingLensApi } from '../../src/extension/activate';
import type { LoadProgressEvent } from '../../src/extension/load-command';
import { activateExtension, ourHover } from '../factories/integration';
import { bigWord, writeBigBinary } from '../factories/big-vectors';
import { writeSparkModel } from '../factories/spark-model';

let api: EmbeddingLensApi;
let tmp: string;
let big: string;
let activeBefore: string | null = null;
let smallId: string;
let doc: vscode.TextDocument;

const config = () => vscode.workspace.getConfiguration('embeddingLens');
const ms = (ns: number) => (ns / 1e6).toFixed(1);

interface Loaded { id: string; vocabSize: number; dim: number; label: string }
const load = (args: Record<string, unknown>) => Promise.resolve(vscode.commands.executeCommand<Loaded | undefined>('embeddingLens.loadVectors', args));

function smallModel(n: number, dim: number, prefix: string): Embeddings {
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.sin(i * 0.7 + prefix.length));
  return new Embeddings(Array.from({ length: n }, (_, i) => `${prefix}${i}`), dim, data);
}

async function hoverSmall(): Promise<string> {
  return (await ourHover(doc.uri, new vscode.Position(0, 1))).text;
}

suite('loading vector files: off the host thread, big files, references, Spark and Projector', function () {
  this.timeout(900_000);

  suiteSetup(async () => {
    api = await activateExtension();
    activeBefore = (await api.models.ready()).active;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-bigload-'));
    // the previous model: small, so that hovers have something to answer from while the big file loads
    const small = path.join(tmp, 'small.bin');
    fs.writeFileSync(small, writeWord2vecBinary(smallModel(2000, 50, 'sm')));
    const info = await load({ uri: vscode.Uri.file(small) });
    assert.ok(info, 'the small model loads');
    smallId = info.id;
    doc = await vscode.workspace.openTextDocument({ content: 'sm17 is a word of the small model', language: 'plaintext' });
    assert.ok((await hoverSmall()).includes('sm'), 'the small model answers hovers');
    big = path.join(tmp, 'big-1000000x300.bin');
    await writeBigBinary(big, 1_000_000, 300);
  });

  suiteTeardown(async () => {
    api.loadHooks.onProgress = undefined;
    await config().update('load.copyLimitMB', undefined, vscode.ConfigurationTarget.Workspace);
    for (const m of api.models.list()) if (m.label.startsWith('big-1000000x300') || m.id === smallId || m.label.startsWith('el-')) await api.models.remove(m.id).catch(() => undefined);
    if (activeBefore) await api.models.setActive(activeBefore).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a 1,000,000 × 300 binary file loads off the host thread, and the host answers hovers during the load', async () => {
    let during: string | undefined;
    let reports = 0;
    api.loadHooks.onProgress = (p: LoadProgressEvent) => {
      reports++;
      // Once a quarter of the bytes are read, hover; the load cannot complete before that hover is answered.
      if (during === undefined && p.phase === 'read' && p.fraction >= 0.25 && p.fraction < 1) {
        during = '';
        return hoverSmall().then((t) => { during = t; });
      }
      return undefined;
    };
    const h = monitorEventLoopDelay({ resolution: 1 });
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    h.enable();
    const t0 = performance.now();
    let info: Loaded | undefined;
    try {
      info = await load({ uri: vscode.Uri.file(big), limit: 'all' });
    } finally {
      h.disable();
      clearInterval(sampler);
      api.loadHooks.onProgress = undefined;
    }
    console.log(`vectors-load: 1,000,000 × 300 (${(fs.statSync(big).size / 1e9).toFixed(2)} GB) loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
      `${reports} progress reports; event-loop delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; ` +
      `host RSS ${(rss0 / 2 ** 20).toFixed(0)} -> peak ${(peak / 2 ** 20).toFixed(0)} MB`);
    assert.ok(info, 'the load completed');
    assert.equal(info.vocabSize, 1_000_000);
    assert.equal(info.dim, 300);
    assert.ok(during !== undefined && during.includes('sm17'), `a hover was answered, from the previous model, during the load: ${during}`);
    assert.equal(api.models.activeInfo()?.id, info.id);
    const emb = (await api.models.embeddings())!;
    assert.equal(emb.id(bigWord(999_999)), 999_999);
    assert.ok(emb.data.buffer instanceof SharedArrayBuffer, 'the matrix is the load worker\'s SharedArrayBuffer');
    // 1.1 GiB of vectors is above embeddingLens.load.copyLimitMB: a reference, not a copy
    const entry = (await api.models.store.readIndex()).models.find((m) => m.id === info!.id)!;
    assert.equal(entry.file, undefined);
    assert.equal(entry.bytes, 0);
    assert.equal(entry.reference?.source.uri, vscode.Uri.file(big).toString());
    assert.ok(!fs.readdirSync(api.models.store.folder.fsPath).some((f) => f.startsWith(entry.id) && f.endsWith('.emblens')), 'no copy in the store');
  });

  test('a load cancelled at half its bytes keeps the previous model active and stores nothing', async () => {
    await api.models.setActive(smallId);
    const before = (await api.models.store.readIndex()).models.map((m) => `${m.id}@${m.savedAt}`).sort();
    let cancelledAt: number | undefined;
    api.loadHooks.onProgress = (p) => {
      if (cancelledAt === undefined && p.phase === 'read' && p.fraction >= 0.5 && p.fraction < 1) {
        cancelledAt = p.fraction;
        // the command runs in this extension host: the cancel lands here and now, before the load can finish
        void vscode.commands.executeCommand('embeddingLens.cancelLoad');
      }
    };
    let info: Loaded | undefined;
    try {
      info = await load({ uri: vscode.Uri.file(big), limit: 'all' });
    } finally {
      api.loadHooks.onProgress = undefined;
    }
    assert.ok(cancelledAt !== undefined, 'the half-way point was reached');
    assert.equal(info, undefined, 'the load was cancelled');
    assert.equal(api.models.activeInfo()?.id, smallId, 'the previous model stays active');
    assert.ok((await hoverSmall()).includes('sm17'), 'and answers hovers');
    assert.deepEqual((await api.models.store.readIndex()).models.map((m) => `${m.id}@${m.savedAt}`).sort(), before, 'the store is unchanged');
    assert.deepEqual(fs.readdirSync(api.models.store.folder.fsPath).filter((f) => f.endsWith('.tmp')), []);
  });

  test('a model kept as a reference reloads from its file; a changed or vanished file is reported and nothing else breaks', async () => {
    await config().update('load.copyLimitMB', 0, vscode.ConfigurationTarget.Workspace);
    const file = path.join(tmp, 'el-ref.bin');
    const emb = smallModel(3000, 20, 'rf');
    fs.writeFileSync(file, writeWord2vecBinary(emb));
    const info = await load({ uri: vscode.Uri.file(file) });
    assert.ok(info);
    const entry = (await api.models.store.readIndex()).models.find((m) => m.id === info.id)!;
    assert.ok(entry.reference && entry.file === undefined, 'kept as a reference (copyLimitMB 0)');
    const fresh = () => new api.ModelService(new api.ModelStore(api.models.store.root));
    const again = await fresh().embeddings();
    assert.deepEqual(again?.data, emb.data, 'reloaded from the file');

    fs.appendFileSync(file, '\n\n');
    const changed = fresh();
    assert.equal(await changed.embeddings(), undefined);
    assert.match(changed.lastLoadError() ?? '', /^Could not load the model "el-ref\.bin": the file it was loaded from, .*el-ref\.bin, changed since it was loaded: its size is/);
    await changed.setActive(smallId);
    assert.equal((await changed.embeddings())?.size, 2000, 'the other models still load');
    assert.ok(changed.list().some((m) => m.id === info.id), 'the changed model is still listed');

    fs.rmSync(file);
    const vanished = fresh();
    await vanished.setActive(info.id);
    assert.equal(await vanished.embeddings(), undefined);
    assert.match(vanished.lastLoadError() ?? '', /the file it was loaded from, .*el-ref\.bin, is gone \(moved or deleted\)/);
    await api.models.remove(info.id);
    assert.ok(fs.existsSync(path.dirname(file)), 'deleting a reference never touches the user\'s folder');
    await config().update('load.copyLimitMB', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a Spark ML Word2VecModel folder and a Projector vectors.tsv with a several-column metadata.tsv load through the same command', async () => {
    const words = Array.from({ length: 300 }, (_, i) => `sp${i}`);
    const vectors = words.map((_, i) => Array.from({ length: 8 }, (_, j) => Math.fround(Math.cos(i + j))));
    const spark = writeSparkModel(path.join(tmp, 'el-spark-model'), { words, vectors, layout: 'rows', parts: 2 });
    const s = await load({ uri: vscode.Uri.file(spark) });
    assert.ok(s, 'the Spark folder loads');
    assert.equal(s.vocabSize, 300);
    assert.equal(s.dim, 8);
    assert.equal((await api.models.embeddings())?.id('sp299'), 299);

    const emb = smallModel(50, 4, 'tv');
    const { vectors: tsv } = writeProjectorTsv(emb);
    const dir = fs.mkdtempSync(path.join(tmp, 'el-tsv-'));
    fs.writeFileSync(path.join(dir, 'vectors.tsv'), tsv);
    fs.writeFileSync(path.join(dir, 'metadata.tsv'), `position\ttoken\n${emb.words.map((w, i) => `${i}\t${i % 10 === 9 ? 'tv0' : w}`).join('\n')}\n`);
    const t = await load({ uri: vscode.Uri.file(path.join(dir, 'vectors.tsv')), labelColumn: 'token' });
    assert.ok(t, 'the Projector files load');
    assert.equal(t.vocabSize, 50);
    const e = (await api.models.embeddings())!;
    assert.equal(e.id('tv1'), 1);
    assert.equal(e.id('tv0#2'), 9, 'a repeated label is numbered');
    assert.deepEqual(Array.from(e.vector('tv1')), Array.from(emb.data.subarray(4, 8)));
  });
});
