// The one training pipeline of the extension: Train and Compare are two jobs for it. It holds the only
// "training" lock, owns one cancellable progress notification (overall percent, which run of how many, words/s,
// ETA), reads and encodes the workspace once, runs the job's plan on the engine and lets the job save.
// A job saves all it produced through ModelService.addGroup (all or nothing) or, cancelled or failed, nothing.
import * as vscode from 'vscode';
import type { Worker } from 'node:worker_threads';
import { formatCount, formatDuration } from '../core/format';
import { modelLabel } from '../core/model-kinds';
import { plainNotificationText } from '../core/notification-text';
import type { EncodedCorpus } from '../core/corpus';
import type { TrainingPlan } from '../engine/plan';
import { runPlan, TrainingLock, type PlanHooks, type PlanProgress, type RunOutcome } from '../engine/plan-runner';
import { TrainingCancelledError, type TrainProgress } from '../engine/train';
import { encodeWorkspace, type EncodedWorkspace } from './encode-workspace';
import type { ModelService, TrainingState } from './model-service';
import { readSettings, type Settings } from './settings';
import { emptyCorpusMessage, emptySkipCounts, type CollectReport } from './workspace-corpus';

export type Outcome = 'success' | 'cancelled' | 'failed' | 'empty' | 'busy';
export interface JobReport { outcome: Outcome; message: string }

type Progress = vscode.Progress<{ message?: string; increment?: number }>;
export type Encoded = Extract<EncodedWorkspace, { outcome: 'encoded' }>;

/** What a job's execute() is given. */
export interface JobContext {
  settings: Settings;
  encoded: Encoded;
  signal: AbortSignal;
  /**
   * Runs a plan under the notification, on the encoded workspace or on `corpus` (the compare's training part);
   * its progress fills `range` of the bar (default: the first 95 %).
   */
  train(plan: TrainingPlan, options?: { extend?: PlanHooks['extend']; range?: [number, number]; corpus?: EncodedCorpus }): Promise<RunOutcome[]>;
  /** a step after training ('Aligning…', 'Saving…'), shown in the notification and the views */
  step(message: string, phase: TrainingState['phase']): void;
}

export interface TrainingJob<R extends JobReport> {
  /** names the holder in the "already running" message: "Train", "Compare" */
  name: string;
  title: string;
  execute(ctx: JobContext): Promise<R>;
  /** a report for an outcome the runner decides (busy, cancelled, empty, failed) */
  report(outcome: Exclude<Outcome, 'success'>, message: string, collect?: CollectReport): R;
  /** what a cancelled run says (the default: the previous model is unchanged) */
  cancelledMessage?: string;
}

export class TrainingRunner implements vscode.Disposable {
  readonly lock = new TrainingLock();
  private abort: AbortController | undefined;
  private current: { run: number; runs: number } | undefined;
  /** For monitoring and fault-injection tests: the engine's workers and progress reports of every run. */
  readonly hooks: { onWorkers?: (workers: readonly Worker[]) => void; onProgress?: (p: TrainProgress) => void } = {};

  constructor(private readonly models: ModelService, private readonly log?: vscode.LogOutputChannel) {}

  get isRunning(): boolean {
    return this.lock.busy !== undefined;
  }

  /** What is running, for messages: "Compare (run 3 of 6)". */
  describe(): string | undefined {
    const busy = this.lock.busy;
    if (!busy) return undefined;
    return this.current ? `${busy} (run ${this.current.run + 1} of ${this.current.runs})` : busy;
  }

  /** Runs a job; resolves with its report (never rejects). */
  start<R extends JobReport>(job: TrainingJob<R>): Promise<R> {
    const busy = this.describe();
    const release = this.lock.acquire(job.name);
    if (!release) {
      const message = `Embedding Lens is already running ${busy}. Wait for it to finish, or stop it with "Embedding Lens: Cancel Training".`;
      void vscode.window.showInformationMessage(message);
      return Promise.resolve(job.report('busy', message));
    }
    // Created before the job starts: its first steps run synchronously, and a cancel issued there must find it.
    const abort = new AbortController();
    this.abort = abort;
    void vscode.commands.executeCommand('setContext', 'embeddingLens.training', true);
    const done = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: job.title, cancellable: true },
      (progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        return this.execute(job, progress, abort.signal).finally(() => sub.dispose());
      },
    )).then(
      (r) => r,
      (e: unknown) => job.report('failed', `Embedding Lens: ${job.name.toLowerCase()} failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    return done.then((report) => {
      release();
      this.abort = undefined;
      this.current = undefined;
      this.models.setTrainingState({ running: false });
      void vscode.commands.executeCommand('setContext', 'embeddingLens.training', false);
      this.log?.info(`${job.name.toLowerCase()}: ${report.outcome}: ${report.message}`);
      return report;
    });
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

  private async execute<R extends JobReport>(job: TrainingJob<R>, progress: Progress, signal: AbortSignal): Promise<R> {
    const settings = readSettings();
    const cancelled = () => job.report('cancelled', job.cancelledMessage ?? `Embedding Lens: ${job.name.toLowerCase()} cancelled. The previous model is unchanged.`);
    if ((vscode.workspace.workspaceFolders ?? []).length === 0) return job.report('empty', emptyCorpusMessage(emptyReport(), 'no-folder'));

    this.models.setTrainingState({ running: true, fraction: 0, phase: 'reading' });
    const encoded = await encodeWorkspace(settings, progress, signal);
    if (encoded.outcome === 'cancelled' || signal.aborted) return cancelled();
    if (encoded.outcome === 'empty') return job.report('empty', encoded.message, encoded.collect);

    let reported = 0;
    let trainStarted: number | undefined;
    const advance = (fraction: number) => {
      const percent = Math.floor(Math.min(1, fraction) * 100);
      if (percent > reported) { progress.report({ increment: percent - reported }); reported = percent; }
    };
    const ctx: JobContext = {
      settings, encoded, signal,
      train: async (plan, options = {}) => {
        const [from, to] = options.range ?? [0, 0.95];
        let last = 0;
        this.models.setTrainingState({ running: true, fraction: from, phase: 'training' });
        const onProgress = (p: PlanProgress): void => {
          this.hooks.onProgress?.(p.engine);
          this.current = { run: p.run, runs: p.runs };
          const overall = from + p.fraction * (to - from);
          advance(overall);
          const now = Date.now();
          if (now - last >= 250 || p.runFraction >= 1) {
            last = now;
            const run = p.runs > 1 ? `run ${p.run + 1}/${p.runs} · ` : '';
            // across several plans (a compare), the ETA of the whole from its progress so far
            const elapsed = (now - (trainStarted ??= now)) / 1000;
            const etaSeconds = options.range ? (overall > 0.01 ? (elapsed * (1 - overall)) / overall : Number.POSITIVE_INFINITY) : p.etaSeconds;
            const eta = ` · ETA ${formatDuration(etaSeconds)}`;
            progress.report({ message: `${run}${modelLabel(p.current.model)} seed ${p.current.seed} · ${Math.floor(overall * 100)}% · epoch ${p.epoch}/${p.current.epochs} · ${formatCount(Math.round(p.wordsPerSecond))} words/s${eta}` });
            this.models.setTrainingState({ running: true, fraction: overall, phase: 'training' });
          }
        };
        return runPlan(plan, options.corpus ?? encoded.corpus, encoded.vocab, {
          signal, onProgress, onWorkers: (w) => this.hooks.onWorkers?.(w), background: true, extend: options.extend,
        });
      },
      step: (message, phase) => {
        progress.report({ message });
        this.models.setTrainingState({ running: true, fraction: 1, phase });
      },
    };
    try {
      const report = await job.execute(ctx);
      advance(1);
      return signal.aborted && report.outcome !== 'success' ? cancelled() : report;
    } catch (e) {
      if (e instanceof TrainingCancelledError || signal.aborted) return cancelled();
      throw e;
    }
  }

  dispose(): void {
    this.abort?.abort();
  }
}

/** A notification for a job's report. Messages can quote file names and errors from the workspace: never links. */
export function tellReport(r: JobReport, action?: { label: string; run: () => void }): void {
  const text = plainNotificationText(r.message);
  if (r.outcome === 'success') {
    void (action ? vscode.window.showInformationMessage(text, action.label) : vscode.window.showInformationMessage(text)).then((pick) => {
      if (pick && action) action.run();
    });
  } else if (r.outcome === 'cancelled') void vscode.window.showWarningMessage(text);
  else if (r.outcome === 'failed' || r.outcome === 'empty') void vscode.window.showErrorMessage(text);
}

export function emptyReport(): CollectReport {
  return { files: 0, bytes: 0, candidates: 0, maxFileSizeKB: 0, folders: 0, skipped: emptySkipCounts() };
}
