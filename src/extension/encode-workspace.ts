// Reads the workspace's text files and encodes them once: the first step of both training and compare.
// The host thread only lists the files (and, outside file: workspaces, reads their bytes through
// vscode.workspace.fs); decoding, parsing and tokenizing happen in the corpus worker (src/engine/corpus-worker.ts),
// whose encoded corpus comes back on a SharedArrayBuffer without a copy.
import * as vscode from 'vscode';
import { resolveEpochs } from '../core/auto-params';
import type { EncodedCorpus } from '../core/corpus';
import type { Vocabulary } from '../core/vocab';
import { CorpusCancelledError, CorpusWorkerClient } from '../engine/corpus-client';
import type { Settings } from './settings';
import { CollectCancelledError, emptyCorpusMessage, selectWorkspaceFiles, type CollectOptions, type CollectReport } from './workspace-corpus';

export const MIN_TOKENS = 1000;
export const MIN_VOCAB = 10;

export type EncodedWorkspace =
  | { outcome: 'encoded'; collect: CollectReport; vocab: Vocabulary; corpus: EncodedCorpus; minCount: number; epochs: number }
  | { outcome: 'cancelled' }
  | { outcome: 'empty'; collect: CollectReport; tokens?: number; message: string };

export async function encodeWorkspace(
  settings: Settings,
  progress: vscode.Progress<{ message?: string }>,
  signal: AbortSignal,
  options: Pick<CollectOptions, 'roots' | 'include'> = {},
): Promise<EncodedWorkspace> {
  progress.report({ message: 'Finding files…' });
  const tokenSource = new vscode.CancellationTokenSource();
  const onAbort = (): void => tokenSource.cancel();
  signal.addEventListener('abort', onAbort);
  let selected: Awaited<ReturnType<typeof selectWorkspaceFiles>>;
  try {
    selected = await selectWorkspaceFiles({ ...options, token: tokenSource.token });
  } catch (e) {
    if (e instanceof CollectCancelledError || signal.aborted) return { outcome: 'cancelled' };
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    tokenSource.dispose();
  }
  const { jobs, report: collect } = selected;
  if (signal.aborted) return { outcome: 'cancelled' };

  const total = jobs.length;
  const client = new CorpusWorkerClient(
    { tokenizer: { lowercase: settings.lowercase }, code: settings.code },
    { signal, background: true, onProgress: (done) => progress.report({ message: `Reading files ${done}/${total}…` }) },
  );
  let result;
  try {
    progress.report({ message: `Reading files 0/${total}…` });
    let posted = 0;
    for (const job of jobs) {
      if (signal.aborted) throw new CorpusCancelledError();
      if (job.readUri.scheme === 'file') {
        client.addPath(job.rel, job.readUri.fsPath, job.maxBytes);
        // posting is cheap, but tens of thousands of posts in one go would still hold the thread
        if (++posted % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      // Not on this machine's disk (a virtual or remote workspace): read here, decode in the worker.
      try {
        const stat = await vscode.workspace.fs.stat(job.readUri);
        if (stat.size > job.maxBytes) { collect.skipped.tooLarge++; continue; }
        await client.addBytes(job.rel, await vscode.workspace.fs.readFile(job.readUri), job.maxBytes);
      } catch (e) {
        if (e instanceof CorpusCancelledError || signal.aborted) throw e;
        collect.skipped.unreadable++;
      }
    }
    result = await client.finish(settings.minCount);
  } catch (e) {
    client.terminate();
    if (e instanceof CorpusCancelledError || signal.aborted) return { outcome: 'cancelled' };
    throw e;
  }
  if (signal.aborted) return { outcome: 'cancelled' };

  const { files, learned } = result;
  collect.files = files.files;
  collect.bytes = files.bytes;
  collect.skipped.tooLarge += files.tooLarge;
  collect.skipped.unreadable += files.unreadable;
  const workerOnly: Record<string, number> = {};
  for (const [reason, n] of Object.entries(learned.skipped)) {
    if (reason in collect.skipped) collect.skipped[reason as keyof CollectReport['skipped']] += n;
    else workerOnly[reason] = n; // parseFailed
  }
  learned.skipped = { ...Object.fromEntries(Object.entries(collect.skipped).filter(([, n]) => n > 0)), ...workerOnly };
  collect.learnedFrom = learned;

  if (collect.files === 0) return { outcome: 'empty', collect, message: emptyCorpusMessage(collect, 'no-files') };
  const seen = result.tokensSeen;
  if (seen < MIN_TOKENS) {
    return { outcome: 'empty', collect, tokens: seen, message: emptyCorpusMessage(collect, 'too-few-tokens', `${seen} words in ${collect.files} files; at least ${MIN_TOKENS} are needed`) };
  }
  const { vocab, corpus, minCount } = result;
  if (vocab.size < MIN_VOCAB) {
    return { outcome: 'empty', collect, tokens: seen, message: emptyCorpusMessage(collect, 'tiny-vocab', `${vocab.size} words occur at least ${minCount} times; at least ${MIN_VOCAB} are needed`) };
  }
  return { outcome: 'encoded', collect, vocab, corpus, minCount, epochs: resolveEpochs(settings.epochs, corpus.tokens) };
}
