// embeddingLens.train: the Train job for the training pipeline (training-runner.ts): n seeds of the chosen rule
// over one encoding of the workspace, assembled into one ensemble model (core/ensemble.ts) in the analysis
// worker, which also measures how stable its frequent words are across the seeds; then saved atomically and
// made active. Cancelled or failed, nothing is written and the previous model is untouched.
import * as vscode from 'vscode';
import { formatCount, formatDuration } from '../core/format';
import type { ModelFileContents, ModelMatrix } from '../core/formats/model-file';
import { modelLabel } from '../core/model-kinds';
import type { StabilitySummary } from '../core/ensemble';
import { Embeddings } from '../core/vectors';
import { runAnalysis } from '../engine/analysis';
import { autoSeedCount, MAX_SEEDS, seedList, trainPlan, type PlannedRun } from '../engine/plan';
import type { RunOutcome } from '../engine/plan-runner';
import { TrainingCancelledError } from '../engine/train';
import type { ModelService } from './model-service';
import { tellReport, type Encoded, type JobContext, type JobReport, type Outcome, type TrainingJob, type TrainingRunner } from './training-runner';
import { describeSkips, type CollectReport } from './workspace-corpus';
import { describeLearnedFrom, partTotal, type LearnedFrom } from '../core/code/source-report';

export interface TrainReport extends JobReport {
  outcome: Outcome;
  message: string;
  modelId?: string;
  collect?: CollectReport;
  tokens?: number;
  vocabSize?: number;
  epochs?: number;
  minCount?: number;
  seeds?: number;
  seconds?: number;
}

/** How many of the most frequent words the saved stability summary measures. */
export const STABILITY_TOP = 1000;

export class TrainCommand {
  lastReport: TrainReport | undefined;

  constructor(private readonly runner: TrainingRunner, private readonly models: ModelService, private readonly log?: vscode.LogOutputChannel) {}

  /** The embeddingLens.train command. Resolves with a report (never rejects). */
  async run(): Promise<TrainReport> {
    const report = await this.runner.start(this.job());
    if (report.outcome !== 'busy') {
      this.lastReport = report;
      tellReport(report);
    }
    return report;
  }

  private job(): TrainingJob<TrainReport> {
    return {
      name: 'Train',
      title: 'Embedding Lens',
      report: (outcome, message, collect) => ({ outcome, message, ...(collect ? { collect } : {}) }),
      execute: (ctx) => this.execute(ctx),
    };
  }

  private async execute(ctx: JobContext): Promise<TrainReport> {
    const started = Date.now();
    const { settings, encoded, signal } = ctx;
    const { collect, vocab, corpus, minCount, epochs } = encoded;
    const model = settings.model;
    const group = `workspace-${model}`;
    const auto = settings.seeds === 'auto';
    const seeds = auto ? [1] : seedList(settings.seeds as number);
    const base = { dim: settings.dimensions, window: settings.window, negative: settings.negative, ...(settings.threads > 0 ? { threads: settings.threads } : {}) };
    const plan = trainPlan(group, model, seeds, epochs, base);
    const seedsText = auto ? `seeds: as many as fit ${formatDuration(settings.seedsBudgetSeconds)}` : `${seeds.length} seed${seeds.length === 1 ? '' : 's'}`;
    ctx.step(`Training ${modelLabel(model)} on ${collect.files} files (${formatCount(corpus.tokens)} words, vocabulary ${formatCount(vocab.size)}, ${epochs} epochs, ${seedsText})…`, 'training');
    this.log?.info(`train: ${collect.files} files, ${corpus.tokens} tokens, vocabulary ${vocab.size}, minCount ${minCount}, ${epochs} epochs; ${describeSkips(collect) || 'nothing skipped'}`);
    for (const line of collect.learnedFrom ? describeLearnedFrom(collect.learnedFrom, formatCount) : []) this.log?.info(`  ${line}`);
    const extend = auto
      ? (done: readonly RunOutcome[]): PlannedRun[] => {
        if (done.length !== 1) return [];
        const n = autoSeedCount(done[0]!.result.seconds, { budgetSeconds: settings.seedsBudgetSeconds, min: 1, max: MAX_SEEDS });
        return trainPlan(group, model, seedList(n).slice(1), epochs, base).runs;
      }
      : undefined;
    const outcomes = await ctx.train(plan, { extend, range: [0, 0.9] });

    ctx.step(outcomes.length > 1 ? `Combining ${outcomes.length} seeds and measuring how much they agree…` : 'Preparing the model…', 'training');
    const { embeddings, stability } = await assemble(encoded, outcomes, signal);
    if (signal.aborted) throw new TrainingCancelledError();

    ctx.step('Saving the model…', 'saving');
    const trainSeconds = outcomes.reduce((s, o) => s + o.result.seconds, 0);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const first = outcomes[0]!.result;
    const contents: ModelFileContents = {
      header: {
        kind: model,
        label: `${folders.map((f) => f.name).join(', ')} · ${modelLabel(model)}${outcomes.length > 1 ? ` · ${outcomes.length} seeds` : ''}`,
        vocabSize: vocab.size,
        dim: first.options.dim,
        tokens: corpus.tokens,
        files: collect.files,
        trainedAt: new Date().toISOString(),
        source: folders.map((f) => f.uri.toString()).join(' '),
        hyperparameters: {
          model, dim: first.options.dim, window: first.options.window, negative: first.options.negative, sample: first.options.sample,
          epochs: first.options.epochs, alpha: first.options.alpha, seed: first.options.seed, seeds: outcomes.length,
          threads: first.options.threads, minCount, lowercase: settings.lowercase,
        },
        counts: Array.from(vocab.counts),
        extra: {
          seconds: trainSeconds, wordsPerSecond: outcomes.reduce((s, o) => s + o.result.wordsPerSecond, 0) / outcomes.length,
          seeds: outcomes.map((o) => ({ seed: o.run.seed, seconds: o.result.seconds, finalLoss: o.result.lossCurve.at(-1)?.loss ?? null })),
          seedsSetting: settings.seeds, skipped: collect.skipped,
          ...(stability ? { stability } : {}),
          ...(collect.learnedFrom ? { learnedFrom: collect.learnedFrom } : {}),
        },
      },
      words: vocab.words,
      matrices: outcomes.flatMap((o): ModelMatrix[] => [
        { role: 'input', seed: o.run.seed, data: o.result.embeddings.data },
        { role: 'output', seed: o.run.seed, data: o.result.outputs },
      ]),
    };
    try {
      await this.models.addGroup([{ id: group, contents, embeddings, activate: true }]);
    } catch (e) {
      return { outcome: 'failed', collect, message: `Embedding Lens: training finished but the model could not be saved: ${e instanceof Error ? e.message : String(e)}` };
    }
    const seconds = (Date.now() - started) / 1000;
    const skips = describeSkips(collect);
    const agree = stability ? `, ${outcomes.length} seeds (median stability of the frequent words ${stability.median.toFixed(2)})` : '';
    return {
      outcome: 'success', modelId: group, collect, tokens: corpus.tokens, vocabSize: vocab.size, epochs, minCount, seconds, seeds: outcomes.length,
      message: `Embedding Lens: trained on ${collect.files} files (${formatCount(corpus.tokens)} words, ${formatCount(vocab.size)} in the vocabulary${agree}) in ${formatDuration(seconds)}` +
        `${collect.learnedFrom ? ` from ${learnedSummary(collect.learnedFrom)}` : ''}${skips ? `; ${skips}` : ''}.`,
    };
  }
}

/** The seeds as one ensemble, built (with its stability) in the analysis worker; one seed is used as it is. */
export async function assemble(encoded: Encoded, outcomes: readonly RunOutcome[], signal: AbortSignal): Promise<{ embeddings: Embeddings; stability?: StabilitySummary }> {
  const first = outcomes[0]!.result;
  if (outcomes.length === 1) return { embeddings: first.embeddings };
  const words = [...encoded.vocab.words];
  const seedDim = first.options.dim;
  const out = await runAnalysis({ kind: 'ensemble', words, seedDim, inputs: outcomes.map((o) => o.result.embeddings.data), top: STABILITY_TOP }, { signal });
  return {
    embeddings: new Embeddings(words, seedDim * outcomes.length, out.data, { seeds: outcomes.length, seedDim }),
    ...(out.stability ? { stability: out.stability } : {}),
  };
}

/** "Python 52k, prose 20k, code blocks in docs 3k tokens": the languages and parts, largest first. */
function learnedSummary(r: LearnedFrom): string {
  const items: [string, number][] = r.languages.map((l) => [l.label, partTotal(l.tokens)]);
  if (r.prose.tokens) items.push(['prose', r.prose.tokens]);
  if (partTotal(r.docBlocks.tokens)) items.push(['code blocks in docs', partTotal(r.docBlocks.tokens)]);
  return items.sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${formatCount(n)}`).join(', ') + ' tokens';
}
