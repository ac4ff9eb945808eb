// The compare's host side: runs the Compare job (compare-job.ts) through the training pipeline and answers the
// panel's Compare and Map requests from the saved record and the saved ensembles of both rules.
import * as vscode from 'vscode';
import { compareWord, type Alignment } from '../../core/compare/align';
import { noiseAndEffect } from '../../core/compare/noise';
import { agreedNeighbours, perSeedTop } from '../../core/ensemble';
import { modelLabel, type ModelKind } from '../../core/model-kinds';
import type { Projection } from '../../core/projection';
import { nearest } from '../../core/query';
import type { Embeddings } from '../../core/vectors';
import { compareGroup } from '../../engine/plan';
import { AnalysisCancelledError, plain, runAnalysis, type AnalysisTask } from '../../engine/analysis';
import type {
  CompareData, CompareSummary, CompareWordResult, MapMethod, MapPanel, MapPoint, MapResult, MapScope, Neighbour,
} from '../../protocol';
import type { EvaluationFiles } from '../evaluation';
import type { ModelService } from '../model-service';
import { tellReport, type TrainingRunner } from '../training-runner';
import { loadStoredEmbeddings } from '../stored-models';
import { resolveWord } from '../webview-requests';
import { COMPARE_RECORD, COMPARE_RECORD_VERSION, compareJob, type CompareReport } from './compare-job';

export { COMPARE_RECORD, type CompareReport } from './compare-job';
export const compareModelId = (kind: ModelKind): string => compareGroup(kind);

const alignOnWorker = (a: Embeddings, b: Embeddings): Promise<Alignment> => runAnalysis({ kind: 'align', a: plain(a), b: plain(b) });

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
  private record: CompareData | null | undefined; // undefined: not read yet; null: none saved
  private pair: { createdAt: string; promise: Promise<LoadedPair> } | undefined;
  private readonly changed = new vscode.EventEmitter<{ running: boolean }>();
  /** the map projection in flight */
  private mapAbort: AbortController | undefined;
  readonly onDidChange = this.changed.event;
  lastReport: CompareReport | undefined;

  constructor(private readonly models: ModelService, private readonly runner: TrainingRunner, private readonly evalFiles: EvaluationFiles, private readonly log?: vscode.LogOutputChannel) {}

  private recordUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.models.store.folder, COMPARE_RECORD);
  }

  /** The saved comparison, read once and cached (undefined when none was saved or it is unreadable). */
  async data(): Promise<CompareData | undefined> {
    if (this.record === undefined) {
      try {
        const bytes = await vscode.workspace.fs.readFile(this.recordUri());
        const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { version?: number; data?: CompareData };
        // a record of the older one-seed compare (version 1) cannot show a noise floor: it is not shown
        this.record = parsed.version === COMPARE_RECORD_VERSION && parsed.data && Array.isArray(parsed.data.rules) ? parsed.data : null;
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
      reason: this.isRunning ? 'Training both rules…' : 'No comparison yet: run "Embedding Lens: Compare Word2vec CBOW with Corrected CBOW".',
    };
  }

  /** Both compared models loaded and aligned (cached until the next compare). */
  private async loaded(): Promise<LoadedPair> {
    const data = await this.data();
    if (!data) throw new Error('No comparison yet: run "Embedding Lens: Compare Word2vec CBOW with Corrected CBOW" first.');
    if (this.pair?.createdAt === data.createdAt) return this.pair.promise;
    const promise = (async (): Promise<LoadedPair> => {
      // read, checked and prepared for search by the load worker, as the active model is
      const load = (kind: ModelKind): Promise<Embeddings> => loadStoredEmbeddings(this.models.store, compareModelId(kind));
      const a = await load('cbow-word2vec');
      const b = await load('cbow-corrected');
      // Procrustes is O(n·d²) plus a d × d SVD: on the analysis worker, never on this thread.
      const alignment = await alignOnWorker(a, b);
      const pair: LoadedPair = { createdAt: data.createdAt, a, b, alignment };
      if (data.rules.some((r) => r.key === 'sg')) {
        try {
          pair.sg = await load('sg');
          pair.sgAlignment = await alignOnWorker(a, pair.sg);
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

  /**
   * The per-word view (the Compare tab's search box): both rules' ensemble lists, each neighbour with its
   * agreement within its own rule (a neighbour few seeds agree on merely moved: it is no evidence of a difference),
   * and the word's own noise floor and excess change over the seeds.
   */
  async word(input: string, k = 10): Promise<CompareWordResult> {
    const p = await this.loaded();
    const word = resolveWord(p.a, input);
    const r = compareWord(p.a, p.b, p.alignment, word, k);
    const agreedA = agreedNeighbours(p.a, word, k);
    const agreedB = agreedNeighbours(p.b, word, k);
    const withAgreement = (list: Neighbour[], agreed: typeof agreedA): Neighbour[] => {
      const by = new Map(agreed.neighbours.map((x) => [x.word, x]));
      return list.map((n) => ({ ...n, ...(by.get(n.word)?.agreement !== undefined ? { agreement: by.get(n.word)!.agreement, spread: by.get(n.word)!.spread } : {}) }));
    };
    let effect: CompareWordResult['effect'] = null;
    const seeds = p.a.ensemble?.seeds ?? 1;
    if (seeds >= 2 && (p.b.ensemble?.seeds ?? 1) === seeds) {
      const lists = (emb: Embeddings) => perSeedTop(emb, emb.id(word), 10).map((l) => [l.ids]);
      const e = noiseAndEffect(lists(p.a), lists(p.b), { samples: 400 });
      const w = e.perWord[0]!;
      effect = { withinA: w.withinA, withinB: w.withinB, between: w.between, excess: w.excess, beyondNoise: w.beyondNoise };
    }
    return {
      word: r.word, labels: [modelLabel('cbow-word2vec'), modelLabel('cbow-corrected')],
      a: withAgreement(r.a, agreedA), b: withAgreement(r.b, agreedB), seeds, agreementK: agreedA.agreementK,
      ranksAInB: r.ranksAInB.map((x) => x ?? null), ranksBInA: r.ranksBInA.map((x) => x ?? null),
      overlap: r.overlap, k: r.k, cosine: r.cosine ?? null, effect,
    };
  }

  /** A 2D map of a word's neighbourhood: in the active model, or in both compared models (aligned, one projection). */
  async map(input: string, n: number, method: MapMethod, scope: MapScope): Promise<MapResult> {
    const started = Date.now();
    if (scope === 'active') {
      const emb = await this.models.embeddings();
      if (!emb) throw new Error(this.models.lastLoadError() ?? 'No embeddings yet: train a model on this workspace first.');
      const word = resolveWord(emb, input);
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
    const word = resolveWord(p.a, input);
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

  /** Projects on the analysis worker; a newer map request cancels this one (the panel only shows the latest). */
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

  /** The embeddingLens.compare command: the Compare job for the training pipeline. Resolves with a report. */
  async run(): Promise<CompareReport> {
    this.changed.fire({ running: true });
    const report = await this.runner.start(compareJob(this.models, this.evalFiles, (data, [a, b]) => {
      this.record = data;
      // the pair just trained is in memory: the per-word view and the map need not read it back
      const loaded = (async (): Promise<LoadedPair> => ({ createdAt: data.createdAt, a: a!, b: b!, alignment: await alignOnWorker(a!, b!) }))();
      this.pair = { createdAt: data.createdAt, promise: loaded };
    }, this.log));
    this.changed.fire({ running: false });
    if (report.outcome !== 'busy') {
      this.lastReport = report;
      tellReport(report, { label: 'Open Compare', run: () => void vscode.commands.executeCommand('embeddingLens.openPanel', { tab: 'compare' }) });
    }
    return report;
  }

  get isRunning(): boolean {
    return this.runner.lock.busy === 'Compare';
  }

  dispose(): void {
    this.mapAbort?.abort();
    this.changed.dispose();
  }
}
