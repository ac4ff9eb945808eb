// The Compare job for the training pipeline (training-runner.ts): runs the honest compare
// (engine/compare-pipeline.ts) on one encoding of the workspace with matched seeds, then saves every rule as one
// ensemble model (each seed's input and output vectors) and the record the Compare tab shows, all or nothing.
import * as vscode from 'vscode';
import { formatCount, formatDuration } from '../../core/format';
import type { ModelFileContents, ModelMatrix } from '../../core/formats/model-file';
import { Embeddings } from '../../core/vectors';
import { runAnalysis } from '../../engine/analysis';
import { DEFAULT_COMPARE, runCompare } from '../../engine/compare-pipeline';
import type { CompareData } from '../../protocol';
import type { EvaluationFiles } from '../evaluation';
import type { ModelService } from '../model-service';
import { SECTION } from '../settings';
import type { JobContext, JobReport, TrainingJob } from '../training-runner';
import { describeSkips } from '../workspace-corpus';

export const COMPARE_RECORD = 'compare.json';
export const COMPARE_RECORD_VERSION = 2;

export interface CompareReport extends JobReport {
  data?: CompareData;
}

/** The compare's own settings (embeddingLens.compare.*), read and checked. */
export function compareSettings(): { seeds: number; alphaGrid: number[]; skipGram: boolean; equalTime: boolean } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const seeds = c.get<number>('compare.seeds', 3);
  const grid = c.get<unknown>('compare.alphaGrid', []);
  return {
    seeds: Number.isInteger(seeds) && seeds >= 2 && seeds <= 10 ? seeds : 3,
    alphaGrid: Array.isArray(grid) ? [...new Set(grid.filter((a): a is number => typeof a === 'number' && a > 0 && a <= 1))].sort((a, b) => a - b).slice(0, 8) : [],
    skipGram: c.get<boolean>('compare.includeSkipGram', false) === true,
    equalTime: c.get<boolean>('compare.equalTime', false) === true,
  };
}

export function compareJob(models: ModelService, evalFiles: EvaluationFiles, onSaved: (data: CompareData, ensembles: Embeddings[]) => void, log?: vscode.LogOutputChannel): TrainingJob<CompareReport> {
  return {
    name: 'Compare',
    title: 'Embedding Lens: compare',
    cancelledMessage: 'Embedding Lens: compare cancelled. Nothing was saved.',
    report: (outcome, message) => ({ outcome, message }),
    execute: (ctx) => execute(ctx, models, evalFiles, onSaved, log),
  };
}

async function execute(ctx: JobContext, models: ModelService, evalFiles: EvaluationFiles, onSaved: (data: CompareData, ensembles: Embeddings[]) => void, log?: vscode.LogOutputChannel): Promise<CompareReport> {
  const { settings, encoded, signal } = ctx;
  const started = Date.now();
  const own = compareSettings();
  const { collect, vocab, corpus, minCount, epochs } = encoded;
  const texts = await evalFiles.texts();
  for (const e of texts.errors) log?.warn(`compare: ${e}`);
  log?.info(`compare: ${collect.files} files, ${corpus.tokens} tokens, vocabulary ${vocab.size}, minCount ${minCount}, ${epochs} epochs, ${own.seeds} seeds; ${describeSkips(collect) || 'nothing skipped'}`);
  const outcome = await runCompare(corpus, vocab, {
    ...DEFAULT_COMPARE, seeds: own.seeds, epochs, alphaGrid: own.alphaGrid, skipGram: own.skipGram, equalTime: own.equalTime,
    base: { dim: settings.dimensions, window: settings.window, negative: settings.negative, ...(settings.threads > 0 ? { threads: settings.threads } : {}) },
    ...(texts.analogies ? { analogies: texts.analogies } : {}), similarity: texts.similarity,
  }, {
    signal,
    train: (plan, trainCorpus, range) => ctx.train(plan, { corpus: trainCorpus, range: [range[0] * 0.9, range[1] * 0.9] }),
    analyse: (task) => runAnalysis(task, { signal }),
    step: (message) => ctx.step(message, 'training'),
  });

  ctx.step('Saving the comparison…', 'saving');
  const folders = vscode.workspace.workspaceFolders ?? [];
  const createdAt = new Date().toISOString();
  const source = folders.map((f) => f.uri.toString()).join(' ');
  const data: CompareData = { ...outcome.data, minCount, createdAt, source, files: collect.files, totalSeconds: (Date.now() - started) / 1000 };
  const folderNames = folders.map((f) => f.name).join(', ');
  const hasActive = models.activeInfo() !== undefined;
  const items = outcome.rules.map((rule, i) => {
    const first = rule.outcomes[0]!.result;
    const n = rule.outcomes.length;
    const contents: ModelFileContents = {
      header: {
        kind: rule.kind, label: `${folderNames} · ${rule.label} · ${n} seeds (compare)`, vocabSize: vocab.size, dim: first.options.dim,
        tokens: outcome.trainCorpus.tokens, files: collect.files, trainedAt: createdAt, source,
        hyperparameters: {
          model: rule.kind, dim: first.options.dim, window: first.options.window, negative: first.options.negative, sample: first.options.sample,
          epochs: first.options.epochs, alpha: first.options.alpha, seed: first.options.seed, seeds: n, threads: first.options.threads, minCount, lowercase: settings.lowercase,
        },
        counts: Array.from(vocab.counts),
        extra: {
          compare: createdAt, seconds: rule.outcomes.map((o) => o.result.seconds), heldOut: `test ${data.split.test}, validation ${data.split.validation} of the sentences are not trained on`,
          ...(rule.stability ? { stability: rule.stability } : {}),
        },
      },
      words: vocab.words,
      matrices: rule.outcomes.flatMap((o): ModelMatrix[] => [
        { role: 'input', seed: o.run.seed, data: o.result.embeddings.data }, { role: 'output', seed: o.run.seed, data: o.result.outputs },
      ]),
    };
    const embeddings = new Embeddings([...vocab.words], first.options.dim * n, rule.ensemble, { seeds: n, seedDim: first.options.dim });
    // corrected CBOW becomes the active model only when there is none yet
    return { id: rule.modelId, contents, embeddings, activate: !hasActive && i === 1 };
  });
  try {
    await models.addGroup(items, [{ name: COMPARE_RECORD, bytes: new TextEncoder().encode(JSON.stringify({ version: COMPARE_RECORD_VERSION, data }, null, 1)) }]);
  } catch (e) {
    return { outcome: 'failed', message: `Embedding Lens: the comparison finished but could not be saved: ${e instanceof Error ? e.message : String(e)}` };
  }
  onSaved(data, items.map((i) => i.embeddings));
  return {
    outcome: 'success', data,
    message: `Embedding Lens: compared word2vec CBOW and corrected CBOW on ${collect.files} files (${formatCount(outcome.trainCorpus.tokens)} words, ${own.seeds} seeds each) in ${formatDuration(data.totalSeconds)}. ${data.verdict.split('. ')[0]}.`,
  };
}
