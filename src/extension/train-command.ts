// embeddingLens.train: collect files -> corpus -> train (engine workers) -> save atomically -> activate.
// Cancellable from the progress notification and from embeddingLens.cancelTraining. On cancel or failure
// the previous model is untouched (nothing is written before training succeeds).
import * as vscode from 'vscode';
import { startTrainingJob } from './training-job';
import { plainNotificationText } from '../core/notification-text';
import type { Worker } from 'node:worker_threads';
import type { ModelFileContents } from '../core/formats/model-file';
import { train, TrainingCancelledError, type TrainProgress, type TrainResult } from '../engine/train';
import { formatCount, formatDuration } from '../core/format';
import { modelLabel } from '../core/model-kinds';
import type { ModelService } from './model-service';
import { readSettings, type Settings } from './settings';
import { describeSkips, emptyCorpusMessage, emptySkipCounts, type CollectReport } from './workspace-corpus';
import { encodeWorkspace } from './encode-workspace';
import { describeLearnedFrom, partTotal, type LearnedFrom } from '../core/code/source-report';


export interface TrainReport {
  outcome: 'success' | 'cancelled' | 'failed' | 'empty' | 'busy';
  message: string;
  modelId?: string;
  collect?: CollectReport;
  tokens?: number;
  vocabSize?: number;
  epochs?: number;
  minCount?: number;
  seconds?: number;
}


export class TrainController implements vscode.Disposable {
  private abort: AbortController | undefined;
  private running: Promise<TrainReport> | undefined;
  lastReport: TrainReport | undefined;
  /** For monitoring and fault-injection tests: sees the engine's worker threads and progress reports of each run. */
  readonly hooks: { onWorkers?: (workers: readonly Worker[]) => void; onProgress?: (p: TrainProgress) => void } = {};
  private readonly out: vscode.LogOutputChannel | undefined;

  constructor(private readonly models: ModelService, out?: vscode.LogOutputChannel) {
    this.out = out;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The embeddingLens.train command. Resolves with a report (never rejects). */
  run(): Promise<TrainReport> {
    if (this.running) {
      void vscode.window.showInformationMessage('Embedding Lens is already training. Use "Embedding Lens: Cancel Training" to stop it.');
      return Promise.resolve({ outcome: 'busy', message: 'already training' });
    }
    this.abort = new AbortController();
    const job = startTrainingJob('Embedding Lens', (progress, signal) => this.trainWorkspace(progress, signal),
      (message): TrainReport => ({ outcome: 'failed', message }), this.abort);
    const running = job.done.then((report) => {
      this.running = undefined;
      this.abort = undefined;
      this.lastReport = report;
      this.models.setTrainingState({ running: false });
      this.tell(report);
      return report;
    });
    this.running = running;
    return running;
  }

  /** The embeddingLens.cancelTraining command. */
  cancel(): boolean {
    if (!this.abort) {
      void vscode.window.showInformationMessage('Embedding Lens is not training.');
      return false;
    }
    this.abort.abort();
    return true;
  }

  private tell(r: TrainReport): void {
    this.out?.info(`train: ${r.outcome}: ${r.message}`);
    // Messages can quote file names and errors from the workspace: never let them become links.
    const text = plainNotificationText(r.message);
    if (r.outcome === 'success') void vscode.window.showInformationMessage(text);
    else if (r.outcome === 'cancelled') void vscode.window.showWarningMessage(text);
    else if (r.outcome === 'failed' || r.outcome === 'empty') void vscode.window.showErrorMessage(text);
  }

  private async trainWorkspace(progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal): Promise<TrainReport> {
    const settings = readSettings();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const started = Date.now();
    if (folders.length === 0) {
      return { outcome: 'empty', message: emptyCorpusMessage(emptyReport(), 'no-folder') };
    }
    const cancelled = (): TrainReport => ({
      outcome: 'cancelled',
      message: 'Embedding Lens: training cancelled. The previous model is unchanged.',
    });

    // 1. Read and encode the workspace.
    this.models.setTrainingState({ running: true, fraction: 0, phase: 'reading' });
    const encoded = await encodeWorkspace(settings, progress, signal);
    if (encoded.outcome === 'cancelled') return cancelled();
    if (encoded.outcome === 'empty') return encoded;
    const { collect, vocab, corpus, minCount, epochs } = encoded;
    if (signal.aborted) return cancelled();

    // 2. Train on the engine's worker threads.
    const header = `Training ${modelLabel(settings.model)} on ${collect.files} files (${formatCount(corpus.tokens)} words, vocabulary ${formatCount(vocab.size)}, ${epochs} epochs)`;
    progress.report({ message: `${header}…` });
    this.out?.info(`${header}; minCount ${minCount}; ${describeSkips(collect) || 'nothing skipped'}`);
    for (const line of collect.learnedFrom ? describeLearnedFrom(collect.learnedFrom, formatCount) : []) this.out?.info(`  ${line}`);
    this.models.setTrainingState({ running: true, fraction: 0, phase: 'training' });
    let reported = 0;
    let lastUpdate = 0;
    const onProgress = (p: TrainProgress): void => {
      this.hooks.onProgress?.(p);
      const now = Date.now();
      const percent = Math.floor(p.fraction * 100);
      if (percent > reported) {
        progress.report({ increment: percent - reported });
        reported = percent;
      }
      if (now - lastUpdate >= 250 || p.fraction >= 1) {
        lastUpdate = now;
        progress.report({ message: `${percent}% · epoch ${p.epoch}/${epochs} · ${formatCount(Math.round(p.wordsPerSecond))} words/s · ETA ${formatDuration(p.etaSeconds)}` });
        this.models.setTrainingState({ running: true, fraction: p.fraction, phase: 'training' });
      }
    };
    let result: TrainResult;
    try {
      result = await train(corpus, vocab, trainOptions(settings, epochs), { onProgress, signal, onWorkers: this.hooks.onWorkers, background: true });
    } catch (e) {
      if (e instanceof TrainingCancelledError || signal.aborted) return cancelled();
      throw e;
    }
    if (signal.aborted) return cancelled();

    // 3. Save atomically, then activate.
    this.models.setTrainingState({ running: true, fraction: 1, phase: 'saving' });
    progress.report({ message: 'Saving the model…' });
    const folderNames = folders.map((f) => f.name).join(', ');
    const contents: ModelFileContents = {
      header: {
        kind: settings.model,
        label: `${folderNames} · ${modelLabel(settings.model)}`,
        vocabSize: vocab.size,
        dim: result.options.dim,
        tokens: corpus.tokens,
        files: collect.files,
        trainedAt: new Date().toISOString(),
        source: folders.map((f) => f.uri.toString()).join(' '),
        hyperparameters: {
          model: result.options.model, dim: result.options.dim, window: result.options.window, negative: result.options.negative,
          sample: result.options.sample, epochs: result.options.epochs, alpha: result.options.alpha, seed: result.options.seed,
          threads: result.options.threads, minCount, lowercase: settings.lowercase,
        },
        counts: Array.from(vocab.counts),
        extra: { seconds: result.seconds, wordsPerSecond: result.wordsPerSecond, skipped: collect.skipped, finalLoss: result.lossCurve.at(-1)?.loss ?? null,
          ...(collect.learnedFrom ? { learnedFrom: collect.learnedFrom } : {}) },
      },
      words: vocab.words,
      data: result.embeddings.data,
    };
    const id = `workspace-${settings.model}`;
    try {
      await this.models.add(id, contents, result.embeddings, true);
    } catch (e) {
      return { outcome: 'failed', collect, message: `Embedding Lens: training finished but the model could not be saved: ${e instanceof Error ? e.message : String(e)}` };
    }
    const seconds = (Date.now() - started) / 1000;
    const skips = describeSkips(collect);
    return {
      outcome: 'success',
      modelId: id,
      collect,
      tokens: corpus.tokens,
      vocabSize: vocab.size,
      epochs,
      minCount,
      seconds,
      message: `Embedding Lens: trained on ${collect.files} files (${formatCount(corpus.tokens)} words, ${formatCount(vocab.size)} in the vocabulary) in ${formatDuration(seconds)}` +
        `${collect.learnedFrom ? ` from ${learnedSummary(collect.learnedFrom)}` : ''}${skips ? `; ${skips}` : ''}.`,
    };
  }

  dispose(): void {
    this.abort?.abort();
  }
}

function trainOptions(s: Settings, epochs: number) {
  return {
    model: s.model,
    dim: s.dimensions,
    window: s.window,
    negative: s.negative,
    epochs,
    ...(s.threads > 0 ? { threads: s.threads } : {}),
  };
}

/** "Python 52k, prose 20k, code blocks 3k tokens": the languages and parts, largest first. */
function learnedSummary(r: LearnedFrom): string {
  const items: [string, number][] = r.languages.map((l) => [l.label, partTotal(l.tokens)]);
  if (r.prose.tokens) items.push(['prose', r.prose.tokens]);
  if (partTotal(r.docBlocks.tokens)) items.push(['code blocks in docs', partTotal(r.docBlocks.tokens)]);
  return items.sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${formatCount(n)}`).join(', ') + ' tokens';
}

function emptyReport(): CollectReport {
  return { files: 0, bytes: 0, candidates: 0, maxFileSizeKB: 0, folders: 0, skipped: emptySkipCounts() };
}
