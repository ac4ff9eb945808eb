// Runs inside the real VS Code extension host (started by bench/big-vectors-vscode.mjs). Loads the generated
// vectors file $EL_BENCH_VECTORS with "Load Embeddings from File…" while a smaller model is active and hovers
// are issued every 25 ms, then switches back to it and measures the first query after a reload. Writes to
// $EL_BENCH_RESULTS: load time, the extension host's event-loop delay during the load (perf_hooks
// monitorEventLoopDelay, 1 ms resolution) and during the reload, hover latencies, and the host's peak RSS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { EmbeddingLensApi } from '../src/extension/activate';

const ms = (ns: number) => ns / 1e6;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : Number.NaN;
}

function delays(h: IntervalHistogram) {
  return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), samples: h.count };
}

/**
 * Where the long stalls of a window are: gaps of a 1 ms timer over 25 ms (with the phase seen before each), and
 * the garbage collector's pauses of 10 ms or more in the same window (node's 'gc' performance entries), so a
 * stall can be told from a collection.
 */
function watchStalls(phase: () => string) {
  const t0 = performance.now();
  const stalls: { atMs: number; ms: number; after: string }[] = [];
  const gcs: { atMs: number; ms: number; kind: number }[] = [];
  let tick = t0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - tick > 25) stalls.push({ atMs: Math.round(now - t0), ms: Math.round(now - tick), after: phase() });
    tick = now;
  }, 1);
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration >= 10) gcs.push({ atMs: Math.round(e.startTime - t0), ms: Math.round(e.duration), kind: ((e as { detail?: { kind?: number } }).detail)?.kind ?? -1 });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      clearInterval(timer);
      observer.disconnect();
      return { stalls, gcPauses: gcs };
    },
  };
}

async function hoverOnce(doc: vscode.TextDocument, offset: number): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
  return { ms: performance.now() - t0, text: text.includes('Embedding Lens') ? text : '' };
}

export async function run(): Promise<void> {
  const out = process.env.EL_BENCH_RESULTS!;
  const file = process.env.EL_BENCH_VECTORS!;
  const probeWord = process.env.EL_BENCH_WORD!;
  const api = await vscode.extensions.getExtension<EmbeddingLensApi>('embedding-lens.embedding-lens')!.activate();
  const results: Record<string, unknown> = { file, bytes: fs.statSync(file).size };
  try {
    // A small model first, so that hovers during the big load have an active model to answer from.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-bench-small-'));
    const small = path.join(tmp, 'small.vec');
    const rows = Array.from({ length: 2000 }, (_, i) => `s${i} ${Array.from({ length: 50 }, (_, j) => Math.sin(i * 7 + j)).join(' ')}`);
    fs.writeFileSync(small, `${rows.length} 50\n${rows.join('\n')}\n`);
    const smallInfo = await vscode.commands.executeCommand<{ id: string }>('embeddingLens.loadVectors', { uri: vscode.Uri.file(small) });
    if (!smallInfo) throw new Error('could not load the small model');
    const doc = await vscode.workspace.openTextDocument({ content: `s17 and ${probeWord} here`, language: 'plaintext' });
    if (!(await hoverOnce(doc, 1)).text) throw new Error('no hover from the small model');

    // A control: the same measurement for 5 s with nothing to do (on a shared machine, other processes delay it too).
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((r) => setTimeout(r, 5000));
    idle.disable();
    results.idleDelay = delays(idle);
    results.loadAverage = os.loadavg();

    // The measured load.
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
    const hovers: number[] = [];
    let answered = 0;
    let loading = true;
    const hoverLoop = (async () => {
      while (loading) {
        const h = await hoverOnce(doc, 1);
        if (!loading) break;
        hovers.push(h.ms);
        if (h.text) answered++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const h = monitorEventLoopDelay({ resolution: 1 });
    // Where the long stalls are, with the last progress seen before each.
    let phase = 'start';
    const watcher = watchStalls(() => phase);
    // (the code before issue 11 has no load hooks: then the stalls are listed without a phase)
    const hooks = (api as Partial<EmbeddingLensApi>).loadHooks;
    if (hooks) hooks.onProgress = (p) => { phase = `${p.phase} ${Math.floor(100 * p.fraction)} %`; };
    h.enable();
    const t0 = performance.now();
    const info = await vscode.commands.executeCommand<{ id: string; vocabSize: number } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(file), limit: 'all' });
    const loadMs = performance.now() - t0;
    h.disable();
    const loadStalls = watcher.stop();
    if (hooks) hooks.onProgress = undefined;
    results.stalls = loadStalls.stalls;
    results.gcPauses = loadStalls.gcPauses;
    loading = false;
    await hoverLoop;
    clearInterval(sampler);
    if (!info) throw new Error('the load failed (see the notification)');
    Object.assign(results, {
      words: info.vocabSize, loadMs, loadDelay: delays(h),
      hoversDuringLoad: hovers.length, hoversAnswered: answered, hoverP50Ms: quantile(hovers, 0.5), hoverP95Ms: quantile(hovers, 0.95), hoverMaxMs: Math.max(...hovers),
      baselineRssMB: baselineRss / 2 ** 20, peakRssMB: peakRss / 2 ** 20,
    });

    // The first query after a reload: drop the in-memory copy, switch to the big model, hover one of its words.
    await api.models.setActive(smallInfo.id);
    await api.models.embeddings();
    const h2 = monitorEventLoopDelay({ resolution: 1 });
    // the reload alone (until the model is in memory) and then the first hover, apart: the query runs here
    const h2r = monitorEventLoopDelay({ resolution: 1 });
    let reloadPhase = 'reload';
    const reloadWatch = watchStalls(() => reloadPhase);
    h2.enable();
    h2r.enable();
    const t1 = performance.now();
    await api.models.useLatest(info.id);
    await api.models.embeddings();
    h2r.disable();
    const readyMs = performance.now() - t1;
    reloadPhase = 'first hover';
    const first = await hoverOnce(doc, doc.getText().indexOf(probeWord) + 1);
    const firstQueryMs = performance.now() - t1;
    h2.disable();
    const reloadStalls = reloadWatch.stop();
    // (the code before the query worker has no queriesOffThread: undefined there)
    results.queriesOffThread = (api.models as Partial<EmbeddingLensApi['models']>).queriesOffThread?.call(api.models);
    Object.assign(results, { firstQueryMs, readyMs, firstHoverMs: first.ms, firstQueryAnswered: first.text.length > 0, reloadDelay: delays(h2), reloadOnlyDelay: delays(h2r),
      reloadStalls: reloadStalls.stalls, reloadGcPauses: reloadStalls.gcPauses, peakRssAfterReloadMB: process.memoryUsage().rss / 2 ** 20 });
    // A first hover once the model is in memory (the query alone, what every later hover costs).
    const second = await hoverOnce(doc, doc.getText().indexOf(probeWord) + 1);
    Object.assign(results, { secondQueryMs: second.ms });

    // Our own model file (.emblens, file version 2) of the same words: $EL_BENCH_OWN_SEEDS seeds (3) of
    // $EL_BENCH_OWN_SEED_DIM dimensions (100), input vectors only unless $EL_BENCH_OWN_OUTPUTS is 1 (the store
    // writes through vscode.workspace.fs, which refuses files of 2 GiB or more), saved through the store, then
    // the first query after a reload: reading, checking, the ensemble and the search's preparation.
    const seeds = Number(process.env.EL_BENCH_OWN_SEEDS ?? 3);
    if (seeds > 0) {
      await api.models.setActive(smallInfo.id);
      await api.models.embeddings();
      const seedDim = Number(process.env.EL_BENCH_OWN_SEED_DIM ?? 100);
      const n = info.vocabSize;
      const words = Array.from({ length: n }, (_, i) => `w${i.toString(36)}`);
      let state = 7;
      const matrix = () => {
        const m = new Float32Array(n * seedDim);
        for (let i = 0; i < m.length; i++) { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; m[i] = state / 4294967296 - 0.5; }
        return m;
      };
      const outputs = process.env.EL_BENCH_OWN_OUTPUTS === '1';
      const matrices = Array.from({ length: seeds }, (_, s) => [
        { role: 'input' as const, seed: s + 1, data: matrix() },
        ...(outputs ? [{ role: 'output' as const, seed: s + 1, data: matrix() }] : []),
      ]).flat();
      const own = await api.models.add('bench-own-model', {
        header: { kind: 'cbow-corrected', label: 'bench own model', vocabSize: n, dim: seedDim, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: 'bench', hyperparameters: { seeds } },
        words, matrices,
      }, undefined, false);
      matrices.length = 0;
      const ownFile = await api.models.store.fileUri(own.id);
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler2 = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
      const h3 = monitorEventLoopDelay({ resolution: 1 });
      const h3r = monitorEventLoopDelay({ resolution: 1 });
      let ownPhase = 'reload';
      const ownWatch = watchStalls(() => ownPhase);
      h3.enable();
      h3r.enable();
      const t2 = performance.now();
      await api.models.useLatest(own.id);
      await api.models.embeddings();
      h3r.disable();
      const ownReadyMs = performance.now() - t2;
      ownPhase = 'first hover';
      const ownFirst = await hoverOnce(doc, doc.getText().indexOf(probeWord) + 1);
      const ownFirstMs = performance.now() - t2;
      h3.disable();
      const ownStalls = ownWatch.stop();
      clearInterval(sampler2);
      const ownSecond = await hoverOnce(doc, doc.getText().indexOf(probeWord) + 1);
      results.own = {
        seeds, seedDim, outputs, words: n, fileBytes: fs.statSync(ownFile.fsPath).size, firstQueryMs: ownFirstMs, firstQueryAnswered: ownFirst.text.length > 0,
        readyMs: ownReadyMs, firstHoverMs: ownFirst.ms, secondQueryMs: ownSecond.ms, reloadDelay: delays(h3), reloadOnlyDelay: delays(h3r), rssBeforeMB: rss0 / 2 ** 20, peakRssMB: peak / 2 ** 20,
        stalls: ownStalls.stalls, gcPauses: ownStalls.gcPauses, queriesOffThread: (api.models as Partial<EmbeddingLensApi['models']>).queriesOffThread?.call(api.models),
      };
      await api.models.setActive(smallInfo.id);
      await api.models.remove(own.id);
    }
    results.outcome = 'success';
  } catch (e) {
    results.outcome = 'failed';
    results.error = e instanceof Error ? e.stack : String(e);
  }
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
}
