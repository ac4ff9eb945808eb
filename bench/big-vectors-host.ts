// Runs inside the real VS Code extension host (started by bench/big-vectors-vscode.mjs). Loads the generated
// vectors file $EL_BENCH_VECTORS with "Load Embeddings from File…" while a smaller model is active and hovers
// are issued every 25 ms, then switches back to it and measures the first query after a reload. Writes to
// $EL_BENCH_RESULTS: load time, the extension host's event-loop delay during the load (perf_hooks
// monitorEventLoopDelay, 1 ms resolution) and during the reload, hover latencies, the host's peak RSS, and
// what its JavaScript heap keeps of the model. The bench's own setup garbage is collected before each window.
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { Session } from 'node:inspector';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
 * Where the long stalls of a window are: gaps of a 1 ms timer over 25 ms (with the phase seen before each), the
 * garbage collector's pauses of 10 ms or more in the same window (node's 'gc' performance entries), and every
 * process that any code on this thread spawned, with how long spawn() held the thread. (VS Code's remote
 * extension host, code-server's included, scans for ports to forward every few seconds with `ls` and `ps`; each
 * spawn forks this process, and a fork's cost grows with the memory the process has touched.) So a stall can be
 * told from a collection and from a fork.
 */
function watchStalls(phase: () => string) {
  const t0 = performance.now();
  const stalls: { atMs: number; ms: number; after: string }[] = [];
  const gcs: { atMs: number; ms: number; kind: number; flags: number }[] = [];
  const spawns: { atMs: number; ms: number; file: string }[] = [];
  let tick = t0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - tick > 25) stalls.push({ atMs: Math.round(now - t0), ms: Math.round(now - tick), after: phase() });
    tick = now;
  }, 1);
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as { detail?: { kind?: number; flags?: number } }).detail;
      if (e.duration >= 10) gcs.push({ atMs: Math.round(e.startTime - t0), ms: Math.round(e.duration), kind: detail?.kind ?? -1, flags: detail?.flags ?? -1 });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // exec(), execFile() and spawn() all end in ChildProcess.prototype.spawn, looked up when called
  const proto = ChildProcess.prototype as unknown as { spawn: (this: ChildProcess, o: { file?: string }) => unknown };
  const spawn = proto.spawn;
  proto.spawn = function (this: ChildProcess, o: { file?: string }) {
    const t = performance.now();
    try {
      return spawn.call(this, o);
    } finally {
      spawns.push({ atMs: Math.round(t - t0), ms: Math.round(performance.now() - t), file: String(o?.file ?? '?') });
    }
  };
  return {
    stop() {
      clearInterval(timer);
      observer.disconnect();
      proto.spawn = spawn;
      return { stalls, gcPauses: gcs, spawns };
    },
  };
}

/** The longest stall that neither a collection nor a spawn (see watchStalls) overlaps: this code's own. */
function unexplainedMaxMs(w: ReturnType<ReturnType<typeof watchStalls>['stop']>): number {
  const overlaps = (s: { atMs: number; ms: number }, e: { atMs: number; ms: number }) => e.atMs <= s.atMs + 1 && e.atMs + e.ms >= s.atMs - s.ms - 1;
  return Math.max(0, ...w.stalls.filter((s) => !w.gcPauses.some((g) => overlaps(s, g)) && !w.spawns.some((p) => overlaps(s, p))).map((s) => s.ms));
}

/**
 * A full collection now, before a measured window: the bench's own setup (the small model, and the 1 M-word
 * model it builds here to save) leaves garbage on this heap that no user's host would have, and its collection
 * must not land in the window. Returns the heap in use afterwards (MiB), which shows what the host keeps.
 */
/** How long the second full collection of collectSetupGarbage() took: what a full, non-incremental collection of this host's heap costs. */
let lastFullGcMs = Number.NaN;

function collectSetupGarbage(): number {
  setFlagsFromString('--expose-gc'); // a context made after this flag has gc(), even in the extension host
  const gc = runInNewContext('gc') as () => void;
  gc();
  const t = performance.now();
  gc();
  lastFullGcMs = performance.now() - t;
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * With $EL_BENCH_CPU_PROFILE (a folder), a CPU profile of this thread over f(), written there as <name>.cpuprofile
 * (0.5 ms sampling), so the stalls a window lists can be looked up in what the thread ran.
 */
async function profiled<T>(name: string, f: () => Promise<T>): Promise<T> {
  const dir = process.env.EL_BENCH_CPU_PROFILE;
  if (!dir) return f();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  try {
    return await f();
  } finally {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * After collectSetupGarbage(): waits (up to 20 s, collecting every 250 ms) until the previous model's memory is
 * back with the system, RSS within 600 MiB of `baseMB`, so that a window measures the next model alone.
 * Returns the RSS it reached (MiB) and how long that took.
 */
async function waitForRelease(baseMB: number): Promise<{ rssMB: number; waitedMs: number }> {
  const t = performance.now();
  for (;;) {
    collectSetupGarbage();
    const rssMB = process.memoryUsage().rss / 2 ** 20;
    if (rssMB < baseMB + 600 || performance.now() - t > 20_000) return { rssMB, waitedMs: performance.now() - t };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function hoverOnce(doc: vscode.TextDocument, offset: number): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset))) ?? [];
  const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
  return { ms: performance.now() - t0, text: text.includes('Embedding Lens') ? text : '' };
}

/**
 * Saves our own model of n words through the store (not made active). Its words and matrices are built in
 * this function, so that none of them is reachable once it returns and collectSetupGarbage() frees them.
 */
async function addOwnModel(api: EmbeddingLensApi, n: number, seeds: number, seedDim: number, outputs: boolean) {
  const words = Array.from({ length: n }, (_, i) => `w${i.toString(36)}`);
  let state = 7;
  const matrix = () => {
    const m = new Float32Array(n * seedDim);
    for (let i = 0; i < m.length; i++) { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; m[i] = state / 4294967296 - 0.5; }
    return m;
  };
  const matrices = Array.from({ length: seeds }, (_, s) => [
    { role: 'input' as const, seed: s + 1, data: matrix() },
    ...(outputs ? [{ role: 'output' as const, seed: s + 1, data: matrix() }] : []),
  ]).flat();
  return api.models.add('bench-own-model', {
    header: { kind: 'cbow-corrected', label: 'bench own model', vocabSize: n, dim: seedDim, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: 'bench', hyperparameters: { seeds } },
    words, matrices,
  }, undefined, false);
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
    const heapBeforeMB = collectSetupGarbage();
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
    const info = await profiled('load', () => Promise.resolve(vscode.commands.executeCommand<{ id: string; vocabSize: number } | undefined>('embeddingLens.loadVectors', { uri: vscode.Uri.file(file), limit: 'all' })));
    const loadMs = performance.now() - t0;
    h.disable();
    const loadStalls = watcher.stop();
    if (hooks) hooks.onProgress = undefined;
    results.stalls = loadStalls.stalls;
    results.gcPauses = loadStalls.gcPauses;
    results.spawns = loadStalls.spawns;
    results.unexplainedMaxMs = unexplainedMaxMs(loadStalls);
    loading = false;
    await hoverLoop;
    // what the host holds of the loaded model on its own heap (the matrix and words are in shared memory)
    results.hostHeapGrowthMB = collectSetupGarbage() - heapBeforeMB;
    results.hostHeapMB = process.memoryUsage().heapUsed / 2 ** 20;
    results.fullGcMs = lastFullGcMs;
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
    results.beforeReload = await waitForRelease(baselineRss / 2 ** 20);
    const h2 = monitorEventLoopDelay({ resolution: 1 });
    // the reload alone (until the model is in memory) and then the first hover, apart: the query runs here
    const h2r = monitorEventLoopDelay({ resolution: 1 });
    let reloadPhase = 'reload';
    const reloadWatch = watchStalls(() => reloadPhase);
    h2.enable();
    h2r.enable();
    const t1 = performance.now();
    await profiled('reload', async () => { await api.models.useLatest(info.id); await api.models.embeddings(); });
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
      reloadStalls: reloadStalls.stalls, reloadGcPauses: reloadStalls.gcPauses, reloadSpawns: reloadStalls.spawns, reloadUnexplainedMaxMs: unexplainedMaxMs(reloadStalls), peakRssAfterReloadMB: process.memoryUsage().rss / 2 ** 20 });
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
      const outputs = process.env.EL_BENCH_OWN_OUTPUTS === '1';
      const n = info.vocabSize;
      const own = await addOwnModel(api, n, seeds, seedDim, outputs);
      const ownFile = await api.models.store.fileUri(own.id);
      const beforeOwnReload = await waitForRelease(baselineRss / 2 ** 20);
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
        beforeReload: beforeOwnReload, seeds, seedDim, outputs, words: n, fileBytes: fs.statSync(ownFile.fsPath).size, firstQueryMs: ownFirstMs, firstQueryAnswered: ownFirst.text.length > 0,
        readyMs: ownReadyMs, firstHoverMs: ownFirst.ms, secondQueryMs: ownSecond.ms, reloadDelay: delays(h3), reloadOnlyDelay: delays(h3r), rssBeforeMB: rss0 / 2 ** 20, peakRssMB: peak / 2 ** 20,
        stalls: ownStalls.stalls, gcPauses: ownStalls.gcPauses, spawns: ownStalls.spawns, unexplainedMaxMs: unexplainedMaxMs(ownStalls), queriesOffThread: (api.models as Partial<EmbeddingLensApi['models']>).queriesOffThread?.call(api.models),
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
