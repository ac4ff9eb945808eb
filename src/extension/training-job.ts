import * as vscode from 'vscode';

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

export interface TrainingJob<R> {
  readonly done: Promise<R>;
  readonly abort: AbortController;
}

/**
 * Runs a training job under one cancellable progress notification, with the `embeddingLens.training`
 * context key set meanwhile (it shows the Cancel command). Cancelling the notification aborts the signal.
 * `done` never rejects: a thrown error becomes `failed(message)`. The caller may pass the controller, so that a
 * cancel issued from inside `work` (whose first steps run synchronously) already finds it.
 */
export function startTrainingJob<R>(title: string, work: (progress: Progress, signal: AbortSignal) => Promise<R>, failed: (message: string) => R,
  abort = new AbortController()): TrainingJob<R> {
  void vscode.commands.executeCommand('setContext', 'embeddingLens.training', true);
  const done = Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const sub = token.onCancellationRequested(() => abort.abort());
      return work(progress, abort.signal).finally(() => sub.dispose());
    }),
  )
    .then((report) => report, (e: unknown) => failed(e instanceof Error ? e.message : String(e)))
    .finally(() => void vscode.commands.executeCommand('setContext', 'embeddingLens.training', false));
  return { done, abort };
}
