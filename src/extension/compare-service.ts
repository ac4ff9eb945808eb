// embeddingLens.compare: trains word2vec CBOW and corrected CBOW (optionally skip-gram) on ONE collection of
// the workspace, ONE vocabulary and encoded corpus, ONE seed, sequentially under ONE cancellable progress
// notification; then aligns the spaces (Procrustes), measures overlap@10 over the 1,000 most frequent words,
// and saves the models plus a compare record (compare.json, atomic) so the view reopens instantly.
// On cancel or failure nothing is written. Also answers the panel's compare and map requests.
import * as vscode from 'vscode';
import { startTrainingJob } from './training-job';
import { plainNotificationText } from '../core/notification-text';
import { compareWord, type Alignment } from '../core/compare';
import type { ModelFileContents } from '../core/formats/model-file';
import type { Projection } from '../core/projection';
import { nearest } from '../core/query';
import { normalizeWord } from '../core/tokenize';
import { Embeddings } from '../core/vectors';
import { train, TrainingCancelledError, type ModelKind, type TrainProgress, type TrainResult } from '../engine/train';
import { AnalysisCancelledError, plain, runAnalysis, type AnalysisTask } from '../engine/analysis';
import type {
  CompareData, CompareRunInfo, CompareSummary, CompareWordResult, MapMethod, MapPanel, MapPoint, MapResult, MapScope,
} from '../protocol';
import { planCompare } from './compare-plan';
import type { ModelService } from './model-service';
import { readSettings, SECTION } from './settings';
import { formatCount, formatDuration } from '../core/format';
import { modelLabel } from '../core/model-kinds';
import { encodeWorkspace } from './encode-workspace';
import { describeSkips, emptyCorpusMessage } from './workspace-corpus';

export const COMPARE_RECORD = 'compare.json';
export const compareModelId = (kind: ModelKind): string => `compare-${kind}`;

export interface CompareReport {
  outcome: 'success' | 'cancelled' | 'failed' | 'empty' | 'busy';
  message: string;
  data?: CompareData;
}

/** What a yield to the event loop looks like on the host. */
export const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface LoadedPair {
  createdAt: string;
  a: Embeddings;
  b: Embeddings;
  sg?: Embeddings;
  alignment: Alignment;
  /** sg rotated onto a as well, when present */
  sgAlignment?: Alignment;
}

export class CompareService implements vscode.Disposable {
  private abort: AbortController | undefined;
  private running: Promise<CompareReport> | undefined;
  private record: CompareData | null | undefined; // undefined: not read yet; null: none saved
  private pair: { createdAt: string; promise: Promise<LoadedPair> } | undefined;
  private readonly changed = new vscode.EventEmitter<{ running: boolean }>();
  /** the map projection in flight: a newer map request cancels it (the panel only shows the latest) */
  private mapAbort: AbortController | undefined;
  readonly onDidChange = this.changed.event;
  lastReport: CompareReport | undefined;

  constructor(private readonly models: ModelService, private readonly log?: vscode.LogOutputChannel) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private recordUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.models.store.folder, COMPARE_RECORD);
  }

  /** The saved comparison, read once and cached (undefined when none was saved or it is unreadable). */
  async data(): Promise<CompareData | undefined> {
    if (this.record === undefined) {
      try {
        const bytes = await vscode.workspace.fs.readFile(this.recordUri());
        const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { version?: number; data?: CompareData };
        this.record = parsed.version === 1 && parsed.data && Array.isArray(parsed.data.runs) ? parsed.data : null;
      } catch {
        this.record = null;
      }
    }
    return this.record ?? undefined;
  }

  async summary(): Promise<CompareSummary> {
    const data = await this.data();
    if (data) return { available: true, data };
    return {
      available: false, running: this.isRunning,
      reason: this.isRunning ? 'Training both models…' : 'No comparison yet: run "Embedding Lens: Compare Word2vec CBOW with Corrected CBOW".',
    };
  }

  /** Both compared models loaded and aligned (cached until the next compare). */
  private async loaded(): Promise<LoadedPair> {
    const data = await this.data();
    if (!data) throw new Error('No comparison yet: run "Embedding Lens: Compare Word2vec CBOW with Corrected CBOW" first.');
    if (this.pair?.createdAt === data.createdAt) return this.pair.promise;
    const promise = (async (): Promise<LoadedPair> => {
      const load = async (kind: ModelKind): Promise<Embeddings> => {
        const c = await this.models.store.load(compareModelId(kind));
        return new Embeddings([...c.words], c.header.dim, c.data);
      };
      const a = await load('cbow-word2vec');
      const b = await load('cbow-corrected');
      // Procrustes is O(n·d²) plus a d × d SVD: on the analysis worker, never on this thread.
      const alignment = await runAnalysis({ kind: 'align', a: plain(a), b: plain(b) });
      const pair: LoadedPair = { createdAt: data.createdAt, a, b, alignment };
      if (data.runs.some((r) => r.kind === 'sg')) {
        try {
          pair.sg = await load('sg');
          pair.sgAlignment = await runAnalysis({ kind: 'align', a: plain(a), b: plain(pair.sg) });
        } catch (e) {
          this.log?.warn(`compare: the skip-gram reference could not be loaded: ${String(e)}`);
        }
      }
      return pair;
    })();
    this.pair = { createdAt: data.createdAt, promise };
    promise.catch(() => { if (this.pair?.promise === promise) this.pair = undefined; });
    return promise;
  }

  /** The per-word view (the Compare tab's search box). */
  async word(input: string, k = 10): Promise<CompareWordResult> {
    const p = await this.loaded();
    const word = resolve(p.a, input);
    const r = compareWord(p.a, p.b, p.alignment, word, k);
    return {
      word: r.word, labels: [modelLabel('cbow-word2vec'), modelLabel('cbow-corrected')], a: r.a, b: r.b,
      ranksAInB: r.ranksAInB.map((x) => x ?? null), ranksBInA: r.ranksBInA.map((x) => x ?? null),
      overlap: r.overlap, k: r.k, cosine: r.cosine ?? null,
    };
  }

  /** A 2D map of a word's neighbourhood: in the active model, or in both compared models (aligned, one projection). */
  async map(input: string, n: number, method: MapMethod, scope: MapScope): Promise<MapResult> {
    const started = Date.now();
    if (scope === 'active') {
      const emb = await this.models.embeddings();
      if (!emb) throw new Error(this.models.lastLoadError() ?? 'No embeddings yet: train a model on this workspace first.');
      const word = resolve(emb, input);
      const ns = nearest(emb, word, n);
      const words = [word, ...ns.map((x) => x.word)];
      const d = emb.dim;
      const pts = new Float64Array(words.length * d);
      words.forEach((w, i) => pts.set(emb.unitRow(emb.id(w)), i * d));
      const proj = await this.project({ kind: 'project', method, points: pts, n: words.length, d, seed: 1 });
      const info = this.models.activeInfo();
      const points: MapPoint[] = words.map((w, i) => ({ word: w, x: proj.coords[i * 2], y: proj.coords[i * 2 + 1], role: i === 0 ? 'centre' : 'neighbour' }));
      return { word, method, panels: [{ title: info?.label ?? 'active model', points }], ...(proj.explained ? { explained: proj.explained } : {}), seconds: (Date.now() - started) / 1000 };
    }
    const p = await this.loaded();
    const word = resolve(p.a, input);
    if (p.a.id(word) < 0 || p.b.id(word) < 0) throw Object.assign(new Error(`'${word}' is not in the vocabulary of both compared models`), { word });
    // The union of both neighbourhoods, each word at its place in A and at its (rotated) place in B; one projection
    // is fitted on all 2m points so the two maps share axes and movement is visible.
    const na = nearest(p.a, word, n).map((x) => x.word);
    const nb = nearest(p.b, word, n).map((x) => x.word);
    const setA = new Set(na);
    const setB = new Set(nb);
    const words = [word, ...new Set([...na, ...nb])].filter((w) => p.a.id(w) >= 0 && p.b.id(w) >= 0);
    const m = words.length;
    const d = p.a.dim;
    const pts = new Float64Array(2 * m * d);
    words.forEach((w, i) => {
      pts.set(p.a.unitRow(p.a.id(w)), i * d);
      pts.set(p.b.unitRow(p.b.id(w)), (m + i) * d); // rotated onto A on the worker (m · d² work)
    });
    const proj = await this.project({ kind: 'project', method, points: pts, n: 2 * m, d, seed: 1, rotateFrom: m, rotation: p.alignment.rotation.slice() });
    const panel = (title: string, offset: number, set: Set<string>): MapPanel => ({
      title,
      points: words.map((w, i) => ({
        word: w, x: proj.coords[(offset + i) * 2], y: proj.coords[(offset + i) * 2 + 1],
        role: i === 0 ? 'centre' : set.has(w) ? 'neighbour' : 'other',
      })),
    });
    return {
      word, method,
      panels: [panel(modelLabel('cbow-word2vec'), 0, setA), panel(`${modelLabel('cbow-corrected')} (rotated onto word2vec CBOW)`, m, setB)],
      ...(proj.explained ? { explained: proj.explained } : {}),
      seconds: (Date.now() - started) / 1000,
      note: 'Points in grey are neighbours in the other model only.',
    };
  }

  /** Projects on the analysis worker; a newer map request cancels this one. */
  private async project(task: Extract<AnalysisTask, { kind: 'project' }>): Promise<Projection> {
    this.mapAbort?.abort();
    const abort = new AbortController();
    this.mapAbort = abort;
    try {
      return await runAnalysis(task, { signal: abort.signal });
    } catch (e) {
      if (e instanceof AnalysisCancelledError) throw new Error('superseded by a newer map request');
      throw e;
    } finally {
      if (this.mapAbort === abort) this.mapAbort = undefined;
    }
  }

  /** The compared models' vectors for evaluation (word2vec CBOW, corrected CBOW, then skip-gram when trained). */
  async evaluationModels(): Promise<{ label: string; kind: string; emb: Embeddings }[]> {
    const p = await this.loaded();
    const out = [
      { label: modelLabel('cbow-word2vec'), kind: 'cbow-word2vec', emb: p.a },
      { label: modelLabel('cbow-corrected'), kind: 'cbow-corrected', emb: p.b },
    ];
    if (p.sg) out.push({ label: modelLabel('sg'), kind: 'sg', emb: p.sg });
    return out;
  }

  cancel(): boolean {
    if (!this.abort) return false;
    this.abort.abort();
    return true;
  }

  /** The embeddingLens.compare command. Resolves with a report (never rejects). */
  run(): Promise<CompareReport> {
    if (this.running || this.models.trainingState().running) {
      void vscode.window.showInformationMessage('Embedding Lens is already training. Use "Embedding Lens: Cancel Training" to stop it.');
      return Promise.resolve({ outcome: 'busy', message: 'already training' });
    }
    this.abort = new AbortController();
    const job = startTrainingJob('Embedding Lens: compare', (progress, signal) => this.compareWorkspace(progress, signal),
      (message): CompareReport => ({ outcome: 'failed', message: `Embedding Lens: compare failed: ${message}` }), this.abort);
    const running = job.done.then((report) => {
      this.running = undefined;
      this.abort = undefined;
      this.lastReport = report;
      this.models.setTrainingState({ running: false });
      this.changed.fire({ running: false });
      this.log?.info(`compare: ${report.outcome}: ${report.message}`);
      if (report.outcome === 'success') {
        void vscode.window.showInformationMessage(plainNotificationText(report.message), 'Open Compare').then((pick) => {
          if (pick) void vscode.commands.executeCommand('embeddingLens.openPanel', { tab: 'compare' });
        });
      } else if (report.outcome === 'cancelled') void vscode.window.showWarningMessage(plainNotificationText(report.message));
      else if (report.outcome !== 'busy') void vscode.window.showErrorMessage(plainNotificationText(report.message));
      return report;
    });
    this.running = running;
    this.changed.fire({ running: true });
    return running;
  }

  private async compareWorkspace(progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal): Promise<CompareReport> {
    const settings = readSettings();
    const includeSkipGram = vscode.workspace.getConfiguration(SECTION).get<boolean>('compare.includeSkipGram', false) === true;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const started = Date.now();
    const cancelled = (): CompareReport => ({ outcome: 'cancelled', message: 'Embedding Lens: compare cancelled. Nothing was saved.' });
    if (folders.length === 0) return { outcome: 'empty', message: emptyCorpusMessage(emptyReport(), 'no-folder') };

    // 1. Collect the workspace ONCE: one vocabulary and encoded corpus for every run.
    this.models.setTrainingState({ running: true, fraction: 0, phase: 'reading' });
    const encoded = await encodeWorkspace(settings, progress, signal);
    if (encoded.outcome === 'cancelled') return cancelled();
    if (encoded.outcome === 'empty') return { outcome: 'empty', message: encoded.message };
    const { collect, vocab, corpus, minCount, epochs } = encoded;
    const plan = planCompare(vocab, corpus, {
      dim: settings.dimensions, window: settings.window, negative: settings.negative, epochs, threads: settings.threads, seed: 1,
    }, { includeSkipGram });

    // 2. Train sequentially; one progress bar over all runs (90 %), analysis the last 10 %.
    const results: TrainResult[] = [];
    let reported = 0;
    const advance = (fraction: number): void => {
      const percent = Math.floor(fraction * 100);
      if (percent > reported) { progress.report({ increment: percent - reported }); reported = percent; }
    };
    this.log?.info(`compare: ${collect.files} files, ${corpus.tokens} tokens, vocabulary ${vocab.size}, minCount ${minCount}, ${epochs} epochs; ${describeSkips(collect) || 'nothing skipped'}`);
    for (let r = 0; r < plan.runs.length; r++) {
      const run = plan.runs[r];
      const header = `${r + 1}/${plan.runs.length} ${modelLabel(run.model)} (${formatCount(corpus.tokens)} words, ${epochs} epochs)`;
      progress.report({ message: `Training ${header}…` });
      this.models.setTrainingState({ running: true, fraction: r / plan.runs.length, phase: 'training' });
      let last = 0;
      const onProgress = (p: TrainProgress): void => {
        const overall = ((r + p.fraction) / plan.runs.length) * 0.9;
        advance(overall);
        const now = Date.now();
        if (now - last >= 250 || p.fraction >= 1) {
          last = now;
          progress.report({ message: `Training ${header} · ${Math.floor(p.fraction * 100)}% · ${formatCount(Math.round(p.wordsPerSecond))} words/s · ETA ${formatDuration(p.etaSeconds)}` });
          this.models.setTrainingState({ running: true, fraction: overall / 0.9, phase: 'training' });
        }
      };
      try {
        results.push(await train(plan.corpus, plan.vocab, run.options, { onProgress, signal, background: true }));
      } catch (e) {
        if (e instanceof TrainingCancelledError || signal.aborted) return cancelled();
        throw e;
      }
      if (signal.aborted) return cancelled();
    }

    // 3. Align and measure on a worker thread (the extension host's thread stays free).
    progress.report({ message: 'Aligning the two spaces and comparing neighbourhoods…' });
    const [ra, rb] = [results[0], results[1]];
    let analysis;
    try {
      analysis = await runAnalysis({ kind: 'compare', a: plain(ra.embeddings), b: plain(rb.embeddings), top: 1000, k: 10, listSize: 15 }, { signal });
    } catch (e) {
      if (e instanceof AnalysisCancelledError || signal.aborted) return cancelled();
      throw e;
    }
    if (signal.aborted) return cancelled();
    const { alignment, comparison: cmp } = analysis;
    advance(0.97);

    // 4. Save: the model files first, the record last (its atomic rename is the commit point of the pair).
    this.models.setTrainingState({ running: true, fraction: 1, phase: 'saving' });
    progress.report({ message: 'Saving the pair…' });
    const folderNames = folders.map((f) => f.name).join(', ');
    const createdAt = new Date().toISOString();
    const runs: CompareRunInfo[] = results.map((res) => ({
      kind: res.options.model, label: modelLabel(res.options.model), modelId: compareModelId(res.options.model), alpha: res.options.alpha,
      seconds: res.seconds, wordsPerSecond: res.wordsPerSecond, meanContextSize: res.meanContextSize,
      lossCurve: res.lossCurve.map((p) => ({ fraction: p.fraction, loss: p.loss })),
    }));
    const o = ra.options;
    const data: CompareData = {
      createdAt, source: folders.map((f) => f.uri.toString()).join(' '), files: collect.files, tokens: corpus.tokens, vocabSize: vocab.size, minCount,
      seed: plan.seed, hyperparameters: { dim: o.dim, window: o.window, negative: o.negative, sample: o.sample, epochs: o.epochs, threads: o.threads },
      runs, meanContextSize: ra.meanContextSize, k: cmp.k, words: cmp.words, meanOverlap: cmp.meanOverlap, meanCosine: cmp.meanCosine,
      mostChanged: cmp.mostChanged, leastChanged: cmp.leastChanged, alignment: { words: alignment.words, meanCosine: alignment.meanCosine },
      totalSeconds: 0,
    };
    try {
      const hasActive = this.models.activeInfo() !== undefined;
      for (const res of results) {
        const kind = res.options.model;
        const contents: ModelFileContents = {
          header: {
            kind, label: `${folderNames} · ${modelLabel(kind)} (compare)`, vocabSize: vocab.size, dim: res.options.dim, tokens: corpus.tokens,
            files: collect.files, trainedAt: createdAt, source: data.source,
            hyperparameters: {
              model: kind, dim: res.options.dim, window: res.options.window, negative: res.options.negative, sample: res.options.sample,
              epochs: res.options.epochs, alpha: res.options.alpha, seed: res.options.seed, threads: res.options.threads, minCount, lowercase: settings.lowercase,
            },
            counts: Array.from(vocab.counts),
            extra: { compare: createdAt, seconds: res.seconds, wordsPerSecond: res.wordsPerSecond, meanContextSize: res.meanContextSize, lossCurve: res.lossCurve },
          },
          words: vocab.words,
          data: res.embeddings.data,
        };
        // The corrected model becomes active only when there is no active model yet.
        await this.models.add(compareModelId(kind), contents, res.embeddings, !hasActive && kind === 'cbow-corrected');
      }
      data.totalSeconds = (Date.now() - started) / 1000;
      await this.writeRecord(data);
    } catch (e) {
      return { outcome: 'failed', message: `Embedding Lens: the comparison finished but could not be saved: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.record = data;
    const loadedPair: LoadedPair = { createdAt, a: ra.embeddings, b: rb.embeddings, alignment };
    if (results[2]) {
      loadedPair.sg = results[2].embeddings;
      loadedPair.sgAlignment = await runAnalysis({ kind: 'align', a: plain(ra.embeddings), b: plain(results[2].embeddings) });
    }
    this.pair = { createdAt, promise: Promise.resolve(loadedPair) };
    return {
      outcome: 'success', data,
      message: `Embedding Lens: compared word2vec CBOW and corrected CBOW on ${collect.files} files (${formatCount(corpus.tokens)} words) in ${formatDuration(data.totalSeconds)}: mean overlap@10 ${(cmp.meanOverlap * 100).toFixed(0)}%.`,
    };
  }

  private async writeRecord(data: CompareData): Promise<void> {
    const fs = vscode.workspace.fs;
    const target = this.recordUri();
    const tmp = target.with({ path: target.path + '.tmp' });
    await fs.createDirectory(this.models.store.folder);
    try {
      await fs.writeFile(tmp, new TextEncoder().encode(JSON.stringify({ version: 1, data }, null, 1)));
      await fs.rename(tmp, target, { overwrite: true });
    } catch (e) {
      await fs.delete(tmp, { useTrash: false }).then(undefined, () => undefined);
      throw e;
    }
  }

  dispose(): void {
    this.abort?.abort();
    this.mapAbort?.abort();
    this.changed.dispose();
  }
}

/** The vocabulary word a user's input refers to: as typed, else as the tokenizer would see it. */
function resolve(emb: Embeddings, input: string): string {
  if (emb.id(input) >= 0) return input;
  const normal = normalizeWord(input);
  return normal !== undefined && emb.id(normal) >= 0 ? normal : input;
}

function emptyReport() {
  return { files: 0, bytes: 0, candidates: 0, maxFileSizeKB: 0, folders: 0, skipped: { binary: 0, tooLarge: 0, invalidUtf8: 0, gitignored: 0, excluded: 0, unreadable: 0 } };
}
